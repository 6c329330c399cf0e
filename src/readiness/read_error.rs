//! Why an assessment could not be read, in the admin's words: the field (as a path like
//! `schedule.plannedStart`), what to write there, and the line of the JSON file — never
//! serde's wording alone ("a character literal was not valid at line 33 column 38").

use serde_json::error::Category;

/// The message for a `serde_json` error met while reading `text`.
pub fn message(text: &str, error: &serde_json::Error) -> String {
    let line = error.line();
    let detail = strip_position(&error.to_string());
    match error.classify() {
        Category::Io | Category::Eof => format!(
            "the file ends too early (line {line}): a closing }} or ], or a quote, is missing"
        ),
        Category::Syntax => format!(
            "line {line}, column {}: this is not valid JSON ({detail}); check for a missing comma, quote or brace just before it",
            error.column()
        ),
        Category::Data => {
            let path = path_at(text, line, error.column());
            let what = in_words(&detail);
            if path.is_empty() {
                format!("{what} (line {line})")
            } else {
                format!("{path}: {what} (line {line})")
            }
        }
    }
}

/// serde_json's message without its " at line L column C" tail.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// What to write, for serde's data errors; messages of our own (dates, offsets) are
/// already in the admin's words and kept.
fn in_words(detail: &str) -> String {
    if let Some(rest) = detail.strip_prefix("unknown field ") {
        let (name, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let fields = expected
            .trim_start_matches(" one of ")
            .trim()
            .replace('`', "");
        let name = name.trim_matches('`');
        return if fields.is_empty() {
            format!("\"{name}\" is not a field of the assessment; check its spelling")
        } else {
            format!(
                "\"{name}\" is not a field of the assessment; check its spelling (the fields here are {fields})"
            )
        };
    }
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let choices = expected
            .trim_start_matches(" one of ")
            .trim()
            .replace('`', "");
        return format!(
            "{} is not one of the answers; write one of {choices}",
            value.replace('`', "\"")
        );
    }
    let expected = detail.split_once(", expected ").map(|(_, e)| e);
    if detail.starts_with("invalid type") || detail.starts_with("invalid value") {
        let write = match expected.unwrap_or("") {
            e if e.starts_with("u32") || e.starts_with("u64") => {
                "write a whole number, like 3600, without quotes".to_string()
            }
            e if e.contains("sequence") => {
                "write a list in brackets, like [\"contoso.com\", \"fabrikam.com\"]".to_string()
            }
            e if e.contains("string") => "write text in quotes, or null".to_string(),
            e if e.contains("struct") || e.contains("map") => {
                "write a group of fields in braces { … }".to_string()
            }
            e => format!("write {e}"),
        };
        let found = detail
            .split_once(':')
            .map(|(_, f)| f)
            .and_then(|f| f.split_once(", expected"))
            .map(|(f, _)| f.trim().replace('`', "\""))
            .unwrap_or_default();
        return if found.is_empty() {
            write
        } else {
            format!("{write} (found {found})")
        };
    }
    detail.to_string()
}

/// The path of the field at 1-based `line` and `column` of the JSON `text`:
/// `schedule.plannedStart`, `tenant.verifiedDomains[2]`; empty at the top level.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut end = (start + column).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut frames: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut chars = text[..end].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        c => s.push(c),
                    }
                }
                if expect_key {
                    if let Some(Frame::Object(key)) = frames.last_mut() {
                        *key = Some(s);
                    }
                    expect_key = false;
                }
            }
            '{' => {
                frames.push(Frame::Object(None));
                expect_key = true;
            }
            '[' => frames.push(Frame::Array(0)),
            '}' | ']' => {
                frames.pop();
            }
            ',' => match frames.last_mut() {
                Some(Frame::Array(i)) => *i += 1,
                Some(Frame::Object(_)) => expect_key = true,
                None => {}
            },
            _ => {}
        }
    }
    let mut path = String::new();
    for frame in &frames {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(i) => path.push_str(&format!("[{}]", i + 1)),
        }
    }
    path
}

/// A container the scan is inside: an object with the last key read, or an array with
/// the index of the current element.
enum Frame {
    Object(Option<String>),
    Array(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_field_at_a_position() {
        let text = "{\n  \"schedule\": {\n    \"plannedStart\": \"x\"\n  },\n  \"tenant\": {\"verifiedDomains\": [\"a\", 5]}\n}";
        assert_eq!(path_at(text, 3, 25), "schedule.plannedStart");
        assert_eq!(path_at(text, 5, 39), "tenant.verifiedDomains[2]");
        assert_eq!(path_at(text, 1, 1), "");
        // Past the end or inside a multi-byte character: no panic.
        assert_eq!(path_at("{\"é\":", 1, 3), "");
        let _ = path_at(text, 99, 99);
    }
}

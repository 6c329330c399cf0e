//! Zone-file text cut into entries: one directive or one record each, with the line it
//! starts on, its tokens, and a reason for each entry that cannot be cut.
//!
//! This is the master-file syntax of RFC 1035 §5.1 as BIND and Windows DNS write it:
//! `;` starts a comment, `( … )` continues a record over several lines (Windows writes
//! `TXT ( "v=spf1 mx -all" )` and its SOA that way), `"…"` quotes text, `\` escapes the
//! next character, and a line that starts with a space or tab belongs to the owner of the
//! record above. Each character is looked at once, so the work is linear in the text.
//! Line numbers are 1-based, as editors show them.

/// One token: a word, or the inside of a quoted text (escapes kept as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The text as written, without the quotes.
    pub text: String,
    /// Whether it was in double quotes.
    pub quoted: bool,
}

impl Token {
    /// The token as zone-file text again: quoted if it was.
    pub fn written(&self) -> String {
        if self.quoted {
            format!("\"{}\"", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// One entry of the zone file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    /// `$ORIGIN`, `$TTL`, `$INCLUDE`…: the name in upper case and its arguments.
    Directive {
        /// The line it is on.
        line: usize,
        /// `$ORIGIN`, `$TTL`…
        name: String,
        /// The words after it.
        args: Vec<Token>,
    },
    /// A record: its owner (absent when the line starts with a space: the owner of the
    /// record above) and the rest of its tokens, parentheses left out.
    Record {
        /// The line it starts on.
        line: usize,
        /// The owner as written, if the line names one.
        owner: Option<Token>,
        /// TTL, class, type and data.
        tokens: Vec<Token>,
    },
    /// Text that cannot be cut into a record.
    Bad {
        /// The line it starts on.
        line: usize,
        /// Why, in the admin's words.
        why: String,
    },
}

/// Whether a line that starts like this, at its first column, begins a new record: a
/// parenthesis never closed is cut there instead of swallowing the rest of the file.
fn starts_a_record(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '@' | '$' | '_' | '*')
}

/// Cuts the text into entries, in order.
pub(crate) fn entries(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut cut = Cutter::default();
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if cut.depth > 0 && line.chars().next().is_some_and(starts_a_record) {
            out.push(Entry::Bad {
                line: cut.start,
                why: "it opens a parenthesis \"(\" that is not closed before the next record; add the \")\" where the record ends".into(),
            });
            cut = Cutter::default();
        }
        if cut.depth == 0 {
            cut.start = number;
            cut.indented = line.starts_with([' ', '\t']);
        }
        if let Err(why) = cut.line(line) {
            out.push(Entry::Bad {
                line: cut.start,
                why: why.into(),
            });
            cut = Cutter::default();
            continue;
        }
        if cut.depth == 0 {
            if let Some(entry) = cut.take() {
                out.push(entry);
            }
        }
    }
    if cut.depth > 0 {
        out.push(Entry::Bad {
            line: cut.start,
            why: "it opens a parenthesis \"(\" that is never closed; add the \")\" where the record ends".into(),
        });
    }
    out
}

/// The state while one entry is read.
#[derive(Default)]
struct Cutter {
    start: usize,
    indented: bool,
    depth: usize,
    tokens: Vec<Token>,
}

impl Cutter {
    /// Reads one line into the tokens.
    fn line(&mut self, line: &str) -> Result<(), &'static str> {
        let mut chars = line.chars().peekable();
        let mut word: Option<String> = None;
        let end_word = |word: &mut Option<String>, tokens: &mut Vec<Token>| {
            if let Some(text) = word.take() {
                tokens.push(Token {
                    text,
                    quoted: false,
                });
            }
        };
        while let Some(c) = chars.next() {
            match c {
                ';' => break,
                ' ' | '\t' | '\r' => end_word(&mut word, &mut self.tokens),
                '(' => {
                    end_word(&mut word, &mut self.tokens);
                    self.depth += 1;
                }
                ')' => {
                    end_word(&mut word, &mut self.tokens);
                    if self.depth == 0 {
                        return Err(
                            "it closes a parenthesis \")\" that was never opened; delete it or add the \"(\"",
                        );
                    }
                    self.depth -= 1;
                }
                '"' => {
                    end_word(&mut word, &mut self.tokens);
                    let mut text = String::new();
                    loop {
                        match chars.next() {
                            Some('"') => break,
                            Some('\\') => {
                                text.push('\\');
                                if let Some(next) = chars.next() {
                                    text.push(next);
                                }
                            }
                            Some(other) => text.push(other),
                            None => {
                                return Err(
                                    "a quoted text is not closed on its line (a double quote \" is missing)",
                                );
                            }
                        }
                    }
                    self.tokens.push(Token { text, quoted: true });
                }
                '\\' => {
                    let w = word.get_or_insert_with(String::new);
                    w.push('\\');
                    if let Some(next) = chars.next() {
                        w.push(next);
                    }
                }
                other => word.get_or_insert_with(String::new).push(other),
            }
        }
        end_word(&mut word, &mut self.tokens);
        Ok(())
    }

    /// The entry read, if the lines held anything but blanks and comments.
    fn take(&mut self) -> Option<Entry> {
        let mut tokens = std::mem::take(&mut self.tokens);
        if tokens.is_empty() {
            return None;
        }
        let line = self.start;
        if !self.indented && !tokens[0].quoted && tokens[0].text.starts_with('$') {
            let name = tokens.remove(0).text.to_ascii_uppercase();
            return Some(Entry::Directive {
                line,
                name,
                args: tokens,
            });
        }
        let owner = (!self.indented).then(|| tokens.remove(0));
        Some(Entry::Record {
            line,
            owner,
            tokens,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(entry: &Entry) -> Vec<String> {
        match entry {
            Entry::Record { owner, tokens, .. } => {
                owner.iter().chain(tokens).map(Token::written).collect()
            }
            Entry::Directive { name, args, .. } => std::iter::once(name.clone())
                .chain(args.iter().map(Token::written))
                .collect(),
            Entry::Bad { why, .. } => vec![why.clone()],
        }
    }

    #[test]
    fn parentheses_span_lines_and_comments_are_dropped() {
        let text = "; head\r\n@ IN SOA a. b. (\r\n 1 ; serial\r\n 2 3 4 5 )\r\n\tTXT ( \"v=spf1 mx -all\" )\r\n$ttl 60\n";
        let got = entries(text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(matches!(got[0], Entry::Record { line: 2, .. }));
        assert_eq!(
            words(&got[0]),
            ["@", "IN", "SOA", "a.", "b.", "1", "2", "3", "4", "5"]
        );
        assert!(matches!(
            &got[1],
            Entry::Record {
                line: 5,
                owner: None,
                ..
            }
        ));
        assert_eq!(words(&got[1]), ["TXT", "\"v=spf1 mx -all\""]);
        assert!(matches!(&got[2], Entry::Directive { line: 6, name, .. } if name == "$TTL"));
    }

    #[test]
    fn escapes_and_semicolons_in_quotes_stay() {
        let got = entries("a TXT \"x;y\\\"z\" b\\;c\n");
        assert_eq!(words(&got[0]), ["a", "TXT", "\"x;y\\\"z\"", "b\\;c"]);
    }

    #[test]
    fn broken_lines_are_found_and_the_rest_is_read() {
        let got = entries(
            "a TXT \"open\nb A 192.0.2.1\nc TXT ( \"x\"\nd A 192.0.2.2\ne )\nf A 192.0.2.3\ng TXT (\n",
        );
        let bad: Vec<usize> = got
            .iter()
            .filter_map(|e| match e {
                Entry::Bad { line, .. } => Some(*line),
                _ => None,
            })
            .collect();
        assert_eq!(bad, [1, 3, 5, 7], "{got:?}");
        let good = got
            .iter()
            .filter(|e| matches!(e, Entry::Record { .. }))
            .count();
        assert_eq!(good, 3, "{got:?}");
    }
}

//! PowerShell as its tokenizer reads it, for the runbook tests: the code with every
//! string literal and comment taken out, and the literals' values; hostile values.

#![allow(dead_code)]
/// Values that would break out of a naive script: a quote ending the string (every kind
/// PowerShell reads as one), subexpressions, backticks, comment ends, and characters
/// whose UTF-8 bytes read as quotes in the ANSI code page that Windows PowerShell 5.1
/// uses for a file without a byte-order mark (`Ñ` is C3 91: `Ã‘`; `Ò` C3 92; `Œ` C5 92;
/// `Ó` C3 93, which reads as the double quote `“`).
pub const HOSTILE: &[&str] = &[
    "pilarp@contoso.com\u{d1}; Start-Process calc.exe; \u{d1}",
    "Migraci\u{f3}n ESPA\u{d1}A",
    "'; Remove-Item C:\\ -Recurse #",
    "$(Remove-Item C:\\ -Recurse)",
    "`$x` \"$(calc)\"",
    "\u{2018}; Stop-Computer; \u{2018}",
    "\u{2019}; Stop-Computer; \u{2019}",
    "\u{201A}; Stop-Computer; \u{201A}",
    "\u{201B}; Stop-Computer; \u{201B}",
    "\u{201C}; Stop-Computer; \u{201D}\u{201E}",
    "a''b'''",
    "#> <# '@ @' x #> Start-Process calc.exe <#",
    "\u{152}\u{d2}\u{d1}\u{d3} Start-Process calc.exe",
    "\u{1F600}'; Start-Process calc.exe; '\u{1F389}",
];

/// Characters PowerShell reads as a single quote.
pub fn single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Characters PowerShell reads as a double quote.
pub fn double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// A script as PowerShell's tokenizer reads it: the code with every string literal
/// replaced by `'S'` and every comment by a space (the skeleton), and the literals'
/// values in order. A literal is a single-quoted string (any kind of single quote opens
/// and closes it; a doubled one is a quote inside it) or a parenthesised concatenation
/// of such strings and `[char]0xHHHH` codes, as the scripts write non-ASCII text.
/// Double-quoted strings stay in the skeleton as written (they expand `$`, so a value in
/// one would be code). `#` at the start of a token starts a line comment, `<#` a block
/// comment.
pub struct Tokens {
    pub skeleton: String,
    pub strings: Vec<String>,
}

pub fn tokenise(script: &str) -> Result<Tokens, String> {
    let chars: Vec<char> = script.chars().collect();
    let mut t = Tokens {
        skeleton: String::new(),
        strings: Vec::new(),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let token_start = i == 0 || chars[i - 1].is_whitespace() || "(){};|".contains(chars[i - 1]);
        if c == '(' {
            if let Some((value, next)) = concatenation(&chars, i) {
                t.strings.push(value);
                t.skeleton.push_str("'S'");
                i = next;
                continue;
            }
        }
        if single_quote(c) {
            let (value, next) =
                single_quoted(&chars, i).ok_or("unterminated single-quoted string")?;
            t.strings.push(value);
            t.skeleton.push_str("'S'");
            i = next;
        } else if double_quote(c) {
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    None => return Err("unterminated double-quoted string".into()),
                    Some('`') => j += 2,
                    Some(q) if double_quote(*q) => {
                        if chars.get(j + 1).is_some_and(|n| double_quote(*n)) {
                            j += 2;
                        } else {
                            break;
                        }
                    }
                    Some(_) => j += 1,
                }
            }
            t.skeleton.extend(&chars[i..=j]);
            i = j + 1;
        } else if token_start && c == '<' && chars.get(i + 1) == Some(&'#') {
            let end = (i + 2..chars.len().saturating_sub(1))
                .find(|&j| chars[j] == '#' && chars[j + 1] == '>')
                .ok_or("unterminated block comment")?;
            t.skeleton.push(' ');
            i = end + 2;
        } else if token_start && c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            t.skeleton.push(' ');
        } else {
            t.skeleton.push(c);
            i += 1;
        }
    }
    Ok(t)
}

/// The single-quoted string starting at `i`: its value and the index after it.
fn single_quoted(chars: &[char], i: usize) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut j = i + 1;
    loop {
        let c = *chars.get(j)?;
        if !single_quote(c) {
            value.push(c);
            j += 1;
        } else if chars.get(j + 1).is_some_and(|n| single_quote(*n)) {
            value.push(c);
            j += 2;
        } else {
            return Some((value, j + 1));
        }
    }
}

/// `('abc' + [char]0x00F3 + 'def')` starting at `i`: its value and the index after it.
fn concatenation(chars: &[char], i: usize) -> Option<(String, usize)> {
    let mut units: Vec<u16> = Vec::new();
    let mut j = i + 1;
    loop {
        if single_quote(*chars.get(j)?) {
            let (value, next) = single_quoted(chars, j)?;
            units.extend(value.encode_utf16());
            j = next;
        } else {
            let code: String = chars.get(j..j + 12)?.iter().collect();
            let hex = code.strip_prefix("[char]0x")?;
            units.push(u16::from_str_radix(hex, 16).ok()?);
            j += 12;
        }
        match chars.get(j..j + 3) {
            Some([')', ..]) => return Some((String::from_utf16(&units).ok()?, j + 1)),
            Some([' ', '+', ' ']) => j += 3,
            _ if chars.get(j) == Some(&')') => {
                return Some((String::from_utf16(&units).ok()?, j + 1));
            }
            _ => return None,
        }
    }
}

/// The script as Windows PowerShell 5.1 reads a file without a byte-order mark (the
/// ANSI code page, Windows-1252 on Western systems), and as PowerShell 7 reads it.
pub fn readings(script: &str) -> [(&'static str, String); 2] {
    use yore::code_pages::CP1252;
    let bytes = script.as_bytes();
    [
        ("Windows-1252", CP1252.decode(bytes).into_owned()),
        ("UTF-8", String::from_utf8(bytes.to_vec()).unwrap()),
    ]
}

/// The `$batches` table of a runbook: (batch name, file name), as PowerShell reads the
/// literals.
pub fn batches(script: &str) -> Vec<(String, String)> {
    script
        .lines()
        .filter(|l| l.trim_start().starts_with("[pscustomobject]@{ Name = "))
        .map(|l| {
            let t = tokenise(l).unwrap();
            assert_eq!(
                t.skeleton.trim(),
                "[pscustomobject]@{ Name = 'S'; File = 'S' }",
                "{l}"
            );
            (t.strings[0].clone(), t.strings[1].clone())
        })
        .collect()
}

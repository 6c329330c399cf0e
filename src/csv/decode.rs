//! Bytes to text: recognise what the file is and decode it without ever failing.
//!
//! Accepted: UTF-8 with or without byte-order mark, and UTF-16 (little or big endian)
//! with a byte-order mark, as Excel's "Unicode Text" save writes it. Bytes that are not
//! valid UTF-8 are read as Windows-1252, the ANSI code page Excel's plain "CSV" save uses
//! in Western locales, and reported. Files that are not text at all (workbooks, PDFs,
//! images, anything with NUL bytes) are recognised and reported, never decoded.

use std::borrow::Cow;

use yore::code_pages::CP1252;

use crate::finding::{Finding, Rule, Severity};

/// CSV001: nothing to check.
pub static EMPTY: Rule = Rule {
    code: "CSV001",
    severity: Severity::Error,
    title: "The file is empty",
    help: "Export the mailbox list again: the file holds no text. The first line must be the header EmailAddress,Password,ForceChangePassword.",
};

/// CSV002: a workbook, PDF, image or other binary file.
pub static NOT_TEXT: Rule = Rule {
    code: "CSV002",
    severity: Severity::Error,
    title: "The file is not a CSV text file",
    help: "Open the file in its program and save or export it as \"CSV UTF-8 (Comma delimited) (*.csv)\"; in Excel: File > Save As > CSV UTF-8.",
};

/// CSV003: not UTF-8, most likely an ANSI save.
pub static LEGACY_ENCODING: Rule = Rule {
    code: "CSV003",
    severity: Severity::Error,
    title: "The file is not UTF-8 (most likely an ANSI / Windows-1252 save)",
    help: "In Excel use File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\" instead of \"CSV (Comma delimited)\"; in Notepad choose Encoding: UTF-8. The corrected CSV (the page offers it; on the command line the fix command writes it) is already converted.",
};

/// CSV004: UTF-16 text, which Exchange reads, noted for the record.
pub static UTF16: Rule = Rule {
    code: "CSV004",
    severity: Severity::Info,
    title: "The file is UTF-16 (Excel \"Unicode Text\")",
    help: "Exchange accepts Unicode files. Excel's \"Unicode Text\" save separates columns with tabs, which Exchange does not accept: save as \"CSV UTF-8\" instead.",
};

/// The rules of this module, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[&EMPTY, &NOT_TEXT, &LEGACY_ENCODING, &UTF16];

/// How the bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 little endian with a byte-order mark.
    Utf16Le,
    /// UTF-16 big endian with a byte-order mark.
    Utf16Be,
    /// Not valid UTF-8: read as Windows-1252.
    Windows1252,
}

/// Decoded text, ready for the CSV reader.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text, without any byte-order mark.
    pub text: Cow<'a, str>,
    /// The encoding it was read in.
    pub encoding: Encoding,
}

/// Decodes a file, or says in a finding why it cannot be checked at all.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Box<Finding>> {
    if let Some(kind) = binary_kind(bytes) {
        return Err(Box::new(
            NOT_TEXT.finding(format!("This looks like {kind}, not a CSV text file.")),
        ));
    }
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8_or_ansi(rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Decoded {
            text: Cow::Owned(utf16(rest, u16::from_le_bytes)),
            encoding: Encoding::Utf16Le,
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Decoded {
            text: Cow::Owned(utf16(rest, u16::from_be_bytes)),
            encoding: Encoding::Utf16Be,
        }
    } else if bytes.contains(&0) {
        return Err(Box::new(NOT_TEXT.finding(if looks_like_utf16_without_bom(bytes) {
            "The file holds NUL bytes between its letters: it looks like UTF-16 text saved without a byte-order mark.".to_string()
        } else {
            "The file holds NUL bytes, so it is a binary file, not a CSV text file.".to_string()
        })));
    } else {
        utf8_or_ansi(bytes)
    };
    if decoded
        .text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(Box::new(EMPTY.finding(if bytes.is_empty() {
            "The file is empty (0 bytes).".to_string()
        } else {
            "The file holds only blank lines or spaces.".to_string()
        })));
    }
    Ok(decoded)
}

fn utf8_or_ansi(bytes: &[u8]) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            encoding: Encoding::Utf8,
        },
        Err(_) => Decoded {
            text: CP1252.decode(bytes),
            encoding: Encoding::Windows1252,
        },
    }
}

/// UTF-16 text (after its byte-order mark); bad sequences and an odd last byte become
/// U+FFFD, as every Unicode decoder does.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

/// Names what a binary file looks like, from its first bytes.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            b"PK\x03\x04",
            "an Excel workbook (.xlsx) or another zip archive",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Excel workbook (.xls)",
        ),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"{\\rtf", "a Word or WordPad document (RTF)"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// UTF-16 without a BOM has a NUL in every other byte when the text is mostly ASCII.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    let nul_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let nul_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let half = sample.len() / 2;
    half > 0 && (nul_odd * 10 >= half * 9 || nul_even * 10 >= half * 9)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(bytes: &[u8]) -> &'static str {
        decode(bytes).err().map_or("ok", |f| f.code)
    }

    #[test]
    fn strips_utf8_bom() {
        let d = decode(b"\xEF\xBB\xBFEmailAddress\r\n").unwrap();
        assert_eq!(d.text, "EmailAddress\r\n");
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn reads_utf16_both_ways() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Ré\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Ré\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap().text, "Ré\n");
        assert_eq!(decode(&be).unwrap().encoding, Encoding::Utf16Be);
    }

    #[test]
    fn broken_utf16_becomes_replacement_characters() {
        // A lone high surrogate, then an odd trailing byte.
        let d = decode(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0, b'c']).unwrap();
        assert_eq!(d.text, "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn falls_back_to_windows_1252() {
        let d = decode(b"EmailAddress\nren\xe9@contoso.com\n").unwrap();
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert!(d.text.contains("rené@"));
        // The bytes Windows-1252 gives letters to that Latin-1 does not.
        assert_eq!(decode(b"\x80\x8a\x9f\xff").unwrap().text, "€ŠŸÿ");
    }

    #[test]
    fn recognises_binary_files() {
        assert_eq!(code(b"PK\x03\x04rest"), "CSV002");
        assert_eq!(code(b"%PDF-1.7"), "CSV002");
        assert_eq!(code(b"abc\0def"), "CSV002");
        let f = decode(b"E\0m\0a\0i\0l\0").unwrap_err();
        assert!(f.message.contains("UTF-16"), "{}", f.message);
    }

    #[test]
    fn empty_and_blank_files() {
        assert_eq!(code(b""), "CSV001");
        assert_eq!(code(b"\r\n\r\n  "), "CSV001");
        assert_eq!(code(b"\xEF\xBB\xBF"), "CSV001");
        assert_eq!(code(b"EmailAddress"), "ok");
    }
}

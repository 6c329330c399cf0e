//! Pseudonyms for reports shared outside the organisation.
//!
//! Every address becomes `user-0001@domain-01.example`, every domain `domain-01.example`
//! (also in its hyphenated form, as in `contoso-com.mail.protection.outlook.com`) and
//! every file name `file-01.csv`. The same address always gets the same alias within a
//! report (compared without regard to case), and aliases are numbered in the order
//! they first appear, so the same inputs give the same report.
//!
//! Rewriting a text costs time in proportion to its length, whatever the number of
//! known addresses and domains: names are looked up in hash tables, never searched for
//! one by one. Case is folded one character at a time (`İ`, the Kelvin sign and `ẞ`
//! change byte lengths when lower-cased), and text is only ever cut at positions found
//! in the text itself, so no cut falls inside a character.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Addresses longer than this (bytes) get an alias where they stand as one word, but
/// are not looked for whole inside longer text; no real address comes near it (the
/// SMTP limit is 254).
const MAX_ADDRESS: usize = 512;
/// Domains longer than this (bytes, case-folded) are not looked for in text; no real
/// domain comes near it (the DNS limit is 253).
const MAX_DOMAIN: usize = 255;

/// Hands out aliases and rewrites text with them.
///
/// The tables use the standard library's keyed hash: names from a CSV are chosen by
/// whoever wrote it, and a fixed hash (FxHash) lost its speed on 20,000 similar
/// domains (`domain1.contoso.com`, `domain2.contoso.com`, …).
#[derive(Debug, Default)]
pub struct Pseudonymiser {
    /// Folded address → alias.
    users: HashMap<String, String>,
    /// Folded domain → alias.
    domains: HashMap<String, String>,
    /// Folded domain with hyphens for dots (`contoso-com`) → hyphenated alias.
    hyphenated: HashMap<String, String>,
    /// The folded lengths (bytes) of the known domains.
    domain_lengths: HashSet<usize>,
    files: HashMap<String, String>,
    /// Known address shapes: for each length (bytes) of the part from the `@` on, the
    /// lengths of the part before it, longest first.
    shapes: BTreeMap<usize, Vec<usize>>,
    /// The folded parts from the `@` on of the known addresses: a cheap first test
    /// before the whole address is looked up.
    tails: HashSet<String>,
}

impl Pseudonymiser {
    /// A pseudonymiser with no aliases yet.
    pub fn new() -> Pseudonymiser {
        Pseudonymiser::default()
    }

    /// The alias of a domain, e.g. `domain-01.example`.
    pub fn domain(&mut self, domain: &str) -> String {
        let key = fold(domain.trim_end_matches('.'));
        if let Some(alias) = self.domains.get(&key) {
            return alias.clone();
        }
        let alias = format!("domain-{:02}.example", self.domains.len() + 1);
        self.domains.insert(key.clone(), alias.clone());
        if !key.is_empty() && key.len() <= MAX_DOMAIN {
            self.domain_lengths.insert(key.len());
            self.hyphenated
                .entry(key.replace('.', "-"))
                .or_insert_with(|| alias.replace('.', "-"));
        }
        alias
    }

    /// The alias of an address, e.g. `user-0001@domain-01.example`. Case and
    /// surrounding spaces do not make another address.
    pub fn address(&mut self, address: &str) -> String {
        let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
        if address.len() <= MAX_ADDRESS && local.len() < address.len() {
            let lengths = self.shapes.entry(domain.len() + 1).or_default();
            if let Err(at) = lengths.binary_search_by(|l| local.len().cmp(l)) {
                lengths.insert(at, local.len());
            }
            self.tails.insert(fold(&address[local.len()..]));
        }
        let key = address_key(address);
        if let Some(alias) = self.users.get(&key) {
            return alias.clone();
        }
        let domain = domain.trim();
        let alias = format!("user-{:04}@{}", self.users.len() + 1, self.domain(domain));
        self.users.insert(key, alias.clone());
        alias
    }

    /// Gives every address of a CSV file an alias, in row order, so that addresses are
    /// recognised exactly in messages even when they hold quotes or spaces. Reads only
    /// the EmailAddress column.
    pub fn addresses_from_csv(&mut self, bytes: &[u8]) {
        let Ok(decoded) = crate::csv::decode::decode(bytes) else {
            return;
        };
        let text = decoded.text.as_ref();
        let delimiter = crate::csv::dialect::detect_delimiter(text);
        let mut column: Option<usize> = None;
        let mut addresses: Vec<String> = Vec::new();
        crate::csv::table::read(text, delimiter, |line| {
            let crate::csv::table::Line::Record { record, .. } = line else {
                return;
            };
            let cell = |i: usize| record.get(i);
            // Excel's empty rows above the header (CSV217) are not the header.
            if column.is_none() && record.only_delimiters() {
                return;
            }
            let Some(at) = column else {
                let named = (0..record.len()).find(|i| {
                    cell(*i).is_some_and(|c| {
                        crate::csv::header::canonical(c) == Some(crate::csv::header::EMAIL)
                    })
                });
                // A file without a header starts with an address.
                let first = if named.is_none() && cell(0).is_some_and(|c| c.contains('@')) {
                    Some(0)
                } else {
                    None
                };
                column = named.or(first).or(Some(usize::MAX));
                if first.is_none() {
                    return;
                }
                addresses.extend(cell(0).map(str::to_string));
                return;
            };
            if let Some(value) = cell(at) {
                addresses.push(value.to_string());
            }
        });
        for address in addresses {
            for form in [address.as_str(), address.trim()] {
                if form.contains('@') {
                    self.address(form);
                }
            }
        }
    }

    /// The alias of a file name, e.g. `file-01.csv`.
    pub fn file(&mut self, name: &str) -> String {
        let count = self.files.len() + 1;
        self.files
            .entry(name.to_string())
            .or_insert_with(|| format!("file-{count:02}.csv"))
            .clone()
    }

    /// Rewrites a text: every known address, every other address-like word (a word
    /// with `@`) and every known domain by its alias.
    pub fn text(&mut self, text: &str) -> String {
        let ats: Vec<usize> = memchr::memchr_iter(b'@', text.as_bytes()).collect();
        // The longest known address around each `@`, and the next `@` that has one.
        let hits: Vec<Option<(usize, usize)>> =
            ats.iter().map(|&at| self.known_at(text, at)).collect();
        let mut next_hit = vec![usize::MAX; ats.len() + 1];
        for i in (0..ats.len()).rev() {
            next_hit[i] = if hits[i].is_some() {
                i
            } else {
                next_hit[i + 1]
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut word = Word::default();
        for (i, &at) in ats.iter().enumerate() {
            if at < copied {
                continue;
            }
            if let Some((start, end)) = hits[i].filter(|(start, _)| *start >= copied) {
                out.push_str(&self.replace_domains(&text[copied..start]));
                out.push_str(&self.address(&text[start..end]));
                copied = end;
                continue;
            }
            word.around(text, at, copied);
            let start = word.start.max(copied);
            let end = word.end_trimmed.max(start).max(at + 1);
            // A lone `@` ("before the @") is not an address.
            if start == at || end <= at + 1 {
                continue;
            }
            // A known address further on in the same word wins over the guess.
            let later = next_hit
                .get(i + 1)
                .and_then(|&j| Some((ats.get(j)?, hits[j]?)));
            if later.is_some_and(|(&at, (start, _))| at < end && start >= copied) {
                continue;
            }
            out.push_str(&self.replace_domains(&text[copied..start]));
            out.push_str(&self.address(&text[start..end]));
            copied = end;
        }
        out.push_str(&self.replace_domains(&text[copied..]));
        out
    }

    /// The longest known address around the `@` at `at`, as byte positions in `text`.
    fn known_at(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (&tail, locals) in self.shapes.iter().rev() {
            let end = at.checked_add(tail)?;
            let Some(found) = text.get(at..end) else {
                continue;
            };
            if !self.tails.contains(&fold(found)) {
                continue;
            }
            for &local in locals {
                let Some(start) = at.checked_sub(local) else {
                    continue;
                };
                if best.is_some_and(|(s, e)| e - s >= end - start) {
                    break;
                }
                let Some(candidate) = text.get(start..end) else {
                    continue;
                };
                if self.users.contains_key(&address_key(candidate)) {
                    best = Some((start, end));
                    break;
                }
            }
        }
        best
    }

    /// Replaces known domains, and their hyphenated forms, where they stand as names:
    /// a domain at the end of a dotted name (`mail.contoso.com`, a final dot allowed),
    /// a hyphenated form as one label (`contoso-com.mail.protection.outlook.com`).
    fn replace_domains(&self, text: &str) -> String {
        if self.domains.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((run_start, c)) = chars.next() {
            if !is_name_char(c) && c != '.' {
                continue;
            }
            let mut run_end = run_start + c.len_utf8();
            while let Some(&(i, c)) = chars.peek() {
                if !is_name_char(c) && c != '.' {
                    break;
                }
                run_end = i + c.len_utf8();
                chars.next();
            }
            out.push_str(&text[copied..run_start]);
            self.replace_in_name(&text[run_start..run_end], &mut out);
            copied = run_end;
        }
        out.push_str(&text[copied..]);
        out
    }

    /// Writes a dotted name (letters, digits, `-`, `_` and dots) to `out` with its
    /// known domain and hyphenated forms replaced.
    fn replace_in_name(&self, name: &str, out: &mut String) {
        let core = name.trim_end_matches('.');
        // Label starts, with the folded length of the name from each one to the end,
        // up to the longest a domain can be.
        let mut starts: Vec<(usize, usize)> = Vec::new();
        let mut folded = 0;
        for (i, c) in core.char_indices().rev() {
            if c == '.' {
                starts.push((i + 1, folded));
                folded += 1;
            } else {
                folded += c.to_lowercase().map(char::len_utf8).sum::<usize>();
            }
            if folded > MAX_DOMAIN {
                break;
            }
            if i == 0 {
                starts.push((0, folded));
            }
        }
        // The longest suffix that is a known domain.
        let domain_start = starts
            .iter()
            .rev()
            .filter(|(_, len)| self.domain_lengths.contains(len))
            .find(|(start, _)| self.domains.contains_key(&fold(&core[*start..])))
            .map(|(start, _)| *start);
        let prefix_end = domain_start.unwrap_or(name.len());
        let mut copied = 0;
        let mut label_start = 0;
        for (i, c) in name[..prefix_end].char_indices().chain([(prefix_end, '.')]) {
            if c != '.' {
                continue;
            }
            let label = &name[label_start..i];
            if !label.is_empty() && label.len() <= 3 * MAX_DOMAIN {
                if let Some(alias) = self.hyphenated.get(&fold(label)) {
                    out.push_str(&name[copied..label_start]);
                    out.push_str(alias);
                    copied = i;
                }
            }
            label_start = i + 1;
        }
        out.push_str(&name[copied..prefix_end]);
        if let Some(start) = domain_start {
            out.push_str(&self.domains[&fold(&core[start..])]);
            out.push_str(&name[core.len()..]);
        }
    }
}

/// Lower case, one character at a time (so `Σ` is always `σ`), for comparing names.
fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// The key an address is known by: without surrounding spaces, case-folded.
fn address_key(address: &str) -> String {
    fold(address.trim())
}

/// Characters that make up a name: a domain begins and ends next to none of them.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Characters that end an address-like word.
fn is_stop(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '"' | '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | ':' | '|'
        )
}

/// The address-like word around an `@`, remembered while the next `@` is in it, so
/// that a text is scanned about once however many `@` it holds.
#[derive(Debug, Default)]
struct Word {
    /// Just after the last stop character before the `@` (not before the floor given).
    start: usize,
    /// The first stop character after the `@`, or the end of the text.
    end: usize,
    /// `end` without the trailing dots.
    end_trimmed: usize,
}

impl Word {
    /// Finds the word around the `@` at `at`, looking back no further than `floor`.
    fn around(&mut self, text: &str, at: usize, floor: usize) {
        if at < self.end {
            return;
        }
        let from = floor.max(self.end);
        self.start = text[from..at]
            .char_indices()
            .rev()
            .find(|(_, c)| is_stop(*c))
            .map_or(from, |(i, c)| from + i + c.len_utf8());
        self.end = text[at..]
            .char_indices()
            .find(|(_, c)| is_stop(*c))
            .map_or(text.len(), |(i, _)| at + i);
        self.end_trimmed = at + text[at..self.end].trim_end_matches('.').len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_address_same_alias_case_insensitively() {
        let mut p = Pseudonymiser::new();
        let a = p.text("Row 3 repeats \"Pilar.P@Contoso.com\" from row 2.");
        let b = p.text("pilar.p@contoso.com and tobyn@contoso.com.");
        assert_eq!(
            a,
            "Row 3 repeats \"user-0001@domain-01.example\" from row 2."
        );
        assert_eq!(
            b,
            "user-0001@domain-01.example and user-0002@domain-01.example."
        );
    }

    #[test]
    fn domains_alone_and_hyphenated_are_replaced_but_not_inside_longer_names() {
        let mut p = Pseudonymiser::new();
        p.address("x@contoso.com");
        assert_eq!(
            p.text("MX of Contoso.com: contoso-com.mail.protection.outlook.com; mail.contoso.com"),
            "MX of domain-01.example: domain-01-example.mail.protection.outlook.com; mail.domain-01.example"
        );
        assert_eq!(
            p.text("notcontoso.com contoso.com.au"),
            "notcontoso.com contoso.com.au"
        );
    }

    #[test]
    fn addresses_from_the_csv_are_found_whole_even_with_quotes_and_bars() {
        let mut p = Pseudonymiser::new();
        p.addresses_from_csv(
            b"EmailAddress,Password\r\nb@contoso.com,secret\r\n\"a|b\"\"c d@fabrikam.com\",secret\r\n",
        );
        assert_eq!(
            p.text("x \"A|B\"c d@fabrikam.com\" y"),
            "x \"user-0002@domain-02.example\" y"
        );
        assert_eq!(p.text("B@contoso.com"), "user-0001@domain-01.example");
        // The password column is never read.
        assert_eq!(p.text("secret"), "secret");
        // Excel's empty rows above the header are not the header.
        let mut below = Pseudonymiser::new();
        below.addresses_from_csv(b";;\r\n\r\nEmailAddress;Password\r\ne@contoso.com;secret\r\n");
        assert_eq!(below.text("e@contoso.com"), "user-0001@domain-01.example");
        let mut headerless = Pseudonymiser::new();
        headerless.addresses_from_csv(b"first@contoso.com,x\nsecond@contoso.com,y\n");
        assert_eq!(
            headerless.text("second@contoso.com"),
            "user-0002@domain-01.example"
        );
    }

    #[test]
    fn markup_around_addresses_is_kept_and_files_are_numbered() {
        let mut p = Pseudonymiser::new();
        assert_eq!(
            p.text("<script>alert(1)</script>o'brien@contoso.com"),
            "<script>alert(1)</script>user-0001@domain-01.example"
        );
        assert_eq!(p.text("@ and x@ and @y"), "@ and x@ and @y");
        assert_eq!(p.file("contoso-batch1.csv"), "file-01.csv");
        assert_eq!(p.file("b.csv"), "file-02.csv");
        assert_eq!(p.file("contoso-batch1.csv"), "file-01.csv");
    }
    #[test]
    fn case_folding_that_changes_byte_lengths_never_cuts_a_character() {
        // `İ` grows and the Kelvin sign shrinks when lower-cased: the whole text keeps
        // its length, but positions in the lower-cased text fall inside `é` here.
        let mut p = Pseudonymiser::new();
        p.domain("contoso.com");
        assert_eq!(
            p.text("İİ contoso.com éé \u{212A}"),
            "İİ domain-01.example éé \u{212A}"
        );
        // Folded names match whatever their case: the Kelvin sign is a `k`, `İ` an `i`
        // with a combining dot.
        p.domain("\u{212A}elvin.example");
        assert_eq!(p.text("KELVIN.example"), "domain-02.example");
        p.address("İpek@contoso.com");
        assert_eq!(
            p.text("i\u{307}pek@CONTOSO.com and İPEK@contoso.com"),
            "user-0001@domain-01.example and user-0001@domain-01.example"
        );
        // Combining dots and other marks next to a domain or an `@` stay whole.
        let text = "\u{307}contoso.com\u{307} @\u{307} \u{307}@contoso.com ẞ@\u{212A}.";
        let out = p.text(text);
        assert!(!fold(&out).contains("contoso"), "{out}");
    }

    #[test]
    fn many_domains_and_at_signs_cost_time_in_proportion_to_the_text() {
        // Not a timing: the text is rewritten correctly with many known names and a
        // word of many `@` (the old search looked at every name for every `@`).
        let mut p = Pseudonymiser::new();
        for n in 0..2_000 {
            p.address(&format!("u{n}@d{n}.contoso.com"));
        }
        let out = p.text("u1999@d1999.contoso.com, mail.d5.contoso.com and d7-contoso-com.mail");
        assert_eq!(
            out,
            "user-2000@domain-2000.example, mail.domain-06.example and domain-08-example.mail"
        );
        // A known address at the end of a word of many `@` is found whole.
        let ats = "@".repeat(10_000) + "u3@d3.contoso.com";
        assert_eq!(
            p.text(&ats),
            "@".repeat(10_000) + "user-0004@domain-04.example"
        );
        // An unknown one is aliased as one word, from its last `@`.
        let ats = "@".repeat(10_000) + "x@d3.contoso.com";
        assert_eq!(p.text(&ats), "user-2001@domain-04.example");
    }
}

//! Pseudonyms for reports shared outside the organisation.
//!
//! Every address becomes `user-0001@domain-01.example`, every domain `domain-01.example`
//! (also in its hyphenated form, as in `contoso-com.mail.protection.outlook.com`) and
//! every file name `file-01.csv`. The same address always gets the same alias within a
//! report (compared without regard to case), and aliases are numbered in the order
//! they first appear, so the same inputs give the same report.

use rustc_hash::FxHashMap;

/// Hands out aliases and rewrites text with them.
#[derive(Debug, Default)]
pub struct Pseudonymiser {
    users: FxHashMap<String, String>,
    domains: FxHashMap<String, String>,
    /// Domains in the order they were given an alias (for the domain pass).
    domain_order: Vec<String>,
    files: FxHashMap<String, String>,
    /// (bytes before `@`, bytes from `@` on) of every address given an alias, longest
    /// first: where to look around an `@` for a known address.
    shapes: Vec<(usize, usize)>,
}

impl Pseudonymiser {
    /// A pseudonymiser with no aliases yet.
    pub fn new() -> Pseudonymiser {
        Pseudonymiser::default()
    }

    /// The alias of a domain, e.g. `domain-01.example`.
    pub fn domain(&mut self, domain: &str) -> String {
        let key = domain.trim_end_matches('.').to_lowercase();
        if let Some(alias) = self.domains.get(&key) {
            return alias.clone();
        }
        let alias = format!("domain-{:02}.example", self.domains.len() + 1);
        self.domains.insert(key.clone(), alias.clone());
        if !key.is_empty() {
            self.domain_order.push(key);
        }
        alias
    }

    /// The alias of an address, e.g. `user-0001@domain-01.example`. Case and
    /// surrounding spaces do not make another address.
    pub fn address(&mut self, address: &str) -> String {
        let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
        let shape = (local.len(), domain.len() + 1);
        if !self.shapes.contains(&shape) {
            self.shapes.push(shape);
            self.shapes
                .sort_by(|a, b| (b.0 + b.1).cmp(&(a.0 + a.1)).then(b.cmp(a)));
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
        let Ok(decoded) = crate::decode::decode(bytes) else {
            return;
        };
        let text = decoded.text.as_ref();
        let delimiter = crate::dialect::detect_delimiter(text);
        let mut column: Option<usize> = None;
        let mut addresses: Vec<String> = Vec::new();
        crate::table::read(text, delimiter, |line| {
            let crate::table::Line::Record { record, .. } = line else {
                return;
            };
            let cell = |i: usize| record.get(i);
            let Some(at) = column else {
                let named = (0..record.len()).find(|i| {
                    cell(*i)
                        .is_some_and(|c| crate::header::canonical(c) == Some(crate::header::EMAIL))
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
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut search = 0;
        while let Some(found) = text[search..].find('@') {
            let at = search + found;
            if let Some((start, end)) = self.known_at(text, at, copied) {
                out.push_str(&self.replace_domains(&text[copied..start]));
                out.push_str(&self.address(&text[start..end]));
                copied = end;
                search = end;
                continue;
            }
            let (start, end) = word_around(text, at, copied);
            // A lone `@` ("before the @") is not an address.
            if start == at || end <= at + 1 {
                search = at + 1;
                continue;
            }
            // A known address further on in the same word wins over the guess.
            let later = text[at + 1..end]
                .match_indices('@')
                .any(|(i, _)| self.known_at(text, at + 1 + i, copied).is_some());
            if later {
                search = at + 1;
                continue;
            }
            out.push_str(&self.replace_domains(&text[copied..start]));
            out.push_str(&self.address(&text[start..end]));
            copied = end;
            search = end;
        }
        out.push_str(&self.replace_domains(&text[copied..]));
        out
    }

    /// The longest known address around the `@` at `at`, starting at `min_start` or later.
    fn known_at(&self, text: &str, at: usize, min_start: usize) -> Option<(usize, usize)> {
        self.shapes.iter().find_map(|&(local, domain)| {
            let start = at.checked_sub(local)?;
            let end = at + domain;
            if start < min_start || end > text.len() {
                return None;
            }
            let candidate = text.get(start..end)?;
            self.users
                .contains_key(&address_key(candidate))
                .then_some((start, end))
        })
    }

    /// Replaces known domains (longest first) at word boundaries.
    fn replace_domains(&self, text: &str) -> String {
        // (name, alias, whether a longer name may follow after a dot)
        let mut known: Vec<(String, String, bool)> = Vec::new();
        for domain in &self.domain_order {
            let alias = &self.domains[domain];
            known.push((domain.clone(), alias.clone(), false));
            // `contoso-com` is a label of Microsoft host names: `.mail.protection…` follows.
            known.push((domain.replace('.', "-"), alias.replace('.', "-"), true));
        }
        known.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let mut out = text.to_string();
        for (domain, alias, label) in known {
            out = replace_word(&out, &domain, &alias, label);
        }
        out
    }
}

/// The key an address is known by: without surrounding spaces, lowercase.
fn address_key(address: &str) -> String {
    address.trim().to_lowercase()
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

/// The byte range of the address-like word around the `@` at `at` (not before
/// `min_start`), trailing dots excluded.
fn word_around(text: &str, at: usize, min_start: usize) -> (usize, usize) {
    let start = text[min_start..at]
        .char_indices()
        .rev()
        .find(|(_, c)| is_stop(*c))
        .map_or(min_start, |(i, c)| min_start + i + c.len_utf8());
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| is_stop(*c))
        .map_or(text.len(), |(i, _)| at + i);
    let end = start + text[start..end].trim_end_matches('.').len();
    (start, end.max(at + 1))
}

/// Replaces `word` (case-insensitive) where it is not part of a longer name; with
/// `label`, a dot and more name may follow it.
fn replace_word(text: &str, word: &str, alias: &str, label: bool) -> String {
    if word.is_empty() {
        return text.to_string();
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Case folding changed byte lengths: fall back to exact-case matching.
        return replace_at_boundaries(text, text, word, alias, label);
    }
    replace_at_boundaries(text, &lower, word, alias, label)
}

fn replace_at_boundaries(
    text: &str,
    haystack: &str,
    word: &str,
    alias: &str,
    label: bool,
) -> String {
    let name_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = haystack[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let mut after = text[end..].chars();
        let after_ok = match after.next() {
            None => true,
            Some('.') => label || !after.next().is_some_and(name_char),
            Some(c) => !name_char(c),
        };
        if !before.is_some_and(name_char) && after_ok {
            out.push_str(&text[copied..start]);
            out.push_str(alias);
            copied = end;
        }
        from = end;
    }
    out.push_str(&text[copied..]);
    out
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
}

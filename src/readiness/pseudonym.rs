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

    /// The alias of an address, e.g. `user-0001@domain-01.example`.
    pub fn address(&mut self, address: &str) -> String {
        let key = address.to_lowercase();
        if let Some(alias) = self.users.get(&key) {
            return alias.clone();
        }
        let domain = address.rsplit_once('@').map_or("", |(_, d)| d);
        let alias = format!("user-{:04}@{}", self.users.len() + 1, self.domain(domain));
        self.users.insert(key, alias.clone());
        alias
    }

    /// The alias of a file name, e.g. `file-01.csv`.
    pub fn file(&mut self, name: &str) -> String {
        let count = self.files.len() + 1;
        self.files
            .entry(name.to_string())
            .or_insert_with(|| format!("file-{count:02}.csv"))
            .clone()
    }

    /// Rewrites a text: every address-like word and every known domain by its alias.
    pub fn text(&mut self, text: &str) -> String {
        let mut segments: Vec<(bool, String)> = Vec::new();
        let mut rest = text;
        while let Some((start, end)) = next_address(rest) {
            segments.push((false, rest[..start].to_string()));
            segments.push((true, self.address(&rest[start..end])));
            rest = &rest[end..];
        }
        segments.push((false, rest.to_string()));
        let mut out = String::with_capacity(text.len());
        for (is_alias, segment) in segments {
            if is_alias {
                out.push_str(&segment);
            } else {
                out.push_str(&self.replace_domains(&segment));
            }
        }
        out
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

/// Characters that end an address-like word.
fn is_stop(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '"' | '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | ':' | '|'
        )
}

/// The byte range of the first address-like word (a word with `@`), trailing dots
/// excluded.
fn next_address(text: &str) -> Option<(usize, usize)> {
    let at = text.find('@')?;
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| is_stop(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| is_stop(*c))
        .map_or(text.len(), |(i, _)| at + i);
    let end = start + text[start..end].trim_end_matches('.').len();
    Some((start, end.max(at + 1)))
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
    fn markup_around_addresses_is_kept_and_files_are_numbered() {
        let mut p = Pseudonymiser::new();
        assert_eq!(
            p.text("<script>alert(1)</script>o'brien@contoso.com"),
            "<script>alert(1)</script>user-0001@domain-01.example"
        );
        assert_eq!(p.text("@"), "user-0002@domain-02.example");
        assert_eq!(p.file("contoso-batch1.csv"), "file-01.csv");
        assert_eq!(p.file("b.csv"), "file-02.csv");
        assert_eq!(p.file("contoso-batch1.csv"), "file-01.csv");
    }
}

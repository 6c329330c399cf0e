//! Every finding the checker can produce, listed once.
//!
//! The README's finding catalogue is checked against this list by a test, so the docs
//! and the code cannot drift apart.

use crate::finding::Rule;

/// Every rule, by code.
pub fn rules() -> Vec<&'static Rule> {
    let mut all = check_rules();
    all.extend(
        [
            crate::dns::input::RULES,
            crate::dns::schedule::RULES,
            crate::dns::records::RULES,
            crate::dns::spf::RULES,
            crate::dns::sender::RULES,
            crate::dns::compare::RULES,
            crate::dns::diff::RULES,
            crate::dns::live::RULES,
            crate::readiness::environment::RULES,
            crate::directory::RULES,
            crate::probe::RULES,
        ]
        .concat(),
    );
    all.sort_by_key(|r| r.code);
    all
}

/// The rule with this code, if there is one. In the page's first WebAssembly module
/// (feature `check-only`), which can report only the CSV check's codes, it looks among
/// [`check_rules`] alone, so no other rule's text is linked into that module.
pub fn rule(code: &str) -> Option<&'static Rule> {
    #[cfg(all(feature = "check-only", target_arch = "wasm32"))]
    let all = check_rules();
    #[cfg(not(all(feature = "check-only", target_arch = "wasm32")))]
    let all = rules();
    all.into_iter().find(|r| r.code == code)
}

/// The rules of the CSV check (`check_csv`, `check_files`): the CSV and PWD codes.
pub fn check_rules() -> Vec<&'static Rule> {
    [
        crate::csv::decode::RULES,
        crate::csv::dialect::RULES,
        crate::check::RULES,
        crate::check::cap::RULES,
        crate::csv::header::RULES,
        crate::address::RULES,
        crate::password::RULES,
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let all = rules();
        for pair in all.windows(2) {
            assert_ne!(pair[0].code, pair[1].code, "code used twice");
        }
        for r in &all {
            assert_eq!(r.code.len(), 6, "{}", r.code);
            assert!(
                r.code[3..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                r.code
            );
            assert!(!r.help.is_empty() && !r.title.is_empty(), "{}", r.code);
        }
        assert!(rule("CSV001").is_some());
    }

    #[test]
    fn check_rules_are_the_csv_and_pwd_codes() {
        let mut check: Vec<&str> = check_rules().iter().map(|r| r.code).collect();
        check.sort_unstable();
        let expected: Vec<&str> = rules()
            .iter()
            .map(|r| r.code)
            .filter(|c| c.starts_with("CSV") || c.starts_with("PWD"))
            .collect();
        assert_eq!(check, expected);
    }
}

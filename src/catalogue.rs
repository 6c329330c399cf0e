//! Every finding the checker can produce, listed once.
//!
//! The README's finding catalogue is checked against this list by a test, so the docs
//! and the code cannot drift apart.

use crate::finding::Rule;

/// Every rule, by code.
pub fn rules() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = [
        crate::csv::decode::RULES,
        crate::csv::dialect::RULES,
        crate::check::RULES,
        crate::check::cap::RULES,
        crate::csv::header::RULES,
        crate::address::RULES,
        crate::password::RULES,
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
    .concat();
    all.sort_by_key(|r| r.code);
    all
}

/// The rule with this code, if there is one.
pub fn rule(code: &str) -> Option<&'static Rule> {
    rules().into_iter().find(|r| r.code == code)
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
}

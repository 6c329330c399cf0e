//! What the domain checks found about the last few domains, for the next rows.

use crate::finding::Rule;

/// What [`super::AddressRules::validate`] found about the last few domains, so that the rows
/// of a file (mostly in one to a few domains) skip the domain checks. Kept by each
/// reader of rows, as the rules themselves are shared between threads.
#[derive(Debug, Default)]
pub struct DomainMemo {
    /// Domains (exactly as written) with their fault, the most recent last.
    known: Vec<(String, DomainFault)>,
}

/// A domain's fault, if any: the rule and the end of the finding's sentence.
pub(super) type DomainFault = Option<(&'static Rule, &'static str)>;

impl DomainMemo {
    /// Domains remembered at once: more than a migration's few, few enough to compare.
    const SIZE: usize = 4;
    /// Longest domain remembered: longer ones are rare and checked every time.
    const LONGEST: usize = 64;

    /// The fault of `domain`, as remembered or as `check` finds it.
    pub(super) fn fault(
        &mut self,
        domain: &str,
        check: impl Fn(&str) -> DomainFault,
    ) -> DomainFault {
        if let Some((_, fault)) = self.known.iter().rev().find(|(d, _)| d == domain) {
            return *fault;
        }
        let fault = check(domain);
        if domain.len() <= Self::LONGEST {
            if self.known.len() == Self::SIZE {
                self.known.remove(0);
            }
            self.known.push((domain.to_string(), fault));
        }
        fault
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::{NON_ROUTABLE, UNVERIFIED_DOMAIN};
    use std::cell::Cell;

    #[test]
    fn remembers_the_last_domains_and_asks_again_for_others() {
        let asked = Cell::new(0);
        let check = |d: &str| -> DomainFault {
            asked.set(asked.get() + 1);
            match d {
                "contoso.local" => Some((&NON_ROUTABLE, "local")),
                "fabrikam.com" => Some((&UNVERIFIED_DOMAIN, "unverified")),
                _ => None,
            }
        };
        let mut memo = DomainMemo::default();
        let code = |fault: DomainFault| fault.map(|(rule, _)| rule.code);
        for _ in 0..3 {
            assert_eq!(
                code(memo.fault("contoso.local", check)),
                Some(NON_ROUTABLE.code)
            );
            assert_eq!(
                code(memo.fault("fabrikam.com", check)),
                Some(UNVERIFIED_DOMAIN.code)
            );
            assert_eq!(code(memo.fault("contoso.com", check)), None);
        }
        assert_eq!(asked.get(), 3, "each domain checked once");
        // More domains than it holds: the oldest is forgotten and checked again, right.
        for d in ["a.com", "b.com", "c.com", "d.com"] {
            memo.fault(d, check);
        }
        assert_eq!(
            code(memo.fault("contoso.local", check)),
            Some(NON_ROUTABLE.code)
        );
        assert_eq!(asked.get(), 8);
        // Written differently is another key, never a wrong answer.
        assert_eq!(code(memo.fault("CONTOSO.local", check)), None);
        let long = format!("{}.com", "a".repeat(DomainMemo::LONGEST));
        memo.fault(&long, check);
        memo.fault(&long, check);
        assert_eq!(asked.get(), 11, "long domains are not remembered");
    }
}

//! The Password and ForceChangePassword columns: what Microsoft Entra ID will refuse,
//! predicted per row, and passwords that never leak.
//!
//! - [`policy`]: length, allowed characters and kinds of characters (PWD001-PWD004),
//!   plus cells Excel spoils (PWD007, PWD008);
//! - [`protection`]: Microsoft Entra Password Protection's banned-term score (PWD005);
//! - [`shared`]: one password on several rows (PWD006);
//! - [`sign_in`]: ForceChangePassword and AD FS single sign-on (PWD009-PWD011);
//! - [`generate`]: strong passwords for the corrected CSV.
//!
//! An empty Password cell means the batch's default and is not checked. No finding
//! ever holds a password or part of one: messages name the row and the rule only.

pub mod banned;
pub mod fuzzy;
pub mod generate;
pub mod normalise;
pub mod policy;
pub mod prefilter;
pub mod protection;
pub mod shared;
pub mod sign_in;

use crate::check::{MailboxRow, RowCheck};
use crate::finding::{Finding, Rule};
use crate::header::PASSWORD;
use crate::options::Options;

pub use generate::GenerateError;
pub use protection::Assessment;

use protection::{LIKELY_BANNED, Protection, Scratch};
use shared::SharedPasswords;

/// The rules of this module, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &policy::TOO_SHORT,
    &policy::TOO_LONG,
    &policy::CHARACTERS,
    &policy::KINDS,
    &protection::LIKELY_BANNED,
    &shared::SHARED,
    &policy::SURROUNDING_SPACE,
    &policy::FORMULA,
    &sign_in::NOT_BOOLEAN,
    &sign_in::FEDERATED_TRUE,
    &sign_in::FEDERATED_PASSWORDS,
    &protection::IGNORED_TERM,
];

/// The password rules of one migration, for code outside the row checks such as the
/// corrected-CSV writer: which passwords to replace, and their replacements.
#[derive(Debug)]
pub struct PasswordRules {
    protection: Protection,
    federated: bool,
}

impl PasswordRules {
    /// The rules for a migration with these options (custom banned terms, tenant name,
    /// federated sign-in).
    pub fn new(options: &Options) -> PasswordRules {
        PasswordRules {
            protection: Protection::new(options),
            federated: options.federated,
        }
    }

    /// What Password Protection would likely make of `password` for the mailbox at
    /// `email` (whose name and domain count as banned terms).
    pub fn assess(&self, password: &str, email: Option<&str>) -> Assessment {
        self.protection
            .assess(password, email, &mut Scratch::default())
    }

    /// Whether a row's password should be replaced by a generated one: it is empty (so
    /// the batch default would apply) or Microsoft would refuse it (an error of
    /// PWD001-PWD005). Never, with federated sign-in: Microsoft ignores the passwords.
    pub fn needs_replacement(&self, password: &str, email: Option<&str>) -> bool {
        if self.federated {
            return false;
        }
        password.is_empty() || !policy::complies(password) || !self.assess(password, email).passes()
    }

    /// A new strong password for the mailbox at `email`: compliant, and passing
    /// Password Protection with this migration's banned terms and that user's name.
    pub fn generate_for(&self, email: Option<&str>) -> Result<String, GenerateError> {
        generate::generate_with(|p| policy::complies(p) && self.assess(p, email).passes())
    }
}

/// A new strong password (16 characters, all four kinds, cryptographically random)
/// that meets the policy and passes Password Protection's common-term check.
pub fn generate() -> Result<String, GenerateError> {
    PasswordRules::new(&Options::default()).generate_for(None)
}

/// The row check for the two columns.
pub(crate) struct PasswordCheck {
    protection: Protection,
    scratch: Scratch,
    shared: SharedPasswords,
    federated: bool,
    passwords_ignored: bool,
}

impl PasswordCheck {
    /// The check for a migration with these options.
    pub(crate) fn new(options: &Options) -> PasswordCheck {
        PasswordCheck {
            protection: Protection::new(options),
            scratch: Scratch::default(),
            shared: SharedPasswords::default(),
            federated: options.federated,
            passwords_ignored: false,
        }
    }

    fn check_password(
        &mut self,
        row: u32,
        password: &str,
        email: Option<&str>,
        counted_only: &[&'static str],
        out: &mut Vec<Finding>,
    ) {
        let hash = self.shared.hash(password);
        self.shared.prefetch(hash);
        policy::check(row, password, counted_only, out);
        // Past 256 characters the password is refused anyway; the bound keeps the work
        // per row small whatever the cell holds.
        if password.len() <= 4 * policy::MAX_LENGTH {
            let assessment =
                self.protection
                    .assess_unless_passing(password, email, &mut self.scratch);
            if let Some(assessment) = assessment.filter(|a| !a.passes() && a.terms_found() > 0) {
                out.push(likely_banned(row, &assessment, counted_only));
            }
        }
        self.shared.add_hashed(row, hash);
    }
}

/// The PWD005 finding: the kinds of terms found and the score, never the terms.
fn likely_banned(row: u32, assessment: &Assessment, counted_only: &[&'static str]) -> Finding {
    let others = assessment.score - assessment.terms_found();
    LIKELY_BANNED
        .finding_unless_counted(counted_only, || format!(
            "The password in row {row} is likely rejected by Microsoft Entra Password Protection: it contains {}, with {} other character{} (score {} of the {} needed).",
            assessment.reason(),
            if others == 0 { "no".to_string() } else { others.to_string() },
            if others == 1 { "" } else { "s" },
            assessment.score,
            protection::PASSING_SCORE,
        ))
        .at_row(row)
        .in_column(PASSWORD)
}

impl RowCheck for PasswordCheck {
    fn enter_file(&mut self, name: Option<&str>) {
        self.shared.start_file(name);
    }

    fn check(&mut self, row: &MailboxRow<'_>, out: &mut Vec<Finding>) {
        if let Some(value) = row.force_change_password {
            sign_in::check(row.row, value, self.federated, row.counted_only, out);
        }
        let Some(password) = row.password.filter(|p| !p.is_empty()) else {
            return;
        };
        if self.federated {
            self.passwords_ignored = true;
        } else {
            self.check_password(row.row, password, row.email, row.counted_only, out);
        }
    }

    fn finish(&mut self, out: &mut Vec<Finding>) {
        out.extend(self.shared.findings());
        if self.passwords_ignored {
            out.push(sign_in::federated_note());
        }
        out.extend(self.protection.notes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_is_for_empty_and_refused_passwords() {
        let rules = PasswordRules::new(&Options::default());
        let email = Some("pilarp@contoso.com");
        assert!(rules.needs_replacement("", email));
        assert!(rules.needs_replacement("short1A", email));
        assert!(rules.needs_replacement("Pa$$w0rd", email));
        assert!(rules.needs_replacement("Contoso!12", email));
        assert!(!rules.needs_replacement("kT7#vQ9!mZ2xwR4x", email));
        let federated = PasswordRules::new(&Options {
            federated: true,
            ..Options::default()
        });
        assert!(!federated.needs_replacement("", email));
    }

    #[test]
    fn generated_passwords_pass_every_rule() {
        let rules = PasswordRules::new(&Options {
            banned_terms: vec!["blank".into()],
            ..Options::default()
        });
        for _ in 0..20 {
            let p = rules.generate_for(Some("pilarp@contoso.com")).unwrap();
            assert!(
                !rules.needs_replacement(&p, Some("pilarp@contoso.com")),
                "{p}"
            );
            let mut out = Vec::new();
            policy::check(2, &p, &[], &mut out);
            assert!(out.is_empty(), "{p}: {out:?}");
        }
        assert_eq!(generate().unwrap().len(), generate::LENGTH);
    }
}

//! The Password and ForceChangePassword columns: what Microsoft Entra ID will refuse,
//! predicted per row, and passwords that never leak.
//!
//! - [`policy`]: length, allowed characters and kinds of characters (PWD001-PWD004),
//!   plus cells Excel spoils (PWD007, PWD008);
//! - [`protection`]: Microsoft Entra Password Protection's banned-term score, and
//!   [`name`]: the user's name in the password (PWD005, a prediction: a warning);
//! - [`excel`]: passwords Excel has visibly changed (PWD013);
//! - [`shared`]: one password on several rows (PWD006);
//! - [`sign_in`]: ForceChangePassword and AD FS single sign-on (PWD009-PWD011);
//! - [`generate`]: strong passwords for the corrected CSV.
//!
//! An empty Password cell means the batch's default and is not checked. No finding
//! ever holds a password or part of one: messages name the row and the rule only.

pub mod banned;
pub mod excel;
pub mod fuzzy;
pub mod generate;
pub mod name;
pub mod normalise;
pub mod policy;
pub mod prefilter;
pub mod protection;
pub mod shared;
pub mod sign_in;
pub mod trie;

use crate::check::MailboxRow;
use crate::csv::header::PASSWORD;
use crate::csv::limit::PER_CODE;
use crate::finding::{Finding, Rule};
use crate::options::Options;

pub use generate::GenerateError;
pub use protection::Assessment;

pub use protection::Scratch;

use protection::{LIKELY_BANNED, Protection};
use shared::{PasswordHasher, SharedPasswords};

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
    &excel::MANGLED,
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

    /// Whether Password Protection would likely reject `password` for the mailbox at
    /// `email` (PWD005, a prediction): its score is under 5, or it holds the user's name.
    pub fn likely_rejected(&self, password: &str, email: Option<&str>) -> bool {
        let mut scratch = Scratch::default();
        let assessment = self.protection.assess(password, email, &mut scratch);
        // The user's name, from the assessment's own search (as the row check reads it).
        !assessment.passes() || (password.len() <= name::MAX_PASSWORD && scratch.holds_user_name())
    }

    /// Whether a row's password should be replaced by a generated one: it is empty (so
    /// the batch default would apply), Microsoft refuses it (an error of PWD001-PWD004),
    /// or Password Protection would likely reject it (the PWD005 prediction: a likely
    /// failure of that user, so it is replaced too). Never, with federated sign-in:
    /// Microsoft ignores the passwords.
    pub fn needs_replacement(&self, password: &str, email: Option<&str>) -> bool {
        if self.federated {
            return false;
        }
        password.is_empty() || !policy::complies(password) || self.likely_rejected(password, email)
    }

    /// A new strong password for the mailbox at `email`: compliant, and passing
    /// Password Protection with this migration's banned terms and that user's name.
    pub fn generate_for(&self, email: Option<&str>) -> Result<String, GenerateError> {
        generate::generate_with(|p| policy::complies(p) && !self.likely_rejected(p, email))
    }
}

/// A new strong password (16 characters, all four kinds, cryptographically random)
/// that meets the policy and passes Password Protection's common-term check.
pub fn generate() -> Result<String, GenerateError> {
    PasswordRules::new(&Options::default()).generate_for(None)
}

/// What the password checks of one row leave for [`PasswordState`] to remember.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// No password (no column, or an empty cell).
    Nothing,
    /// A password, by its keyed hash.
    Password(u64),
    /// A password that looks like a date (see [`excel`]), by its keyed hash.
    DateLike(u64),
    /// A password Microsoft ignores (AD FS single sign-on).
    Ignored,
}

/// The checks of the two columns that need nothing but the row: shared by every
/// thread that checks rows.
#[derive(Debug)]
pub(crate) struct PasswordRowCheck {
    protection: Protection,
    hasher: PasswordHasher,
    federated: bool,
}

impl PasswordRowCheck {
    /// The check for a migration with these options, hashing passwords for `state`.
    pub(crate) fn new(options: &Options, state: &PasswordState) -> PasswordRowCheck {
        PasswordRowCheck {
            protection: Protection::new(options),
            hasher: state.shared.hasher(),
            federated: options.federated,
        }
    }

    /// Checks one row's ForceChangePassword and Password cells.
    pub(crate) fn check(
        &self,
        row: &MailboxRow<'_>,
        scratch: &mut Scratch,
        out: &mut Vec<Finding>,
    ) -> Seen {
        if let Some(value) = row.force_change_password {
            sign_in::check(row.row, value, self.federated, row.counted_only, out);
        }
        let Some(password) = row.password.filter(|p| !p.is_empty()) else {
            return Seen::Nothing;
        };
        if self.federated {
            return Seen::Ignored;
        }
        policy::check(row.row, password, row.counted_only, out);
        // Past 256 characters the password is refused anyway; the bound keeps the work
        // per row small whatever the cell holds.
        if password.len() <= name::MAX_PASSWORD {
            let assessment = self
                .protection
                .assess_unless_passing(password, row.email, scratch);
            if let Some(assessment) = assessment.filter(|a| !a.passes() && a.terms_found() > 0) {
                out.push(likely_banned(row.row, &assessment, row.counted_only));
            } else if scratch.holds_user_name() {
                out.push(holds_user_name(row.row, row.counted_only));
            }
        }
        let hash = self.hasher.hash(password);
        match excel::look(password) {
            excel::Look::Plain => Seen::Password(hash),
            excel::Look::Scientific => {
                out.push(excel::scientific(row.row, row.counted_only));
                Seen::Password(hash)
            }
            excel::Look::Date => Seen::DateLike(hash),
        }
    }

    /// Findings about the options rather than the rows (custom terms not used).
    pub(crate) fn notes(&self) -> Vec<Finding> {
        self.protection.notes()
    }
}

/// What the password checks remember across the rows of a migration, in row order.
#[derive(Debug, Default)]
pub(crate) struct PasswordState {
    shared: SharedPasswords,
    ignored: bool,
    dates: DateRows,
    /// PWD013 findings of the files already read.
    mangled: Vec<Finding>,
}

/// The date-like passwords of the current file (see [`excel`]): reported at the end of
/// the file, and only if the file also holds other passwords.
#[derive(Debug, Default)]
struct DateRows {
    file: Option<String>,
    /// The first [`PER_CODE`] rows with a date-like password.
    rows: Vec<u32>,
    /// All rows with a date-like password.
    count: u32,
    /// Whether the file holds a password that does not look like a date.
    others: bool,
}

impl DateRows {
    /// The file's PWD013 findings for date-like passwords, once its rows are read.
    fn findings(&self, out: &mut Vec<Finding>) {
        if !self.others {
            return;
        }
        let in_file = |mut finding: Finding| {
            finding.file = self.file.clone();
            finding
        };
        out.extend(self.rows.iter().map(|&row| in_file(excel::date(row))));
        let more = self.count as usize - self.rows.len();
        if more > 0 {
            out.push(in_file(excel::MANGLED.finding(format!(
                "{more} more rows have a password that looks like a date; only the first {PER_CODE} are listed."
            )).in_column(PASSWORD)));
        }
    }
}

impl PasswordState {
    /// Rows from now on belong to the file `name`.
    pub(crate) fn start_file(&mut self, name: Option<&str>) {
        self.shared.start_file(name);
        self.dates.findings(&mut self.mangled);
        self.dates = DateRows {
            file: name.map(str::to_string),
            ..DateRows::default()
        };
    }

    /// Asks the processor for the memory [`PasswordState::remember`] will read for `seen`.
    #[inline]
    pub(crate) fn prefetch(&self, seen: Seen) {
        if let Seen::Password(hash) | Seen::DateLike(hash) = seen {
            self.shared.prefetch(hash);
        }
    }

    /// Remembers what the row checks saw in `row`.
    pub(crate) fn remember(&mut self, row: u32, seen: Seen) {
        match seen {
            Seen::Nothing => {}
            Seen::Password(hash) => {
                self.dates.others = true;
                self.shared.add_hashed(row, hash);
            }
            Seen::DateLike(hash) => {
                let dates = &mut self.dates;
                dates.count += 1;
                if dates.rows.len() < PER_CODE as usize {
                    dates.rows.push(row);
                }
                self.shared.add_hashed(row, hash);
            }
            Seen::Ignored => self.ignored = true,
        }
    }

    /// The findings about many rows, once every row has been remembered.
    pub(crate) fn finish(&mut self, out: &mut Vec<Finding>) {
        out.extend(self.shared.findings());
        self.dates.findings(&mut self.mangled);
        self.dates = DateRows::default();
        out.append(&mut self.mangled);
        if self.ignored {
            out.push(sign_in::federated_note());
        }
    }
}

/// The PWD005 finding: the kinds of terms found and the score, never the terms.
fn likely_banned(row: u32, assessment: &Assessment, counted_only: &[&'static str]) -> Finding {
    let others = assessment.score - assessment.terms_found();
    LIKELY_BANNED
        .finding_unless_counted(counted_only, || format!(
            "The password in row {row} is likely rejected by Microsoft Entra Password Protection (a prediction): it contains {}, with {} other character{} (score {} of the {} needed).",
            assessment.reason(),
            if others == 0 { "no".to_string() } else { others.to_string() },
            if others == 1 { "" } else { "s" },
            assessment.score,
            protection::PASSING_SCORE,
        ))
        .at_row(row)
        .in_column(PASSWORD)
}

/// The PWD005 finding for a password that scores enough but holds the user's name.
fn holds_user_name(row: u32, counted_only: &[&'static str]) -> Finding {
    LIKELY_BANNED
        .finding_unless_counted(counted_only, || format!(
            "The password in row {row} is likely rejected by Microsoft Entra Password Protection (a prediction): it contains the user's name, which Microsoft's example rejects whatever the score."
        ))
        .at_row(row)
        .in_column(PASSWORD)
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
        // A predicted rejection (PWD005, a warning) is still replaced: a likely failure.
        assert!(rules.needs_replacement("p0LL23fb", Some("poll@contoso.com")));
        assert!(!rules.needs_replacement("p0LL23fb", email));
        let federated = PasswordRules::new(&Options {
            federated: true,
            ..Options::default()
        });
        assert!(!federated.needs_replacement("", email));
    }

    #[test]
    fn microsofts_poll_example_is_likely_rejected() {
        // Normalised "poll23fb": [poll] + 2 + 3 + f + b scores 5, enough by the score,
        // yet Microsoft's page says the user Poll cannot set it.
        let rules = PasswordRules::new(&Options::default());
        let poll = Some("poll@contoso.com");
        assert!(rules.assess("p0LL23fb", poll).passes());
        assert!(rules.likely_rejected("p0LL23fb", poll));
        assert!(!rules.likely_rejected("p0LL23fb", Some("pilarp@contoso.com")));
        let generated = rules.generate_for(poll).unwrap();
        assert!(!rules.likely_rejected(&generated, poll));
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

//! The row checks that run after the address on every mailbox row.
//!
//! A new rule module implements [`crate::check::RowCheck`] and is added here.

use crate::check::RowCheck;
use crate::options::Options;

/// The row checks for a migration with these options, in the order they run.
pub fn row_checks(options: &Options) -> Vec<Box<dyn RowCheck>> {
    vec![Box::new(crate::password::PasswordCheck::new(options))]
}

//! Generated passwords for the rows that need one (`Options::generate_passwords`).

use super::change::Changes;
use crate::csv::header::{self, PASSWORD};
use crate::password::PasswordRules;

/// Writes a generated password into the row's Password cell when it is empty or would
/// be refused. The change says why, never what the old or the new password is.
pub(super) fn replace_password(
    rules: &PasswordRules,
    row: u32,
    header: &[String],
    cells: &mut [String],
    changes: &mut Changes,
) {
    let column = |name: &str| header.iter().position(|h| h == name);
    let Some(at) = column(PASSWORD).filter(|&i| i < cells.len()) else {
        return;
    };
    let email = column(header::EMAIL).and_then(|i| cells.get(i)).cloned();
    let password = &cells[at];
    if !rules.needs_replacement(password, email.as_deref()) {
        return;
    }
    let why = if password.is_empty() {
        "it was empty"
    } else if crate::password::policy::complies(password) {
        // Only Password Protection's prediction (PWD005) is against it.
        "Password Protection would likely refuse the old one"
    } else {
        "Microsoft would refuse the old one"
    };
    match rules.generate_for(email.as_deref()) {
        Ok(new) => {
            cells[at] = new;
            changes.push(
                Some(row),
                format!("Generated a new password ({why})."),
                &format!("password generated ({why})"),
            );
        }
        // The error's text is the tool's own (no random numbers, or every try refused).
        Err(e) => changes.push(
            Some(row),
            format!("Could not generate a password: {e}."),
            &format!("password not generated: {e}"),
        ),
    }
}

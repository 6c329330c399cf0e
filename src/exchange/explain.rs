//! The failed users at the end of a run or in `status`: Microsoft's error text, the
//! batch, the CSV file and row the user came from (the file is read again and its
//! EmailAddress column matched case-insensitively), and the pre-flight check that would
//! have caught the error, where one does.
//!
//! The address and the error text are the service's answer about that user; no CSV cell
//! other than the matched address is read into the output, and never a password.

use serde::Serialize;

use super::api::{ApiError, Exchange};
use super::watch::users;
use crate::csv::header::{EMAIL, canonical};
use crate::csv::table::{self, Line};
use crate::csv::{decode, dialect};
use crate::render::count::count;
use crate::render::terminal::escape;

/// One failed user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failed {
    /// The batch.
    pub batch: String,
    /// The CSV file the batch came from, when known.
    pub file: Option<String>,
    /// The row of that file (Excel rows: the header is row 1), when found.
    pub row: Option<u32>,
    /// The user's address, as the service gave it.
    pub address: String,
    /// Microsoft's error text (`ErrorSummary`).
    pub error: String,
    /// The pre-flight check that would have caught it, in words with its code.
    pub check: Option<&'static str>,
}

/// Microsoft's staged-migration error texts [doc] and the check that finds each before a
/// run.
const EXPLAINED: [(&[&str], &str); 5] = [
    (
        &["couldn't be found in the cloud-based service"],
        "DIR006: no Exchange Online mail user has this address. `check --cloud` with a \
         Get-MailUser export finds these before a run (DIR006, DIR007); have directory \
         synchronisation create the mail user, then start the batch again",
    ),
    (
        &["couldn't be found in the on-premises domain"],
        "DIR001: the address is on no on-premises mailbox. `check --onprem` with a Get-Mailbox \
         export finds these before a run (DIR001 to DIR003); put the primary SMTP address in the CSV",
    ),
    (
        &["couldn't sign in to the user's on-premises account"],
        "SRC034: the migration administrator's sign-in. `probe HOST --autodiscover DOMAIN --user \
         DOMAIN\\admin` tests the credentials (SRC034) and Outlook Anywhere's authentication \
         (SRC014, SRC015); also check the FullAccess or Receive As permission",
    ),
    (
        &["0x80048210", "currently blocked for the API"],
        "PWD010: ForceChangePassword is True with AD FS single sign-on. `check --federated` \
         reports it; set it to False",
    ),
    (
        &[
            "password does not meet",
            "password complexity",
            "password policy",
        ],
        "PWD001 to PWD005: the password checks (length, characters, three of four kinds, \
         likely banned); `fix --generate-passwords` writes acceptable ones",
    ),
];

/// The check that explains Microsoft's error text, if any.
pub fn explain(error: &str) -> Option<&'static str> {
    let lower = error.to_lowercase();
    EXPLAINED
        .iter()
        .find(|(needles, _)| needles.iter().any(|n| lower.contains(&n.to_lowercase())))
        .map(|(_, check)| *check)
}

/// The Excel row of `address` in a CSV file's EmailAddress column (case-insensitive,
/// spaces around ignored).
pub fn row_of(bytes: &[u8], address: &str) -> Option<u32> {
    let decoded = decode::decode(bytes).ok()?;
    let text = decoded.text.as_ref();
    let wanted = address.trim();
    let mut column: Option<Option<usize>> = None;
    let mut found = None;
    table::read(text, dialect::detect_delimiter(text), |line| {
        let Line::Record { record, row, .. } = line else {
            return;
        };
        if found.is_some() {
            return;
        }
        match column {
            // Excel's empty rows above the header (CSV217) are not the header.
            None if record.only_delimiters() => {}
            None => column = Some(record.iter().position(|n| canonical(n) == Some(EMAIL))),
            Some(Some(i)) => {
                if record
                    .get(i)
                    .is_some_and(|cell| cell.trim().eq_ignore_ascii_case(wanted))
                {
                    found = Some(row);
                }
            }
            Some(None) => {}
        }
    });
    found
}

/// The failed users of one batch, each placed in its file (`bytes`, when readable).
pub fn failures(
    service: &mut dyn Exchange,
    batch: &str,
    file: Option<(&str, &[u8])>,
) -> Result<Vec<Failed>, ApiError> {
    Ok(users(service, batch)?
        .into_iter()
        .filter(|u| u.failed())
        .map(|user| {
            let error = user.error.clone().unwrap_or_else(|| "no error text".into());
            Failed {
                batch: batch.to_string(),
                file: file.map(|(name, _)| name.to_string()),
                row: file.and_then(|(_, bytes)| row_of(bytes, &user.address)),
                check: explain(&error),
                address: user.address,
                error,
            }
        })
        .collect())
}

/// The failed users as text, one block each.
pub fn render(failed: &[Failed]) -> String {
    if failed.is_empty() {
        return String::new();
    }
    let mut out = format!("{} failed:\n", count(failed.len() as u64, "user", "users"));
    for f in failed {
        let place = match (&f.file, f.row) {
            (Some(file), Some(row)) => format!("{}, row {row}", escape(file)),
            (Some(file), None) => format!("{}, row not found", escape(file)),
            _ => "file unknown".to_string(),
        };
        out.push_str(&format!(
            "- {} (batch {}; {place})\n  Microsoft: {}\n",
            escape(&f.address),
            escape(&f.batch),
            escape(&f.error)
        ));
        if let Some(check) = f.check {
            out.push_str(&format!("  Pre-flight: {check}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsofts_errors_name_the_check_that_finds_them() {
        let cloud =
            explain("A valid primary e-mail address couldn't be found in the cloud-based service.")
                .unwrap();
        assert!(cloud.starts_with("DIR006"), "{cloud}");
        let onprem = explain(
            "A source e-mail address ann@contoso.com couldn't be found in the on-premises domain.",
        )
        .unwrap();
        assert!(onprem.starts_with("DIR001"));
        let sign_in =
            explain("Microsoft Exchange couldn't sign in to the user's on-premises account.")
                .unwrap();
        assert!(sign_in.starts_with("SRC034"));
        assert_eq!(explain("Something else went wrong."), None);
    }

    #[test]
    fn the_row_is_found_by_address_in_any_case_and_separator() {
        let csv = b"Password,EmailAddress\r\nSecret1!x,a@contoso.com\r\n\r\nSecret2!x, B@Contoso.com \r\n";
        assert_eq!(row_of(csv, "b@contoso.com"), Some(4));
        assert_eq!(row_of(csv, "a@contoso.com"), Some(2));
        assert_eq!(
            row_of(b"EmailAddress;Password\na@x.com;p\n", "A@X.COM"),
            Some(2)
        );
        assert_eq!(
            row_of(csv, "Secret1!x"),
            None,
            "only the address column is matched"
        );
        // Excel's empty rows above the header are not the header.
        assert_eq!(
            row_of(
                b",,\r\n , \r\nEmailAddress,Password\r\na@x.com,p\r\n",
                "a@x.com"
            ),
            Some(4)
        );
    }

    #[test]
    fn the_text_escapes_what_the_service_sent() {
        let text = render(&[Failed {
            batch: "wave1".into(),
            file: Some("wave1.csv".into()),
            row: Some(3),
            address: "a@contoso.com".into(),
            error: "bad\u{1b}[2J".into(),
            check: None,
        }]);
        assert!(text.starts_with("1 user failed:\n"), "{text}");
        assert!(
            text.contains("wave1.csv, row 3") && text.contains("bad\\u{1b}[2J"),
            "{text}"
        );
    }
}

//! The directory exports in the JavaScript options (issue 12): `onprem`, `cloud` and
//! `mailboxQuotaGb` are taken out of the options object of `checkFiles`,
//! `readinessReport` and `renderReport` before the rest is read as usual.

use wasm_bindgen::prelude::*;

use crate::check::CsvFile;
use crate::directory::{Directories, Export};
use crate::options::Options;

#[cfg(not(feature = "check-only"))]
#[wasm_bindgen(typescript_custom_section)]
const DIRECTORY_TYPES: &'static str = r#"
/** The directory exports to compare the CSV with (nothing leaves the page). */
export interface DirectoryOptions {
  /** On-premises exports: Get-Mailbox … | Export-Csv (Exchange 2007) or csvde (Exchange 2003). */
  onprem?: CsvInput | CsvInput[];
  /** Exchange Online exports: Get-MailUser, Get-Mailbox, Get-MigrationUser, recognised by their columns. */
  cloud?: CsvInput | CsvInput[];
  /** The licence's mailbox quota in GB (default 50; 100 for Plan 2, E3, E5). */
  mailboxQuotaGb?: number;
}
export interface CheckOptions extends DirectoryOptions {}
export interface ReadinessOptions extends DirectoryOptions {}

/** The directory check's counts. */
export interface DirectorySummary {
  onPremisesExports: number;
  cloudExports: number;
  onPremisesRecipients: number;
  onPremisesMailboxes: number;
  cloudMailUsers: number;
  cloudMailboxes: number;
  migrationUsers: number;
  rowsCompared: number;
  matched: number;
  missingOnPremises: number;
  secondaryAddress: number;
  notAMailbox: number;
  hidden: number;
  umEnabled: number;
  missingInCloud: number;
  cloudSecondary: number;
  alreadyCloudMailbox: number;
  inMigrationBatch: number;
  overQuota: number;
  unverifiedAddresses: number;
  leftBehind: number;
  mailboxQuotaGb: number;
}
export interface Report {
  /** Present when directory exports were given. */
  directory?: DirectorySummary;
}
export interface ReadinessReport {
  /** Present when directory exports were given. */
  directory?: DirectorySummary;
}
"#;

/// The keys this module takes out of an options object.
const KEYS: [&str; 3] = ["onprem", "cloud", "mailboxQuotaGb"];

/// The exports read from the options, owned.
#[derive(Debug, Default)]
#[cfg_attr(feature = "check-only", allow(dead_code))]
pub(crate) struct OwnedDirectories {
    onprem: Vec<(String, Vec<u8>)>,
    cloud: Vec<(String, Vec<u8>)>,
    quota: Option<u32>,
}

#[cfg_attr(feature = "check-only", allow(dead_code))]
impl OwnedDirectories {
    /// The exports as the core takes them.
    pub(crate) fn borrow(&self) -> Directories<'_> {
        Directories {
            onprem: exports(&self.onprem),
            cloud: exports(&self.cloud),
            mailbox_quota_gb: self.quota,
        }
    }
}

/// Borrows owned (name, bytes) pairs as exports.
#[cfg_attr(feature = "check-only", allow(dead_code))]
fn exports(list: &[(String, Vec<u8>)]) -> Vec<Export<'_>> {
    list.iter()
        .map(|(name, bytes)| Export {
            name: name.as_str(),
            bytes: bytes.as_slice(),
        })
        .collect()
}

/// Checks the files as one migration, compared with the exports when there are some.
#[cfg(not(feature = "check-only"))]
pub(crate) fn check_files(
    files: &[CsvFile<'_>],
    exports: &OwnedDirectories,
    options: &Options,
) -> crate::Report {
    crate::directory::check_files(files, &exports.borrow(), options)
}

/// `check_files` reporting progress (the wasm `onProgress`).
#[cfg(not(feature = "check-only"))]
pub(crate) fn check_files_with_progress(
    files: &[CsvFile<'_>],
    exports: &OwnedDirectories,
    options: &Options,
    on_progress: &mut dyn FnMut(crate::check::Progress),
) -> crate::Report {
    crate::directory::check_files_with_progress(files, &exports.borrow(), options, on_progress)
}

/// `check_files` reporting progress, without the directory comparison (first view).
#[cfg(feature = "check-only")]
pub(crate) fn check_files_with_progress(
    files: &[CsvFile<'_>],
    _exports: &OwnedDirectories,
    options: &Options,
    on_progress: &mut dyn FnMut(crate::check::Progress),
) -> crate::Report {
    crate::check::check_files_with_progress(files, options, on_progress)
}

/// Checks the files as one migration: the first view's module has no directory
/// comparison (`take` refuses exports), so the comparison's code is not linked into it.
#[cfg(feature = "check-only")]
pub(crate) fn check_files(
    files: &[CsvFile<'_>],
    _exports: &OwnedDirectories,
    options: &Options,
) -> crate::Report {
    crate::check::check_files(files, options)
}

/// The options without the directory keys, which the first view's module (feature
/// `check-only`) cannot use: it throws for an export or quota given, and says which module
/// compares them. `null` and `undefined` are taken as not given.
#[cfg(feature = "check-only")]
pub(crate) fn take(options: JsValue) -> Result<(JsValue, OwnedDirectories), JsError> {
    if !options.is_object() {
        return Ok((options, OwnedDirectories::default()));
    }
    let rest = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    for key in KEYS {
        let value = js_sys::Reflect::get(&rest, &key.into()).unwrap_or(JsValue::UNDEFINED);
        if !value.is_undefined() && !value.is_null() {
            return Err(JsError::new(&format!(
                "invalid options: `{key}`: this module does not compare the CSV with directory exports; checkFiles of the plan module (migration_preflight_plan.js, \"migration-preflight/plan\") does"
            )));
        }
        let _ = js_sys::Reflect::delete_property(&rest, &key.into());
    }
    Ok((rest.into(), OwnedDirectories::default()))
}

/// Splits an options object into the options without the directory keys and the
/// exports. Throws for exports that are not `{ name, bytes }` objects (or arrays of
/// them) and for a quota that is not a positive whole number.
#[cfg(not(feature = "check-only"))]
pub(crate) fn take(options: JsValue) -> Result<(JsValue, OwnedDirectories), JsError> {
    if !options.is_object() {
        return Ok((options, OwnedDirectories::default()));
    }
    let rest = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    let get = |key: &str| js_sys::Reflect::get(&rest, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let files = |key: &str| -> Result<Vec<(String, Vec<u8>)>, JsError> {
        let value = get(key);
        if value.is_undefined() || value.is_null() {
            return Ok(Vec::new());
        }
        let list: Vec<JsValue> = if js_sys::Array::is_array(&value) {
            js_sys::Array::from(&value).iter().collect()
        } else {
            vec![value]
        };
        super::read_files(list)
            .map_err(|_| JsError::new(&format!("invalid options: `{key}` must be {{ name, bytes }} or a list of them, bytes a Uint8Array")))
    };
    let quota = get("mailboxQuotaGb");
    let quota = if quota.is_undefined() || quota.is_null() {
        None
    } else {
        match quota.as_f64() {
            Some(q) if q >= 1.0 && q.fract() == 0.0 && q <= f64::from(u32::MAX) => Some(q as u32),
            _ => {
                return Err(JsError::new(
                    "invalid options: `mailboxQuotaGb` must be a whole number of GB, 1 or more",
                ));
            }
        }
    };
    let owned = OwnedDirectories {
        onprem: files("onprem")?,
        cloud: files("cloud")?,
        quota,
    };
    for key in KEYS {
        let _ = js_sys::Reflect::delete_property(&rest, &key.into());
    }
    Ok((rest.into(), owned))
}

//! `--dry-run`: an [`Exchange`] that prints every request it would send and sends nothing
//! (no agent is built, no sign-in happens).
//!
//! Each call is one block: method and URL, the headers that matter (the token as
//! `Bearer ***`), the cmdlet, and its parameters as JSON, with a byte array (`CSVData`)
//! shown as its size and SHA-256 and any credential as `***`. Reads return nothing;
//! writes return a plausible object.

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::exchange::api::{ApiError, Cmdlet, Exchange, Kind};
use crate::exchange::client::invoke_url;
use crate::render::count::{count, thousands};

/// Parameter names whose values are never printed.
const HIDDEN: &[&str] = &["Credentials", "Password", "Credential"];

/// Prints requests instead of sending them.
#[derive(Debug)]
pub struct DryRun<W: Write> {
    out: W,
    url: String,
    anchor: Option<String>,
    calls: u64,
}

impl<W: Write> DryRun<W> {
    /// A dry run against `{api_base}` and `tenant`; `anchor` is the `X-AnchorMailbox`
    /// value a real run would send, when known.
    pub fn new(out: W, api_base: &str, tenant: &str, anchor: Option<String>) -> Self {
        DryRun {
            out,
            url: invoke_url(api_base, tenant),
            anchor,
            calls: 0,
        }
    }

    /// The writer back (tests).
    pub fn into_inner(self) -> W {
        self.out
    }

    fn print(&mut self, cmdlet: &Cmdlet, kind: Kind) -> std::io::Result<()> {
        let kind = match kind {
            Kind::Read => "read",
            Kind::Write => "write",
        };
        writeln!(self.out, "[dry run] request {}", thousands(self.calls))?;
        writeln!(self.out, "POST {}", self.url)?;
        writeln!(self.out, "Authorization: Bearer ***")?;
        if let Some(anchor) = &self.anchor {
            writeln!(self.out, "X-AnchorMailbox: {anchor}")?;
        }
        writeln!(self.out, "{} ({kind})", cmdlet.name)?;
        let shown = Value::Object(shown_parameters(&cmdlet.parameters));
        let text = serde_json::to_string_pretty(&shown).unwrap_or_default();
        writeln!(self.out, "{text}")?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

/// The parameters as printed: credentials hidden, byte arrays as size and hash.
pub fn shown_parameters(parameters: &Map<String, Value>) -> Map<String, Value> {
    parameters
        .iter()
        .map(|(name, value)| {
            let shown = if HIDDEN.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                Value::from("***")
            } else {
                shown_value(value)
            };
            (name.clone(), shown)
        })
        .collect()
}

fn shown_value(value: &Value) -> Value {
    let Some(object) = value.as_object() else {
        return value.clone();
    };
    if object.get("@odata.type").and_then(Value::as_str) != Some("#Exchange.ByteArrayType") {
        return value.clone();
    }
    let bytes: Vec<u8> = object
        .get("Data")
        .and_then(Value::as_array)
        .map(|data| {
            data.iter()
                .filter_map(Value::as_u64)
                .map(|b| b.min(255) as u8)
                .collect()
        })
        .unwrap_or_default();
    let digest = ring::digest::digest(&ring::digest::SHA256, &bytes);
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    Value::from(format!(
        "<{}, sha256 {hex}>",
        count(bytes.len() as u64, "byte", "bytes")
    ))
}

impl<W: Write> Exchange for DryRun<W> {
    fn invoke(&mut self, cmdlet: &Cmdlet, kind: Kind) -> Result<Vec<Value>, ApiError> {
        self.calls += 1;
        self.print(cmdlet, kind).map_err(|e| ApiError::Transport {
            message: format!("cannot write the dry run: {e}"),
        })?;
        if kind == Kind::Read {
            return Ok(Vec::new());
        }
        let name = ["Name", "Identity"]
            .iter()
            .find_map(|k| cmdlet.parameters.get(*k).and_then(Value::as_str))
            .unwrap_or(&cmdlet.name)
            .to_string();
        let mut object = json!({"Identity": name, "Name": name, "DryRun": true});
        if cmdlet.name.starts_with("New-") {
            object["Status"] = Value::from("Created");
        }
        Ok(vec![object])
    }

    fn encrypt_credential(&mut self, _user: &str, _password: &str) -> Result<String, ApiError> {
        Ok("***".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_per_call_with_csv_and_credentials_hidden() {
        let mut dry = DryRun::new(
            Vec::new(),
            "https://outlook.office365.com/",
            "contoso.onmicrosoft.com",
            Some("UPN:admin@contoso.com".into()),
        );
        let csv = b"EmailAddress,Password\r\npilarp@contoso.com,Pa$$w0rd\r\n";
        let created = dry
            .invoke(
                &Cmdlet::new("New-MigrationBatch")
                    .param("Name", "wave1")
                    .bytes("CSVData", csv),
                Kind::Write,
            )
            .unwrap();
        assert_eq!(created[0]["Identity"], "wave1");
        assert_eq!(created[0]["Status"], "Created");
        assert_eq!(
            dry.encrypt_credential("CONTOSO\\admin", "S3cret!").unwrap(),
            "***"
        );
        // A real encrypted credential handed to a dry run is hidden too.
        let read = dry
            .invoke(
                &Cmdlet::new("Test-MigrationServerAvailability")
                    .param("Credentials", "RU5DUllQVEVELVMzY3JldA=="),
                Kind::Read,
            )
            .unwrap();
        assert!(read.is_empty());
        let text = String::from_utf8(dry.into_inner()).unwrap();
        assert!(text.contains(
            "POST https://outlook.office365.com/adminapi/beta/contoso.onmicrosoft.com/InvokeCommand"
        ));
        assert!(text.contains("Authorization: Bearer ***"));
        assert!(text.contains("New-MigrationBatch (write)"));
        let hash = ring::digest::digest(&ring::digest::SHA256, csv);
        let hex: String = hash.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        assert!(
            text.contains(&format!("<{} bytes, sha256 {hex}>", csv.len())),
            "{text}"
        );
        assert!(text.contains("\"Credentials\": \"***\""));
        assert!(!text.contains("Pa$$w0rd"));
        assert!(!text.contains("S3cret"));
        assert!(!text.contains("RU5DUllQVEVE"));
        assert_eq!(text.matches("[dry run] request").count(), 2);
    }
}

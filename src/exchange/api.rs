//! The one seam between the runner and the service: a cmdlet in, its objects out.
//!
//! The HTTP client (`client` module: sign-in, `InvokeCommand`, paging, retries) implements
//! [`Exchange`]; the runner's tests use an in-memory fake. Nothing here holds a token or
//! a password, and no error message carries one.

use serde_json::{Map, Value};

/// One cmdlet call: its name and its parameters as the wire encodes them (switch → bool,
/// multi-valued → array, byte[] → `{"@odata.type":"#Exchange.ByteArrayType","Data":[…]}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cmdlet {
    /// The cmdlet, e.g. `Get-MigrationBatch`.
    pub name: String,
    /// Its parameters, in the order they were added.
    pub parameters: Map<String, Value>,
}

impl Cmdlet {
    /// A cmdlet without parameters.
    pub fn new(name: &str) -> Self {
        Cmdlet {
            name: name.to_string(),
            parameters: Map::new(),
        }
    }

    /// Adds a parameter with a string, number, bool, array or object value.
    pub fn param(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.parameters.insert(name.to_string(), value.into());
        self
    }

    /// Adds a switch parameter (sent as `true`).
    pub fn switch(self, name: &str) -> Self {
        self.param(name, true)
    }

    /// Adds a byte[] parameter (`CSVData`): a JSON array of numbers 0–255, not base64.
    pub fn bytes(self, name: &str, bytes: &[u8]) -> Self {
        let data: Vec<Value> = bytes.iter().map(|b| Value::from(*b)).collect();
        let mut object = Map::new();
        object.insert(
            "@odata.type".to_string(),
            Value::from("#Exchange.ByteArrayType"),
        );
        object.insert("Data".to_string(), Value::Array(data));
        self.param(name, Value::Object(object))
    }
}

/// Whether a call changes the service. A failed write is never replayed blindly (only
/// when the service said it was throttled and did nothing); otherwise the runner
/// reconciles with a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Get-*`, `Test-*`: safe to retry.
    Read,
    /// `New-*`, `Start-*`, `Stop-*`, `Remove-*`, `Set-*`.
    Write,
}

/// Why a call failed. Messages are Microsoft's text or ours; never a token, a password or
/// a request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 400 with `ManagementObjectNotFoundException`: the object does not exist.
    NotFound {
        /// Microsoft's message.
        message: String,
    },
    /// 403: the reason from `x-ms-diagnostics` (the body is empty).
    Forbidden {
        /// The diagnostics header's text, or a hint when it is absent.
        reason: String,
    },
    /// The service answered with an error (4xx/5xx, or `@adminapi.errors` in a 2xx).
    Service {
        /// The HTTP status (200 for `@adminapi.errors`).
        status: u16,
        /// The exception class when the service named one (`MigrationPermanentException`).
        class: Option<String>,
        /// Microsoft's message (`details[0].message`, inner exception, then `message`).
        message: String,
    },
    /// Still throttled or unavailable after the retries the policy allows.
    GaveUp {
        /// What the last answer was (e.g. "429 after 5 retries").
        last: String,
    },
    /// A write whose outcome is unknown (the connection broke after sending): the caller
    /// must reconcile with a read before doing anything else.
    Uncertain {
        /// What happened.
        reason: String,
    },
    /// Sign-in failed or the token was refused (401 after a fresh token).
    SignIn {
        /// Microsoft's `error_description` (AADSTS…) or ours.
        message: String,
    },
    /// The connection could not be made or the answer could not be read.
    Transport {
        /// What went wrong.
        message: String,
    },
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::NotFound { message } => write!(f, "not found: {message}"),
            ApiError::Forbidden { reason } => write!(f, "refused (403): {reason}"),
            ApiError::Service {
                status,
                class: Some(class),
                message,
            } => write!(f, "{message} ({class}, HTTP {status})"),
            ApiError::Service {
                status,
                class: None,
                message,
            } => write!(f, "{message} (HTTP {status})"),
            ApiError::GaveUp { last } => write!(f, "the service kept refusing: {last}"),
            ApiError::Uncertain { reason } => {
                write!(f, "the outcome is unknown ({reason}); reconciling")
            }
            ApiError::SignIn { message } => write!(f, "sign-in failed: {message}"),
            ApiError::Transport { message } => write!(f, "cannot reach the service: {message}"),
        }
    }
}

impl std::error::Error for ApiError {}

/// The service, as the runner sees it.
pub trait Exchange {
    /// Runs one cmdlet and returns every object it produced, all pages read
    /// (`@odata.nextLink` followed on the same host only). `@adminapi.errors` in a 2xx is
    /// an error. Retries follow the reference's policy (429 honours `Retry-After`;
    /// 401/503/504 and transient exceptions back off; writes are replayed only after a
    /// throttling answer).
    fn invoke(&mut self, cmdlet: &Cmdlet, kind: Kind) -> Result<Vec<Value>, ApiError>;

    /// The `Credentials` value of `New-MigrationEndpoint`/`Test-MigrationServerAvailability`
    /// for an on-premises `DOMAIN\user` and password, in the service's encrypted wire form
    /// ([inferred]; see `credential`). Connections that cannot encrypt refuse.
    fn encrypt_credential(&mut self, user: &str, password: &str) -> Result<String, ApiError> {
        let _ = (user, password);
        Err(ApiError::Transport {
            message: "this connection cannot encrypt a credential".into(),
        })
    }

    /// The service's warnings (`@adminapi.warnings`) since the last call, oldest first.
    fn take_warnings(&mut self) -> Vec<String> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_data_is_an_array_of_numbers_not_base64() {
        let cmdlet = Cmdlet::new("New-MigrationBatch").bytes("CSVData", b"Em");
        let wire = serde_json::to_string(&cmdlet.parameters).unwrap();
        assert_eq!(
            wire,
            r##"{"CSVData":{"@odata.type":"#Exchange.ByteArrayType","Data":[69,109]}}"##
        );
    }

    #[test]
    fn a_switch_is_sent_as_true() {
        let cmdlet = Cmdlet::new("New-MigrationBatch").switch("AutoStart");
        assert_eq!(cmdlet.parameters["AutoStart"], Value::Bool(true));
    }
}

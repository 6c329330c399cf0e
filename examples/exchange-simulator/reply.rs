//! Cmdlet errors in the admin API's shape: `{"error":{"code","message":"Invalid Operation",
//! "details":[{"message":"<id>|<ExceptionClass>|<text>"}],"innererror":{…}}}`, the detail
//! read first by clients (the reference's "Errors").

use serde_json::{Value, json};

/// `ManagementObjectNotFoundException`'s full name.
pub const NOT_FOUND: &str =
    "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException";

/// A refused cmdlet.
#[derive(Debug)]
pub struct CmdletError {
    /// The HTTP status (400 for Exchange's own errors).
    pub status: u16,
    /// The exception class.
    pub class: String,
    /// The text.
    pub message: String,
}

impl CmdletError {
    /// A 400 with this exception class and text.
    pub fn bad(class: &str, message: impl Into<String>) -> Self {
        CmdletError {
            status: 400,
            class: class.to_string(),
            message: message.into(),
        }
    }

    /// The object does not exist.
    pub fn not_found(identity: &str) -> Self {
        CmdletError::bad(
            NOT_FOUND,
            format!(
                "The operation couldn't be performed because object '{identity}' couldn't be \
                 found on 'SIMPR01A001DC01.SIMPR01A001.PROD.OUTLOOK.COM'."
            ),
        )
    }

    /// A parameter this cmdlet does not have.
    pub fn unknown_parameter(name: &str) -> Self {
        CmdletError::bad(
            "Microsoft.Exchange.Management.AdminApiProvider.AmbiguousParameterSetException",
            format!("A parameter cannot be found that matches parameter name '{name}'."),
        )
    }

    /// A parameter that is required and missing or of the wrong type.
    pub fn argument(name: &str, why: &str) -> Self {
        CmdletError::bad(
            "System.Management.Automation.ParameterBindingException",
            format!("Cannot process argument on parameter '{name}'. {why}"),
        )
    }

    /// The body as the service sends it.
    pub fn body(&self) -> Value {
        let id = format!("Ex{:06X}", fnv(&self.class) & 0xFF_FFFF);
        let code = if self.status == 400 {
            "BadRequest"
        } else {
            "InternalServerError"
        };
        json!({"error": {
            "code": code,
            "message": "Invalid Operation",
            "details": [{
                "code": "Context",
                "target": "",
                "message": format!("{id}|{}|{}", self.class, self.message),
            }],
            "innererror": {
                "message": self.message,
                "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
                "internalexception": {"message": self.message, "type": self.class},
            },
        }})
    }
}

fn fnv(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

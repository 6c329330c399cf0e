//! Reading the service's error answers: which text to show, which exception class, and
//! whether a retry may help.
//!
//! The text comes from `error.details[0].message`, then
//! `error.innererror.internalexception.message`, then `error.message` (often just "Invalid
//! Operation"). A detail is `<id>|<ExceptionClass>|<text>` or a JSON string
//! `{"ClassName":…,"Message":…}`; both are read.

use serde_json::Value;

use super::http::Response;
use super::retry::{Failure, TRANSIENT_EXCEPTIONS, retry_after};
use crate::exchange::api::ApiError;

/// Longest message kept from an answer.
const MAX_MESSAGE: usize = 2000;

/// EH waits on this text (a throttling answer without 429).
const CONCURRENCY: &str = "maximum number of concurrent requests";

/// An exception class (short name) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// `ManagementObjectNotFoundException`, without its namespace.
    pub class: Option<String>,
    /// The message.
    pub message: String,
}

/// Reads one detail message: `<id>|<Class>|<text>`, a JSON `{ClassName, Message}`, or text.
pub fn read_detail(text: &str) -> Detail {
    let trimmed = text.trim();
    if trimmed.starts_with('{')
        && let Ok(Value::Object(object)) = serde_json::from_str::<Value>(trimmed)
    {
        let class = object
            .get("ClassName")
            .and_then(Value::as_str)
            .map(short_class);
        let message = ["Message", "localizedString", "message"]
            .iter()
            .find_map(|k| object.get(*k).and_then(Value::as_str))
            .unwrap_or("");
        return Detail {
            class,
            message: clip(message),
        };
    }
    let mut parts = trimmed.splitn(3, '|');
    if let (Some(_id), Some(class), Some(message)) = (parts.next(), parts.next(), parts.next())
        && class.ends_with("Exception")
        && !class.contains(' ')
    {
        return Detail {
            class: Some(short_class(class)),
            message: clip(message),
        };
    }
    Detail {
        class: None,
        message: clip(trimmed),
    }
}

/// The message and class of an `{"error":{…}}` body (or `None` when it is not one).
pub fn read_error_body(body: &[u8]) -> Option<Detail> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let error = value.get("error")?;
    let candidates = [
        error.pointer("/details/0/message"),
        error.pointer("/innererror/internalexception/message"),
        error.get("message"),
    ];
    let mut fallback_class = error
        .pointer("/innererror/internalexception/type")
        .or_else(|| error.pointer("/innererror/type"))
        .and_then(Value::as_str)
        .map(short_class);
    for text in candidates.into_iter().flatten().filter_map(Value::as_str) {
        if text.trim().is_empty() {
            continue;
        }
        let mut detail = read_detail(text);
        if detail.class.is_none() {
            detail.class = fallback_class.take();
        }
        return Some(detail);
    }
    None
}

/// Reads `@adminapi.errors` of a 2xx answer: strings (detail form) or objects.
pub fn read_admin_errors(errors: &Value) -> Option<Detail> {
    let first = match errors {
        Value::Array(items) => items.first()?,
        Value::Null => return None,
        other => other,
    };
    Some(match first {
        Value::String(text) => read_detail(text),
        Value::Object(object) => {
            let text = ["message", "Message", "ErrorRecord", "Exception"]
                .iter()
                .find_map(|k| object.get(*k).and_then(Value::as_str))
                .unwrap_or("the service reported an error");
            read_detail(text)
        }
        other => read_detail(&other.to_string()),
    })
}

/// Turns a non-2xx answer into a failure the retry policy understands.
pub fn failure(response: &Response) -> Failure {
    let status = response.status;
    let detail = read_error_body(&response.body);
    let class = detail.as_ref().and_then(|d| d.class.clone());
    let message = detail
        .as_ref()
        .map(|d| d.message.clone())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| format!("HTTP {status}"));
    let transient_class = class
        .as_deref()
        .is_some_and(|c| TRANSIENT_EXCEPTIONS.contains(&c));
    match status {
        429 => Failure::Throttled {
            retry_after: response.header("retry-after").and_then(retry_after),
        },
        _ if message.contains(CONCURRENCY) => Failure::Throttled {
            retry_after: response.header("retry-after").and_then(retry_after),
        },
        401 => Failure::Unauthorized { message },
        403 => Failure::Final(ApiError::Forbidden {
            reason: response
                .header("x-ms-diagnostics")
                .map(clip)
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| {
                    "no reason given; the account or app needs the Exchange Administrator role"
                        .to_string()
                }),
        }),
        400 if class.as_deref() == Some("ManagementObjectNotFoundException") => {
            Failure::Final(ApiError::NotFound { message })
        }
        502..=504 => Failure::Transient(ApiError::Service {
            status,
            class,
            message,
        }),
        _ if transient_class => Failure::Transient(ApiError::Service {
            status,
            class,
            message,
        }),
        _ => Failure::Final(ApiError::Service {
            status,
            class,
            message,
        }),
    }
}

fn short_class(class: &str) -> String {
    class.rsplit('.').next().unwrap_or(class).trim().to_string()
}

/// Keeps a message readable: control characters (a body of NUL bytes) dropped, length capped.
fn clip(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(MAX_MESSAGE)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_pipe_detail_gives_class_and_text() {
        let d = read_detail(
            "ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The object couldn't be found.",
        );
        assert_eq!(
            d.class.as_deref(),
            Some("ManagementObjectNotFoundException")
        );
        assert_eq!(d.message, "The object couldn't be found.");
    }

    #[test]
    fn a_json_detail_gives_class_and_text() {
        let d = read_detail(
            r#"{"ClassName":"Microsoft.Exchange.Migration.MigrationPermanentException","Message":"Batch exists."}"#,
        );
        assert_eq!(d.class.as_deref(), Some("MigrationPermanentException"));
        assert_eq!(d.message, "Batch exists.");
    }

    #[test]
    fn plain_text_with_pipes_is_not_split() {
        let d = read_detail("a | b | c");
        assert_eq!(d.class, None);
        assert_eq!(d.message, "a | b | c");
    }

    #[test]
    fn details_come_before_the_inner_exception_and_the_message() {
        let body = r#"{"error":{"code":"BadRequest","message":"Invalid Operation",
            "details":[{"message":"x|Foo.BarException|The detail."}],
            "innererror":{"internalexception":{"message":"inner"}}}}"#;
        let d = read_error_body(body.as_bytes()).unwrap();
        assert_eq!(d.message, "The detail.");
        let body = r#"{"error":{"message":"Invalid Operation","innererror":{"internalexception":{"message":"inner"}}}}"#;
        assert_eq!(read_error_body(body.as_bytes()).unwrap().message, "inner");
        let body = r#"{"error":{"message":"Invalid Operation"}}"#;
        assert_eq!(
            read_error_body(body.as_bytes()).unwrap().message,
            "Invalid Operation"
        );
    }

    #[test]
    fn not_found_is_a_400_with_its_class() {
        let body = r#"{"error":{"details":[{"message":"x|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|Couldn't find wave1."}]}}"#;
        assert_eq!(
            failure(&answer(400, &[], body)),
            Failure::Final(ApiError::NotFound {
                message: "Couldn't find wave1.".into()
            })
        );
    }

    #[test]
    fn forbidden_reads_the_diagnostics_header_from_an_empty_body() {
        let f = failure(&answer(
            403,
            &[(
                "x-ms-diagnostics",
                "2000008;reason=\"The user has no role\"",
            )],
            "\0\0\0",
        ));
        assert_eq!(
            f,
            Failure::Final(ApiError::Forbidden {
                reason: "2000008;reason=\"The user has no role\"".into()
            })
        );
    }

    #[test]
    fn transient_classes_and_gateway_errors_are_transient() {
        let body = r#"{"error":{"details":[{"message":"x|Microsoft.Exchange.Data.Directory.DCOverloadedException|Busy."}]}}"#;
        assert!(matches!(
            failure(&answer(500, &[], body)),
            Failure::Transient(_)
        ));
        assert!(matches!(
            failure(&answer(503, &[], "")),
            Failure::Transient(_)
        ));
        assert!(matches!(
            failure(&answer(504, &[], "")),
            Failure::Transient(_)
        ));
        assert!(matches!(failure(&answer(500, &[], "")), Failure::Final(_)));
    }

    #[test]
    fn throttling_carries_retry_after() {
        assert_eq!(
            failure(&answer(429, &[("retry-after", "0.2")], "")),
            Failure::Throttled {
                retry_after: Some(std::time::Duration::from_millis(200))
            }
        );
        let body = r#"{"error":{"message":"You have reached the maximum number of concurrent requests per tenant."}}"#;
        assert!(matches!(
            failure(&answer(400, &[], body)),
            Failure::Throttled { retry_after: None }
        ));
    }

    #[test]
    fn admin_errors_in_a_2xx_are_read() {
        let errors: Value = serde_json::json!([
            "id|Microsoft.Exchange.Migration.MigrationPermanentException|Duplicate batch."
        ]);
        let d = read_admin_errors(&errors).unwrap();
        assert_eq!(d.class.as_deref(), Some("MigrationPermanentException"));
        assert_eq!(d.message, "Duplicate batch.");
        assert_eq!(read_admin_errors(&serde_json::json!([])), None);
    }
}

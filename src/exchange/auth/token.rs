//! The token endpoint's answers: a token, or an OAuth error (`authorization_pending`,
//! `AADSTS…`). Also the form encoding of requests and the few claims we read.
//!
//! The sign-in service has its bad moments too: 429 with `Retry-After`, 5xx, the OAuth
//! error `temporarily_unavailable` (AADSTS90033 and kin), a dropped connection. A token
//! request changes nothing at Microsoft, so all of these are retried ([`with_retries`],
//! or the API client's own loop when a token is renewed before a call: the call was not
//! sent yet, so even a write is safe to retry).

use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Map, Value};

use super::secret::Secret;
use crate::exchange::api::{ApiError, Kind};
use crate::exchange::client::http::{Http, SendError};
use crate::exchange::client::retry::{self, Failure, Policy, Sleeper};

/// An access token and when it stops being good.
#[derive(Debug, Clone)]
pub struct Token {
    /// The bearer token.
    pub access: Secret,
    /// When it expires (by our clock: `expires_in` after it arrived).
    pub expires_at: Instant,
    /// The refresh token (device code with `offline_access`).
    pub refresh: Option<Secret>,
}

impl Token {
    /// Whether the token is good for at least `margin` more.
    pub fn fresh_for(&self, margin: Duration, now: Instant) -> bool {
        self.expires_at
            .checked_duration_since(now)
            .unwrap_or_default()
            > margin
    }
}

/// An OAuth error answer (`{"error":…,"error_description":…}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// `authorization_pending`, `invalid_client`, …
    pub error: String,
    /// Microsoft's text (`AADSTS…`).
    pub description: String,
}

impl OAuthError {
    /// The sign-in error for the user.
    pub fn into_api(self) -> ApiError {
        let message = if self.description.is_empty() {
            self.error
        } else {
            // AADSTS texts end with trace and correlation ids on new lines: keep line one.
            self.description
                .lines()
                .next()
                .unwrap_or_default()
                .to_string()
        };
        ApiError::SignIn { message }
    }
}

/// Percent-encodes form fields (`application/x-www-form-urlencoded`).
pub fn form(fields: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// POSTs a form to the sign-in service once and reads the JSON answer: `Ok(Ok(object))`
/// for a 2xx, `Ok(Err(oauth))` for an OAuth error the caller decides on, `Err` when no
/// usable answer came, classified for retrying: throttled (429), not done (5xx,
/// `temporarily_unavailable`, no connection or no answer), or final.
pub fn post_form(
    http: &Http,
    url: &str,
    fields: &[(&str, &str)],
) -> Result<Result<Map<String, Value>, OAuthError>, Failure> {
    let body = form(fields);
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "application/json"),
    ];
    let response = http
        .post(url, &headers, body.as_bytes())
        .map_err(|e| match e {
            SendError::BadUrl(message) => Failure::Final(ApiError::SignIn { message }),
            // A token request that reached the service and lost its answer did nothing
            // that a second one would undo.
            SendError::NotSent(m) | SendError::Broken(m) => {
                Failure::NotSent(format!("sign-in service: {m}"))
            }
        })?;
    if response.status == 429 {
        return Err(Failure::Throttled {
            retry_after: response.header("retry-after").and_then(retry::retry_after),
        });
    }
    let object = match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(object)) => object,
        _ if response.status >= 500 => return Err(unavailable(response.status, "")),
        _ => {
            return Err(Failure::Final(ApiError::SignIn {
                message: format!(
                    "the sign-in service answered HTTP {} without JSON",
                    response.status
                ),
            }));
        }
    };
    if (200..300).contains(&response.status) {
        return Ok(Ok(object));
    }
    let text = |k: &str| {
        object
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let error = OAuthError {
        error: text("error"),
        description: text("error_description"),
    };
    if response.status >= 500 || error.error == "temporarily_unavailable" {
        let said = error.description.lines().next().unwrap_or_default();
        let said = if said.is_empty() { &error.error } else { said };
        return Err(unavailable(response.status, said));
    }
    Ok(Err(error))
}

/// Runs a token request with the API's retry `policy` (a token request is safe to
/// repeat, so it is retried as a read), waiting with `sleeper`.
pub fn with_retries<T>(
    policy: &Policy,
    sleeper: &mut dyn Sleeper,
    mut attempt: impl FnMut() -> Result<T, Failure>,
) -> Result<T, ApiError> {
    retry::run(policy, Kind::Read, sleeper, |_| attempt())
}

/// The sign-in service could not answer now: retried as a request not done.
fn unavailable(status: u16, said: &str) -> Failure {
    let said = if said.is_empty() {
        String::new()
    } else {
        format!(": {said}")
    };
    Failure::NotSent(format!("the sign-in service answered HTTP {status}{said}"))
}

/// Reads a token from a 2xx token answer.
pub fn read_token(object: &Map<String, Value>, now: Instant) -> Result<Token, ApiError> {
    let access = object
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::SignIn {
            message: "the sign-in service sent no access token".into(),
        })?;
    let expires_in = match object.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
    .unwrap_or(3600)
    .min(86_400 * 7);
    Ok(Token {
        access: Secret::new(access),
        expires_at: now + Duration::from_secs(expires_in),
        refresh: object
            .get("refresh_token")
            .and_then(Value::as_str)
            .map(Secret::new),
    })
}

/// The payload of a JWT, read without checking its signature (the service checks it): we
/// only take the admin's UPN and the tenant ID for `X-AnchorMailbox`.
pub fn claims(jwt: &str) -> Option<Map<String, Value>> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(object) => Some(object),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_percent_encoded() {
        assert_eq!(
            form(&[("scope", "https://x/.default offline_access"), ("a&b", "=")]),
            "scope=https%3A%2F%2Fx%2F.default+offline_access&a%26b=%3D"
        );
    }

    #[test]
    fn a_token_answer_is_read() {
        let now = Instant::now();
        let object =
            serde_json::json!({"access_token":"at","expires_in":"3599","refresh_token":"rt"});
        let token = read_token(object.as_object().unwrap(), now).unwrap();
        assert_eq!(token.access.expose(), "at");
        assert_eq!(token.refresh.as_ref().map(Secret::expose), Some("rt"));
        assert!(token.fresh_for(Duration::from_secs(3000), now));
        assert!(!token.fresh_for(Duration::from_secs(3600), now));
        assert!(!format!("{token:?}").contains("at\""));
        let missing = serde_json::json!({"token_type":"Bearer"});
        assert!(read_token(missing.as_object().unwrap(), now).is_err());
    }

    #[test]
    fn claims_are_read_from_the_payload() {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = format!(
            "{}.{}.sig",
            b64("{}"),
            b64(r#"{"upn":"admin@contoso.com"}"#)
        );
        assert_eq!(claims(&jwt).unwrap()["upn"], "admin@contoso.com");
        assert!(claims("nonsense").is_none());
    }

    #[test]
    fn an_oauth_error_keeps_the_first_line() {
        let e = OAuthError {
            error: "invalid_client".into(),
            description: "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1".into(),
        };
        assert_eq!(
            e.into_api(),
            ApiError::SignIn {
                message: "AADSTS7000215: Invalid client secret provided.".into()
            }
        );
    }
}

//! Device-code sign-in (delegated): the user opens a page on any device and types a code.
//!
//! POST `{authority}/{tenant}/oauth2/v2.0/devicecode`, show Microsoft's message, then poll
//! the token endpoint every `interval` seconds: `authorization_pending` waits,
//! `slow_down` adds 5 s, `expired_token` ends. Conditional Access may block this flow
//! for the tenant [doc].

use std::io::Write;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::session::SignIn;
use super::token::{Token, post_form, read_token, with_retries};
use crate::exchange::api::ApiError;
use crate::exchange::client::http::Http;
use crate::exchange::client::retry::{Policy, Sleeper};
use crate::render::terminal::escape;

const GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// Runs the device-code flow: prompt written to `out`, token returned.
pub fn sign_in(
    http: &Http,
    config: &SignIn,
    policy: &Policy,
    out: &mut dyn Write,
    sleeper: &mut dyn Sleeper,
) -> Result<Token, ApiError> {
    let scope = config.scope(true);
    let fields = [("client_id", config.client_id.as_str()), ("scope", &scope)];
    let devicecode = config.endpoint("devicecode");
    let answer = with_retries(policy, sleeper, || post_form(http, &devicecode, &fields))?
        .map_err(|e| e.into_api())?;
    let text = |k: &str| answer.get(k).and_then(Value::as_str).unwrap_or_default();
    let number = |k: &str, default: u64| match answer.get(k) {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(default),
        Some(Value::String(s)) => s.parse().unwrap_or(default),
        _ => default,
    };
    let device_code = text("device_code").to_string();
    if device_code.is_empty() {
        return Err(ApiError::SignIn {
            message: "the sign-in service sent no device code".into(),
        });
    }
    let message = match text("message") {
        "" => format!(
            "To sign in, open {} and enter the code {}.",
            text("verification_uri"),
            text("user_code")
        ),
        m => m.to_string(),
    };
    writeln!(out, "{}", escape(&message))
        .and_then(|()| out.flush())
        .map_err(|e| ApiError::Transport {
            message: format!("cannot show the sign-in code: {e}"),
        })?;
    let lifetime = Duration::from_secs(number("expires_in", 900).min(3600));
    let mut interval = Duration::from_secs(number("interval", 5).clamp(1, 60));
    let mut waited = Duration::ZERO;
    let token_url = config.endpoint("token");
    loop {
        if waited >= lifetime {
            return Err(expired());
        }
        sleeper.sleep(interval);
        waited += interval;
        let fields = [
            ("grant_type", GRANT),
            ("client_id", config.client_id.as_str()),
            ("device_code", &device_code),
        ];
        let polled = with_retries(policy, sleeper, || post_form(http, &token_url, &fields))?;
        match polled {
            Ok(object) => return read_token(&object, Instant::now()),
            Err(e) if e.error == "authorization_pending" => {}
            Err(e) if e.error == "slow_down" => interval += Duration::from_secs(5),
            Err(e) if e.error == "expired_token" || e.error == "code_expired" => {
                return Err(expired());
            }
            Err(e) if e.error == "authorization_declined" => {
                return Err(ApiError::SignIn {
                    message: "the sign-in was declined".into(),
                });
            }
            Err(e) => return Err(e.into_api()),
        }
    }
}

fn expired() -> ApiError {
    ApiError::SignIn {
        message: "the code expired before the sign-in was finished; run the command again".into(),
    }
}

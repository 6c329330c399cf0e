//! The Microsoft identity platform's v2.0 endpoints, as far as the runner uses them:
//! `POST /{tenant}/oauth2/v2.0/devicecode` and `/token` (device code, refresh token,
//! client credentials with a secret or a certificate assertion). Errors have Entra's
//! shape: `{"error", "error_description": "AADSTS…", "error_codes"}`.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;

use crate::form;
use crate::http::Response;
use crate::log::Entry;
use crate::sim::{Device, Sim, Token};

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

fn refuse(status: u16, error: &str, code: u32, text: &str) -> Response {
    Response::json(
        status,
        &json!({
            "error": error,
            "error_description": format!("AADSTS{code}: {text}\r\nTrace ID: 00000000-0000-0000-0000-000000000000"),
            "error_codes": [code],
        }),
    )
}

fn scope_ok(scope: Option<&str>) -> bool {
    scope.is_some_and(|s| s.split(' ').any(|part| part.ends_with("/.default")))
}

fn bad_scope() -> Response {
    refuse(
        400,
        "invalid_scope",
        70011,
        "The provided value for the input parameter 'scope' is not valid. The scope must end in /.default.",
    )
}

/// `POST /{tenant}/oauth2/v2.0/devicecode`.
pub fn devicecode(sim: &mut Sim, tenant: &str, body: &[u8]) -> Response {
    let fields = form::parse(&String::from_utf8_lossy(body));
    if form::field(&fields, "client_id").is_none_or(str::is_empty) {
        return refuse(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'client_id'.",
        );
    }
    if tenant.eq_ignore_ascii_case("common") {
        return refuse(
            400,
            "invalid_request",
            90133,
            "Device Code flow is not supported under /common or /consumers endpoint.",
        );
    }
    if !scope_ok(form::field(&fields, "scope")) {
        return bad_scope();
    }
    let device_code = Sim::random_token();
    let user_code: String = device_code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(9)
        .collect::<String>()
        .to_ascii_uppercase();
    sim.devices.insert(
        device_code.clone(),
        Device {
            tenant: tenant.to_string(),
            polls: 0,
        },
    );
    let uri = "https://microsoft.com/devicelogin";
    Response::json(
        200,
        &json!({
            "user_code": user_code,
            "device_code": device_code,
            "verification_uri": uri,
            "expires_in": 900,
            "interval": sim.config.device_interval,
            "message": format!("To sign in, use a web browser to open the page {uri} and enter the code {user_code} to authenticate."),
        }),
    )
}

/// `POST /{tenant}/oauth2/v2.0/token`.
pub fn token(sim: &mut Sim, tenant: &str, body: &[u8], entry: &mut Entry) -> Response {
    let fields = form::parse(&String::from_utf8_lossy(body));
    let grant = form::field(&fields, "grant_type").unwrap_or("").to_string();
    entry.grant = Some(grant.chars().take(80).collect());
    let client_id = form::field(&fields, "client_id").unwrap_or("");
    if client_id.is_empty() {
        return refuse(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'client_id'.",
        );
    }
    match grant.as_str() {
        DEVICE_GRANT => {
            let code = form::field(&fields, "device_code").unwrap_or("");
            let pending = sim.config.device_pending;
            let Some(device) = sim.devices.get_mut(code) else {
                return refuse(
                    400,
                    "expired_token",
                    70019,
                    "Verification code expired or already used.",
                );
            };
            device.polls += 1;
            if device.polls <= pending {
                return refuse(
                    400,
                    "authorization_pending",
                    70016,
                    "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
                );
            }
            let device_tenant = device.tenant.clone();
            sim.devices.remove(code);
            issue(sim, &device_tenant, true)
        }
        "refresh_token" => {
            let presented = form::field(&fields, "refresh_token").unwrap_or("");
            match sim.refresh_tokens.get(presented).cloned() {
                Some(owner) => issue(sim, &owner, true),
                None => refuse(
                    400,
                    "invalid_grant",
                    9002313,
                    "Invalid request. Request is malformed or invalid (unknown refresh token).",
                ),
            }
        }
        "client_credentials" => {
            if !scope_ok(form::field(&fields, "scope")) {
                return bad_scope();
            }
            if let Some(secret) = form::field(&fields, "client_secret") {
                return match &sim.config.client_secret {
                    Some(expected) if expected == secret => issue(sim, tenant, false),
                    _ => refuse(
                        401,
                        "invalid_client",
                        7000215,
                        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
                    ),
                };
            }
            let assertion = form::field(&fields, "client_assertion");
            let assertion_type = form::field(&fields, "client_assertion_type");
            let (Some(assertion), Some(ASSERTION_TYPE)) = (assertion, assertion_type) else {
                return refuse(
                    401,
                    "invalid_client",
                    7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
                );
            };
            let Some(cert) = &sim.config.client_cert else {
                return refuse(
                    401,
                    "invalid_client",
                    700027,
                    "No certificate is registered on the application (start the simulator with --client-cert).",
                );
            };
            let audience = format!("{}/{tenant}/oauth2/v2.0/token", sim.url);
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            match crate::jwt::verify(assertion, cert, &audience, client_id, now) {
                Ok(()) => issue(sim, tenant, false),
                Err(crate::jwt::Refusal(code, text)) => refuse(401, "invalid_client", code, &text),
            }
        }
        _ => refuse(
            400,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type.",
        ),
    }
}

fn issue(sim: &mut Sim, tenant: &str, with_refresh: bool) -> Response {
    let access = Sim::random_token();
    let seconds = sim.config.token_seconds;
    sim.tokens.insert(
        access.clone(),
        Token {
            tenant: tenant.to_string(),
            expires: Instant::now() + Duration::from_secs(seconds),
        },
    );
    let mut answer = json!({
        "token_type": "Bearer",
        "scope": format!("{}/.default", sim.url),
        "expires_in": seconds,
        "ext_expires_in": seconds,
        "access_token": access,
    });
    if with_refresh {
        let refresh = Sim::random_token();
        sim.refresh_tokens
            .insert(refresh.clone(), tenant.to_string());
        answer["refresh_token"] = json!(refresh);
    }
    Response::json(200, &answer)
}

/// Whether `Authorization` holds a live token for this tenant; `organizations` tokens
/// (device code on the multi-tenant authority) are good for any tenant.
pub fn authorized(sim: &Sim, authorization: Option<&str>, tenant: &str) -> bool {
    let Some(token) = authorization.and_then(|v| v.strip_prefix("Bearer ")) else {
        return false;
    };
    sim.tokens.get(token.trim()).is_some_and(|t| {
        t.expires > Instant::now()
            && (t.tenant.eq_ignore_ascii_case(tenant)
                || t.tenant.eq_ignore_ascii_case("organizations"))
    })
}

/// The 401 Exchange Online answers without a valid token.
pub fn unauthorized() -> Response {
    Response::empty(401).with_header(
        "WWW-Authenticate",
        "Bearer client_id=\"00000002-0000-0ff1-ce00-000000000000\", \
         authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", \
         error=\"invalid_token\"",
    )
}

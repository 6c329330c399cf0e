//! A signed-in session: the token in memory, refreshed before it expires (refresh token
//! for device code, a new request for app-only), and the `X-AnchorMailbox` value.

use std::io::Write;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use super::assertion::Certificate;
use super::device_code;
use super::secret::Secret;
use super::token::{Token, claims, post_form, read_token, with_retries};
use crate::exchange::api::ApiError;
use crate::exchange::client::http::Http;
use crate::exchange::client::retry::{Failure, Policy, Sleeper};

/// The ExchangeOnlineManagement module's public client ID (device code by default).
pub const MODULE_CLIENT_ID: &str = "fb78d390-0c51-40cd-8e17-fdbfab77341b";

/// The system mailbox app-only calls are anchored on.
const APP_ANCHOR: &str = "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@";

/// A token is renewed when it has less than this left.
const MARGIN: Duration = Duration::from_secs(300);

/// Where and as whom to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    /// The sign-in service, e.g. `https://login.microsoftonline.com`.
    pub authority: String,
    /// The tenant: `contoso.onmicrosoft.com` or its ID.
    pub tenant: String,
    /// The app (client) ID.
    pub client_id: String,
    /// The admin API's base, e.g. `https://outlook.office365.com` (also the scope).
    pub api_base: String,
    /// The admin's UPN for `X-AnchorMailbox` (delegated); read from the token if absent.
    pub upn: Option<String>,
}

impl SignIn {
    /// `{authority}/{tenant}/oauth2/v2.0/{name}`.
    pub fn endpoint(&self, name: &str) -> String {
        format!(
            "{}/{}/oauth2/v2.0/{name}",
            self.authority.trim_end_matches('/'),
            self.tenant
        )
    }

    /// `{api_base}/.default`, with `offline_access` when delegated (runs last days).
    pub fn scope(&self, delegated: bool) -> String {
        let scope = format!("{}/.default", self.api_base.trim_end_matches('/'));
        if delegated {
            format!("{scope} offline_access")
        } else {
            scope
        }
    }
}

/// How to sign in.
#[derive(Debug)]
pub enum Method {
    /// Delegated, device code.
    DeviceCode,
    /// App-only with a client secret.
    Secret(Secret),
    /// App-only with a certificate (JWT assertion).
    Certificate(Box<Certificate>),
}

/// A signed-in session.
#[derive(Debug)]
pub struct Session {
    config: SignIn,
    method: Method,
    token: Token,
    anchor: Option<String>,
}

/// Checks a tenant name: a domain or an ID, not `common`/`organizations`/`consumers`.
pub fn check_tenant(tenant: &str) -> Result<(), String> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    if tenant.is_empty() || !tenant.chars().all(ok_char) {
        return Err("the tenant must be its domain (contoso.onmicrosoft.com) or its ID".into());
    }
    if ["common", "organizations", "consumers"]
        .iter()
        .any(|t| tenant.eq_ignore_ascii_case(t))
    {
        return Err(format!(
            "'{tenant}' is not a tenant: give the tenant's domain (contoso.onmicrosoft.com) or ID"
        ));
    }
    Ok(())
}

impl Session {
    /// Signs in. Device code writes its prompt to `out` and waits with `sleeper`; a
    /// token request the sign-in service could not answer is retried by `policy`.
    pub fn sign_in(
        http: &Http,
        config: SignIn,
        method: Method,
        policy: &Policy,
        out: &mut dyn Write,
        sleeper: &mut dyn Sleeper,
    ) -> Result<Session, ApiError> {
        check_tenant(&config.tenant).map_err(|message| ApiError::SignIn { message })?;
        let token = match &method {
            Method::DeviceCode => device_code::sign_in(http, &config, policy, out, sleeper)?,
            _ => with_retries(policy, sleeper, || app_token(http, &config, &method))?,
        };
        let mut session = Session {
            config,
            method,
            token,
            anchor: None,
        };
        session.anchor = session.anchor_for_token();
        Ok(session)
    }

    /// The `X-AnchorMailbox` value: `UPN:<admin>` (delegated) or the app system mailbox.
    pub fn anchor(&self) -> Option<&str> {
        self.anchor.as_deref()
    }

    /// Whether the session acts as an app (no user).
    pub fn app_only(&self) -> bool {
        !matches!(self.method, Method::DeviceCode)
    }

    /// A token good for a few minutes; `fresh` forces a new one (after a 401). A failed
    /// renewal is classified for the caller's retry loop (see [`super::token`]).
    pub fn bearer(&mut self, http: &Http, fresh: bool) -> Result<Secret, Failure> {
        if fresh || !self.token.fresh_for(MARGIN, Instant::now()) {
            self.token = match &self.method {
                Method::DeviceCode => self.refreshed(http)?,
                method => app_token(http, &self.config, method)?,
            };
        }
        Ok(self.token.access.clone())
    }

    fn refreshed(&self, http: &Http) -> Result<Token, Failure> {
        let refresh = self.token.refresh.as_ref().ok_or_else(|| {
            Failure::Final(ApiError::SignIn {
                message: "the token expired and no refresh token was given; sign in again".into(),
            })
        })?;
        let scope = self.config.scope(true);
        let answer = post_form(
            http,
            &self.config.endpoint("token"),
            &[
                ("grant_type", "refresh_token"),
                ("client_id", &self.config.client_id),
                ("refresh_token", refresh.expose()),
                ("scope", &scope),
            ],
        )?
        .map_err(|e| Failure::Final(e.into_api()))?;
        let mut token = read_token(&answer, Instant::now()).map_err(Failure::Final)?;
        if token.refresh.is_none() {
            token.refresh = Some(refresh.clone());
        }
        Ok(token)
    }

    fn anchor_for_token(&self) -> Option<String> {
        let claims = claims(self.token.access.expose());
        let claim = |names: &[&str]| {
            let claims = claims.as_ref()?;
            names
                .iter()
                .find_map(|n| claims.get(*n).and_then(Value::as_str))
                .map(str::to_string)
        };
        if self.app_only() {
            let tenant = claim(&["tid"]).unwrap_or_else(|| self.config.tenant.clone());
            return Some(format!("{APP_ANCHOR}{tenant}"));
        }
        self.config
            .upn
            .clone()
            .or_else(|| claim(&["upn", "unique_name", "preferred_username"]))
            .map(|upn| format!("UPN:{upn}"))
    }
}

/// One app-only token request (client secret or certificate).
fn app_token(http: &Http, config: &SignIn, method: &Method) -> Result<Token, Failure> {
    let scope = config.scope(false);
    let token_url = config.endpoint("token");
    let assertion;
    let mut fields = vec![
        ("grant_type", "client_credentials"),
        ("client_id", config.client_id.as_str()),
        ("scope", scope.as_str()),
    ];
    match method {
        Method::Secret(secret) => fields.push(("client_secret", secret.expose())),
        Method::Certificate(cert) => {
            assertion = cert
                .assertion(&config.client_id, &token_url, SystemTime::now())
                .map_err(|message| Failure::Final(ApiError::SignIn { message }))?;
            fields.push((
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ));
            fields.push(("client_assertion", assertion.as_str()));
        }
        Method::DeviceCode => {
            return Err(Failure::Final(ApiError::SignIn {
                message: "device code is not an app-only sign-in".into(),
            }));
        }
    }
    let answer = post_form(http, &token_url, &fields)?.map_err(|e| Failure::Final(e.into_api()))?;
    read_token(&answer, Instant::now()).map_err(Failure::Final)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SignIn {
        SignIn {
            authority: "https://login.microsoftonline.com/".into(),
            tenant: "contoso.onmicrosoft.com".into(),
            client_id: MODULE_CLIENT_ID.into(),
            api_base: "https://outlook.office365.com".into(),
            upn: None,
        }
    }

    #[test]
    fn endpoints_and_scopes() {
        let c = config();
        assert_eq!(
            c.endpoint("token"),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert_eq!(
            c.scope(true),
            "https://outlook.office365.com/.default offline_access"
        );
        assert_eq!(c.scope(false), "https://outlook.office365.com/.default");
    }

    #[test]
    fn common_is_not_a_tenant() {
        assert!(check_tenant("common").is_err());
        assert!(check_tenant("Organizations").is_err());
        assert!(check_tenant("contoso.onmicrosoft.com").is_ok());
        assert!(check_tenant("2f1c1d8e-0000-4000-8000-000000000000").is_ok());
        assert!(check_tenant("a/b").is_err());
        assert!(check_tenant("").is_err());
    }
}

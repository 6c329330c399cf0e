//! The Exchange Online admin API client: `InvokeCommand` over HTTPS, every page read, the
//! service's errors read, retries as [`retry`] says. It implements
//! [`crate::exchange::api::Exchange`].
//!
//! Each cmdlet call is one POST of `{"CmdletInput":{"CmdletName":…,"Parameters":{…}}}` to
//! `{api_base}/adminapi/beta/{tenant}/InvokeCommand` with the headers the module sends
//! (`X-AnchorMailbox`, `Prefer: odata.maxpagesize=1000`, `X-ResponseFormat: json` and one
//! `client-request-id` per cmdlet, kept across retries and pages). `@odata.nextLink` is
//! followed with the same body on the same scheme, host and port only.

pub mod error;
pub mod http;
pub mod id;
pub mod module_file;
pub mod page;
pub mod retry;

use serde_json::{Value, json};

use self::error::failure;
use self::http::{Http, SendError, check_url, same_origin, shown};
use self::page::{Page, read_page};
use self::retry::{Failure, Policy, RealSleeper, Sleeper};
use crate::exchange::api::{ApiError, Cmdlet, Exchange, Kind};
use crate::exchange::auth::Session;
use crate::render::count::thousands;

/// A cmdlet's pages are read up to this many (a million objects at 1,000 a page).
pub const MAX_PAGES: usize = 1000;

/// `{api_base}/adminapi/beta/{tenant}/InvokeCommand`.
pub fn invoke_url(api_base: &str, tenant: &str) -> String {
    format!(
        "{}/adminapi/beta/{tenant}/InvokeCommand",
        api_base.trim_end_matches('/')
    )
}

/// The request body of a cmdlet.
pub fn body(cmdlet: &Cmdlet) -> Value {
    json!({"CmdletInput": {"CmdletName": cmdlet.name, "Parameters": cmdlet.parameters}})
}

/// A signed-in connection to one tenant's admin API.
pub struct Client {
    http: Http,
    session: Session,
    api_base: String,
    tenant: String,
    policy: Policy,
    sleeper: Box<dyn Sleeper>,
    warnings: Vec<String>,
    public_key: Option<rsa::RsaPublicKey>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api_base", &self.api_base)
            .field("tenant", &self.tenant)
            .field("session", &self.session)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `{api_base}` and `tenant`, with a signed-in session.
    pub fn new(
        http: Http,
        session: Session,
        api_base: &str,
        tenant: &str,
        policy: Policy,
    ) -> Result<Client, ApiError> {
        check_url(api_base).map_err(|message| ApiError::Transport { message })?;
        Ok(Client {
            http,
            session,
            api_base: api_base.trim_end_matches('/').to_string(),
            tenant: tenant.to_string(),
            policy,
            sleeper: Box::new(RealSleeper),
            warnings: Vec::new(),
            public_key: None,
        })
    }

    /// Replaces the sleeper (tests).
    pub fn with_sleeper(mut self, sleeper: Box<dyn Sleeper>) -> Self {
        self.sleeper = sleeper;
        self
    }

    /// The warnings (`@adminapi.warnings`) collected since the last call, oldest first.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// Sends one request with retries; `get` sends a GET without body.
    fn send(
        &mut self,
        url: &str,
        body: Option<&[u8]>,
        kind: Kind,
        request_id: &str,
    ) -> Result<Page, ApiError> {
        let Client {
            http,
            session,
            policy,
            sleeper,
            ..
        } = self;
        retry::run(policy, kind, sleeper.as_mut(), |fresh| {
            let token = session.bearer(http, fresh)?;
            let bearer = format!("Bearer {}", token.expose());
            let mut headers = vec![
                ("Authorization", bearer.as_str()),
                ("Accept", "application/json"),
                ("Prefer", "odata.maxpagesize=1000"),
                ("X-ResponseFormat", "json"),
                ("client-request-id", request_id),
            ];
            if let Some(anchor) = session.anchor() {
                headers.push(("X-AnchorMailbox", anchor));
            }
            let sent = match body {
                Some(body) => {
                    headers.push(("Content-Type", "application/json"));
                    http.post(url, &headers, body)
                }
                None => http.get(url, &headers),
            };
            let response = sent.map_err(|e| match e {
                SendError::NotSent(m) => Failure::NotSent(m),
                SendError::Broken(m) => Failure::Broken(m),
                SendError::BadUrl(message) => Failure::Final(ApiError::Transport { message }),
            })?;
            if !(200..300).contains(&response.status) {
                return Err(failure(&response));
            }
            read_page(&response.body).map_err(Failure::Broken)
        })
    }
}

impl Exchange for Client {
    fn invoke(&mut self, cmdlet: &Cmdlet, kind: Kind) -> Result<Vec<Value>, ApiError> {
        let first = invoke_url(&self.api_base, &self.tenant);
        let origin = check_url(&first).map_err(|message| ApiError::Transport { message })?;
        let body = body(cmdlet).to_string();
        let request_id = id::new_id();
        let mut url = first;
        let mut values = Vec::new();
        for _ in 0..MAX_PAGES {
            let page = self.send(&url, Some(body.as_bytes()), kind, &request_id)?;
            self.warnings.extend(page.warnings);
            if let Some(error) = page.error {
                return Err(ApiError::Service {
                    status: 200,
                    class: error.class,
                    message: error.message,
                });
            }
            values.extend(page.values);
            let Some(next) = page.next_link else {
                return Ok(values);
            };
            let next_uri = check_url(&next).map_err(|message| ApiError::Transport { message })?;
            if !same_origin(&origin, &next_uri) {
                return Err(ApiError::Transport {
                    message: format!(
                        "the next page is on another host ({}); not followed",
                        shown(&next)
                    ),
                });
            }
            url = next;
        }
        Err(ApiError::Transport {
            message: format!(
                "{} answered more than {} pages; stopped",
                cmdlet.name,
                thousands(MAX_PAGES as u64)
            ),
        })
    }

    fn encrypt_credential(&mut self, user: &str, password: &str) -> Result<String, ApiError> {
        let key = match &self.public_key {
            Some(key) => key.clone(),
            None => {
                let key = self.module_public_key()?;
                self.public_key = Some(key.clone());
                key
            }
        };
        crate::exchange::credential::ps_credential(&key, user, password).map_err(|e| {
            ApiError::Transport {
                message: e.to_string(),
            }
        })
    }

    fn take_warnings(&mut self) -> Vec<String> {
        Client::take_warnings(self)
    }
}

//! The sign-in flags shared by `run`, `status`, `remove` and `endpoint create`, and the
//! connection they give: a signed-in [`Client`], or a [`DryRun`] that sends nothing.
//!
//! Included by the binary with `#[path]`; it uses only the library's public API.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use migration_preflight::exchange::api::Exchange;
use migration_preflight::exchange::auth::{
    Certificate, Cloud, MODULE_CLIENT_ID, Method, Secret, Session, SignIn,
};
use migration_preflight::exchange::client::Client;
use migration_preflight::exchange::client::http::{Http, check_url};
use migration_preflight::exchange::client::retry::{Policy, RealSleeper};
use migration_preflight::exchange::dry_run::DryRun;

/// The environment variable that sets the retry base delay (milliseconds).
pub const RETRY_BASE_ENV: &str = "MIGRATION_PREFLIGHT_RETRY_BASE_MS";

/// How long one request may take (the module allows 960 s).
const TIMEOUT: Duration = Duration::from_secs(960);

/// A Microsoft cloud, as the command line names it.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloudName {
    /// Worldwide: outlook.office365.com, login.microsoftonline.com.
    Commercial,
    /// GCC: the worldwide endpoints.
    Gcc,
    /// GCC High: outlook.office365.us, login.microsoftonline.us.
    GccHigh,
    /// DoD: outlook-dod.office365.us, login.microsoftonline.us.
    Dod,
    /// 21Vianet: outlook.office365.cn, login.chinacloudapi.cn.
    China,
}

impl From<CloudName> for Cloud {
    fn from(name: CloudName) -> Cloud {
        match name {
            CloudName::Commercial => Cloud::Commercial,
            CloudName::Gcc => Cloud::Gcc,
            CloudName::GccHigh => Cloud::GccHigh,
            CloudName::Dod => Cloud::Dod,
            CloudName::China => Cloud::China,
        }
    }
}

/// How to sign in to Exchange Online.
///
/// Without --certificate or --client-secret-env: device code as an Exchange
/// administrator (delegated). With either: app-only, as an app registration granted
/// Exchange.ManageAsApp and the Exchange Administrator role.
#[derive(clap::Args, Clone, Debug)]
pub struct SignInArgs {
    /// The tenant: its domain (contoso.onmicrosoft.com) or its ID.
    #[arg(long)]
    pub tenant: String,
    /// The Microsoft cloud.
    #[arg(long, value_enum, default_value_t = CloudName::Commercial)]
    pub cloud: CloudName,
    /// The admin API's base URL, instead of the cloud's (https; http only for this
    /// machine, e.g. the simulator).
    #[arg(long, value_name = "URL")]
    pub api_base: Option<String>,
    /// The sign-in service, instead of the cloud's (https; http only for this machine).
    #[arg(long, value_name = "URL")]
    pub authority: Option<String>,
    /// The app (client) ID. Default for device code: the ExchangeOnlineManagement
    /// module's public client; required with --certificate or --client-secret-env.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// App-only with a certificate: a PEM file holding the certificate and its RSA
    /// private key.
    #[arg(long, value_name = "PEM-FILE", conflicts_with = "client_secret_env")]
    pub certificate: Option<PathBuf>,
    /// App-only with a client secret, read from this environment variable (never from
    /// the command line).
    #[arg(long, value_name = "VAR")]
    pub client_secret_env: Option<String>,
    /// The admin's user principal name, for the X-AnchorMailbox header (device code;
    /// read from the token when absent).
    #[arg(long, value_name = "UPN")]
    pub upn: Option<String>,
    /// The first retry delay in milliseconds (tests against the simulator).
    #[arg(long, hide = true, value_name = "MS")]
    pub retry_base_ms: Option<u64>,
}

impl SignInArgs {
    /// The admin API's base URL.
    pub fn api_base(&self) -> String {
        let cloud = Cloud::from(self.cloud);
        self.api_base
            .clone()
            .unwrap_or_else(|| cloud.api_base().to_string())
            .trim_end_matches('/')
            .to_string()
    }

    /// The sign-in service's URL.
    pub fn authority(&self) -> String {
        let cloud = Cloud::from(self.cloud);
        self.authority
            .clone()
            .unwrap_or_else(|| cloud.authority().to_string())
            .trim_end_matches('/')
            .to_string()
    }

    fn app_only(&self) -> bool {
        self.certificate.is_some() || self.client_secret_env.is_some()
    }

    /// The retry policy: the base delay from --retry-base-ms, then the environment.
    pub fn policy(&self, env: &dyn Fn(&str) -> Option<String>) -> Policy {
        let base = self
            .retry_base_ms
            .or_else(|| env(RETRY_BASE_ENV).and_then(|v| v.trim().parse().ok()));
        match base {
            Some(ms) => Policy {
                base: Duration::from_millis(ms),
                ..Policy::default()
            },
            None => Policy::default(),
        }
    }

    fn method(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Method, String> {
        if let Some(path) = &self.certificate {
            let pem =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let cert =
                Certificate::from_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))?;
            return Ok(Method::Certificate(Box::new(cert)));
        }
        if let Some(name) = &self.client_secret_env {
            let secret = env(name)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| format!("the environment variable {name} is not set"))?;
            return Ok(Method::Secret(Secret::new(secret)));
        }
        Ok(Method::DeviceCode)
    }

    fn sign_in_config(&self) -> Result<SignIn, String> {
        let client_id = match (&self.client_id, self.app_only()) {
            (Some(id), _) => id.clone(),
            (None, false) => MODULE_CLIENT_ID.to_string(),
            (None, true) => {
                return Err(
                    "--client-id is required with --certificate or --client-secret-env".into(),
                );
            }
        };
        let api_base = self.api_base();
        let authority = self.authority();
        check_url(&api_base).map_err(|e| format!("--api-base: {e}"))?;
        check_url(&authority).map_err(|e| format!("--authority: {e}"))?;
        Ok(SignIn {
            authority,
            tenant: self.tenant.clone(),
            client_id,
            api_base,
            upn: self.upn.clone(),
        })
    }

    /// Signs in (device code prompts on `out`) and returns the connection.
    pub fn connect(&self, out: &mut dyn Write) -> Result<Box<dyn Exchange>, String> {
        self.connect_with(out, &|name| std::env::var(name).ok())
    }

    /// [`SignInArgs::connect`] with the environment given (tests).
    pub fn connect_with(
        &self,
        out: &mut dyn Write,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Box<dyn Exchange>, String> {
        let config = self.sign_in_config()?;
        let method = self.method(env)?;
        let http = Http::new(TIMEOUT);
        let api_base = config.api_base.clone();
        let tenant = config.tenant.clone();
        let policy = self.policy(env);
        let session = Session::sign_in(&http, config, method, &policy, out, &mut RealSleeper)
            .map_err(|e| e.to_string())?;
        let client =
            Client::new(http, session, &api_base, &tenant, policy).map_err(|e| e.to_string())?;
        Ok(Box::new(client))
    }

    /// A connection that prints each request to `out` and sends nothing.
    pub fn dry_run(&self, out: Box<dyn Write>) -> Box<dyn Exchange> {
        let anchor = if self.app_only() {
            Some(format!(
                "APP:SystemMailbox{{bb558c35-97f1-4cb9-8ff7-d53741dc928c}}@{}",
                self.tenant
            ))
        } else {
            self.upn.as_ref().map(|upn| format!("UPN:{upn}"))
        };
        Box::new(DryRun::new(out, &self.api_base(), &self.tenant, anchor))
    }
}

/// The `Credentials` value for `New-MigrationEndpoint` and
/// `Test-MigrationServerAvailability`: `DOMAIN\user` and password encrypted with the
/// service's key ([inferred]). The dry run gives `***`.
pub fn endpoint_credential(
    exchange: &mut dyn Exchange,
    user: &str,
    password: &str,
) -> Result<String, String> {
    exchange
        .encrypt_credential(user, password)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        sign_in: SignInArgs,
    }

    fn parse(args: &[&str]) -> Result<SignInArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("x").chain(args.iter().copied())).map(|c| c.sign_in)
    }

    #[test]
    fn clouds_give_their_endpoints_and_flags_override_them() {
        let a = parse(&["--tenant", "t.onmicrosoft.com", "--cloud", "gcc-high"]).unwrap();
        assert_eq!(a.api_base(), "https://outlook.office365.us");
        assert_eq!(a.authority(), "https://login.microsoftonline.us");
        let a = parse(&[
            "--tenant",
            "t",
            "--api-base",
            "http://127.0.0.1:9/",
            "--authority",
            "http://127.0.0.1:9",
        ])
        .unwrap();
        assert_eq!(a.api_base(), "http://127.0.0.1:9");
        assert!(a.sign_in_config().is_ok());
    }

    #[test]
    fn plain_http_is_refused_off_this_machine() {
        let a = parse(&[
            "--tenant",
            "t",
            "--api-base",
            "http://outlook.office365.com",
        ])
        .unwrap();
        assert!(a.sign_in_config().unwrap_err().contains("--api-base"));
    }

    #[test]
    fn app_only_needs_a_client_id_and_one_credential() {
        let a = parse(&["--tenant", "t", "--client-secret-env", "S"]).unwrap();
        assert!(a.sign_in_config().unwrap_err().contains("--client-id"));
        assert!(
            parse(&[
                "--tenant",
                "t",
                "--client-secret-env",
                "S",
                "--certificate",
                "c.pem"
            ])
            .is_err()
        );
        let a = parse(&[
            "--tenant",
            "t",
            "--client-id",
            "app",
            "--client-secret-env",
            "S",
        ])
        .unwrap();
        let error = a.method(&|_| None).unwrap_err();
        assert_eq!(error, "the environment variable S is not set");
        assert!(matches!(
            a.method(&|_| Some("v".into())),
            Ok(Method::Secret(_))
        ));
    }

    #[test]
    fn the_retry_base_comes_from_the_flag_then_the_environment() {
        let a = parse(&["--tenant", "t", "--retry-base-ms", "50"]).unwrap();
        assert_eq!(
            a.policy(&|_| Some("70".into())).base,
            Duration::from_millis(50)
        );
        let a = parse(&["--tenant", "t"]).unwrap();
        assert_eq!(
            a.policy(&|_| Some("70".into())).base,
            Duration::from_millis(70)
        );
        assert_eq!(a.policy(&|_| None).base, Duration::from_secs(2));
    }
}

//! `endpoint create`: the staged migration's Outlook Anywhere endpoint
//! (`New-MigrationEndpoint -ExchangeOutlookAnywhere`), then its test
//! (`Test-MigrationServerAvailability -Endpoint`).
//!
//! **[inferred]**: the cmdlet and its parameters are documented, but the encrypted form of
//! the `Credentials` value is read from public clients of the module and was never tried
//! against a live tenant. The documented route stays the fallback: Exchange admin center →
//! Migration → Endpoints → Add (Outlook Anywhere).

use super::api::{Cmdlet, Exchange, Kind};
use super::run::{RunError, check_endpoint};

/// Where the source is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Found by Autodiscover for this mailbox address.
    Autodiscover {
        /// An on-premises mailbox address (`-Autodiscover -EmailAddress`).
        email: String,
    },
    /// Named by hand.
    Servers {
        /// The Exchange server (`-ExchangeServer`).
        exchange_server: String,
        /// The Outlook Anywhere host (`-RPCProxyServer`).
        rpc_proxy: String,
        /// An on-premises mailbox address, when given (`-EmailAddress`).
        email: Option<String>,
    },
}

/// What to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSpec {
    /// The endpoint's name.
    pub name: String,
    /// Where the source is.
    pub source: Source,
}

/// The `New-MigrationEndpoint` call; `credentials` is already in the service's encrypted
/// wire form.
pub fn cmdlet(spec: &EndpointSpec, credentials: &str) -> Cmdlet {
    let mut cmdlet = Cmdlet::new("New-MigrationEndpoint")
        .switch("ExchangeOutlookAnywhere")
        .param("Name", spec.name.as_str());
    match &spec.source {
        Source::Autodiscover { email } => {
            cmdlet = cmdlet
                .switch("Autodiscover")
                .param("EmailAddress", email.as_str());
        }
        Source::Servers {
            exchange_server,
            rpc_proxy,
            email,
        } => {
            cmdlet = cmdlet
                .param("ExchangeServer", exchange_server.as_str())
                .param("RPCProxyServer", rpc_proxy.as_str());
            if let Some(email) = email {
                cmdlet = cmdlet.param("EmailAddress", email.as_str());
            }
        }
    }
    cmdlet.param("Credentials", credentials)
}

/// Creates the endpoint and tests it; stops with Microsoft's message when either fails.
pub fn create(
    service: &mut dyn Exchange,
    spec: &EndpointSpec,
    credentials: &str,
) -> Result<(), RunError> {
    service.invoke(&cmdlet(spec, credentials), Kind::Write)?;
    check_endpoint(service, &spec.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_forms_of_the_endpoint() {
        let auto = cmdlet(
            &EndpointSpec {
                name: "StagedEndpoint".into(),
                source: Source::Autodiscover {
                    email: "admin@contoso.com".into(),
                },
            },
            "c2VhbGVk",
        );
        let wire = serde_json::to_string(&auto.parameters).unwrap();
        assert_eq!(
            wire,
            r#"{"Autodiscover":true,"Credentials":"c2VhbGVk","EmailAddress":"admin@contoso.com","ExchangeOutlookAnywhere":true,"Name":"StagedEndpoint"}"#
        );
        let servers = cmdlet(
            &EndpointSpec {
                name: "E".into(),
                source: Source::Servers {
                    exchange_server: "ex2007.contoso.local".into(),
                    rpc_proxy: "mail.contoso.com".into(),
                    email: None,
                },
            },
            "x",
        );
        assert_eq!(servers.parameters["RPCProxyServer"], "mail.contoso.com");
        assert!(servers.parameters.get("Autodiscover").is_none());
    }
}

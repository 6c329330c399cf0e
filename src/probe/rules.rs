//! The probe's findings (`SRC…`): what the on-premises side showed when the probe
//! contacted it. Compiled everywhere (the catalogue and the report read them); only the
//! probe itself is native.

use crate::finding::{Rule, Severity};

macro_rules! rule {
    ($name:ident, $code:literal, $severity:ident, $title:literal, $help:literal) => {
        #[doc = $title]
        pub static $name: Rule = Rule {
            code: $code,
            severity: Severity::$severity,
            title: $title,
            help: $help,
        };
    };
}

rule!(
    NO_ADDRESS,
    "SRC001",
    Error,
    "The host name does not resolve",
    "Publish the Outlook Anywhere host name (e.g. mail.contoso.com) in public DNS with an A record pointing to the server or its firewall, or check the spelling."
);
rule!(
    REFUSED,
    "SRC002",
    Error,
    "The connection to the host was refused",
    "Open TCP port 443 to the Client Access server (or its reverse proxy) in the firewall, and check that IIS listens on 443."
);
rule!(
    TIMEOUT,
    "SRC003",
    Error,
    "The host did not answer within the time limit",
    "Check the firewall and NAT rules for TCP 443 from the internet; a server that accepts and never answers is often a proxy without a back end."
);
rule!(
    HANDSHAKE,
    "SRC004",
    Error,
    "The TLS handshake failed",
    "Check that port 443 serves HTTPS with a certificate bound in IIS (Exchange Management Shell: Enable-ExchangeCertificate -Services IIS)."
);
rule!(
    OLD_TLS,
    "SRC005",
    Error,
    "The server speaks only TLS 1.0 or 1.1; Microsoft's service requires TLS 1.2",
    "Enable TLS 1.2 on the server (Windows Server 2008 needs the TLS 1.2 update; Windows Server 2003 cannot: publish Outlook Anywhere through a reverse proxy that speaks TLS 1.2)."
);
rule!(
    TLS_VERSION,
    "SRC006",
    Info,
    "The TLS protocol version and cipher suite the server chose",
    "Nothing to do: TLS 1.2 or 1.3 is what Microsoft's service speaks."
);
rule!(
    CERTIFICATE_VALID,
    "SRC007",
    Info,
    "The certificate is valid: its issuer, names and expiry",
    "Nothing to do; renew the certificate before it expires."
);
rule!(
    SELF_SIGNED,
    "SRC008",
    Error,
    "The certificate is self-signed: Microsoft's service refuses it",
    "Buy a certificate from a public certification authority for the Outlook Anywhere name and bind it in IIS (Import-ExchangeCertificate; Enable-ExchangeCertificate -Services IIS)."
);
rule!(
    UNTRUSTED,
    "SRC009",
    Error,
    "The certificate chain does not lead to a public root",
    "Use a certificate from a public certification authority, and install its intermediate certificates on the server so that the full chain is sent."
);
rule!(
    EXPIRED,
    "SRC010",
    Error,
    "The certificate has expired or is not yet valid",
    "Renew the certificate with the certification authority and bind the new one in IIS (Enable-ExchangeCertificate -Services IIS)."
);
rule!(
    EXPIRES_SOON,
    "SRC011",
    Warning,
    "The certificate expires within 30 days",
    "Renew it before the migration starts: batches run for days, and an expired certificate stops them."
);
rule!(
    WRONG_NAME,
    "SRC012",
    Error,
    "The certificate does not cover the host name",
    "Get a certificate whose names (Subject Alternative Names) include the Outlook Anywhere host name, or use a name the certificate covers."
);
rule!(
    PRIVATE_ROOT,
    "SRC013",
    Warning,
    "The chain validates only against the root given with --trust-root, not a public root",
    "Microsoft's service trusts public roots only: unless this root is one of them, use a certificate from a public certification authority."
);
rule!(
    RPC_OPEN,
    "SRC014",
    Info,
    "Outlook Anywhere answers at /rpc/rpcproxy.dll and offers Basic or NTLM",
    "Nothing to do; use one of the offered methods for the migration endpoint."
);
rule!(
    NEGOTIATE_ONLY,
    "SRC015",
    Error,
    "Outlook Anywhere offers neither Basic nor NTLM authentication",
    "Set the Outlook Anywhere authentication to Basic or NTLM (Exchange 2007: Set-OutlookAnywhere -ClientAuthenticationMethod Basic; IIS: the rpc virtual directory's authentication)."
);
rule!(
    NO_CHALLENGE,
    "SRC016",
    Warning,
    "Outlook Anywhere answers 401 without naming an authentication method",
    "Check the rpc virtual directory's authentication in IIS: it should offer Basic or NTLM (WWW-Authenticate)."
);
rule!(
    RPC_MISSING,
    "SRC017",
    Error,
    "Nothing answers at /rpc/rpcproxy.dll (404): Outlook Anywhere is not published",
    "Install the RPC over HTTP Proxy component and enable Outlook Anywhere (Exchange 2007: Enable-OutlookAnywhere), and publish /rpc through any reverse proxy."
);
rule!(
    FORBIDDEN,
    "SRC018",
    Error,
    "A 403 page answers instead of Outlook Anywhere (firewall or proxy rule)",
    "Allow /rpc/rpcproxy.dll and the RPC_IN_DATA and RPC_OUT_DATA methods through the web application firewall or reverse proxy."
);
rule!(
    LOGIN_PAGE,
    "SRC019",
    Error,
    "A web page (200) answers instead of Outlook Anywhere's 401: a proxy's login page",
    "Publish /rpc with pass-through (Basic or NTLM) authentication on the reverse proxy; Microsoft's service cannot fill in a login form."
);
rule!(
    REDIRECT,
    "SRC020",
    Error,
    "A redirect answers instead of Outlook Anywhere",
    "Publish /rpc/rpcproxy.dll itself on this host name; Microsoft's service does not follow redirects for Outlook Anywhere."
);
rule!(
    UNEXPECTED,
    "SRC021",
    Warning,
    "Outlook Anywhere answers with an unexpected status",
    "Check the server's event log and the rpc virtual directory in IIS; a 5xx answer usually means the RPC proxy is broken or the back end is down."
);
rule!(
    NOT_IIS,
    "SRC022",
    Info,
    "The answer does not come from IIS: a proxy or another server is in front",
    "Nothing to do if the proxy passes /rpc through unchanged; otherwise publish Outlook Anywhere directly."
);
rule!(
    NOT_HTTP,
    "SRC023",
    Error,
    "The answer is not readable HTTP",
    "Check that port 443 serves HTTPS from IIS or a web proxy, not another service."
);
rule!(
    AUTODISCOVER_FOUND,
    "SRC024",
    Info,
    "Autodiscover answers at this address",
    "Nothing to do: Microsoft's service can detect the server settings from it."
);
rule!(
    AUTODISCOVER_UNREACHABLE,
    "SRC025",
    Info,
    "One of the Autodiscover addresses cannot be reached",
    "Nothing to do if another address works; otherwise see SRC030."
);
rule!(
    AUTODISCOVER_CERTIFICATE,
    "SRC026",
    Warning,
    "An Autodiscover address answers with a certificate not valid for it",
    "Add the name (e.g. autodiscover.contoso.com) to the certificate's Subject Alternative Names, or remove the name from DNS so that it is not tried."
);
rule!(
    AUTODISCOVER_ANSWER,
    "SRC027",
    Info,
    "An Autodiscover address answers, but not as Autodiscover (no 401 or 200)",
    "Nothing to do if another address works; otherwise publish /autodiscover/autodiscover.xml on that name."
);
rule!(
    AUTODISCOVER_REDIRECT,
    "SRC028",
    Info,
    "Port 80 redirects Autodiscover to another address",
    "Nothing to do if the target is an https:// address that answers Autodiscover."
);
rule!(
    AUTODISCOVER_SRV,
    "SRC029",
    Info,
    "The _autodiscover._tcp SRV record names a host",
    "Nothing to do if that host answers Autodiscover with a valid certificate."
);
rule!(
    AUTODISCOVER_NONE,
    "SRC030",
    Warning,
    "No Autodiscover address works: the endpoint needs the server names entered by hand",
    "Create the endpoint with the Exchange server name and the RPC proxy server name (the Outlook Anywhere host) entered by hand, or publish autodiscover.DOMAIN with a valid certificate."
);
rule!(
    EXCHANGE_2003,
    "SRC031",
    Info,
    "Exchange 2003 has no Autodiscover: the endpoint needs the server names entered by hand",
    "When you create the Outlook Anywhere endpoint, enter the Exchange server's name (e.g. EXCH-SRV-01.corp.contoso.com) and the RPC proxy server (the Outlook Anywhere host, e.g. mail.contoso.com)."
);
rule!(
    SETTINGS,
    "SRC032",
    Info,
    "The Outlook Anywhere settings Autodiscover returns",
    "Nothing to do: these are the names the migration endpoint will use."
);
rule!(
    SETTINGS_HOST_DIFFERS,
    "SRC033",
    Warning,
    "Autodiscover names another Outlook Anywhere host than the one probed",
    "Probe the host Autodiscover names, or correct the external host name (Set-OutlookAnywhere -ExternalHostname)."
);
rule!(
    CREDENTIALS_REFUSED,
    "SRC034",
    Error,
    "Autodiscover refused the credentials",
    "Check the user name (DOMAIN\\user or user@domain) and password of the migration administrator, and that Basic authentication is enabled on the Autodiscover virtual directory."
);
rule!(
    NO_OUTLOOK_ANYWHERE,
    "SRC035",
    Warning,
    "Autodiscover returns no Outlook Anywhere (EXPR) settings",
    "Enable Outlook Anywhere (Exchange 2007: Enable-OutlookAnywhere -ExternalHostname …) and wait for Autodiscover to return it."
);
rule!(
    SETTINGS_AUTH,
    "SRC036",
    Warning,
    "Autodiscover's Outlook Anywhere authentication is neither Basic nor NTLM",
    "Set-OutlookAnywhere -ClientAuthenticationMethod Basic (or NTLM), so that the endpoint can sign in."
);
rule!(
    TOO_LARGE,
    "SRC037",
    Warning,
    "An answer was longer than the probe reads (64 KB); the rest was not read",
    "Nothing to do unless other findings follow from the cut; a real Outlook Anywhere or Autodiscover answer is a few KB."
);
rule!(
    SETTINGS_UNREADABLE,
    "SRC038",
    Warning,
    "The credentialed Autodiscover answer could not be read",
    "Check that the Autodiscover service answers POST /autodiscover/autodiscover.xml with its XML response for the mailbox."
);

/// Every probe rule.
pub const RULES: &[&Rule] = &[
    &NO_ADDRESS,
    &REFUSED,
    &TIMEOUT,
    &HANDSHAKE,
    &OLD_TLS,
    &TLS_VERSION,
    &CERTIFICATE_VALID,
    &SELF_SIGNED,
    &UNTRUSTED,
    &EXPIRED,
    &EXPIRES_SOON,
    &WRONG_NAME,
    &PRIVATE_ROOT,
    &RPC_OPEN,
    &NEGOTIATE_ONLY,
    &NO_CHALLENGE,
    &RPC_MISSING,
    &FORBIDDEN,
    &LOGIN_PAGE,
    &REDIRECT,
    &UNEXPECTED,
    &NOT_IIS,
    &NOT_HTTP,
    &AUTODISCOVER_FOUND,
    &AUTODISCOVER_UNREACHABLE,
    &AUTODISCOVER_CERTIFICATE,
    &AUTODISCOVER_ANSWER,
    &AUTODISCOVER_REDIRECT,
    &AUTODISCOVER_SRV,
    &AUTODISCOVER_NONE,
    &EXCHANGE_2003,
    &SETTINGS,
    &SETTINGS_HOST_DIFFERS,
    &CREDENTIALS_REFUSED,
    &NO_OUTLOOK_ANYWHERE,
    &SETTINGS_AUTH,
    &TOO_LARGE,
    &SETTINGS_UNREADABLE,
];

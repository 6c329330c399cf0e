//! Migration endpoints and the module file: Get-/New-MigrationEndpoint,
//! Test-MigrationServerAvailability, and `EXOModuleFile` with the key PSCredentials are
//! encrypted with (RSA PKCS#1 v1.5; the reference's [seen] wire form).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::traits::PublicKeyParts;
use serde_json::{Map, Value, json};

use crate::batch::Output;
use crate::model::Endpoint;
use crate::params::Params;
use crate::reply::CmdletError;
use crate::sim::Sim;

const CONNECTION_FAILED: &str =
    "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException";

/// `Get-MigrationEndpoint [-Identity]`.
pub fn get(sim: &mut Sim, parameters: &Map<String, Value>) -> Output {
    let p = Params::check(parameters, &["Identity", "Type", "Diagnostic"])?;
    let values = match p.string("Identity")? {
        Some(identity) => {
            let e = sim
                .tenant
                .endpoint(&identity)
                .ok_or_else(|| CmdletError::not_found(&identity))?;
            vec![json_of(e)]
        }
        None => sim.tenant.endpoints.iter().map(json_of).collect(),
    };
    Ok((values, Vec::new()))
}

fn json_of(e: &Endpoint) -> Value {
    json!({
        "Identity": e.name,
        "EndpointType": "ExchangeOutlookAnywhere",
        "RemoteServer": "mail.contoso.com",
        "RpcProxyServer": "mail.contoso.com",
        "Authentication": "Basic",
        "MaxConcurrentMigrations": 20,
        "MaxConcurrentIncrementalSyncs": 10,
    })
}

fn unreachable_message(server: &str) -> String {
    format!("The connection to the server '{server}' could not be completed.")
}

/// `Test-MigrationServerAvailability -Endpoint NAME`, or the settings of a new endpoint
/// (`-ExchangeOutlookAnywhere -Autodiscover -EmailAddress -Credentials`).
pub fn test(sim: &mut Sim, parameters: &Map<String, Value>) -> Output {
    let p = Params::check(
        parameters,
        &[
            "Endpoint",
            "ExchangeOutlookAnywhere",
            "Autodiscover",
            "EmailAddress",
            "ExchangeServer",
            "RPCProxyServer",
            "Credentials",
            "Authentication",
        ],
    )?;
    let (ok, server) = match p.string("Endpoint")? {
        Some(name) => {
            let e = sim
                .tenant
                .endpoint(&name)
                .ok_or_else(|| CmdletError::not_found(&name))?;
            (e.available, "mail.contoso.com".to_string())
        }
        None => {
            let server = remote_server(&p)?;
            let matched = credential_matches(sim, &p)?;
            (
                !sim.endpoint_unavailable() && matched != Some(false),
                server,
            )
        }
    };
    let value = if ok {
        json!({"Result": "Success", "Message": "", "ErrorDetail": "", "SupportsCutover": false})
    } else {
        json!({
            "Result": "Failed",
            "Message": unreachable_message(&server),
            "ErrorDetail": format!("{CONNECTION_FAILED}: {}", unreachable_message(&server)),
            "SupportsCutover": false,
        })
    };
    Ok((vec![value], Vec::new()))
}

/// `New-MigrationEndpoint -ExchangeOutlookAnywhere -Name (-Autodiscover -EmailAddress |
/// -ExchangeServer -RPCProxyServer) -Credentials [-SkipVerification]`.
pub fn new(sim: &mut Sim, parameters: &Map<String, Value>) -> Output {
    let p = Params::check(
        parameters,
        &[
            "ExchangeOutlookAnywhere",
            "Name",
            "Autodiscover",
            "EmailAddress",
            "ExchangeServer",
            "RPCProxyServer",
            "Credentials",
            "Authentication",
            "MaxConcurrentMigrations",
            "MaxConcurrentIncrementalSyncs",
            "SkipVerification",
        ],
    )?;
    if !p.switch("ExchangeOutlookAnywhere")? {
        return Err(CmdletError::argument(
            "ExchangeOutlookAnywhere",
            "A staged migration endpoint is -ExchangeOutlookAnywhere.",
        ));
    }
    let name = p.required("Name")?;
    if sim.tenant.endpoint(&name).is_some() {
        return Err(CmdletError::bad(
            "Microsoft.Exchange.Migration.MigrationEndpointDuplicateException",
            format!("A migration endpoint with the name '{name}' already exists."),
        ));
    }
    let server = remote_server(&p)?;
    let matched = credential_matches(sim, &p)?;
    let reachable = !sim.endpoint_unavailable() && matched != Some(false);
    if !reachable && !p.switch("SkipVerification")? {
        return Err(CmdletError::bad(
            CONNECTION_FAILED,
            unreachable_message(&server),
        ));
    }
    let endpoint = Endpoint {
        name,
        available: !sim.endpoint_unavailable(),
        credential_matched: matched,
    };
    let value = json_of(&endpoint);
    sim.tenant.endpoints.push(endpoint);
    Ok((vec![value], Vec::new()))
}

fn remote_server(p: &Params) -> Result<String, CmdletError> {
    if p.switch("Autodiscover")? {
        let email = p.required("EmailAddress")?;
        let domain = email
            .rsplit_once('@')
            .map(|(_, d)| d)
            .unwrap_or("contoso.com");
        return Ok(format!("mail.{domain}"));
    }
    let server = p.required("ExchangeServer")?;
    p.required("RPCProxyServer")?;
    Ok(server)
}

/// Decrypts `-Credentials` (base64 of RSA PKCS#1 v1.5 over `{"UserName","Password"}`)
/// and compares the password with `--admin-password`: `Some(matched)`, or `None` when
/// there is nothing to compare with. The password is dropped here; only the verdict is kept.
fn credential_matches(sim: &Sim, p: &Params) -> Result<Option<bool>, CmdletError> {
    let refuse = |why: &str| {
        CmdletError::bad(
            "System.Security.Cryptography.CryptographicException",
            format!("The Credentials value couldn't be decrypted: {why}"),
        )
    };
    let text = p.required("Credentials")?;
    let sealed = STANDARD
        .decode(text.trim())
        .map_err(|_| refuse("it is not base64"))?;
    let plain = sim
        .key
        .decrypt(rsa::Pkcs1v15Encrypt, &sealed)
        .map_err(|_| refuse("not encrypted with the module's public key"))?;
    let credential: Value =
        serde_json::from_slice(&plain).map_err(|_| refuse("not a JSON object"))?;
    let (Some(user), Some(password)) = (
        credential.get("UserName").and_then(Value::as_str),
        credential.get("Password").and_then(Value::as_str),
    ) else {
        return Err(refuse("UserName and Password are both required"));
    };
    if user.is_empty() {
        return Err(refuse("UserName is empty"));
    }
    Ok(sim
        .config
        .admin_password
        .as_deref()
        .map(|expected| expected == password))
}

/// `GET /adminapi/v1.0/{tenant}/EXOModuleFile`: a module text ending in the public key.
pub fn module_file(sim: &Sim) -> Value {
    let public = sim.key.to_public_key();
    let modulus = STANDARD.encode(public.n().to_bytes_be());
    let exponent = STANDARD.encode(public.e().to_bytes_be());
    let content = format!(
        "# Exchange Online simulator: generated module (a stand-in).\r\n\
         $script:ModuleVersion = '3.9.2'\r\n\
         function Get-MigrationBatch {{ }}\r\n\
         $PublicKey='<RSAKeyValue><Modulus>{modulus}</Modulus><Exponent>{exponent}</Exponent></RSAKeyValue>'\r\n"
    );
    json!({"value": [{
        "fileContent": content,
        "exportedCmdlets": "Get-MigrationBatch,Get-MigrationEndpoint,Get-MigrationUser,New-MigrationBatch,New-MigrationEndpoint,Remove-MigrationBatch,Start-MigrationBatch,Stop-MigrationBatch,Test-MigrationServerAvailability",
    }]})
}

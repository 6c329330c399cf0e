//! The PSCredential, and that no token, secret or password shows in any error or in the
//! dry run.

use super::*;
use crate::app_cert::certificate;

fn module_file(key: &rsa::RsaPublicKey) -> serde_json::Value {
    let xml = format!(
        "<RSAKeyValue><Modulus>{}</Modulus><Exponent>{}</Exponent></RSAKeyValue>",
        STANDARD.encode(key.n().to_bytes_be()),
        STANDARD.encode(key.e().to_bytes_be())
    );
    json!({"value": [{"fileContent": format!("# generated\n$PublicKey='{xml}'\n"), "exportedCmdlets": ""}]})
}

#[test]
fn the_credential_is_encrypted_with_the_module_files_key() {
    let (key, _, _) = certificate();
    let public = rsa::RsaPublicKey::from(key);
    let server = server(move |request, _| {
        if request.target.contains("EXOModuleFile") {
            return Reply::json(200, module_file(&public));
        }
        Reply::json(404, json!({}))
    });
    let mut client = connect_app(&server);
    let sealed = endpoint_credential(client.as_mut(), "CONTOSO\\admin", "0n-prem P@ss").unwrap();
    let plain = key
        .decrypt(rsa::Pkcs1v15Encrypt, &STANDARD.decode(&sealed).unwrap())
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&plain).unwrap(),
        json!({"UserName": "CONTOSO\\admin", "Password": "0n-prem P@ss"})
    );
    endpoint_credential(client.as_mut(), "CONTOSO\\admin", "again").unwrap();
    let fetched = server.to("EXOModuleFile");
    assert_eq!(fetched.len(), 1, "the key is fetched once");
    assert_eq!(fetched[0].method, "GET");
    assert_eq!(
        fetched[0].target,
        format!("/adminapi/v1.0/{TENANT}/EXOModuleFile?Version=3.9.2")
    );
}

/// A writer the test can read after handing it over.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn no_token_secret_or_password_in_errors_or_the_dry_run() {
    const PASSWORD: &str = "On-Prem-P4ssw0rd";
    let secrets = [TOKEN, SECRET, PASSWORD, "DEVICE-CODE-secret"];
    let mut shown = Vec::new();
    // Failures of every kind, each shown as the runner would (Display and Debug).
    let server = server(|request, n| match n {
        0 => Reply::json(429, json!({})).header("Retry-After", "0"),
        _ if request.target.contains("EXOModuleFile") => Reply::json(200, json!({"value": []})),
        _ => Reply::json(400, json!({"error": {"message": "Invalid Operation"}})),
    });
    let mut client = connect_app(&server);
    for kind in [Kind::Read, Kind::Write] {
        let error = client.invoke(&get_users(), kind).unwrap_err();
        shown.push(format!("{error} {error:?}"));
    }
    shown.push(endpoint_credential(client.as_mut(), "CONTOSO\\admin", PASSWORD).unwrap_err());
    let refused = Canned::start(|_, _| {
        Reply::json(
            401,
            json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}),
        )
    });
    let error = args(
        &refused,
        &["--client-id", "app-id", "--client-secret-env", SECRET_VAR],
    )
    .connect_with(&mut Vec::new(), &env)
    .err()
    .unwrap();
    shown.push(error);
    // What the client sent did carry them (so the search below can fail).
    assert!(server.requests().iter().any(|r| r.body.contains(SECRET)));
    // The dry run: CSV with a password, a credential.
    let out = Shared::default();
    let mut dry = args(&server, &["--upn", "admin@contoso.com"]).dry_run(Box::new(out.clone()));
    let csv = format!("EmailAddress,Password\r\npilarp@contoso.com,{PASSWORD}\r\n");
    dry.invoke(
        &Cmdlet::new("New-MigrationBatch")
            .param("Name", "wave1")
            .bytes("CSVData", csv.as_bytes()),
        Kind::Write,
    )
    .unwrap();
    let credential = endpoint_credential(dry.as_mut(), "CONTOSO\\admin", PASSWORD).unwrap();
    dry.invoke(
        &Cmdlet::new("New-MigrationEndpoint").param("Credentials", credential),
        Kind::Write,
    )
    .unwrap();
    let printed = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    assert!(
        printed.contains("Bearer ***") && printed.contains("sha256"),
        "{printed}"
    );
    assert!(printed.contains("X-AnchorMailbox: UPN:admin@contoso.com"));
    shown.push(printed);
    for text in &shown {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} shown in: {text}");
        }
    }
}

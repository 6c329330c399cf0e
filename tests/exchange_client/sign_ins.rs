//! The three sign-ins: client secret, device code (with its waiting and its refresh), and
//! the certificate assertion checked as the sign-in service would.

use super::*;

#[test]
fn client_secret_sign_in_sends_the_secret_from_the_environment() {
    let server = server(|_, _| Reply::json(200, json!({"value": []})));
    let mut client = connect_app(&server);
    client.invoke(&get_users(), Kind::Read).unwrap();
    let token = server.to("/oauth2/v2.0/token");
    assert_eq!(token.len(), 1);
    assert!(
        token[0]
            .target
            .ends_with(&format!("/{TENANT}/oauth2/v2.0/token"))
    );
    assert_eq!(
        token[0].form("grant_type").as_deref(),
        Some("client_credentials")
    );
    assert_eq!(token[0].form("client_id").as_deref(), Some("app-id"));
    assert_eq!(token[0].form("client_secret").as_deref(), Some(SECRET));
    assert_eq!(
        token[0].form("scope"),
        Some(format!("{}/.default", server.url))
    );
}

fn jwt_with(claims: serde_json::Value) -> String {
    format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[test]
fn device_code_sign_in_waits_through_authorization_pending() {
    let access = jwt_with(json!({"upn": "admin@contoso.com"}));
    let server = Canned::start(move |request, log| {
        if request.target.contains("/devicecode") {
            return Reply::json(
                200,
                json!({
                    "device_code": "DEVICE-CODE-secret", "user_code": "ABCD-1234",
                    "verification_uri": "https://microsoft.com/devicelogin",
                    "interval": 1, "expires_in": 900,
                    "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD-1234 to authenticate."
                }),
            );
        }
        if request.target.contains("/token") {
            let polls = log.iter().filter(|r| r.target.contains("/token")).count();
            if polls == 1 {
                return Reply::json(
                    400,
                    json!({"error": "authorization_pending",
                    "error_description": "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending."}),
                );
            }
            return Reply::json(
                200,
                json!({"access_token": access, "expires_in": 3600, "refresh_token": "R"}),
            );
        }
        Reply::json(200, json!({"value": []}))
    });
    let mut prompt = Vec::new();
    let mut client = args(&server, &[]).connect_with(&mut prompt, &env).unwrap();
    let prompt = String::from_utf8(prompt).unwrap();
    assert!(prompt.contains("ABCD-1234"), "{prompt}");
    let code = server.to("/devicecode");
    assert_eq!(code.len(), 1);
    assert_eq!(
        code[0].form("client_id").as_deref(),
        Some("fb78d390-0c51-40cd-8e17-fdbfab77341b")
    );
    assert_eq!(
        code[0].form("scope"),
        Some(format!("{}/.default offline_access", server.url))
    );
    let polls = server.to("/token");
    assert_eq!(polls.len(), 2);
    assert!(polls[1].at.duration_since(polls[0].at) >= Duration::from_secs(1));
    assert_eq!(
        polls[1].form("grant_type").as_deref(),
        Some("urn:ietf:params:oauth:grant-type:device_code")
    );
    assert_eq!(
        polls[1].form("device_code").as_deref(),
        Some("DEVICE-CODE-secret")
    );
    client.invoke(&get_users(), Kind::Read).unwrap();
    let api = server.to("/InvokeCommand");
    assert_eq!(
        api[0].header("x-anchormailbox"),
        Some("UPN:admin@contoso.com")
    );
}

#[test]
fn device_code_sign_in_through_connect_reports_a_refusal() {
    let server = Canned::start(|request, _| {
        if request.target.contains("/devicecode") {
            return Reply::json(
                400,
                json!({"error": "invalid_request",
                "error_description": "AADSTS50059: No tenant-identifying information found.\r\nTrace ID: x"}),
            );
        }
        Reply::json(500, json!({}))
    });
    let error = args(&server, &[]).connect(&mut Vec::new()).err().unwrap();
    assert_eq!(
        error,
        "sign-in failed: AADSTS50059: No tenant-identifying information found."
    );
}

/// Checks a client assertion as the sign-in service would; `Err` says what is wrong.
fn check_assertion(jwt: &str, cert_der: &[u8], token_url: &str) -> Result<(), String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err("not three parts".into());
    };
    let decode = |p: &str| -> serde_json::Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
    };
    let (header, claims) = (decode(header), decode(claims));
    let thumbprint = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, cert_der);
    if header["alg"] != "RS256" || header["x5t"] != URL_SAFE_NO_PAD.encode(thumbprint.as_ref()) {
        return Err(format!("bad header {header}"));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let number = |k: &str| claims[k].as_u64().unwrap_or(0);
    if claims["aud"] != token_url
        || claims["iss"] != "app-id"
        || claims["sub"] != "app-id"
        || claims["jti"].as_str().is_none_or(str::is_empty)
        || number("nbf") > now + 5
        || number("exp") <= now
    {
        return Err(format!("bad claims {claims}"));
    }
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der).unwrap();
    let public = &cert.public_key().subject_public_key.data;
    let signed = format!("{}.{}", parts[0], parts[1]);
    ring::signature::UnparsedPublicKey::new(&ring::signature::RSA_PKCS1_2048_8192_SHA256, public)
        .verify(
            signed.as_bytes(),
            &URL_SAFE_NO_PAD.decode(signature).unwrap(),
        )
        .map_err(|_| "bad signature".to_string())
}

#[test]
fn certificate_sign_in_sends_a_signed_assertion() {
    let (_, cert_der, pem) = certificate();
    let path = std::env::temp_dir().join(format!("exo-client-{}.pem", std::process::id()));
    std::fs::write(&path, pem).unwrap();
    let checks = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&checks);
    let server = Canned::start(move |request, _| {
        if request.target.contains("/oauth2/v2.0/token") {
            let host = request.header("host").unwrap();
            let token_url = format!("http://{host}{}", request.target);
            let verdict = match (
                request.form("client_assertion_type").as_deref(),
                request.form("client_assertion"),
            ) {
                (Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), Some(jwt)) => {
                    check_assertion(&jwt, cert_der, &token_url)
                }
                _ => Err("no assertion".to_string()),
            };
            seen.lock().unwrap().push(verdict.clone());
            return match verdict {
                Ok(()) => Reply::json(200, json!({"access_token": TOKEN, "expires_in": 3600})),
                Err(e) => Reply::json(
                    401,
                    json!({"error": "invalid_client", "error_description": e}),
                ),
            };
        }
        Reply::json(200, json!({"value": []}))
    });
    let path_text = path.to_str().unwrap();
    let signed_in = args(
        &server,
        &["--client-id", "app-id", "--certificate", path_text],
    )
    .connect_with(&mut Vec::new(), &env);
    std::fs::remove_file(&path).unwrap();
    let mut client = signed_in.unwrap();
    assert_eq!(*checks.lock().unwrap(), vec![Ok(())]);
    assert!(
        server.to("/oauth2/v2.0/token")[0]
            .form("client_secret")
            .is_none()
    );
    client.invoke(&get_users(), Kind::Read).unwrap();
}

#[test]
fn a_device_code_token_is_renewed_with_the_refresh_token_before_it_expires() {
    let server = Canned::start(|request, log| {
        if request.target.contains("/devicecode") {
            return Reply::json(
                200,
                json!({"device_code": "D", "user_code": "U", "interval": 1, "expires_in": 900,
                       "verification_uri": "https://microsoft.com/devicelogin"}),
            );
        }
        if request.target.contains("/token") {
            let n = log.iter().filter(|r| r.target.contains("/token")).count();
            // Each token has 60 s left: less than the five-minute margin.
            return Reply::json(
                200,
                json!({"access_token": format!("{TOKEN}-{n}"), "expires_in": 60, "refresh_token": format!("R{n}")}),
            );
        }
        Reply::json(200, json!({"value": []}))
    });
    let mut client = args(&server, &["--upn", "admin@contoso.com"])
        .connect_with(&mut Vec::new(), &env)
        .unwrap();
    client.invoke(&get_users(), Kind::Read).unwrap();
    let token = server.to("/token");
    assert_eq!(token.len(), 2);
    assert_eq!(
        token[1].form("grant_type").as_deref(),
        Some("refresh_token")
    );
    assert_eq!(token[1].form("refresh_token").as_deref(), Some("R1"));
    let api = server.to("/InvokeCommand");
    assert_eq!(
        api[0].header("authorization"),
        Some(&*format!("Bearer {TOKEN}-2"))
    );
    assert_eq!(
        api[0].header("x-anchormailbox"),
        Some("UPN:admin@contoso.com")
    );
}

/// A token answer for the sign-in service's bad moments.
fn unavailable() -> Reply {
    Reply::json(
        503,
        json!({"error": "temporarily_unavailable",
        "error_description": "AADSTS90033: A transient error has occurred. Please try again.\r\nTrace ID: 0000"}),
    )
}

/// The sign-in service's bad moments are waited out, as the admin API's are: a 503 with
/// `temporarily_unavailable`, then a 429 with `Retry-After`, then the token.
#[test]
fn the_sign_in_service_is_asked_again_when_it_cannot_answer_now() {
    let server = Canned::start(|request, log| {
        if request.target.contains("/oauth2/") {
            return match log.iter().filter(|r| r.target.contains("/oauth2/")).count() {
                1 => unavailable(),
                2 => Reply::json(429, json!({})).header("Retry-After", "0.3"),
                _ => Reply::json(200, json!({"access_token": TOKEN, "expires_in": 3600})),
            };
        }
        Reply::json(200, json!({"value": []}))
    });
    let mut client = connect_app(&server);
    client.invoke(&get_users(), Kind::Read).unwrap();
    let token = server.to("/oauth2/v2.0/token");
    assert_eq!(token.len(), 3);
    // The test's retry base (--retry-base-ms 50), then the Retry-After.
    assert!(token[1].at.duration_since(token[0].at) >= Duration::from_millis(50));
    assert!(token[2].at.duration_since(token[1].at) >= Duration::from_millis(300));
}

/// A service that stays unavailable is given up on after the policy's retries, with
/// Microsoft's first line; a refusal (`invalid_client`) is not asked again.
#[test]
fn the_sign_in_service_is_given_up_on_and_a_refusal_is_final() {
    let down = Canned::start(|_, _| unavailable());
    let Err(error) = args(
        &down,
        &["--client-id", "app-id", "--client-secret-env", SECRET_VAR],
    )
    .connect_with(&mut Vec::new(), &env) else {
        panic!("signed in to a service that is down");
    };
    assert_eq!(
        down.to("/oauth2/v2.0/token").len(),
        6,
        "the first try and 5 retries"
    );
    assert!(error.contains("HTTP 503: AADSTS90033"), "{error}");
    assert!(!error.contains("Trace ID"), "{error}");

    let refusing = Canned::start(|_, _| {
        Reply::json(
            401,
            json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}),
        )
    });
    let Err(error) = args(
        &refusing,
        &["--client-id", "app-id", "--client-secret-env", SECRET_VAR],
    )
    .connect_with(&mut Vec::new(), &env) else {
        panic!("signed in with a refused secret");
    };
    assert_eq!(refusing.to("/oauth2/v2.0/token").len(), 1);
    assert!(error.contains("AADSTS7000215"), "{error}");
}

//! Sign-in: device code, refresh token, client secret, certificate assertion, the bearer token.

use serde_json::json;

use crate::*;

#[test]
fn device_code_is_pending_then_gives_tokens_and_refreshes() {
    let sim = Simulator::start(&["--device-pending", "2", "--device-interval", "0"]);
    let code = post_form(
        &sim,
        &format!("/{TENANT}/oauth2/v2.0/devicecode"),
        &[
            ("client_id", "fb78d390-0c51-40cd-8e17-fdbfab77341b"),
            ("scope", &format!("{SCOPE} offline_access")),
        ],
    );
    assert_eq!(code.status, 200);
    let code = code.json();
    let user_code = code["user_code"].as_str().unwrap();
    assert!(!user_code.is_empty());
    assert_eq!(code["interval"], 0);
    assert!(code["message"].as_str().unwrap().contains(user_code));
    assert!(
        code["verification_uri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let device_code = code["device_code"].as_str().unwrap();
    let poll = || {
        post_form(
            &sim,
            &token_path(TENANT),
            &[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", "fb78d390-0c51-40cd-8e17-fdbfab77341b"),
                ("device_code", device_code),
            ],
        )
    };
    for _ in 0..2 {
        let pending = poll();
        assert_eq!(pending.status, 400);
        assert_eq!(pending.json()["error"], "authorization_pending");
    }
    let tokens = poll().json();
    let access = tokens["access_token"].as_str().expect("access token");
    let refresh = tokens["refresh_token"].as_str().expect("refresh token");
    assert!(tokens["expires_in"].as_u64().unwrap() > 0);
    assert_eq!(
        invoke(&sim, access, "Get-MigrationBatch", json!({})).status,
        200
    );
    // The code is used up.
    assert_eq!(poll().json()["error"], "expired_token");
    let refreshed = post_form(
        &sim,
        &token_path(TENANT),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "fb78d390-0c51-40cd-8e17-fdbfab77341b"),
            ("refresh_token", refresh),
            ("scope", SCOPE),
        ],
    )
    .json();
    let second = refreshed["access_token"].as_str().expect("refreshed token");
    assert_ne!(second, access, "tokens are random");
    assert_eq!(
        invoke(&sim, second, "Get-MigrationBatch", json!({})).status,
        200
    );
    // /common is refused for device code.
    let common = post_form(
        &sim,
        "/common/oauth2/v2.0/devicecode",
        &[("client_id", "x"), ("scope", SCOPE)],
    );
    assert_eq!(common.status, 400);
    assert!(
        common.json()["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS90133")
    );
    let grants: Vec<_> = sim.log().into_iter().filter_map(|e| e.grant).collect();
    assert!(grants.iter().any(|g| g == "refresh_token"), "{grants:?}");
}

#[test]
fn client_secret_must_match_and_scope_must_end_in_default() {
    let sim = Simulator::start(&["--client-secret", SECRET]);
    let token = secret_token(&sim);
    assert_eq!(
        invoke(&sim, &token, "Get-MigrationBatch", json!({})).status,
        200
    );
    let wrong = post_form(
        &sim,
        &token_path(TENANT),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "app-1"),
            ("client_secret", "not-it"),
            ("scope", SCOPE),
        ],
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.json()["error"], "invalid_client");
    let scope = post_form(
        &sim,
        &token_path(TENANT),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "app-1"),
            ("client_secret", SECRET),
            (
                "scope",
                "https://outlook.office365.com/Exchange.ManageAsApp",
            ),
        ],
    );
    assert_eq!(scope.json()["error"], "invalid_scope");
    assert!(scope.json().get("refresh_token").is_none());
}

#[test]
fn invoke_command_needs_a_live_issued_token() {
    let sim = Simulator::start(&["--client-secret", SECRET, "--token-seconds", "0"]);
    let none = sim
        .request(
            "POST",
            &format!("/adminapi/beta/{TENANT}/InvokeCommand"),
            &[],
            b"{}",
        )
        .unwrap();
    assert_eq!(none.status, 401);
    assert!(
        none.header("www-authenticate")
            .unwrap()
            .starts_with("Bearer")
    );
    assert_eq!(
        invoke(&sim, "made-up", "Get-MigrationBatch", json!({})).status,
        401
    );
    // --token-seconds 0: the token is expired as soon as it is issued.
    let expired = secret_token(&sim);
    assert_eq!(
        invoke(&sim, &expired, "Get-MigrationBatch", json!({})).status,
        401
    );
    let module = sim
        .request(
            "GET",
            &format!("/adminapi/v1.0/{TENANT}/EXOModuleFile?Version=3.9.2"),
            &[],
            b"",
        )
        .unwrap();
    assert_eq!(module.status, 401);
}

/// The DER inside a PEM file's first block.
fn pem_der(path: &str) -> Vec<u8> {
    use base64::Engine;
    let text = std::fs::read_to_string(path).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// An RS256 assertion signed with the test client key; `tamper` replaces the claims after
/// signing.
fn assertion(header: &Value, claims: &Value, tamper: Option<&Value>) -> String {
    let key = pem_der(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/exchange/client.key.pem"
    ));
    let key = ring::signature::RsaKeyPair::from_pkcs8(&key).unwrap();
    let signed = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        signed.as_bytes(),
        &mut signature,
    )
    .unwrap();
    let body = match tamper {
        Some(other) => format!(
            "{}.{}",
            b64url(header.to_string().as_bytes()),
            b64url(other.to_string().as_bytes())
        ),
        None => signed,
    };
    format!("{body}.{}", b64url(&signature))
}

#[test]
fn certificate_assertions_are_checked_like_entra_does() {
    let cert = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/exchange/client.cert.pem"
    );
    let sim = Simulator::start(&["--client-cert", cert]);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let thumbprint = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &pem_der(cert));
    let header = json!({"alg": "RS256", "typ": "JWT", "x5t": b64url(thumbprint.as_ref())});
    let audience = format!("{}/{TENANT}/oauth2/v2.0/token", sim.url());
    let claims = json!({"aud": audience, "iss": "app-1", "sub": "app-1", "jti": "1",
                        "nbf": now - 10, "exp": now + 600});
    let send = |assertion: &str| {
        post_form(
            &sim,
            &token_path(TENANT),
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "app-1"),
                ("scope", SCOPE),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("client_assertion", assertion),
            ],
        )
    };
    let good = send(&assertion(&header, &claims, None));
    assert_eq!(good.status, 200, "{}", String::from_utf8_lossy(&good.body));
    let token = good.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(
        invoke(&sim, &token, "Get-MigrationBatch", json!({})).status,
        200
    );

    let refused = |assertion: String, code: &str| {
        let reply = send(&assertion);
        assert_eq!(reply.status, 401, "{code}");
        assert_eq!(reply.json()["error"], "invalid_client");
        let description = reply.json()["error_description"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(description.starts_with(code), "{code}: {description}");
    };
    let mut other = claims.clone();
    other["aud"] = json!("https://login.microsoftonline.com/other/oauth2/v2.0/token");
    refused(assertion(&header, &other, None), "AADSTS700212");
    let mut expired = claims.clone();
    expired["exp"] = json!(now - 60);
    refused(assertion(&header, &expired, None), "AADSTS700024");
    let mut subject = claims.clone();
    subject["sub"] = json!("someone-else");
    refused(assertion(&header, &subject, None), "AADSTS700023");
    let mut forged = claims.clone();
    forged["exp"] = json!(now + 99_999);
    refused(assertion(&header, &claims, Some(&forged)), "AADSTS700027");
    let hs = json!({"alg": "HS256", "typ": "JWT"});
    refused(assertion(&hs, &claims, None), "AADSTS5002738");
    let wrong_x5t = json!({"alg": "RS256", "typ": "JWT", "x5t": b64url(b"not the thumbprint")});
    refused(assertion(&wrong_x5t, &claims, None), "AADSTS700027");
}

//! Client assertions (RFC 7523, as Microsoft Entra ID takes them): a JWT signed RS256 with
//! the app's certificate key; `aud` = the token URL, `iss` = `sub` = the client id, `exp`
//! in the future, optional `nbf`, and `x5t` (base64url SHA-1 of the certificate) when sent.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The certificate of `--client-cert`.
pub struct ClientCert {
    /// Its DER bytes (for `x5t`).
    der: Vec<u8>,
    /// Its RSA public key (PKCS#1 DER, as ring takes it).
    public_key: Vec<u8>,
}

impl ClientCert {
    /// Reads the first certificate of a PEM file.
    pub fn from_pem(pem: &[u8]) -> Result<Self, String> {
        for item in x509_parser::pem::Pem::iter_from_buffer(pem) {
            let item = item.map_err(|e| format!("not a PEM file: {e}"))?;
            if item.label != "CERTIFICATE" {
                continue;
            }
            let cert = item
                .parse_x509()
                .map_err(|e| format!("not a certificate: {e}"))?;
            let public_key = cert.public_key().subject_public_key.data.to_vec();
            return Ok(ClientCert {
                der: item.contents.clone(),
                public_key,
            });
        }
        Err("no CERTIFICATE block in the PEM file".into())
    }
}

/// Why an assertion was refused: Entra's AADSTS code and text.
pub struct Refusal(pub u32, pub String);

/// Checks an assertion.
pub fn verify(
    assertion: &str,
    cert: &ClientCert,
    audience: &str,
    client_id: &str,
    now_unix: i64,
) -> Result<(), Refusal> {
    let malformed = || Refusal(50027, "JWT token is invalid or malformed.".into());
    let mut parts = assertion.split('.');
    let (Some(head), Some(body), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed());
    };
    let decode_json = |part: &str| -> Option<Value> {
        let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    let header = decode_json(head).ok_or_else(malformed)?;
    let claims = decode_json(body).ok_or_else(malformed)?;
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| malformed())?;
    if header["alg"] != "RS256" {
        return Err(Refusal(
            5002738,
            "The client assertion's algorithm is not supported; use RS256.".into(),
        ));
    }
    if let Some(x5t) = header.get("x5t") {
        let thumbprint = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &cert.der);
        if x5t.as_str() != Some(URL_SAFE_NO_PAD.encode(thumbprint.as_ref()).as_str()) {
            return Err(Refusal(
                700027,
                "The certificate with identifier used to sign the client assertion is not \
                 registered on application."
                    .into(),
            ));
        }
    }
    let signed = &assertion[..head.len() + 1 + body.len()];
    ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        &cert.public_key,
    )
    .verify(signed.as_bytes(), &signature)
    .map_err(|_| {
        Refusal(
            700027,
            "Client assertion failed signature validation.".into(),
        )
    })?;
    if claims["aud"].as_str() != Some(audience) {
        return Err(Refusal(
            700212,
            format!("The client assertion's audience claim must be the token URL {audience}."),
        ));
    }
    if claims["iss"].as_str() != Some(client_id) || claims["sub"].as_str() != Some(client_id) {
        return Err(Refusal(
            700023,
            "The client assertion's iss and sub claims must both be the client id.".into(),
        ));
    }
    let exp = claims["exp"].as_i64().ok_or_else(malformed)?;
    let nbf = claims["nbf"].as_i64().unwrap_or(i64::MIN);
    if exp <= now_unix || nbf > now_unix + 300 {
        return Err(Refusal(
            700024,
            "Client assertion is not within its valid time range.".into(),
        ));
    }
    Ok(())
}

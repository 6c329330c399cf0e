//! The certificate sign-in: a JWT client assertion signed RS256 with the app's key.
//!
//! Header `{"alg":"RS256","typ":"JWT","x5t":<SHA-1 thumbprint of the certificate,
//! base64url>}`; claims `aud` = the token URL, `iss` = `sub` = the client ID, a random
//! `jti`, `nbf`/`iat` = now, `exp` = now + 10 minutes (Microsoft identity platform's
//! certificate credentials [doc]).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::exchange::client::id::new_id;

/// How long an assertion is valid.
const LIFETIME: Duration = Duration::from_secs(600);

/// The app's certificate and private key (RSA), from one PEM file.
pub struct Certificate {
    key: RsaKeyPair,
    x5t: String,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate")
            .field("x5t", &self.x5t)
            .field("key", &"***")
            .finish()
    }
}

impl Certificate {
    /// Reads a PEM holding the certificate and its RSA private key (PKCS#8 or PKCS#1).
    /// Errors never quote the file.
    pub fn from_pem(pem: &[u8]) -> Result<Self, String> {
        let cert = CertificateDer::from_pem_slice(pem)
            .map_err(|_| "the PEM file holds no certificate (BEGIN CERTIFICATE)".to_string())?;
        let key = PrivateKeyDer::from_pem_slice(pem)
            .map_err(|_| "the PEM file holds no private key (BEGIN PRIVATE KEY)".to_string())?;
        let key = match &key {
            PrivateKeyDer::Pkcs8(der) => RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()),
            PrivateKeyDer::Pkcs1(der) => RsaKeyPair::from_der(der.secret_pkcs1_der()),
            _ => return Err("the private key is not an RSA key".to_string()),
        }
        .map_err(|e| format!("the private key cannot be used for RS256: {e}"))?;
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, cert.as_ref());
        Ok(Certificate {
            key,
            x5t: URL_SAFE_NO_PAD.encode(digest.as_ref()),
        })
    }

    /// The certificate's SHA-1 thumbprint, base64url (the `x5t` header).
    pub fn x5t(&self) -> &str {
        &self.x5t
    }

    /// A signed assertion for `client_id` at `token_url`.
    pub fn assertion(
        &self,
        client_id: &str,
        token_url: &str,
        now: SystemTime,
    ) -> Result<String, String> {
        let seconds = now
            .duration_since(UNIX_EPOCH)
            .map_err(|_| "the system clock is before 1970".to_string())?
            .as_secs();
        let header = serde_json::json!({"alg": "RS256", "typ": "JWT", "x5t": self.x5t});
        let claims = serde_json::json!({
            "aud": token_url,
            "iss": client_id,
            "sub": client_id,
            "jti": new_id(),
            "nbf": seconds,
            "iat": seconds,
            "exp": seconds + LIFETIME.as_secs(),
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0u8; self.key.public().modulus_len()];
        self.key
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                signing_input.as_bytes(),
                &mut signature,
            )
            .map_err(|_| "the assertion could not be signed".to_string())?;
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::test_key::rsa_certificate_pem;
    use ring::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

    #[test]
    fn the_assertion_is_signed_and_carries_the_claims() {
        let (pem, public_key_der, cert_der) = rsa_certificate_pem();
        let cert = Certificate::from_pem(pem.as_bytes()).unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let jwt = cert
            .assertion("app-id", "https://login/t/oauth2/v2.0/token", now)
            .unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(header["alg"], "RS256");
        let thumb = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &cert_der);
        assert_eq!(header["x5t"], URL_SAFE_NO_PAD.encode(thumb.as_ref()));
        assert_eq!(claims["aud"], "https://login/t/oauth2/v2.0/token");
        assert_eq!(claims["iss"], "app-id");
        assert_eq!(claims["sub"], "app-id");
        assert_eq!(claims["nbf"], 1_800_000_000u64);
        assert_eq!(claims["exp"], 1_800_000_600u64);
        let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        let signed = format!("{}.{}", parts[0], parts[1]);
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &public_key_der)
            .verify(signed.as_bytes(), &signature)
            .expect("RS256 signature verifies with the certificate's key");
        assert!(!format!("{cert:?}").contains("PRIVATE"));
    }

    #[test]
    fn a_pem_without_key_or_certificate_is_refused() {
        let (pem, _, _) = rsa_certificate_pem();
        let cert_only: String = pem
            .split_inclusive('\n')
            .take_while(|l| !l.contains("BEGIN PRIVATE KEY"))
            .collect();
        assert!(Certificate::from_pem(cert_only.as_bytes()).is_err());
        assert!(Certificate::from_pem(b"nothing").is_err());
    }
}

//! An app registration's certificate for the certificate sign-in tests: shared by
//! `tests/exchange_client.rs` and `tests/exchange_run` (included with `#[path]`).

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// A 2,048-bit key, its certificate (DER) and the PEM with both.
pub(crate) fn certificate() -> &'static (rsa::RsaPrivateKey, Vec<u8>, String) {
    static CERT: OnceLock<(rsa::RsaPrivateKey, Vec<u8>, String)> = OnceLock::new();
    CERT.get_or_init(|| {
        use rsa::pkcs8::EncodePrivateKey;
        let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap();
        let pkcs8 = key.to_pkcs8_der().unwrap();
        let pair = rcgen::KeyPair::try_from(pkcs8.as_bytes()).unwrap();
        let cert = rcgen::CertificateParams::new(vec!["app".to_string()])
            .unwrap()
            .self_signed(&pair)
            .unwrap();
        let b64 = STANDARD.encode(pkcs8.as_bytes());
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        let pem = format!(
            "{}-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            cert.pem(),
            lines.join("\n")
        );
        (key, cert.der().to_vec(), pem)
    })
}

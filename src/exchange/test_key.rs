//! One RSA key and self-signed certificate per test binary (key generation is slow).

use std::sync::OnceLock;

use base64::Engine;
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs8::EncodePrivateKey;
use rsa::{RsaPrivateKey, RsaPublicKey};

fn pem_block(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// A 2048-bit RSA key made once.
pub fn rsa_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap())
}

/// The key's public half.
pub fn rsa_public() -> RsaPublicKey {
    RsaPublicKey::from(rsa_key())
}

/// `(PEM with certificate then key, public key as PKCS#1 DER, certificate DER)`.
pub fn rsa_certificate_pem() -> (String, Vec<u8>, Vec<u8>) {
    let key = rsa_key();
    let pkcs8 = key.to_pkcs8_der().unwrap();
    let pair = rcgen::KeyPair::try_from(pkcs8.as_bytes()).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["migration-preflight-test".to_string()])
        .unwrap()
        .self_signed(&pair)
        .unwrap();
    let pem = format!(
        "{}{}",
        cert.pem(),
        pem_block("PRIVATE KEY", pkcs8.as_bytes())
    );
    let public = rsa_public().to_pkcs1_der().unwrap().as_bytes().to_vec();
    (pem, public, cert.der().to_vec())
}

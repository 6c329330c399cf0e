//! The PSCredential wire form of `New-MigrationEndpoint -Credentials` and
//! `Test-MigrationServerAvailability -Credentials` — **[inferred]**: read from public
//! clients of the module, untested against a live tenant (the admin center stays the
//! documented route to create the endpoint).
//!
//! JSON `{"UserName":"DOM\\admin","Password":"…"}`, UTF-8, encrypted with RSA PKCS#1 v1.5
//! under the key that ends the module file the service publishes
//! (`$PublicKey='<RSAKeyValue><Modulus>…</Modulus><Exponent>…</Exponent></RSAKeyValue>'`),
//! then base64. With a 2,048-bit key the JSON may be at most 245 bytes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Encrypt, RsaPublicKey};
use serde_json::Value;

/// Why a credential could not be encrypted. The message never holds the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialError(pub String);

impl std::fmt::Display for CredentialError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CredentialError {}

/// Encrypts a user name and password for a `Credentials` parameter.
pub fn ps_credential(
    key: &RsaPublicKey,
    user: &str,
    password: &str,
) -> Result<String, CredentialError> {
    let plain = serde_json::json!({"UserName": user, "Password": password}).to_string();
    let most = key.size().saturating_sub(11);
    if plain.len() > most {
        return Err(CredentialError(format!(
            "the user name and password are too long: the service's key takes at most {most} bytes of them (as JSON, UTF-8)"
        )));
    }
    let sealed = key
        .encrypt(
            &mut rsa::rand_core::OsRng,
            Pkcs1v15Encrypt,
            plain.as_bytes(),
        )
        .map_err(|_| CredentialError("the credential could not be encrypted".into()))?;
    Ok(STANDARD.encode(sealed))
}

/// Reads the service's key from the module file answer (`fileContent`, plain or base64).
pub fn public_key_from_module(file: &Value) -> Result<RsaPublicKey, CredentialError> {
    let content = file
        .as_object()
        .and_then(|o| {
            o.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("fileContent"))
                .map(|(_, v)| v)
        })
        .and_then(Value::as_str)
        .ok_or_else(|| CredentialError("the module file answer has no fileContent".into()))?;
    let text = if content.contains("<RSAKeyValue>") {
        content.to_string()
    } else {
        decoded(content).ok_or_else(no_key)?
    };
    public_key_from_xml(&text)
}

/// Reads the last `<RSAKeyValue>` of a text.
pub fn public_key_from_xml(text: &str) -> Result<RsaPublicKey, CredentialError> {
    let start = text.rfind("<RSAKeyValue>").ok_or_else(no_key)?;
    let xml = &text[start..];
    let field = |name: &str| -> Result<BigUint, CredentialError> {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let from = xml.find(&open).ok_or_else(no_key)? + open.len();
        let to = xml[from..].find(&close).ok_or_else(no_key)? + from;
        let bytes = STANDARD
            .decode(xml[from..to].trim())
            .map_err(|_| CredentialError(format!("the key's {name} is not base64")))?;
        Ok(BigUint::from_bytes_be(&bytes))
    };
    RsaPublicKey::new(field("Modulus")?, field("Exponent")?)
        .map_err(|e| CredentialError(format!("the service's key is not usable: {e}")))
}

fn no_key() -> CredentialError {
    CredentialError("the module file holds no <RSAKeyValue> key".into())
}

/// A base64 file content as text (UTF-8, or UTF-16LE with or without its BOM).
fn decoded(content: &str) -> Option<String> {
    let compact: String = content.split_whitespace().collect();
    let bytes = STANDARD.decode(compact).ok()?;
    if let Ok(text) = std::str::from_utf8(&bytes)
        && text.contains("<RSAKeyValue>")
    {
        return Some(text.to_string());
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let text = String::from_utf16_lossy(&units);
    text.contains("<RSAKeyValue>").then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::test_key::{rsa_key, rsa_public};

    fn key_xml(key: &RsaPublicKey) -> String {
        format!(
            "<RSAKeyValue><Modulus>{}</Modulus><Exponent>{}</Exponent></RSAKeyValue>",
            STANDARD.encode(key.n().to_bytes_be()),
            STANDARD.encode(key.e().to_bytes_be())
        )
    }

    #[test]
    fn the_credential_decrypts_to_the_json_the_service_expects() {
        let sealed = ps_credential(&rsa_public(), "CONTOSO\\admin", "Pässw0rd\"!").unwrap();
        let bytes = STANDARD.decode(&sealed).unwrap();
        let plain = rsa_key().decrypt(Pkcs1v15Encrypt, &bytes).unwrap();
        let value: Value = serde_json::from_slice(&plain).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"UserName": "CONTOSO\\admin", "Password": "Pässw0rd\"!"})
        );
        assert!(!sealed.contains("Pässw0rd"));
    }

    #[test]
    fn too_long_a_credential_is_refused_without_showing_it() {
        let password = "p".repeat(300);
        let error = ps_credential(&rsa_public(), "CONTOSO\\admin", &password).unwrap_err();
        assert!(error.0.contains("245"), "{error}");
        assert!(!error.0.contains("ppp"));
    }

    #[test]
    fn the_key_is_read_from_the_module_file_plain_or_base64() {
        let key = rsa_public();
        let module = format!("function Foo {{}}\n$PublicKey='{}'\n", key_xml(&key));
        let plain = serde_json::json!({"fileContent": module});
        assert_eq!(public_key_from_module(&plain).unwrap(), key);
        let utf16: Vec<u8> = module.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let b64 = serde_json::json!({"FileContent": STANDARD.encode(utf16)});
        assert_eq!(public_key_from_module(&b64).unwrap(), key);
        let none = serde_json::json!({"fileContent": "function Foo {}"});
        assert!(public_key_from_module(&none).is_err());
    }
}

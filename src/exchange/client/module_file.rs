//! The module file the service generates for `Connect-ExchangeOnline`
//! (`GET {api_base}/adminapi/v1.0/{tenant}/EXOModuleFile?Version=…`): its last lines hold
//! the RSA key that PSCredential parameters are encrypted with. [inferred]: the key's place
//! in the file is read from public clients, not from Microsoft's documentation.

use super::Client;
use super::id::new_id;
use crate::exchange::api::{ApiError, Kind};
use crate::exchange::credential::public_key_from_module;

/// The module version asked for (the one the key's place was read from).
pub const MODULE_VERSION: &str = "3.9.2";

impl Client {
    /// The module file's URL.
    pub fn module_file_url(&self) -> String {
        format!(
            "{}/adminapi/v1.0/{}/EXOModuleFile?Version={MODULE_VERSION}",
            self.api_base, self.tenant
        )
    }

    /// Fetches the module file and reads the service's public key from it.
    pub fn module_public_key(&mut self) -> Result<rsa::RsaPublicKey, ApiError> {
        let url = self.module_file_url();
        let page = self.send(&url, None, Kind::Read, &new_id())?;
        let file = page
            .values
            .first()
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        public_key_from_module(&file).map_err(|e| ApiError::Transport {
            message: e.to_string(),
        })
    }
}

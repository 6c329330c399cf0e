//! `zipFiles`: several files as one zip archive (the split batches as one download).

use wasm_bindgen::prelude::*;

use super::read_files;

/// The files `{ name, bytes }` as one deflated zip archive. Throws when there is no file,
/// a name is not a plain file name (a folder, `..`, a control character) or two names are
/// the same, saying which.
#[wasm_bindgen(js_name = zipFiles)]
pub fn zip_files(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
) -> Result<Vec<u8>, JsError> {
    let files = read_files(files)?;
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    crate::archive::zip_files(&borrowed).map_err(|e| JsError::new(&e.to_string()))
}

//! Reading and building JavaScript values in the wasm tests (headless Chromium).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// The property `key` of `value`; panics (failing the test) if it cannot be read.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).expect("property")
}

/// Check options with these verified domains.
pub fn options(domains: &[&str]) -> JsValue {
    let options = Object::new();
    let list: Array = domains.iter().map(|d| JsValue::from_str(d)).collect();
    Reflect::set(&options, &"domains".into(), &list).unwrap();
    options.into()
}

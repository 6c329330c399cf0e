//! One page of a 2xx answer: its objects, the link to the next page, warnings, and the
//! errors a 2xx can carry (`@adminapi.errors` is a failure).

use serde_json::Value;

use super::error::{Detail, read_admin_errors};

/// What one 2xx answer held.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// The objects (`value`).
    pub values: Vec<Value>,
    /// `@odata.nextLink` (or `odata.nextLink`).
    pub next_link: Option<String>,
    /// `@adminapi.warnings`.
    pub warnings: Vec<String>,
    /// `@adminapi.errors`, when present and not empty.
    pub error: Option<Detail>,
}

/// Reads a 2xx body. An empty body is an empty page; a body that is not JSON is `Err`.
pub fn read_page(body: &[u8]) -> Result<Page, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Page::default());
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|_| "the answer was not JSON".to_string())?;
    let Value::Object(mut object) = value else {
        return Ok(Page {
            values: match value {
                Value::Array(items) => items,
                other => vec![other],
            },
            ..Page::default()
        });
    };
    let values = match object.remove("value") {
        Some(Value::Array(items)) => items,
        Some(Value::Null) => Vec::new(),
        Some(other) => vec![other],
        // A single object answered flat (the module file): keep it, without annotations.
        None => {
            let plain: serde_json::Map<String, Value> = object
                .iter()
                .filter(|(k, _)| !k.starts_with('@') && !k.starts_with("odata."))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if plain.is_empty() {
                Vec::new()
            } else {
                vec![Value::Object(plain)]
            }
        }
    };
    let next_link = ["@odata.nextLink", "odata.nextLink"]
        .iter()
        .find_map(|k| object.get(*k).and_then(Value::as_str))
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    let warnings = match object.get("@adminapi.warnings") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|w| w.as_str().map_or_else(|| w.to_string(), str::to_string))
            .collect(),
        Some(Value::String(w)) => vec![w.clone()],
        _ => Vec::new(),
    };
    let error = object.get("@adminapi.errors").and_then(read_admin_errors);
    Ok(Page {
        values,
        next_link,
        warnings,
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_link_and_warnings_are_read() {
        let page = read_page(
            br#"{"value":[{"Identity":"a"}],"@odata.nextLink":"https://h/next",
                "@adminapi.warnings":["There are more results available."]}"#,
        )
        .unwrap();
        assert_eq!(page.values.len(), 1);
        assert_eq!(page.next_link.as_deref(), Some("https://h/next"));
        assert_eq!(page.warnings, vec!["There are more results available."]);
        assert_eq!(page.error, None);
    }

    #[test]
    fn the_old_link_name_is_read_too() {
        let page = read_page(br#"{"value":[],"odata.nextLink":"https://h/2"}"#).unwrap();
        assert_eq!(page.next_link.as_deref(), Some("https://h/2"));
    }

    #[test]
    fn admin_errors_are_kept() {
        let page =
            read_page(br#"{"value":[],"@adminapi.errors":["x|A.BException|Bad."]}"#).unwrap();
        assert_eq!(page.error.unwrap().message, "Bad.");
    }

    #[test]
    fn a_flat_object_is_one_value() {
        let page = read_page(br#"{"fileContent":"x","@odata.context":"c"}"#).unwrap();
        assert_eq!(page.values, vec![serde_json::json!({"fileContent":"x"})]);
        let page = read_page(br#"{"@odata.context":"c"}"#).unwrap();
        assert!(page.values.is_empty());
    }

    #[test]
    fn empty_and_broken_bodies() {
        assert_eq!(read_page(b"").unwrap(), Page::default());
        assert!(read_page(b"<html>").is_err());
    }
}

//! The data templates render with (SPEC §3.2–3.4).
//!
//! A body template sees the event (its strings JSON-escaped when the template path is a JSON
//! template) plus `formVariables` (with `oauth` inside). URL and header templates see the form
//! values at the top level, the unescaped event as `context`, and `oauth`.

use serde_json::{Map, Value as Json};

use crate::manifest::{FormVariable, Manifest};

/// Whether a template path names a JSON template (`.json` or `.json.hbs`, any case).
#[must_use]
pub fn is_json_template(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".json") || lower.ends_with(".json.hbs")
}

/// The inside of `JSON.stringify(s)`: what a JSON template needs to embed `s` in a string literal.
#[must_use]
pub fn json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Replaces every string in `value`, recursively, by [`json_escape`] of it. Keys, numbers,
/// booleans and null are unchanged.
#[must_use]
pub fn json_escape_strings(value: &Json) -> Json {
    match value {
        Json::String(s) => Json::String(json_escape(s)),
        Json::Array(items) => Json::Array(items.iter().map(json_escape_strings).collect()),
        Json::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), json_escape_strings(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The integration-framework test convention for a form variable nobody has filled in.
#[must_use]
pub fn placeholder(variable: &FormVariable) -> Json {
    match variable.kind.as_str() {
        "boolean" => Json::Bool(true),
        "uri" => Json::String(format!("https://{}.com", variable.key)),
        "multiselect" => Json::Array(vec![Json::String(variable.key.clone())]),
        _ => Json::String(variable.key.clone()),
    }
}

/// Form values: what the user typed, else the placeholder of §3.4.
#[must_use]
pub fn form_values(manifest: &Manifest, typed: &Map<String, Json>) -> Map<String, Json> {
    manifest
        .form_variables
        .iter()
        .map(|v| {
            (
                v.key.clone(),
                typed.get(&v.key).cloned().unwrap_or_else(|| placeholder(v)),
            )
        })
        .chain(
            typed
                .iter()
                .filter(|(k, _)| !manifest.form_variables.iter().any(|v| &v.key == *k))
                .map(|(k, v)| (k.clone(), v.clone())),
        )
        .collect()
}

/// The `defaultValue` of every form variable that has one: what the page fills in before the user
/// types anything (the integration framework's placeholders stand in for the rest).
#[must_use]
pub fn default_values(manifest: &Manifest) -> Map<String, Json> {
    manifest
        .form_variables
        .iter()
        .filter_map(|v| Some((v.key.clone(), v.default_value.clone()?)))
        .collect()
}

/// `oauth`: placeholders when the integration requires OAuth, else `null`.
#[must_use]
pub fn oauth(requires_oauth: bool) -> Json {
    if requires_oauth {
        serde_json::json!({ "baseURI": "$OAUTH_BASE_URI", "accessToken": "$OAUTH_ACCESS_TOKEN" })
    } else {
        Json::Null
    }
}

/// The context of a body template.
#[must_use]
pub fn body_context(
    event: &Json,
    json_template: bool,
    form_values: &Map<String, Json>,
    oauth: &Json,
) -> Json {
    let mut root = if json_template {
        json_escape_strings(event)
    } else {
        event.clone()
    };
    let mut form = form_values.clone();
    form.insert("oauth".to_owned(), oauth.clone());
    if let Json::Object(map) = &mut root {
        map.insert("formVariables".to_owned(), Json::Object(form));
    }
    root
}

/// The context of URL and header templates.
#[must_use]
pub fn endpoint_context(event: &Json, form_values: &Map<String, Json>, oauth: &Json) -> Json {
    let mut root = form_values.clone();
    root.insert("context".to_owned(), event.clone());
    root.insert("oauth".to_owned(), oauth.clone());
    Json::Object(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_like_json_stringify() {
        // Expected: JSON.stringify(s).slice(1, -1) in JavaScript.
        assert_eq!(
            json_escape("a\"b\\c\nd\te\u{1}é😀\u{7f}"),
            "a\\\"b\\\\c\\nd\\te\\u0001é😀\u{7f}"
        );
        assert_eq!(json_escape("\u{8}\u{c}\r\u{1f}"), "\\b\\f\\r\\u001f");
    }

    #[test]
    fn escaping_is_recursive_and_keeps_keys() {
        let v = json!({"k\"": ["\"", 1, null, {"x": "\n"}]});
        assert_eq!(
            json_escape_strings(&v),
            json!({"k\"": ["\\\"", 1, null, {"x": "\\n"}]})
        );
    }

    #[test]
    fn json_template_paths() {
        assert!(is_json_template("templates/a.JSON.hbs"));
        assert!(is_json_template("a.json"));
        assert!(!is_json_template("a.hbs"));
        assert!(!is_json_template("a.json.txt"));
    }
}

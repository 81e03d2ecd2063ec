//! The data templates render with (SPEC §3.2–3.4).
//!
//! A body template sees the event (its strings JSON-escaped when the template path is a JSON
//! template) plus `formVariables` (with `oauth` inside). URL and header templates see the form
//! values at the top level, the unescaped event as `context`, and `oauth`.

use std::fmt::Write as _;

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
    // Every byte that needs an escape is ASCII, so the runs between them are whole characters.
    let mut run = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if !needs_json_escape(b) {
            continue;
        }
        out.push_str(&s[run..i]);
        run = i + 1;
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
    }
    out.push_str(&s[run..]);
    out
}

/// Whether `JSON.stringify` writes this byte of a string as an escape.
const fn needs_json_escape(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// Replaces every string in `value`, recursively, by [`json_escape`] of it. Keys, numbers,
/// booleans and null are unchanged.
#[must_use]
pub fn json_escape_strings(value: &Json) -> Json {
    let mut escaped = value.clone();
    json_escape_in_place(&mut escaped);
    escaped
}

/// [`json_escape_strings`] on a value of one's own: only the strings that need an escape are
/// rewritten, and objects keep their tables (no key is hashed again).
pub fn json_escape_in_place(value: &mut Json) {
    match value {
        Json::String(s) if s.bytes().any(needs_json_escape) => *s = json_escape(s),
        Json::Array(items) => items.iter_mut().for_each(json_escape_in_place),
        Json::Object(map) => map.values_mut().for_each(json_escape_in_place),
        _ => {}
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
    let mut root = event.clone();
    if json_template {
        json_escape_in_place(&mut root);
    }
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
    fn escapes_as_serde_json_writes_a_string() {
        // serde_json writes a string's inside as JSON.stringify does (short escapes, `\u00xx`
        // in lowercase for the other control characters, everything else as it is).
        let every: String = (0u32..0x250)
            .chain([0x2028, 0x2029, 0xfeff, 0x1f600])
            .filter_map(char::from_u32)
            .flat_map(|c| [c, 'a', c])
            .collect();
        let written = serde_json::to_string(&every).unwrap();
        assert_eq!(json_escape(&every), written[1..written.len() - 1]);
    }

    #[test]
    fn escaping_in_place_rewrites_each_string_as_a_copy_would() {
        fn copied(v: &Json) -> Json {
            match v {
                Json::String(s) => Json::String(json_escape(s)),
                Json::Array(items) => Json::Array(items.iter().map(copied).collect()),
                Json::Object(map) => {
                    Json::Object(map.iter().map(|(k, v)| (k.clone(), copied(v))).collect())
                }
                other => other.clone(),
            }
        }
        let v =
            json!({"z": "plain", "a\"": ["\"", 1.5, null, true, {"x": "\n", "y": "é\t"}], "m": {}});
        let escaped = json_escape_strings(&v);
        assert_eq!(escaped, copied(&v));
        let keys: Vec<_> = escaped.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a\"", "m"]);
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

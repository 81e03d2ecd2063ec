//! A lenient reading of `manifest.json`: fields of the wrong type read as absent (the manifest
//! checks report them), so rendering can go on.

use serde_json::Value as Json;

use crate::json_span::{Kind, Spanned};

/// What Hookpad reads from a manifest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    pub name: String,
    pub requires_oauth: bool,
    pub form_variables: Vec<FormVariable>,
    pub hook: Option<AuditLogEventsHook>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormVariable {
    pub key: String,
    pub name: String,
    /// `type` in the manifest.
    pub kind: String,
    pub is_secret: bool,
    pub is_optional: bool,
    pub default_value: Option<Json>,
    pub allowed_values: Vec<String>,
}

/// `capabilities.auditLogEventsHook`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuditLogEventsHook {
    pub endpoint: Endpoint,
    /// `templates`, in manifest order.
    pub templates: Vec<TemplateRef>,
    pub default_policy: Option<Json>,
    pub use_standard_webhook_payload: bool,
    pub include_error_response_body: bool,
}

/// One entry of `templates`: a key (`flag`, `default`, `validation`, ...) and a path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateRef {
    pub key: String,
    pub path: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Endpoint {
    pub url: String,
    pub method: String,
    pub headers: Vec<Header>,
    pub hmac_signature: Option<HmacSignature>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HmacSignature {
    pub header_name: String,
    pub hmac_secret_form_variable_key: String,
}

/// A parsed JSON tree the model is read from: serde_json's, or the one with positions that the
/// manifest checks read ([`Spanned`]), so that a simulation parses the manifest text once.
trait Tree<'a>: Copy {
    /// The member `key` of an object (of duplicate keys, the last, as `JSON.parse` reads them).
    fn get(self, key: &str) -> Option<Self>;
    fn as_str(self) -> Option<&'a str>;
    fn as_bool(self) -> Option<bool>;
    fn items(self) -> Option<Vec<Self>>;
    /// An object's members in order, each key once (where it first occurs, with its last value).
    fn members(self) -> Option<Vec<(&'a str, Self)>>;
    fn is_object(self) -> bool;
    /// The value as serde_json reads it.
    fn to_json(self) -> Option<Json>;

    fn string(self, key: &str) -> String {
        self.get(key)
            .and_then(Tree::as_str)
            .unwrap_or_default()
            .to_owned()
    }

    fn boolean(self, key: &str) -> bool {
        self.get(key).and_then(Tree::as_bool).unwrap_or(false)
    }
}

impl<'a> Tree<'a> for &'a Json {
    fn get(self, key: &str) -> Option<Self> {
        Json::get(self, key)
    }
    fn as_str(self) -> Option<&'a str> {
        Json::as_str(self)
    }
    fn as_bool(self) -> Option<bool> {
        Json::as_bool(self)
    }
    fn items(self) -> Option<Vec<Self>> {
        Json::as_array(self).map(|a| a.iter().collect())
    }
    fn members(self) -> Option<Vec<(&'a str, Self)>> {
        Json::as_object(self).map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
    }
    fn is_object(self) -> bool {
        Json::is_object(self)
    }
    fn to_json(self) -> Option<Json> {
        Some(self.clone())
    }
}

/// A value of the position-keeping tree, with the text it was read from (for its numbers).
#[derive(Clone, Copy)]
struct Located<'a> {
    value: &'a Spanned,
    text: &'a str,
}

impl<'a> Tree<'a> for Located<'a> {
    fn get(self, key: &str) -> Option<Self> {
        match &self.value.kind {
            Kind::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key == key)
                .map(|m| Located {
                    value: &m.value,
                    text: self.text,
                }),
            _ => None,
        }
    }
    fn as_str(self) -> Option<&'a str> {
        self.value.as_str()
    }
    fn as_bool(self) -> Option<bool> {
        match self.value.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }
    fn items(self) -> Option<Vec<Self>> {
        self.value.as_array().map(|items| {
            items
                .iter()
                .map(|value| Located {
                    value,
                    text: self.text,
                })
                .collect()
        })
    }
    fn members(self) -> Option<Vec<(&'a str, Self)>> {
        let Kind::Object(members) = &self.value.kind else {
            return None;
        };
        let first = |i: usize| !members[..i].iter().any(|m| m.key == members[i].key);
        Some(
            (0..members.len())
                .filter(|&i| first(i))
                .filter_map(|i| Some((members[i].key.as_str(), self.get(&members[i].key)?)))
                .collect(),
        )
    }
    fn is_object(self) -> bool {
        matches!(self.value.kind, Kind::Object(_))
    }
    fn to_json(self) -> Option<Json> {
        let text = self.text.get(self.value.range.to_range())?;
        serde_json::from_str(text).ok()
    }
}

impl Manifest {
    /// Reads the parts Hookpad uses from a parsed manifest.
    #[must_use]
    pub fn from_json(root: &Json) -> Self {
        Self::read(root)
    }

    /// [`Manifest::from_json`] from the tree the manifest checks read (`text` is what it was
    /// parsed from), without parsing the text again.
    #[must_use]
    pub fn from_spanned(root: &Spanned, text: &str) -> Self {
        Self::read(Located { value: root, text })
    }

    /// Reads a manifest's text; `None` when it is not JSON.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        crate::json_span::parse(text).map(|root| Self::from_spanned(&root, text))
    }

    fn read<'a>(root: impl Tree<'a>) -> Self {
        let form_variables = root
            .get("formVariables")
            .and_then(Tree::items)
            .map(|vars| vars.into_iter().map(FormVariable::read).collect())
            .unwrap_or_default();
        let hook = root
            .get("capabilities")
            .and_then(|c| c.get("auditLogEventsHook"))
            .filter(|h| h.is_object())
            .map(AuditLogEventsHook::read);
        Self {
            name: root.string("name"),
            requires_oauth: root.boolean("requiresOAuth"),
            form_variables,
            hook,
        }
    }
}

impl FormVariable {
    fn read<'a>(v: impl Tree<'a>) -> Self {
        Self {
            key: v.string("key"),
            name: v.string("name"),
            kind: v.string("type"),
            is_secret: v.boolean("isSecret"),
            is_optional: v.boolean("isOptional"),
            default_value: v.get("defaultValue").and_then(Tree::to_json),
            allowed_values: v
                .get("allowedValues")
                .and_then(Tree::items)
                .map(|a| {
                    a.into_iter()
                        .filter_map(Tree::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

impl AuditLogEventsHook {
    fn read<'a, T: Tree<'a>>(v: T) -> Self {
        let endpoint = v.get("endpoint");
        let headers = endpoint
            .and_then(|e| e.get("headers"))
            .and_then(Tree::items)
            .map(|hs| {
                hs.into_iter()
                    .map(|h| Header {
                        name: h.string("name"),
                        value: h.string("value"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let hmac_signature = endpoint
            .and_then(|e| e.get("hmacSignature"))
            .filter(|h| h.is_object())
            .map(|h| HmacSignature {
                header_name: h.string("headerName"),
                hmac_secret_form_variable_key: h.string("hmacSecretFormVariableKey"),
            });
        let templates = v
            .get("templates")
            .and_then(Tree::members)
            .map(|t| {
                t.into_iter()
                    .filter_map(|(key, path)| {
                        path.as_str().map(|p| TemplateRef {
                            key: key.to_owned(),
                            path: p.to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let field = |key: &str| endpoint.map(|e| e.string(key)).unwrap_or_default();
        Self {
            endpoint: Endpoint {
                url: field("url"),
                method: field("method"),
                headers,
                hmac_signature,
            },
            templates,
            default_policy: v.get("defaultPolicy").and_then(Tree::to_json),
            use_standard_webhook_payload: v.boolean("useStandardWebhookPayload"),
            include_error_response_body: v.boolean("includeErrorResponseBody"),
        }
    }

    /// The path of the template with this key.
    #[must_use]
    pub fn template(&self, key: &str) -> Option<&TemplateRef> {
        self.templates.iter().find(|t| t.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` both ways and checks they agree.
    fn both(text: &str) -> Manifest {
        let from_serde = Manifest::from_json(&serde_json::from_str(text).unwrap());
        let root = crate::json_span::parse(text).unwrap();
        assert_eq!(Manifest::from_spanned(&root, text), from_serde, "{text}");
        from_serde
    }

    #[test]
    fn the_position_tree_reads_as_serde_json_does() {
        both(crate::samples::INTEGRATION.manifest);
        // Duplicate keys (the last value, at the first key's place), numbers, nested values
        // kept whole, fields of the wrong type read as absent.
        let m = both(
            r#"{
              "name": "first", "name": "second", "requiresOAuth": "yes",
              "formVariables": [
                {"key": "n", "type": "string", "defaultValue": 1.50e3, "allowedValues": ["a", 2, "b"]},
                {"key": "o", "defaultValue": {"x": [1, "\u00e9"]}, "isSecret": true},
                7
              ],
              "capabilities": {"auditLogEventsHook": {
                "endpoint": {"url": "https://x/{{a}}", "method": 3, "headers": [{"name": "A", "value": "b"}],
                             "hmacSignature": {"headerName": "S", "hmacSecretFormVariableKey": "k"}},
                "templates": {"flag": "a.hbs", "default": 5, "flag": "b.hbs", "member": "m.hbs"},
                "defaultPolicy": [{"effect": "allow", "resources": ["proj/*"], "actions": ["*"]}]
              }}
            }"#,
        );
        assert_eq!(m.name, "second");
        let hook = m.hook.unwrap();
        let keys: Vec<_> = hook
            .templates
            .iter()
            .map(|t| (t.key.as_str(), t.path.as_str()))
            .collect();
        assert_eq!(keys, [("flag", "b.hbs"), ("member", "m.hbs")]);
        assert_eq!(
            m.form_variables[0].default_value,
            Some(serde_json::json!(1500.0))
        );
        // No hook, an endpoint that is not an object, a hook that is not an object.
        both(r#"{"capabilities": {"auditLogEventsHook": {"endpoint": [], "templates": []}}}"#);
        both(r#"{"capabilities": {"auditLogEventsHook": 1}, "formVariables": {}}"#);
        both("[]");
    }
}

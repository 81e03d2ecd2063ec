//! What the page needs from the manifest text, derived once per manifest change: the form
//! variables (with their descriptions), the template paths, the `defaultPolicy` and which keys
//! are secret. The reducer keeps the last valid analysis while the text does not parse, so the
//! panels stay put while the user is mid-edit.

use hookpad_core::manifest::{FormVariable, Manifest};
use serde_json::Value as Json;

/// A form variable and the text the manifest gives to explain it.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    pub variable: FormVariable,
    pub description: Option<String>,
}

/// The manifest, as far as the page's inputs are concerned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// The integration's `name`.
    pub name: String,
    pub variables: Vec<Variable>,
    /// The template paths `auditLogEventsHook.templates` names, in manifest order, without repeats.
    pub templates: Vec<String>,
    /// `defaultPolicy`, pretty-printed (`[]` when there is none).
    pub default_policy: String,
    /// Keys whose values must never be saved or shared: `isSecret` variables and the HMAC
    /// signature's secret.
    pub secret_keys: Vec<String>,
    /// `requiresOAuth`: the templates see `oauth` placeholders.
    pub requires_oauth: bool,
    /// Whether the manifest has an audit-log events hook (without one there is no request).
    pub has_hook: bool,
}

/// Why the manifest text could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl Analysis {
    /// Reads `text` once.
    ///
    /// # Errors
    /// When the text is not JSON.
    pub fn of(text: &str) -> Result<Self, ManifestError> {
        let root: Json = serde_json::from_str(text).map_err(|e| ManifestError {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        })?;
        Ok(Self::from_json(&root))
    }

    fn from_json(root: &Json) -> Self {
        let manifest = Manifest::from_json(root);
        let descriptions = root.get("formVariables").and_then(Json::as_array);
        let description = |key: &str| {
            descriptions?
                .iter()
                .find(|v| v.get("key").and_then(Json::as_str) == Some(key))?
                .get("description")?
                .as_str()
                .map(str::to_owned)
        };
        let mut secret_keys: Vec<String> = manifest
            .form_variables
            .iter()
            .filter(|v| v.is_secret)
            .map(|v| v.key.clone())
            .collect();
        let mut templates: Vec<String> = Vec::new();
        let mut default_policy = "[]".to_owned();
        if let Some(hook) = &manifest.hook {
            for t in &hook.templates {
                if !templates.contains(&t.path) {
                    templates.push(t.path.clone());
                }
            }
            if let Some(p) = &hook.default_policy {
                default_policy = serde_json::to_string_pretty(p).unwrap_or(default_policy);
            }
            if let Some(hmac) = &hook.endpoint.hmac_signature {
                let key = &hmac.hmac_secret_form_variable_key;
                if !key.is_empty() && !secret_keys.contains(key) {
                    secret_keys.push(key.clone());
                }
            }
        }
        let variables = manifest
            .form_variables
            .iter()
            .map(|v| Variable {
                description: description(&v.key),
                variable: v.clone(),
            })
            .collect();
        Self {
            has_hook: manifest.hook.is_some(),
            requires_oauth: manifest.requires_oauth,
            name: manifest.name,
            variables,
            templates,
            default_policy,
            secret_keys,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_variables_templates_and_secrets() {
        let a = Analysis::of(hookpad_core::samples::INTEGRATION.manifest).unwrap();
        assert!(a.templates.contains(&"templates/flag.json.hbs".to_owned()));
        assert!(a.secret_keys.contains(&"apiToken".to_owned()));
        assert!(a.default_policy.contains("proj/*:env/production:flag/*"));
        assert!(a.variables.iter().all(|v| v.description.is_some()));
        assert!(a.has_hook);
        assert!(
            !Analysis::of(r#"{"capabilities": {"featureStore": {}}}"#)
                .unwrap()
                .has_hook
        );
    }

    #[test]
    fn an_unreadable_manifest_says_where() {
        let e = Analysis::of("{\n  \"name\": ,\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 11));
    }

    #[test]
    fn the_hmac_secret_is_secret() {
        let a = Analysis::of(
            r#"{"formVariables":[{"key":"k","type":"string"}],"capabilities":{"auditLogEventsHook":
            {"endpoint":{"url":"u","method":"POST","headers":[],"hmacSignature":{"headerName":"X","hmacSecretFormVariableKey":"k"}},
            "templates":{}}}}"#,
        )
        .unwrap();
        assert_eq!(a.secret_keys, ["k"]);
    }
}

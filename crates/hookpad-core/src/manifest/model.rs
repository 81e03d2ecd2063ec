//! A lenient reading of `manifest.json`: fields of the wrong type read as absent (the manifest
//! checks report them), so rendering can go on.

use serde_json::Value as Json;

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

fn string(v: &Json, key: &str) -> String {
    v.get(key)
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn boolean(v: &Json, key: &str) -> bool {
    v.get(key).and_then(Json::as_bool).unwrap_or(false)
}

impl Manifest {
    /// Reads the parts Hookpad uses from a parsed manifest.
    #[must_use]
    pub fn from_json(root: &Json) -> Self {
        let form_variables = root
            .get("formVariables")
            .and_then(Json::as_array)
            .map(|vars| vars.iter().map(FormVariable::from_json).collect())
            .unwrap_or_default();
        let hook = root
            .get("capabilities")
            .and_then(|c| c.get("auditLogEventsHook"))
            .filter(|h| h.is_object())
            .map(AuditLogEventsHook::from_json);
        Self {
            name: string(root, "name"),
            requires_oauth: boolean(root, "requiresOAuth"),
            form_variables,
            hook,
        }
    }
}

impl FormVariable {
    fn from_json(v: &Json) -> Self {
        Self {
            key: string(v, "key"),
            name: string(v, "name"),
            kind: string(v, "type"),
            is_secret: boolean(v, "isSecret"),
            is_optional: boolean(v, "isOptional"),
            default_value: v.get("defaultValue").cloned(),
            allowed_values: v
                .get("allowedValues")
                .and_then(Json::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Json::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

impl AuditLogEventsHook {
    fn from_json(v: &Json) -> Self {
        let endpoint = v.get("endpoint").cloned().unwrap_or(Json::Null);
        let headers = endpoint
            .get("headers")
            .and_then(Json::as_array)
            .map(|hs| {
                hs.iter()
                    .map(|h| Header {
                        name: string(h, "name"),
                        value: string(h, "value"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let hmac_signature = endpoint
            .get("hmacSignature")
            .filter(|h| h.is_object())
            .map(|h| HmacSignature {
                header_name: string(h, "headerName"),
                hmac_secret_form_variable_key: string(h, "hmacSecretFormVariableKey"),
            });
        let templates = v
            .get("templates")
            .and_then(Json::as_object)
            .map(|t| {
                t.iter()
                    .filter_map(|(key, path)| {
                        path.as_str().map(|p| TemplateRef {
                            key: key.clone(),
                            path: p.to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            endpoint: Endpoint {
                url: string(&endpoint, "url"),
                method: string(&endpoint, "method"),
                headers,
                hmac_signature,
            },
            templates,
            default_policy: v.get("defaultPolicy").cloned(),
            use_standard_webhook_payload: boolean(v, "useStandardWebhookPayload"),
            include_error_response_body: boolean(v, "includeErrorResponseBody"),
        }
    }

    /// The path of the template with this key.
    #[must_use]
    pub fn template(&self, key: &str) -> Option<&TemplateRef> {
        self.templates.iter().find(|t| t.key == key)
    }
}

//! Which template renders the body for an event (SPEC §3.1).

use serde::{Deserialize, Serialize};

use crate::manifest::AuditLogEventsHook;

/// `event`: the event's own template; `validation`: the "validate connection" test.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    #[default]
    Event,
    Validation,
}

/// The event kinds that select a template of their own name.
pub const ROUTED_KINDS: [&str; 4] = ["flag", "project", "environment", "member"];

/// The routing decision and why it was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    /// The key in `templates`, or `None` for the standard payload.
    pub template_key: Option<String>,
    pub template_path: Option<String>,
    /// The body is the event itself, serialized as JSON.
    pub standard_payload: bool,
    pub reason: String,
}

impl Route {
    fn standard(reason: impl Into<String>) -> Self {
        Self {
            template_key: None,
            template_path: None,
            standard_payload: true,
            reason: reason.into(),
        }
    }

    fn template(hook: &AuditLogEventsHook, key: &str, reason: impl Into<String>) -> Option<Self> {
        hook.template(key).map(|t| Self {
            template_key: Some(t.key.clone()),
            template_path: Some(t.path.clone()),
            standard_payload: false,
            reason: reason.into(),
        })
    }
}

/// Picks the body template for an event of `kind` (the event's `kind` field, if any).
#[must_use]
pub fn route(hook: &AuditLogEventsHook, kind: Option<&str>, mode: Mode) -> Route {
    if hook.use_standard_webhook_payload {
        return Route::standard(
            "`useStandardWebhookPayload` is true: the body is the event itself, as JSON",
        );
    }
    if hook.templates.is_empty() {
        return Route::standard(
            "the manifest names no templates: the body is the event itself, as JSON",
        );
    }
    let mut prefix = String::new();
    if mode == Mode::Validation {
        if let Some(r) = Route::template(
            hook,
            "validation",
            "validation mode renders the `validation` template",
        ) {
            return r;
        }
        prefix = "validation mode, but there is no `validation` template; ".to_owned();
    }
    match kind {
        Some(kind) if ROUTED_KINDS.contains(&kind) => {
            if let Some(r) = Route::template(hook, kind, format!("{prefix}the event's kind is `{kind}`, which has its own template")) {
                return r;
            }
            default_route(hook, &format!("{prefix}the event's kind is `{kind}` but there is no `{kind}` template"))
        }
        Some(kind) => default_route(
            hook,
            &format!("{prefix}the event's kind `{kind}` has no template key of its own (only flag, project, environment and member do)"),
        ),
        None => default_route(hook, &format!("{prefix}the event has no `kind`")),
    }
}

fn default_route(hook: &AuditLogEventsHook, why: &str) -> Route {
    Route::template(
        hook,
        "default",
        format!("{why}, so the `default` template is used"),
    )
    .unwrap_or_else(|| {
        Route::standard(format!(
            "{why}, and there is no `default` template: the body is the event itself, as JSON"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::TemplateRef;

    fn hook(keys: &[&str]) -> AuditLogEventsHook {
        AuditLogEventsHook {
            templates: keys
                .iter()
                .map(|k| TemplateRef {
                    key: (*k).to_owned(),
                    path: format!("templates/{k}.json.hbs"),
                })
                .collect(),
            ..AuditLogEventsHook::default()
        }
    }

    #[test]
    fn kinds_with_their_own_template() {
        let h = hook(&["flag", "default"]);
        assert_eq!(
            route(&h, Some("flag"), Mode::Event).template_key.as_deref(),
            Some("flag")
        );
        assert_eq!(
            route(&h, Some("project"), Mode::Event)
                .template_key
                .as_deref(),
            Some("default")
        );
        assert_eq!(
            route(&h, Some("segment"), Mode::Event)
                .template_key
                .as_deref(),
            Some("default")
        );
        assert_eq!(
            route(&h, None, Mode::Event).template_key.as_deref(),
            Some("default")
        );
    }

    #[test]
    fn no_default_means_standard_payload() {
        let h = hook(&["flag"]);
        assert!(route(&h, Some("member"), Mode::Event).standard_payload);
        assert!(!route(&h, Some("flag"), Mode::Event).standard_payload);
    }

    #[test]
    fn validation_mode_and_its_fallback() {
        let h = hook(&["flag", "validation"]);
        assert_eq!(
            route(&h, Some("flag"), Mode::Validation)
                .template_key
                .as_deref(),
            Some("validation")
        );
        let h = hook(&["flag"]);
        let r = route(&h, Some("flag"), Mode::Validation);
        assert_eq!(r.template_key.as_deref(), Some("flag"));
        assert!(r.reason.starts_with("validation mode, but"));
    }

    #[test]
    fn standard_payload_flag_and_empty_templates() {
        let mut h = hook(&["flag"]);
        h.use_standard_webhook_payload = true;
        assert!(route(&h, Some("flag"), Mode::Event).standard_payload);
        assert!(route(&hook(&[]), Some("flag"), Mode::Event).standard_payload);
    }
}

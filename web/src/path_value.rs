//! What a path in a template gives in each dialect, for the editor's hover. Answered in the
//! simulation worker, which already holds the event and the form values: it renders `{{{path}}}`
//! with the core's own renderer (the same lookup, strict mode and printing as the simulation), so
//! the page's module carries no renderer.

use hookpad_core::context;
use hookpad_core::render::{self, RenderData};
use hookpad_core::Dialect;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// What `{{{path}}}` gives in one dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Outcome {
    /// The text printed.
    Value { text: String },
    /// Nothing printed: the path is missing (production) or its value prints as nothing.
    Empty,
    /// The render failed (preview's strict mode: `"x" not defined in ...`).
    Error { message: String },
}

/// A path's outcome in each dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub preview: Outcome,
    pub production: Outcome,
}

/// Which root context the path is looked up in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Root {
    /// A body template's (its strings JSON-escaped when `path` is a `.json` template).
    Body { path: String },
    /// The URL and header templates': the form values, `context`, `oauth`.
    Endpoint,
}

/// The root contexts a template sees, built from the inputs they depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct Contexts<'a> {
    /// The event, parsed (`None` when it is not JSON: the templates see an empty object).
    pub event: Option<&'a Json>,
    pub form: &'a Map<String, Json>,
    pub requires_oauth: bool,
}

impl Contexts<'_> {
    /// The root context `root` names.
    #[must_use]
    pub fn root(&self, root: &Root) -> Json {
        let empty = Json::Object(Map::new());
        let event = self.event.unwrap_or(&empty);
        let oauth = context::oauth(self.requires_oauth);
        match root {
            Root::Body { path } => {
                context::body_context(event, context::is_json_template(path), self.form, &oauth)
            }
            Root::Endpoint => context::endpoint_context(event, self.form, &oauth),
        }
    }
}

/// A path as hover sends it: segments of name characters, `../` and `@data`, nothing that could
/// close the tag or start other syntax.
fn is_path(path: &str) -> bool {
    !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '@' | '.' | '/' | '-'))
}

/// What `{{{path}}}` gives in each dialect with `data` as the root context.
#[must_use]
pub fn resolve(data: &RenderData, path: &str) -> Resolution {
    let outcome = |dialect| {
        if !is_path(path) {
            return Outcome::Error {
                message: "not a path".to_owned(),
            };
        }
        match render::render_with(&format!("{{{{{{{path}}}}}}}"), data, dialect) {
            Ok(text) if text.is_empty() => Outcome::Empty,
            Ok(text) => Outcome::Value { text },
            Err(fault) => Outcome::Error {
                message: fault.reason.to_string(),
            },
        }
    };
    Resolution {
        preview: outcome(Dialect::Preview),
        production: outcome(Dialect::Production),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Json {
        json!({ "kind": "flag", "member": { "email": "a\"b@example.com" }, "tags": ["x", "y"] })
    }

    fn body(path: &str, query: &str) -> Resolution {
        let (event, form) = (event(), Map::new());
        let contexts = Contexts {
            event: Some(&event),
            form: &form,
            requires_oauth: false,
        };
        let root = contexts.root(&Root::Body { path: path.into() });
        resolve(&RenderData::new(root), query)
    }

    #[test]
    fn a_present_path_has_its_value_in_both_dialects() {
        let r = body("default.hbs", "member.email");
        let text = "a\"b@example.com".to_owned();
        assert_eq!(r.preview, Outcome::Value { text });
        assert_eq!(r.production, r.preview);
    }

    #[test]
    fn a_json_template_sees_escaped_strings() {
        let r = body("default.json.hbs", "member.email");
        let text = "a\\\"b@example.com".to_owned();
        assert_eq!(r.preview, Outcome::Value { text });
    }

    #[test]
    fn a_missing_path_is_an_error_in_preview_and_empty_in_production() {
        let r = body("default.hbs", "member.name");
        match &r.preview {
            Outcome::Error { message } => {
                assert!(message.contains("\"name\" not defined in"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r.production, Outcome::Empty);
    }

    #[test]
    fn arrays_print_per_dialect() {
        let r = body("default.hbs", "tags");
        assert_eq!(r.preview, Outcome::Value { text: "x,y".into() });
        assert_eq!(r.production, Outcome::Value { text: "xy".into() });
    }

    #[test]
    fn the_endpoint_context_has_form_values_context_and_oauth() {
        let event = event();
        let mut form = Map::new();
        form.insert("region".into(), json!("eu"));
        let contexts = Contexts {
            event: Some(&event),
            form: &form,
            requires_oauth: true,
        };
        let data = RenderData::new(contexts.root(&Root::Endpoint));
        let text = |s: &str| Outcome::Value { text: s.into() };
        assert_eq!(resolve(&data, "region").preview, text("eu"));
        assert_eq!(resolve(&data, "context.kind").production, text("flag"));
        let token = resolve(&data, "oauth.accessToken").preview;
        assert_eq!(token, text("$OAUTH_ACCESS_TOKEN"));
    }

    #[test]
    fn anything_but_a_path_is_refused() {
        let data = RenderData::new(json!({}));
        assert!(matches!(
            resolve(&data, "a}}{{b").preview,
            Outcome::Error { .. }
        ));
        assert!(matches!(
            resolve(&data, "").production,
            Outcome::Error { .. }
        ));
    }
}

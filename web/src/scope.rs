//! What an editor's templates see: the root context of a body template (SPEC §3.2) or of the
//! URL and header templates (§3.3), for completion and hover. Hover asks [`Scope::resolve`] what a
//! path gives in each dialect, which renders `{{{path}}}` with the core's own renderer (the same
//! lookup, strict mode and printing as the simulation).

use std::rc::Rc;

use hookpad_core::context;
use hookpad_core::render::{self, RenderData};
use hookpad_core::Dialect;
use serde::Serialize;
use serde_json::{Map, Value as Json};
use yew::AttrValue;

struct Inner {
    /// The context as JSON text, for the editor's completion.
    text: AttrValue,
    data: RenderData,
}

/// A root context; cheap to clone, and two are equal when they are the same one.
#[derive(Clone)]
pub struct Scope(Rc<Inner>);

impl PartialEq for Scope {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What `{{{path}}}` gives in one dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub preview: Outcome,
    pub production: Outcome,
}

/// A path as hover sends it: segments of name characters, `../` and `@data`, nothing that could
/// close the tag or start other syntax.
fn is_path(path: &str) -> bool {
    !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '@' | '.' | '/' | '-'))
}

impl Scope {
    fn new(root: Json) -> Self {
        Self(Rc::new(Inner {
            text: AttrValue::from(root.to_string()),
            data: RenderData::new(root),
        }))
    }

    /// The context of the body template `path` (its strings JSON-escaped when it is a `.json`
    /// template). `event` is `None` when it is not JSON or too large to parse on the page.
    #[must_use]
    pub fn body(
        event: Option<&Json>,
        path: Option<&str>,
        form: &Map<String, Json>,
        requires_oauth: bool,
    ) -> Self {
        let empty = Json::Object(Map::new());
        let json = path.is_some_and(context::is_json_template);
        Self::new(context::body_context(
            event.unwrap_or(&empty),
            json,
            form,
            &context::oauth(requires_oauth),
        ))
    }

    /// The context of the URL and header templates: the form values, `context`, `oauth`.
    #[must_use]
    pub fn endpoint(event: Option<&Json>, form: &Map<String, Json>, requires_oauth: bool) -> Self {
        let empty = Json::Object(Map::new());
        Self::new(context::endpoint_context(
            event.unwrap_or(&empty),
            form,
            &context::oauth(requires_oauth),
        ))
    }

    /// The context as JSON text.
    #[must_use]
    pub fn text(&self) -> &AttrValue {
        &self.0.text
    }

    /// What `{{{path}}}` gives in each dialect, rendered by the core.
    #[must_use]
    pub fn resolve(&self, path: &str) -> Resolution {
        let outcome = |dialect| {
            if !is_path(path) {
                return Outcome::Error {
                    message: "not a path".to_owned(),
                };
            }
            match render::render_with(&format!("{{{{{{{path}}}}}}}"), &self.0.data, dialect) {
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

    /// [`Scope::resolve`] as JSON text, for the editor.
    #[must_use]
    pub fn resolve_json(&self, path: &str) -> String {
        serde_json::to_string(&self.resolve(path)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Json {
        json!({ "kind": "flag", "member": { "email": "a\"b@example.com" }, "tags": ["x", "y"] })
    }

    #[test]
    fn a_present_path_has_its_value_in_both_dialects() {
        let s = Scope::body(Some(&event()), Some("default.hbs"), &Map::new(), false);
        let r = s.resolve("member.email");
        assert_eq!(
            r.preview,
            Outcome::Value {
                text: "a\"b@example.com".into()
            }
        );
        assert_eq!(r.production, r.preview);
    }

    #[test]
    fn a_json_template_sees_escaped_strings() {
        let s = Scope::body(Some(&event()), Some("default.json.hbs"), &Map::new(), false);
        let r = s.resolve("member.email");
        assert_eq!(
            r.preview,
            Outcome::Value {
                text: "a\\\"b@example.com".into()
            }
        );
    }

    #[test]
    fn a_missing_path_is_an_error_in_preview_and_empty_in_production() {
        let s = Scope::body(Some(&event()), None, &Map::new(), false);
        let r = s.resolve("member.name");
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
        let s = Scope::body(Some(&event()), None, &Map::new(), false);
        let r = s.resolve("tags");
        assert_eq!(r.preview, Outcome::Value { text: "x,y".into() });
        assert_eq!(r.production, Outcome::Value { text: "xy".into() });
    }

    #[test]
    fn the_endpoint_context_has_form_values_context_and_oauth() {
        let mut form = Map::new();
        form.insert("region".into(), json!("eu"));
        let s = Scope::endpoint(Some(&event()), &form, true);
        assert_eq!(
            s.resolve("region").preview,
            Outcome::Value { text: "eu".into() }
        );
        assert_eq!(
            s.resolve("context.kind").production,
            Outcome::Value {
                text: "flag".into()
            }
        );
        assert_eq!(
            s.resolve("oauth.accessToken").preview,
            Outcome::Value {
                text: "$OAUTH_ACCESS_TOKEN".into()
            }
        );
    }

    #[test]
    fn anything_but_a_path_is_refused() {
        let s = Scope::endpoint(None, &Map::new(), false);
        assert!(matches!(s.resolve("a}}{{b").preview, Outcome::Error { .. }));
        assert!(matches!(s.resolve("").production, Outcome::Error { .. }));
    }
}

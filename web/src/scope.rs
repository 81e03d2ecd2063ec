//! What an editor's templates see: the root context of a body template (SPEC §3.2) or of the
//! URL and header templates (§3.3), for completion and hover. Completion reads the context's
//! JSON text on the page; hover asks the simulation's worker what a path gives in each dialect
//! ([`crate::path_value`]), so the page itself never renders.

use std::rc::Rc;

use serde_json::{Map, Value as Json};
use wasm_bindgen::JsValue;
use yew::AttrValue;

use crate::hooks::PathValues;
use crate::path_value::{Contexts, Root};

struct Inner {
    /// The context as JSON text, for the editor's completion.
    text: AttrValue,
    root: Root,
    requires_oauth: bool,
    values: PathValues,
}

/// A root context; cheap to clone, and two are equal when they are the same one.
#[derive(Clone)]
pub struct Scope(Rc<Inner>);

impl PartialEq for Scope {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Scope {
    /// The context `root` names. `event` is `None` when it is not JSON or too large to parse on
    /// the page (completion then offers no event fields; hover still answers, in the worker).
    #[must_use]
    pub fn new(
        root: Root,
        event: Option<&Json>,
        form: &Map<String, Json>,
        requires_oauth: bool,
        values: PathValues,
    ) -> Self {
        let contexts = Contexts {
            event,
            form,
            requires_oauth,
        };
        Self(Rc::new(Inner {
            text: AttrValue::from(contexts.root(&root).to_string()),
            root,
            requires_oauth,
            values,
        }))
    }

    /// The context as JSON text.
    #[must_use]
    pub fn text(&self) -> &AttrValue {
        &self.0.text
    }

    /// A promise of what `{{{path}}}` gives in each dialect (JSON text, see
    /// [`crate::path_value::Resolution`]), or `null`.
    #[must_use]
    pub fn ask(&self, path: String) -> JsValue {
        let inner = &self.0;
        inner
            .values
            .ask(inner.root.clone(), inner.requires_oauth, path)
    }
}

//! The simulation's inputs: size limits, and the manifest analysis, parsed event and render
//! contexts kept between calls (a page re-simulates on every keystroke).

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::{Map, Value as Json};

use crate::context::{body_context, endpoint_context};
use crate::diagnostic::{json_error_range, Diagnostic, Severity, Source};
use crate::json_span;
use crate::manifest::{check_parsed, CheckOptions, Manifest};
use crate::policy::{self, Origin};
use crate::render::{self, RenderData};

use super::{Simulation, SimulationInput};

/// The largest inputs a simulation reads; far above real manifests, templates and events (a
/// 20 MB event dump is fine).
pub const MAX_MANIFEST_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;
pub const MAX_EVENT_BYTES: usize = 64 * 1024 * 1024;
pub const MAX_POLICY_BYTES: usize = 5 * 1024 * 1024;

/// Reports inputs over their size limit; returns false when any is.
pub(super) fn within_limits(input: &SimulationInput, sim: &mut Simulation) -> bool {
    let mut too_large = |source: Source, what: &str, len: usize, limit: usize| {
        if len > limit {
            sim.diagnostics.push(
                Diagnostic::new(
                    "input/too-large",
                    Severity::Error,
                    source,
                    format!(
                        "the {what} is {:.1} MB; Hookpad reads at most {} MB",
                        len as f64 / 1_048_576.0,
                        limit / 1_048_576
                    ),
                )
                .with_hint("trim the input to the part that matters"),
            );
            true
        } else {
            false
        }
    };
    let mut over = too_large(
        Source::Manifest,
        "manifest",
        input.manifest.len(),
        MAX_MANIFEST_BYTES,
    );
    over |= too_large(Source::Event, "event", input.event.len(), MAX_EVENT_BYTES);
    if let Some(p) = &input.policy {
        over |= too_large(Source::Policy, "policy", p.len(), MAX_POLICY_BYTES);
    }
    for (path, text) in &input.templates {
        over |= too_large(
            Source::Template(path.clone()),
            "template",
            text.len(),
            MAX_TEMPLATE_BYTES,
        );
    }
    !over
}

/// What a simulation derives from the manifest text alone: the checks' findings, the model and
/// the `defaultPolicy` statements. Kept for the last manifest seen, since a page re-simulates on
/// every keystroke and the manifest rarely changes between them.
pub(super) struct ManifestAnalysis {
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) manifest: Option<Manifest>,
    /// `None` when the manifest has no `defaultPolicy`.
    pub(super) default_policy: Option<Vec<policy::Statement>>,
}

type ManifestKey = (String, Vec<String>, Option<String>);

/// An event's text and what it parsed to (or the located reason it did not).
type ParsedEvent = (String, Rc<Result<Json, Diagnostic>>);

/// The render contexts made from one parsed event and one set of form values. Copying (and, for
/// JSON templates, escaping) a multi-megabyte event takes longer than rendering, and neither
/// input changes while the user types in a template.
pub(super) struct EventContexts {
    pub(super) event: Rc<Result<Json, Diagnostic>>,
    pub(super) values: Map<String, Json>,
    pub(super) oauth: Json,
    pub(super) endpoint: RenderData,
    /// The body context, as is and JSON-escaped; made when first needed.
    body: [OnceCell<RenderData>; 2],
}

impl EventContexts {
    pub(super) fn body(&self, event: &Json, json_template: bool) -> &RenderData {
        self.body[usize::from(json_template)].get_or_init(|| {
            RenderData::new(body_context(
                event,
                json_template,
                &self.values,
                &self.oauth,
            ))
        })
    }
}

thread_local! {
    static LAST_MANIFEST: RefCell<Option<(ManifestKey, Rc<ManifestAnalysis>)>> = const { RefCell::new(None) };
    static LAST_EVENT: RefCell<Option<ParsedEvent>> = const { RefCell::new(None) };
    static LAST_CONTEXTS: RefCell<Option<Rc<EventContexts>>> = const { RefCell::new(None) };
}

/// The contexts for `parsed` (which holds `event`) with these values, from the last call when
/// they are the same.
pub(super) fn event_contexts(
    parsed: &Rc<Result<Json, Diagnostic>>,
    event: &Json,
    values: &Map<String, Json>,
    oauth: &Json,
) -> Rc<EventContexts> {
    let hit = LAST_CONTEXTS.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|c| Rc::ptr_eq(&c.event, parsed) && c.values == *values && c.oauth == *oauth)
            .map(Rc::clone)
    });
    if let Some(hit) = hit {
        return hit;
    }
    // Free the previous contexts before making new ones.
    LAST_CONTEXTS.with(|c| c.borrow_mut().take());
    let contexts = Rc::new(EventContexts {
        event: Rc::clone(parsed),
        values: values.clone(),
        oauth: oauth.clone(),
        endpoint: RenderData::new(endpoint_context(event, values, oauth)),
        body: [OnceCell::new(), OnceCell::new()],
    });
    LAST_CONTEXTS.with(|c| *c.borrow_mut() = Some(Rc::clone(&contexts)));
    contexts
}

/// Forgets the analyses kept between simulations and the compiled templates (for benchmarks that
/// measure the whole work, and to free memory).
pub fn clear_caches() {
    LAST_MANIFEST.with(|m| m.borrow_mut().take());
    LAST_EVENT.with(|e| e.borrow_mut().take());
    LAST_CONTEXTS.with(|c| c.borrow_mut().take());
    render::clear_cache();
}

pub(super) fn analyze_manifest(
    text: &str,
    templates: &BTreeMap<String, String>,
    integration_key: Option<&str>,
) -> Rc<ManifestAnalysis> {
    let key: ManifestKey = (
        text.to_owned(),
        templates.keys().cloned().collect(),
        integration_key.map(str::to_owned),
    );
    if let Some(hit) = LAST_MANIFEST.with(|m| {
        m.borrow()
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, a)| Rc::clone(a))
    }) {
        return hit;
    }
    // The checks report invalid JSON, a missing hook, missing template files and `defaultPolicy`
    // problems, each with its location; the simulation does not repeat them.
    let options = CheckOptions {
        supplied_templates: Some(key.1.iter().cloned().collect()),
        integration_key: key.2.clone(),
    };
    // Read once with positions, for the checks and the default policy.
    let root = json_span::parse(text);
    let diagnostics = check_parsed(text, root.as_ref(), &options);
    let manifest = root.as_ref().map(|root| Manifest::from_spanned(root, text));
    let pointer = "/capabilities/auditLogEventsHook/defaultPolicy";
    let default_policy = root.and_then(|root| {
        root.pointer(pointer).map(|spanned| {
            let origin = Origin {
                source: Source::Manifest,
                pointer: pointer.to_owned(),
            };
            policy::load_spanned(spanned, &origin, &mut Vec::new())
        })
    });
    let analysis = Rc::new(ManifestAnalysis {
        diagnostics,
        manifest,
        default_policy,
    });
    LAST_MANIFEST.with(|m| *m.borrow_mut() = Some((key, Rc::clone(&analysis))));
    analysis
}

pub(super) fn parse_event(text: &str) -> Rc<Result<Json, Diagnostic>> {
    if let Some(hit) = LAST_EVENT.with(|e| {
        e.borrow()
            .as_ref()
            .filter(|(k, _)| k == text)
            .map(|(_, v)| Rc::clone(v))
    }) {
        return hit;
    }
    let parsed = Rc::new(serde_json::from_str::<Json>(text).map_err(|e| {
        Diagnostic::new(
            "event/invalid-json",
            Severity::Error,
            Source::Event,
            format!("the event is not valid JSON: {e}"),
        )
        .with_range(json_error_range(text, &e))
        .with_hint("fix the JSON syntax at this position")
    }));
    LAST_EVENT.with(|e| *e.borrow_mut() = Some((text.to_owned(), Rc::clone(&parsed))));
    parsed
}

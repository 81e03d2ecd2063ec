//! `simulate()`: from a manifest, its templates and an event to the request LaunchDarkly would
//! send, with every problem as a diagnostic (SPEC §1–3, §6).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::context::{form_values, is_json_template, oauth};
use crate::diagnostic::{Diagnostic, Location, Severity, Source};
use crate::policy::PairDecision;
use crate::render::Dialect;
use crate::request::{HeaderValue, Request};
use crate::routing::{route, Mode, Route};
use crate::text::{LineIndex, PositionEncoding, TextRange};

/// Everything a simulation needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SimulationInput {
    /// `manifest.json` text.
    pub manifest: String,
    /// Template texts by the path the manifest names.
    pub templates: BTreeMap<String, String>,
    /// The event's JSON text.
    pub event: String,
    /// Values typed for form variables; the others get placeholders (SPEC §3.4).
    pub form_values: Map<String, Json>,
    pub dialect: Dialect,
    pub mode: Mode,
    /// The environments an "all environments" (`~`) event expands to; default `production`, `test`.
    pub environments: Option<Vec<String>>,
    /// A policy (JSON statement list) to use instead of the manifest's `defaultPolicy`.
    pub policy: Option<String>,
    /// (resource, action) pairs to decide instead of the ones derived from the event (SPEC §4.5:
    /// the user may edit them). Resources in specifier syntax with their own tags.
    pub accesses: Option<Vec<Access>>,
    /// The integration's key (its folder's name), for the one manifest rule that depends on it.
    pub integration_key: Option<String>,
    /// How line/column positions are counted in diagnostics.
    #[serde(skip)]
    pub encoding: PositionEncoding,
}

/// One (resource, action) pair given by the user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    pub resource: String,
    pub action: String,
}

/// A rendering: its output, or the error that stopped it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Rendered {
    Output(String),
    Error(String),
}

/// A part of the request whose preview and production renderings differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialectDifference {
    /// `url`, `header:<name>` or `body`.
    pub part: String,
    pub preview: Rendered,
    pub production: Rendered,
    /// The first output line (1-based) where they differ.
    pub line: u32,
}

impl DialectDifference {
    /// What `dialect` rendered for this part.
    #[must_use]
    pub fn rendered(&self, dialect: Dialect) -> &Rendered {
        match dialect {
            Dialect::Preview => &self.preview,
            Dialect::Production => &self.production,
        }
    }
}

/// What the body looks like as JSON, for JSON templates and the standard payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BodyJson {
    pub valid: bool,
    /// The parse error and where it is in the body.
    pub error: Option<String>,
    pub error_location: Option<Location>,
    /// The template line that most likely produced the error's output line.
    pub template_line: Option<u32>,
    /// The body pretty-printed, when it parses.
    pub pretty: Option<String>,
}

/// The outcome of a simulation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Simulation {
    pub dialect: Dialect,
    /// The request, when the manifest and event could be read. Parts that failed to render are
    /// empty and have a diagnostic.
    pub request: Option<Request>,
    pub route: Option<Route>,
    pub body_json: Option<BodyJson>,
    pub differences: Vec<DialectDifference>,
    /// Whether the event would be sent under the policy, and why.
    pub policy: Option<PolicyReport>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The policy decision for the event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyReport {
    /// `defaultPolicy` (from the manifest) or `custom` (the user's statements).
    pub from: String,
    /// The environments `~` expanded to.
    pub environments: Vec<String>,
    /// Whether the pairs were given by the user rather than derived from the event.
    pub edited_pairs: bool,
    pub pairs: Vec<PairDecision>,
    pub sent: bool,
}

/// The texts diagnostics point into, for locating them.
struct Texts<'a> {
    input: &'a SimulationInput,
    body: String,
}

impl Texts<'_> {
    fn text(&self, source: &Source) -> Option<&str> {
        match source {
            Source::Manifest => Some(&self.input.manifest),
            Source::Event => Some(&self.input.event),
            Source::Template(path) => self.input.templates.get(path).map(String::as_str),
            Source::Output => Some(&self.body),
            Source::Policy => self.input.policy.as_deref(),
        }
    }
}

/// Runs one simulation. Never fails: problems are in [`Simulation::diagnostics`].
#[must_use]
pub fn simulate(input: &SimulationInput) -> Simulation {
    let mut sim = Simulation {
        dialect: input.dialect,
        ..Simulation::default()
    };
    run(input, &mut sim);
    let texts = Texts {
        input,
        body: sim
            .request
            .as_ref()
            .map(|r| r.body.clone())
            .unwrap_or_default(),
    };
    // One line index per source (an event may be megabytes long); diagnostics located earlier
    // (the body's JSON check) keep their location.
    let mut indexes: BTreeMap<String, LineIndex> = BTreeMap::new();
    for d in sim.diagnostics.iter_mut().filter(|d| d.location.is_none()) {
        if let Some(text) = texts.text(&d.source) {
            let index = indexes
                .entry(d.source.to_string())
                .or_insert_with(|| LineIndex::new(text));
            d.locate(text, index, input.encoding);
        }
    }
    sim
}

fn run(input: &SimulationInput, sim: &mut Simulation) {
    if !within_limits(input, sim) {
        return;
    }
    let analysis = analyze_manifest(
        &input.manifest,
        &input.templates,
        input.integration_key.as_deref(),
    );
    sim.diagnostics.extend(analysis.diagnostics.iter().cloned());
    let Some(manifest) = analysis.manifest.as_ref() else {
        return;
    };
    let Some(hook) = manifest.hook.as_ref() else {
        return;
    };
    let parsed_event = parse_event(&input.event);
    let event: &Json = match &*parsed_event {
        Ok(v) => v,
        Err(d) => {
            sim.diagnostics.push(d.clone());
            return;
        }
    };
    if !event.is_object() {
        sim.diagnostics.push(
            Diagnostic::new(
                "event/not-an-object",
                Severity::Error,
                Source::Event,
                "the event must be a JSON object",
            )
            .with_range(TextRange::new(0, input.event.len()))
            .with_hint("paste an audit-log event context or a REST audit-log entry"),
        );
        return;
    }
    let values = form_values(manifest, &input.form_values);
    let oauth = oauth(manifest.requires_oauth);
    let contexts = event_contexts(&parsed_event, event, &values, &oauth);
    let endpoint_ctx = &contexts.endpoint;

    let route = route(hook, event.get("kind").and_then(Json::as_str), input.mode);
    let mut request = Request {
        method: hook.endpoint.method.clone(),
        ..Request::default()
    };

    // URL and headers.
    let url = render_both("url", &hook.endpoint.url, endpoint_ctx, input.dialect, sim);
    let url_pointer = "/capabilities/auditLogEventsHook/endpoint/url";
    if let Err(fault) = &url.result {
        sim.diagnostics.push(endpoint_fault(
            fault,
            url_pointer,
            "URL",
            &hook.endpoint.url,
        ));
    }
    if let Some(fault) = &url.silent_in_production {
        sim.diagnostics.push(silent_fault(endpoint_fault(
            fault,
            url_pointer,
            "URL",
            &hook.endpoint.url,
        )));
    }
    request.url = url.result.unwrap_or_default();
    for (i, header) in hook.endpoint.headers.iter().enumerate() {
        let part = format!("header:{}", header.name);
        let value = render_both(&part, &header.value, endpoint_ctx, input.dialect, sim);
        let pointer = format!("/capabilities/auditLogEventsHook/endpoint/headers/{i}/value");
        let what = format!("header `{}`", header.name);
        if let Err(fault) = &value.result {
            sim.diagnostics
                .push(endpoint_fault(fault, &pointer, &what, &header.value));
        }
        if let Some(fault) = &value.silent_in_production {
            sim.diagnostics.push(silent_fault(endpoint_fault(
                fault,
                &pointer,
                &what,
                &header.value,
            )));
        }
        request.headers.push(HeaderValue {
            name: header.name.clone(),
            value: value.result.unwrap_or_default(),
        });
    }

    // Body.
    let json_body =
        route.standard_payload || route.template_path.as_deref().is_some_and(is_json_template);
    let body = render_body(input, &route, event, &contexts, sim);
    check_other_templates(input, hook, &route, sim);
    let rendered = body.is_some();
    request.body = body.unwrap_or_default();

    add_hmac(hook, &values, &mut request);
    // A body that failed to render has its own diagnostic; checking its emptiness as JSON would
    // only repeat it.
    if json_body && rendered {
        let template = route
            .template_path
            .as_deref()
            .and_then(|p| input.templates.get(p).map(|t| (p, t.as_str())));
        sim.body_json = Some(check_json(&request.body, template, sim));
    }
    sim.route = Some(route);
    sim.request = Some(request);
    sim.policy = policy_report(input, event, analysis.default_policy.as_deref(), sim);
}

mod body_check;
mod inputs;
mod parts;
mod policy_report;
#[cfg(test)]
mod tests;

use body_check::check_json;
use inputs::{analyze_manifest, event_contexts, parse_event, within_limits};
pub use inputs::{
    clear_caches, MAX_EVENT_BYTES, MAX_MANIFEST_BYTES, MAX_POLICY_BYTES, MAX_TEMPLATE_BYTES,
};
use parts::{
    add_hmac, check_other_templates, endpoint_fault, render_body, render_both, silent_fault,
};
use policy_report::policy_report;

/// The event `text` as the simulation reads it (an error diagnostic when it is not JSON): the same
/// parsed value the last `simulate()` of that text used, not parsed again (for the page's hover,
/// which asks about the event the worker has just simulated).
#[must_use]
pub fn parsed_event(text: &str) -> std::rc::Rc<Result<serde_json::Value, Diagnostic>> {
    parse_event(text)
}

//! `simulate()`: from a manifest, its templates and an event to the request LaunchDarkly would
//! send, with every problem as a diagnostic (SPEC §1–3, §6).

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::context::{body_context, endpoint_context, form_values, is_json_template, oauth};
use crate::diagnostic::{json_error_range, Diagnostic, Location, Severity, Source};
use crate::json_span;
use crate::manifest::{check as check_manifest, AuditLogEventsHook, CheckOptions, Manifest};
use crate::policy::{self, Origin, PairDecision, DEFAULT_ENVIRONMENTS};
use crate::render::{self, Dialect, RenderData, RenderFault, RenderFaultReason};
use crate::request::{hmac_signature, HeaderValue, Request};
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

/// The largest inputs a simulation reads; far above real manifests, templates and events (a
/// 20 MB event dump is fine).
pub const MAX_MANIFEST_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;
pub const MAX_EVENT_BYTES: usize = 64 * 1024 * 1024;
pub const MAX_POLICY_BYTES: usize = 5 * 1024 * 1024;

/// Reports inputs over their size limit; returns false when any is.
fn within_limits(input: &SimulationInput, sim: &mut Simulation) -> bool {
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
struct ManifestAnalysis {
    diagnostics: Vec<Diagnostic>,
    manifest: Option<Manifest>,
    /// `None` when the manifest has no `defaultPolicy`.
    default_policy: Option<Vec<policy::Statement>>,
}

type ManifestKey = (String, Vec<String>);

/// An event's text and what it parsed to (or the located reason it did not).
type ParsedEvent = (String, Rc<Result<Json, Diagnostic>>);

/// The render contexts made from one parsed event and one set of form values. Copying (and, for
/// JSON templates, escaping) a multi-megabyte event takes longer than rendering, and neither
/// input changes while the user types in a template.
struct EventContexts {
    event: Rc<Result<Json, Diagnostic>>,
    values: Map<String, Json>,
    oauth: Json,
    endpoint: RenderData,
    /// The body context, as is and JSON-escaped; made when first needed.
    body: [OnceCell<RenderData>; 2],
}

impl EventContexts {
    fn body(&self, event: &Json, json_template: bool) -> &RenderData {
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
fn event_contexts(
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

fn analyze_manifest(text: &str, templates: &BTreeMap<String, String>) -> Rc<ManifestAnalysis> {
    let key: ManifestKey = (text.to_owned(), templates.keys().cloned().collect());
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
    };
    let diagnostics = check_manifest(text, &options);
    let manifest = serde_json::from_str::<Json>(text)
        .ok()
        .map(|v| Manifest::from_json(&v));
    let pointer = "/capabilities/auditLogEventsHook/defaultPolicy";
    let default_policy = json_span::parse(text).and_then(|root| {
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

fn parse_event(text: &str) -> Rc<Result<Json, Diagnostic>> {
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

fn run(input: &SimulationInput, sim: &mut Simulation) {
    if !within_limits(input, sim) {
        return;
    }
    let analysis = analyze_manifest(&input.manifest, &input.templates);
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

/// The policy decision: the user's statements, else the manifest's `defaultPolicy`.
fn policy_report(
    input: &SimulationInput,
    event: &Json,
    default_policy: Option<&[policy::Statement]>,
    sim: &mut Simulation,
) -> Option<PolicyReport> {
    let custom;
    let (from, statements) = if let Some(text) = &input.policy {
        let origin = Origin {
            source: Source::Policy,
            pointer: String::new(),
        };
        custom = policy::load(text, &origin, &mut sim.diagnostics);
        ("custom", custom.as_slice())
    } else if let Some(statements) = default_policy {
        // Its problems were reported by the manifest checks.
        ("defaultPolicy", statements)
    } else {
        sim.diagnostics.push(
            Diagnostic::new(
                "policy/none",
                Severity::Info,
                Source::Manifest,
                "the manifest has no `defaultPolicy`, and no policy was given: the decision depends on the statements each subscription sets",
            )
            .with_pointer("/capabilities/auditLogEventsHook")
            .with_hint("add a `defaultPolicy` so new subscriptions receive the events you expect"),
        );
        return None;
    };
    let environments: Vec<String> = input.environments.clone().unwrap_or_else(|| {
        DEFAULT_ENVIRONMENTS
            .iter()
            .map(|e| (*e).to_owned())
            .collect()
    });
    if let Some(verb) = event.get("verbKind").and_then(Json::as_str) {
        let before = sim.diagnostics.len();
        policy::lint::lint_verb_kind(verb, None, &mut sim.diagnostics);
        // Only when the lint fires is the event read again, for the value's position.
        if let Some(d) = sim
            .diagnostics
            .get_mut(before..)
            .and_then(|added| added.first_mut())
        {
            d.range =
                json_span::parse(&input.event).and_then(|r| r.get("verbKind").map(|v| v.range));
        }
    }
    let derived = match &input.accesses {
        Some(given) => Ok(given
            .iter()
            .map(|a| policy::Pair {
                resource: policy::parse::resource(&a.resource),
                action: a.action.clone(),
            })
            .collect()),
        None => policy::from_event(event, &environments),
    };
    let pairs = match derived {
        Ok(p) => p,
        Err(e) => {
            sim.diagnostics.push(
                Diagnostic::new("policy/no-pairs", Severity::Warning, Source::Event, e.to_string())
                    .with_pointer("/kind")
                    .with_hint("known kinds: flag, segment, environment, project, metric, member, webhook, integration; or give `accesses`"),
            );
            Vec::new()
        }
    };
    let result = policy::evaluate(statements, &pairs);
    Some(PolicyReport {
        from: from.to_owned(),
        environments,
        edited_pairs: input.accesses.is_some(),
        pairs: result.pairs,
        sent: result.sent,
    })
}

/// Renders one part in both dialects, records any difference, and returns the chosen dialect's
/// result.
/// A part rendered in the chosen dialect, and — in production — what preview stopped on that
/// production silently rendered as empty (a missing field or helper).
struct PartRender {
    result: Result<String, RenderFault>,
    silent_in_production: Option<RenderFault>,
}

fn render_both(
    part: &str,
    template: &str,
    data: &RenderData,
    chosen: Dialect,
    sim: &mut Simulation,
) -> PartRender {
    let preview = render::render_with(template, data, Dialect::Preview);
    let production = render::render_with(template, data, Dialect::Production);
    record_difference(part, template, &preview, &production, sim);
    match chosen {
        Dialect::Preview => PartRender {
            result: preview,
            silent_in_production: None,
        },
        Dialect::Production => {
            let silent = match (&preview, &production) {
                (Err(fault), Ok(_))
                    if matches!(
                        fault.reason,
                        RenderFaultReason::MissingField { .. }
                            | RenderFaultReason::MissingHelper(_)
                    ) =>
                {
                    Some(fault.clone())
                }
                _ => None,
            };
            PartRender {
                result: production,
                silent_in_production: silent,
            }
        }
    }
}

/// The warning for what production renders as empty without a word (preview stops on it).
fn silent_fault(mut d: Diagnostic) -> Diagnostic {
    d.code = std::borrow::Cow::Borrowed("template/empty-in-production");
    d.severity = Severity::Warning;
    d.message = format!("renders as empty in production: {}", d.message);
    d
}

fn as_rendered(template: &str, result: &Result<String, RenderFault>) -> Rendered {
    match result {
        Ok(s) => Rendered::Output(s.clone()),
        Err(f) => Rendered::Error(f.handlebars_js_message(template)),
    }
}

fn record_difference(
    part: &str,
    template: &str,
    preview: &Result<String, RenderFault>,
    production: &Result<String, RenderFault>,
    sim: &mut Simulation,
) {
    let (p, q) = (
        as_rendered(template, preview),
        as_rendered(template, production),
    );
    if p == q {
        return;
    }
    let line = match (&p, &q) {
        (Rendered::Output(a), Rendered::Output(b)) => first_different_line(a, b),
        _ => 1,
    };
    sim.differences.push(DialectDifference {
        part: part.to_owned(),
        preview: p,
        production: q,
        line,
    });
}

fn first_different_line(a: &str, b: &str) -> u32 {
    let mut line = 1u32;
    for (x, y) in a.split('\n').zip(b.split('\n')) {
        if x != y {
            return line;
        }
        line += 1;
    }
    line
}

fn render_body(
    input: &SimulationInput,
    route: &Route,
    event: &Json,
    contexts: &EventContexts,
    sim: &mut Simulation,
) -> Option<String> {
    let Some(path) = route.template_path.as_deref() else {
        return serde_json::to_string(event).ok();
    };
    let Some(template) = input.templates.get(path) else {
        // Reported by the manifest checks (`manifest/template-not-found`) at the path's location.
        return None;
    };
    let data = contexts.body(event, is_json_template(path));
    let body = render_both("body", template, data, input.dialect, sim);
    if let Some(fault) = &body.silent_in_production {
        sim.diagnostics.push(silent_fault(template_fault(
            fault,
            path,
            Dialect::Production,
        )));
    }
    match body.result {
        Ok(s) => Some(s),
        Err(fault) => {
            sim.diagnostics
                .push(template_fault(&fault, path, input.dialect));
            None
        }
    }
}

/// Every other template file of the hook is compiled too (both dialects), so a syntax error in
/// `templates/project.json.hbs` shows while a flag event is selected.
fn check_other_templates(
    input: &SimulationInput,
    hook: &AuditLogEventsHook,
    route: &Route,
    sim: &mut Simulation,
) {
    let mut seen = std::collections::BTreeSet::new();
    for t in &hook.templates {
        if route.template_path.as_deref() == Some(t.path.as_str()) || !seen.insert(&t.path) {
            continue;
        }
        let Some(text) = input.templates.get(&t.path) else {
            continue;
        };
        let fault = Dialect::ALL.into_iter().find_map(|d| {
            render::compile_cached(text, d)
                .as_ref()
                .as_ref()
                .err()
                .map(|f| (f.clone(), d))
        });
        if let Some((fault, dialect)) = fault {
            sim.diagnostics
                .push(template_fault(&fault, &t.path, dialect));
        }
    }
}

fn fault_code_and_severity(fault: &RenderFault) -> (&'static str, Severity) {
    match fault.reason {
        RenderFaultReason::MissingField { .. } => ("template/missing-field", Severity::Warning),
        RenderFaultReason::MissingHelper(_) => ("template/helper-not-found", Severity::Warning),
        RenderFaultReason::TypeError(_) => ("template/type-error", Severity::Warning),
        RenderFaultReason::Syntax(_) => ("template/syntax-error", Severity::Error),
        RenderFaultReason::Helper { .. } => ("template/helper-error", Severity::Error),
        RenderFaultReason::HelperArity { .. } => ("template/helper-arity", Severity::Error),
        RenderFaultReason::OutputTooLarge => ("template/output-too-large", Severity::Error),
        RenderFaultReason::TooManyIterations(_) => {
            ("template/too-many-iterations", Severity::Error)
        }
        _ => ("template/render-error", Severity::Error),
    }
}

fn fault_hint(fault: &RenderFault, dialect: Dialect) -> String {
    match &fault.reason {
        RenderFaultReason::MissingField { name, .. } => format!(
            "`npm run preview` (handlebars.js strict mode) stops here; production renders `{name}` as an empty string. \
             Guard it with `{{{{#if {name}}}}}...{{{{/if}}}}` or make sure the event has it"
        ),
        RenderFaultReason::MissingHelper(name) => format!(
            "`{name}` is not a helper LaunchDarkly provides; production renders nothing for it. \
             Available: if, unless, each, with, lookup, equal, equalWithElse, pathEncode, queryEncode, basicAuthHeaderValue, formatWithOffset"
        ),
        RenderFaultReason::TypeError(_) => {
            "a path goes through a value that is missing; check each segment, or guard the expression with `{{#if}}`".to_owned()
        }
        RenderFaultReason::Syntax(_) => "fix the template syntax at this position".to_owned(),
        _ => format!("the {} engine could not render this", dialect.name()),
    }
}

fn template_fault(fault: &RenderFault, path: &str, dialect: Dialect) -> Diagnostic {
    let (code, severity) = fault_code_and_severity(fault);
    let mut d = Diagnostic::new(
        code,
        severity,
        Source::Template(path.to_owned()),
        fault.reason.to_string(),
    )
    .with_hint(fault_hint(fault, dialect));
    if let Some(range) = fault.range {
        d = d.with_range(range);
    }
    d
}

fn endpoint_fault(fault: &RenderFault, pointer: &str, what: &str, template: &str) -> Diagnostic {
    let (code, severity) = fault_code_and_severity(fault);
    let at = fault.range.map(|r| {
        let lc = LineIndex::new(template).line_col(template, r.start, PositionEncoding::Chars);
        format!(" (at character {} of the {what} template)", lc.column)
    });
    Diagnostic::new(
        code,
        severity,
        Source::Manifest,
        format!("{}{}", fault.reason, at.unwrap_or_default()),
    )
    .with_pointer(pointer)
    .with_hint(fault_hint(fault, Dialect::Preview))
}

fn add_hmac(hook: &AuditLogEventsHook, values: &Map<String, Json>, request: &mut Request) {
    let Some(hmac) = hook.endpoint.hmac_signature.as_ref() else {
        return;
    };
    let secret = match values.get(&hmac.hmac_secret_form_variable_key) {
        Some(Json::String(s)) => s.clone(),
        Some(other) => render::value::print(other, Dialect::Preview),
        // Reported by the manifest checks (`manifest/hmac-secret-missing`).
        None => return,
    };
    request.headers.push(HeaderValue {
        name: hmac.header_name.clone(),
        value: hmac_signature(&secret, &request.body),
    });
}

fn check_json(body: &str, template: Option<(&str, &str)>, sim: &mut Simulation) -> BodyJson {
    match serde_json::from_str::<Json>(body) {
        Ok(v) => BodyJson {
            valid: true,
            error: None,
            error_location: None,
            template_line: None,
            pretty: serde_json::to_string_pretty(&v).ok(),
        },
        Err(e) => {
            let range = json_error_range(body, &e);
            let line = u32::try_from(e.line()).unwrap_or(u32::MAX);
            let traced = template
                .and_then(|(path, text)| template_line_for(text, body, line).map(|l| (path, l)));
            let origin = match (template, traced) {
                (_, Some((path, l))) => {
                    format!(" (output line {line} comes from line {l} of `{path}`)")
                }
                (Some((path, _)), None) => format!(" (rendered from `{path}`)"),
                (None, None) => String::new(),
            };
            let mut d = Diagnostic::new(
                "output/invalid-json",
                Severity::Error,
                Source::Output,
                format!("the rendered body is not valid JSON: {e}{origin}"),
            )
            .with_range(range)
            .with_hint(
                "the receiving service will reject this body; look for a missing comma, a trailing comma, \
                 or a value printed with `{{ }}` whose HTML escaping broke a JSON escape (use `{{{ }}}` in JSON strings)",
            );
            d.locate(body, &LineIndex::new(body), PositionEncoding::Chars);
            let location = d.location;
            sim.diagnostics.push(d);
            BodyJson {
                valid: false,
                error: Some(e.to_string()),
                error_location: location,
                template_line: traced.map(|(_, l)| l),
                pretty: None,
            }
        }
    }
}

/// The template line whose literal text (outside `{{ }}`) best accounts for output line `line`:
/// every literal fragment of the template line appears, in order, in the output line.
fn template_line_for(template: &str, output: &str, line: u32) -> Option<u32> {
    let out_line = output
        .split('\n')
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let mut best: Option<(usize, u32)> = None;
    for (i, template_line) in template.split('\n').enumerate() {
        let mut fragments = Vec::new();
        let mut rest = template_line;
        while let Some(open) = rest.find("{{") {
            fragments.push(&rest[..open]);
            rest = rest[open..]
                .find("}}")
                .map_or("", |close| &rest[open + close + 2..]);
        }
        fragments.push(rest);
        let fragments: Vec<&str> = fragments
            .iter()
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
            .collect();
        if fragments.is_empty() {
            continue;
        }
        let mut at = 0;
        let all_found = fragments.iter().all(|f| match out_line[at..].find(f) {
            Some(p) => {
                at += p + f.len();
                true
            }
            None => false,
        });
        let score: usize = fragments.iter().map(|f| f.len()).sum();
        if all_found && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, u32::try_from(i + 1).ok()?));
        }
    }
    best.map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(url: &str, template: &str, event: &str) -> SimulationInput {
        let manifest = serde_json::json!({
            "name": "Test", "version": "1.0.0", "overview": "Sends test events.", "author": "Hookpad",
            "description": "A test integration that sends audit-log events to a test endpoint.",
            "supportEmail": "s@example.com", "categories": ["monitoring"],
            "links": {"site": "https://example.com", "privacyPolicy": "https://example.com/p"},
            "icons": {"square": "s.svg", "horizontal": "h.svg"},
            "formVariables": [{"key": "apiKey", "name": "k", "type": "string", "description": "d", "isSecret": true}],
            "capabilities": {"auditLogEventsHook": {
                "endpoint": {"url": url, "method": "POST",
                    "headers": [{"name": "X-Key", "value": "{{apiKey}}"}],
                    "hmacSignature": {"headerName": "X-Sig", "hmacSecretFormVariableKey": "apiKey"}},
                "templates": {"default": "templates/default.json.hbs"},
                "defaultPolicy": [{"effect": "allow", "resources": ["proj/*:env/production:flag/*"], "actions": ["*"]}]
            }}
        });
        SimulationInput {
            manifest: manifest.to_string(),
            templates: [("templates/default.json.hbs".to_owned(), template.to_owned())].into(),
            event: event.to_owned(),
            ..SimulationInput::default()
        }
    }

    #[test]
    fn renders_url_headers_body_and_signature() {
        let sim = simulate(&input(
            "https://x.test/{{context.key}}",
            "{\"n\": \"{{{name}}}\"}",
            r#"{"kind":"flag","key":"k1","name":"a\"b","verbKind":"updateOn","project":{"key":"p","environment":{"key":"production"}}}"#,
        ));
        let req = sim.request.unwrap();
        assert_eq!(req.url, "https://x.test/k1");
        assert_eq!(req.headers[0].value, "apiKey");
        // The name is JSON-escaped in a .json.hbs context.
        assert_eq!(req.body, "{\"n\": \"a\\\"b\"}");
        assert_eq!(req.headers[1].name, "X-Sig");
        assert_eq!(req.headers[1].value, hmac_signature("apiKey", &req.body));
        assert!(sim.diagnostics.is_empty(), "{:?}", sim.diagnostics);
        let policy = sim.policy.unwrap();
        assert_eq!(policy.from, "defaultPolicy");
        assert!(policy.sent);
        assert_eq!(policy.pairs[0].resource, "proj/p:env/production:flag/k1");
    }

    #[test]
    fn kept_contexts_follow_the_form_values_the_event_and_the_template_kind() {
        let event = r#"{"kind":"flag","key":"k1","name":"a\"b","verbKind":"updateOn"}"#;
        let mut i = input(
            "https://x.test/{{apiKey}}",
            "{\"n\": \"{{{name}}}\"}",
            event,
        );
        let first = simulate(&i).request.unwrap();
        assert_eq!(first.url, "https://x.test/apiKey");
        // Same event, other form values: the contexts are made again.
        i.form_values.insert("apiKey".into(), Json::from("other"));
        let second = simulate(&i).request.unwrap();
        assert_eq!(second.url, "https://x.test/other");
        assert_eq!(second.body, first.body);
        // Same event and values, a template that is not JSON: no escaping.
        let manifest = i.manifest.replace("default.json.hbs", "default.txt.hbs");
        i.manifest = manifest;
        i.templates = [(
            "templates/default.txt.hbs".to_owned(),
            "{{{name}}}".to_owned(),
        )]
        .into();
        assert_eq!(simulate(&i).request.unwrap().body, "a\"b");
        // Another event.
        i.event = event.replace("a\\\"b", "c");
        assert_eq!(simulate(&i).request.unwrap().body, "c");
    }

    #[test]
    fn a_custom_policy_replaces_the_default_and_its_lints_point_into_it() {
        let mut i = input(
            "https://x.test",
            "{}",
            r#"{"kind":"flag","key":"k","verbKind":"updateOn","project":{"key":"p","environment":{"key":"test"}}}"#,
        );
        i.policy = Some(r#"[{"effect": "allow", "resources": ["proj/*:env/*:flag/*"], "actions": ["updateon"]}]"#.to_owned());
        let sim = simulate(&i);
        let policy = sim.policy.unwrap();
        assert_eq!(policy.from, "custom");
        assert!(!policy.sent);
        let lint = sim
            .diagnostics
            .iter()
            .find(|d| d.code == "policy/unknown-action")
            .unwrap();
        assert_eq!(lint.source, Source::Policy);
        let loc = lint.location.unwrap();
        assert_eq!((loc.line, loc.column), (1, 72));
    }

    #[test]
    fn the_user_can_replace_the_derived_pairs() {
        let mut i = input(
            "https://x.test",
            "{}",
            r#"{"kind":"flag","key":"k","verbKind":"updateOn","project":{"key":"p","environment":{"key":"test"}}}"#,
        );
        assert!(!simulate(&i).policy.unwrap().sent);
        i.accesses = Some(vec![Access {
            resource: "proj/p:env/production:flag/k".to_owned(),
            action: "updateOn".to_owned(),
        }]);
        let report = simulate(&i).policy.unwrap();
        assert!(report.sent);
        assert!(report.edited_pairs);
        assert_eq!(report.pairs[0].resource, "proj/p:env/production:flag/k");
    }

    #[test]
    fn default_policy_problems_are_reported_once_and_cached_analyses_stay_correct() {
        let mut i = input(
            "https://x.test",
            "{}",
            r#"{"kind":"flag","key":"k","verbKind":"updateOn"}"#,
        );
        i.manifest = i
            .manifest
            .replace("\"actions\":[\"*\"]", "\"actions\":[\"updateFallThrough\"]");
        assert!(i.manifest.contains("updateFallThrough"));
        for _ in 0..2 {
            let sim = simulate(&i);
            let typos = sim
                .diagnostics
                .iter()
                .filter(|d| d.code == "policy/unknown-action")
                .count();
            assert_eq!(typos, 1, "{:?}", sim.diagnostics);
        }
        // A changed manifest is analysed again, not served from the cache.
        i.manifest = i.manifest.replace("updateFallThrough", "updateFallthrough");
        assert!(!simulate(&i)
            .diagnostics
            .iter()
            .any(|d| d.code == "policy/unknown-action"));
        clear_caches();
        assert!(simulate(&i).request.is_some());
    }

    #[test]
    fn a_simulation_survives_a_json_round_trip() {
        // The web app's worker sends simulations to the page as JSON.
        let mut i = input(
            "https://x.test/{{context.key}}",
            "{\n  \"c\": \"{{comment}}\",\n}",
            r#"{"kind":"flag","key":"k","verbKind":"updateOn","project":{"key":"p","environment":{"key":"~"}}}"#,
        );
        i.policy = Some("[{\"effect\": \"allow\", \"resources\": [\"proj/*:env/*:flag/*\"], \"actions\": [\"updateon\"]}]".to_owned());
        for dialect in Dialect::ALL {
            i.dialect = dialect;
            let sim = simulate(&i);
            assert!(!sim.diagnostics.is_empty() && sim.policy.is_some());
            let back: Simulation =
                serde_json::from_str(&serde_json::to_string(&sim).unwrap()).unwrap();
            assert_eq!(back, sim);
        }
    }

    #[test]
    fn html_escaping_breaks_json_escapes() {
        // `{{name}}` HTML-escapes the JSON escape `\"` into `\&quot;`: invalid JSON, as LaunchDarkly sends it.
        let sim = simulate(&input(
            "https://x.test",
            "{\"n\": \"{{name}}\"}",
            r#"{"kind":"flag","name":"a\"b"}"#,
        ));
        assert_eq!(sim.request.unwrap().body, "{\"n\": \"a\\&quot;b\"}");
        assert!(sim
            .diagnostics
            .iter()
            .any(|d| d.code == "output/invalid-json"));
    }

    #[test]
    fn missing_field_points_at_the_template() {
        let sim = simulate(&input(
            "https://x.test",
            "{\n  \"c\": \"{{comment}}\"\n}",
            r#"{"kind":"flag"}"#,
        ));
        let d = &sim.diagnostics[0];
        assert_eq!(d.code, "template/missing-field");
        assert_eq!(
            d.source,
            Source::Template("templates/default.json.hbs".into())
        );
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 11));
        // Production renders it empty, so the dialects differ.
        assert_eq!(sim.differences[0].part, "body");
    }

    #[test]
    fn production_still_warns_where_it_renders_a_missing_field_as_empty() {
        let mut i = input(
            "https://x.test/{{nope}}",
            "{\n  \"c\": \"{{comment}}\"\n}",
            r#"{"kind":"flag"}"#,
        );
        i.dialect = Dialect::Production;
        let sim = simulate(&i);
        assert_eq!(sim.request.as_ref().unwrap().body, "{\n  \"c\": \"\"\n}");
        let silent: Vec<&Diagnostic> = sim
            .diagnostics
            .iter()
            .filter(|d| d.code == "template/empty-in-production")
            .collect();
        assert_eq!(silent.len(), 2, "{:#?}", sim.diagnostics);
        let body = silent
            .iter()
            .find(|d| d.source == Source::Template("templates/default.json.hbs".into()))
            .unwrap();
        assert_eq!(body.severity, Severity::Warning);
        assert!(body
            .message
            .starts_with("renders as empty in production: \"comment\" not defined"));
        let loc = body.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 11));
        let url = silent
            .iter()
            .find(|d| d.source == Source::Manifest)
            .unwrap();
        assert_eq!(
            url.pointer.as_deref(),
            Some("/capabilities/auditLogEventsHook/endpoint/url")
        );
        // A field that is there: no warning.
        let mut present = input("https://x.test", "{{kind}}", r#"{"kind":"flag"}"#);
        present.dialect = Dialect::Production;
        assert!(!simulate(&present)
            .diagnostics
            .iter()
            .any(|d| d.code == "template/empty-in-production"));
    }

    #[test]
    fn invalid_json_output_is_located() {
        let sim = simulate(&input(
            "https://x.test",
            "{\n  \"a\": 1,\n}",
            r#"{"kind":"flag"}"#,
        ));
        let body = sim.body_json.unwrap();
        assert!(!body.valid);
        let loc = body.error_location.unwrap();
        assert_eq!(loc.line, 3);
        // The trailing comma is on template line 2; serde_json notices it at the `}` of line 3,
        // which the template writes on its line 3.
        assert_eq!(body.template_line, Some(3));
    }

    #[test]
    fn bad_event_json_is_a_diagnostic_with_location() {
        let sim = simulate(&input("https://x.test", "{}", "{\n  \"kind\": flag\n}"));
        assert!(sim.request.is_none());
        let loc = sim.diagnostics[0].location.unwrap();
        // serde_json reads `f` as the start of `false` and fails at the `l`.
        assert_eq!((loc.line, loc.column), (2, 12));
    }

    #[test]
    fn every_template_file_is_checked_whatever_the_event() {
        let mut i = input(
            "https://x.test",
            "{}",
            r#"{"kind":"flag","key":"k","verbKind":"updateOn","project":{"key":"p","environment":{"key":"test"}}}"#,
        );
        i.manifest = i.manifest.replace(
            r#""templates":{"#,
            r#""templates":{"project":"templates/project.json.hbs","#,
        );
        i.templates.insert(
            "templates/project.json.hbs".to_owned(),
            "{\n  \"p\": \"{{#if key}}\"\n}".to_owned(),
        );
        let sim = simulate(&i);
        assert_eq!(
            sim.route.as_ref().and_then(|r| r.template_path.as_deref()),
            Some("templates/default.json.hbs")
        );
        let syntax: Vec<_> = sim
            .diagnostics
            .iter()
            .filter(|d| d.code == "template/syntax-error")
            .collect();
        assert_eq!(syntax.len(), 1, "{:#?}", sim.diagnostics);
        assert_eq!(
            syntax[0].source,
            Source::Template("templates/project.json.hbs".to_owned())
        );
        assert_eq!(syntax[0].severity, Severity::Error);
        assert!(
            syntax[0].location.is_some_and(|l| l.line == 2),
            "{:?}",
            syntax[0]
        );
    }

    #[test]
    fn template_named_but_not_supplied() {
        let mut i = input("https://x.test", "{}", r#"{"kind":"flag"}"#);
        i.templates.clear();
        let sim = simulate(&i);
        let d = sim
            .diagnostics
            .iter()
            .find(|d| d.code == "manifest/template-not-found")
            .unwrap();
        assert!(d.message.contains("templates/default.json.hbs"));
        assert!(d.location.is_some());
        assert!(
            sim.body_json.is_none(),
            "an unrendered body is not checked as JSON"
        );
    }
}

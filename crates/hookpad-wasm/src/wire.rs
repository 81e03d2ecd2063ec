//! The JavaScript-facing shapes: serde structs with generated TypeScript (tsify), converted from
//! the core's types. camelCase everywhere; missing values are `null`.

use std::collections::BTreeMap;

use hookpad_core::diagnostic as core_diag;
use hookpad_core::policy as core_policy;
use hookpad_core::simulate as core_sim;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// Input of `simulate()`.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SimulationInput {
    /// `manifest.json` text.
    pub manifest: String,
    /// Template texts by the path the manifest names.
    #[tsify(type = "Record<string, string>")]
    pub templates: BTreeMap<String, String>,
    /// The audit-log event (JSON text): an event context, or a REST entry with `accesses`.
    pub event: String,
    /// Form-variable values; unset ones get the integration framework's placeholders.
    #[serde(default)]
    #[tsify(optional, type = "Record<string, string | boolean | string[]>")]
    pub form_values: Option<serde_json::Map<String, serde_json::Value>>,
    /// `preview` (the default: `npm run preview`'s handlebars.js 4.7.7, strict) or `production`
    /// (LaunchDarkly's Go renderer).
    #[serde(default)]
    #[tsify(optional)]
    pub dialect: Option<Dialect>,
    #[serde(default)]
    #[tsify(optional)]
    pub mode: Option<Mode>,
    /// Environments an "all environments" (`~`) event expands to (default: production, test).
    #[serde(default)]
    #[tsify(optional)]
    pub environments: Option<Vec<String>>,
    /// Statements replacing the manifest's `defaultPolicy`.
    #[serde(default)]
    #[tsify(optional)]
    pub policy: Option<Vec<Statement>>,
    /// (resource, action) pairs to decide instead of those derived from the event.
    #[serde(default)]
    #[tsify(optional)]
    pub accesses: Option<Vec<Access>>,
    /// The integration's key, its folder's name in LaunchDarkly's repository (`"datadog"`):
    /// LaunchDarkly's gate exempts one integration from a manifest rule by it.
    #[serde(default)]
    #[tsify(optional)]
    pub integration_key: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Dialect {
    Preview,
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    Event,
    Validation,
}

/// A policy statement, as in a manifest's `defaultPolicy`.
#[derive(Clone, Debug, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    #[tsify(type = "\"allow\" | \"deny\"")]
    pub effect: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub resources: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub not_resources: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub actions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub not_actions: Option<Vec<String>>,
}

/// One (resource, action) access to decide.
#[derive(Clone, Debug, Serialize, Deserialize, Tsify)]
pub struct Access {
    /// In specifier syntax with the resource's own tags: `proj/p;mobile:env/production:flag/f`.
    pub resource: String,
    pub action: String,
}

/// Input of `lintIntegration()`.
#[derive(Clone, Debug, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationFiles {
    pub manifest: String,
    #[tsify(type = "Record<string, string>")]
    pub templates: BTreeMap<String, String>,
    /// The integration's key, its folder's name (see `SimulationInput`).
    #[serde(default)]
    #[tsify(optional)]
    pub integration_key: Option<String>,
}

/// Options of `render()`.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RenderOptions {
    /// `preview` (the default) or `production`.
    #[serde(default)]
    #[tsify(optional)]
    pub dialect: Option<Dialect>,
    /// JSON-escape every string of the context first, as LaunchDarkly does for `.json(.hbs)` templates.
    #[serde(default)]
    #[tsify(optional)]
    pub json_escape: Option<bool>,
}

/// Options of `compile()`.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
pub struct CompileOptions {
    /// `preview` (the default) or `production`.
    #[serde(default)]
    #[tsify(optional)]
    pub dialect: Option<Dialect>,
}

/// Options of `Template.render()` and `new RenderData()`.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DataOptions {
    /// JSON-escape every string of the context first, as LaunchDarkly does for `.json(.hbs)` templates.
    #[serde(default)]
    #[tsify(optional)]
    pub json_escape: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Diagnostic {
    pub code: String,
    #[tsify(type = "\"error\" | \"warning\" | \"info\"")]
    pub severity: String,
    /// `manifest`, `template:<path>`, `event`, `policy` or `output`.
    pub source: String,
    pub pointer: Option<String>,
    /// 1-based; columns count UTF-16 code units, as JavaScript strings do.
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
}

impl From<&core_diag::Diagnostic> for Diagnostic {
    fn from(d: &core_diag::Diagnostic) -> Self {
        Self {
            code: d.code.to_string(),
            severity: d.severity.name().to_owned(),
            source: d.source.to_string(),
            pointer: d.pointer.clone(),
            line: d.location.map(|l| l.line),
            column: d.location.map(|l| l.column),
            end_line: d.location.map(|l| l.end_line),
            end_column: d.location.map(|l| l.end_column),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct Header {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<Header>,
    pub body: String,
    /// A shell command that sends exactly this request.
    pub curl: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Route {
    pub template_key: Option<String>,
    pub template_path: Option<String>,
    pub standard_payload: bool,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct BodyJson {
    pub valid: bool,
    pub error: Option<String>,
    pub error_line: Option<u32>,
    pub error_column: Option<u32>,
    pub template_line: Option<u32>,
    pub pretty: Option<String>,
}

/// A rendering: `{ output }` or `{ error }` (the message `render()` would throw, with `- line:column`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Rendered {
    pub output: Option<String>,
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct DialectDifference {
    /// `url`, `header:<name>` or `body`.
    pub part: String,
    pub preview: Rendered,
    pub production: Rendered,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PartTrace {
    pub holds: bool,
    pub specifier: Option<String>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct StatementTrace {
    pub index: u32,
    #[tsify(type = "\"allow\" | \"deny\"")]
    pub effect: String,
    pub applies: bool,
    pub resource: PartTrace,
    pub action: PartTrace,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct PairDecision {
    pub resource: String,
    pub action: String,
    #[tsify(type = "\"allow\" | \"deny\" | \"default-deny\"")]
    pub decision: String,
    /// Indexes of the statements that decided it.
    pub deciding: Vec<u32>,
    pub statements: Vec<StatementTrace>,
}

/// `evaluatePolicy()`'s result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct PolicyResult {
    pub pairs: Vec<PairDecision>,
    /// Some pair is allowed: the event is sent.
    pub sent: bool,
    /// Problems in the statements (shape errors, lints).
    pub diagnostics: Vec<Diagnostic>,
}

/// The policy section of a simulation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct PolicyReport {
    /// `defaultPolicy` or `custom`.
    pub from: String,
    pub environments: Vec<String>,
    /// The pairs were given in the input rather than derived from the event.
    #[serde(rename = "editedPairs")]
    pub edited_pairs: bool,
    pub pairs: Vec<PairDecision>,
    pub sent: bool,
}

/// `simulate()`'s result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Simulation {
    pub dialect: Dialect,
    pub request: Option<Request>,
    pub route: Option<Route>,
    pub body_json: Option<BodyJson>,
    pub differences: Vec<DialectDifference>,
    pub policy: Option<PolicyReport>,
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Dialect> for hookpad_core::Dialect {
    fn from(d: Dialect) -> Self {
        match d {
            Dialect::Preview => hookpad_core::Dialect::Preview,
            Dialect::Production => hookpad_core::Dialect::Production,
        }
    }
}

impl From<hookpad_core::Dialect> for Dialect {
    fn from(d: hookpad_core::Dialect) -> Self {
        match d {
            hookpad_core::Dialect::Preview => Dialect::Preview,
            hookpad_core::Dialect::Production => Dialect::Production,
        }
    }
}

impl From<Mode> for hookpad_core::Mode {
    fn from(m: Mode) -> Self {
        match m {
            Mode::Event => hookpad_core::Mode::Event,
            Mode::Validation => hookpad_core::Mode::Validation,
        }
    }
}

fn rendered(r: &core_sim::Rendered) -> Rendered {
    match r {
        core_sim::Rendered::Output(s) => Rendered {
            output: Some(s.clone()),
            error: None,
        },
        core_sim::Rendered::Error(e) => Rendered {
            output: None,
            error: Some(e.clone()),
        },
    }
}

fn effect(e: core_policy::Effect) -> String {
    match e {
        core_policy::Effect::Allow => "allow",
        core_policy::Effect::Deny => "deny",
    }
    .to_owned()
}

fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl From<&core_policy::PartTrace> for PartTrace {
    fn from(p: &core_policy::PartTrace) -> Self {
        Self {
            holds: p.holds,
            specifier: p.specifier.clone(),
            detail: p.detail.clone(),
        }
    }
}

impl From<&core_policy::PairDecision> for PairDecision {
    fn from(p: &core_policy::PairDecision) -> Self {
        Self {
            resource: p.resource.clone(),
            action: p.action.clone(),
            decision: p.decision.name().to_owned(),
            deciding: p.deciding.iter().map(|&i| index(i)).collect(),
            statements: p
                .statements
                .iter()
                .map(|t| StatementTrace {
                    index: index(t.index),
                    effect: effect(t.effect),
                    applies: t.applies,
                    resource: (&t.resource).into(),
                    action: (&t.action).into(),
                })
                .collect(),
        }
    }
}

impl From<&core_sim::Simulation> for Simulation {
    fn from(s: &core_sim::Simulation) -> Self {
        Self {
            dialect: s.dialect.into(),
            request: s.request.as_ref().map(|r| Request {
                method: r.method.clone(),
                url: r.url.clone(),
                headers: r
                    .headers
                    .iter()
                    .map(|h| Header {
                        name: h.name.clone(),
                        value: h.value.clone(),
                    })
                    .collect(),
                body: r.body.clone(),
                curl: r.to_curl(),
            }),
            route: s.route.as_ref().map(|r| Route {
                template_key: r.template_key.clone(),
                template_path: r.template_path.clone(),
                standard_payload: r.standard_payload,
                reason: r.reason.clone(),
            }),
            body_json: s.body_json.as_ref().map(|b| BodyJson {
                valid: b.valid,
                error: b.error.clone(),
                error_line: b.error_location.map(|l| l.line),
                error_column: b.error_location.map(|l| l.column),
                template_line: b.template_line,
                pretty: b.pretty.clone(),
            }),
            differences: s
                .differences
                .iter()
                .map(|d| DialectDifference {
                    part: d.part.clone(),
                    preview: rendered(&d.preview),
                    production: rendered(&d.production),
                    line: d.line,
                })
                .collect(),
            policy: s.policy.as_ref().map(|p| PolicyReport {
                from: p.from.clone(),
                environments: p.environments.clone(),
                edited_pairs: p.edited_pairs,
                pairs: p.pairs.iter().map(PairDecision::from).collect(),
                sent: p.sent,
            }),
            diagnostics: s.diagnostics.iter().map(Diagnostic::from).collect(),
        }
    }
}

/// An event of `simulateAll()`, by the name its row shows.
#[derive(Clone, Debug, Deserialize, Tsify)]
pub struct NamedEvent {
    pub name: String,
    /// The event's JSON text.
    pub json: String,
}

/// Input of `simulateAll()`: `simulate()`'s input without `event`, `dialect` and `mode`, and the
/// events to run (Hookpad's sample events when `events` is left out).
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MatrixInput {
    pub manifest: String,
    #[tsify(type = "Record<string, string>")]
    pub templates: BTreeMap<String, String>,
    #[serde(default)]
    #[tsify(optional, type = "Record<string, string | boolean | string[]>")]
    pub form_values: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    #[tsify(optional)]
    pub environments: Option<Vec<String>>,
    #[serde(default)]
    #[tsify(optional)]
    pub policy: Option<Vec<Statement>>,
    #[serde(default)]
    #[tsify(optional)]
    pub events: Option<Vec<NamedEvent>>,
    /// The integration's key, its folder's name (see `SimulationInput`).
    #[serde(default)]
    #[tsify(optional)]
    pub integration_key: Option<String>,
}

/// What one event gives in one dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct MatrixCell {
    /// The template path the event routed to; `null` for the standard payload.
    pub template: Option<String>,
    /// Whether the policy lets the event through; `null` without a policy decision.
    pub sent: Option<bool>,
    /// "allowed by statement 0", "denied by statement 2" or "no statement matches".
    pub decided_by: Option<String>,
    /// Rendered, with no render error and (for a JSON template) a body that parses.
    pub valid: bool,
    pub errors: u32,
    pub warnings: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct MatrixRow {
    pub event: String,
    pub kind: Option<String>,
    pub preview: MatrixCell,
    pub production: MatrixCell,
}

/// One branch of one template in one dialect, and the events that took it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CoveredBranch {
    pub template: String,
    pub dialect: Dialect,
    /// The block helper as written (`if`, `each`, ...).
    pub helper: String,
    #[tsify(type = "\"then\" | \"elseIf\" | \"else\"")]
    pub part: String,
    /// No `{{else}}` is written for this branch.
    pub implicit: bool,
    /// 1-based; columns count UTF-16 code units. The tag the branch starts after.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub description: String,
    /// The events that ran it; empty: never taken.
    pub taken_by: Vec<String>,
}

/// A routing key with a template no event reached, and Hookpad's sample event for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct UntriedRoute {
    pub key: String,
    pub template: String,
    pub sample: Option<String>,
}

/// `simulateAll()`'s result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Matrix {
    pub rows: Vec<MatrixRow>,
    pub branches: Vec<CoveredBranch>,
    pub untried_routes: Vec<UntriedRoute>,
    /// `false` when the manifest has no audit-log events hook.
    pub has_hook: bool,
}

fn matrix_cell(c: &hookpad_core::matrix::MatrixCell) -> MatrixCell {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    MatrixCell {
        template: c.template.clone(),
        sent: c.sent,
        decided_by: c.decided_by.clone(),
        valid: c.valid,
        errors: count(c.errors),
        warnings: count(c.warnings),
    }
}

impl From<&hookpad_core::matrix::Matrix> for Matrix {
    fn from(m: &hookpad_core::matrix::Matrix) -> Self {
        use hookpad_core::render::coverage::BranchPart;
        Self {
            rows: m
                .rows
                .iter()
                .map(|r| MatrixRow {
                    event: r.event.clone(),
                    kind: r.kind.clone(),
                    preview: matrix_cell(&r.preview),
                    production: matrix_cell(&r.production),
                })
                .collect(),
            branches: m
                .branches
                .iter()
                .map(|b| CoveredBranch {
                    template: b.template.clone(),
                    dialect: b.dialect.into(),
                    helper: b.branch.helper.clone(),
                    part: match b.branch.part {
                        BranchPart::Then => "then",
                        BranchPart::ElseIf => "elseIf",
                        BranchPart::Else => "else",
                    }
                    .to_owned(),
                    implicit: b.branch.implicit,
                    line: b.location.line,
                    column: b.location.column,
                    end_line: b.location.end_line,
                    end_column: b.location.end_column,
                    description: b.description.clone(),
                    taken_by: b.taken_by.clone(),
                })
                .collect(),
            untried_routes: m
                .untried_routes
                .iter()
                .map(|u| UntriedRoute {
                    key: u.key.clone(),
                    template: u.template.clone(),
                    sample: u.sample.clone(),
                })
                .collect(),
            has_hook: m.has_hook,
        }
    }
}

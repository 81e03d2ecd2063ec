//! Every event at once: one simulation per (event, dialect), the branches of every audit-log hook
//! template that those events took, and the routing keys no event reached.
//!
//! The unit of work of an integration author is the whole folder; this answers "does every kind of
//! event produce a valid request, and did my events exercise every branch I wrote?".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::context::{body_context, form_values, is_json_template, oauth};
use crate::diagnostic::{Location, Severity, Source};
use crate::manifest::{AuditLogEventsHook, Manifest, TemplateRef};
use crate::policy::Decision;
use crate::render::coverage::{self, Branch};
use crate::render::{Dialect, RenderData};
use crate::routing::{route, Mode};
use crate::samples;
use crate::simulate::{simulate, Rendered, Simulation, SimulationInput};
use crate::text::{LineIndex, PositionEncoding};

/// An event to run, by the name the report shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedEvent {
    pub name: String,
    /// The event's JSON text.
    pub json: String,
}

/// What one event gives in one dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixCell {
    /// The template path the event routed to; `None` for the standard payload or no route.
    pub template: Option<String>,
    /// Whether the policy lets the event through; `None` when there is no policy decision.
    pub sent: Option<bool>,
    /// What decided: "allowed by statement 0", "denied by statement 2", "no statement matches".
    pub decided_by: Option<String>,
    /// A request was rendered, with no render error and (for a JSON template) a body that parses.
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
}

/// One event's row: a cell per dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixRow {
    pub event: String,
    /// The event's `kind`, when it has one.
    pub kind: Option<String>,
    pub preview: MatrixCell,
    pub production: MatrixCell,
}

/// One branch of one template in one dialect, and the events that took it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoveredBranch {
    pub template: String,
    pub dialect: Dialect,
    pub branch: Branch,
    /// 1-based line and column of the tag the branch starts after.
    pub location: Location,
    pub description: String,
    /// The events that ran the branch (empty: never taken).
    pub taken_by: Vec<String>,
}

/// A routing key with a template that no event routed to, and Hookpad's sample for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UntriedRoute {
    /// `flag`, `project`, `environment`, `member` or `default`.
    pub key: String,
    pub template: String,
    /// The name of a sample event (`hookpad preview --sample`) that routes there.
    pub sample: Option<String>,
}

/// The whole report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Matrix {
    pub rows: Vec<MatrixRow>,
    /// Every branch of every audit-log hook template, per dialect, in template and source order.
    pub branches: Vec<CoveredBranch>,
    pub untried_routes: Vec<UntriedRoute>,
    /// `false` when the manifest has no audit-log events hook (nothing to render).
    pub has_hook: bool,
}

/// A branch whatever the dialect, with whether each dialect took it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DistinctBranch {
    pub template: String,
    pub branch: Branch,
    pub location: Location,
    pub description: String,
    /// `[preview, production]`; a branch one dialect does not have (production's unwritten
    /// `equal` else) counts as taken there.
    pub taken_in: [bool; 2],
}

impl DistinctBranch {
    /// Taken in both dialects.
    #[must_use]
    pub fn taken(&self) -> bool {
        self.taken_in.iter().all(|t| *t)
    }

    /// Where the branch was not taken, when only one dialect missed it: " in production (taken
    /// in preview)"; empty when neither took it.
    #[must_use]
    pub fn missed_only_in(&self) -> &'static str {
        match self.taken_in {
            [true, false] => " in production (taken in preview)",
            [false, true] => " in preview (taken in production)",
            _ => "",
        }
    }
}

/// What an untaken branch missed, for `events` events run: "never taken by any of the 7 events",
/// or "never taken by the event" when there was one.
#[must_use]
pub fn never_taken_by(events: usize) -> String {
    if events == 1 {
        "never taken by the event".to_owned()
    } else {
        format!("never taken by any of the {events} events")
    }
}

impl Matrix {
    /// Every branch once, whatever the dialect, in template and source order.
    #[must_use]
    pub fn distinct_branches(&self) -> Vec<DistinctBranch> {
        let mut out: Vec<DistinctBranch> = Vec::new();
        for b in &self.branches {
            let slot = usize::from(b.dialect == Dialect::Production);
            let taken = !b.taken_by.is_empty();
            let same = |d: &&mut DistinctBranch| {
                d.template == b.template
                    && d.branch.range == b.branch.range
                    && d.branch.part == b.branch.part
                    && d.branch.implicit == b.branch.implicit
            };
            if let Some(d) = out.iter_mut().find(same) {
                d.taken_in[slot] = taken;
            } else {
                let mut taken_in = [true, true];
                taken_in[slot] = taken;
                out.push(DistinctBranch {
                    template: b.template.clone(),
                    branch: b.branch.clone(),
                    location: b.location,
                    description: b.description.clone(),
                    taken_in,
                });
            }
        }
        out.sort_by(|a, b| {
            (&a.template, a.branch.range.start, a.branch.part as u8).cmp(&(
                &b.template,
                b.branch.range.start,
                b.branch.part as u8,
            ))
        });
        out
    }

    /// (taken, total) branches in `dialect`.
    #[must_use]
    pub fn coverage(&self, dialect: Dialect) -> (usize, usize) {
        let of_dialect = self.branches.iter().filter(|b| b.dialect == dialect);
        let total = of_dialect.clone().count();
        let taken = of_dialect.filter(|b| !b.taken_by.is_empty()).count();
        (taken, total)
    }
}

/// Hookpad's sample event for each routing key.
const SAMPLE_FOR_KEY: [(&str, &str); 5] = [
    ("flag", "flag-toggle"),
    ("project", "project-create"),
    ("environment", "environment-update"),
    ("member", "member-update"),
    ("default", "segment-update"),
];

/// Hookpad's sample events, named as `--sample` names them.
#[must_use]
pub fn sample_events() -> Vec<NamedEvent> {
    samples::EVENTS
        .iter()
        .map(|s| NamedEvent {
            name: s.name.to_owned(),
            json: s.json.to_owned(),
        })
        .collect()
}

/// Runs every event of `events` in both dialects against `base` (its `event` and `dialect` are
/// replaced; everything else — manifest, templates, form values, policy — is shared).
#[must_use]
pub fn run(base: &SimulationInput, events: &[NamedEvent]) -> Matrix {
    let manifest = Manifest::parse(&base.manifest);
    let hook = manifest.as_ref().and_then(|m| m.hook.as_ref());
    let mut matrix = Matrix {
        has_hook: hook.is_some(),
        ..Matrix::default()
    };
    let mut coverage = Coverage::new(base, hook.map_or(&[][..], |h| &h.templates[..]));
    let mut routed: Vec<String> = Vec::new();
    for event in events {
        let mut cells = Vec::with_capacity(2);
        for dialect in Dialect::ALL {
            let input = SimulationInput {
                event: event.json.clone(),
                dialect,
                mode: Mode::Event,
                ..base.clone()
            };
            let sim = simulate(&input);
            if let Some(key) = sim.route.as_ref().and_then(|r| r.template_key.clone()) {
                routed.push(key);
            }
            if let (Some(manifest), Some(path)) = (
                manifest.as_ref(),
                sim.route.as_ref().and_then(|r| r.template_path.as_deref()),
            ) {
                coverage.record(manifest, base, path, event, dialect);
            }
            cells.push(cell(&sim, base, dialect));
        }
        let kind = serde_json::from_str::<Json>(&event.json)
            .ok()
            .and_then(|e| e.get("kind").and_then(Json::as_str).map(str::to_owned));
        let production = cells.pop().unwrap_or_else(empty_cell);
        let preview = cells.pop().unwrap_or_else(empty_cell);
        matrix.rows.push(MatrixRow {
            event: event.name.clone(),
            kind,
            preview,
            production,
        });
    }
    matrix.branches = coverage.finish(&base.templates, base.encoding);
    if let Some(hook) = hook {
        matrix.untried_routes = hook
            .templates
            .iter()
            .filter(|t| t.key != "validation" && !routed.contains(&t.key))
            .map(|t| UntriedRoute {
                key: t.key.clone(),
                template: t.path.clone(),
                sample: sample_for(hook, &t.key),
            })
            .collect();
    }
    matrix
}

/// The sample event that routes to `key` under `hook`'s templates, if any does.
fn sample_for(hook: &AuditLogEventsHook, key: &str) -> Option<String> {
    let (_, name) = SAMPLE_FOR_KEY.iter().find(|(k, _)| *k == key)?;
    let sample = samples::event(name)?;
    let routes_there = route(hook, Some(sample.kind), Mode::Event)
        .template_key
        .as_deref()
        == Some(key);
    routes_there.then(|| (*name).to_owned())
}

fn empty_cell() -> MatrixCell {
    MatrixCell {
        template: None,
        sent: None,
        decided_by: None,
        valid: false,
        errors: 0,
        warnings: 0,
    }
}

fn cell(sim: &Simulation, base: &SimulationInput, dialect: Dialect) -> MatrixCell {
    // A part this dialect failed to render: an error diagnostic, or (a strict-mode miss in
    // preview is a warning, since production renders it as empty) the dialect's side of a difference.
    let render_error = sim.diagnostics.iter().any(|d| {
        d.severity == Severity::Error && matches!(d.source, Source::Template(_) | Source::Output)
    }) || sim
        .differences
        .iter()
        .any(|d| matches!(d.rendered(dialect), Rendered::Error(_)));
    let json_ok = sim.body_json.as_ref().is_none_or(|b| b.valid);
    let count = |s: Severity| sim.diagnostics.iter().filter(|d| d.severity == s).count();
    MatrixCell {
        template: sim.route.as_ref().and_then(|r| r.template_path.clone()),
        sent: sim.policy.as_ref().map(|p| p.sent),
        decided_by: sim.policy.as_ref().map(|p| {
            let by = |decision: Decision| {
                p.pairs
                    .iter()
                    .find(|pair| pair.decision == decision)
                    .and_then(|pair| pair.deciding.first().copied())
            };
            if let Some(i) = by(Decision::Deny) {
                format!("denied by statement {i}")
            } else if let Some(i) = by(Decision::Allow) {
                format!("allowed by statement {i}")
            } else {
                "no statement matches".to_owned()
            }
        }),
        // A route to a template that was not supplied renders no body: its request cannot be sent.
        valid: sim.request.is_some()
            && !render_error
            && json_ok
            && sim
                .route
                .as_ref()
                .and_then(|r| r.template_path.as_ref())
                .is_none_or(|p| base.templates.contains_key(p)),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
    }
}

/// The branches of each (template, dialect) and who took them.
struct Coverage {
    templates: BTreeMap<(String, Dialect), TemplateBranches>,
}

struct TemplateBranches {
    instrumented: Option<coverage::Instrumented>,
    taken_by: Vec<Vec<String>>,
}

impl Coverage {
    /// Instruments every template the hook names that was supplied, in both dialects.
    fn new(base: &SimulationInput, templates: &[TemplateRef]) -> Self {
        let mut map = BTreeMap::new();
        for t in templates {
            let Some(source) = base.templates.get(&t.path) else {
                continue;
            };
            for dialect in Dialect::ALL {
                map.entry((t.path.clone(), dialect)).or_insert_with(|| {
                    let instrumented = coverage::instrument(source, dialect).ok();
                    let n = instrumented.as_ref().map_or(0, |i| i.branches.len());
                    TemplateBranches {
                        instrumented,
                        taken_by: vec![Vec::new(); n],
                    }
                });
            }
        }
        Self { templates: map }
    }

    /// Renders `path` instrumented with `event`'s body context and records the branches it took.
    fn record(
        &mut self,
        manifest: &Manifest,
        base: &SimulationInput,
        path: &str,
        event: &NamedEvent,
        dialect: Dialect,
    ) {
        let Some(entry) = self.templates.get_mut(&(path.to_owned(), dialect)) else {
            return;
        };
        let Some(instrumented) = &entry.instrumented else {
            return;
        };
        let Ok(event_json) = serde_json::from_str::<Json>(&event.json) else {
            return;
        };
        let values: Map<String, Json> = form_values(manifest, &base.form_values);
        let data = RenderData::new(body_context(
            &event_json,
            is_json_template(path),
            &values,
            &oauth(manifest.requires_oauth),
        ));
        // A failed render has its own diagnostic in the row; it tells nothing about branches.
        let Ok(taken) = instrumented.taken(&data, dialect) else {
            return;
        };
        for (who, ran) in entry.taken_by.iter_mut().zip(taken) {
            if ran && !who.contains(&event.name) {
                who.push(event.name.clone());
            }
        }
    }

    /// Every branch with its line and column in `texts` (the template sources).
    fn finish(
        self,
        texts: &BTreeMap<String, String>,
        encoding: PositionEncoding,
    ) -> Vec<CoveredBranch> {
        let mut out = Vec::new();
        for ((template, dialect), entry) in self.templates {
            let (Some(instrumented), Some(text)) = (entry.instrumented, texts.get(&template))
            else {
                continue;
            };
            let index = LineIndex::new(text);
            let locate = |branch: &Branch| {
                let start = index.line_col(text, branch.range.start, encoding);
                let end = index.line_col(text, branch.range.end, encoding);
                Location {
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                }
            };
            for (branch, taken_by) in instrumented.branches.into_iter().zip(entry.taken_by) {
                out.push(CoveredBranch {
                    template: template.clone(),
                    dialect,
                    description: branch.describe(),
                    location: locate(&branch),
                    branch,
                    taken_by,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_routed_to_a_missing_template_has_no_valid_request() {
        let manifest = r#"{"capabilities": {"auditLogEventsHook": {
            "endpoint": {"url": "https://example.test/", "method": "POST", "headers": []},
            "templates": {"flag": "templates/flag.json.hbs", "project": "templates/project.json.hbs"},
            "defaultPolicy": [{"effect": "allow", "resources": ["proj/*"], "actions": ["*"]}]}}}"#;
        let base = SimulationInput {
            manifest: manifest.to_owned(),
            templates: [(
                "templates/flag.json.hbs".to_owned(),
                r#"{"key": "{{key}}"}"#.to_owned(),
            )]
            .into(),
            ..SimulationInput::default()
        };
        let matrix = run(&base, &sample_events());
        let row = |kind: &str| {
            matrix
                .rows
                .iter()
                .find(|r| r.kind.as_deref() == Some(kind))
                .unwrap_or_else(|| panic!("no {kind} event among the samples"))
        };
        for cell in [&row("project").preview, &row("project").production] {
            assert_eq!(cell.template.as_deref(), Some("templates/project.json.hbs"));
            assert!(!cell.valid, "{cell:?}");
            assert!(cell.errors > 0, "{cell:?}");
        }
        for cell in [&row("flag").preview, &row("flag").production] {
            assert_eq!(cell.template.as_deref(), Some("templates/flag.json.hbs"));
            assert!(cell.valid, "{cell:?}");
        }
    }

    #[test]
    fn a_strict_mode_miss_makes_only_the_preview_request_invalid() {
        let manifest = r#"{"capabilities": {"auditLogEventsHook": {
            "endpoint": {"url": "https://example.test/", "method": "POST", "headers": []},
            "templates": {"default": "templates/default.json.hbs"}}}}"#;
        let base = SimulationInput {
            manifest: manifest.to_owned(),
            templates: [(
                "templates/default.json.hbs".to_owned(),
                r#"{"a": "{{nothing.here}}"}"#.to_owned(),
            )]
            .into(),
            ..SimulationInput::default()
        };
        let matrix = run(&base, &sample_events());
        assert!(!matrix.rows.is_empty());
        for row in &matrix.rows {
            // handlebars.js in strict mode throws; raymond prints an empty string.
            assert!(!row.preview.valid, "{row:?}");
            assert!(row.production.valid, "{row:?}");
        }
    }

    #[test]
    fn an_untaken_branch_names_its_events_in_the_singular_when_there_was_one() {
        assert_eq!(never_taken_by(1), "never taken by the event");
        assert_eq!(never_taken_by(7), "never taken by any of the 7 events");
        assert_eq!(never_taken_by(0), "never taken by any of the 0 events");
    }
}

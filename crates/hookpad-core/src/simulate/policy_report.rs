//! The policy decision for the event: the user's statements, else the manifest's `defaultPolicy`.

use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::json_span;
use crate::policy::{self, Origin, DEFAULT_ENVIRONMENTS};

use super::{PolicyReport, Simulation, SimulationInput};

/// The policy decision: the user's statements, else the manifest's `defaultPolicy`.
pub(super) fn policy_report(
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
        policy::checks::lint_verb_kind(verb, None, &mut sim.diagnostics);
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

//! Would this event be sent, and exactly why (SPEC §4).
//!
//! [`parse`] reads statements (with a diagnostic for every shape error), [`pairs`] derives the
//! event's (resource, action) pairs, [`eval`] decides each pair with a trace per statement, and
//! [`checks`] finds typos and policies that can never deliver.

pub mod ast;
pub mod catalog;
pub mod checks;
pub mod eval;
pub mod glob;
pub mod origin;
pub mod pairs;
pub mod parse;

use serde::Serialize;

pub use ast::{Effect, Resource, Statement};
pub use eval::{decide, Decision, PairDecision, PartTrace, StatementTrace};
pub use origin::Origin;
pub use pairs::{from_event, Pair, PairsError, DEFAULT_ENVIRONMENTS};

use crate::diagnostic::{json_error_range, Diagnostic, Severity};
use crate::json_span::{self, Spanned};

/// The decisions for every pair of an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyResult {
    pub pairs: Vec<PairDecision>,
    /// Whether the event is sent: some pair is allowed.
    pub sent: bool,
}

/// Decides every pair.
#[must_use]
pub fn evaluate(statements: &[Statement], pairs: &[Pair]) -> PolicyResult {
    let pairs: Vec<PairDecision> = pairs
        .iter()
        .map(|p| decide(statements, &p.resource, &p.action))
        .collect();
    let sent = pairs.iter().any(|p| p.decision == Decision::Allow);
    PolicyResult { pairs, sent }
}

/// Parses and lints statements already located in a document.
pub fn load_spanned(
    root: &Spanned,
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Statement> {
    let statements = parse::statements(root, origin, diags);
    // Policy-wide lints would mislead while some statements are being ignored for shape errors.
    if root
        .as_array()
        .is_some_and(|items| items.len() == statements.len())
    {
        checks::lint(&statements, origin, root.range, diags);
    }
    statements
}

/// Parses and lints a statement list given as JSON text.
pub fn load(text: &str, origin: &Origin, diags: &mut Vec<Diagnostic>) -> Vec<Statement> {
    match json_span::parse(text) {
        Some(root) => load_spanned(&root, origin, diags),
        None => {
            let message = match serde_json::from_str::<serde_json::Value>(text) {
                Err(e) => {
                    diags.push(
                        Diagnostic::new(
                            "policy/invalid-json",
                            Severity::Error,
                            origin.source.clone(),
                            format!("the policy is not valid JSON: {e}"),
                        )
                        .with_range(json_error_range(text, &e))
                        .with_hint("fix the JSON syntax at this position"),
                    );
                    return Vec::new();
                }
                Ok(_) => "the policy nests too deeply to check".to_owned(),
            };
            diags.push(Diagnostic::new(
                "policy/invalid-json",
                Severity::Error,
                origin.source.clone(),
                message,
            ));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    #[test]
    fn sent_when_any_pair_is_allowed() {
        let mut diags = Vec::new();
        let origin = Origin {
            source: Source::Policy,
            pointer: String::new(),
        };
        let s = load(
            r#"[{"effect": "allow", "resources": ["proj/*:env/production:flag/*"], "actions": ["*"]}]"#,
            &origin,
            &mut diags,
        );
        let pair = |env: &str| Pair {
            resource: parse::resource(&format!("proj/p:env/{env}:flag/f")),
            action: "updateOn".to_owned(),
        };
        assert!(evaluate(&s, &[pair("test"), pair("production")]).sent);
        assert!(!evaluate(&s, &[pair("test")]).sent);
    }

    #[test]
    fn invalid_json_is_a_located_diagnostic() {
        let mut diags = Vec::new();
        let origin = Origin {
            source: Source::Policy,
            pointer: String::new(),
        };
        let s = load("[{\"effect\": }]", &origin, &mut diags);
        assert!(s.is_empty());
        assert_eq!(diags[0].code, "policy/invalid-json");
        assert!(diags[0].range.is_some());
    }
}

//! Policy lints (SPEC §4.6): typos in actions and resource types, actions that do not belong to
//! the statement's resource type, statements mixing types, policies that never deliver anything.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::ast::{shape, Effect, ResourcePattern, Statement};
use super::catalog::RESOURCE_ACTIONS;
use super::origin::Origin;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::suggest::did_you_mean;
use crate::text::TextRange;

struct Catalog {
    kinds: BTreeSet<&'static str>,
    actions: BTreeSet<&'static str>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog {
        kinds: RESOURCE_ACTIONS
            .iter()
            .flat_map(|(shape, _)| shape.split(':').map(|s| s.split('/').next().unwrap_or(s)))
            .collect(),
        actions: RESOURCE_ACTIONS
            .iter()
            .flat_map(|(_, a)| a.iter().copied())
            .collect(),
    })
}

/// The documented actions of a resource shape, if the shape is in the catalogue.
fn actions_of(shape: &str) -> Option<&'static [&'static str]> {
    RESOURCE_ACTIONS
        .iter()
        .find(|(s, _)| *s == shape)
        .map(|(_, a)| *a)
}

/// Whether `action` is a documented action of any resource type.
#[must_use]
pub fn is_known_action(action: &str) -> bool {
    catalog().actions.contains(action)
}

fn warn(
    origin: &Origin,
    code: &'static str,
    range: TextRange,
    pointer: String,
    message: String,
    hint: String,
) -> Diagnostic {
    Diagnostic::new(code, Severity::Warning, origin.source.clone(), message)
        .with_range(range)
        .with_pointer(format!("{}{pointer}", origin.pointer))
        .with_hint(hint)
}

/// Lints a parsed policy. `whole` is the range of the statement list (for policy-wide lints).
pub fn lint(
    statements: &[Statement],
    origin: &Origin,
    whole: TextRange,
    diags: &mut Vec<Diagnostic>,
) {
    if statements.is_empty() {
        diags.push(warn(
            origin,
            "policy/empty",
            whole,
            String::new(),
            "the policy has no statements: no event is ever sent".to_owned(),
            "add an `allow` statement for the resources and actions the integration should receive"
                .to_owned(),
        ));
        return;
    }
    if statements.iter().all(|s| s.effect == Effect::Deny) {
        let mut d = warn(
            origin,
            "policy/deny-only",
            whole,
            String::new(),
            "every statement is a `deny`: this policy can never deliver an event".to_owned(),
            "events are denied by default; add an `allow` statement for what should be sent"
                .to_owned(),
        );
        // In a manifest's `defaultPolicy` this is a deliberate opt-in pattern (subscribers choose
        // what to receive), so it is worth knowing rather than a warning.
        if origin.source == Source::Manifest {
            d.severity = Severity::Info;
            d.hint = Some("subscriptions created with this default receive nothing until their owner edits the policy".to_owned());
        }
        diags.push(d);
    }
    for s in statements {
        lint_statement(s, origin, diags);
    }
}

fn lint_statement(s: &Statement, origin: &Origin, diags: &mut Vec<Diagnostic>) {
    let cat = catalog();
    let key = if s.resources.negated {
        "notResources"
    } else {
        "resources"
    };
    let mut shapes = BTreeSet::new();
    for (j, spec) in s.resources.specifiers.iter().enumerate() {
        let ResourcePattern::Segments(segments) = &spec.pattern else {
            continue;
        };
        let pointer = format!("/{}/{key}/{j}", s.index);
        for seg in segments {
            if !cat.kinds.contains(seg.kind.as_str()) {
                let hint = did_you_mean(&seg.kind, cat.kinds.iter().copied()).map_or_else(
                    || "see LaunchDarkly's list of resource types".to_owned(),
                    |k| format!("did you mean `{k}`?"),
                );
                diags.push(warn(
                    origin,
                    "policy/unknown-resource-type",
                    spec.range,
                    pointer.clone(),
                    format!(
                        "`{}` is not a known resource type (in `{}`)",
                        seg.kind, spec.text
                    ),
                    hint,
                ));
            }
            if seg.role_attribute {
                diags.push(warn(
                    origin,
                    "policy/role-attribute",
                    spec.range,
                    pointer.clone(),
                    format!("`{}` uses a role attribute, which never matches in an integration's policy", spec.text),
                    "a subscription has no role assignment; name the resources directly or use a glob".to_owned(),
                ));
            }
        }
        shapes.insert(shape(segments.iter().map(|g| g.kind.as_str())));
    }
    if !s.resources.negated && shapes.len() > 1 {
        diags.push(warn(
            origin,
            "policy/mixed-resource-types",
            s.range,
            format!("/{}", s.index),
            format!(
                "statement {} mixes resource types ({}); its actions rarely fit all of them",
                s.index,
                shapes
                    .iter()
                    .map(|x| format!("`{x}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "split it into one statement per resource type".to_owned(),
        ));
    }
    let akey = if s.actions.negated {
        "notActions"
    } else {
        "actions"
    };
    let typed: Vec<&'static [&'static str]> = if s.resources.negated {
        Vec::new()
    } else {
        shapes.iter().filter_map(|x| actions_of(x)).collect()
    };
    for (j, a) in s.actions.specifiers.iter().enumerate() {
        if a.glob.is_wildcard() {
            continue;
        }
        let pointer = format!("/{}/{akey}/{j}", s.index);
        if !cat.actions.contains(a.text.as_str()) {
            let near = did_you_mean(&a.text, typed.iter().flat_map(|x| x.iter().copied()))
                .or_else(|| did_you_mean(&a.text, cat.actions.iter().copied()));
            diags.push(warn(
                origin,
                "policy/unknown-action",
                a.range,
                pointer,
                format!("`{}` is not a documented action", a.text),
                near.map_or_else(
                    || "check the action name in LaunchDarkly's list of role actions (they are case-sensitive)".to_owned(),
                    |n| format!("did you mean `{n}`?"),
                ),
            ));
        } else if !typed.is_empty() && !typed.iter().any(|x| x.contains(&a.text.as_str())) {
            diags.push(warn(
                origin,
                "policy/action-not-for-resource",
                a.range,
                pointer,
                format!(
                    "`{}` is not an action of {}",
                    a.text,
                    shapes.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(" or ")
                ),
                "this statement can never match events of this action; use an action of the statement's resource type".to_owned(),
            ));
        }
    }
}

/// Lints the event's `verbKind`: it is matched against action specifiers, so it should be an action.
pub fn lint_verb_kind(verb_kind: &str, range: Option<TextRange>, diags: &mut Vec<Diagnostic>) {
    if is_known_action(verb_kind) {
        return;
    }
    let near = did_you_mean(verb_kind, catalog().actions.iter().copied());
    let mut d = Diagnostic::new(
        "policy/unknown-verb-kind",
        Severity::Info,
        Source::Event,
        format!("the event's `verbKind` `{verb_kind}` is not a documented action name"),
    )
    .with_pointer("/verbKind")
    .with_hint(near.map_or_else(
        || "policies match the event's action against `verbKind`; real events carry documented action names".to_owned(),
        |n| format!("did you mean `{n}`?"),
    ));
    if let Some(r) = range {
        d = d.with_range(r);
    }
    diags.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_span;
    use crate::policy::parse::statements;

    fn lints(text: &str) -> Vec<Diagnostic> {
        let root = json_span::parse(text).unwrap();
        let origin = Origin {
            source: Source::Policy,
            pointer: String::new(),
        };
        let mut diags = Vec::new();
        let s = statements(&root, &origin, &mut diags);
        lint(&s, &origin, root.range, &mut diags);
        diags
    }

    fn codes(text: &str) -> Vec<String> {
        lints(text).iter().map(|d| d.code.to_string()).collect()
    }

    #[test]
    fn typo_in_an_action_gets_a_suggestion() {
        let text = r#"[{"effect": "allow", "resources": ["proj/*:env/*:flag/*"], "actions": ["updateFallThrough"]}]"#;
        let d = lints(text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "policy/unknown-action");
        assert_eq!(
            d[0].hint.as_deref(),
            Some("did you mean `updateFallthrough`?")
        );
        assert_eq!(d[0].pointer.as_deref(), Some("/0/actions/0"));
        assert_eq!(
            &text[d[0].range.unwrap().to_range()],
            "\"updateFallThrough\""
        );
    }

    #[test]
    fn each_lint_fires_on_its_case() {
        assert_eq!(codes("[]"), ["policy/empty"]);
        assert_eq!(
            codes(r#"[{"effect": "deny", "resources": ["*"], "actions": ["*"]}]"#),
            ["policy/deny-only"]
        );
        assert_eq!(
            codes(
                r#"[{"effect": "allow", "resources": ["proj/*:env/*:flg/*"], "actions": ["*"]}]"#
            ),
            ["policy/unknown-resource-type"]
        );
        assert_eq!(
            codes(
                r#"[{"effect": "allow", "resources": ["proj/*:env/*:flag/*", "proj/*:env/*:segment/*"], "actions": ["*"]}]"#
            ),
            ["policy/mixed-resource-types"]
        );
        assert_eq!(
            codes(
                r#"[{"effect": "allow", "resources": ["proj/*:env/*:flag/*"], "actions": ["createProject"]}]"#
            ),
            ["policy/action-not-for-resource"]
        );
        assert_eq!(
            codes(
                r#"[{"effect": "allow", "resources": ["proj/${roleAttribute/p}"], "actions": ["*"]}]"#
            ),
            ["policy/role-attribute"]
        );
    }

    #[test]
    fn clean_policies_are_silent() {
        assert!(codes(r#"[{"effect": "allow", "resources": ["proj/*:env/production:flag/*"], "actions": ["updateOn", "update*"]}]"#).is_empty());
    }

    #[test]
    fn verb_kind_lint() {
        let mut d = Vec::new();
        lint_verb_kind("updateOn", None, &mut d);
        assert!(d.is_empty());
        lint_verb_kind("updateon", None, &mut d);
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `updateOn`?"));
    }
}

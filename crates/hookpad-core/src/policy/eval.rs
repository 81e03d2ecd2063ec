//! Deciding whether an event is sent (SPEC §4.2–4.4), with a trace for every statement: which
//! specifier matched or, when none did, which came closest and why it failed.

use serde::{Deserialize, Serialize};

use super::ast::{
    ActionSpecifier, Effect, Part, Resource, ResourcePattern, ResourceSpecifier, SegmentPattern,
    Statement,
};
use super::glob::Glob;
use crate::suggest::edit_distance;

/// The decision for one (resource, action) pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    /// An `allow` statement applies and no `deny` does: the event is sent.
    #[serde(rename = "allow")]
    Allow,
    /// A `deny` statement applies: the event is not sent.
    #[serde(rename = "deny")]
    Deny,
    /// No statement applies: the event is not sent.
    #[serde(rename = "default-deny")]
    DefaultDeny,
}

impl Decision {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Deny => "deny",
            Decision::DefaultDeny => "default-deny",
        }
    }
}

/// How one part (resources or actions) of a statement fared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartTrace {
    pub holds: bool,
    /// The specifier that matched; with none matching, the one that came closest.
    pub specifier: Option<String>,
    /// In words: what matched, or why the closest specifier failed.
    pub detail: String,
}

/// How one statement fared against one pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    pub index: usize,
    pub effect: Effect,
    pub applies: bool,
    pub resource: PartTrace,
    pub action: PartTrace,
}

/// The decision for one (resource, action) pair and the traces behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairDecision {
    pub resource: String,
    pub action: String,
    pub decision: Decision,
    /// The statements that decided it (the applicable denies, else the applicable allows).
    pub deciding: Vec<usize>,
    pub statements: Vec<StatementTrace>,
}

/// A specifier's match against a resource: how many leading segments matched and, on a miss, why.
struct SpecMatch {
    matched: bool,
    score: usize,
    detail: String,
}

fn segment_miss(p: &SegmentPattern, r: &super::ast::ResourceSegment) -> Option<String> {
    if p.role_attribute {
        return Some(format!(
            "`{}` uses a role attribute, which never matches: a subscription has no role assignment",
            p.name.as_ref().map_or("", Glob::as_str)
        ));
    }
    if p.kind != r.kind {
        return Some(format!(
            "the specifier has `{}` where the resource has `{}`",
            p.kind, r.kind
        ));
    }
    if let Some(name) = &p.name {
        if !name.matches(&r.name) {
            return Some(format!(
                "{} `{}` does not match `{}`",
                r.kind,
                r.name,
                name.as_str()
            ));
        }
    }
    for tag in &p.tags {
        if !r.tags.iter().any(|t| tag.matches(t)) {
            let has = if r.tags.is_empty() {
                "has no tags".to_owned()
            } else {
                format!(
                    "has tags {}",
                    r.tags
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Some(format!(
                "{} `{}` {has}, none matching `{}`",
                r.kind,
                r.name,
                tag.as_str()
            ));
        }
    }
    for (k, v) in &p.properties {
        if !r.properties.iter().any(|(rk, rv)| rk == k && rv == v) {
            return Some(format!("{} `{}` does not have {{{k}:{v}}}", r.kind, r.name));
        }
    }
    None
}

fn match_resource(spec: &ResourceSpecifier, resource: &Resource) -> SpecMatch {
    let segments = match &spec.pattern {
        ResourcePattern::Any => {
            return SpecMatch {
                matched: true,
                score: usize::MAX,
                detail: "`*` matches every resource".to_owned(),
            }
        }
        ResourcePattern::Segments(s) => s,
    };
    let mut score = 0;
    for (p, r) in segments.iter().zip(&resource.segments) {
        if let Some(why) = segment_miss(p, r) {
            return SpecMatch {
                matched: false,
                score,
                detail: why,
            };
        }
        score += 1;
    }
    if segments.len() != resource.segments.len() {
        let kinds = |k: Vec<&str>| k.join(":");
        return SpecMatch {
            matched: false,
            score,
            detail: format!(
                "the specifier names a `{}` resource but this is a `{}` resource",
                kinds(segments.iter().map(|s| s.kind.as_str()).collect()),
                kinds(resource.segments.iter().map(|s| s.kind.as_str()).collect())
            ),
        };
    }
    SpecMatch {
        matched: true,
        score,
        detail: format!("`{}` matches", spec.text),
    }
}

fn resource_part(part: &Part<ResourceSpecifier>, resource: &Resource) -> PartTrace {
    let results: Vec<(&ResourceSpecifier, SpecMatch)> = part
        .specifiers
        .iter()
        .map(|s| (s, match_resource(s, resource)))
        .collect();
    let hit = results.iter().find(|(_, m)| m.matched);
    if part.negated {
        return match hit {
            Some((s, _)) => PartTrace {
                holds: false,
                specifier: Some(s.text.clone()),
                detail: format!("excluded by `notResources` entry `{}`", s.text),
            },
            None => PartTrace {
                holds: true,
                specifier: None,
                detail: "no `notResources` entry matches".to_owned(),
            },
        };
    }
    if let Some((s, m)) = hit {
        return PartTrace {
            holds: true,
            specifier: Some(s.text.clone()),
            detail: m.detail.clone(),
        };
    }
    match results.iter().max_by_key(|(_, m)| m.score) {
        Some((s, m)) => PartTrace {
            holds: false,
            specifier: Some(s.text.clone()),
            detail: format!("nearest: `{}`: {}", s.text, m.detail),
        },
        None => PartTrace {
            holds: false,
            specifier: None,
            detail: "`resources` is empty".to_owned(),
        },
    }
}

fn action_part(part: &Part<ActionSpecifier>, action: &str) -> PartTrace {
    let hit = part.specifiers.iter().find(|s| s.glob.matches(action));
    if part.negated {
        return match hit {
            Some(s) => PartTrace {
                holds: false,
                specifier: Some(s.text.clone()),
                detail: format!("`{action}` is excluded by `notActions` entry `{}`", s.text),
            },
            None => PartTrace {
                holds: true,
                specifier: None,
                detail: format!("`{action}` is not in `notActions`"),
            },
        };
    }
    if let Some(s) = hit {
        return PartTrace {
            holds: true,
            specifier: Some(s.text.clone()),
            detail: format!("`{}` matches `{action}`", s.text),
        };
    }
    match part
        .specifiers
        .iter()
        .min_by_key(|s| edit_distance(s.glob.as_str(), action))
    {
        Some(s) => PartTrace {
            holds: false,
            specifier: Some(s.text.clone()),
            detail: format!(
                "nearest: `{}` does not match `{action}` (actions are case-sensitive)",
                s.text
            ),
        },
        None => PartTrace {
            holds: false,
            specifier: None,
            detail: "`actions` is empty".to_owned(),
        },
    }
}

/// Decides one (resource, action) pair against every statement.
#[must_use]
pub fn decide(statements: &[Statement], resource: &Resource, action: &str) -> PairDecision {
    let traces: Vec<StatementTrace> = statements
        .iter()
        .map(|s| {
            let r = resource_part(&s.resources, resource);
            let a = action_part(&s.actions, action);
            StatementTrace {
                index: s.index,
                effect: s.effect,
                applies: r.holds && a.holds,
                resource: r,
                action: a,
            }
        })
        .collect();
    let applicable = |effect| -> Vec<usize> {
        traces
            .iter()
            .filter(|t| t.applies && t.effect == effect)
            .map(|t| t.index)
            .collect()
    };
    let denies = applicable(Effect::Deny);
    let allows = applicable(Effect::Allow);
    let (decision, deciding) = if !denies.is_empty() {
        (Decision::Deny, denies)
    } else if !allows.is_empty() {
        (Decision::Allow, allows)
    } else {
        (Decision::DefaultDeny, Vec::new())
    };
    PairDecision {
        resource: resource.to_string(),
        action: action.to_owned(),
        decision,
        deciding,
        statements: traces,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;
    use crate::json_span;
    use crate::policy::parse::{resource, statements, Origin};

    fn policy(text: &str) -> Vec<Statement> {
        let root = json_span::parse(text).unwrap();
        let mut diags = Vec::new();
        let s = statements(
            &root,
            &Origin {
                source: Source::Policy,
                pointer: String::new(),
            },
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        s
    }

    #[test]
    fn nearest_miss_names_the_failing_segment() {
        let p = policy(
            r#"[{"effect": "allow", "resources": ["proj/*:env/production:flag/*"], "actions": ["*"]}]"#,
        );
        let d = decide(&p, &resource("proj/default:env/test:flag/f"), "updateOn");
        assert_eq!(d.decision, Decision::DefaultDeny);
        let t = &d.statements[0];
        assert!(!t.resource.holds);
        assert_eq!(
            t.resource.detail,
            "nearest: `proj/*:env/production:flag/*`: env `test` does not match `production`"
        );
        assert!(t.action.holds);
    }

    #[test]
    fn deny_wins_and_is_named() {
        let p = policy(
            r#"[{"effect": "allow", "resources": ["proj/*:env/*:flag/*"], "actions": ["*"]},
                {"effect": "deny", "resources": ["proj/*:env/production:flag/*"], "actions": ["update*"]}]"#,
        );
        let d = decide(&p, &resource("proj/a:env/production:flag/f"), "updateOn");
        assert_eq!((d.decision, d.deciding.clone()), (Decision::Deny, vec![1]));
        let d = decide(&p, &resource("proj/a:env/production:flag/f"), "createFlag");
        assert_eq!((d.decision, d.deciding), (Decision::Allow, vec![0]));
    }

    #[test]
    fn segment_counts_must_agree() {
        let p = policy(r#"[{"effect": "allow", "resources": ["proj/*"], "actions": ["*"]}]"#);
        let d = decide(&p, &resource("proj/a:env/b"), "updateName");
        assert_eq!(d.decision, Decision::DefaultDeny);
        assert!(d.statements[0]
            .resource
            .detail
            .contains("names a `proj` resource but this is a `proj:env` resource"));
    }

    #[test]
    fn tags_are_anded_and_properties_must_be_present() {
        let p = policy(
            r#"[{"effect": "allow", "resources": ["proj/*:env/*;{critical:true}:flag/*;a*,b"], "actions": ["*"]}]"#,
        );
        assert_eq!(
            decide(
                &p,
                &resource("proj/p:env/e;{critical:true}:flag/f;b,ax"),
                "x"
            )
            .decision,
            Decision::Allow
        );
        let miss = decide(&p, &resource("proj/p:env/e;{critical:true}:flag/f;ax"), "x");
        assert_eq!(miss.decision, Decision::DefaultDeny);
        assert!(miss.statements[0]
            .resource
            .detail
            .contains("none matching `b`"));
        assert_eq!(
            decide(&p, &resource("proj/p:env/e:flag/f;b,ax"), "x").decision,
            Decision::DefaultDeny
        );
    }

    #[test]
    fn role_attributes_never_match() {
        let p = policy(
            r#"[{"effect": "allow", "resources": ["proj/${roleAttribute/projects}:env/*"], "actions": ["*"]}]"#,
        );
        let d = decide(&p, &resource("proj/a:env/b"), "updateName");
        assert_eq!(d.decision, Decision::DefaultDeny);
        assert!(d.statements[0].resource.detail.contains("role attribute"));
    }
}

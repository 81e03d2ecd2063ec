//! From an event to the (resource, action) pairs a policy decides on (SPEC §4.5).

use serde_json::Value as Json;

use super::ast::{Resource, ResourceSegment};
use super::parse::resource;

/// The environments a `~` ("all environments") event expands to unless the user says otherwise.
pub const DEFAULT_ENVIRONMENTS: [&str; 2] = ["production", "test"];

/// One access the event represents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub resource: Resource,
    pub action: String,
}

/// Why no pair could be derived.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PairsError {
    #[error(
        "the event's kind `{0}` has no known resource type, so no policy can be checked for it"
    )]
    UnknownKind(String),
    #[error("the event has no `kind` and no `accesses`")]
    NoKind,
    #[error("the event has no `verbKind` (its action)")]
    NoAction,
    #[error("`accesses` entry {0} needs a string `action` and a string `resource`")]
    BadAccess(usize),
}

fn strings(v: Option<&Json>) -> Vec<String> {
    v.and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn text(v: Option<&Json>) -> String {
    match v {
        Some(Json::String(s)) => s.clone(),
        Some(Json::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn segment(kind: &str, name: String, tags: Vec<String>) -> ResourceSegment {
    ResourceSegment {
        kind: kind.to_owned(),
        name,
        tags,
        properties: Vec::new(),
    }
}

/// The last path segment of the event's canonical link (members, webhooks, integrations).
fn canonical_id(event: &Json) -> String {
    let href = event
        .pointer("/target/_links/canonical/href")
        .or_else(|| event.pointer("/_links/canonical/href"))
        .and_then(Json::as_str)
        .unwrap_or_default();
    let id = href
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if id.is_empty() {
        text(event.get("key"))
    } else {
        id.to_owned()
    }
}

/// The pairs for `event`; an environment key `~` expands to one pair per entry of `environments`.
///
/// # Errors
/// An event whose kind maps to no resource type, or with no action.
pub fn from_event(event: &Json, environments: &[String]) -> Result<Vec<Pair>, PairsError> {
    if let Some(accesses) = event.get("accesses").and_then(Json::as_array) {
        return accesses
            .iter()
            .enumerate()
            .map(|(i, a)| {
                match (
                    a.get("action").and_then(Json::as_str),
                    a.get("resource").and_then(Json::as_str),
                ) {
                    (Some(action), Some(r)) => Ok(Pair {
                        resource: resource(r),
                        action: action.to_owned(),
                    }),
                    _ => Err(PairsError::BadAccess(i)),
                }
            })
            .collect();
    }
    let kind = event
        .get("kind")
        .and_then(Json::as_str)
        .ok_or(PairsError::NoKind)?;
    let action = event
        .get("verbKind")
        .and_then(Json::as_str)
        .ok_or(PairsError::NoAction)?;
    let own_tags = strings(event.get("tags"));
    let key = text(event.get("key"));
    let project = segment(
        "proj",
        text(event.pointer("/project/key")),
        strings(event.pointer("/project/tags")),
    );
    let env = segment(
        "env",
        text(event.pointer("/project/environment/key")),
        strings(event.pointer("/project/environment/tags")),
    );
    let segments = match kind {
        "flag" | "segment" => vec![project, env, segment(kind, key, own_tags)],
        "environment" => vec![project, segment("env", key, own_tags)],
        "project" => vec![segment("proj", key, own_tags)],
        "metric" => vec![project, segment("metric", key, own_tags)],
        "member" | "webhook" | "integration" => vec![segment(kind, canonical_id(event), own_tags)],
        other => return Err(PairsError::UnknownKind(other.to_owned())),
    };
    let all_environments =
        segments.len() == 3 && segments[1].kind == "env" && segments[1].name == "~";
    if !all_environments {
        return Ok(vec![Pair {
            resource: Resource { segments },
            action: action.to_owned(),
        }]);
    }
    Ok(environments
        .iter()
        .map(|name| {
            let mut s = segments.clone();
            s[1].name.clone_from(name);
            s[1].tags.clear();
            Pair {
                resource: Resource { segments: s },
                action: action.to_owned(),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn envs() -> Vec<String> {
        DEFAULT_ENVIRONMENTS
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    }

    fn event(kind: &str) -> Json {
        json!({
            "kind": kind, "key": "k", "verbKind": "updateOn", "tags": ["t1", "t2"],
            "project": {"key": "p", "tags": ["pt"], "environment": {"key": "production", "tags": []}},
            "target": {"_links": {"canonical": {"href": "https://app.launchdarkly.com/api/v2/members/abc123"}}}
        })
    }

    #[test]
    fn every_kind_maps_to_its_resource() {
        let cases = [
            ("flag", "proj/p;pt:env/production:flag/k;t1,t2"),
            ("segment", "proj/p;pt:env/production:segment/k;t1,t2"),
            ("environment", "proj/p;pt:env/k;t1,t2"),
            ("project", "proj/k;t1,t2"),
            ("metric", "proj/p;pt:metric/k;t1,t2"),
            ("member", "member/abc123;t1,t2"),
            ("webhook", "webhook/abc123;t1,t2"),
            ("integration", "integration/abc123;t1,t2"),
        ];
        for (kind, expected) in cases {
            let pairs = from_event(&event(kind), &envs()).unwrap();
            assert_eq!(pairs.len(), 1);
            assert_eq!(pairs[0].resource.to_string(), expected, "{kind}");
            assert_eq!(pairs[0].action, "updateOn");
        }
    }

    #[test]
    fn all_environments_expand() {
        let mut e = event("flag");
        e["project"]["environment"]["key"] = json!("~");
        let pairs = from_event(&e, &["production".to_owned(), "staging".to_owned()]).unwrap();
        let r: Vec<String> = pairs.iter().map(|p| p.resource.to_string()).collect();
        assert_eq!(
            r,
            [
                "proj/p;pt:env/production:flag/k;t1,t2",
                "proj/p;pt:env/staging:flag/k;t1,t2"
            ]
        );
    }

    #[test]
    fn accesses_are_used_as_given() {
        let e = json!({"kind": "flag", "accesses": [{"action": "updateOn", "resource": "proj/a:env/b:flag/c"}]});
        let pairs = from_event(&e, &envs()).unwrap();
        assert_eq!(pairs[0].resource.to_string(), "proj/a:env/b:flag/c");
    }

    #[test]
    fn unknown_kinds_are_errors() {
        assert_eq!(
            from_event(&event("experiment"), &envs()),
            Err(PairsError::UnknownKind("experiment".into()))
        );
    }
}

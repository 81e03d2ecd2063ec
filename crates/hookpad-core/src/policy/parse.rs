//! Reading policy statements (SPEC §4.1) from JSON, and resource specifiers and concrete resources
//! from their text form (§4.3). Shape problems become diagnostics; a statement with one is ignored.

use super::ast::{
    ActionSpecifier, Effect, Part, Resource, ResourcePattern, ResourceSegment, ResourceSpecifier,
    SegmentPattern, Statement,
};
use super::glob::Glob;
use crate::diagnostic::{Diagnostic, Severity};
use crate::json_span::{Kind, Spanned};
use crate::text::TextRange;

pub use super::origin::Origin;

const STATEMENT_KEYS: [&str; 5] = [
    "effect",
    "resources",
    "notResources",
    "actions",
    "notActions",
];

/// Parses a statement list. Statements with shape errors are reported and left out.
pub fn statements(root: &Spanned, origin: &Origin, diags: &mut Vec<Diagnostic>) -> Vec<Statement> {
    let Some(items) = root.as_array() else {
        diags.push(
            origin
                .diag(
                    "policy/not-a-list",
                    Severity::Error,
                    root,
                    "",
                    "a policy is a list of statements".to_owned(),
                )
                .with_hint(
                    "write `[{\"effect\": \"allow\", \"resources\": [...], \"actions\": [...]}]`",
                ),
        );
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| statement(index, item, origin, diags))
        .collect()
}

fn statement(
    index: usize,
    item: &Spanned,
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
) -> Option<Statement> {
    let here = format!("/{index}");
    let Kind::Object(members) = &item.kind else {
        diags.push(origin.diag(
            "policy/invalid-statement",
            Severity::Error,
            item,
            &here,
            format!("statement {index} is not an object"),
        ));
        return None;
    };
    let before = diags.len();
    for m in members {
        if !STATEMENT_KEYS.contains(&m.key.as_str()) {
            let hint = crate::suggest::did_you_mean(&m.key, STATEMENT_KEYS.iter().copied());
            let mut d = Diagnostic::new(
                "policy/unknown-key",
                Severity::Error,
                origin.source.clone(),
                format!("statement {index} has an unknown key `{}`", m.key),
            )
            .with_range(m.key_range)
            .with_pointer(format!("{}{here}/{}", origin.pointer, m.key));
            d.hint = Some(hint.map_or_else(
                || "a statement has `effect`, `resources` or `notResources`, and `actions` or `notActions`".to_owned(),
                |s| format!("did you mean `{s}`?"),
            ));
            diags.push(d);
        }
    }
    let effect = match item.get("effect").map(|e| (e, e.as_str())) {
        Some((_, Some("allow"))) => Some(Effect::Allow),
        Some((_, Some("deny"))) => Some(Effect::Deny),
        Some((e, _)) => {
            diags.push(
                origin
                    .diag(
                        "policy/invalid-effect",
                        Severity::Error,
                        e,
                        &format!("{here}/effect"),
                        "`effect` must be \"allow\" or \"deny\"".to_owned(),
                    )
                    .with_hint("use \"allow\" to send matching events, \"deny\" to stop them"),
            );
            None
        }
        None => {
            diags.push(
                origin
                    .diag(
                        "policy/missing-effect",
                        Severity::Error,
                        item,
                        &here,
                        format!("statement {index} has no `effect`"),
                    )
                    .with_hint("add \"effect\": \"allow\""),
            );
            None
        }
    };
    let resources = part(
        index,
        item,
        ("resources", "notResources"),
        origin,
        diags,
        |s, range| ResourceSpecifier {
            text: s.to_owned(),
            range,
            pattern: resource_pattern(s),
        },
    );
    let actions = part(
        index,
        item,
        ("actions", "notActions"),
        origin,
        diags,
        |s, range| ActionSpecifier {
            text: s.to_owned(),
            range,
            glob: Glob::new(s),
        },
    );
    if diags.len() > before {
        return None;
    }
    Some(Statement {
        index,
        effect: effect?,
        resources: resources?,
        actions: actions?,
        range: item.range,
    })
}

/// Whether the statement has an unknown key that is a likely typo of `plain` or `negated`
/// (already reported as `policy/unknown-key`, with the fix).
fn has_typo_of(item: &Spanned, plain: &str, negated: &str) -> bool {
    let Kind::Object(members) = &item.kind else {
        return false;
    };
    members.iter().any(|m| {
        !STATEMENT_KEYS.contains(&m.key.as_str())
            && crate::suggest::did_you_mean(&m.key, [plain, negated].into_iter()).is_some()
    })
}

fn part<T>(
    index: usize,
    item: &Spanned,
    (plain, negated): (&str, &str),
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
    make: impl Fn(&str, TextRange) -> T,
) -> Option<Part<T>> {
    let here = format!("/{index}");
    let (key, list, is_negated) = match (item.get(plain), item.get(negated)) {
        (Some(_), Some(n)) => {
            diags.push(
                origin
                    .diag(
                        "policy/both-parts",
                        Severity::Error,
                        n,
                        &format!("{here}/{negated}"),
                        format!("statement {index} has both `{plain}` and `{negated}`"),
                    )
                    .with_hint(format!("keep exactly one of `{plain}` and `{negated}`")),
            );
            return None;
        }
        (Some(l), None) => (plain, l, false),
        (None, Some(n)) => (negated, n, true),
        (None, None) if has_typo_of(item, plain, negated) => return None,
        (None, None) => {
            diags.push(
                origin
                    .diag(
                        "policy/missing-part",
                        Severity::Error,
                        item,
                        &here,
                        format!("statement {index} has neither `{plain}` nor `{negated}`"),
                    )
                    .with_hint(format!("add `\"{plain}\": [...]`")),
            );
            return None;
        }
    };
    let Some(values) = list.as_array() else {
        diags.push(origin.diag(
            "policy/invalid-part",
            Severity::Error,
            list,
            &format!("{here}/{key}"),
            format!("`{key}` must be a list of strings"),
        ));
        return None;
    };
    let mut specifiers = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v.as_str() {
            Some(s) => specifiers.push(make(s, v.range)),
            None => {
                diags.push(origin.diag(
                    "policy/invalid-part",
                    Severity::Error,
                    v,
                    &format!("{here}/{key}/{i}"),
                    format!("`{key}` must contain only strings"),
                ));
                return None;
            }
        }
    }
    Some(Part {
        negated: is_negated,
        specifiers,
    })
}

/// Splits `text` at `sep`, except inside `{...}`.
fn split_outside_braces(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if c == sep && depth <= 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A segment's parts: kind, name (if any), tags, `{property:value}` selectors.
type SegmentParts = (String, Option<String>, Vec<String>, Vec<(String, String)>);

/// One `type/name;tag,{k:v}` segment.
fn segment_parts(segment: &str) -> SegmentParts {
    let kind_end = segment.find(['/', ';']).unwrap_or(segment.len());
    let kind = &segment[..kind_end];
    let rest = &segment[kind_end..];
    let (name, extras) = if let Some(r) = rest.strip_prefix('/') {
        match r.find(';') {
            Some(i) => (Some(&r[..i]), Some(&r[i + 1..])),
            None => (Some(r), None),
        }
    } else {
        (None, rest.strip_prefix(';'))
    };
    let mut tags = Vec::new();
    let mut properties = Vec::new();
    for item in extras
        .map(|e| split_outside_braces(e, ','))
        .unwrap_or_default()
    {
        let item = item.trim();
        if let Some(inner) = item.strip_prefix('{').and_then(|i| i.strip_suffix('}')) {
            let (k, v) = inner.split_once(':').unwrap_or((inner, ""));
            properties.push((k.trim().to_owned(), v.trim().to_owned()));
        } else if !item.is_empty() {
            tags.push(item.to_owned());
        }
    }
    (kind.to_owned(), name.map(str::to_owned), tags, properties)
}

/// Parses a resource specifier (`proj/*;mobile:env/production`, `acct`, `*`).
#[must_use]
pub fn resource_pattern(text: &str) -> ResourcePattern {
    if text.trim() == "*" {
        return ResourcePattern::Any;
    }
    ResourcePattern::Segments(
        split_outside_braces(text, ':')
            .into_iter()
            .map(|segment| {
                let (kind, name, tags, properties) = segment_parts(segment);
                let role_attribute = name
                    .as_deref()
                    .is_some_and(|n| n.contains("${roleAttribute/"));
                SegmentPattern {
                    kind,
                    name: name.as_deref().map(Glob::new),
                    tags: tags.iter().map(|t| Glob::new(t)).collect(),
                    properties,
                    role_attribute,
                }
            })
            .collect(),
    )
}

/// Parses a concrete resource in specifier syntax (`proj/default;mobile:env/production:flag/f`).
#[must_use]
pub fn resource(text: &str) -> Resource {
    Resource {
        segments: split_outside_braces(text, ':')
            .into_iter()
            .map(|segment| {
                let (kind, name, tags, properties) = segment_parts(segment);
                ResourceSegment {
                    kind,
                    name: name.unwrap_or_default(),
                    tags,
                    properties,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;
    use crate::json_span;

    #[test]
    fn specifiers_with_tags_properties_and_bare_segments() {
        let ResourcePattern::Segments(s) =
            resource_pattern("proj/*;mobile,{critical:true}:env/prod-*:flag/*")
        else {
            panic!("segments expected");
        };
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].kind, "proj");
        assert_eq!(s[0].tags, vec![Glob::new("mobile")]);
        assert_eq!(
            s[0].properties,
            vec![("critical".to_owned(), "true".to_owned())]
        );
        assert_eq!(s[1].name, Some(Glob::new("prod-*")));
        let ResourcePattern::Segments(a) = resource_pattern("acct") else {
            panic!("segments expected");
        };
        assert!(a[0].is_bare());
        assert_eq!(resource_pattern("*"), ResourcePattern::Any);
        let ResourcePattern::Segments(r) = resource_pattern("proj/${roleAttribute/projects}:env/*")
        else {
            panic!("segments expected");
        };
        assert!(r[0].role_attribute);
    }

    #[test]
    fn concrete_resources_round_trip() {
        for text in [
            "proj/default;mobile:env/production;prod-tag:flag/my-flag;beta",
            "member/abc",
            "acct",
            "proj/x:env/y;{critical:true}",
        ] {
            assert_eq!(resource(text).to_string(), text);
        }
    }

    #[test]
    fn shape_errors_are_diagnostics_with_pointers() {
        let text = r#"[{"effect": "allow", "resources": ["*"], "notResources": ["x"], "actions": ["*"]},
                        {"effect": "maybe", "resources": ["*"], "actions": ["*"]},
                        {"effect": "allow", "resources": ["*"], "action": ["*"]},
                        {"effect": "deny", "resources": ["*"], "actions": ["*"]}]"#;
        let root = json_span::parse(text).unwrap();
        let origin = Origin {
            source: Source::Policy,
            pointer: String::new(),
        };
        let mut diags = Vec::new();
        let parsed = statements(&root, &origin, &mut diags);
        assert_eq!(parsed.len(), 1, "only the last statement is well formed");
        assert_eq!(parsed[0].index, 3);
        let codes: Vec<(&str, &str)> = diags
            .iter()
            .map(|d| (&*d.code, d.pointer.as_deref().unwrap_or("")))
            .collect();
        assert!(
            codes.contains(&("policy/both-parts", "/0/notResources")),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("policy/invalid-effect", "/1/effect")),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("policy/unknown-key", "/2/action")),
            "{codes:?}"
        );
        // The typo is reported once, with its fix, not again as a missing `actions`.
        assert!(
            !codes.iter().any(|(c, _)| *c == "policy/missing-part"),
            "{codes:?}"
        );
        let unknown = diags
            .iter()
            .find(|d| d.code == "policy/unknown-key")
            .unwrap();
        assert_eq!(&text[unknown.range.unwrap().to_range()], "\"action\"");
        assert_eq!(unknown.hint.as_deref(), Some("did you mean `actions`?"));
    }
}

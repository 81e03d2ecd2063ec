//! Policy statements, resource specifiers and concrete resources (SPEC §4.1, §4.3).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::glob::Glob;
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement that parsed (statements with shape errors are left out, with a diagnostic).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// Position in the statement list.
    pub index: usize,
    pub effect: Effect,
    pub resources: Part<ResourceSpecifier>,
    pub actions: Part<ActionSpecifier>,
    pub range: TextRange,
}

/// `resources` / `actions` (a specifier must match) or `notResources` / `notActions` (none may).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part<T> {
    pub negated: bool,
    pub specifiers: Vec<T>,
}

/// A resource specifier as written, and its parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceSpecifier {
    pub text: String,
    pub range: TextRange,
    pub pattern: ResourcePattern,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourcePattern {
    /// A bare `*`: every resource.
    Any,
    Segments(Vec<SegmentPattern>),
}

/// `type/name;tag,tag,{property:value}` in a specifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentPattern {
    pub kind: String,
    /// `None` for a segment without a name (`acct`).
    pub name: Option<Glob>,
    pub tags: Vec<Glob>,
    pub properties: Vec<(String, String)>,
    /// The name uses `${roleAttribute/...}`, which never matches for a subscription.
    pub role_attribute: bool,
}

/// An action specifier as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionSpecifier {
    pub text: String,
    pub range: TextRange,
    pub glob: Glob,
}

/// A concrete resource an event touched: `proj/default;mobile:env/production:flag/my-flag`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Resource {
    pub segments: Vec<ResourceSegment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResourceSegment {
    pub kind: String,
    pub name: String,
    pub tags: Vec<String>,
    pub properties: Vec<(String, String)>,
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            f.write_str(&s.kind)?;
            if !s.name.is_empty() || s.kind != "acct" {
                write!(f, "/{}", s.name)?;
            }
            let mut extras: Vec<String> = s.tags.clone();
            extras.extend(s.properties.iter().map(|(k, v)| format!("{{{k}:{v}}}")));
            if !extras.is_empty() {
                write!(f, ";{}", extras.join(","))?;
            }
        }
        Ok(())
    }
}

impl Resource {
    /// The resource's type shape, e.g. `proj/*:env/*:flag/*` (`acct` stays `acct`).
    #[must_use]
    pub fn shape(&self) -> String {
        shape(self.segments.iter().map(|s| s.kind.as_str()))
    }
}

impl SegmentPattern {
    /// Whether this segment is written without a name (`acct`, `ip-allowlist`).
    #[must_use]
    pub fn is_bare(&self) -> bool {
        self.name.is_none()
    }
}

/// The type shape of a list of segment kinds: `proj/*:env/*`. Kinds that never carry a name
/// (`acct`, `ip-allowlist`) stay bare.
#[must_use]
pub fn shape<'a>(kinds: impl Iterator<Item = &'a str>) -> String {
    kinds
        .map(|k| {
            if matches!(k, "acct" | "ip-allowlist") {
                k.to_owned()
            } else {
                format!("{k}/*")
            }
        })
        .collect::<Vec<_>>()
        .join(":")
}

//! Generic shape rules: required members, allowed members, member types.

use super::{type_name, Ctx};
use crate::json_span::{pointer_token, Kind, Spanned};
use crate::policy::lint::did_you_mean;

/// The JSON type a member must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    String,
    Bool,
    Array,
    Object,
    /// Any JSON value (checked elsewhere).
    Any,
}

impl Expect {
    fn matches(self, v: &Spanned) -> bool {
        matches!(
            (self, &v.kind),
            (Expect::String, Kind::String(_))
                | (Expect::Bool, Kind::Bool(_))
                | (Expect::Array, Kind::Array(_))
                | (Expect::Object, Kind::Object(_))
                | (Expect::Any, _)
        )
    }

    fn name(self) -> &'static str {
        match self {
            Expect::String => "a string",
            Expect::Bool => "a boolean",
            Expect::Array => "an array",
            Expect::Object => "an object",
            Expect::Any => "a value",
        }
    }
}

/// Checks that `object` (at `pointer`) is an object with the `required` members, only `allowed`
/// members (when `closed`), each of the listed type. Returns false when it is not an object.
pub fn members(
    ctx: &mut Ctx<'_>,
    object: &Spanned,
    pointer: &str,
    what: &str,
    fields: &[(&str, Expect, bool)],
    closed: bool,
) -> bool {
    let Kind::Object(list) = &object.kind else {
        ctx.error(
            "manifest/wrong-type",
            object,
            pointer,
            format!("{what} must be an object, not {}", type_name(object)),
            format!("write `{what}` as {{ ... }}"),
        );
        return false;
    };
    // An unknown member that looks like a typo of a missing required one is reported once, as
    // the unknown member (with the fix), not again as a missing field.
    let typo_of = |name: &str| {
        list.iter().any(|m| {
            !fields.iter().any(|(n, _, _)| *n == m.key)
                && did_you_mean(&m.key, std::iter::once(name)).is_some()
        })
    };
    for &(name, expect, required) in fields {
        match object.get(name) {
            // Points at the object's opening brace: the place the field belongs.
            None if required && !typo_of(name) => ctx.push(
                "manifest/missing-field",
                crate::diagnostic::Severity::Error,
                crate::text::TextRange::new(
                    object.range.start.to_usize(),
                    object.range.start.to_usize() + 1,
                ),
                pointer,
                format!("{what} is missing the required field `{name}`"),
                format!("add `\"{name}\"` ({})", expect.name()),
            ),
            Some(v) if !expect.matches(v) => ctx.error(
                "manifest/wrong-type",
                v,
                &format!("{pointer}/{}", pointer_token(name)),
                format!("`{name}` must be {}, not {}", expect.name(), type_name(v)),
                format!("change `{name}` to {}", expect.name()),
            ),
            _ => {}
        }
    }
    if closed {
        for m in list {
            if !fields.iter().any(|(n, _, _)| *n == m.key) {
                let near = did_you_mean(&m.key, fields.iter().map(|(n, _, _)| *n));
                ctx.push(
                    "manifest/unknown-field",
                    crate::diagnostic::Severity::Error,
                    m.key_range,
                    &format!("{pointer}/{}", pointer_token(&m.key)),
                    format!("{what} has an unknown field `{}`", m.key),
                    near.map_or_else(
                        || {
                            format!(
                                "allowed fields: {}",
                                fields
                                    .iter()
                                    .map(|(n, _, _)| format!("`{n}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        },
                        |n| format!("did you mean `{n}`?"),
                    ),
                );
            }
        }
    }
    true
}

//! `formVariables`: keys, types, defaults, secrets, allowed values.

use std::collections::BTreeMap;

use super::shape::{members, Expect};
use super::{type_name, Ctx};
use crate::json_span::{Kind, Spanned};
use crate::policy::lint::did_you_mean;

const VARIABLE: &[(&str, Expect, bool)] = &[
    ("key", Expect::String, true),
    ("name", Expect::String, true),
    ("type", Expect::String, true),
    ("description", Expect::String, true),
    ("placeholder", Expect::String, false),
    ("isSecret", Expect::Bool, false),
    ("isOptional", Expect::Bool, false),
    ("allowedValues", Expect::Array, false),
    ("dynamicOptions", Expect::Object, false),
    // Its type depends on `type`; checked below.
    ("defaultValue", Expect::Any, false),
];

/// Form-variable types the integration framework accepts.
pub const TYPES: &[&str] = &[
    "string",
    "boolean",
    "uri",
    "enum",
    "dynamicEnum",
    "generated",
    "multiselect",
];

/// The longest form-variable key LaunchDarkly accepts.
pub const MAX_KEY_LENGTH: usize = 20;

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(vars) = root.get("formVariables").and_then(Spanned::as_array) else {
        return;
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, v) in vars.iter().enumerate() {
        let pointer = format!("/formVariables/{i}");
        if !members(
            ctx,
            v,
            &pointer,
            &format!("form variable {i}"),
            VARIABLE,
            true,
        ) {
            continue;
        }
        let kind = v.get("type").and_then(Spanned::as_str).unwrap_or_default();
        key(ctx, v, &pointer, &mut seen, i);
        if let Some(t) = v.get("type") {
            if t.as_str().is_some() && !TYPES.contains(&kind) {
                let near = did_you_mean(kind, TYPES.iter().copied());
                ctx.error(
                    "manifest/unknown-variable-type",
                    t,
                    &format!("{pointer}/type"),
                    format!("`{kind}` is not a form-variable type"),
                    near.map_or_else(
                        || format!("types: {}", TYPES.join(", ")),
                        |n| format!("did you mean `{n}`?"),
                    ),
                );
            }
        }
        let is_true = |name: &str| matches!(v.get(name).map(|x| &x.kind), Some(Kind::Bool(true)));
        if let Some(secret) = v.get("isSecret") {
            if is_true("isSecret") && kind != "string" && TYPES.contains(&kind) {
                ctx.error(
                    "manifest/secret-not-string",
                    secret,
                    &format!("{pointer}/isSecret"),
                    format!("`isSecret` is only allowed on `string` variables, not `{kind}`"),
                    "remove `isSecret`, or make the variable a string",
                );
            }
        }
        let allowed: Option<Vec<&str>> = v
            .get("allowedValues")
            .and_then(Spanned::as_array)
            .map(|a| a.iter().filter_map(Spanned::as_str).collect());
        if kind == "enum" || kind == "multiselect" {
            match (v.get("allowedValues"), &allowed) {
                (None, _) => ctx.error(
                    "manifest/enum-without-values",
                    v,
                    &pointer,
                    format!("the {kind} variable has no `allowedValues`"),
                    "add `\"allowedValues\": [\"first\", \"second\"]`",
                ),
                (Some(a), Some(list)) if list.is_empty() => ctx.error(
                    "manifest/enum-without-values",
                    a,
                    &format!("{pointer}/allowedValues"),
                    format!("the {kind} variable's `allowedValues` is empty"),
                    "list the values a user may pick",
                ),
                _ => {}
            }
        } else if let Some(a) = v.get("allowedValues") {
            ctx.warning(
                "manifest/values-without-enum",
                a,
                &format!("{pointer}/allowedValues"),
                format!("`allowedValues` has no effect on a `{kind}` variable"),
                "make the variable an `enum`, or remove `allowedValues`",
            );
        }
        if kind == "dynamicEnum" && v.get("dynamicOptions").is_none() {
            ctx.error(
                "manifest/dynamic-enum-without-options",
                v,
                &pointer,
                "the dynamicEnum variable has no `dynamicOptions`",
                "add `dynamicOptions` with the endpoint that lists the options",
            );
        }
        if let Some(default) = v.get("defaultValue") {
            let dp = format!("{pointer}/defaultValue");
            if !is_true("isOptional") {
                ctx.error(
                    "manifest/default-without-optional",
                    default,
                    &dp,
                    "`defaultValue` is only allowed on an optional variable",
                    "add `\"isOptional\": true`, or remove `defaultValue`",
                );
            }
            let expected = match kind {
                "boolean" => Some(("a boolean", matches!(default.kind, Kind::Bool(_)))),
                "multiselect" => Some(("an array", matches!(default.kind, Kind::Array(_)))),
                "string" | "uri" | "enum" | "dynamicEnum" | "generated" => {
                    Some(("a string", matches!(default.kind, Kind::String(_))))
                }
                _ => None,
            };
            if let Some((want, false)) = expected {
                ctx.error(
                    "manifest/default-wrong-type",
                    default,
                    &dp,
                    format!(
                        "the `{kind}` variable's `defaultValue` must be {want}, not {}",
                        type_name(default)
                    ),
                    format!("write the default as {want}"),
                );
            } else if kind == "enum" {
                if let (Some(d), Some(list)) = (default.as_str(), &allowed) {
                    if !list.is_empty() && !list.contains(&d) {
                        ctx.error(
                            "manifest/default-not-allowed",
                            default,
                            &dp,
                            format!("`defaultValue` \"{d}\" is not one of the `allowedValues`"),
                            format!(
                                "pick one of {}",
                                list.iter()
                                    .map(|s| format!("\"{s}\""))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                    }
                }
            }
        }
    }
}

fn key(
    ctx: &mut Ctx<'_>,
    v: &Spanned,
    pointer: &str,
    seen: &mut BTreeMap<String, usize>,
    index: usize,
) {
    let Some(k) = v.get("key") else {
        return;
    };
    let Some(s) = k.as_str() else {
        return;
    };
    let kp = format!("{pointer}/key");
    if s.is_empty() || s.chars().any(char::is_whitespace) {
        ctx.error(
            "manifest/invalid-variable-key",
            k,
            &kp,
            format!("form-variable key {s:?} is empty or contains white space"),
            "use a short identifier such as \"apiKey\"",
        );
    } else if s.chars().count() > MAX_KEY_LENGTH {
        ctx.error(
            "manifest/variable-key-too-long",
            k,
            &kp,
            format!(
                "form-variable key `{s}` is {} characters long; the limit is {MAX_KEY_LENGTH}",
                s.chars().count()
            ),
            "shorten the key",
        );
    }
    if let Some(first) = seen.insert(s.to_owned(), index) {
        ctx.error(
            "manifest/duplicate-variable-key",
            k,
            &kp,
            format!("form-variable key `{s}` is already used by form variable {first}"),
            "give every form variable its own key",
        );
    }
}

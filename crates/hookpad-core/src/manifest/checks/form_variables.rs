//! Form variables: the gate's rules beyond the schema (defaults and `isOptional`, `isSecret`,
//! `dynamicOptions`, multiselect and environmentSelector fields), and likely mistakes.
//!
//! The gate applies most rules to the top-level `formVariables` only, and its `defaultValue`
//! rules also to `approval`'s two lists. Where it does not look, a broken rule is a warning
//! that says so.

use std::collections::BTreeMap;

use super::{is_true, type_name, Ctx};
use crate::diagnostic::Severity;
use crate::json_span::{Kind, Spanned};
use crate::manifest::schema::VARIABLE_TYPES;

/// Which gate rules apply to a list of form variables.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Top-level `formVariables`: every rule.
    All,
    /// `approval.approvalFormVariables`, `approval.environmentFormVariables`: the default rules.
    Defaults,
    /// Elsewhere (`featureStore`, `flagCleanup`, `dynamicOptions`): none.
    None,
}

const LISTS: &[(&str, Scope)] = &[
    ("/formVariables", Scope::All),
    (
        "/capabilities/approval/approvalFormVariables",
        Scope::Defaults,
    ),
    (
        "/capabilities/approval/environmentFormVariables",
        Scope::Defaults,
    ),
    ("/capabilities/featureStore/formVariables", Scope::None),
    ("/capabilities/flagCleanup/formVariables", Scope::None),
];

/// Types whose `defaultValue` the gate requires to be a string.
const STRING_DEFAULTS: &[&str] = &["string", "uri", "enum", "dynamicEnum"];

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    for &(pointer, scope) in LISTS {
        if let Some(vars) = root.pointer(pointer).and_then(Spanned::as_array) {
            list(ctx, vars, pointer, scope);
        }
    }
}

fn list(ctx: &mut Ctx<'_>, vars: &[Spanned], pointer: &str, scope: Scope) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, v) in vars.iter().enumerate() {
        let here = format!("{pointer}/{i}");
        if let Some(k) = v.get("key") {
            if let Some(key) = k.as_str() {
                if key.is_empty() {
                    ctx.warning(
                        "manifest/empty-variable-key",
                        k,
                        &format!("{here}/key"),
                        "the form variable's key is empty: templates cannot refer to it",
                        "use a short identifier such as \"apiKey\"",
                    );
                }
                if let Some(first) = seen.insert(key, i) {
                    ctx.warning(
                        "manifest/duplicate-variable-key",
                        k,
                        &format!("{here}/key"),
                        format!("form-variable key `{key}` is already used by item {first} (LaunchDarkly's checks allow it; one value would hide the other)"),
                        "give every form variable its own key",
                    );
                }
            }
        }
        variable(ctx, v, &here, scope);
    }
}

/// A gate rule's finding: an error where the gate checks, a warning that says so elsewhere.
fn gate(
    ctx: &mut Ctx<'_>,
    applies: bool,
    code: &'static str,
    at: &Spanned,
    pointer: &str,
    message: String,
    hint: &str,
) {
    if applies {
        ctx.error(code, at, pointer, message, hint);
    } else {
        ctx.warning(
            code,
            at,
            pointer,
            format!("{message} (LaunchDarkly's manifest tests do not check this list)"),
            hint,
        );
    }
}

fn variable(ctx: &mut Ctx<'_>, v: &Spanned, here: &str, scope: Scope) {
    let kind = v.get("type").and_then(Spanned::as_str).unwrap_or_default();
    // A missing or unknown type is a schema finding; rules that depend on the type would only
    // add guesses to it.
    if !VARIABLE_TYPES.contains(&kind) {
        return;
    }
    let all = scope == Scope::All;
    if let Some(default) = v.get("defaultValue") {
        let dp = format!("{here}/defaultValue");
        let applies = scope != Scope::None;
        if !is_true(v.get("isOptional")) {
            gate(
                ctx,
                applies,
                "manifest/default-without-optional",
                default,
                &dp,
                "`defaultValue` is only allowed on an optional variable".to_owned(),
                "add `\"isOptional\": true`, or use `placeholder` for a hint that is not a default",
            );
        }
        // Only a string where a boolean belongs, or the reverse: other types are schema findings.
        let want = match (&default.kind, kind) {
            (Kind::Bool(_), k) if STRING_DEFAULTS.contains(&k) => Some("a string"),
            (Kind::String(_), "boolean") => Some("a boolean"),
            _ => None,
        };
        if let Some(want) = want {
            gate(
                ctx,
                applies,
                "manifest/default-wrong-type",
                default,
                &dp,
                format!(
                    "the `{kind}` variable's `defaultValue` must be {want}, not {}",
                    type_name(default)
                ),
                "write the default with the variable's type",
            );
        }
        default_allowed(ctx, v, default, &dp, kind);
    } else if all
        && is_true(v.get("isOptional"))
        && !["multiselect", "environmentSelector"].contains(&kind)
    {
        // Only the top-level list: elsewhere (approval forms) an empty optional field is normal.
        if let Some(optional) = v.get("isOptional") {
            gate(
                ctx,
                true,
                "manifest/optional-without-default",
                optional,
                &format!("{here}/isOptional"),
                "an optional variable needs a `defaultValue`".to_owned(),
                "add `\"defaultValue\"`, or remove `isOptional`",
            );
        }
    }
    let refused: &[&str] = match kind {
        "multiselect" => &[
            "defaultValue",
            "dynamicOptions",
            "allowedValues",
            "isSecret",
        ],
        "environmentSelector" => &[
            "multiselectOptions",
            "multiselectDefaultOptions",
            "defaultValue",
            "dynamicOptions",
            "allowedValues",
            "isSecret",
        ],
        _ => &[],
    };
    for &name in refused {
        if let Some(x) = v.get(name) {
            gate(
                ctx,
                all,
                "manifest/field-not-for-type",
                x,
                &format!("{here}/{name}"),
                format!("`{name}` is not allowed on a `{kind}` variable"),
                "remove it",
            );
        }
    }
    if kind == "multiselect" && v.get("multiselectOptions").is_none() {
        gate(
            ctx,
            all,
            "manifest/multiselect-without-options",
            v,
            here,
            "the multiselect variable has no `multiselectOptions`".to_owned(),
            "add `\"multiselectOptions\": [{\"label\": ..., \"value\": ...}]`",
        );
    }
    if let Some(secret) = v.get("isSecret") {
        // On multiselect and environmentSelector any `isSecret` is refused above.
        if is_true(Some(secret)) && kind != "string" && !refused.contains(&"isSecret") {
            gate(
                ctx,
                all,
                "manifest/secret-not-string",
                secret,
                &format!("{here}/isSecret"),
                format!("`isSecret` is only allowed on `string` variables, not `{kind}`"),
                "remove `isSecret`, or make the variable a string",
            );
        }
    }
    if kind == "dynamicEnum" && v.get("dynamicOptions").is_none() {
        gate(
            ctx,
            all,
            "manifest/dynamic-enum-without-options",
            v,
            here,
            "the dynamicEnum variable has no `dynamicOptions`".to_owned(),
            "add `dynamicOptions` with the endpoint that lists the options",
        );
    }
    if let Some(options) = v.get("dynamicOptions") {
        if kind != "dynamicEnum" && !refused.contains(&"dynamicOptions") {
            gate(
                ctx,
                all,
                "manifest/options-without-dynamic-enum",
                options,
                &format!("{here}/dynamicOptions"),
                format!(
                    "`dynamicOptions` is only allowed on a `dynamicEnum` variable, not `{kind}`"
                ),
                "make the variable a `dynamicEnum`, or remove `dynamicOptions`",
            );
        }
    }
    allowed_values(ctx, v, here, kind);
}

/// Likely mistakes with `allowedValues` (the gate does not check them).
fn allowed_values(ctx: &mut Ctx<'_>, v: &Spanned, here: &str, kind: &str) {
    let values = v.get("allowedValues");
    if kind == "enum" {
        match values {
            None => ctx.warning(
                "manifest/enum-without-values",
                v,
                here,
                "the enum variable has no `allowedValues`: there is nothing to choose from",
                "add `\"allowedValues\": [\"first\", \"second\"]`",
            ),
            Some(a) if a.as_array().is_some_and(<[Spanned]>::is_empty) => ctx.warning(
                "manifest/enum-without-values",
                a,
                &format!("{here}/allowedValues"),
                "the enum variable's `allowedValues` is empty: there is nothing to choose from",
                "list the values a user may pick",
            ),
            _ => {}
        }
    } else if let Some(a) = values {
        if !matches!(kind, "multiselect" | "environmentSelector") {
            ctx.warning(
                "manifest/values-without-enum",
                a,
                &format!("{here}/allowedValues"),
                format!("`allowedValues` has no effect on a `{kind}` variable"),
                "make the variable an `enum`, or remove `allowedValues`",
            );
        }
    }
}

/// An enum's default should be one of its values (the gate does not check it).
fn default_allowed(ctx: &mut Ctx<'_>, v: &Spanned, default: &Spanned, dp: &str, kind: &str) {
    if kind != "enum" {
        return;
    }
    let (Some(d), Some(list)) = (
        default.as_str(),
        v.get("allowedValues").and_then(Spanned::as_array),
    ) else {
        return;
    };
    let values: Vec<&str> = list.iter().filter_map(Spanned::as_str).collect();
    if !values.is_empty() && !values.contains(&d) {
        ctx.push(
            "manifest/default-not-allowed",
            Severity::Warning,
            default.range,
            dp,
            format!("`defaultValue` \"{d}\" is not one of the `allowedValues`"),
            format!(
                "pick one of {}",
                values
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
}

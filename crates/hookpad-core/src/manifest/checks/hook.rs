//! `capabilities.auditLogEventsHook`: its fields, `templates`, `defaultPolicy`, and
//! `includeErrorResponseBody` only with a static host.

use super::shape::{members, Expect};
use super::variables::host_is_static;
use super::Ctx;
use crate::diagnostic::Source;
use crate::json_span::{pointer_token, Kind, Spanned};
use crate::policy::lint::did_you_mean;
use crate::policy::{self, Origin};

const HOOK: &[(&str, Expect, bool)] = &[
    ("endpoint", Expect::Object, true),
    ("templates", Expect::Object, true),
    ("defaultPolicy", Expect::Array, true),
    ("includeErrorResponseBody", Expect::Bool, false),
    ("useStandardWebhookPayload", Expect::Bool, false),
];

/// The template keys LaunchDarkly routes on (SPEC §3.1).
pub const TEMPLATE_KEYS: &[&str] = &[
    "flag",
    "project",
    "environment",
    "member",
    "default",
    "validation",
];

const BASE: &str = "/capabilities/auditLogEventsHook";

pub fn check(root: &Spanned, hook: &Spanned, ctx: &mut Ctx<'_>) {
    if !members(ctx, hook, BASE, "`auditLogEventsHook`", HOOK, true) {
        return;
    }
    templates(hook, ctx);
    default_policy(hook, ctx);
    if let (Some(flag), Some(url)) = (
        hook.get("includeErrorResponseBody"),
        hook.pointer("/endpoint/url").and_then(Spanned::as_str),
    ) {
        if matches!(flag.kind, Kind::Bool(true)) && !host_is_static(root, url) {
            ctx.error(
                "manifest/error-body-dynamic-host",
                flag,
                &format!("{BASE}/includeErrorResponseBody"),
                "`includeErrorResponseBody` is only allowed when the endpoint's host is fixed, but the URL's host comes from a template",
                "fix the host in `endpoint.url` (an `enum` form variable with `allowedValues` counts as fixed), or remove `includeErrorResponseBody`",
            );
        }
    }
}

fn templates(hook: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(templates) = hook.get("templates") else {
        return;
    };
    let Kind::Object(list) = &templates.kind else {
        return;
    };
    for m in list {
        let pointer = format!("{BASE}/templates/{}", pointer_token(&m.key));
        if !TEMPLATE_KEYS.contains(&m.key.as_str()) {
            let near = did_you_mean(&m.key, TEMPLATE_KEYS.iter().copied());
            ctx.push(
                "manifest/unknown-template-key",
                crate::diagnostic::Severity::Error,
                m.key_range,
                &pointer,
                format!("`{}` is not a template key", m.key),
                near.map_or_else(
                    || format!("template keys: {}", TEMPLATE_KEYS.join(", ")),
                    |n| format!("did you mean `{n}`?"),
                ),
            );
        }
        let Some(path) = m.value.as_str() else {
            ctx.error(
                "manifest/wrong-type",
                &m.value,
                &pointer,
                format!("the `{}` template must be a path (a string)", m.key),
                "write the template file's path, e.g. \"templates/flag.json.hbs\"",
            );
            continue;
        };
        if let Some(supplied) = &ctx.options.supplied_templates {
            if !supplied.contains(path) {
                let near = did_you_mean(path, supplied.iter().map(String::as_str));
                ctx.error(
                    "manifest/template-not-found",
                    &m.value,
                    &pointer,
                    format!("the template file `{path}` does not exist"),
                    near.map_or_else(
                        || format!("add `{path}` or fix the path"),
                        |n| format!("did you mean `{n}`?"),
                    ),
                );
            }
        }
    }
}

fn default_policy(hook: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(policy_value) = hook.get("defaultPolicy") else {
        return;
    };
    let Some(statements) = policy_value.as_array() else {
        return;
    };
    let pointer = format!("{BASE}/defaultPolicy");
    if statements.is_empty() {
        ctx.error("manifest/empty-default-policy", policy_value, &pointer, "`defaultPolicy` needs at least one statement", "add `{\"effect\": \"allow\", \"resources\": [\"proj/*:env/production:flag/*\"], \"actions\": [\"*\"]}`");
        return;
    }
    let origin = Origin {
        source: Source::Manifest,
        pointer,
    };
    // Shape errors are LaunchDarkly rejections (errors); lints are warnings or notes.
    policy::load_spanned(policy_value, &origin, &mut ctx.diags);
}

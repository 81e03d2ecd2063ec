//! `capabilities.auditLogEventsHook`: the template files exist, the standard payload has no
//! templates, `defaultPolicy` reads as a policy, and `includeErrorResponseBody` only with a host
//! the user cannot choose freely.

use super::Ctx;
use crate::diagnostic::{Severity, Source};
use crate::json_span::{pointer_token, Kind, Spanned};
use crate::policy::{self, Origin};
use crate::suggest::did_you_mean;

const BASE: &str = "/capabilities/auditLogEventsHook";

pub fn check(root: &Spanned, hook: &Spanned, ctx: &mut Ctx<'_>) {
    if !matches!(hook.kind, Kind::Object(_)) {
        return;
    }
    templates(hook, ctx);
    standard_payload(hook, ctx);
    default_policy(hook, ctx);
    super::endpoint::error_body_host(root, hook, ctx);
}

fn templates(hook: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(Kind::Object(list)) = hook.get("templates").map(|t| &t.kind) else {
        return;
    };
    let Some(supplied) = &ctx.options.supplied_templates else {
        return;
    };
    let mut missing = Vec::new();
    for m in list {
        let Some(path) = m.value.as_str() else {
            continue;
        };
        if !supplied.contains(path) {
            let near = did_you_mean(path, supplied.iter().map(String::as_str)).map(str::to_owned);
            missing.push((m, path.to_owned(), near));
        }
    }
    for (m, path, near) in missing {
        ctx.error(
            "manifest/template-not-found",
            &m.value,
            &format!("{BASE}/templates/{}", pointer_token(&m.key)),
            format!("the template file `{path}` does not exist"),
            near.map_or_else(
                || format!("add `{path}` or fix the path"),
                |n| format!("did you mean `{n}`?"),
            ),
        );
    }
}

/// The gate refuses templates (and a `templates` folder) with `useStandardWebhookPayload`.
fn standard_payload(hook: &Spanned, ctx: &mut Ctx<'_>) {
    if !super::is_true(hook.get("useStandardWebhookPayload")) {
        return;
    }
    if let Some(Kind::Object(list)) = hook.get("templates").map(|t| &t.kind) {
        for m in list {
            ctx.error(
                "manifest/standard-payload-with-templates",
                &m.value,
                &format!("{BASE}/templates/{}", pointer_token(&m.key)),
                format!("the `{}` template is never used: `useStandardWebhookPayload` sends the event itself, and LaunchDarkly's manifest tests refuse templates with it", m.key),
                "remove the template, or `useStandardWebhookPayload`",
            );
        }
    }
    if let (Some(files), Some(flag)) = (ctx.files, hook.get("useStandardWebhookPayload")) {
        if (files.exists)("templates") {
            ctx.error(
                "manifest/standard-payload-with-templates",
                flag,
                &format!("{BASE}/useStandardWebhookPayload"),
                "the integration has a `templates` folder, which LaunchDarkly's manifest tests refuse with `useStandardWebhookPayload`",
                "remove the `templates` folder, or `useStandardWebhookPayload`",
            );
        }
    }
}

/// Policy findings the schema itself would refuse stay errors; the rest of the policy parser's
/// shape findings (a statement without `effect`, with both `resources` and `notResources`, ...)
/// pass LaunchDarkly's gate and are warnings here.
const SCHEMA_REFUSES: &[&str] = &[
    "policy/not-a-list",
    "policy/invalid-statement",
    "policy/unknown-key",
    "policy/invalid-effect",
    "policy/invalid-part",
];

fn default_policy(hook: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(policy_value) = hook.get("defaultPolicy") else {
        return;
    };
    // Not an array, or empty: the schema rules report it.
    if policy_value.as_array().is_none_or(<[Spanned]>::is_empty) {
        return;
    }
    let origin = Origin {
        source: Source::Manifest,
        pointer: format!("{BASE}/defaultPolicy"),
    };
    let before = ctx.diags.len();
    policy::load_spanned(policy_value, &origin, &mut ctx.diags);
    for d in &mut ctx.diags[before..] {
        if d.severity == Severity::Error && !SCHEMA_REFUSES.contains(&&*d.code) {
            d.severity = Severity::Warning;
            d.message
                .push_str(" (LaunchDarkly's gate accepts it; Hookpad leaves the statement out of its decisions)");
        }
    }
}

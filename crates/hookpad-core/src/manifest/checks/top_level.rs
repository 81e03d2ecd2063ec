//! The gate's rules on the manifest as a whole (beyond its schema): the overview ends with a
//! period, there is at least one capability, the icons exist; and OAuth settings.

use super::{is_true, Ctx};
use crate::json_span::{Kind, Spanned};

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    if let Some(overview) = root.get("overview") {
        if let Some(text) = overview.as_str() {
            if !text.ends_with('.') {
                ctx.error(
                    "manifest/overview-period",
                    overview,
                    "/overview",
                    "`overview` must end with a period (LaunchDarkly's manifest tests require it)",
                    "end the sentence with \".\"",
                );
            }
        }
    }
    at_least_one_capability(root, ctx);
    oauth(root, ctx);
    icons(root, ctx);
}

/// The gate requires `capabilities` or a non-empty `otherCapabilities` (an empty
/// `capabilities: {}` passes its check).
fn at_least_one_capability(root: &Spanned, ctx: &mut Ctx<'_>) {
    if root.get("capabilities").is_some() {
        return;
    }
    // The gate exempts one integration by its folder name.
    let key = ctx
        .files
        .and_then(|f| f.key)
        .or(ctx.options.integration_key.as_deref());
    if key == Some("aiconfig-test-run") {
        return;
    }
    let other = root.get("otherCapabilities");
    if other
        .and_then(Spanned::as_array)
        .is_some_and(|a| !a.is_empty())
    {
        return;
    }
    // An empty or mistyped `otherCapabilities` is reported by the schema rules.
    if other.is_some() {
        return;
    }
    ctx.push(
        "manifest/no-capabilities",
        crate::diagnostic::Severity::Error,
        root.opening(),
        "",
        "the manifest has neither `capabilities` nor `otherCapabilities`: LaunchDarkly's manifest tests require at least one",
        "add `\"capabilities\": {...}`, or list what the integration does in `\"otherCapabilities\"` (e.g. [\"external\"])",
    );
}

fn oauth(root: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(requires) = root.get("requiresOAuth") else {
        return;
    };
    if is_true(Some(requires)) && root.get("oauthIntegrationKey").is_none() {
        ctx.warning(
            "manifest/oauth-without-key",
            requires,
            "/requiresOAuth",
            "the integration uses OAuth but has no `oauthIntegrationKey` (the schema says an OAuth integration needs one; LaunchDarkly's checks do not enforce it)",
            "add `\"oauthIntegrationKey\"`, a key unique among LaunchDarkly's integrations",
        );
    }
}

/// With files: each icon path names a file that exists.
fn icons(root: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(files) = ctx.files else {
        return;
    };
    let Some(icons) = root.get("icons") else {
        return;
    };
    let Kind::Object(members) = &icons.kind else {
        return;
    };
    for m in members {
        let Some(path) = m.value.as_str() else {
            continue;
        };
        if !["square", "horizontal"].contains(&m.key.as_str()) || (files.exists)(path) {
            continue;
        }
        ctx.error(
            "manifest/icon-missing",
            &m.value,
            &format!("/icons/{}", m.key),
            format!("the {} icon `{path}` does not exist", m.key),
            "add the SVG file at this path, relative to the integration's folder",
        );
    }
}

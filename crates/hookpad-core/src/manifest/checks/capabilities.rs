//! What the capabilities mean for a preview: no audit-log hook, or one LaunchDarkly delivers its
//! own way, means there is no webhook request to show.

use super::Ctx;
use crate::json_span::Spanned;

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(caps) = root.get("capabilities") else {
        ctx.info(
            "manifest/no-audit-log-hook",
            root,
            "",
            "the manifest has no `capabilities.auditLogEventsHook`: there is no webhook request to preview (its other checks still run)",
            "Hookpad previews the audit-log hook's requests; other capabilities are checked, not previewed",
        );
        return;
    };
    let Some(hook) = caps.get("auditLogEventsHook") else {
        ctx.info(
            "manifest/no-audit-log-hook",
            caps,
            "/capabilities",
            "the manifest has no `auditLogEventsHook` capability: there is no webhook request to preview (its other checks still run)",
            "Hookpad previews the audit-log hook's requests; other capabilities are checked, not previewed",
        );
        return;
    };
    if let Some(method) = hook.get("deliveryMethod") {
        if method.as_str() == Some("custom") && hook.get("endpoint").is_none() {
            ctx.info(
                "manifest/custom-delivery",
                method,
                "/capabilities/auditLogEventsHook/deliveryMethod",
                "`deliveryMethod: custom`: LaunchDarkly delivers these events with its own code, so there is no webhook request to preview",
                "the templates are still checked",
            );
        }
    }
}

//! `capabilities`: known capability names (an unknown one is a warning: the list grows).

use super::Ctx;
use crate::json_span::{pointer_token, Kind, Spanned};
use crate::policy::lint::did_you_mean;

/// Capability names LaunchDarkly's integration framework documents.
pub const CAPABILITIES: &[&str] = &[
    "approval",
    "auditLogEventsHook",
    "bigSegmentStore",
    "eventsHook",
    "externalCondition",
    "featureStore",
    "flagCleanup",
    "flagImport",
    "flagLink",
    "hideConfiguration",
    "reservedCustomProperties",
    "syncedSegment",
    "trigger",
];

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(caps) = root.get("capabilities") else {
        return;
    };
    let Kind::Object(list) = &caps.kind else {
        return;
    };
    for m in list {
        if !CAPABILITIES.contains(&m.key.as_str()) {
            let near = did_you_mean(&m.key, CAPABILITIES.iter().copied());
            ctx.push(
                "manifest/unknown-capability",
                crate::diagnostic::Severity::Warning,
                m.key_range,
                &format!("/capabilities/{}", pointer_token(&m.key)),
                format!("`{}` is not a capability Hookpad knows", m.key),
                near.map_or_else(
                    || {
                        "check the capability name against LaunchDarkly's integration framework"
                            .to_owned()
                    },
                    |n| format!("did you mean `{n}`?"),
                ),
            );
        }
    }
    if caps.get("auditLogEventsHook").is_none() {
        ctx.warning(
            "manifest/no-audit-log-hook",
            caps,
            "/capabilities",
            "the manifest has no `auditLogEventsHook` capability: there is no webhook request to preview",
            "add `\"auditLogEventsHook\": {\"endpoint\": ..., \"templates\": ..., \"defaultPolicy\": ...}`",
        );
    }
}

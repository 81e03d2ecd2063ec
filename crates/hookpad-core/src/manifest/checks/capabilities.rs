//! What the capabilities mean for a preview: no audit-log hook, or one LaunchDarkly delivers its
//! own way, means there is no webhook request to show.

use super::Ctx;
use crate::diagnostic::Severity;
use crate::json_span::Spanned;

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    // Marked at the manifest's opening `{` or at the `capabilities` key, not over the whole
    // object: an editor would otherwise underline the entire manifest for a note.
    let Some(caps) = root.member("capabilities") else {
        ctx.push(
            "manifest/no-audit-log-hook",
            Severity::Info,
            root.opening(),
            "",
            "the manifest has no `capabilities.auditLogEventsHook`: there is no webhook request to preview (its other checks still run)",
            "Hookpad previews the audit-log hook's requests; other capabilities are checked, not previewed",
        );
        return;
    };
    let Some(hook) = caps.value.get("auditLogEventsHook") else {
        ctx.push(
            "manifest/no-audit-log-hook",
            Severity::Info,
            caps.key_range,
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

#[cfg(test)]
mod tests {
    use super::super::{check, CheckOptions};
    use crate::diagnostic::Diagnostic;
    use crate::text::TextRange;

    fn note(text: &str) -> Diagnostic {
        check(text, &CheckOptions::default())
            .into_iter()
            .find(|d| d.code == "manifest/no-audit-log-hook")
            .expect("the note")
    }

    #[test]
    fn without_capabilities_the_note_marks_the_opening_brace() {
        let text = "  {\"name\": \"x\", \"links\": {}}";
        let at = text.find('{').unwrap();
        assert_eq!(note(text).range, Some(TextRange::new(at, at + 1)));
    }

    #[test]
    fn without_the_hook_the_note_marks_the_capabilities_key() {
        let text = r#"{"name": "x", "capabilities": {"featureStore": {"a": 1}}}"#;
        let key = "\"capabilities\"";
        let at = text.find(key).unwrap();
        let d = note(text);
        assert_eq!(d.range, Some(TextRange::new(at, at + key.len())));
        assert_eq!(d.pointer.as_deref(), Some("/capabilities"));
    }
}

//! Every template string in the manifest — URLs, header values and bodies of every capability,
//! flag-link blocks, feature-store payload wrappers — parsed in both dialects; stray `}}`; and
//! `{{variables}}` that nothing declares, where the manifest says what a template can read.

use super::endpoint;
use super::uses::collect_uses;
use super::Ctx;
use crate::diagnostic::Severity;
use crate::json_span::{self, Kind, Spanned};
use crate::render::syntax::Program;
use crate::render::{self, Dialect, RenderFaultReason};
use crate::suggest::did_you_mean;
use crate::text::TextRange;

/// What a template may read, for the undeclared-variable rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reads {
    /// The audit-log hook's endpoint: top-level form variables, `context`, `oauth` with
    /// `requiresOAuth`. The gate renders these strictly, so an undeclared name is an error.
    HookEndpoint,
    /// A feature store's endpoint: its own and the top-level form variables, and the values
    /// LaunchDarkly adds (`_featureStoreKey`). A warning: the gate does not render these.
    FeatureStore,
    /// A context Hookpad does not know (approval, flag link, ...): syntax only.
    Unknown,
}

/// Template strings besides endpoints.
const OTHER_TEMPLATES: &[&str] = &[
    "/capabilities/approval/creationRequest/jsonBody",
    "/capabilities/approval/creationRequest/parser/urlTemplate",
    "/capabilities/approval/statusRequest/jsonBody",
    "/capabilities/approval/statusRequest/parser/urlTemplate",
    "/capabilities/approval/postApplyRequest/jsonBody",
    "/capabilities/approval/postApplyRequest/parser/urlTemplate",
    "/capabilities/approval/deletionRequest/jsonBody",
    "/capabilities/approval/deletionRequest/parser/urlTemplate",
    "/capabilities/approval/memberListRequest/jsonBody",
    "/capabilities/featureStore/featureStoreRequest/payloadPrefix",
    "/capabilities/featureStore/featureStoreRequest/payloadSuffix",
    "/capabilities/flagLink/uiBlocks/image/sourceUrl",
    "/capabilities/flagLink/uiBlocks/name",
    "/capabilities/flagLink/uiBlocks/description",
    "/capabilities/syncedSegment/jsonResponseBody",
];

/// Arrays whose items carry templates in these fields.
const TEMPLATE_ITEMS: &[(&str, &[&str])] = &[
    (
        "/capabilities/buttonAction/requestBodyTemplates",
        &["jsonBody"],
    ),
    (
        "/capabilities/flagLink/uiBlocks/title/elements",
        &["text", "url"],
    ),
    (
        "/capabilities/flagLink/uiBlocks/context/elements",
        &["text", "url"],
    ),
];

/// Every template string in the manifest, with its pointer and what it may read.
fn all(root: &Spanned) -> Vec<(String, &Spanned, Reads)> {
    let mut out = Vec::new();
    for (pointer, e) in endpoint::all(root) {
        let reads = if pointer == "/capabilities/auditLogEventsHook/endpoint" {
            Reads::HookEndpoint
        } else if pointer.starts_with("/capabilities/featureStore/") {
            Reads::FeatureStore
        } else {
            Reads::Unknown
        };
        if let Some(url) = e.get("url") {
            out.push((format!("{pointer}/url"), url, reads));
        }
        if let Some(headers) = e.get("headers").and_then(Spanned::as_array) {
            for (i, h) in headers.iter().enumerate() {
                if let Some(v) = h.get("value") {
                    out.push((format!("{pointer}/headers/{i}/value"), v, reads));
                }
            }
        }
    }
    for p in OTHER_TEMPLATES {
        if let Some(v) = root.pointer(p) {
            out.push(((*p).to_owned(), v, Reads::Unknown));
        }
    }
    for (p, fields) in TEMPLATE_ITEMS {
        if let Some(items) = root.pointer(p).and_then(Spanned::as_array) {
            for (i, item) in items.iter().enumerate() {
                for f in *fields {
                    if let Some(v) = item.get(f) {
                        out.push((format!("{p}/{i}/{f}"), v, Reads::Unknown));
                    }
                }
            }
        }
    }
    out
}

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    for (pointer, value, reads) in all(root) {
        let Some(text) = value.as_str() else {
            continue;
        };
        // One parse serves both dialects and, where the rule applies, the undeclared-variable
        // rule (the tree comes back only when the template compiles in both dialects).
        let (compiled, tree) = if reads == Reads::Unknown {
            (render::compile_both_cached(text), None)
        } else {
            render::compile_both_cached_with_tree(text)
        };
        if !syntax_ok(ctx, value, &compiled, &pointer) {
            continue;
        }
        stray_braces(ctx, value, text, &pointer);
        if let Some(tree) = tree {
            undeclared(ctx, root, value, &tree, &pointer, reads);
        }
    }
}

/// Maps a byte range inside a JSON string's value to the manifest text.
fn inner_range(ctx: &Ctx<'_>, value: &Spanned, inner: TextRange) -> TextRange {
    let literal = ctx.source.get(value.range.to_range()).unwrap_or_default();
    let start = value.range.start.to_usize();
    TextRange::new(
        start + json_span::source_offset(literal, inner.start.to_usize()),
        start + json_span::source_offset(literal, inner.end.to_usize()),
    )
}

/// Reports a template that does not compile in a dialect; a failure is an error (the request is
/// broken).
fn syntax_ok(
    ctx: &mut Ctx<'_>,
    value: &Spanned,
    compiled: &render::BothDialects,
    pointer: &str,
) -> bool {
    let faults: Vec<(Dialect, &render::RenderFault)> = Dialect::ALL
        .into_iter()
        .filter_map(|d| compiled[d.index()].as_ref().as_ref().err().map(|f| (d, f)))
        .collect();
    let Some((dialect, fault)) = faults.first() else {
        return true;
    };
    let which = if faults.len() == 2 {
        "in either dialect".to_owned()
    } else {
        format!("in {}", dialect.name())
    };
    let message = match &fault.reason {
        RenderFaultReason::Syntax(m) => m.clone(),
        other => other.to_string(),
    };
    let range = fault
        .range
        .map_or(value.range, |r| inner_range(ctx, value, r));
    ctx.push(
        "manifest/template-syntax",
        Severity::Error,
        range,
        pointer,
        format!("this template does not parse {which}: {message}"),
        "fix the Handlebars syntax: every `{{` needs its `}}`",
    );
    false
}

/// `}}` with no `{{` before it is printed as text: most likely a `{{` lost a brace.
fn stray_braces(ctx: &mut Ctx<'_>, value: &Spanned, text: &str, pointer: &str) {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i..].starts_with(b"{{") {
            depth += 1;
            i += 2;
        } else if bytes[i..].starts_with(b"}}") {
            if depth == 0 {
                let range = inner_range(ctx, value, TextRange::new(i, i + 2));
                ctx.push(
                    "manifest/stray-braces",
                    Severity::Warning,
                    range,
                    pointer,
                    "`}}` without a `{{` before it is sent as text: is a `{` missing?",
                    "write `{{name}}` to insert a value",
                );
                return;
            }
            depth -= 1;
            i += 2;
        } else if bytes[i] == b'\'' || bytes[i] == b'"' {
            // Quotes inside a tag hold literals that may contain braces (`{{helper '/{{x}}'}}`).
            if depth > 0 {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
            }
            i += 1;
        } else {
            i += 1;
        }
    }
}

/// The keys of the form variables at `pointer`.
fn keys<'a>(root: &'a Spanned, pointer: &str) -> Vec<&'a str> {
    root.pointer(pointer)
        .and_then(Spanned::as_array)
        .map(|vars| {
            vars.iter()
                .filter_map(|v| v.get("key").and_then(Spanned::as_str))
                .collect()
        })
        .unwrap_or_default()
}

fn undeclared(
    ctx: &mut Ctx<'_>,
    root: &Spanned,
    value: &Spanned,
    program: &Program,
    pointer: &str,
    reads: Reads,
) {
    let oauth = matches!(
        root.get("requiresOAuth").map(|v| &v.kind),
        Some(Kind::Bool(true))
    );
    let mut declared = keys(root, "/formVariables");
    if reads == Reads::FeatureStore {
        declared.extend(keys(root, "/capabilities/featureStore/formVariables"));
    }
    for u in collect_uses(program) {
        let ok = declared.contains(&u.root.as_str())
            || (reads == Reads::HookEndpoint && u.root == "context")
            || (u.root == "oauth" && oauth)
            || (reads == Reads::FeatureStore && u.root.starts_with('_'));
        if ok {
            continue;
        }
        let (message, hint) = if u.root == "oauth" {
            (
                "`oauth` is only available when the manifest sets `\"requiresOAuth\": true`"
                    .to_owned(),
                "add `\"requiresOAuth\": true`, or use a form variable".to_owned(),
            )
        } else {
            let extra: &[&str] = if reads == Reads::HookEndpoint {
                &["context", "oauth"]
            } else {
                &[]
            };
            let near = did_you_mean(
                &u.root,
                declared.iter().copied().chain(extra.iter().copied()),
            );
            let what = if reads == Reads::HookEndpoint {
                "a form variable, `context` or `oauth`"
            } else {
                "a form variable of the manifest or of the feature store"
            };
            (
                format!("`{}` is not {what}", u.root),
                near.map_or_else(
                    || format!("declare a form variable with the key `{}`", u.root),
                    |n| format!("did you mean `{n}`?"),
                ),
            )
        };
        let (severity, message) = match reads {
            Reads::HookEndpoint if u.checked => (
                Severity::Error,
                format!("{message}: LaunchDarkly's manifest tests render this template strictly and reject it"),
            ),
            Reads::HookEndpoint => (
                Severity::Warning,
                format!("{message}: as a helper's argument it renders `undefined` in preview and nothing in production (LaunchDarkly's manifest tests do not catch this)"),
            ),
            _ => (Severity::Warning, message),
        };
        let range = inner_range(ctx, value, u.range);
        ctx.push(
            "manifest/undeclared-variable",
            severity,
            range,
            pointer,
            message,
            hint,
        );
    }
}

//! `auditLogEventsHook.endpoint`: `url`, `method`, `headers`, `hmacSignature`.

use super::shape::{members, Expect};
use super::Ctx;
use crate::json_span::{Kind, Spanned};

const ENDPOINT: &[(&str, Expect, bool)] = &[
    ("url", Expect::String, true),
    ("method", Expect::String, true),
    ("headers", Expect::Array, false),
    ("hmacSignature", Expect::Object, false),
];
const HEADER: &[(&str, Expect, bool)] = &[
    ("name", Expect::String, true),
    ("value", Expect::String, true),
];
const HMAC: &[(&str, Expect, bool)] = &[
    ("headerName", Expect::String, true),
    ("hmacSecretFormVariableKey", Expect::String, true),
];

/// HTTP methods an audit-log hook may use.
pub const METHODS: &[&str] = &["POST", "PUT", "PATCH", "GET", "DELETE"];

const BASE: &str = "/capabilities/auditLogEventsHook/endpoint";

pub fn check(root: &Spanned, hook: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(endpoint) = hook.get("endpoint") else {
        return;
    };
    if !members(ctx, endpoint, BASE, "`endpoint`", ENDPOINT, true) {
        return;
    }
    if let Some(m) = endpoint.get("method") {
        if let Some(s) = m.as_str() {
            if !METHODS.contains(&s) {
                let hint = if METHODS.contains(&s.to_ascii_uppercase().as_str()) {
                    format!("write it in capitals: \"{}\"", s.to_ascii_uppercase())
                } else {
                    format!("use one of {}", METHODS.join(", "))
                };
                ctx.error(
                    "manifest/invalid-method",
                    m,
                    &format!("{BASE}/method"),
                    format!("`method` \"{s}\" is not one of {}", METHODS.join(", ")),
                    hint,
                );
            }
        }
    }
    if let Some(url) = endpoint.get("url") {
        if url.as_str().is_some_and(|s| s.trim().is_empty()) {
            ctx.error(
                "manifest/empty-field",
                url,
                &format!("{BASE}/url"),
                "`url` is empty",
                "write the URL LaunchDarkly should call, e.g. \"https://example.com/hook\"",
            );
        }
    }
    if let Some(headers) = endpoint.get("headers").and_then(Spanned::as_array) {
        for (i, h) in headers.iter().enumerate() {
            let pointer = format!("{BASE}/headers/{i}");
            if !members(ctx, h, &pointer, &format!("header {i}"), HEADER, true) {
                continue;
            }
            if let Some(name) = h.get("name") {
                if let Some(s) = name.as_str() {
                    if s.is_empty() || s.chars().any(char::is_whitespace) {
                        ctx.error(
                            "manifest/invalid-header-name",
                            name,
                            &format!("{pointer}/name"),
                            format!("header name {s:?} is empty or contains white space"),
                            "header names are single tokens such as \"Content-Type\"",
                        );
                    } else if s.contains("{{") {
                        ctx.error(
                            "manifest/templated-header-name",
                            name,
                            &format!("{pointer}/name"),
                            "header names are not templates",
                            "put the template in the header's `value`",
                        );
                    }
                }
            }
        }
    }
    if let Some(hmac) = endpoint.get("hmacSignature") {
        if members(
            ctx,
            hmac,
            &format!("{BASE}/hmacSignature"),
            "`hmacSignature`",
            HMAC,
            true,
        ) {
            hmac_secret(root, hmac, ctx);
        }
    }
}

/// `hmacSecretFormVariableKey` must name a secret string form variable.
fn hmac_secret(root: &Spanned, hmac: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(key_value) = hmac.get("hmacSecretFormVariableKey") else {
        return;
    };
    let Some(key) = key_value.as_str() else {
        return;
    };
    let pointer = format!("{BASE}/hmacSignature/hmacSecretFormVariableKey");
    let variable = root
        .get("formVariables")
        .and_then(Spanned::as_array)
        .and_then(|vars| {
            vars.iter()
                .find(|v| v.get("key").and_then(Spanned::as_str) == Some(key))
        });
    let Some(variable) = variable else {
        ctx.error(
            "manifest/hmac-secret-missing",
            key_value,
            &pointer,
            format!("`hmacSecretFormVariableKey` names `{key}`, which is not a form variable"),
            "declare a form variable with this key, `\"type\": \"string\"` and `\"isSecret\": true`",
        );
        return;
    };
    // An unknown type is reported on its own; only a known non-string type is wrong here.
    let kind = variable
        .get("type")
        .and_then(Spanned::as_str)
        .unwrap_or("string");
    let is_string = kind == "string" || !super::form_variables::TYPES.contains(&kind);
    let is_secret = matches!(
        variable.get("isSecret").map(|s| &s.kind),
        Some(Kind::Bool(true))
    );
    if !is_string || !is_secret {
        ctx.error(
            "manifest/hmac-secret-not-secret",
            key_value,
            &pointer,
            format!("the HMAC secret `{key}` must be a secret string form variable"),
            format!(
                "give the form variable `{key}` `\"type\": \"string\"` and `\"isSecret\": true`"
            ),
        );
    }
}

//! Every HTTP endpoint in the manifest (the audit-log hook's, and those of `eventsHook`,
//! `approval`, `featureStore`, `buttonAction` and `dynamicOptions`): a URL to call, header names
//! that are names, the HMAC secret, and the `includeErrorResponseBody` host rule.

use super::uses::{collect_uses, host_part};
use super::{is_true, Ctx};
use crate::json_span::{Kind, Spanned};
use crate::render::syntax;

const HOOK: &str = "/capabilities/auditLogEventsHook/endpoint";

/// Where endpoints sit, besides `dynamicOptions` (found in every form-variable list).
const ENDPOINTS: &[&str] = &[
    HOOK,
    "/capabilities/eventsHook/endpoint",
    "/capabilities/approval/creationRequest/endpoint",
    "/capabilities/approval/statusRequest/endpoint",
    "/capabilities/approval/postApplyRequest/endpoint",
    "/capabilities/approval/deletionRequest/endpoint",
    "/capabilities/approval/memberListRequest/endpoint",
    "/capabilities/featureStore/validationRequest/endpoint",
    "/capabilities/featureStore/featureStoreRequest/endpoint",
    "/capabilities/buttonAction/actionRequest/endpoint",
];

/// Lists of form variables, whose `dynamicOptions` have endpoints.
pub const VARIABLE_LISTS: &[&str] = &[
    "/formVariables",
    "/capabilities/approval/approvalFormVariables",
    "/capabilities/approval/environmentFormVariables",
    "/capabilities/featureStore/formVariables",
    "/capabilities/flagCleanup/formVariables",
];

/// Every endpoint object in the manifest, with its pointer.
pub fn all(root: &Spanned) -> Vec<(String, &Spanned)> {
    let mut out: Vec<(String, &Spanned)> = ENDPOINTS
        .iter()
        .filter_map(|p| root.pointer(p).map(|e| ((*p).to_owned(), e)))
        .collect();
    for list in VARIABLE_LISTS {
        if let Some(vars) = root.pointer(list).and_then(Spanned::as_array) {
            for (i, v) in vars.iter().enumerate() {
                if let Some(e) = v.pointer("/dynamicOptions/endpoint") {
                    out.push((format!("{list}/{i}/dynamicOptions/endpoint"), e));
                }
            }
        }
    }
    out.retain(|(_, e)| matches!(e.kind, Kind::Object(_)));
    out
}

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    for (pointer, endpoint) in all(root) {
        if let Some(url) = endpoint.get("url") {
            if url.as_str().is_some_and(|s| s.trim().is_empty()) {
                ctx.error(
                    "manifest/empty-field",
                    url,
                    &format!("{pointer}/url"),
                    "`url` is empty: there is nothing to send the request to",
                    "write the URL LaunchDarkly should call, e.g. \"https://example.com/hook\"",
                );
            }
        }
        if pointer == HOOK && endpoint.get("headers").is_none() {
            ctx.error(
                "manifest/hook-without-headers",
                endpoint,
                &pointer,
                "the audit-log hook's endpoint has no `headers`: LaunchDarkly's manifest tests read them unconditionally and fail without them",
                "add `\"headers\": [{\"name\": \"Content-Type\", \"value\": \"application/json\"}]` (or `[]`)",
            );
        }
        if let Some(headers) = endpoint.get("headers").and_then(Spanned::as_array) {
            for (i, h) in headers.iter().enumerate() {
                header_name(ctx, h, &format!("{pointer}/headers/{i}/name"));
            }
        }
        if let Some(hmac) = endpoint.get("hmacSignature") {
            hmac_signature(
                root,
                hmac,
                &format!("{pointer}/hmacSignature"),
                pointer == HOOK,
                ctx,
            );
        }
    }
}

/// A header name the HTTP client would refuse breaks the request. (White space is a schema
/// finding.)
fn header_name(ctx: &mut Ctx<'_>, h: &Spanned, pointer: &str) {
    let Some(name) = h.get("name") else {
        return;
    };
    let Some(s) = name.as_str() else {
        return;
    };
    if s.is_empty() {
        ctx.error(
            "manifest/invalid-header-name",
            name,
            pointer,
            "the header name is empty: the request cannot be sent",
            "header names are single tokens such as \"Content-Type\"",
        );
    } else if s.contains("{{") {
        ctx.error(
            "manifest/templated-header-name",
            name,
            pointer,
            "header names are not templates: `{{ }}` is sent as is, and an HTTP client refuses `{` and `}` in a header name",
            "put the template in the header's `value`",
        );
    }
}

/// `hmacSignature` names a header and a secret string form variable. The gate checks the secret
/// on the audit-log hook only; elsewhere a problem is a warning.
fn hmac_signature(root: &Spanned, hmac: &Spanned, pointer: &str, gated: bool, ctx: &mut Ctx<'_>) {
    if !matches!(hmac.kind, Kind::Object(_)) {
        return;
    }
    if hmac.get("headerName").is_none() {
        ctx.warning(
            "manifest/hmac-without-header",
            hmac,
            pointer,
            "`hmacSignature` has no `headerName`: there is no header to carry the signature",
            "add `\"headerName\": \"X-Signature\"` (or the name your service expects)",
        );
    }
    let severity = if gated {
        crate::diagnostic::Severity::Error
    } else {
        crate::diagnostic::Severity::Warning
    };
    let key_value = hmac.get("hmacSecretFormVariableKey");
    let key = key_value.and_then(Spanned::as_str);
    let variable = key.and_then(|key| {
        root.get("formVariables")
            .and_then(Spanned::as_array)
            .and_then(|vars| {
                vars.iter()
                    .find(|v| v.get("key").and_then(Spanned::as_str) == Some(key))
            })
    });
    let kp = format!("{pointer}/hmacSecretFormVariableKey");
    let Some(variable) = variable else {
        let (at, message) = match (key_value, key) {
            (Some(v), Some(key)) => (
                v,
                format!("`hmacSecretFormVariableKey` names `{key}`, which is not a form variable"),
            ),
            _ => (
                hmac,
                "`hmacSignature` has no `hmacSecretFormVariableKey`: the signature has no secret"
                    .to_owned(),
            ),
        };
        let p = if key_value.is_some() {
            kp.as_str()
        } else {
            pointer
        };
        ctx.push(
            "manifest/hmac-secret-missing",
            severity,
            at.range,
            p,
            message,
            "declare a form variable with this key, `\"type\": \"string\"` and `\"isSecret\": true`",
        );
        return;
    };
    // An unknown type is a schema finding of its own; only a known type other than string is
    // wrong here.
    let kind = variable
        .get("type")
        .and_then(Spanned::as_str)
        .unwrap_or("string");
    let is_string = kind == "string" || !crate::manifest::schema::VARIABLE_TYPES.contains(&kind);
    if !is_string || !is_true(variable.get("isSecret")) {
        if let (Some(at), Some(key)) = (key_value, key) {
            ctx.push(
                "manifest/hmac-secret-not-secret",
                severity,
                at.range,
                &kp,
                format!("the HMAC secret `{key}` must be a secret string form variable"),
                format!("give the form variable `{key}` `\"type\": \"string\"` and `\"isSecret\": true`"),
            );
        }
    }
}

/// The type of the top-level form variable `key`, if there is one.
fn variable_type<'a>(root: &'a Spanned, key: &str) -> Option<&'a str> {
    root.get("formVariables")?
        .as_array()?
        .iter()
        .find(|v| v.get("key").and_then(Spanned::as_str) == Some(key))
        .map(|v| v.get("type").and_then(Spanned::as_str).unwrap_or_default())
}

/// `includeErrorResponseBody` shows the endpoint's error responses in LaunchDarkly, so the host
/// must not be one a user types freely. Errors where the gate's own check rejects the manifest;
/// a warning where its intent holds but its check misses the form.
pub fn error_body_host(root: &Spanned, hook: &Spanned, ctx: &mut Ctx<'_>) {
    let Some(flag) = hook.get("includeErrorResponseBody") else {
        return;
    };
    let Some(url) = hook.pointer("/endpoint/url").and_then(Spanned::as_str) else {
        return;
    };
    if !is_true(Some(flag)) {
        return;
    }
    let pointer = "/capabilities/auditLogEventsHook/includeErrorResponseBody";
    let has_variables = root
        .get("formVariables")
        .and_then(Spanned::as_array)
        .map(<[Spanned]>::len);
    // The gate's first check: a URL starting with `{{name}}` (up to the first `}`).
    if let Some(rest) = url.strip_prefix("{{") {
        let name = rest.find('}').map_or("", |end| &rest[..end]);
        if has_variables.is_none() {
            gate_error(ctx, flag, pointer, "LaunchDarkly's check of this rule fails when the URL starts with `{{` and the manifest has no `formVariables`".to_owned());
            return;
        }
        if let Some(kind) = variable_type(root, name).filter(|k| *k != "enum") {
            gate_error(ctx, flag, pointer, format!("the URL starts with the `{kind}` form variable `{name}`, which a user can set to any host; LaunchDarkly's gate allows only an `enum` here"));
            return;
        }
    }
    // The gate's second check stops with an error on any `{{word}}` in a host after `://`.
    if let Some(host) = gate_hostname(url) {
        if has_word_variable(host) && has_variables != Some(0) {
            gate_error(ctx, flag, pointer, "the URL's host contains a `{{variable}}`; LaunchDarkly's gate rejects that with `includeErrorResponseBody` (its host check fails on any such variable, even an `enum`)".to_owned());
            return;
        }
    }
    // The rule's intent, where the gate's checks do not see it.
    let host = host_part(url);
    let Ok(program) = syntax::parse(host) else {
        return;
    };
    let uses = collect_uses(&program);
    let free: Vec<&str> = uses
        .iter()
        .map(|u| u.root.as_str())
        .filter(|r| variable_type(root, r) != Some("enum"))
        .collect();
    if let Some(first) = free.first() {
        ctx.warning(
            "manifest/error-body-dynamic-host",
            flag,
            pointer,
            format!("`includeErrorResponseBody` with a host that comes from `{first}`, which a user can set freely: error responses from any server would show in LaunchDarkly. LaunchDarkly's own check misses this form (it only looks at a URL starting with `{{{{name}}}}` and at `{{{{name}}}}` in a host after `://`)"),
            "fix the host in `endpoint.url`, use an `enum` form variable with `allowedValues`, or remove `includeErrorResponseBody`",
        );
    }
}

fn gate_error(ctx: &mut Ctx<'_>, flag: &Spanned, pointer: &str, message: String) {
    ctx.error(
        "manifest/error-body-dynamic-host",
        flag,
        pointer,
        message,
        "fix the host in `endpoint.url`, or remove `includeErrorResponseBody`",
    );
}

/// The host as the gate's URL parser reads it: after `scheme://`, before the path, query or
/// fragment, without credentials or port.
fn gate_hostname(url: &str) -> Option<&str> {
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    let mut chars = scheme.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    let rest = &url[scheme_end + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    Some(match host.rfind(':') {
        Some(colon) if host[colon + 1..].bytes().all(|b| b.is_ascii_digit()) => &host[..colon],
        _ => host,
    })
}

/// Whether `host` has `{{word}}` (word characters only, no spaces).
fn has_word_variable(host: &str) -> bool {
    host.match_indices("{{").any(|(i, _)| {
        let rest = &host[i + 2..];
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        len > 0 && rest[len..].starts_with("}}")
    })
}

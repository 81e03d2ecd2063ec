//! `{{variables}}` in the endpoint's URL and header values: each must be a declared form
//! variable, `context.*` (the event) or `oauth.*` (with `requiresOAuth`).

use super::Ctx;
use crate::diagnostic::Severity;
use crate::json_span::{Kind, Spanned};
use crate::policy::lint::did_you_mean;
use crate::render::helpers::PUBLIC_HELPERS;
use crate::render::syntax::{self, js_space, path_segments, Node, Program};
use crate::text::TextRange;

const BASE: &str = "/capabilities/auditLogEventsHook/endpoint";

/// A path used by a template, and its byte range in the template text.
struct Use {
    root: String,
    range: TextRange,
}

pub fn check(root: &Spanned, hook: &Spanned, ctx: &mut Ctx<'_>) {
    let declared: Vec<String> = declared(root);
    let oauth = matches!(
        root.get("requiresOAuth").map(|v| &v.kind),
        Some(Kind::Bool(true))
    );
    let mut fields: Vec<(String, &Spanned)> = Vec::new();
    if let Some(url) = hook.pointer("/endpoint/url") {
        fields.push((format!("{BASE}/url"), url));
    }
    if let Some(headers) = hook
        .pointer("/endpoint/headers")
        .and_then(Spanned::as_array)
    {
        for (i, h) in headers.iter().enumerate() {
            if let Some(v) = h.get("value") {
                fields.push((format!("{BASE}/headers/{i}/value"), v));
            }
        }
    }
    for (pointer, value) in fields {
        let Some(text) = value.as_str() else {
            continue;
        };
        let program = match syntax::parse(text) {
            Ok(p) => p,
            Err(e) => {
                ctx.push(
                    "manifest/template-syntax",
                    Severity::Error,
                    inner_range(value, text, e.range),
                    &pointer,
                    format!("this template does not parse: {}", e.message),
                    "fix the Handlebars syntax",
                );
                continue;
            }
        };
        let mut uses = Vec::new();
        collect(&program, &mut uses);
        for u in uses {
            let ok =
                declared.contains(&u.root) || u.root == "context" || (u.root == "oauth" && oauth);
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
                let near = did_you_mean(
                    &u.root,
                    declared
                        .iter()
                        .map(String::as_str)
                        .chain(["context", "oauth"]),
                );
                (
                    format!("`{}` is not a form variable, `context` or `oauth`", u.root),
                    near.map_or_else(
                        || format!("declare a form variable with the key `{}`, or use `context.{}` for the event's field", u.root, u.root),
                        |n| format!("did you mean `{n}`?"),
                    ),
                )
            };
            ctx.push(
                "manifest/undeclared-variable",
                Severity::Error,
                inner_range(value, text, u.range),
                &pointer,
                message,
                hint,
            );
        }
    }
}

fn declared(root: &Spanned) -> Vec<String> {
    root.get("formVariables")
        .and_then(Spanned::as_array)
        .map(|vars| {
            vars.iter()
                .filter_map(|v| v.get("key").and_then(Spanned::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Maps a range inside a JSON string's text to the manifest: exact when the string has no
/// escapes, else the whole string.
fn inner_range(value: &Spanned, text: &str, inner: TextRange) -> TextRange {
    let start = value.range.start.to_usize() + 1;
    let literal_len = value
        .range
        .end
        .to_usize()
        .saturating_sub(value.range.start.to_usize() + 2);
    if literal_len == text.len() && !text.contains(['"', '\\']) {
        TextRange::new(start + inner.start.to_usize(), start + inner.end.to_usize())
    } else {
        value.range
    }
}

fn collect(program: &Program, uses: &mut Vec<Use>) {
    for node in &program.body {
        match node {
            Node::Mustache(m) => expression(&m.expr.text, m.expr.range.start.to_usize(), uses),
            Node::Block(b) => {
                expression(&b.expr.text, b.expr.range.start.to_usize(), uses);
                if let Some(p) = &b.program {
                    collect(p, uses);
                }
                if let Some(p) = &b.inverse {
                    collect(p, uses);
                }
            }
            Node::Content(_) | Node::Comment(_) => {}
        }
    }
}

/// The paths an expression reads: every word that is not a helper name (first word of the tag or
/// of a subexpression), a literal, a hash key or block parameters.
fn expression(text: &str, offset: usize, uses: &mut Vec<Use>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut first_in_group = true;
    while i < bytes.len() {
        let c = bytes[i];
        // ASCII white space only: bytes of a multi-byte character are never ASCII, so every slice
        // below stays on a character boundary (a fuzzer found the panic when U+00A0's bytes counted).
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        match c {
            b'(' => {
                first_in_group = true;
                i += 1;
                continue;
            }
            b')' | b'=' => {
                i += 1;
                continue;
            }
            b'"' | b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != c {
                    i += usize::from(bytes[i] == b'\\') + 1;
                }
                i += 1;
                first_in_group = false;
                continue;
            }
            b'|' => {
                // `as |x y|`: block parameters are declarations, not reads.
                i += text[i + 1..].find('|').map_or(text.len(), |p| p + 2);
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'(' | b')' | b'=' | b'|')
        {
            i += 1;
        }
        let word = &text[start..i];
        let is_hash_key = bytes.get(i) == Some(&b'=');
        let is_helper = first_in_group && PUBLIC_HELPERS.contains(&word);
        let was_first = first_in_group;
        first_in_group = false;
        if is_hash_key || is_helper || word == "as" || word == "else" {
            continue;
        }
        if was_first
            && !word.contains(['.', '/'])
            && !word.starts_with('@')
            && word != "this"
            && is_unknown_helper_call(text, i)
        {
            continue;
        }
        let literal =
            matches!(word, "true" | "false" | "null" | "undefined") || word.parse::<f64>().is_ok();
        if literal
            || word.starts_with('@')
            || word.starts_with("..")
            || word == "this"
            || word == "."
            || word.starts_with("this.")
            || word.starts_with("./")
        {
            continue;
        }
        if let Some(root) = path_segments(word).into_iter().next() {
            uses.push(Use {
                root,
                range: TextRange::new(offset + start, offset + i),
            });
        }
    }
}

/// Whether the word ending at `end` is followed by arguments (a call to an unknown helper: the
/// render reports it; it is not a variable).
fn is_unknown_helper_call(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches(js_space);
    !rest.is_empty() && !rest.starts_with(')')
}

/// Whether the host of an endpoint URL is fixed: no template in the host part, or only `enum`
/// form variables (whose values come from `allowedValues`; a missing list is reported on its own).
#[must_use]
pub fn host_is_static(root: &Spanned, url: &str) -> bool {
    let after_scheme = url.find("://").map_or(0, |p| p + 3);
    let rest = &url[after_scheme..];
    let mut depth = 0usize;
    let mut end = rest.len();
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"{{") {
            depth += 1;
            i += 2;
            continue;
        }
        if bytes[i..].starts_with(b"}}") {
            depth = depth.saturating_sub(1);
            i += 2;
            continue;
        }
        if depth == 0 && matches!(bytes[i], b'/' | b'?' | b'#') {
            end = i;
            break;
        }
        i += 1;
    }
    let host = &url[..after_scheme + end];
    let Ok(program) = syntax::parse(host) else {
        return false;
    };
    let mut uses = Vec::new();
    collect(&program, &mut uses);
    let has_tags = program.body.iter().any(|n| !matches!(n, Node::Content(_)));
    if !has_tags {
        return true;
    }
    !uses.is_empty()
        && uses.iter().all(|u| {
            root.get("formVariables")
                .and_then(Spanned::as_array)
                .is_some_and(|vars| {
                    vars.iter().any(|v| {
                        v.get("key").and_then(Spanned::as_str) == Some(u.root.as_str())
                            && v.get("type").and_then(Spanned::as_str) == Some("enum")
                    })
                })
        })
}

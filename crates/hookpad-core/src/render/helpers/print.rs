//! Printing: `{{path}}` (`__value`, strict in preview) and `{{helper args}}` (`__print`).
//!
//! The builder rewrites every mustache into one of these so that printing follows the dialect:
//! JavaScript or Go string forms, and the dialect's HTML escaping unless the mustache is
//! triple-stashed.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, PathAndJson, RenderContext,
    RenderError, ScopedJson,
};
use serde_json::Value as Json;

use super::{arg, fault, lazy_path, usize_param};
use crate::render::syntax::path_segments;
use crate::render::{run, value, Dialect, RenderFaultReason};

/// `{{path}}`: `__value "path" OFFSET`.
pub struct Value {
    pub dialect: Dialect,
    pub escape: bool,
}

/// `{{helper args}}`: `__print (helper args)`.
pub struct Print {
    pub dialect: Dialect,
    pub escape: bool,
}

fn write(v: Option<&Json>, dialect: Dialect, escape: bool, out: &mut dyn Output) -> HelperResult {
    let Some(v) = v else {
        if dialect == Dialect::Preview {
            // `undefined` is `""`, and a string in handlebars.js's `+` (see `run`).
            out.write("")?;
        }
        return Ok(());
    };
    if dialect == Dialect::Preview && !escape && matches!(v, Json::Number(_) | Json::Bool(_)) {
        // `{{{x}}}` appends the raw value: adjacent numbers add up.
        run::add_prim(v);
        return Ok(());
    }
    let text = value::print(v, dialect);
    if escape {
        out.write(&value::escape(&text, dialect))?;
    } else {
        out.write(&text)?;
    }
    Ok(())
}

impl HelperDef for Value {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some(param) = lazy_path(h, 0, ctx, rc, self.dialect)? else {
            return Ok(());
        };
        if param.is_value_missing() {
            if self.dialect == Dialect::Preview {
                return Err(missing_field(&param, usize_param(h, 1), ctx, rc));
            }
            return Ok(());
        }
        if self.dialect == Dialect::Preview {
            // `.length` is the one property Hookpad finds on a primitive (a string's); strict
            // mode's `!obj || !(name in obj)` fails on the empty string and throws on others.
            let raw = param
                .relative_path()
                .map(String::as_str)
                .unwrap_or_default();
            if path_segments(raw).last().is_some_and(|s| s == "length") {
                if parent_of(raw, ctx, rc).is_some_and(|p| p.as_json() == "") {
                    return Err(missing_field(&param, usize_param(h, 1), ctx, rc));
                }
                if let Some(error) = in_primitive(raw, ctx, rc) {
                    return Err(error);
                }
            }
        }
        write(Some(param.value()), self.dialect, self.escape, out)
    }
}

impl HelperDef for Print {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        write(arg(h, 0), self.dialect, self.escape, out)
    }
}

/// handlebars.js strict mode's error for a path that resolved to nothing: it names the last
/// segment and describes the object it was looked up in (`[object Object]`, or `undefined` when the
/// parent is missing too). A path whose intermediate segment is missing fails earlier, with
/// JavaScript's `TypeError`.
pub(super) fn missing_field<'rc>(
    param: &PathAndJson<'rc>,
    offset: Option<usize>,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
) -> RenderError {
    let raw = param.relative_path().cloned().unwrap_or_default();
    let segments = path_segments(&raw);
    let name = segments.last().cloned().unwrap_or_else(|| raw.clone());
    let prefixes = path_prefixes(&raw);
    // Each prefix but the last is dereferenced without a check; undefined there is a TypeError.
    for (i, prefix) in prefixes
        .iter()
        .enumerate()
        .take(prefixes.len().saturating_sub(1))
    {
        let missing = rc
            .evaluate(ctx, prefix)
            .map_or(true, |v| v.is_missing() || v.as_json().is_null());
        if missing {
            let next = segments.get(i + 1).cloned().unwrap_or_default();
            return fault(
                RenderFaultReason::TypeError(format!(
                    "Cannot read properties of undefined (reading '{next}')"
                )),
                None,
            );
        }
    }
    if let Some(error) = in_primitive(&raw, ctx, rc) {
        return error;
    }
    let parent = value::js_string(parent_of(&raw, ctx, rc).as_ref().map(ScopedJson::as_json));
    fault(RenderFaultReason::MissingField { name, parent }, offset)
}

/// The value strict mode checks the last segment of `raw` against: the value of the path
/// without its last segment, or `this`.
fn parent_of<'rc>(
    raw: &str,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
) -> Option<ScopedJson<'rc>> {
    let prefix = path_prefixes(raw)
        .pop()
        .unwrap_or_else(|| format!("{}this", scope_prefix(raw)));
    // Borrowed from the context: a parent can be a multi-megabyte array.
    rc.evaluate(ctx, &prefix).ok().filter(|v| !v.is_missing())
}

/// The leading `../` steps of a path (`../../` of `../../a`).
pub(super) fn scope_prefix(raw: &str) -> &str {
    let rest = raw.trim_start_matches("../");
    &raw[..raw.len() - rest.len()]
}

/// handlebars.js's strict check is `!obj || !(name in obj)`: on a truthy primitive (a non-empty
/// string, a non-zero number, `true`) JavaScript's `in` throws a `TypeError`.
fn in_primitive<'rc>(
    raw: &str,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
) -> Option<RenderError> {
    let parent = parent_of(raw, ctx, rc)?;
    let primitive = match parent.as_json() {
        Json::String(s) => !s.is_empty(),
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Json::Bool(b) => *b,
        _ => false,
    };
    primitive.then(|| {
        let name = path_segments(raw).last().cloned().unwrap_or_default();
        fault(
            RenderFaultReason::TypeError(format!(
                "Cannot use 'in' operator to search for '{name}' in {}",
                value::js_string(Some(parent.as_json()))
            )),
            None,
        )
    })
}

/// The proper prefixes of a path as source text: `a.b.c` -> `a`, `a.b`.
pub(super) fn path_prefixes(raw: &str) -> Vec<String> {
    let mut prefixes = Vec::new();
    let bytes = raw.as_bytes();
    let mut in_bracket = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => in_bracket = true,
            b']' => in_bracket = false,
            b'.' if !in_bracket && bytes.get(i + 1) == Some(&b'.') => i += 1,
            b'.' | b'/' if !in_bracket && i > 0 => {
                let prefix = &raw[..i];
                if prefix != "this" && prefix != "." && !prefix.ends_with("..") && prefix != "@root"
                {
                    prefixes.push(prefix.to_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    prefixes
}

#[cfg(test)]
mod tests {
    use super::path_prefixes;

    #[test]
    fn prefixes_skip_scope_markers() {
        assert_eq!(path_prefixes("a.b.c"), ["a", "a.b"]);
        assert_eq!(path_prefixes("this.a.b"), ["this.a"]);
        assert_eq!(path_prefixes("../a.b"), ["../a"]);
        assert!(path_prefixes("a").is_empty());
    }
}

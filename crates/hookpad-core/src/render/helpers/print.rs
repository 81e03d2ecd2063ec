//! Printing: `{{path}}` (`__value`, strict in preview) and `{{helper args}}` (`__print`).
//!
//! The builder rewrites every mustache into one of these so that printing follows the dialect:
//! JavaScript or Go string forms, and the dialect's HTML escaping unless the mustache is
//! triple-stashed.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, PathAndJson, RenderContext,
    RenderError,
};
use serde_json::Value as Json;

use super::{arg, fault, lazy_path, usize_param};
use crate::render::syntax::path_segments;
use crate::render::{value, Dialect, RenderFaultReason};

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
        return Ok(());
    };
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
        let param = lazy_path(h, 0, ctx, rc, self.dialect);
        if param.is_value_missing() {
            if self.dialect == Dialect::Preview {
                return Err(missing_field(&param, usize_param(h, 1), ctx, rc));
            }
            return Ok(());
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
    let parent = match prefixes.last() {
        Some(prefix) => match rc.evaluate(ctx, prefix) {
            Ok(v) if !v.is_missing() => value::js_string(Some(v.as_json())),
            _ => "undefined".to_owned(),
        },
        None => match rc.evaluate(ctx, "this") {
            Ok(v) if !v.is_missing() => value::js_string(Some(v.as_json())),
            _ => "undefined".to_owned(),
        },
    };
    fault(RenderFaultReason::MissingField { name, parent }, offset)
}

/// The proper prefixes of a path as source text: `a.b.c` -> `a`, `a.b`.
fn path_prefixes(raw: &str) -> Vec<String> {
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

//! `(__path "a.b")`: looks a path up the way the dialect does. The builder turns every path in a
//! helper call into this, so that a path the `handlebars` crate cannot walk (a name on an array,
//! such as `items.length`) resolves as JavaScript or Go would instead of failing the render.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value as Json;

use super::print::{path_prefixes, scope_prefix};
use super::{fault, str_param};
use crate::render::syntax::path_segments;
use crate::render::{Dialect, RenderFaultReason};

pub struct LookupPath {
    pub dialect: Dialect,
}

/// Resolves `raw` in the current scope. A path that does not resolve is `Missing`, except
/// `<array>.length` (and `<string>.length`, and `length` alone in an array or string context) in
/// preview, which is JavaScript's length, and, in
/// production, a path found in an enclosing context (`depth` is how many enclosing blocks changed
/// the context).
pub fn resolve<'rc>(
    raw: &str,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
    dialect: Dialect,
    depth: usize,
) -> ScopedJson<'rc> {
    // The crate resolves `@root.x` but not `@root` itself.
    if raw == "@root" {
        return ScopedJson::Context(ctx.data(), Vec::new());
    }
    if dialect == Dialect::Production && !raw.starts_with('@') {
        let rest = raw.trim_start_matches("../");
        if let Some(found) = per_item(rest, (raw.len() - rest.len()) / 3, ctx, rc) {
            return found;
        }
    }
    match rc.evaluate(ctx, raw) {
        Ok(v) if !v.is_missing() => v,
        _ => {
            if dialect == Dialect::Preview {
                // `length` alone (or `this.length`) is the context's own.
                let own = matches!(
                    raw.trim_start_matches("../"),
                    "length" | "this.length" | "./length"
                )
                .then(|| format!("{}this", scope_prefix(raw)));
                if let Some(parent) = own.as_deref().or_else(|| {
                    raw.strip_suffix(".length")
                        .or_else(|| raw.strip_suffix("/length"))
                }) {
                    if let Ok(p) = rc.evaluate(ctx, parent) {
                        match p.as_json() {
                            Json::Array(items) => {
                                return ScopedJson::Derived(Json::from(items.len()))
                            }
                            Json::String(s) => {
                                return ScopedJson::Derived(Json::from(s.encode_utf16().count()))
                            }
                            _ => {}
                        }
                    }
                }
            }
            if dialect == Dialect::Production {
                if let Some(found) = enclosing_context(raw, ctx, rc, depth) {
                    return found;
                }
            }
            ScopedJson::Missing
        }
    }
}

/// raymond 2.0.2's `evalDepthPath` (eval.go): a path whose *first* segment the context does not
/// have is tried in each enclosing context in turn, up to the root; the first context that has
/// the first segment decides (even when a later segment is missing there).
fn enclosing_context<'rc>(
    raw: &str,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
    depth: usize,
) -> Option<ScopedJson<'rc>> {
    let rest = raw.trim_start_matches("../");
    let start = (raw.len() - rest.len()) / 3;
    if rest.is_empty()
        || rest.starts_with(['@', '.'])
        || rest == "this"
        || rest.starts_with("this.")
    {
        return None;
    }
    let first = first_segment(rest);
    let has_first = |k: usize| {
        rc.evaluate(ctx, &format!("{}{first}", "../".repeat(k)))
            .is_ok_and(|v| !v.is_missing())
    };
    let is_array = |k: usize| {
        rc.evaluate(ctx, &format!("{}this", "../".repeat(k)))
            .is_ok_and(|v| v.as_json().is_array())
    };
    if has_first(start) {
        return None;
    }
    let k = (start + 1..=depth).find(|&k| is_array(k) || has_first(k))?;
    if let Some(found) = per_item(rest, k, ctx, rc) {
        return Some(found);
    }
    Some(
        rc.evaluate(ctx, &format!("{}{rest}", "../".repeat(k)))
            .unwrap_or(ScopedJson::Missing),
    )
}

/// raymond 2.0.2's `evalCtxPath` (eval.go) on a context that is a slice: the path is evaluated
/// against each item, and the values found make a list (printed concatenated; empty when no item
/// has it, and then no enclosing context is tried). `None` when the context `level` blocks up is
/// not an array, or the path is the context itself.
fn per_item<'rc>(
    rest: &str,
    level: usize,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
) -> Option<ScopedJson<'rc>> {
    let mut segments = path_segments(rest);
    if segments.first().is_some_and(|s| s == "this") {
        segments.remove(0);
    }
    if segments.is_empty() {
        return None;
    }
    let context = rc
        .evaluate(ctx, &format!("{}this", "../".repeat(level)))
        .ok()?;
    let Json::Array(items) = context.as_json() else {
        return None;
    };
    let found = items
        .iter()
        .filter_map(|item| {
            segments.iter().try_fold(item, |v, segment| match v {
                Json::Object(map) => map.get(segment),
                Json::Array(list) => segment.parse::<usize>().ok().and_then(|i| list.get(i)),
                _ => None,
            })
        })
        .cloned()
        .collect();
    Some(ScopedJson::Derived(Json::Array(found)))
}

/// The first segment of a path as written (`[a b]` of `[a b].c`).
fn first_segment(path: &str) -> &str {
    let mut in_bracket = false;
    for (i, c) in path.char_indices() {
        match c {
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            '.' | '/' if !in_bracket => return &path[..i],
            _ => {}
        }
    }
    path
}

impl HelperDef for LookupPath {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let Some(raw) = super::climbed(str_param(h, 0), None, rc, self.dialect)? else {
            return Ok(ScopedJson::Missing);
        };
        let raw = raw.as_ref();
        let found = resolve(raw, ctx, rc, self.dialect, super::context_depth(h));
        let block_param = h
            .param(1)
            .is_some_and(|p| p.value().as_bool() == Some(true));
        if self.dialect == Dialect::Preview && found.is_missing() {
            if let Some(error) = unchecked_type_error(raw, block_param, ctx, rc) {
                return Err(error);
            }
        }
        Ok(found)
    }
}

/// handlebars.js reads a helper argument's segments one by one with no strict check:
/// `undefined.b` or `null.b` is JavaScript's `TypeError` (`{{queryEncode a.b}}` with `a` missing).
fn unchecked_type_error<'rc>(
    raw: &str,
    block_param: bool,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
) -> Option<RenderError> {
    let segments = path_segments(raw);
    // The context itself is read first (`{{#each}}` over a `null` item makes it `null`).
    if !block_param && !raw.starts_with('@') && !matches!(raw, "this" | "." | "this/" | "./") {
        let scope = format!("{}this", scope_prefix(raw));
        if rc
            .evaluate(ctx, &scope)
            .is_ok_and(|v| v.as_json().is_null())
        {
            let first = segments
                .iter()
                .find(|s| !matches!(s.as_str(), ".." | "this"))
                .cloned();
            return Some(fault(
                RenderFaultReason::TypeError(format!(
                    "Cannot read properties of null (reading '{}')",
                    first.unwrap_or_default()
                )),
                None,
            ));
        }
    }
    for (i, prefix) in path_prefixes(raw).iter().enumerate() {
        let nothing = match rc.evaluate(ctx, prefix) {
            Ok(v) if !v.is_missing() => v.as_json().is_null().then_some("null"),
            _ => Some("undefined"),
        };
        if let Some(nothing) = nothing {
            let skipped = usize::from(raw.starts_with("this.") || raw.starts_with("./"));
            let next = segments
                .iter()
                .filter(|s| *s != "..")
                .nth(i + 1 + skipped)
                .cloned()
                .unwrap_or_default();
            return Some(fault(
                RenderFaultReason::TypeError(format!(
                    "Cannot read properties of {nothing} (reading '{next}')"
                )),
                None,
            ));
        }
    }
    None
}

/// `(__undefined)`: JavaScript's `undefined` literal, which the `handlebars` crate lacks.
pub struct Undefined;

impl HelperDef for Undefined {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        _: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        Ok(ScopedJson::Missing)
    }
}

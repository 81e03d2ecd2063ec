//! Printing: `{{path}}` (strict in preview) and `{{helper args}}`, in JavaScript's or Go's
//! string forms, HTML-escaped as the dialect escapes unless the mustache is triple-stashed.

use serde_json::Value as Json;

use super::fault;
use super::path::{climbed, prefixes, resolve};
use crate::render::eval::Renderer;
use crate::render::scope::{Lookup, Val};
use crate::render::syntax::Path;
use crate::render::{run, value, Dialect, RenderFault, RenderFaultReason};

/// Writes a value as `{{ }}` (or `{{{ }}}`) prints it; `None` is `undefined`.
///
/// # Errors
/// The output limit.
pub fn write(r: &mut Renderer<'_>, v: Option<&Json>, escape: bool) -> Result<(), RenderFault> {
    let dialect = r.dialect;
    let Some(v) = v else {
        if dialect == Dialect::Preview {
            // `undefined` is `""`, and a string in handlebars.js's `+` (see `run`).
            r.out.write("")?;
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
        r.out.write(&value::escape(&text, dialect))
    } else {
        r.out.write(&text)
    }
}

/// `{{path}}`: a miss is strict mode's error at `offset` in preview, nothing in production.
///
/// # Errors
/// Strict mode's errors, the output limit.
pub fn value(
    r: &mut Renderer<'_>,
    path: &Path,
    escape: bool,
    offset: usize,
    depth: usize,
) -> Result<(), RenderFault> {
    let Some(at) = climbed(r, path, Some(offset))? else {
        return Ok(());
    };
    let Some(found) = resolve(r, at, depth) else {
        if r.dialect == Dialect::Preview {
            return Err(missing_field(r, at, Some(offset)));
        }
        return Ok(());
    };
    if r.dialect == Dialect::Preview && at.parts.last().is_some_and(|s| s == "length") {
        // `.length` is the one property Hookpad finds on a primitive (a string's); strict
        // mode's `!obj || !(name in obj)` fails on the empty string and throws on others.
        if parent_of(r, at).is_some_and(|p| *p == "") {
            return Err(missing_field(r, at, Some(offset)));
        }
        if let Some(error) = in_primitive(r, at) {
            return Err(error);
        }
    }
    write(r, Some(&found), escape)
}

/// handlebars.js strict mode's error for a path that resolved to nothing: it names the last
/// segment and describes the object it was looked up in (`[object Object]`, or `undefined` when the
/// parent is missing too). A path whose intermediate segment is missing fails earlier, with
/// JavaScript's `TypeError`.
pub(super) fn missing_field(
    r: &Renderer<'_>,
    at: Lookup<'_>,
    offset: Option<usize>,
) -> RenderFault {
    let name = at.parts.last().cloned().unwrap_or_default();
    let prefixes = prefixes(at);
    // Each prefix but the last is dereferenced without a check; undefined there is a TypeError.
    for n in prefixes.start..prefixes.end.saturating_sub(1) {
        let missing = r
            .scope
            .get(Lookup {
                parts: &at.parts[..n],
                ..at
            })
            .is_none_or(|v| v.is_null());
        if missing {
            let next = at.parts.get(n).cloned().unwrap_or_default();
            return fault(
                RenderFaultReason::TypeError(format!(
                    "Cannot read properties of undefined (reading '{next}')"
                )),
                None,
            );
        }
    }
    if let Some(error) = in_primitive(r, at) {
        return error;
    }
    let parent = value::js_string(parent_of(r, at).as_deref());
    fault(RenderFaultReason::MissingField { name, parent }, offset)
}

/// The value strict mode checks the last segment of a path against: the value of the path
/// without its last segment, or `this`.
fn parent_of<'a>(r: &Renderer<'a>, at: Lookup<'_>) -> Option<Val<'a>> {
    let prefixes = prefixes(at);
    if prefixes.is_empty() {
        return Some(r.scope.this(at.parents));
    }
    // Not empty: `prefixes.end` is above its start (at least 1) and at most the number of parts.
    r.scope.get(Lookup {
        parts: &at.parts[..prefixes.end - 1],
        ..at
    })
}

/// handlebars.js's strict check is `!obj || !(name in obj)`: on a truthy primitive (a non-empty
/// string, a non-zero number, `true`) JavaScript's `in` throws a `TypeError`.
fn in_primitive(r: &Renderer<'_>, at: Lookup<'_>) -> Option<RenderFault> {
    let parent = parent_of(r, at)?;
    let primitive = match &*parent {
        Json::String(s) => !s.is_empty(),
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Json::Bool(b) => *b,
        _ => false,
    };
    primitive.then(|| {
        let name = at.parts.last().cloned().unwrap_or_default();
        fault(
            RenderFaultReason::TypeError(format!(
                "Cannot use 'in' operator to search for '{name}' in {}",
                value::js_string(Some(&parent))
            )),
            None,
        )
    })
}

//! Looking a path up the way the dialect does: a name on an array (`items.length`) reads as
//! JavaScript or Go would instead of failing; production reads a slice item by item and looks
//! a missing name up in the enclosing contexts; preview reads a helper's argument with no strict
//! check, so that `undefined.b` is JavaScript's `TypeError`.

use serde_json::Value as Json;

use super::{depths, fault, missing_helper};
use crate::render::eval::Renderer;
use crate::render::scope::{child, Lookup, Val};
use crate::render::syntax::Path;
use crate::render::{Dialect, RenderFault, RenderFaultReason};

/// A path written in a template, as the scope reads it.
#[must_use]
pub fn lookup(path: &Path) -> Lookup<'_> {
    Lookup {
        parents: path.parents,
        data: path.data,
        explicit_this: path.explicit_this,
        parts: &path.parts,
    }
}

/// `path` with its `../` steps turned into the frames they name (preview: handlebars.js's
/// depths, see [`depths::translate`]). `Ok(None)` when it climbs above the root to `undefined`;
/// an error when it reads a name there (located at `offset` when printed).
///
/// # Errors
/// A name read above the root.
pub fn climbed<'p>(
    r: &Renderer<'_>,
    path: &'p Path,
    offset: Option<usize>,
) -> Result<Option<Lookup<'p>>, RenderFault> {
    let at = lookup(path);
    if r.dialect == Dialect::Production {
        return Ok(Some(at));
    }
    match depths::translate(at, &r.scope) {
        Some(at) => Ok(Some(at)),
        None => missing_helper::above_root(path, offset).map_or(Ok(None), Err),
    }
}

/// A helper's argument: looked up with no strict check (a miss is `undefined`), except that
/// preview reading a name of `undefined` or `null` on the way is a `TypeError`.
///
/// # Errors
/// Preview's `TypeError`s.
pub fn argument<'a>(
    r: &Renderer<'a>,
    path: &'a Path,
    block_param: bool,
    depth: usize,
) -> Result<Option<Val<'a>>, RenderFault> {
    let Some(at) = climbed(r, path, None)? else {
        return Ok(None);
    };
    let found = resolve(r, at, depth);
    if r.dialect == Dialect::Preview && found.is_none() {
        if let Some(error) = unchecked_type_error(r, at, block_param) {
            return Err(error);
        }
    }
    Ok(found)
}

/// Resolves `at` in the current scope. A path that does not resolve is `None`, except
/// `<array>.length` (and `<string>.length`, and `length` alone in an array or string context) in
/// preview, which is JavaScript's length, and, in production, a path found in an enclosing
/// context (`depth` is how many enclosing blocks changed the context).
#[must_use]
pub fn resolve<'a>(r: &Renderer<'a>, at: Lookup<'_>, depth: usize) -> Option<Val<'a>> {
    let scope = &r.scope;
    if r.dialect == Dialect::Production && !at.data {
        if let Some(found) = per_item(r, at.parts, at.parents) {
            return Some(found);
        }
    }
    if let Some(found) = scope.get(at) {
        return Some(found);
    }
    if r.dialect == Dialect::Preview && at.parts.last().is_some_and(|p| p == "length") {
        // `length` alone (or `this.length`) is the context's own.
        let parent = if at.parts.len() == 1 && !at.data {
            Some(scope.this(at.parents))
        } else {
            scope.get(Lookup {
                parts: &at.parts[..at.parts.len() - 1],
                ..at
            })
        };
        match parent.as_deref() {
            Some(Json::Array(items)) => return Some(Val::made(Json::from(items.len()))),
            Some(Json::String(s)) => return Some(Val::made(Json::from(s.encode_utf16().count()))),
            _ => {}
        }
    }
    if r.dialect == Dialect::Production {
        if let Some(found) = enclosing_context(r, at, depth) {
            return found;
        }
    }
    None
}

/// raymond 2.0.2's `evalDepthPath` (eval.go): a path whose *first* segment the context does not
/// have is tried in each enclosing context in turn, up to the root; the first context that has
/// the first segment decides (even when a later segment is missing there).
fn enclosing_context<'a>(
    r: &Renderer<'a>,
    at: Lookup<'_>,
    depth: usize,
) -> Option<Option<Val<'a>>> {
    if at.parts.is_empty() || at.data || at.explicit_this {
        return None;
    }
    let scope = &r.scope;
    let has_first = |k: usize| {
        scope
            .get(Lookup {
                parents: k,
                parts: &at.parts[..1],
                ..at
            })
            .is_some()
    };
    let is_array = |k: usize| scope.this(k).is_array();
    if has_first(at.parents) {
        return None;
    }
    let k = (at.parents + 1..=depth).find(|&k| is_array(k) || has_first(k))?;
    if let Some(found) = per_item(r, at.parts, k) {
        return Some(Some(found));
    }
    Some(scope.get(Lookup { parents: k, ..at }))
}

/// raymond 2.0.2's `evalCtxPath` (eval.go) on a context that is a slice: the path is evaluated
/// against each item, and the values found make a list (printed concatenated; empty when no item
/// has it, and then no enclosing context is tried). `None` when the context `level` frames up is
/// not an array, or the path is the context itself.
fn per_item<'a>(r: &Renderer<'a>, parts: &[String], level: usize) -> Option<Val<'a>> {
    if parts.is_empty() {
        return None;
    }
    let context = r.scope.this(level);
    let Json::Array(items) = &*context else {
        return None;
    };
    let found = items
        .iter()
        .filter_map(|item| parts.iter().try_fold(item, |v, part| child(v, part)))
        .cloned()
        .collect();
    Some(Val::made(Json::Array(found)))
}

/// The proper prefixes of a path that strict mode and JavaScript read on the way: the number of
/// parts of each (`a.b.c`: 1, 2; `@root.a.b`: 2 — `@root` itself is not read).
pub(super) fn prefixes(at: Lookup<'_>) -> std::ops::Range<usize> {
    let first = if at.data && at.parts.first().is_some_and(|p| p == "root") {
        2
    } else {
        1
    };
    first..at.parts.len().max(first)
}

/// handlebars.js reads a helper argument's segments one by one with no strict check:
/// `undefined.b` or `null.b` is JavaScript's `TypeError` (`{{queryEncode a.b}}` with `a` missing).
fn unchecked_type_error(
    r: &Renderer<'_>,
    at: Lookup<'_>,
    block_param: bool,
) -> Option<RenderFault> {
    let scope = &r.scope;
    let type_error = |message: String| fault(RenderFaultReason::TypeError(message), None);
    // The context itself is read first (`{{#each}}` over a `null` item makes it `null`).
    let itself = at.parents == 0 && at.explicit_this && at.parts.is_empty();
    if !block_param && !at.data && !itself && scope.this(at.parents).is_null() {
        let first = at.parts.first().cloned().unwrap_or_default();
        return Some(type_error(format!(
            "Cannot read properties of null (reading '{first}')"
        )));
    }
    for n in prefixes(at) {
        let value = scope.get(Lookup {
            parts: &at.parts[..n],
            ..at
        });
        let nothing = match value.as_deref() {
            None => Some("undefined"),
            Some(Json::Null) => Some("null"),
            Some(_) => None,
        };
        if let Some(nothing) = nothing {
            let next = at.parts.get(n).cloned().unwrap_or_default();
            return Some(type_error(format!(
                "Cannot read properties of {nothing} (reading '{next}')"
            )));
        }
    }
    None
}

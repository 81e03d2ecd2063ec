//! handlebars.js's `depths` (preview): the contexts `../` climbs through.
//!
//! handlebars.js 4.7.7 adds a depth only when a block's context differs from the current depth
//! (`wrapProgram` in runtime.js: `context != depths[0]`, JavaScript's loose `!=`), so `../` counts
//! context changes, not blocks: in `{{#with s}}{{#with this}}{{../k}}` the inner `with` adds
//! nothing and `../k` reads the root. The `handlebars` crate counts blocks; each block Hookpad
//! pushes in preview records, as a local variable no template can name, the block levels of the
//! depths seen from it, and paths are translated to those levels before they are looked up.

use std::borrow::Cow;

use handlebars::{Context, RenderContext, ScopedJson};
use serde_json::Value as Json;

use crate::render::value;

/// The local variable holding a block's depth levels (a space: no template can name it).
const LEVELS: &str = "hookpad depths";

/// The block levels (0 = the current block) of `depths[0]`, `depths[1]`, …: `[0]` at the root.
pub(super) fn levels(rc: &RenderContext<'_, '_>) -> Vec<usize> {
    rc.block()
        .and_then(|b| b.get_local_var(LEVELS))
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Json::as_u64)
                .filter_map(|l| usize::try_from(l).ok())
                .collect()
        })
        .filter(|l: &Vec<usize>| !l.is_empty())
        .unwrap_or_else(|| vec![0])
}

/// Records the depth levels of the block just pushed (with its context set), given `parent`, the
/// levels of the block it was pushed on.
pub(super) fn enter<'rc>(rc: &mut RenderContext<'_, 'rc>, ctx: &'rc Context, parent: &[usize]) {
    let depth0 = format!(
        "{}this",
        "../".repeat(parent.first().copied().unwrap_or(0) + 1)
    );
    let same = match (rc.evaluate(ctx, "this"), rc.evaluate(ctx, &depth0)) {
        (Ok(a), Ok(b)) => same_context(&a, &b),
        _ => false,
    };
    let levels: Vec<Json> = (!same)
        .then_some(0)
        .into_iter()
        .chain(parent.iter().map(|l| l + 1))
        .map(Json::from)
        .collect();
    if let Some(block) = rc.block_mut() {
        block.set_local_var(LEVELS, Json::Array(levels));
    }
}

/// Records that the block just pushed adds no depth (its context is the current depth's).
pub(super) fn same(rc: &mut RenderContext<'_, '_>, parent: &[usize]) {
    let levels: Vec<Json> = parent.iter().map(|l| Json::from(l + 1)).collect();
    if let Some(block) = rc.block_mut() {
        block.set_local_var(LEVELS, Json::Array(levels));
    }
}

/// `context == depths[0]`: the same object (values reached by the same place in the data; a copy
/// made by a helper compares by value), or loosely equal primitives.
fn same_context(a: &ScopedJson<'_>, b: &ScopedJson<'_>) -> bool {
    match (a, b) {
        (ScopedJson::Missing, ScopedJson::Missing) => true,
        (ScopedJson::Missing, _) | (_, ScopedJson::Missing) => false,
        (ScopedJson::Context(x, _), ScopedJson::Context(y, _)) if x.is_object() || x.is_array() => {
            std::ptr::eq(*x, *y)
        }
        _ => value::js_loose_equal(a.as_json(), b.as_json()),
    }
}

/// Where `raw` climbs to: its leading `../` steps replaced by the block levels of the depths they
/// name. `None` when it climbs above the root (handlebars.js reads `undefined` there).
pub(super) fn translate<'a>(raw: &'a str, rc: &RenderContext<'_, '_>) -> Option<Cow<'a, str>> {
    let rest = raw.trim_start_matches("../");
    let steps = (raw.len() - rest.len()) / 3;
    if steps == 0 {
        return Some(Cow::Borrowed(raw));
    }
    let level = *levels(rc).get(steps)?;
    Some(Cow::Owned(format!("{}{rest}", "../".repeat(level))))
}

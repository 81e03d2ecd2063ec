//! handlebars.js's `depths` (preview): the contexts `../` climbs through.
//!
//! handlebars.js 4.7.7 adds a depth only when a block's context differs from the current depth
//! (`wrapProgram` in runtime.js: `context != depths[0]`, JavaScript's loose `!=`), so `../` counts
//! context changes, not blocks: in `{{#with s}}{{#with this}}{{../k}}` the inner `with` adds
//! nothing and `../k` reads the root. Hookpad pushes a frame for every block that may change the
//! context; each frame records the frame distances of the depths seen from it, and a path's
//! `../` steps are translated to those distances before it is looked up.

use std::rc::Rc;

use crate::render::scope::{Lookup, Scope, Val};
use crate::render::value;

/// The depth levels of the innermost frame.
#[must_use]
pub fn levels(scope: &Scope<'_>) -> Rc<Vec<usize>> {
    Rc::clone(&scope.top().levels)
}

/// Records the depth levels of the frame just pushed, given `parent`, the levels of the frame
/// it was pushed on.
pub fn enter(scope: &mut Scope<'_>, parent: &[usize]) {
    let depth0 = scope.this(parent.first().copied().unwrap_or(0) + 1);
    let same = same_context(&scope.this(0), &depth0);
    let levels: Vec<usize> = (!same)
        .then_some(0)
        .into_iter()
        .chain(parent.iter().map(|l| l + 1))
        .collect();
    set(scope, levels);
}

/// Records that the frame just pushed adds no depth (its context is the current depth's).
pub fn same(scope: &mut Scope<'_>, parent: &[usize]) {
    set(scope, parent.iter().map(|l| l + 1).collect());
}

fn set(scope: &mut Scope<'_>, levels: Vec<usize>) {
    if let Some(top) = scope.frames.last_mut() {
        top.levels = Rc::new(levels);
    }
}

/// `context == depths[0]`: the same object (values reached by the same place in the data; a copy
/// made by a helper compares by value), or loosely equal primitives.
fn same_context(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Data(x), Val::Data(y)) if x.is_object() || x.is_array() => std::ptr::eq(*x, *y),
        _ => value::js_loose_equal(a, b),
    }
}

/// Where `at` climbs to: its leading `../` steps replaced by the frame distances of the depths
/// they name. `None` when it climbs above the root (handlebars.js reads `undefined` there).
#[must_use]
pub fn translate<'p>(at: Lookup<'p>, scope: &Scope<'_>) -> Option<Lookup<'p>> {
    // `@../index` names a frame, not a depth (the engine this replaces read it so).
    if at.parents == 0 || at.data {
        return Some(at);
    }
    let level = *scope.top().levels.get(at.parents)?;
    Some(Lookup {
        parents: level,
        ..at
    })
}

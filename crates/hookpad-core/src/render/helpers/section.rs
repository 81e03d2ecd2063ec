//! `{{#name}}...{{/name}}` where `name` is not a helper: a mustache-style section
//! (handlebars.js `blockHelperMissing`).
//!
//! Preview looks the name up strictly (a missing name is an error at its location); `true` renders
//! the block, `false`/`null` the inverse, an array iterates like `#each`, any other value renders
//! the block with that value as `this`. Production follows raymond: a false value (Go truthiness)
//! renders the inverse.

use serde_json::Value as Json;

use super::path::{climbed, resolve};
use super::print::missing_field;
use super::program::{add, render_part};
use super::{depths, each};
use crate::render::compile::BlockStep;
use crate::render::eval::Renderer;
use crate::render::scope::Frame;
use crate::render::syntax::Path;
use crate::render::{run, value, Dialect, RenderFault};

/// Renders a section; `(simple, last)`: (preview) the section is its program's only statement,
/// the last section of its program (see `run`).
///
/// # Errors
/// Strict mode's error for a missing name, the block's fault.
pub fn render<'a>(
    r: &mut Renderer<'a>,
    step: &'a BlockStep,
    path: &'a Path,
    offset: usize,
    depth: usize,
    (simple, last): (bool, bool),
) -> Result<(), RenderFault> {
    if r.dialect == Dialect::Production {
        return body(r, step, path, offset, depth);
    }
    // handlebars.js appends a section's value to its program's `buffer` (see `run`).
    if !simple {
        run::section_start();
    }
    run::begin();
    let result = body(r, step, path, offset, depth);
    let outcome = run::end();
    result?;
    if simple {
        add(r, &outcome)
    } else {
        run::section_end(&outcome, last);
        Ok(())
    }
}

fn body<'a>(
    r: &mut Renderer<'a>,
    step: &'a BlockStep,
    path: &'a Path,
    offset: usize,
    depth: usize,
) -> Result<(), RenderFault> {
    let inverse = step.inverse.as_ref();
    let Some(at) = climbed(r, path, Some(offset))? else {
        return render_part(r, inverse);
    };
    let Some(v) = resolve(r, at, depth) else {
        if r.dialect == Dialect::Preview {
            return Err(missing_field(r, at, Some(offset)));
        }
        return render_part(r, inverse);
    };
    let truth = match r.dialect {
        Dialect::Preview => !matches!(*v, Json::Null | Json::Bool(false)),
        Dialect::Production => value::truthy(Some(&v), r.dialect, false),
    };
    if !truth {
        return render_part(r, inverse);
    }
    match &*v {
        Json::Bool(true) => render_part(r, step.program.as_ref()),
        Json::Array(_) => {
            if each::iterate(r, v, step, step.program.as_ref())? {
                Ok(())
            } else {
                render_part(r, inverse)
            }
        }
        _ => {
            let parent = depths::levels(&r.scope);
            r.scope.push(Frame::new(v));
            if r.dialect == Dialect::Preview {
                depths::enter(&mut r.scope, &parent);
            }
            let result = render_part(r, step.program.as_ref());
            r.scope.pop();
            result
        }
    }
}

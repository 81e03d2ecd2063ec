//! Rendering a block's program as handlebars.js runs it: in preview its value joins the current
//! `+` expression ([`crate::render::run`]), and a helper called where `this` is `null` hands its
//! program handlebars.js's `nullContext` (`{}`) instead.

use std::rc::Rc;

use serde_json::Value as Json;

use super::depths;
use crate::render::compile::Program;
use crate::render::eval::Renderer;
use crate::render::run::{self, Outcome};
use crate::render::scope::{Frame, Val};
use crate::render::{Dialect, RenderFault};

/// Renders an optional block program with the current context (no program: `noop`, `""`).
///
/// # Errors
/// The program's fault.
pub fn render_part<'a>(
    r: &mut Renderer<'a>,
    program: Option<&'a Rc<Program>>,
) -> Result<(), RenderFault> {
    match (program, r.dialect) {
        (Some(p), Dialect::Production) => r.program(p),
        (None, Dialect::Production) => Ok(()),
        (None, Dialect::Preview) => add(r, &Outcome::Str),
        (Some(p), Dialect::Preview) => joined(r, |r| r.program(p)),
    }
}

/// Renders with `render` as one handlebars.js expression of its own (its own `+` run), then
/// adds that expression's value to the current one (preview).
///
/// # Errors
/// The fault of `render`.
pub fn joined<'a>(
    r: &mut Renderer<'a>,
    render: impl FnOnce(&mut Renderer<'a>) -> Result<(), RenderFault>,
) -> Result<(), RenderFault> {
    run::begin();
    let result = render(r);
    let outcome = run::end();
    result?;
    add(r, &outcome)
}

/// [`render_part`] for a helper's `options.fn(this)` or `options.inverse(this)`: handlebars.js
/// calls a helper with `this` = `container.nullContext` (`{}`) where the context is `null` (an
/// `#each` over `[null]`), so its program sees `{}` (and prints `[object Object]` for `{{this}}`).
///
/// # Errors
/// The program's fault.
pub fn render_helper_part<'a>(
    r: &mut Renderer<'a>,
    program: Option<&'a Rc<Program>>,
) -> Result<(), RenderFault> {
    if r.dialect == Dialect::Preview && program.is_some() && r.scope.top().this.is_null() {
        let parent = depths::levels(&r.scope);
        let mut frame = Frame::new(Val::made(Json::Object(serde_json::Map::new())));
        frame.vars = Rc::clone(&r.scope.top().vars);
        r.scope.push(frame);
        // `wrapProgram` adds no depth for `nullContext` over a `null` depth.
        depths::same(&mut r.scope, &parent);
        let result = render_part(r, program);
        r.scope.pop();
        return result;
    }
    render_part(r, program)
}

/// Adds a program's value to the current expression.
///
/// # Errors
/// The output limit.
pub fn add(r: &mut Renderer<'_>, outcome: &Outcome) -> Result<(), RenderFault> {
    match outcome {
        Outcome::Prim(v) => run::add_prim(v),
        // Writing (even nothing) makes the expression a string.
        Outcome::Str => r.out.write("")?,
    }
    Ok(())
}

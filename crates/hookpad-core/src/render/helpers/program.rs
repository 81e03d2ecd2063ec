//! Rendering a block's program as handlebars.js runs it: in preview its value joins the current
//! `+` expression ([`crate::render::run`]), and a helper called where `this` is `null` hands its
//! program handlebars.js's `nullContext` (`{}`) instead.

use handlebars::{
    BlockContext, Context, Handlebars, Output, RenderContext, RenderError, Renderable, Template,
};
use serde_json::Value as Json;

use super::depths;
use crate::render::run::{self, Outcome};
use crate::render::Dialect;

/// Renders an optional block program with the current context (no program: `noop`, `""`).
pub(super) fn render_part<'reg: 'rc, 'rc>(
    template: Option<&'rc Template>,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
    dialect: Dialect,
) -> Result<(), RenderError> {
    match (template, dialect) {
        (Some(t), Dialect::Production) => t.render(r, ctx, rc, out),
        (None, Dialect::Production) => Ok(()),
        (None, Dialect::Preview) => add(&Outcome::Str, out),
        (Some(t), Dialect::Preview) => joined(out, |out| t.render(r, ctx, rc, out)),
    }
}

/// Renders with `render` as one handlebars.js expression of its own (its own `+` run), then
/// adds that expression's value to the current one (preview).
pub(super) fn joined(
    out: &mut dyn Output,
    render: impl FnOnce(&mut dyn Output) -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    run::begin();
    let result = render(out);
    let outcome = run::end();
    result?;
    add(&outcome, out)
}

/// [`render_part`] for a helper's `options.fn(this)` or `options.inverse(this)`: handlebars.js
/// calls a helper with `this` = `container.nullContext` (`{}`) where the context is `null` (an
/// `#each` over `[null]`), so its program sees `{}` (and prints `[object Object]` for `{{this}}`).
pub(super) fn render_helper_part<'reg: 'rc, 'rc>(
    template: Option<&'rc Template>,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
    dialect: Dialect,
) -> Result<(), RenderError> {
    if dialect == Dialect::Preview && template.is_some() && this_is_null(ctx, rc) {
        let parent = depths::levels(rc);
        let mut block = BlockContext::new();
        block.set_base_value(Json::Object(serde_json::Map::new()));
        if let Some(current) = rc.block() {
            block
                .local_variables_mut()
                .clone_from(current.local_variables());
        }
        rc.push_block(block);
        // `wrapProgram` adds no depth for `nullContext` over a `null` depth.
        depths::same(rc, &parent);
        let result = render_part(template, r, ctx, rc, out, dialect);
        rc.pop_block();
        return result;
    }
    render_part(template, r, ctx, rc, out, dialect)
}

/// Adds a program's value to the current expression.
pub(super) fn add(outcome: &Outcome, out: &mut dyn Output) -> Result<(), RenderError> {
    match outcome {
        Outcome::Prim(v) => run::add_prim(v),
        // Writing (even nothing) makes the expression a string.
        Outcome::Str => out.write("")?,
    }
    Ok(())
}

/// Whether `this` is `null` in the current block.
fn this_is_null(ctx: &Context, rc: &RenderContext<'_, '_>) -> bool {
    let Some(block) = rc.block() else {
        return ctx.data().is_null();
    };
    if let Some(v) = block.base_value() {
        return v.is_null();
    }
    let mut v = ctx.data();
    for segment in block.base_path() {
        v = match v {
            Json::Object(map) => match map.get(segment) {
                Some(next) => next,
                None => return false,
            },
            Json::Array(items) => match segment.parse::<usize>().ok().and_then(|i| items.get(i)) {
                Some(next) => next,
                None => return false,
            },
            _ => return false,
        };
    }
    v.is_null()
}

//! `{{#with v}}`: renders the block with `v` as `this`, or the inverse when `v` is empty.

use std::rc::Rc;

use super::program::{render_helper_part, render_part};
use super::{depths, Args};
use crate::render::compile::BlockStep;
use crate::render::eval::Renderer;
use crate::render::scope::Frame;
use crate::render::{value, Dialect, RenderFault};

/// `{{#with}}`.
///
/// # Errors
/// The block's fault.
pub fn render<'a>(
    r: &mut Renderer<'a>,
    step: &'a BlockStep,
    args: &Args<'a>,
) -> Result<(), RenderFault> {
    let v = match args.val(0) {
        Some(v) if !value::is_empty(Some(&v), r.dialect) => v,
        _ => return render_helper_part(r, step.inverse.as_ref()),
    };
    let parent = depths::levels(&r.scope);
    let top = r.scope.top();
    let mut frame = Frame::new(v.clone());
    // The data variables (`@index`) of the enclosing block stay visible.
    frame.vars = Rc::clone(&top.vars);
    frame.levels = Rc::clone(&top.levels);
    if let [name] = step.block_params.as_slice() {
        frame.params.push((name.as_str(), v));
    }
    r.scope.push(frame);
    if r.dialect == Dialect::Preview {
        depths::enter(&mut r.scope, &parent);
    }
    let result = render_part(r, step.program.as_ref());
    r.scope.pop();
    result
}

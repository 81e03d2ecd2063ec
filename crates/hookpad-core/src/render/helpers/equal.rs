//! `{{#equal a b}}...{{else}}...{{/equal}}` and `equalWithElse`.
//!
//! Preview compares with JavaScript `===`; production compares string forms, and raymond's
//! built-in `equal` has no `{{else}}` (the inverse renders nothing), unlike `equalWithElse`.

use super::program::render_helper_part;
use super::Args;
use crate::render::compile::BlockStep;
use crate::render::eval::Renderer;
use crate::render::{value, RenderFault};

/// `{{#equal}}`; `with_else`: whether the `{{else}}` part renders when the values differ.
///
/// # Errors
/// The part's fault.
pub fn render<'a>(
    r: &mut Renderer<'a>,
    step: &'a BlockStep,
    args: &Args<'a>,
    with_else: bool,
) -> Result<(), RenderFault> {
    if value::equal(args.get(0), args.get(1), r.dialect) {
        render_helper_part(r, step.program.as_ref())
    } else if with_else {
        render_helper_part(r, step.inverse.as_ref())
    } else {
        Ok(())
    }
}

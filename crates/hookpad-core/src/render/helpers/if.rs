//! `{{#if v}}` and `{{#unless v}}`, with `includeZero=true`.

use super::program::render_helper_part;
use super::Args;
use crate::render::compile::BlockStep;
use crate::render::eval::Renderer;
use crate::render::{value, RenderFault};

/// `{{#if}}`, or `{{#unless}}` when `negate`.
///
/// # Errors
/// The part's fault.
pub fn render<'a>(
    r: &mut Renderer<'a>,
    step: &'a BlockStep,
    args: &Args<'a>,
    negate: bool,
) -> Result<(), RenderFault> {
    let include_zero = args
        .hash_get("includeZero")
        .is_some_and(|v| value::truthy(Some(v), r.dialect, false));
    let truth = value::truthy(args.get(0), r.dialect, include_zero);
    let part = if truth != negate {
        step.program.as_ref()
    } else {
        step.inverse.as_ref()
    };
    render_helper_part(r, part)
}

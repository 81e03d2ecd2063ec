//! `{{#equal a b}}...{{else}}...{{/equal}}` and `equalWithElse`.
//!
//! Preview compares with JavaScript `===`; production compares string forms, and raymond's
//! built-in `equal` has no `{{else}}` (the inverse renders nothing), unlike `equalWithElse`.

use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext};

use super::{arg, render_helper_part};
use crate::render::{value, Dialect};

pub struct Equal {
    pub dialect: Dialect,
    /// Whether the `{{else}}` part renders when the values differ.
    pub with_else: bool,
}

impl HelperDef for Equal {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        if value::equal(arg(h, 0), arg(h, 1), self.dialect) {
            render_helper_part(h.template(), r, ctx, rc, out, self.dialect)
        } else if self.with_else {
            render_helper_part(h.inverse(), r, ctx, rc, out, self.dialect)
        } else {
            Ok(())
        }
    }
}

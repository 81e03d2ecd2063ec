//! `{{#if v}}` and `{{#unless v}}`, with `includeZero=true`.

use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext};

use super::{arg, render_helper_part};
use crate::render::{value, Dialect};

pub struct If {
    pub dialect: Dialect,
    /// `unless`: render the block when the value is false.
    pub negate: bool,
}

impl HelperDef for If {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let include_zero = h
            .hash_get("includeZero")
            .is_some_and(|v| value::truthy(Some(v.value()), self.dialect, false));
        let truth = value::truthy(arg(h, 0), self.dialect, include_zero);
        let part = if truth != self.negate {
            h.template()
        } else {
            h.inverse()
        };
        render_helper_part(part, r, ctx, rc, out, self.dialect)
    }
}

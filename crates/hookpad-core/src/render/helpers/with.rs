//! `{{#with v}}`: renders the block with `v` as `this`, or the inverse when `v` is empty.

use handlebars::{
    BlockParams, Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext,
};

use super::{arg, block_for, depths, render_helper_part, render_part};
use crate::render::{value, Dialect};

pub struct With {
    pub dialect: Dialect,
}

impl HelperDef for With {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let (Some(param), false) = (h.param(0), value::is_empty(arg(h, 0), self.dialect)) else {
            return render_helper_part(h.inverse(), r, ctx, rc, out, self.dialect);
        };
        let mut block = block_for(param);
        if let Some(parent) = rc.block() {
            block
                .local_variables_mut()
                .clone_from(parent.local_variables());
        }
        if let Some(name) = h.block_param() {
            let mut params = BlockParams::new();
            if param.context_path().is_some() {
                params.add_path(name, Vec::new())?;
            } else {
                params.add_value(name, param.value().clone())?;
            }
            block.set_block_params(params);
        }
        let parent = depths::levels(rc);
        rc.push_block(block);
        if self.dialect == Dialect::Preview {
            depths::enter(rc, ctx, &parent);
        }
        let result = render_part(h.template(), r, ctx, rc, out, self.dialect);
        rc.pop_block();
        result
    }
}

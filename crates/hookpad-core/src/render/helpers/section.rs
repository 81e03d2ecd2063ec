//! `{{#name}}...{{/name}}` where `name` is not a helper: a mustache-style section
//! (handlebars.js `blockHelperMissing`).
//!
//! Preview looks the name up strictly (a missing name is an error at its location); `true` renders
//! the block, `false`/`null` the inverse, an array iterates like `#each`, any other value renders
//! the block with that value as `this`. Production follows raymond: a false value (Go truthiness)
//! renders the inverse.

use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext};
use serde_json::Value as Json;

use super::{
    block_for, depths, each, lazy_path, print::missing_field, program, render_part, usize_param,
};
use crate::render::{run, value, Dialect};

pub struct Section {
    pub dialect: Dialect,
}

impl HelperDef for Section {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        if self.dialect == Dialect::Production {
            return self.render(h, r, ctx, rc, out);
        }
        // handlebars.js appends a section's value to its program's `buffer` (see `run`); the
        // builder marks a section that is its program's only statement (`simple`) and the last
        // section of its program (`last`).
        let flag = |name| {
            h.hash_get(name)
                .is_some_and(|v| v.value() == &Json::Bool(true))
        };
        let simple = flag("simple");
        if !simple {
            run::section_start();
        }
        run::begin();
        let result = self.render(h, r, ctx, rc, out);
        let outcome = run::end();
        result?;
        if simple {
            program::add(&outcome, out)
        } else {
            run::section_end(&outcome, flag("last"));
            Ok(())
        }
    }
}

impl Section {
    fn render<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some(param) = lazy_path(h, 0, ctx, rc, self.dialect)? else {
            return render_part(h.inverse(), r, ctx, rc, out, self.dialect);
        };
        if param.is_value_missing() {
            if self.dialect == Dialect::Preview {
                return Err(missing_field(&param, usize_param(h, 1), ctx, rc));
            }
            return render_part(h.inverse(), r, ctx, rc, out, self.dialect);
        }
        let param = &param;
        let v = param.value();
        let truth = match self.dialect {
            Dialect::Preview => !matches!(v, Json::Null | Json::Bool(false)),
            Dialect::Production => value::truthy(Some(v), self.dialect, false),
        };
        if !truth {
            return render_part(h.inverse(), r, ctx, rc, out, self.dialect);
        }
        match v {
            Json::Bool(true) => render_part(h.template(), r, ctx, rc, out, self.dialect),
            Json::Array(_) => {
                if each::iterate(param, h, h.template(), r, ctx, rc, out, self.dialect)? {
                    Ok(())
                } else {
                    render_part(h.inverse(), r, ctx, rc, out, self.dialect)
                }
            }
            _ => {
                let parent = depths::levels(rc);
                rc.push_block(block_for(param));
                if self.dialect == Dialect::Preview {
                    depths::enter(rc, ctx, &parent);
                }
                let result = render_part(h.template(), r, ctx, rc, out, self.dialect);
                rc.pop_block();
                result
            }
        }
    }
}

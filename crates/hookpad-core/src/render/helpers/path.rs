//! `(__path "a.b")`: looks a path up the way the dialect does. The builder turns every path in a
//! helper call into this, so that a path the `handlebars` crate cannot walk (a name on an array,
//! such as `items.length`) resolves as JavaScript or Go would instead of failing the render.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value as Json;

use super::str_param;
use crate::render::Dialect;

pub struct LookupPath {
    pub dialect: Dialect,
}

/// Resolves `raw` in the current scope. A path that does not resolve is `Missing`, except
/// `<array>.length` (and `<string>.length`) in preview, which is JavaScript's length.
pub fn resolve<'rc>(
    raw: &str,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
    dialect: Dialect,
) -> ScopedJson<'rc> {
    // The crate resolves `@root.x` but not `@root` itself.
    if raw == "@root" {
        return ScopedJson::Context(ctx.data(), Vec::new());
    }
    match rc.evaluate(ctx, raw) {
        Ok(v) if !v.is_missing() => v,
        _ => {
            if dialect == Dialect::Preview {
                if let Some(parent) = raw
                    .strip_suffix(".length")
                    .or_else(|| raw.strip_suffix("/length"))
                {
                    if let Ok(p) = rc.evaluate(ctx, parent) {
                        match p.as_json() {
                            Json::Array(items) => {
                                return ScopedJson::Derived(Json::from(items.len()))
                            }
                            Json::String(s) => {
                                return ScopedJson::Derived(Json::from(s.encode_utf16().count()))
                            }
                            _ => {}
                        }
                    }
                }
            }
            ScopedJson::Missing
        }
    }
}

impl HelperDef for LookupPath {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        Ok(resolve(str_param(h, 0), ctx, rc, self.dialect))
    }
}

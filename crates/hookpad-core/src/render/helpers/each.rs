//! `{{#each v}}`: iterates arrays in order and objects in the dialect's key order, with `@index`,
//! `@key`, `@first`, `@last` and block parameters `as |item key|`.
//!
//! handlebars.js enumerates object keys in JavaScript order (integer-like keys ascending, then
//! insertion order). raymond iterates a Go map, whose order is random; production keeps the input
//! order, and the simulation reports that the real order is not guaranteed.

use handlebars::{
    BlockContext, BlockParams, Context, Handlebars, Helper, HelperDef, HelperResult, Output,
    PathAndJson, RenderContext, RenderError, Renderable, Template,
};
use serde_json::Value as Json;

use super::{arg, block_for, program, render_helper_part};
use crate::render::{value, Dialect};

pub struct Each {
    pub dialect: Dialect,
}

impl HelperDef for Each {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        // Preview: `each` returns `ret`, a string, or `inverse(this)` (see `run`).
        match self.dialect {
            Dialect::Preview => program::joined(out, |out| self.render(h, r, ctx, rc, out)),
            Dialect::Production => self.render(h, r, ctx, rc, out),
        }
    }
}

impl Each {
    fn render<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let iterated = match (h.param(0), arg(h, 0)) {
            (Some(param), Some(_)) if self.dialect == Dialect::Preview => {
                iterate(param, h, h.template(), r, ctx, rc, out, self.dialect)?
            }
            // raymond's `eachHelper`: a true value that is neither a slice nor a map (a
            // string, a number) renders nothing, not the inverse.
            (Some(param), Some(_)) if value::truthy(arg(h, 0), self.dialect, false) => {
                iterate(param, h, h.template(), r, ctx, rc, out, self.dialect)?;
                true
            }
            _ => false,
        };
        if iterated {
            Ok(())
        } else {
            render_helper_part(h.inverse(), r, ctx, rc, out, self.dialect)
        }
    }
}

/// Renders `template` once per item of the parameter's array or object. Returns whether it had
/// any item (JavaScript `each` renders the inverse when it had none).
#[allow(clippy::too_many_arguments)]
pub(super) fn iterate<'reg: 'rc, 'rc>(
    param: &PathAndJson<'rc>,
    h: &Helper<'rc>,
    template: Option<&'rc Template>,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
    dialect: Dialect,
) -> Result<bool, RenderError> {
    let entries: Vec<(Json, &Json)> = match param.value() {
        Json::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Json::from(i), v))
            .collect(),
        Json::Object(map) => {
            let keys: Vec<&String> = match dialect {
                Dialect::Preview => value::js_key_order(map),
                Dialect::Production => map.keys().collect(),
            };
            keys.into_iter()
                .filter_map(|k| map.get(k).map(|v| (Json::from(k.as_str()), v)))
                .collect()
        }
        _ => return Ok(false),
    };
    if entries.is_empty() {
        return Ok(false);
    }
    if dialect == Dialect::Preview {
        // `ret = ''`: the value is a string.
        out.write("")?;
    }
    let Some(template) = template else {
        return Ok(true);
    };
    let is_object = param.value().is_object();
    let base_path = param.context_path();
    let len = entries.len();
    let parent = super::depths::levels(rc);
    // raymond pushes no context for a `nil` item (`evalProgram`: `if ctxVal.IsValid()`), so
    // `this` stays the enclosing context.
    let enclosing = rc
        .block()
        .map(|b| (b.base_path().clone(), b.base_value().cloned()));
    rc.push_block(block_for(param));
    let mut result = Ok(());
    for (i, (key, item)) in entries.into_iter().enumerate() {
        if let Err(e) = crate::render::limits::spend_iteration() {
            result = Err(e);
            break;
        }
        if let Some(block) = rc.block_mut() {
            *block = BlockContext::new();
            block.set_local_var("first", Json::Bool(i == 0));
            block.set_local_var("last", Json::Bool(i == len - 1));
            block.set_local_var("index", Json::from(i));
            // raymond's `eachHelper` gives an array item no key (`newIterDataFrame(len, i, nil)`).
            let key_var = match (is_object, dialect) {
                (true, _) => key.clone(),
                (false, Dialect::Preview) => Json::from(i),
                (false, Dialect::Production) => Json::Null,
            };
            block.set_local_var("key", key_var);
            let segment = match &key {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            match (base_path, &enclosing) {
                _ if dialect == Dialect::Production && item.is_null() => match &enclosing {
                    Some((_, Some(value))) => block.set_base_value(value.clone()),
                    Some((path, None)) => block.base_path_mut().clone_from(path),
                    None => {}
                },
                (Some(path), _) => {
                    let mut p = path.clone();
                    p.push(segment);
                    *block.base_path_mut() = p;
                }
                (None, _) => block.set_base_value(item.clone()),
            }
            let mut params = BlockParams::new();
            let set = |params: &mut BlockParams<'rc>| -> Result<(), RenderError> {
                if let Some(name) = h.block_param() {
                    if base_path.is_some() {
                        params.add_path(name, Vec::new())?;
                    } else {
                        params.add_value(name, item.clone())?;
                    }
                } else if let Some((name, key_name)) = h.block_param_pair() {
                    if base_path.is_some() {
                        params.add_path(name, Vec::new())?;
                    } else {
                        params.add_value(name, item.clone())?;
                    }
                    params.add_value(key_name, key.clone())?;
                }
                Ok(())
            };
            set(&mut params)?;
            block.set_block_params(params);
        }
        if dialect == Dialect::Preview {
            super::depths::enter(rc, ctx, &parent);
        }
        result = match dialect {
            Dialect::Preview => program::joined(out, |out| template.render(r, ctx, rc, out)),
            Dialect::Production => template.render(r, ctx, rc, out),
        };
        if result.is_err() {
            break;
        }
    }
    rc.pop_block();
    result.map(|()| true)
}

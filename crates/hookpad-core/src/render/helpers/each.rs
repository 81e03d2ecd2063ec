//! `{{#each v}}`: iterates arrays in order and objects in the dialect's key order, with `@index`,
//! `@key`, `@first`, `@last` and block parameters `as |item key|`.
//!
//! handlebars.js enumerates object keys in JavaScript order (integer-like keys ascending, then
//! insertion order). raymond iterates a Go map, whose order is random; production keeps the input
//! order, and the simulation reports that the real order is not guaranteed.

use std::rc::Rc;

use serde_json::Value as Json;

use super::program::{joined, render_helper_part};
use super::{depths, Args};
use crate::render::compile::{BlockStep, Program};
use crate::render::eval::Renderer;
use crate::render::limits::spend_iteration;
use crate::render::scope::{DataVars, Frame, Val};
use crate::render::{value, Dialect, RenderFault};

/// `{{#each}}`.
///
/// # Errors
/// The block's fault, the iteration limit.
pub fn render<'a>(
    r: &mut Renderer<'a>,
    step: &'a BlockStep,
    args: &Args<'a>,
) -> Result<(), RenderFault> {
    // Preview: `each` returns `ret`, a string, or `inverse(this)` (see `run`).
    match r.dialect {
        Dialect::Preview => joined(r, |r| body(r, step, args)),
        Dialect::Production => body(r, step, args),
    }
}

fn body<'a>(r: &mut Renderer<'a>, step: &'a BlockStep, args: &Args<'a>) -> Result<(), RenderFault> {
    let iterated = match args.val(0) {
        Some(v) if r.dialect == Dialect::Preview => iterate(r, v, step, step.program.as_ref())?,
        // raymond's `eachHelper`: a true value that is neither a slice nor a map (a string, a
        // number) renders nothing, not the inverse.
        Some(v) if value::truthy(Some(&v), r.dialect, false) => {
            iterate(r, v, step, step.program.as_ref())?;
            true
        }
        _ => false,
    };
    if iterated {
        Ok(())
    } else {
        render_helper_part(r, step.inverse.as_ref())
    }
}

/// Renders `program` once per item of `list` (an array or an object). Returns whether it had
/// any item (JavaScript `each` renders the inverse when it had none).
///
/// # Errors
/// The block's fault, the iteration limit.
pub fn iterate<'a>(
    r: &mut Renderer<'a>,
    list: Val<'a>,
    step: &'a BlockStep,
    program: Option<&'a Rc<Program>>,
) -> Result<bool, RenderFault> {
    let dialect = r.dialect;
    let entries: Vec<(Json, Val<'a>)> = match &list {
        Val::Data(Json::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Json::from(i), Val::Data(v)))
            .collect(),
        Val::Data(Json::Object(map)) => keys(map, dialect)
            .into_iter()
            .filter_map(|k| map.get(k).map(|v| (Json::from(k.as_str()), Val::Data(v))))
            .collect(),
        Val::Made(made) => match &**made {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Json::from(i), Val::made(v.clone())))
                .collect(),
            Json::Object(map) => keys(map, dialect)
                .into_iter()
                .filter_map(|k| {
                    map.get(k)
                        .map(|v| (Json::from(k.as_str()), Val::made(v.clone())))
                })
                .collect(),
            _ => return Ok(false),
        },
        Val::Data(_) => return Ok(false),
    };
    if entries.is_empty() {
        return Ok(false);
    }
    if dialect == Dialect::Preview {
        // `ret = ''`: the value is a string.
        r.out.write("")?;
    }
    let Some(program) = program else {
        return Ok(true);
    };
    let is_object = list.is_object();
    let from_data = matches!(list, Val::Data(_));
    let len = entries.len();
    let parent = depths::levels(&r.scope);
    // raymond pushes no context for a `nil` item (`evalProgram`: `if ctxVal.IsValid()`), so
    // `this` stays the enclosing context.
    let enclosing = r.scope.this(0);
    let names = &step.block_params;
    r.scope.push(Frame::new(list.clone()));
    let mut result = Ok(());
    for (i, (key, item)) in entries.into_iter().enumerate() {
        if let Err(e) = spend_iteration() {
            result = Err(e);
            break;
        }
        // raymond's `eachHelper` gives an array item no key (`newIterDataFrame(len, i, nil)`).
        let key_var = match (is_object, dialect) {
            (true, _) => key.clone(),
            (false, Dialect::Preview) => Json::from(i),
            (false, Dialect::Production) => Json::Null,
        };
        let this = if dialect == Dialect::Production && item.is_null() {
            enclosing.clone()
        } else {
            item.clone()
        };
        // A block parameter names the item where the list is data (the frame's context,
        // including production's stand-in for a `nil` item), a copy of it otherwise.
        let named = if from_data { this.clone() } else { item };
        let mut params = Vec::new();
        if let Some(name) = names.first().filter(|_| names.len() <= 2) {
            params.push((name.as_str(), named));
            if let Some(key_name) = names.get(1) {
                params.push((key_name.as_str(), Val::made(key)));
            }
        }
        if let Some(frame) = r.scope.frames.last_mut() {
            *frame = Frame {
                this,
                vars: Rc::new(DataVars {
                    index: Some(Json::from(i)),
                    key: Some(key_var),
                    first: Some(Json::Bool(i == 0)),
                    last: Some(Json::Bool(i == len - 1)),
                }),
                params,
                levels: Rc::clone(&parent),
            };
        }
        if dialect == Dialect::Preview {
            depths::enter(&mut r.scope, &parent);
        }
        result = match dialect {
            Dialect::Preview => joined(r, |r| r.program(program)),
            Dialect::Production => r.program(program),
        };
        if result.is_err() {
            break;
        }
    }
    r.scope.pop();
    result.map(|()| true)
}

fn keys(map: &serde_json::Map<String, Json>, dialect: Dialect) -> Vec<&String> {
    match dialect {
        Dialect::Preview => value::js_key_order(map),
        Dialect::Production => map.keys().collect(),
    }
}

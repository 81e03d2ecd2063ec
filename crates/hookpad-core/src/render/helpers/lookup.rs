//! `{{lookup obj field}}`: `obj[field]`, or `obj` itself when it is false-like (handlebars.js).

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value as Json;

use super::arg;
use crate::render::value;

pub struct Lookup;

impl HelperDef for Lookup {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let Some(obj) = arg(h, 0) else {
            return Ok(ScopedJson::Missing);
        };
        let field = value::js_string(arg(h, 1));
        let found = match obj {
            Json::Object(map) => map.get(&field),
            Json::Array(items) => field.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ if !value::truthy(Some(obj), crate::render::Dialect::Preview, false) => Some(obj),
            _ => None,
        };
        Ok(found.map_or(ScopedJson::Missing, |v| ScopedJson::Derived(v.clone())))
    }
}

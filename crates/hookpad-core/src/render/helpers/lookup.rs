//! `{{lookup obj field}}`: `obj[field]`, or `obj` itself when it is false-like (handlebars.js);
//! in preview a string's characters and length and an array's length, as JavaScript reads them.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value as Json;

use super::arg;
use crate::render::{value, Dialect};

pub struct Lookup {
    pub dialect: Dialect,
}

impl HelperDef for Lookup {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        if self.dialect == Dialect::Production {
            // raymond's `lookupHelper`: `Str(options.Eval(obj, field))`, a string; `Eval` reads
            // a map's key or a slice's index (`evalField`), and anything else is `nil`, "".
            let field = value::go_string(arg(h, 1));
            let found = match arg(h, 0) {
                Some(Json::Object(map)) => map.get(&field),
                Some(Json::Array(items)) => field.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            return Ok(ScopedJson::Derived(Json::from(value::go_string(found))));
        }
        let Some(obj) = arg(h, 0) else {
            return Ok(ScopedJson::Missing);
        };
        let field = value::js_string(arg(h, 1));
        let found = match obj {
            Json::Object(map) => map.get(&field),
            Json::Array(items) if field == "length" && self.dialect == Dialect::Preview => {
                return Ok(ScopedJson::Derived(Json::from(items.len())));
            }
            Json::Array(items) => field.parse::<usize>().ok().and_then(|i| items.get(i)),
            // JavaScript strings have a length and one UTF-16 unit per index.
            Json::String(s) if !s.is_empty() && self.dialect == Dialect::Preview => {
                let units: Vec<u16> = s.encode_utf16().collect();
                let found = if field == "length" {
                    Some(Json::from(units.len()))
                } else {
                    field
                        .parse::<usize>()
                        .ok()
                        .filter(|i| i.to_string() == field)
                        .and_then(|i| units.get(i))
                        .map(|u| Json::from(String::from_utf16_lossy(&[*u])))
                };
                return Ok(found.map_or(ScopedJson::Missing, ScopedJson::Derived));
            }
            _ if !value::truthy(Some(obj), Dialect::Preview, false) => Some(obj),
            _ => None,
        };
        Ok(found.map_or(ScopedJson::Missing, |v| ScopedJson::Derived(v.clone())))
    }
}

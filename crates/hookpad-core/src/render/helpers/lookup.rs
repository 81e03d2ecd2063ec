//! `{{lookup obj field}}`: `obj[field]`, or `obj` itself when it is false-like (handlebars.js);
//! in preview a string's characters and length and an array's length, as JavaScript reads them.

use serde_json::Value as Json;

use super::Args;
use crate::render::scope::Val;
use crate::render::{value, Dialect};

/// `{{lookup obj field}}`; `None` is `undefined`.
#[must_use]
pub fn call<'a>(args: &Args<'a>, dialect: Dialect) -> Option<Val<'a>> {
    if dialect == Dialect::Production {
        // raymond's `lookupHelper`: `Str(options.Eval(obj, field))`, a string; `Eval` reads
        // a map's key or a slice's index (`evalField`), and anything else is `nil`, "".
        let field = value::go_string(args.get(1));
        let found = args.val(0).and_then(|obj| match &*obj {
            Json::Object(_) | Json::Array(_) => obj.child(&field),
            _ => None,
        });
        return Some(Val::made(Json::from(value::go_string(found.as_deref()))));
    }
    let obj = args.val(0)?;
    let field = value::js_string(args.get(1));
    match &*obj {
        Json::Object(_) => obj.child(&field),
        Json::Array(items) if field == "length" => Some(Val::made(Json::from(items.len()))),
        Json::Array(_) => obj.child(&field),
        // JavaScript strings have a length and one UTF-16 unit per index.
        Json::String(s) if !s.is_empty() => {
            let units: Vec<u16> = s.encode_utf16().collect();
            if field == "length" {
                return Some(Val::made(Json::from(units.len())));
            }
            field
                .parse::<usize>()
                .ok()
                .filter(|i| i.to_string() == field)
                .and_then(|i| units.get(i))
                .map(|u| Val::made(Json::from(String::from_utf16_lossy(&[*u]))))
        }
        _ if !value::truthy(Some(&obj), Dialect::Preview, false) => Some(obj),
        _ => None,
    }
}

//! `{{basicAuthHeaderValue user pass}}`: `"Basic " + base64(user + ":" + pass)`.

use base64::Engine as _;
use serde_json::Value as Json;

use super::Args;
use crate::render::{value, Dialect};

/// `{{basicAuthHeaderValue user pass}}`.
#[must_use]
pub fn call(args: &Args<'_>, dialect: Dialect) -> Json {
    let text = |i| match dialect {
        // An argument not written is handlebars.js's `options` object.
        Dialect::Preview if !args.written(i) => "[object Object]".to_owned(),
        _ => value::argument_string(args.get(i), dialect),
    };
    let credentials = format!("{}:{}", text(0), text(1));
    let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
    Json::from(format!("Basic {encoded}"))
}

//! `{{basicAuthHeaderValue user pass}}`: `"Basic " + base64(user + ":" + pass)`.

use base64::Engine as _;
use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};

use super::arg;
use crate::render::{value, Dialect};

pub struct BasicAuthHeaderValue {
    pub dialect: Dialect,
}

impl HelperDef for BasicAuthHeaderValue {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = |i| match self.dialect {
            // An argument not written is handlebars.js's `options` object.
            Dialect::Preview if h.param(i).is_none() => "[object Object]".to_owned(),
            Dialect::Preview => value::js_string(arg(h, i)),
            Dialect::Production => value::go_string(arg(h, i)),
        };
        let credentials = format!("{}:{}", text(0), text(1));
        let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
        Ok(ScopedJson::Derived(format!("Basic {encoded}").into()))
    }
}

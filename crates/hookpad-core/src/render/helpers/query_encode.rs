//! `{{queryEncode v}}`: JavaScript `encodeURIComponent(String(v))`.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::arg;
use crate::render::{value, Dialect};

/// Characters `encodeURIComponent` leaves alone besides ASCII letters and digits.
const COMPONENT_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

pub struct QueryEncode {
    pub dialect: Dialect,
}

/// JavaScript's `encodeURIComponent`.
#[must_use]
pub fn encode_uri_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT_KEEP).to_string()
}

impl HelperDef for QueryEncode {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = match self.dialect {
            Dialect::Preview => value::js_string(arg(h, 0)),
            Dialect::Production => value::go_string(arg(h, 0)),
        };
        Ok(ScopedJson::Derived(encode_uri_component(&text).into()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_reserved_characters() {
        // Expected: encodeURIComponent("a b/ç?x=1&y=#'()") in JavaScript.
        assert_eq!(
            super::encode_uri_component("a b/ç?x=1&y=#'()"),
            "a%20b%2F%C3%A7%3Fx%3D1%26y%3D%23'()"
        );
    }
}

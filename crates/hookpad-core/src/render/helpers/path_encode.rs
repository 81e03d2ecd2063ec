//! `{{pathEncode v}}`: JavaScript `encodeURI(String(v))`.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::arg;
use crate::render::{value, Dialect};

/// Characters `encodeURI` leaves alone besides ASCII letters and digits.
const URI_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b';')
    .remove(b',')
    .remove(b'/')
    .remove(b'?')
    .remove(b':')
    .remove(b'@')
    .remove(b'&')
    .remove(b'=')
    .remove(b'+')
    .remove(b'$')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'#');

pub struct PathEncode {
    pub dialect: Dialect,
}

/// JavaScript's `encodeURI`.
#[must_use]
pub fn encode_uri(text: &str) -> String {
    utf8_percent_encode(text, URI_KEEP).to_string()
}

impl HelperDef for PathEncode {
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
        Ok(ScopedJson::Derived(encode_uri(&text).into()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_uri_syntax() {
        // Expected: encodeURI("a b/ç?x=1&y=#") in JavaScript.
        assert_eq!(super::encode_uri("a b/ç?x=1&y=#"), "a%20b/%C3%A7?x=1&y=#");
    }
}

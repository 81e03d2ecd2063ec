//! `{{queryEncode v}}`: JavaScript `encodeURIComponent(String(v))`.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use serde_json::Value as Json;

use super::Args;
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

/// JavaScript's `encodeURIComponent`.
#[must_use]
pub fn encode_uri_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT_KEEP).to_string()
}

/// `{{queryEncode v}}`.
#[must_use]
pub fn call(args: &Args<'_>, dialect: Dialect) -> Json {
    let text = value::argument_string(args.get(0), dialect);
    Json::from(encode_uri_component(&text))
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

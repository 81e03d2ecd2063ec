//! `{{pathEncode v}}`: JavaScript `encodeURI(String(v))`.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use serde_json::Value as Json;

use super::Args;
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

/// JavaScript's `encodeURI`.
#[must_use]
pub fn encode_uri(text: &str) -> String {
    utf8_percent_encode(text, URI_KEEP).to_string()
}

/// `{{pathEncode v}}`.
#[must_use]
pub fn call(args: &Args<'_>, dialect: Dialect) -> Json {
    let text = value::argument_string(args.get(0), dialect);
    Json::from(encode_uri(&text))
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_uri_syntax() {
        // Expected: encodeURI("a b/ç?x=1&y=#") in JavaScript.
        assert_eq!(super::encode_uri("a b/ç?x=1&y=#"), "a%20b/%C3%A7?x=1&y=#");
    }
}

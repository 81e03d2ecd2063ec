//! How each dialect prints, escapes, compares and tests values.
//!
//! handlebars.js prints with JavaScript's `String()` rules (arrays joined with `,`, objects as
//! `[object Object]`, numbers in JavaScript's shortest form); raymond prints with Go's (arrays
//! concatenated, objects in `map[...]` syntax, floats without exponent).

use std::borrow::Cow;

use serde_json::Value as Json;

use super::Dialect;

/// The text `{{value}}` prints, before HTML escaping. A string prints as itself in both
/// dialects, and is borrowed rather than copied.
#[must_use]
pub fn print(value: &Json, dialect: Dialect) -> Cow<'_, str> {
    if let Json::String(s) = value {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    match dialect {
        Dialect::Preview => print_js(value, &mut out),
        Dialect::Production => print_go(value, &mut out),
    }
    Cow::Owned(out)
}

/// JavaScript's `String(value)`, except that `null` prints as an empty string (as handlebars.js
/// prints it); `undefined` is the caller's business.
fn print_js(value: &Json, out: &mut String) {
    match value {
        Json::Null => {}
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(&js_number(n.as_f64().unwrap_or(f64::NAN))),
        Json::String(s) => out.push_str(s),
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                print_js(item, out);
            }
        }
        Json::Object(_) => out.push_str("[object Object]"),
    }
}

/// JavaScript's `String(value)`: like [`print`] in preview, but `null` is `"null"`.
#[must_use]
pub fn js_string(value: Option<&Json>) -> String {
    match value {
        None => "undefined".to_owned(),
        Some(Json::Null) => "null".to_owned(),
        Some(v) => print(v, Dialect::Preview).into_owned(),
    }
}

/// Go's `raymond.Str(value)`.
#[must_use]
pub fn go_string(value: Option<&Json>) -> String {
    value.map_or_else(String::new, |v| print(v, Dialect::Production).into_owned())
}

/// A helper argument as text, the way the dialect's helpers turn it into a string
/// ([`js_string`] in preview, [`go_string`] in production).
#[must_use]
pub fn argument_string(value: Option<&Json>, dialect: Dialect) -> String {
    match dialect {
        Dialect::Preview => js_string(value),
        Dialect::Production => go_string(value),
    }
}

fn print_go(value: &Json, out: &mut String) {
    match value {
        Json::Null => {}
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(&go_number(n)),
        Json::String(s) => out.push_str(s),
        Json::Array(items) => {
            for item in items {
                print_go(item, out);
            }
        }
        Json::Object(_) => go_verb_s(value, out),
    }
}

/// Go's `fmt.Sprintf("%s", v)` for a value inside a decoded JSON map (raymond's `strValue` prints
/// a map so, string.go): maps with sorted keys, slices in brackets, `<nil>` for a nil interface
/// (fmt's `printValue`), and `%!s(...)` for other values that are not strings.
fn go_verb_s(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("<nil>"),
        Json::Bool(b) => {
            out.push_str("%!s(bool=");
            out.push_str(if *b { "true" } else { "false" });
            out.push(')');
        }
        Json::Number(n) => {
            out.push_str("%!s(float64=");
            out.push_str(&go_float_g(n.as_f64().unwrap_or(f64::NAN)));
            out.push(')');
        }
        Json::String(s) => out.push_str(s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                go_verb_s(item, out);
            }
            out.push(']');
        }
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push_str("map[");
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(key);
                out.push(':');
                if let Some(v) = map.get(key) {
                    go_verb_s(v, out);
                }
            }
            out.push(']');
        }
    }
}

/// Go's `%v` of a float64: `strconv.FormatFloat(f, 'g', -1, 64)`, whose shortest form takes the
/// exponent form when the exponent is below -4 or at least 6 (`1e+06`, `1.580929692e+09`).
fn go_float_g(f: f64) -> String {
    let (digits, exp) = shortest_digits(f);
    if digits.is_empty() {
        return js_number(f);
    }
    let sign = if f < 0.0 { "-" } else { "" };
    // %v uses %g with the shortest precision: "if shortest { eprec = 6 }" (strconv/ftoa.go).
    let x = exp - 1;
    if !(-4..6).contains(&x) {
        let mut s = format!("{sign}{}", &digits[..1]);
        if digits.len() > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push_str(&format!("e{}{:02}", if x < 0 { '-' } else { '+' }, x.abs()));
        s
    } else {
        format!("{sign}{}", positional(&digits, exp))
    }
}

/// Go's `strconv.FormatFloat(f, 'f', -1, 64)`, or the integer as written.
fn go_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f.is_finite() {
        format!("{f}")
    } else {
        js_number(f)
    }
}

/// The shortest round-trip decimal digits of `|f|` and the position of the decimal point
/// (`value = 0.d1d2... × 10^exp`). Empty digits for zero and non-finite values.
fn shortest_digits(f: f64) -> (String, i32) {
    if !f.is_finite() || f == 0.0 {
        return (String::new(), 0);
    }
    // `{:e}` prints the shortest round-trip mantissa: `1.2345e-7`.
    let s = format!("{:e}", f.abs());
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    (digits, exp + 1)
}

fn positional(digits: &str, n: i32) -> String {
    let k = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    if n >= k {
        format!(
            "{digits}{}",
            "0".repeat(usize::try_from(n - k).unwrap_or(0))
        )
    } else if n > 0 {
        let split = usize::try_from(n).unwrap_or(0);
        format!("{}.{}", &digits[..split], &digits[split..])
    } else {
        format!("0.{}{digits}", "0".repeat(usize::try_from(-n).unwrap_or(0)))
    }
}

/// JavaScript's `Number.prototype.toString()` for `f`.
#[must_use]
pub fn js_number(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if f == 0.0 {
        return "0".to_owned();
    }
    let sign = if f < 0.0 { "-" } else { "" };
    let (digits, n) = shortest_digits(f);
    let k = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    if (-5..=21).contains(&n) {
        return format!("{sign}{}", positional(&digits, n));
    }
    let e = n - 1;
    let exp = format!("e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
    if k == 1 {
        format!("{sign}{digits}{exp}")
    } else {
        format!("{sign}{}.{}{exp}", &digits[..1], &digits[1..])
    }
}

/// HTML-escapes `{{ }}` output as the dialect does.
#[must_use]
pub fn escape(text: &str, dialect: Dialect) -> Cow<'_, str> {
    let entity = |b: u8| -> Option<&'static str> {
        match (dialect, b) {
            (_, b'&') => Some("&amp;"),
            (_, b'<') => Some("&lt;"),
            (_, b'>') => Some("&gt;"),
            (_, b'"') => Some("&quot;"),
            (Dialect::Preview, b'\'') => Some("&#x27;"),
            (Dialect::Preview, b'`') => Some("&#x60;"),
            (Dialect::Preview, b'=') => Some("&#x3D;"),
            (Dialect::Production, b'\'') => Some("&apos;"),
            _ => None,
        }
    };
    // Every character escaped is ASCII, so the text between two of them is whole UTF-8.
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|&b| entity(b).is_some()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        if let Some(e) = entity(b) {
            out.push_str(&text[run..i]);
            out.push_str(e);
            run = i + 1;
        }
    }
    out.push_str(&text[run..]);
    Cow::Owned(out)
}

/// Whether `#if` renders its block: handlebars.js treats `undefined`, `null`, `false`, `0`, `""`
/// and `[]` as false (and `{}` as true); raymond also treats `{}` as false.
#[must_use]
pub fn truthy(value: Option<&Json>, dialect: Dialect, include_zero: bool) -> bool {
    match value {
        None | Some(Json::Null) => false,
        Some(Json::Bool(b)) => *b,
        Some(Json::Number(n)) => {
            include_zero || n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan())
        }
        Some(Json::String(s)) => !s.is_empty(),
        Some(Json::Array(a)) => !a.is_empty(),
        Some(Json::Object(o)) => dialect == Dialect::Preview || !o.is_empty(),
    }
}

/// Whether `#with` (and sections) treat the value as empty: handlebars.js `isEmpty`.
#[must_use]
pub fn is_empty(value: Option<&Json>, dialect: Dialect) -> bool {
    match dialect {
        Dialect::Preview => match value {
            None | Some(Json::Null | Json::Bool(false)) => true,
            Some(Json::Number(n)) => n.as_f64().is_some_and(f64::is_nan),
            Some(Json::String(s)) => s.is_empty(),
            Some(Json::Array(a)) => a.is_empty(),
            Some(_) => false,
        },
        Dialect::Production => !truthy(value, dialect, false),
    }
}

/// The `equal` comparison: JavaScript `===` in preview, equal string forms in production.
#[must_use]
pub fn equal(a: Option<&Json>, b: Option<&Json>, dialect: Dialect) -> bool {
    match dialect {
        Dialect::Preview => match (a, b) {
            (None, None) => true,
            (Some(Json::Null), Some(Json::Null)) => true,
            (Some(Json::Bool(x)), Some(Json::Bool(y))) => x == y,
            (Some(Json::Number(x)), Some(Json::Number(y))) => x.as_f64() == y.as_f64(),
            (Some(Json::String(x)), Some(Json::String(y))) => x == y,
            // Arrays and objects compare by identity in JavaScript: the same value reached twice.
            (Some(x @ (Json::Array(_) | Json::Object(_))), Some(y)) => std::ptr::eq(x, y),
            _ => false,
        },
        Dialect::Production => go_string(a) == go_string(b),
    }
}

/// JavaScript's loose `==` between two JSON values (`1 == "1"`, `true == 1`, `["a"] == "a"`).
/// Two objects or arrays are `==` only when they are the same object; here, when their values
/// are equal (callers that can tell identity apart check it first).
#[must_use]
pub fn js_loose_equal(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Null, Json::Null) => true,
        (Json::Null, _) | (_, Json::Null) => false,
        (Json::Bool(x), _) => js_loose_equal(&Json::from(u8::from(*x)), b),
        (_, Json::Bool(y)) => js_loose_equal(a, &Json::from(u8::from(*y))),
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::String(x), Json::String(y)) => x == y,
        (Json::Number(n), Json::String(s)) | (Json::String(s), Json::Number(n)) => {
            n.as_f64() == Some(js_string_to_number(s))
        }
        (Json::Array(_) | Json::Object(_), Json::Array(_) | Json::Object(_)) => a == b,
        (Json::Array(_) | Json::Object(_), _) => {
            js_loose_equal(&Json::from(print(a, Dialect::Preview)), b)
        }
        (_, Json::Array(_) | Json::Object(_)) => {
            js_loose_equal(a, &Json::from(print(b, Dialect::Preview)))
        }
    }
}

/// JavaScript's `Number(string)`: blank is 0, decimal and `0x` hexadecimal forms, `Infinity`;
/// anything else `NaN`.
#[must_use]
pub fn js_string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.is_empty() {
        return 0.0;
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).map_or(f64::NAN, |v| v as f64);
    }
    let unsigned = t.trim_start_matches(['+', '-']);
    if unsigned == "Infinity" {
        return if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let numeric = unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if numeric && t.len() - unsigned.len() <= 1 {
        t.parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

/// Object keys in JavaScript's enumeration order: integer-like keys ascending, then the others in
/// insertion order.
#[must_use]
pub fn js_key_order(map: &serde_json::Map<String, Json>) -> Vec<&String> {
    let mut integers: Vec<(u32, &String)> = Vec::new();
    let mut others = Vec::new();
    for key in map.keys() {
        match array_index(key) {
            Some(i) => integers.push((i, key)),
            None => others.push(key),
        }
    }
    integers.sort_by_key(|&(i, _)| i);
    integers.into_iter().map(|(_, k)| k).chain(others).collect()
}

/// A canonical array index (`0`, `17`; not `01`, not `-1`, below 2^32 - 1).
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty()
        || (key.len() > 1 && key.starts_with('0'))
        || !key.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    key.parse::<u32>().ok().filter(|&i| i != u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn javascript_number_forms() {
        // Expected strings are what `String(x)` gives in JavaScript.
        let cases = [
            (1.0, "1"),
            (-0.5, "-0.5"),
            (1e21, "1e+21"),
            (123_456_789_012_345_680_000.0, "123456789012345680000"),
            (1e-7, "1e-7"),
            (0.000_001, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (2.5e22, "2.5e+22"),
            (0.1 + 0.2, "0.30000000000000004"),
        ];
        for (f, s) in cases {
            assert_eq!(js_number(f), s, "{f}");
        }
    }

    #[test]
    fn printing_arrays_and_objects() {
        let v = json!(["a", 1, null, ["b", "c"]]);
        assert_eq!(print(&v, Dialect::Preview), "a,1,,b,c");
        assert_eq!(print(&v, Dialect::Production), "a1bc");
        let o = json!({"b": 1, "a": "x"});
        assert_eq!(print(&o, Dialect::Preview), "[object Object]");
        assert_eq!(print(&o, Dialect::Production), "map[a:x b:%!s(float64=1)]");
    }

    #[test]
    fn escaping_copies_the_text_between_escaped_characters() {
        // The definition, one character at a time.
        fn one_by_one(s: &str, dialect: Dialect) -> String {
            s.chars()
                .map(|c| match (dialect, c) {
                    (_, '&') => "&amp;".to_owned(),
                    (_, '<') => "&lt;".to_owned(),
                    (_, '>') => "&gt;".to_owned(),
                    (_, '"') => "&quot;".to_owned(),
                    (Dialect::Preview, '\'') => "&#x27;".to_owned(),
                    (Dialect::Preview, '`') => "&#x60;".to_owned(),
                    (Dialect::Preview, '=') => "&#x3D;".to_owned(),
                    (Dialect::Production, '\'') => "&apos;".to_owned(),
                    (_, c) => c.to_string(),
                })
                .collect()
        }
        let pieces = [
            "", "a", "é", "😀", "&", "<", ">", "\"", "'", "`", "=", "x y",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    for dialect in Dialect::ALL {
                        let escaped = escape(&s, dialect);
                        assert_eq!(escaped, one_by_one(&s, dialect), "{s:?}");
                        // Nothing to escape: the text itself, not a copy.
                        if escaped == s {
                            assert!(matches!(escaped, Cow::Borrowed(_)), "{s:?}");
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, pieces.len().pow(3) * 2);
    }

    #[test]
    fn escaping_sets() {
        let s = "&<>\"'`=";
        assert_eq!(
            escape(s, Dialect::Preview),
            "&amp;&lt;&gt;&quot;&#x27;&#x60;&#x3D;"
        );
        assert_eq!(
            escape(s, Dialect::Production),
            "&amp;&lt;&gt;&quot;&apos;`="
        );
    }

    #[test]
    fn truthiness() {
        assert!(truthy(Some(&json!({})), Dialect::Preview, false));
        assert!(!truthy(Some(&json!({})), Dialect::Production, false));
        assert!(!truthy(Some(&json!(0)), Dialect::Preview, false));
        assert!(truthy(Some(&json!(0)), Dialect::Preview, true));
        assert!(!truthy(Some(&json!([])), Dialect::Preview, false));
        assert!(!truthy(None, Dialect::Preview, false));
    }

    #[test]
    fn equality() {
        assert!(!equal(Some(&json!(1)), Some(&json!("1")), Dialect::Preview));
        assert!(equal(
            Some(&json!(1)),
            Some(&json!("1")),
            Dialect::Production
        ));
        assert!(equal(Some(&json!(1)), Some(&json!(1.0)), Dialect::Preview));
    }

    #[test]
    fn integer_keys_come_first() {
        let v = json!({"b": 1, "10": 2, "a": 3, "2": 4, "01": 5});
        let Json::Object(map) = &v else {
            unreachable!()
        };
        let keys: Vec<&str> = js_key_order(map).into_iter().map(String::as_str).collect();
        assert_eq!(keys, ["2", "10", "b", "a", "01"]);
    }
}

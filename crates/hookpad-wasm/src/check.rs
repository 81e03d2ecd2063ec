//! Argument checks at the JavaScript boundary. Every exported function reads its arguments through
//! these helpers, so a value of the wrong type becomes a `TypeError` that names the argument (or
//! the key inside it) and what was expected, never a wasm trap, a serde message with Rust type
//! names, or the value itself echoed back.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use js_sys::{Array, Object, Reflect, TypeError, JSON};
use wasm_bindgen::{JsCast, JsValue};

use crate::js_text;

/// Longest key or enum value quoted back in a message; longer ones are cut with `…`.
const QUOTE_LIMIT: usize = 40;

/// What a value is, in the words a message uses: `a number`, `null`, `an array`, ...
#[must_use]
pub fn kind(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.is_string() {
        "a string"
    } else if v.as_bool().is_some() {
        "a boolean"
    } else if v.as_f64().is_some() {
        "a number"
    } else if v.is_bigint() {
        "a bigint"
    } else if v.is_symbol() {
        "a symbol"
    } else if v.is_function() {
        "a function"
    } else if Array::is_array(v) {
        "an array"
    } else if v.is_instance_of::<js_sys::Map>() {
        "a Map"
    } else {
        "an object"
    }
}

/// The candidate `word` is likely a typo of: the core's suggestion, when it is at most one edit
/// per four characters away (ignoring case), so that `some` does not suggest `mode`.
fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let near = hookpad_core::suggest::did_you_mean(word, candidates.iter().copied())?;
    let distance = hookpad_core::suggest::edit_distance(
        &near.to_ascii_lowercase(),
        &word.to_ascii_lowercase(),
    );
    (distance <= (word.chars().count() / 4).max(1)).then_some(near)
}

/// `s` as a JavaScript string literal, cut to [`QUOTE_LIMIT`] characters.
fn quote(s: &str) -> String {
    let cut: String = s.chars().take(QUOTE_LIMIT).collect();
    let mut out = serde_json::to_string(&cut).unwrap_or_else(|_| "\"?\"".to_owned());
    if cut.len() < s.len() {
        out.insert(out.len() - 1, '…');
    }
    out
}

/// `name` followed by a key: `templates["templates/flag.json.hbs"]`, `accesses[0].resource`.
fn member(name: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key.len() <= QUOTE_LIMIT
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{name}.{key}")
    } else {
        format!("{name}[{}]", quote(key))
    }
}

/// Checks the arguments of one exported function; its errors start with the function's name.
#[derive(Clone, Copy, Debug)]
pub struct Args {
    function: &'static str,
}

impl Args {
    #[must_use]
    pub const fn of(function: &'static str) -> Self {
        Self { function }
    }

    /// A `TypeError` from this function.
    #[must_use]
    pub fn error(self, message: &str) -> js_sys::Error {
        TypeError::new(&format!("{}(): {message}", self.function)).into()
    }

    /// "`name` must be `expected`; got a number", plus a hint for some kinds.
    fn wrong(self, name: &str, expected: &str, got: &JsValue, hint: &str) -> js_sys::Error {
        let mut message = format!("`{name}` must be {expected}; got {}", kind(got));
        if !hint.is_empty() {
            let _ = write!(message, " — {hint}");
        }
        self.error(&message)
    }

    /// A string argument.
    ///
    /// # Errors
    /// `value` is not a string.
    pub fn string(
        self,
        value: &JsValue,
        name: &str,
        expected: &str,
    ) -> Result<String, js_sys::Error> {
        js_text::string(value).ok_or_else(|| self.wrong(name, expected, value, ""))
    }

    /// JSON text: a string; an object or an array gets the hint to stringify it.
    ///
    /// # Errors
    /// `value` is not a string.
    pub fn json_text(self, value: &JsValue, name: &str) -> Result<String, js_sys::Error> {
        js_text::string(value).ok_or_else(|| {
            let hint = if value.is_object() && !value.is_instance_of::<js_sys::Map>() {
                format!("pass JSON.stringify({name})")
            } else {
                String::new()
            };
            self.wrong(name, "JSON text (a string)", value, &hint)
        })
    }

    /// A plain object whose keys are all in `keys`; a misspelled key gets a "did you mean".
    ///
    /// # Errors
    /// `value` is not a plain object, or has a key not in `keys`.
    pub fn object(
        self,
        value: &JsValue,
        name: &str,
        expected: &str,
        keys: &[&str],
    ) -> Result<Fields, js_sys::Error> {
        if kind(value) != "an object" {
            return Err(self.wrong(name, expected, value, ""));
        }
        let object: Object = value.clone().unchecked_into();
        for key in Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if keys.contains(&key.as_str()) {
                continue;
            }
            let mut message = format!("`{name}` has an unknown key {}", quote(&key));
            match did_you_mean(&key, keys) {
                Some(near) => {
                    let _ = write!(message, " — did you mean `{near}`?");
                }
                None => {
                    let _ = write!(message, "; the keys are {}", keys.join(", "));
                }
            }
            return Err(self.error(&message));
        }
        Ok(Fields {
            args: self,
            object,
            name: name.to_owned(),
        })
    }

    /// An object used as a record (`{ [key]: value }`), each value read by `item`.
    ///
    /// # Errors
    /// `value` is not a plain object, or `item` fails on a value.
    pub fn record<T>(
        self,
        value: &JsValue,
        name: &str,
        expected: &str,
        mut item: impl FnMut(&JsValue, &str) -> Result<T, js_sys::Error>,
    ) -> Result<BTreeMap<String, T>, js_sys::Error> {
        if kind(value) != "an object" {
            let hint = if value.is_instance_of::<js_sys::Map>() {
                format!("pass Object.fromEntries({name})")
            } else {
                String::new()
            };
            return Err(self.wrong(name, expected, value, &hint));
        }
        let object: &Object = value.unchecked_ref();
        let mut out = BTreeMap::new();
        for entry in Object::entries(object).iter() {
            let entry: Array = entry.unchecked_into();
            let key = entry.get(0).as_string().unwrap_or_default();
            let v = item(&entry.get(1), &member(name, &key))?;
            out.insert(key, v);
        }
        Ok(out)
    }

    /// An array, each item read by `item`.
    ///
    /// # Errors
    /// `value` is not an array, or `item` fails on an element.
    pub fn array<T>(
        self,
        value: &JsValue,
        name: &str,
        expected: &str,
        hint_for_string: &str,
        mut item: impl FnMut(&JsValue, &str) -> Result<T, js_sys::Error>,
    ) -> Result<Vec<T>, js_sys::Error> {
        if !Array::is_array(value) {
            let hint = if value.is_string() {
                hint_for_string
            } else {
                ""
            };
            return Err(self.wrong(name, expected, value, hint));
        }
        let array: &Array = value.unchecked_ref();
        array
            .iter()
            .enumerate()
            .map(|(i, v)| item(&v, &format!("{name}[{i}]")))
            .collect()
    }

    /// One of a few strings.
    ///
    /// # Errors
    /// `value` is not one of `allowed`.
    pub fn one_of<'a>(
        self,
        value: &JsValue,
        name: &str,
        allowed: &[&'a str],
    ) -> Result<&'a str, js_sys::Error> {
        let expected = allowed
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(" or ");
        let Some(s) = value.as_string() else {
            return Err(self.wrong(name, &expected, value, ""));
        };
        if let Some(a) = allowed.iter().find(|a| **a == s) {
            return Ok(a);
        }
        let mut message = format!("`{name}` must be {expected}; got {}", quote(&s));
        if let Some(near) = did_you_mean(&s, allowed) {
            let _ = write!(message, " — did you mean \"{near}\"?");
        }
        Err(self.error(&message))
    }

    /// A value as `JSON.stringify` sees it, as JSON text. `undefined`, functions and symbols
    /// (which `JSON.stringify` turns into nothing) and values it throws on are errors.
    ///
    /// # Errors
    /// `value` has no JSON form.
    pub fn json_of(self, value: &JsValue, name: &str) -> Result<String, js_sys::Error> {
        match JSON::stringify(value) {
            Ok(text) => {
                js_text::string(&text).ok_or_else(|| self.wrong(name, "JSON data", value, ""))
            }
            Err(e) => {
                let reason = e
                    .dyn_ref::<js_sys::Error>()
                    .and_then(|e| e.message().as_string())
                    .unwrap_or_default();
                let reason = reason.lines().next().unwrap_or_default();
                Err(self.error(&format!(
                    "`{name}` must be JSON data; JSON.stringify throws on it: {reason}"
                )))
            }
        }
    }

    /// A value as `JSON.stringify` sees it, parsed.
    ///
    /// # Errors
    /// `value` has no JSON form, or nests deeper than the parser's limit (128 levels).
    pub fn json_value(
        self,
        value: &JsValue,
        name: &str,
    ) -> Result<serde_json::Value, js_sys::Error> {
        let text = self.json_of(value, name)?;
        serde_json::from_str(&text)
            .or_else(|e| match without_lone_surrogates(&text) {
                Some(repaired) => serde_json::from_str(&repaired),
                None => Err(e),
            })
            .map_err(|_| {
                self.error(&format!(
                    "`{name}` nests more than 128 levels deep; Hookpad reads at most 128"
                ))
            })
    }
}

/// `JSON.stringify`'s text with each lone surrogate (which it writes as an escape, `\ud800`, and
/// which a Rust string cannot hold) replaced by U+FFFD, as a template's own text is read; `None` when
/// there is none. Every backslash in JSON text starts an escape, so escapes are read in order.
fn without_lone_surrogates(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let unit = text
            .get(i + 2..i + 6)
            .filter(|_| bytes.get(i + 1) == Some(&b'u'))
            .and_then(|hex| u16::from_str_radix(hex, 16).ok());
        if unit.is_some_and(|u| (0xD800..=0xDFFF).contains(&u)) {
            out.push_str(&text[copied..i]);
            out.push_str("\\ufffd");
            copied = i + 6;
            i += 6;
        } else {
            i += 2;
        }
    }
    (copied > 0).then(|| out + &text[copied..])
}

/// The keys of an object checked by [`Args::object`].
#[derive(Debug)]
pub struct Fields {
    args: Args,
    object: Object,
    name: String,
}

impl Fields {
    /// Names the keys of an argument object by themselves (`manifest`, not `input.manifest`),
    /// as the caller writes them: `simulate({ manifest, templates, event })`.
    #[must_use]
    pub fn top_level(mut self) -> Self {
        self.name.clear();
        self
    }

    /// The value of `key` (`undefined` when absent), and its name in messages.
    ///
    /// # Errors
    /// Reading the key throws (a getter or a proxy).
    pub fn get(&self, key: &str) -> Result<(JsValue, String), js_sys::Error> {
        let name = if self.name.is_empty() {
            key.to_owned()
        } else {
            member(&self.name, key)
        };
        Reflect::get(&self.object, &JsValue::from_str(key))
            .map(|v| (v, name))
            .map_err(|_| self.args.error(&format!("reading `{key}` threw")))
    }

    /// The value of an optional key: `None` when it is absent, `undefined` or `null`.
    ///
    /// # Errors
    /// Reading the key throws.
    pub fn optional(&self, key: &str) -> Result<Option<(JsValue, String)>, js_sys::Error> {
        let (v, name) = self.get(key)?;
        Ok((!v.is_undefined() && !v.is_null()).then_some((v, name)))
    }
}

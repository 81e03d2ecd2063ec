//! A span-keeping JSON reader: where each value (and each object key) sits in the text.
//!
//! `serde_json` gives a position only for syntax errors; semantic checks (manifest rules, policy
//! lints) need to point at the offending value, so they look it up here by JSON pointer.

use std::borrow::Cow;

use crate::text::TextRange;

/// Nesting deeper than this is refused (the text is then treated as unlocatable).
pub const MAX_DEPTH: usize = 256;

/// A JSON value with its byte range.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned {
    pub range: TextRange,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number,
    String(String),
    Array(Vec<Spanned>),
    Object(Vec<Member>),
}

/// An object member: its key (and where the key is) and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_range: TextRange,
    pub value: Spanned,
}

/// Parses `text`; `None` when it is not valid JSON (or nests deeper than [`MAX_DEPTH`]).
#[must_use]
pub fn parse(text: &str) -> Option<Spanned> {
    let mut p = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    (p.pos == p.bytes.len()).then_some(v)
}

impl Spanned {
    /// The value's first character (an object's `{`): where a diagnostic about the whole value
    /// points without underlining all of it.
    #[must_use]
    pub fn opening(&self) -> TextRange {
        let start = self.range.start.to_usize();
        TextRange::new(start, start + 1)
    }

    /// The member `key` of an object.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Spanned> {
        self.member(key).map(|m| &m.value)
    }

    /// The member `key` of an object, with its key's range.
    #[must_use]
    pub fn member(&self, key: &str) -> Option<&Member> {
        match &self.kind {
            Kind::Object(members) => members.iter().find(|m| m.key == key),
            _ => None,
        }
    }

    /// The value at a JSON pointer (`/a/0/b`, `~0` and `~1` escapes).
    #[must_use]
    pub fn pointer(&self, pointer: &str) -> Option<&Spanned> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut current = self;
        for token in pointer.strip_prefix('/')?.split('/') {
            // Most tokens have no escape: look them up without a copy.
            let token = if token.contains('~') {
                Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
            } else {
                Cow::Borrowed(token)
            };
            current = match &current.kind {
                Kind::Object(_) => current.get(&token)?,
                Kind::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// The string value, if this is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    #[must_use]
    pub fn as_array(&self) -> Option<&[Spanned]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// The byte offset in a JSON string literal's source (`literal`, quotes included, as written in
/// the text) of the byte at `decoded` in the string's value: escapes (`\n`, `\"`, `\u00e9`,
/// surrogate pairs) are counted as written. An offset inside an escape maps to its start; one past
/// the end maps to the closing quote.
#[must_use]
pub fn source_offset(literal: &str, decoded: usize) -> usize {
    let bytes = literal.as_bytes();
    let mut raw = usize::from(bytes.first() == Some(&b'"'));
    let mut value = 0usize;
    while raw < bytes.len() && value < decoded {
        let (raw_len, value_len) = if bytes[raw] == b'\\' {
            match bytes.get(raw + 1) {
                Some(b'u') => {
                    let hex = |at: usize| {
                        literal
                            .get(at..at + 4)
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                    };
                    match hex(raw + 2) {
                        Some(0xD800..=0xDBFF) if literal.get(raw + 6..raw + 8) == Some("\\u") => {
                            (12, 4)
                        }
                        Some(c) => (6, char::from_u32(c).map_or(3, char::len_utf8)),
                        None => (2, 1),
                    }
                }
                _ => (2, 1),
            }
        } else if bytes[raw] == b'"' {
            break;
        } else {
            let Some(c) = literal.get(raw..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            (c.len_utf8(), c.len_utf8())
        };
        if value + value_len > decoded {
            break;
        }
        raw += raw_len;
        value += value_len;
    }
    raw.min(literal.len())
}

/// Escapes one JSON pointer token (borrowed when it has no `~` or `/`).
#[must_use]
pub fn pointer_token(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Appends the token of the member `key` to a JSON pointer (`/a` + `b/c` → `/a/b~1c`).
pub fn push_member(pointer: &mut String, key: &str) {
    pointer.push('/');
    pointer.push_str(&pointer_token(key));
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.bytes.get(self.pos) == Some(&b)).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Spanned> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        let kind = match self.bytes.get(self.pos)? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Kind::String(self.string()?),
            b't' => self.literal("true", Kind::Bool(true))?,
            b'f' => self.literal("false", Kind::Bool(false))?,
            b'n' => self.literal("null", Kind::Null)?,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return None,
        };
        Some(Spanned {
            range: TextRange::new(start, self.pos),
            kind,
        })
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Option<Kind> {
        self.text[self.pos..].starts_with(word).then(|| {
            self.pos += word.len();
            kind
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, exactly as JSON defines numbers.
    fn number(&mut self) -> Option<Kind> {
        let digits = |r: &mut Self| {
            let start = r.pos;
            while r.bytes.get(r.pos).is_some_and(u8::is_ascii_digit) {
                r.pos += 1;
            }
            r.pos > start
        };
        let _ = self.eat(b'-');
        if self.eat(b'0').is_none() && !digits(self) {
            return None;
        }
        if self.eat(b'.').is_some() && !digits(self) {
            return None;
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        Some(Kind::Number)
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            // One pass over the bytes (the quote and the backslash are ASCII, so they never
            // occur inside a multi-byte character); JSON strings may not contain raw control
            // characters.
            let stop = rest
                .bytes()
                .position(|b| b == b'"' || b == b'\\' || b < 0x20)?;
            if rest.as_bytes()[stop] < 0x20 {
                return None;
            }
            out.push_str(&rest[..stop]);
            self.pos += stop;
            if self.eat(b'"').is_some() {
                return Some(out);
            }
            self.pos += 1; // the backslash
            let escaped = *self.bytes.get(self.pos)?;
            self.pos += 1;
            match escaped {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let hi = self.hex4()?;
                    let c = if (0xD800..0xDC00).contains(&hi) {
                        self.eat(b'\\')?;
                        self.eat(b'u')?;
                        let lo = self.hex4()?;
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + lo.checked_sub(0xDC00)?)?
                    } else {
                        char::from_u32(hi)?
                    };
                    out.push(c);
                }
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        let v = u32::from_str_radix(digits, 16).ok()?;
        self.pos += 4;
        Some(v)
    }

    fn array(&mut self, depth: usize) -> Option<Kind> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b']').is_some() {
            return Some(Kind::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            if self.eat(b']').is_some() {
                return Some(Kind::Array(items));
            }
            self.eat(b',')?;
        }
    }

    fn object(&mut self, depth: usize) -> Option<Kind> {
        self.eat(b'{')?;
        let mut members = Vec::new();
        self.ws();
        if self.eat(b'}').is_some() {
            return Some(Kind::Object(members));
        }
        loop {
            self.ws();
            let key_start = self.pos;
            let key = self.string()?;
            let key_range = TextRange::new(key_start, self.pos);
            self.ws();
            self.eat(b':')?;
            self.ws();
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_range,
                value,
            });
            self.ws();
            if self.eat(b'}').is_some() {
                return Some(Kind::Object(members));
            }
            self.eat(b',')?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_pointers_escape_their_key() {
        let root = parse(r#"{"a": {"b~/c": 1, "d": 2}}"#).unwrap();
        for (key, written) in [("b~/c", "/a/b~0~1c"), ("d", "/a/d")] {
            let mut pointer = "/a".to_owned();
            push_member(&mut pointer, key);
            assert_eq!(pointer, written);
            assert!(root.pointer(&pointer).is_some(), "{key}");
        }
        assert!(matches!(pointer_token("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn pointers_find_values_and_their_ranges() {
        let text = r#"{"a": [1, {"b~/c": "x\"é"}], "n": null}"#;
        let root = parse(text).unwrap();
        let v = root.pointer("/a/1/b~0~1c").unwrap();
        assert_eq!(&text[v.range.to_range()], r#""x\"é""#);
        assert_eq!(v.as_str(), Some("x\"é"));
        assert_eq!(root.pointer("/n").unwrap().kind, Kind::Null);
        assert!(root.pointer("/a/5").is_none());
        let m = root.member("n").unwrap();
        assert_eq!(&text[m.key_range.to_range()], "\"n\"");
    }

    #[test]
    fn invalid_or_too_deep_text_is_refused() {
        assert!(parse("{\"a\": }").is_none());
        for bad in [
            "01",
            "1.",
            "-",
            "1e",
            "+1",
            "\"a\u{1}b\"",
            "\"é\\n\u{1f}\"",
            "[1,]",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
            assert!(
                serde_json::from_str::<serde_json::Value>(bad).is_err(),
                "{bad}"
            );
        }
        for good in ["0", "-0.5e+3", "1E9", "\"\\u00e9\""] {
            assert!(parse(good).is_some(), "{good}");
        }
        assert!(parse("[1] x").is_none());
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep).is_none());
    }

    #[test]
    fn offsets_in_a_string_map_through_escapes() {
        let literal = r#""a\"b\nc\u00e9d\ud83d\ude00e""#;
        let value = "a\"b\nc\u{e9}d\u{1F600}e";
        for (i, c) in value.char_indices() {
            let raw = source_offset(literal, i);
            let expected = match c {
                'a' => 1,
                '"' => 2,
                'b' => 4,
                '\n' => 5,
                'c' => 7,
                '\u{e9}' => 8,
                'd' => 14,
                '\u{1F600}' => 15,
                _ => 27,
            };
            assert_eq!(raw, expected, "{c:?}");
        }
        assert_eq!(source_offset(literal, value.len()), literal.len() - 1);
    }

    #[test]
    fn surrogate_pairs_decode() {
        let root = parse(r#""\ud83d\ude00""#).unwrap();
        assert_eq!(root.as_str(), Some("😀"));
        let root = parse(r#""日本\"語""#).unwrap();
        assert_eq!(root.as_str(), Some("日本\"語"));
    }
}

//! The inside of a tag as a tree: a call (a helper name or a path, then parameters, hash pairs
//! and block parameters), each part with its byte range in the template.
//!
//! The lexer ([`super::lexer`]) finds where a tag's expression ends and rejects what neither
//! reference engine lexes (an unterminated string or `[` segment, unbalanced parentheses, a
//! literal where a path segment belongs). This module then reads that text once into a [`Call`];
//! everything after it (the template builder, the uses of a template) reads the tree, not the text.

use super::lexer::is_js_space;
use super::SyntaxError;
use crate::text::TextRange;

/// `name param… key=value… as |a b|`: a tag's expression, or a subexpression `( … )`.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The first operand: a helper's name, or the path or literal the tag prints.
    pub head: Operand,
    /// The positional parameters, in order.
    pub params: Vec<Operand>,
    /// The `key=value` pairs, in order.
    pub hash: Vec<HashPair>,
    /// `as |item index|` (only on a tag, never in a subexpression).
    pub block_params: Option<BlockParams>,
    pub range: TextRange,
}

/// A parameter, a hash value or a call's head.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Path(Path),
    Literal(Literal),
    /// `(helper …)`.
    Sub(Box<Call>),
}

impl Operand {
    #[must_use]
    pub fn range(&self) -> TextRange {
        match self {
            Operand::Path(p) => p.range,
            Operand::Literal(l) => l.range,
            Operand::Sub(c) => c.range,
        }
    }

    /// The source text of a path or literal (empty for a subexpression).
    #[must_use]
    pub fn original(&self) -> &str {
        match self {
            Operand::Path(p) => &p.original,
            Operand::Literal(l) => &l.original,
            Operand::Sub(_) => "",
        }
    }
}

/// A path: `a.b`, `../x`, `this`, `.`, `@index`, `@root.a`, `[display name]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// As written.
    pub original: String,
    /// `@…`: a data variable.
    pub data: bool,
    /// The leading `../` steps (`..` alone is one).
    pub parents: usize,
    /// Written with `this` or `.` (after any `../`): read from the context itself, never a helper.
    pub explicit_this: bool,
    /// The names after the scope markers, without separators and `[ ]`.
    pub parts: Vec<String>,
    pub range: TextRange,
}

impl Path {
    /// A single name: no separators, no `@`, no `this` or `../` (what may name a helper).
    #[must_use]
    pub fn is_simple(&self) -> bool {
        !self.data && self.parents == 0 && !self.explicit_this && self.parts.len() == 1
    }
}

/// A literal as written; its value depends on the dialect's lexer.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub value: LiteralValue,
    /// As written (a string with its quotes).
    pub original: String,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LiteralValue {
    /// The text between the quotes as written (backslashes kept), and the quote.
    String {
        raw: String,
        quote: char,
    },
    /// handlebars.js's NUMBER, `-?[0-9]+(\.[0-9]+)?`, as written (`007` stays `007`).
    Number(String),
    Boolean(bool),
    Null,
    Undefined,
}

impl LiteralValue {
    /// handlebars.js's string: its lexer unescapes only the quote (`\"` is `"`); other
    /// backslashes stay.
    #[must_use]
    pub fn js_string(raw: &str, quote: char) -> String {
        let mut escaped = String::with_capacity(2);
        escaped.push('\\');
        escaped.push(quote);
        raw.replace(&escaped, &quote.to_string())
    }
}

/// `key=value`.
#[derive(Clone, Debug, PartialEq)]
pub struct HashPair {
    pub key: String,
    pub value: Operand,
    pub range: TextRange,
}

/// `as |a b|`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockParams {
    pub names: Vec<String>,
    /// As written, `as |a b|`.
    pub original: String,
    pub range: TextRange,
}

/// handlebars.js's NUMBER: `-?[0-9]+(?:\.[0-9]+)?`.
#[must_use]
pub fn is_number(text: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    match unsigned.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    }
}

/// Reads `text`, the expression of a tag that starts at byte `offset` of the template.
///
/// # Errors
/// An `=` without a name before it or a value after it, an empty `()`, block parameters that do
/// not end the tag or name nothing.
pub fn parse_call(text: &str, offset: usize) -> Result<Call, SyntaxError> {
    let mut reader = Reader {
        text,
        offset,
        pos: 0,
    };
    let call = reader.call(true)?;
    reader.skip_space();
    if reader.pos < text.len() {
        return Err(reader.error("unexpected `)` in tag", reader.pos, reader.pos + 1));
    }
    Ok(call)
}

struct Reader<'a> {
    text: &'a str,
    /// Where `text` starts in the template.
    offset: usize,
    pos: usize,
}

impl Reader<'_> {
    fn range(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.offset + start, self.offset + end)
    }

    fn error(&self, message: &str, start: usize, end: usize) -> SyntaxError {
        SyntaxError {
            message: message.to_owned(),
            range: self.range(start, end.min(self.text.len())),
            reported_at: None,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn skip_space(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start_matches(is_js_space).len();
    }

    /// The operands up to the end of the text (`top`) or to the `)` closing a subexpression.
    fn call(&mut self, top: bool) -> Result<Call, SyntaxError> {
        let start = self.pos;
        let mut operands: Vec<Operand> = Vec::new();
        let mut hash: Vec<HashPair> = Vec::new();
        let mut block_params = None;
        loop {
            self.skip_space();
            let Some(c) = self.peek() else { break };
            if c == ')' {
                if top {
                    return Err(self.error("unbalanced `)`", self.pos, self.pos + 1));
                }
                break;
            }
            if block_params.is_some() {
                return Err(self.error(
                    "block parameters `as |…|` must end the tag",
                    self.pos,
                    self.text.len(),
                ));
            }
            if top && self.at_block_params() {
                block_params = Some(self.block_params()?);
                continue;
            }
            if c == '=' {
                return Err(self.error("`=` without a name before it", self.pos, self.pos + 1));
            }
            let operand = self.operand()?;
            let after = self.pos;
            self.skip_space();
            if self.peek() == Some('=') {
                let Operand::Path(key) = &operand else {
                    return Err(self.error("a hash key must be a name", start, after));
                };
                if operands.is_empty() {
                    let at = key.range.start.to_usize() - self.offset;
                    return Err(self.error(
                        "a `key=value` pair cannot come before the helper's name",
                        at,
                        after,
                    ));
                }
                self.pos += 1;
                self.skip_space();
                if matches!(self.peek(), None | Some(')' | '=')) {
                    return Err(self.error(
                        "`=` without a value after it",
                        self.pos.saturating_sub(1),
                        self.pos,
                    ));
                }
                let value = self.operand()?;
                let key_start = key.range.start.to_usize() - self.offset;
                hash.push(HashPair {
                    key: key.original.clone(),
                    range: self.range(key_start, self.pos),
                    value,
                });
            } else {
                self.pos = after;
                operands.push(operand);
            }
        }
        let end = self.pos;
        let mut operands = operands.into_iter();
        let Some(head) = operands.next() else {
            return Err(self.error(
                "empty tag: expected a path or a helper name",
                start,
                end.max(start + 1),
            ));
        };
        Ok(Call {
            head,
            params: operands.collect(),
            hash,
            block_params,
            range: self.range(start, end),
        })
    }

    fn at_block_params(&self) -> bool {
        let rest = &self.text[self.pos..];
        rest.strip_prefix("as")
            .is_some_and(|r| r.trim_start_matches(is_js_space).starts_with('|'))
    }

    fn block_params(&mut self) -> Result<BlockParams, SyntaxError> {
        let start = self.pos;
        let Some(bar) = self.text[start..].find('|').map(|p| start + p) else {
            return Err(self.error(
                "unterminated block parameters `as |`",
                start,
                self.text.len(),
            ));
        };
        let Some(close) = self.text[bar + 1..].find('|').map(|p| bar + 1 + p) else {
            return Err(self.error(
                "unterminated block parameters `as |`",
                start,
                self.text.len(),
            ));
        };
        let names: Vec<String> = self.text[bar + 1..close]
            .split(is_js_space)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        self.pos = close + 1;
        Ok(BlockParams {
            names,
            original: self.text[start..close + 1].to_owned(),
            range: self.range(start, close + 1),
        })
    }

    fn operand(&mut self) -> Result<Operand, SyntaxError> {
        let start = self.pos;
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                let mut call = self.call(false)?;
                if self.peek() != Some(')') {
                    return Err(self.error("unbalanced `(`", start, self.text.len()));
                }
                self.pos += 1;
                call.range = self.range(start, self.pos);
                Ok(Operand::Sub(Box::new(call)))
            }
            Some(quote @ ('"' | '\'')) => {
                let bytes = self.text.as_bytes();
                let mut i = start + 1;
                while i < bytes.len() && bytes[i] != quote as u8 {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= bytes.len() {
                    return Err(self.error("unterminated string literal", start, self.text.len()));
                }
                self.pos = i + 1;
                Ok(Operand::Literal(Literal {
                    value: LiteralValue::String {
                        raw: self.text[start + 1..i].to_owned(),
                        quote,
                    },
                    original: self.text[start..self.pos].to_owned(),
                    range: self.range(start, self.pos),
                }))
            }
            _ => {
                self.word();
                if self.pos == start {
                    // A character that starts no token (the lexer refuses them before this runs).
                    return Err(self.error("unexpected character in tag", start, start + 1));
                }
                let word = &self.text[start..self.pos];
                let range = self.range(start, self.pos);
                let value = match word {
                    "true" => Some(LiteralValue::Boolean(true)),
                    "false" => Some(LiteralValue::Boolean(false)),
                    "null" => Some(LiteralValue::Null),
                    "undefined" => Some(LiteralValue::Undefined),
                    _ if is_number(word) => Some(LiteralValue::Number(word.to_owned())),
                    _ => None,
                };
                Ok(match value {
                    Some(value) => Operand::Literal(Literal {
                        value,
                        original: word.to_owned(),
                        range,
                    }),
                    None if climbs_after_a_name(word) => {
                        // handlebars.js's `preparePath`: `Invalid path: a/..`.
                        return Err(self.error(&format!("Invalid path: {word}"), start, self.pos));
                    }
                    None => Operand::Path(path(word, range)),
                })
            }
        }
    }

    /// A word: up to white space or a character that ends one, `[ … ]` segments whole.
    fn word(&mut self) {
        let bytes = self.text.as_bytes();
        // ASCII letters, digits and path punctuation, one byte at a time (most of a word).
        while bytes.get(self.pos).is_some_and(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'_' | b'-' | b'@')
        }) {
            self.pos += 1;
        }
        while let Some(c) = self.peek() {
            if c == '[' {
                match self.text[self.pos..].find(']') {
                    Some(p) => self.pos += p + 1,
                    None => self.pos = self.text.len(),
                }
                continue;
            }
            if is_js_space(c) || matches!(c, '(' | ')' | '=' | '|' | '"' | '\'') {
                break;
            }
            self.pos += c.len_utf8();
        }
    }
}

/// Whether `..` or `this` follows a name in a path (`a/..`, `a.this`), which handlebars.js
/// refuses when it compiles the template.
fn climbs_after_a_name(word: &str) -> bool {
    let word = word.strip_prefix('@').unwrap_or(word);
    let mut named = false;
    let mut rest = word;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').map_or(r.len(), |p| p + 1);
            rest = &r[end..];
            named = true;
            continue;
        }
        if let Some(r) = rest.strip_prefix("..") {
            if named {
                return true;
            }
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix(['.', '/']) {
            rest = r;
            continue;
        }
        let end = rest.find(['.', '/', '[']).unwrap_or(rest.len());
        if &rest[..end] == "this" && named {
            return true;
        }
        named |= &rest[..end] != "this";
        rest = &rest[end..];
    }
    false
}

/// Splits a path as written into its scope markers and names.
#[must_use]
pub fn path(original: &str, range: TextRange) -> Path {
    let data = original.starts_with('@');
    let mut parts = super::path_segments(original);
    let parents = parts.iter().take_while(|s| *s == "..").count();
    parts.drain(..parents);
    let body = original.trim_start_matches("../");
    let this_word = parts.first().is_some_and(|s| s == "this") && !body.starts_with('[');
    let explicit_this = this_word || body == "." || body.starts_with("./");
    if this_word {
        parts.remove(0);
    }
    Path {
        original: original.to_owned(),
        data,
        parents,
        explicit_this,
        parts,
        range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(text: &str) -> Call {
        parse_call(text, 0).unwrap()
    }

    #[test]
    fn a_helper_call_with_params_hash_and_block_params() {
        let c = call("each items.list (lookup a \"k\") key=3 as |item i|");
        let Operand::Path(head) = &c.head else {
            panic!("{c:?}")
        };
        assert_eq!(head.parts, ["each"]);
        assert!(head.is_simple());
        assert_eq!(c.params.len(), 2);
        let Operand::Path(items) = &c.params[0] else {
            panic!()
        };
        assert_eq!(items.parts, ["items", "list"]);
        assert_eq!(items.range, TextRange::new(5, 15));
        let Operand::Sub(sub) = &c.params[1] else {
            panic!()
        };
        assert_eq!(sub.range, TextRange::new(16, 30));
        assert_eq!(sub.params.len(), 2);
        assert_eq!(c.hash[0].key, "key");
        assert!(matches!(
            &c.hash[0].value,
            Operand::Literal(Literal { value: LiteralValue::Number(n), .. }) if n == "3"
        ));
        let bp = c.block_params.as_ref().unwrap();
        assert_eq!(bp.names, ["item", "i"]);
        assert_eq!(bp.original, "as |item i|");
    }

    #[test]
    fn scope_markers_and_segment_literals() {
        let p = |t: &str| match call(t).head {
            Operand::Path(p) => p,
            other => panic!("{other:?}"),
        };
        let up = p("../../a.[b c]/d");
        assert_eq!((up.parents, up.explicit_this), (2, false));
        assert_eq!(up.parts, ["a", "b c", "d"]);
        assert_eq!(p("..").parents, 1);
        assert!(p("..").parts.is_empty());
        let this = p("this.x");
        assert!(this.explicit_this && !this.is_simple());
        assert_eq!(this.parts, ["x"]);
        assert!(p(".").explicit_this);
        assert!(p("./y").explicit_this);
        let data = p("@root.a");
        assert!(data.data);
        assert_eq!(data.parts, ["root", "a"]);
        assert!(p("[this]").is_simple());
    }

    #[test]
    fn literals_follow_the_handlebars_js_lexer() {
        let head = |t: &str| call(t).head;
        assert!(matches!(
            head("007"),
            Operand::Literal(Literal {
                value: LiteralValue::Number(_),
                ..
            })
        ));
        assert!(matches!(head("-1.5"), Operand::Literal(_)));
        assert!(matches!(head("1e5"), Operand::Path(_)));
        assert!(matches!(head("nan"), Operand::Path(_)));
        assert!(matches!(
            head("undefined"),
            Operand::Literal(Literal {
                value: LiteralValue::Undefined,
                ..
            })
        ));
        let Operand::Literal(Literal {
            value: LiteralValue::String { raw, quote },
            ..
        }) = head(r#""a\"b\n""#)
        else {
            panic!()
        };
        assert_eq!(raw, r#"a\"b\n"#);
        assert_eq!(LiteralValue::js_string(&raw, quote), r#"a"b\n"#);
    }

    #[test]
    fn ranges_are_template_offsets() {
        let c = parse_call("x  k=v", 10).unwrap();
        assert_eq!(c.range, TextRange::new(10, 16));
        assert_eq!(c.hash[0].range, TextRange::new(13, 16));
        assert_eq!(c.hash[0].value.range(), TextRange::new(15, 16));
    }

    #[test]
    fn malformed_calls_are_errors_with_ranges() {
        let e = parse_call("f a =", 4).unwrap_err();
        assert_eq!(e.range, TextRange::new(8, 9));
        let e = parse_call("a =", 4).unwrap_err();
        assert_eq!(e.range, TextRange::new(4, 5));
        assert!(parse_call("= a", 0).is_err());
        assert!(parse_call("f ()", 0).is_err());
        assert!(parse_call("each x as |a| b", 0).is_err());
        assert!(parse_call("\"k\"=v", 0).is_err());
        assert!(parse_call("a k = v", 0).is_ok());
        assert!(parse_call("k=v each x", 0).is_err());
        for invalid in ["x../", "a/../b", "a.this", "@root/..", "[a b]/.."] {
            assert!(parse_call(invalid, 0).is_err(), "{invalid}");
        }
        for valid in ["../a", "this/a", "../this", "./a", "a.[..]"] {
            assert!(parse_call(valid, 0).is_ok(), "{valid}");
        }
    }
}

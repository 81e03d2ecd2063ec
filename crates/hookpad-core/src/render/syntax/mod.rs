//! Hookpad's own Handlebars tokenizer and block parser.
//!
//! The template's structure (text, tags, blocks, their byte ranges) is parsed here, following
//! handlebars.js's lexer, and each tag's expression is read once into a tree ([`expression`]).
//! Every node keeps its byte range.

use crate::text::TextRange;

/// A sequence of statements: the whole template, or the body of a block.
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub body: Vec<Node>,
    /// An `{{else if ...}}` chain: the body is exactly one nested [`Block`].
    pub chained: bool,
}

#[derive(Clone, Debug)]
pub enum Node {
    Content(Content),
    Comment(Comment),
    Mustache(Mustache),
    Block(Block),
}

/// Literal text between tags.
#[derive(Clone, Debug)]
pub struct Content {
    /// The text as written.
    pub original: String,
    /// The text after whitespace control.
    pub value: String,
    pub range: TextRange,
    pub left_stripped: bool,
    pub right_stripped: bool,
}

/// `~` markers: `open` is `{{~`, `close` is `~}}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Strip {
    pub open: bool,
    pub close: bool,
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub strip: Strip,
    pub range: TextRange,
}

/// `{{expr}}`, `{{{expr}}}` or `{{&expr}}`.
#[derive(Clone, Debug)]
pub struct Mustache {
    pub expr: Expr,
    pub escaped: bool,
    pub strip: Strip,
    pub range: TextRange,
}

/// `{{#expr}}program{{else}}inverse{{/name}}` (or `{{^expr}}`, whose parts are swapped as
/// handlebars.js swaps them).
#[derive(Clone, Debug)]
pub struct Block {
    pub expr: Expr,
    pub program: Option<Program>,
    pub inverse: Option<Program>,
    /// The tag each part starts after: the open tag (`{{#x}}`, or `{{else if}}` for a chained
    /// block) for `program`, the `{{else}}` for `inverse` (swapped, with the parts, for `{{^x}}`).
    pub program_tag: Option<TextRange>,
    pub inverse_tag: Option<TextRange>,
    pub open_strip: Strip,
    pub inverse_strip: Strip,
    pub close_strip: Strip,
    /// An `{{else if}}` link after the first of its chain. handlebars.js's parser gives such a
    /// link the strip of its own `{{else if}}` tag as its close strip (`prepareBlock` is handed
    /// the rest of the chain as `close`), so `{{~else if c}}` also strips the end of the branch
    /// after it.
    pub later_link: bool,
    pub range: TextRange,
}

/// The inside of a tag.
#[derive(Clone, Debug)]
pub struct Expr {
    /// The source text between the opener and the closer (without `~`).
    pub text: String,
    pub range: TextRange,
    /// The first token: a helper name or a path.
    pub head: String,
    pub head_range: TextRange,
    /// Whether anything but block parameters follows the head (params or hash pairs).
    pub has_params: bool,
    /// The `as |a b|` part, verbatim, if any.
    pub block_params: Option<String>,
    /// The expression read once into a tree.
    pub call: Call,
}

impl Expr {
    /// A single identifier: no `.`/`/` separators, no `@`, not `this`, not a literal.
    #[must_use]
    pub fn head_is_simple_id(&self) -> bool {
        !self.head_is_literal()
            && !self.head.starts_with('@')
            && self.head != "this"
            && path_segments(&self.head).len() == 1
            && !self.head.starts_with('.')
    }

    /// A string, number, boolean, `null` or `undefined` literal.
    #[must_use]
    pub fn head_is_literal(&self) -> bool {
        let h = self.head.as_str();
        h.starts_with('"')
            || h.starts_with('\'')
            || matches!(h, "true" | "false" | "null" | "undefined")
            || h.trim_start_matches('-').parse::<f64>().is_ok()
                && !h.trim_start_matches('-').is_empty()
    }
}

/// The segments of a path expression, without separators and `[...]` brackets.
#[must_use]
pub fn path_segments(path: &str) -> Vec<String> {
    let path = path.strip_prefix('@').unwrap_or(path);
    let bytes = path.as_bytes();
    let mut segments = Vec::new();
    // The segment being read: `current` plus the text from `run` to `i`. Every byte the loop
    // stops at is ASCII, so each cut is at a character boundary.
    let mut current = String::new();
    let (mut i, mut run) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'[' => {
                current.push_str(&path[run..i]);
                let close = path[i + 1..].find(']').map_or(path.len(), |p| i + 1 + p);
                current.push_str(&path[i + 1..close]);
                i = (close + 1).min(path.len());
            }
            b'.' if bytes.get(i + 1) == Some(&b'.') => {
                segments.push("..".to_owned());
                current.clear();
                i += 2;
            }
            b'.' | b'/' => {
                current.push_str(&path[run..i]);
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
                i += 1;
            }
            _ => {
                i += 1;
                continue;
            }
        }
        run = i;
    }
    current.push_str(&path[run..]);
    if !current.is_empty() {
        segments.push(current);
    }
    segments
}

/// A template that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// What Hookpad marks: the tag at fault (for a block never closed, its opening tag).
    pub range: TextRange,
    /// Where handlebars.js reports the error, when that is elsewhere (a block never closed:
    /// its parser gives up at the end of the template).
    pub reported_at: Option<TextRange>,
}

/// Parses a whole template.
///
/// # Errors
/// An unterminated tag, a block closed by the wrong name, a stray `{{else}}` or `{{/x}}`, or a
/// construct Hookpad does not support (partials, decorators, raw blocks).
pub fn parse(source: &str) -> Result<Program, SyntaxError> {
    #[cfg(test)]
    PARSES.with(|p| *p.borrow_mut().entry(source.to_owned()).or_default() += 1);
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
        end: TextRange::empty(source.len()),
    };
    let program = parser.program()?;
    if let Some(token) = parser.tokens.get(parser.pos) {
        let what = match &token.kind {
            TokenKind::Close(_) => "a closing tag without its opening block",
            _ => "`{{else}}` outside a block",
        };
        return Err(SyntaxError {
            message: format!("Parse error: {what}"),
            range: token.range,
            reported_at: None,
        });
    }
    Ok(program)
}

#[cfg(test)]
thread_local! {
    /// How many times each text was parsed on this thread, for the tests that check a text is
    /// not parsed again.
    static PARSES: std::cell::RefCell<std::collections::HashMap<String, usize>> =
        std::cell::RefCell::default();
}

/// The number of parses of each text on this thread since the last call.
#[cfg(test)]
pub(crate) fn take_parse_counts() -> std::collections::HashMap<String, usize> {
    PARSES.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

pub mod expression;
mod lexer;
mod parser;
#[cfg(test)]
mod tests;

pub use expression::{Call, HashPair, Literal, LiteralValue, Operand, Path};
pub use lexer::js_space;
use lexer::tokenize;
use lexer::TokenKind;
use parser::Parser;

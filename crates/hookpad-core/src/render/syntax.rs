//! Hookpad's own Handlebars tokenizer and block parser.
//!
//! The `handlebars` crate decides standalone-line whitespace inside its compiler, and the two
//! dialects need different rules (SPEC §3.6). So the template's *structure* (text, tags, blocks,
//! their byte ranges) is parsed here, following handlebars.js's lexer, and only the expressions
//! inside the tags are handed to the crate. Every node keeps its byte range.

use super::limits::{MAX_BLOCK_DEPTH, MAX_SUBEXPRESSION_DEPTH};
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
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    current.push(c);
                }
            }
            '.' if chars.peek() == Some(&'.') => {
                chars.next();
                segments.push("..".to_owned());
                current.clear();
            }
            '.' | '/' => {
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    segments
}

/// A template that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub range: TextRange,
}

/// Parses a whole template.
///
/// # Errors
/// An unterminated tag, a block closed by the wrong name, a stray `{{else}}` or `{{/x}}`, or a
/// construct Hookpad does not support (partials, decorators, raw blocks).
pub fn parse(source: &str) -> Result<Program, SyntaxError> {
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
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
        });
    }
    Ok(program)
}

#[derive(Debug)]
enum TokenKind {
    Content {
        text: String,
    },
    Comment,
    Mustache {
        expr: Expr,
        escaped: bool,
    },
    Open {
        expr: Expr,
        inverted: bool,
    },
    /// `{{else}}`, `{{^}}`, or `{{else expr}}` (chain).
    Else {
        chain: Option<Expr>,
    },
    Close(Expr),
}

#[derive(Debug)]
struct Token {
    kind: TokenKind,
    strip: Strip,
    range: TextRange,
}

fn is_js_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Whether `c` is white space as JavaScript's `\s` defines it.
#[must_use]
pub fn js_space(c: char) -> bool {
    is_js_space(c)
}

fn tokenize(src: &str) -> Result<Vec<Token>, SyntaxError> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < src.len() {
        // Text up to the next `{{`.
        let next = src[i..].find("{{").map_or(src.len(), |p| i + p);
        if next > i || next == src.len() {
            let mut text_end = next;
            let mut escaped = false;
            if next < src.len() && next > i && bytes[next - 1] == b'\\' {
                if next >= i + 2 && bytes[next - 2] == b'\\' {
                    // `\\{{`: a literal backslash, then a real tag.
                    text_end = next - 1;
                } else {
                    text_end = next - 1;
                    escaped = true;
                }
            }
            let text = &src[i..text_end];
            if !text.is_empty() {
                tokens.push(content(text, i, next));
            }
            if next == src.len() {
                break;
            }
            if escaped {
                // `\{{`: the tag is literal text, up to the next `{{` (at least two characters).
                let start = next;
                let rest = &src[start + 2..];
                let end = rest.find("{{").map_or(src.len(), |p| {
                    let mut e = start + 2 + p;
                    if e > start + 2 && bytes[e - 1] == b'\\' {
                        e -= 1;
                        if e > start + 2 && bytes[e - 1] == b'\\' {
                            e -= 1;
                        }
                    }
                    e
                });
                tokens.push(content(&src[start..end], start, end));
                i = end;
                continue;
            }
            i = next;
        }
        let (token, end) = tag(src, i)?;
        tokens.push(token);
        i = end;
    }
    Ok(tokens)
}

fn content(text: &str, start: usize, end: usize) -> Token {
    Token {
        kind: TokenKind::Content {
            text: text.to_owned(),
        },
        strip: Strip::default(),
        range: TextRange::new(start, end),
    }
}

fn err(message: impl Into<String>, start: usize, end: usize) -> SyntaxError {
    SyntaxError {
        message: message.into(),
        range: TextRange::new(start, end),
    }
}

/// Lexes one tag starting at `start` (which points at `{{`).
fn tag(src: &str, start: usize) -> Result<(Token, usize), SyntaxError> {
    let mut i = start + 2;
    let rest = &src[i..];
    if rest.starts_with("{{") {
        return Err(err("raw blocks `{{{{` are not supported", start, start + 4));
    }
    let open_strip = rest.starts_with('~');
    if open_strip {
        i += 1;
    }
    let rest = &src[i..];
    // Comments.
    if let Some(body) = rest.strip_prefix("!--") {
        let end = body
            .find("--}}")
            .map(|p| (p, 4))
            .into_iter()
            .chain(body.find("--~}}").map(|p| (p, 5)))
            .min_by_key(|&(p, _)| p)
            .ok_or_else(|| err("unterminated comment `{{!--`", start, src.len()))?;
        let close = end.1 == 5;
        let stop = i + 3 + end.0 + end.1;
        return Ok((
            Token {
                kind: TokenKind::Comment,
                strip: Strip {
                    open: open_strip,
                    close,
                },
                range: TextRange::new(start, stop),
            },
            stop,
        ));
    }
    if rest.starts_with('!') {
        let p = rest
            .find("}}")
            .ok_or_else(|| err("unterminated comment `{{!`", start, src.len()))?;
        let stop = i + p + 2;
        let close = src[..stop - 2].ends_with('~');
        return Ok((
            Token {
                kind: TokenKind::Comment,
                strip: Strip {
                    open: open_strip,
                    close,
                },
                range: TextRange::new(start, stop),
            },
            stop,
        ));
    }
    if rest.starts_with('>')
        || rest.starts_with("#>")
        || rest.starts_with("#*")
        || rest.starts_with('*')
    {
        return Err(err(
            "partials and decorators are not supported in integration templates",
            start,
            (i + 2).min(src.len()),
        ));
    }
    // `{{^}}` and `{{else}}` alone.
    if let Some((len, close_strip)) = standalone_inverse(rest) {
        let stop = i + len;
        return Ok((
            Token {
                kind: TokenKind::Else { chain: None },
                strip: Strip {
                    open: open_strip,
                    close: close_strip,
                },
                range: TextRange::new(start, stop),
            },
            stop,
        ));
    }
    let (kind_char, skip) = match rest.as_bytes().first() {
        Some(b'#') => ('#', 1),
        Some(b'/') => ('/', 1),
        Some(b'^') => ('^', 1),
        Some(b'{') => ('{', 1),
        Some(b'&') => ('&', 1),
        _ => {
            let trimmed = rest.trim_start_matches(js_space);
            if trimmed.starts_with("else") {
                ('e', rest.len() - trimmed.len() + 4)
            } else {
                (' ', 0)
            }
        }
    };
    i += skip;
    let triple = kind_char == '{';
    let (expr, close_strip, stop) = expression(src, i, triple, start)?;
    let strip = Strip {
        open: open_strip,
        close: close_strip,
    };
    let kind = match kind_char {
        '#' => TokenKind::Open {
            expr,
            inverted: false,
        },
        '^' => TokenKind::Open {
            expr,
            inverted: true,
        },
        '/' => TokenKind::Close(expr),
        'e' => TokenKind::Else { chain: Some(expr) },
        '{' | '&' => TokenKind::Mustache {
            expr,
            escaped: false,
        },
        _ => TokenKind::Mustache {
            expr,
            escaped: true,
        },
    };
    Ok((
        Token {
            kind,
            strip,
            range: TextRange::new(start, stop),
        },
        stop,
    ))
}

/// `^\s*~?}}` or `\s*else\s*~?}}`: returns the length consumed and the close strip.
fn standalone_inverse(rest: &str) -> Option<(usize, bool)> {
    let after = if let Some(r) = rest.strip_prefix('^') {
        r
    } else {
        let t = rest.trim_start_matches(js_space);
        t.strip_prefix("else")?
    };
    let t = after.trim_start_matches(js_space);
    let (t2, strip) = match t.strip_prefix('~') {
        Some(t2) => (t2, true),
        None => (t, false),
    };
    if t2.starts_with("}}") {
        Some((rest.len() - t2.len() + 2, strip))
    } else {
        None
    }
}

/// Scans an expression from `i` to its closing `}}` (or `}}}`), returning it, the close strip
/// and the offset after the closer.
fn expression(
    src: &str,
    begin: usize,
    triple: bool,
    tag_start: usize,
) -> Result<(Expr, bool, usize), SyntaxError> {
    let bytes = src.as_bytes();
    let mut i = begin;
    let mut depth = 0usize;
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut block_params: Option<(usize, usize)> = None;
    let mut other_tokens = 0usize;
    let unterminated = || err("unterminated tag: missing `}}`", tag_start, src.len());
    loop {
        let Some(&b) = bytes.get(i) else {
            return Err(unterminated());
        };
        let c = src[i..].chars().next().ok_or_else(unterminated)?;
        if is_js_space(c) {
            i += c.len_utf8();
            continue;
        }
        // Closers.
        if depth == 0 {
            let rest = &src[i..];
            // Both lexers try `}}}}` (a raw block's close), then `}~?}}` (a triple-stash's), then
            // `~?}}`, longest first: `{{a}}}` and `{{{a}}}}` end with the wrong closer
            // (handlebars.js's lexer; raymond's lexer.go `lexCloseMustache`).
            if rest.starts_with("}}}}")
                || !triple && (rest.starts_with("}}}") || rest.starts_with("}~}}"))
            {
                return Err(err(
                    "`}` after the closing `}}`: the tag ends with the wrong closer",
                    i,
                    i + 3,
                ));
            }
            let (close_strip, r) = match rest.strip_prefix('~') {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let closer = if triple { "}}}" } else { "}}" };
            if triple {
                // handlebars.js writes the strip between the braces: `}~}}`.
                if let Some(r2) = rest.strip_prefix("}~}}") {
                    let stop = src.len() - r2.len();
                    return finish(
                        src,
                        begin,
                        i,
                        stop,
                        true,
                        &words,
                        block_params,
                        other_tokens,
                    );
                }
            }
            if let Some(r2) = r.strip_prefix(closer) {
                let stop = src.len() - r2.len();
                return finish(
                    src,
                    begin,
                    i,
                    stop,
                    close_strip,
                    &words,
                    block_params,
                    other_tokens,
                );
            }
        }
        match b {
            b'"' | b'\'' => {
                let quote = b;
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= bytes.len() {
                    return Err(err("unterminated string literal", start, src.len()));
                }
                i += 1;
                words.push((start, i));
            }
            b'(' => {
                depth += 1;
                if depth > MAX_SUBEXPRESSION_DEPTH {
                    return Err(err(
                        format!("subexpressions nest deeper than {MAX_SUBEXPRESSION_DEPTH} levels"),
                        i,
                        i + 1,
                    ));
                }
                other_tokens += 1;
                i += 1;
            }
            b')' => {
                if depth == 0 {
                    return Err(err("unbalanced `)`", i, i + 1));
                }
                depth -= 1;
                i += 1;
            }
            b'a' if depth == 0
                && src[i..].starts_with("as")
                && src[i + 2..].trim_start_matches(js_space).starts_with('|') =>
            {
                let bar =
                    i + 2 + (src[i + 2..].len() - src[i + 2..].trim_start_matches(js_space).len());
                let close = src[bar + 1..]
                    .find('|')
                    .ok_or_else(|| err("unterminated block parameters `as |`", i, src.len()))?;
                let end = bar + 1 + close + 1;
                block_params = Some((i, end));
                i = end;
            }
            b'}' | b'~' => {
                return Err(err("unexpected `}` in tag", i, i + 1));
            }
            b'=' => {
                other_tokens += 1;
                i += 1;
            }
            b'|' => {
                return Err(err("unexpected `|` in tag", i, i + 1));
            }
            _ => {
                let start = i;
                while i < bytes.len() {
                    let c = src[i..].chars().next().unwrap_or(' ');
                    if c == '[' {
                        match src[i..].find(']') {
                            Some(p) => i += p + 1,
                            None => return Err(err("unterminated `[` segment", i, src.len())),
                        }
                        continue;
                    }
                    if is_js_space(c) || matches!(c, '(' | ')' | '=' | '|' | '}' | '~' | '"' | '\'')
                    {
                        break;
                    }
                    i += c.len_utf8();
                }
                if depth == 0 {
                    words.push((start, i));
                } else {
                    other_tokens += 1;
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    src: &str,
    begin: usize,
    close_at: usize,
    stop: usize,
    close_strip: bool,
    words: &[(usize, usize)],
    block_params: Option<(usize, usize)>,
    other_tokens: usize,
) -> Result<(Expr, bool, usize), SyntaxError> {
    let Some(&(hs, he)) = words.first() else {
        return Err(err(
            "empty tag: expected a path or a helper name",
            begin,
            stop,
        ));
    };
    // A subexpression as the head is a helper call whose name is inside the parentheses.
    let text_start = begin
        + (src[begin..close_at].len() - src[begin..close_at].trim_start_matches(js_space).len());
    let head_first = hs == text_start;
    let text = src[text_start..close_at]
        .trim_end_matches(js_space)
        .to_owned();
    let expr = Expr {
        range: TextRange::new(text_start, text_start + text.len()),
        text,
        head: if head_first {
            src[hs..he].to_owned()
        } else {
            String::new()
        },
        head_range: if head_first {
            TextRange::new(hs, he)
        } else {
            TextRange::empty(text_start)
        },
        has_params: words.len() > 1 || other_tokens > 0 || !head_first,
        block_params: block_params.map(|(s, e)| src[s..e].to_owned()),
    };
    Ok((expr, close_strip, stop))
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// How many blocks (and `else if` links) enclose the current position.
    depth: usize,
}

impl Parser {
    fn program(&mut self) -> Result<Program, SyntaxError> {
        let mut body = Vec::new();
        while let Some(token) = self.tokens.get_mut(self.pos) {
            match &mut token.kind {
                TokenKind::Else { .. } | TokenKind::Close(_) => break,
                TokenKind::Content { text } => {
                    let text = std::mem::take(text);
                    body.push(Node::Content(Content {
                        value: text.clone(),
                        original: text,
                        range: token.range,
                        left_stripped: false,
                        right_stripped: false,
                    }));
                    self.pos += 1;
                }
                TokenKind::Comment => {
                    body.push(Node::Comment(Comment {
                        strip: token.strip,
                        range: token.range,
                    }));
                    self.pos += 1;
                }
                TokenKind::Mustache { .. } => {
                    let token = self.take();
                    if let TokenKind::Mustache { expr, escaped } = token.kind {
                        body.push(Node::Mustache(Mustache {
                            expr,
                            escaped,
                            strip: token.strip,
                            range: token.range,
                        }));
                    }
                }
                TokenKind::Open { .. } => {
                    let block = self.block()?;
                    body.push(Node::Block(block));
                }
            }
        }
        Ok(Program {
            body,
            chained: false,
        })
    }

    fn take(&mut self) -> Token {
        let placeholder = Token {
            kind: TokenKind::Comment,
            strip: Strip::default(),
            range: TextRange::default(),
        };
        let token = std::mem::replace(&mut self.tokens[self.pos], placeholder);
        self.pos += 1;
        token
    }

    /// `{{#x}}` (or `{{^x}}`) up to and including its `{{/x}}`.
    fn block(&mut self) -> Result<Block, SyntaxError> {
        self.enter()?;
        let block = self.block_inner();
        self.depth -= 1;
        block
    }

    /// Counts one level of nesting; refuses templates nested deeper than the limit.
    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_BLOCK_DEPTH {
            let range = self
                .tokens
                .get(self.pos)
                .map(|t| t.range)
                .unwrap_or_default();
            self.depth -= 1;
            return Err(SyntaxError {
                message: format!("blocks nest deeper than {MAX_BLOCK_DEPTH} levels"),
                range,
            });
        }
        Ok(())
    }

    fn block_inner(&mut self) -> Result<Block, SyntaxError> {
        let open = self.take();
        let TokenKind::Open { expr, inverted } = open.kind else {
            return Err(err(
                "expected a block",
                open.range.start.to_usize(),
                open.range.end.to_usize(),
            ));
        };
        let program = self.program()?;
        let chain = self.inverse_chain(&expr, inverted, open.range, false)?;
        let (program, inverse, program_tag, inverse_tag) = if inverted {
            (
                chain.inverse,
                Some(program),
                chain.else_tag,
                Some(open.range),
            )
        } else {
            (
                Some(program),
                chain.inverse,
                Some(open.range),
                chain.else_tag,
            )
        };
        Ok(Block {
            expr,
            program,
            inverse,
            program_tag,
            inverse_tag,
            open_strip: open.strip,
            inverse_strip: chain.inverse_strip,
            close_strip: chain.close_strip,
            later_link: false,
            range: TextRange::new(open.range.start.to_usize(), chain.end),
        })
    }

    /// After a block's program: an optional `{{else}}` part (or `{{else if}}` chain), then the
    /// close tag.
    fn inverse_chain(
        &mut self,
        open_expr: &Expr,
        inverted: bool,
        open_range: TextRange,
        in_chain: bool,
    ) -> Result<InverseChain, SyntaxError> {
        let Some(token) = self.tokens.get(self.pos) else {
            return Err(SyntaxError {
                message: format!(
                    "`{{{{#{}}}}}` is never closed: missing `{{{{/{}}}}}`",
                    open_expr.head, open_expr.head
                ),
                range: open_range,
            });
        };
        match &token.kind {
            TokenKind::Close(_) => {
                let close = self.take();
                let TokenKind::Close(close_expr) = close.kind else {
                    return Err(err("expected a close tag", 0, 0));
                };
                if close_expr.text != open_expr.head {
                    return Err(SyntaxError {
                        message: format!("{} doesn't match {}", open_expr.head, close_expr.text),
                        range: close.range,
                    });
                }
                Ok(InverseChain {
                    inverse: None,
                    else_tag: None,
                    inverse_strip: Strip::default(),
                    close_strip: close.strip,
                    end: close.range.end.to_usize(),
                })
            }
            TokenKind::Else { chain: None } => {
                let else_token = self.take();
                let inverse = self.program()?;
                let rest = self.inverse_chain(open_expr, inverted, open_range, in_chain)?;
                if rest.inverse.is_some() {
                    return Err(err(
                        "a block can have only one `{{else}}`",
                        else_token.range.start.to_usize(),
                        else_token.range.end.to_usize(),
                    ));
                }
                Ok(InverseChain {
                    inverse: Some(inverse),
                    else_tag: Some(else_token.range),
                    inverse_strip: else_token.strip,
                    ..rest
                })
            }
            TokenKind::Else { chain: Some(_) } => {
                if inverted {
                    let r = token.range;
                    return Err(SyntaxError {
                        message:
                            "`{{else ...}}` chains are not allowed in an inverted `{{^...}}` block"
                                .to_owned(),
                        range: r,
                    });
                }
                self.enter()?;
                let else_token = self.take();
                let TokenKind::Else {
                    chain: Some(chain_expr),
                } = else_token.kind
                else {
                    return Err(err("expected `{{else ...}}`", 0, 0));
                };
                let program = self.program()?;
                let rest = self.inverse_chain(open_expr, inverted, open_range, true)?;
                self.depth -= 1;
                let nested = Block {
                    expr: chain_expr,
                    program: Some(program),
                    inverse: rest.inverse,
                    program_tag: Some(else_token.range),
                    inverse_tag: rest.else_tag,
                    open_strip: else_token.strip,
                    inverse_strip: rest.inverse_strip,
                    close_strip: rest.close_strip,
                    later_link: in_chain,
                    range: TextRange::new(else_token.range.start.to_usize(), rest.end),
                };
                Ok(InverseChain {
                    inverse: Some(Program {
                        body: vec![Node::Block(nested)],
                        chained: true,
                    }),
                    else_tag: Some(else_token.range),
                    inverse_strip: else_token.strip,
                    close_strip: rest.close_strip,
                    end: rest.end,
                })
            }
            _ => Err(SyntaxError {
                message: format!(
                    "`{{{{#{}}}}}` is never closed: missing `{{{{/{}}}}}`",
                    open_expr.head, open_expr.head
                ),
                range: open_range,
            }),
        }
    }
}

/// What follows a block's program: its inverse (if any), the tag that starts the inverse, the
/// strips of the `{{else}}` and of the close tag, and the end offset of the close tag.
struct InverseChain {
    inverse: Option<Program>,
    else_tag: Option<TextRange>,
    inverse_strip: Strip,
    close_strip: Strip,
    end: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(p: &Program) -> String {
        p.body
            .iter()
            .map(|n| match n {
                Node::Content(c) => format!("T({})", c.original),
                Node::Comment(_) => "C".to_owned(),
                Node::Mustache(m) => {
                    format!("M({}{})", if m.escaped { "" } else { "&" }, m.expr.text)
                }
                Node::Block(b) => format!(
                    "B({}|{}|{})",
                    b.expr.text,
                    b.program.as_ref().map(shape).unwrap_or_default(),
                    b.inverse.as_ref().map(shape).unwrap_or_default()
                ),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn parses_text_tags_and_blocks() {
        let p = parse("a {{x.y}} {{{raw}}}{{#if c}}yes{{else}}no{{/if}}").unwrap();
        assert_eq!(shape(&p), "T(a ) M(x.y) T( ) M(&raw) B(if c|T(yes)|T(no))");
    }

    #[test]
    fn else_if_chains_nest() {
        let p = parse("{{#if a}}1{{else if b}}2{{else}}3{{/if}}").unwrap();
        assert_eq!(shape(&p), "B(if a|T(1)|B(if b|T(2)|T(3)))");
    }

    #[test]
    fn inverted_blocks_swap_program_and_inverse() {
        let p = parse("{{^x}}none{{/x}}").unwrap();
        assert_eq!(shape(&p), "B(x||T(none))");
    }

    #[test]
    fn head_params_and_block_params() {
        let p = parse("{{#each items as |item i|}}{{/each}}{{helper a \"}}\" k=v}}").unwrap();
        let Node::Block(b) = &p.body[0] else { panic!() };
        assert_eq!(b.expr.head, "each");
        assert_eq!(b.expr.block_params.as_deref(), Some("as |item i|"));
        let Node::Mustache(m) = &p.body[1] else {
            panic!()
        };
        assert!(m.expr.has_params);
        assert_eq!(m.expr.text, "helper a \"}}\" k=v");
    }

    #[test]
    fn strip_markers_and_comments() {
        let p = parse("{{~x~}}{{!-- a }} b --}}{{~! c ~}}").unwrap();
        let Node::Mustache(m) = &p.body[0] else {
            panic!()
        };
        assert_eq!(
            m.strip,
            Strip {
                open: true,
                close: true
            }
        );
        let Node::Comment(c) = &p.body[2] else {
            panic!()
        };
        assert_eq!(
            c.strip,
            Strip {
                open: true,
                close: true
            }
        );
        assert_eq!(p.body.len(), 3);
    }

    #[test]
    fn escaped_mustache_is_text() {
        let p = parse(r"a \{{b}} {{c}}").unwrap();
        assert_eq!(shape(&p), "T(a ) T({{b}} ) M(c)");
    }

    #[test]
    fn errors_carry_ranges() {
        let e = parse("ab {{#if x}}").unwrap_err();
        assert_eq!(e.range, TextRange::new(3, 12));
        let e = parse("{{#if x}}{{/each}}").unwrap_err();
        assert_eq!(e.message, "if doesn't match each");
        assert_eq!(e.range, TextRange::new(9, 18));
        let e = parse("x {{y").unwrap_err();
        assert_eq!(e.range.start.0, 2);
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "{{#if a}}".repeat(MAX_BLOCK_DEPTH + 1) + &"{{/if}}".repeat(MAX_BLOCK_DEPTH + 1);
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nest deeper"), "{}", e.message);
        let ok = "{{#if a}}".repeat(MAX_BLOCK_DEPTH) + &"{{/if}}".repeat(MAX_BLOCK_DEPTH);
        assert!(parse(&ok).is_ok());
        let chain = format!("{{{{#if a}}}}{}{{{{/if}}}}", "{{else if b}}".repeat(10_000));
        assert!(parse(&chain).unwrap_err().message.contains("nest deeper"));
        let parens = format!("{{{{f {}x{}}}}}", "(g ".repeat(40), ")".repeat(40));
        assert!(parse(&parens)
            .unwrap_err()
            .message
            .contains("subexpressions"));
    }

    #[test]
    fn path_segments_split_and_unbracket() {
        assert_eq!(path_segments("a.b/[c d]"), vec!["a", "b", "c d"]);
        assert_eq!(path_segments("../x"), vec!["..", "x"]);
        assert_eq!(path_segments("@root.y"), vec!["root", "y"]);
    }
}

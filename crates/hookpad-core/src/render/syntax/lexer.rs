//! The tokenizer: text, tags and their expressions, following handlebars.js's lexer.

use super::expression::is_number;
use super::{Expr, Strip, SyntaxError};
use crate::render::limits::MAX_SUBEXPRESSION_DEPTH;
use crate::text::TextRange;

#[derive(Debug)]
pub(super) enum TokenKind {
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
pub(super) struct Token {
    pub(super) kind: TokenKind,
    pub(super) strip: Strip,
    pub(super) range: TextRange,
}

pub(super) fn is_js_space(c: char) -> bool {
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

pub(super) fn tokenize(src: &str) -> Result<Vec<Token>, SyntaxError> {
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

pub(super) fn content(text: &str, start: usize, end: usize) -> Token {
    Token {
        kind: TokenKind::Content {
            text: text.to_owned(),
        },
        strip: Strip::default(),
        range: TextRange::new(start, end),
    }
}

pub(super) fn err(message: impl Into<String>, start: usize, end: usize) -> SyntaxError {
    SyntaxError {
        message: message.into(),
        range: TextRange::new(start, end),
        reported_at: None,
    }
}

/// Lexes one tag starting at `start` (which points at `{{`).
pub(super) fn tag(src: &str, start: usize) -> Result<(Token, usize), SyntaxError> {
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
pub(super) fn standalone_inverse(rest: &str) -> Option<(usize, bool)> {
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
pub(super) fn expression(
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
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            src[i..].chars().next().ok_or_else(unterminated)?
        };
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
                    // ASCII name and path characters, a byte at a time (most of a word).
                    if bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'.' | b'/' | b'_' | b'-' | b'@')
                    {
                        i += 1;
                        continue;
                    }
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
                if let Some(segment) = literal_segment(src, start, i) {
                    return Err(err(
                        "a path segment cannot be a number or a literal (write `[0]`)",
                        segment,
                        i,
                    ));
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

/// handlebars.js's lexer reads a segment after a separator that looks like a literal and is
/// followed by `~`, `}`, `)` or white space (`{{a.0}}`, `{{a.true}}`) as a NUMBER or BOOLEAN
/// token, where its grammar wants an ID: a parse error. The offset of that segment, if any.
fn literal_segment(src: &str, start: usize, end: usize) -> Option<usize> {
    let word = &src[start..end];
    if is_number(word) {
        return None;
    }
    let next = src[end..].chars().next();
    if !next.is_none_or(|c| is_js_space(c) || matches!(c, '~' | '}' | ')')) {
        return None;
    }
    // The last separator outside `[...]`.
    let mut in_bracket = false;
    let mut separator = None;
    // Byte offsets: the characters looked for are ASCII, and no byte of another character is one.
    for (j, b) in word.bytes().enumerate() {
        match b {
            b'[' => in_bracket = true,
            b']' => in_bracket = false,
            b'.' | b'/' if !in_bracket => separator = Some(j),
            _ => {}
        }
    }
    let separator = separator?;
    let mut segment = &word[separator + 1..];
    let mut at = start + separator + 1;
    // `-?[0-9]+(\.[0-9]+)?` may take the segment before the last one too (`a.1.5`).
    let before = &word[..separator];
    if segment.bytes().all(|b| b.is_ascii_digit()) && !segment.is_empty() {
        if let Some(dot) = before.rfind(['.', '/']) {
            let digits = &before[dot + 1..];
            if word.as_bytes()[separator] == b'.'
                && !digits.is_empty()
                && digits
                    .trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_digit())
            {
                segment = &word[dot + 1..];
                at = start + dot + 1;
            }
        }
    }
    (is_number(segment) || matches!(segment, "true" | "false" | "null" | "undefined")).then_some(at)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn finish(
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
    let call = super::expression::parse_call(&text, text_start)?;
    let expr = Expr {
        call,
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

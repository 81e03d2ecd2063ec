//! The paths a template reads (`{{apiKey}}`, `{{context.key}}` in `{{queryEncode context.key}}`),
//! for the undeclared-variable rule and the host rule.

use crate::render::helpers::PUBLIC_HELPERS;
use crate::render::syntax::{js_space, path_segments, Node, Program};
use crate::text::TextRange;

/// A path used by a template: its first segment, and its byte range in the template text.
pub struct Use {
    pub root: String,
    pub range: TextRange,
    /// handlebars.js strict mode throws when this path is missing: a tag's own path (`{{x}}`,
    /// `{{#x}}`), or a path of several segments anywhere (`{{queryEncode a.b}}` reads `a`). A
    /// one-segment helper argument (`{{queryEncode x}}`) is not checked.
    pub checked: bool,
}

/// The paths `program` reads, in order.
#[must_use]
pub fn collect_uses(program: &Program) -> Vec<Use> {
    let mut uses = Vec::new();
    collect(program, &mut uses);
    uses
}

fn collect(program: &Program, uses: &mut Vec<Use>) {
    for node in &program.body {
        match node {
            Node::Mustache(m) => expression(&m.expr.text, m.expr.range.start.to_usize(), uses),
            Node::Block(b) => {
                expression(&b.expr.text, b.expr.range.start.to_usize(), uses);
                // `each`, `with` and sections read their body against another context (an item,
                // the value): names there are not the template's own.
                let same_context = matches!(
                    b.expr.head.as_str(),
                    "if" | "unless" | "equal" | "equalWithElse"
                );
                if let Some(p) = b.program.as_ref().filter(|_| same_context) {
                    collect(p, uses);
                }
                if let Some(p) = &b.inverse {
                    collect(p, uses);
                }
            }
            Node::Content(_) | Node::Comment(_) => {}
        }
    }
}

/// The paths an expression reads: every word that is not a helper name (first word of the tag or
/// of a subexpression), a literal, a hash key or block parameters.
fn expression(text: &str, offset: usize, uses: &mut Vec<Use>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut first_in_group = true;
    while i < bytes.len() {
        let c = bytes[i];
        // ASCII white space only: bytes of a multi-byte character are never ASCII, so every slice
        // below stays on a character boundary (a fuzzer found the panic when U+00A0's bytes counted).
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        match c {
            b'(' => {
                first_in_group = true;
                i += 1;
                continue;
            }
            b')' | b'=' => {
                i += 1;
                continue;
            }
            b'"' | b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != c {
                    i += usize::from(bytes[i] == b'\\') + 1;
                }
                i += 1;
                first_in_group = false;
                continue;
            }
            b'|' => {
                // `as |x y|`: block parameters are declarations, not reads.
                i += text[i + 1..].find('|').map_or(text.len(), |p| p + 2);
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'(' | b')' | b'=' | b'|')
        {
            i += 1;
        }
        let word = &text[start..i];
        let is_hash_key = bytes.get(i) == Some(&b'=');
        let is_helper = first_in_group && PUBLIC_HELPERS.contains(&word);
        let was_first = first_in_group;
        first_in_group = false;
        if is_hash_key || is_helper || word == "as" || word == "else" {
            continue;
        }
        if was_first
            && !word.contains(['.', '/'])
            && !word.starts_with('@')
            && word != "this"
            && is_unknown_helper_call(text, i)
        {
            continue;
        }
        let literal =
            matches!(word, "true" | "false" | "null" | "undefined") || word.parse::<f64>().is_ok();
        if literal
            || word.starts_with('@')
            || word.starts_with("..")
            || word == "this"
            || word == "."
            || word.starts_with("this.")
            || word.starts_with("./")
        {
            continue;
        }
        let segments = path_segments(word);
        let checked = was_first || segments.len() > 1;
        if let Some(root) = segments.into_iter().next() {
            uses.push(Use {
                root,
                range: TextRange::new(offset + start, offset + i),
                checked,
            });
        }
    }
}

/// Whether the word ending at `end` is followed by arguments (a call to an unknown helper: the
/// render reports it; it is not a variable).
fn is_unknown_helper_call(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches(js_space);
    !rest.is_empty() && !rest.starts_with(')')
}

/// The scheme and host of a URL template (up to the first `/`, `?` or `#` after `://`, outside
/// `{{ }}`); a URL without `://` starts with its host.
#[must_use]
pub fn host_part(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |p| p + 3);
    let rest = &url[after_scheme..];
    let mut depth = 0usize;
    let mut end = rest.len();
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"{{") {
            depth += 1;
            i += 2;
            continue;
        }
        if bytes[i..].starts_with(b"}}") {
            depth = depth.saturating_sub(1);
            i += 2;
            continue;
        }
        if depth == 0 && matches!(bytes[i], b'/' | b'?' | b'#') {
            end = i;
            break;
        }
        i += 1;
    }
    &url[..after_scheme + end]
}

//! The paths a template reads (`{{apiKey}}`, `{{context.key}}` in `{{queryEncode context.key}}`),
//! for the undeclared-variable rule and the host rule.

use crate::render::helpers;
use crate::render::syntax::{Call, Node, Operand, Program};
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
            Node::Mustache(m) => expression(&m.expr.call, uses),
            Node::Block(b) => {
                expression(&b.expr.call, uses);
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

/// The paths an expression reads: every path that is not a helper name (the head of the tag or
/// of a subexpression that calls something), a scope marker (`this`, `../`, `@…`), a literal, a
/// hash key or a block parameter; in the order written.
fn expression(call: &Call, uses: &mut Vec<Use>) {
    let start = uses.len();
    call_uses(call, uses);
    uses[start..].sort_by_key(|u| u.range.start);
}

fn call_uses(call: &Call, uses: &mut Vec<Use>) {
    let calls_something =
        !call.params.is_empty() || !call.hash.is_empty() || call.block_params.is_some();
    match &call.head {
        // A helper, or a call to an unknown helper (the render reports it; not a variable).
        Operand::Path(p) if helpers::find(&p.original).is_some() && p.is_simple() => {}
        Operand::Path(p)
            if calls_something && p.is_simple() && !p.original.contains(['.', '/']) => {}
        head => operand(head, true, uses),
    }
    for p in &call.params {
        operand(p, false, uses);
    }
    for pair in &call.hash {
        operand(&pair.value, false, uses);
    }
}

fn operand(operand: &Operand, head: bool, uses: &mut Vec<Use>) {
    match operand {
        Operand::Sub(sub) => call_uses(sub, uses),
        Operand::Literal(_) => {}
        Operand::Path(p) => {
            if p.data || p.parents > 0 || p.explicit_this || p.original == "else" {
                return;
            }
            if let Some(root) = p.parts.first() {
                uses.push(Use {
                    root: root.clone(),
                    range: p.range,
                    checked: head || p.parts.len() > 1,
                });
            }
        }
    }
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

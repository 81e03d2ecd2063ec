//! Standalone-line and `~` whitespace control, for both dialects.
//!
//! This follows handlebars.js's `WhitespaceControl` visitor step by step. The one switch is
//! [`Neighbours`]: handlebars.js decides whether a neighbouring text is "white space up to a line
//! break" from the text *as written*; raymond runs the same pass but tests the text as already
//! stripped by earlier steps (SPEC §3.6), which keeps indentation and line breaks where standalone
//! tags sit on adjacent lines.

use super::syntax::{js_space, Node, Program};

/// Which text the standalone tests look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Neighbours {
    /// The original text (handlebars.js).
    Original,
    /// The text as stripped so far (raymond).
    Stripped,
}

/// Applies whitespace control to a parsed template in place.
pub fn apply(program: &mut Program, neighbours: Neighbours) {
    let mut control = Control { neighbours };
    control.program(program, true);
}

struct Control {
    neighbours: Neighbours,
}

#[derive(Default)]
struct StripInfo {
    open: bool,
    close: bool,
    open_standalone: bool,
    close_standalone: bool,
    inline_standalone: bool,
}

impl Control {
    fn program(&mut self, program: &mut Program, is_root: bool) {
        for i in 0..program.body.len() {
            let Some(strip) = self.accept(&mut program.body[i]) else {
                continue;
            };
            let body = &mut program.body;
            let prev_ws = self.is_prev_whitespace(body, Some(i), is_root);
            let next_ws = self.is_next_whitespace(body, Some(i), is_root);
            let open_standalone = strip.open_standalone && prev_ws;
            let close_standalone = strip.close_standalone && next_ws;
            let inline_standalone = strip.inline_standalone && prev_ws && next_ws;

            if strip.close {
                omit_right(body, Some(i), true);
            }
            if strip.open {
                omit_left(body, Some(i), true);
            }
            if inline_standalone {
                omit_right(body, Some(i), false);
                omit_left(body, Some(i), false);
            }
            if open_standalone {
                if let Node::Block(block) = &mut body[i] {
                    if let Some(p) = block.program.as_mut().or(block.inverse.as_mut()) {
                        omit_right(&mut p.body, None, false);
                    }
                }
                omit_left(body, Some(i), false);
            }
            if close_standalone {
                omit_right(body, Some(i), false);
                if let Node::Block(block) = &mut body[i] {
                    if let Some(p) = block.inverse.as_mut().or(block.program.as_mut()) {
                        omit_left(&mut p.body, None, false);
                    }
                }
            }
        }
    }

    fn accept(&mut self, node: &mut Node) -> Option<StripInfo> {
        match node {
            Node::Content(_) => None,
            Node::Mustache(m) => Some(StripInfo {
                open: m.strip.open,
                close: m.strip.close,
                ..StripInfo::default()
            }),
            Node::Comment(c) => Some(StripInfo {
                open: c.strip.open,
                close: c.strip.close,
                inline_standalone: true,
                ..StripInfo::default()
            }),
            Node::Block(block) => {
                if let Some(p) = block.program.as_mut() {
                    self.program(p, false);
                }
                if let Some(p) = block.inverse.as_mut() {
                    self.program(p, false);
                }
                let has_program = block.program.is_some();
                let has_inverse = has_program && block.inverse.is_some();
                // handlebars.js: a later `{{else if}}` link closes with its own tag's strip (see
                // `Block::later_link`); raymond's parser is not known to share that quirk.
                let close_strip = if block.later_link && self.neighbours == Neighbours::Original {
                    block.open_strip
                } else {
                    block.close_strip
                };
                let mut strip = StripInfo {
                    open: block.open_strip.open,
                    close: close_strip.close,
                    ..StripInfo::default()
                };
                // `program` = block.program || block.inverse; `inverse` = program && inverse.
                {
                    let program = match block.program.as_ref().or(block.inverse.as_ref()) {
                        Some(p) => p,
                        None => return Some(strip),
                    };
                    strip.open_standalone = self.is_next_whitespace(&program.body, None, false);
                    let first = if has_inverse {
                        block.inverse.as_ref().map(first_inverse)
                    } else {
                        None
                    };
                    let first_or_program = first.unwrap_or(program);
                    strip.close_standalone =
                        self.is_prev_whitespace(&first_or_program.body, None, false);
                }
                if block.open_strip.close {
                    if let Some(p) = block.program.as_mut().or(block.inverse.as_mut()) {
                        omit_right(&mut p.body, None, true);
                    }
                }
                if has_inverse {
                    let (Some(program), Some(inverse)) =
                        (block.program.as_mut(), block.inverse.as_mut())
                    else {
                        return Some(strip);
                    };
                    // raymond's parser gives a chained inverse (`{{~else if b~}}`) no strip
                    // (`parseInverseChain` leaves the program's `Strip` nil, parser.go), so its
                    // whitespace pass ignores that tag's `~` (`VisitBlock`, whitespace.go).
                    let inverse_strip =
                        if inverse.chained && self.neighbours == Neighbours::Stripped {
                            Default::default()
                        } else {
                            block.inverse_strip
                        };
                    if inverse_strip.open {
                        omit_left(&mut program.body, None, true);
                    }
                    if inverse_strip.close {
                        omit_right(&mut first_inverse_mut(inverse).body, None, true);
                    }
                    if close_strip.open {
                        omit_left(&mut last_inverse_mut(inverse).body, None, true);
                    }
                    let standalone_else = self.is_prev_whitespace(&program.body, None, false)
                        && self.is_next_whitespace(&first_inverse(inverse).body, None, false);
                    if standalone_else {
                        omit_left(&mut program.body, None, false);
                        omit_right(&mut first_inverse_mut(inverse).body, None, false);
                    }
                } else if close_strip.open {
                    if let Some(p) = block.program.as_mut().or(block.inverse.as_mut()) {
                        omit_left(&mut p.body, None, true);
                    }
                }
                Some(strip)
            }
        }
    }

    /// `isPrevWhitespace`: whether the node before `i` (`None`: after the last node) ends with a
    /// line break and white space.
    fn is_prev_whitespace(&self, body: &[Node], i: Option<usize>, is_root: bool) -> bool {
        let i = i.unwrap_or(body.len());
        let Some(prev) = i.checked_sub(1).and_then(|p| body.get(p)) else {
            return is_root;
        };
        let Node::Content(content) = prev else {
            return false;
        };
        let at_root_start = i < 2 && is_root;
        match self.neighbours {
            // /\r?\n\s*?$/, or at the start of the root /(^|\r?\n)\s*?$/
            Neighbours::Original => {
                ends_with_line_break(&content.original, js_space, at_root_start)
            }
            // raymond also counts a node already stripped down to nothing.
            Neighbours::Stripped => {
                (content.value.is_empty() && content.right_stripped)
                    || ends_with_line_break(&content.value, go_space, at_root_start)
            }
        }
    }

    /// `isNextWhitespace`: whether the node after `i` (`None`: the first node) starts with white
    /// space and a line break.
    fn is_next_whitespace(&self, body: &[Node], i: Option<usize>, is_root: bool) -> bool {
        let next_index = i.map_or(0, |i| i + 1);
        let Some(next) = body.get(next_index) else {
            return is_root;
        };
        let Node::Content(content) = next else {
            return false;
        };
        match self.neighbours {
            // /^\s*?\r?\n/, or at the end of the root /^\s*?(\r?\n|$)/
            Neighbours::Original => {
                let at_root_end = is_root && body.len() <= next_index + 1;
                starts_with_line_break(&content.original, js_space, at_root_end)
            }
            // raymond uses the end-of-root form anywhere in the root, and counts a node already
            // stripped down to nothing.
            Neighbours::Stripped => {
                (content.value.is_empty() && content.left_stripped)
                    || starts_with_line_break(&content.value, go_space, is_root)
            }
        }
    }
}

/// Go's `\s`: ASCII white space only.
fn go_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r')
}

/// The text's trailing white space contains a line break (or, if `or_all_space`, the text is all
/// white space).
fn ends_with_line_break(text: &str, space: fn(char) -> bool, or_all_space: bool) -> bool {
    let trimmed = text.trim_end_matches(space);
    text[trimmed.len()..].contains('\n') || (or_all_space && trimmed.is_empty())
}

/// The text's leading white space contains a line break (or, if `or_all_space`, the text is all
/// white space).
fn starts_with_line_break(text: &str, space: fn(char) -> bool, or_all_space: bool) -> bool {
    let trimmed = text.trim_start_matches(space);
    text[..text.len() - trimmed.len()].contains('\n') || (or_all_space && trimmed.is_empty())
}

fn first_inverse(inverse: &Program) -> &Program {
    if inverse.chained {
        if let Some(Node::Block(b)) = inverse.body.first() {
            if let Some(p) = b.program.as_ref() {
                return p;
            }
        }
    }
    inverse
}

fn chained_program(inverse: &Program, last: bool) -> bool {
    let node = if last {
        inverse.body.last()
    } else {
        inverse.body.first()
    };
    inverse.chained && matches!(node, Some(Node::Block(b)) if b.program.is_some())
}

fn first_inverse_mut(inverse: &mut Program) -> &mut Program {
    if !chained_program(inverse, false) {
        return inverse;
    }
    match inverse.body.first_mut() {
        Some(Node::Block(b)) => match b.program.as_mut() {
            Some(p) => p,
            None => unreachable!("chained_program checked that the block has a program"),
        },
        _ => unreachable!("chained_program checked that the first node is a block"),
    }
}

/// handlebars.js: `while (lastInverse.chained) lastInverse = lastInverse.body[last].program`.
/// The program reached is never chained itself, so this descends one level.
fn last_inverse_mut(inverse: &mut Program) -> &mut Program {
    if !chained_program(inverse, true) {
        return inverse;
    }
    match inverse.body.last_mut() {
        Some(Node::Block(b)) => match b.program.as_mut() {
            Some(p) => p,
            None => unreachable!("chained_program checked that the block has a program"),
        },
        _ => unreachable!("chained_program checked that the last node is a block"),
    }
}

/// Strips white space at the start of the node after `i` (or of the first node).
fn omit_right(body: &mut [Node], i: Option<usize>, multiple: bool) {
    let index = i.map_or(0, |i| i + 1);
    let Some(Node::Content(current)) = body.get_mut(index) else {
        return;
    };
    if !multiple && current.right_stripped {
        return;
    }
    let before = current.value.len();
    let value = &current.value;
    let stripped = if multiple {
        value.trim_start_matches(js_space)
    } else {
        // /^[ \t]*\r?\n?/
        let s = value.trim_start_matches([' ', '\t']);
        let s = s
            .strip_prefix("\r\n")
            .or_else(|| s.strip_prefix('\n'))
            .unwrap_or(s);
        s
    };
    let removed = before - stripped.len();
    current.value.drain(..removed);
    current.right_stripped = removed > 0;
}

/// Strips white space at the end of the node before `i` (or of the last node).
fn omit_left(body: &mut [Node], i: Option<usize>, multiple: bool) -> bool {
    let index = match i {
        Some(0) => return false,
        Some(i) => i - 1,
        None => match body.len().checked_sub(1) {
            Some(last) => last,
            None => return false,
        },
    };
    let Some(Node::Content(current)) = body.get_mut(index) else {
        return false;
    };
    if !multiple && current.left_stripped {
        return false;
    }
    let kept = if multiple {
        current.value.trim_end_matches(js_space).len()
    } else {
        current.value.trim_end_matches([' ', '\t']).len()
    };
    let changed = kept != current.value.len();
    current.value.truncate(kept);
    current.left_stripped = changed;
    changed
}

#[cfg(test)]
mod tests {
    use super::super::syntax::parse;
    use super::*;

    fn flatten(p: &Program, out: &mut String) {
        for n in &p.body {
            match n {
                Node::Content(c) => out.push_str(&c.value),
                Node::Mustache(m) => {
                    out.push('<');
                    out.push_str(&m.expr.text);
                    out.push('>');
                }
                Node::Comment(_) => {}
                Node::Block(b) => {
                    out.push('[');
                    if let Some(p) = &b.program {
                        flatten(p, out);
                    }
                    out.push('|');
                    if let Some(p) = &b.inverse {
                        flatten(p, out);
                    }
                    out.push(']');
                }
            }
        }
    }

    fn run(src: &str, n: Neighbours) -> String {
        let mut p = parse(src).unwrap();
        apply(&mut p, n);
        let mut out = String::new();
        flatten(&p, &mut out);
        out
    }

    #[test]
    fn standalone_block_lines_are_removed() {
        let src = "a\n  {{#if x}}\n  b\n  {{/if}}\nc\n";
        assert_eq!(run(src, Neighbours::Original), "a\n[  b\n|]c\n");
    }

    #[test]
    fn standalone_else_is_removed() {
        let src = "{{#if x}}\nyes\n{{else}}\nno\n{{/if}}\n";
        assert_eq!(run(src, Neighbours::Original), "[yes\n|no\n]");
    }

    #[test]
    fn tilde_strips_all_white_space() {
        assert_eq!(run("a \n {{~x~}} \n b", Neighbours::Original), "a<x>b");
    }

    #[test]
    fn comments_alone_on_a_line_vanish() {
        assert_eq!(run("a\n  {{! note }}\nb", Neighbours::Original), "a\nb");
    }

    #[test]
    fn adjacent_standalone_tags_differ_between_dialects() {
        // Two standalone closers on adjacent lines: handlebars.js removes both lines; raymond
        // tests the already stripped text, so the second closer keeps its indentation.
        let src = "{{#if a}}\n{{#if b}}\nx\n  {{/if}}\n  {{/if}}\n";
        let js = run(src, Neighbours::Original);
        let go = run(src, Neighbours::Stripped);
        assert_eq!(js, "[[x\n|]|]");
        assert_ne!(js, go);
    }

    #[test]
    fn inline_tags_keep_their_lines() {
        assert_eq!(
            run("a {{#if x}}b{{/if}} c\n", Neighbours::Original),
            "a [b|] c\n"
        );
    }
}

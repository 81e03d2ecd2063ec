//! Branch coverage: which parts of a template's blocks a render ran.
//!
//! Every block has two branches: its body (`then`, or for `#each` "ran with at least one item")
//! and its inverse (`else`, or "ran with none"), whether or not an `{{else}}` is written; an
//! `{{else if}}` chain adds one branch per link. To see which ran, the template is compiled once
//! more with a marker at the start of each branch — literal text, which changes nothing the
//! helpers decide — and the markers found in the output are the branches taken. The same
//! instrumentation serves both dialects, so coverage follows each engine's own rules (production's
//! `equal` never renders its inverse, for one).

use serde::{Deserialize, Serialize};

use super::syntax::{Block, Content, Node, Program};
use super::{Compiled, Dialect, RenderData, RenderFault};
use crate::text::TextRange;

/// Starts and ends a marker; both are private-use characters no template text produces.
const MARK_OPEN: char = '\u{F0000}';
const MARK_CLOSE: char = '\u{F0001}';

/// Which part of a block a branch is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BranchPart {
    /// The block's body (`then`; for `#each`, ran with at least one item).
    Then,
    /// An `{{else if ...}}` link of a chain.
    ElseIf,
    /// The inverse (`else`; for `#each`, ran with no items).
    Else,
}

/// One branch of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    /// The block helper, as written (`if`, `each`, `equal`, ...).
    pub helper: String,
    pub part: BranchPart,
    /// The tag the branch starts after (`{{#if}}`, `{{else}}`, `{{else if}}`); for an inverse with
    /// no `{{else}}` written, the block's open tag.
    pub range: TextRange,
    /// No `{{else}}` is written: the branch renders nothing, but whether it ran still counts.
    pub implicit: bool,
}

impl Branch {
    /// How the branch reads in a report: "`else` of #if (none written)".
    #[must_use]
    pub fn describe(&self) -> String {
        let each = self.helper == "each";
        let what = match (self.part, each) {
            (BranchPart::Then, true) => "body of #each (at least one item)".to_owned(),
            (BranchPart::Else, true) => "`else` of #each (no items)".to_owned(),
            (BranchPart::Then, false) => format!("`then` of #{}", self.helper),
            (BranchPart::ElseIf, _) => format!("`else {}` link", self.helper),
            (BranchPart::Else, false) => format!("`else` of #{}", self.helper),
        };
        if self.implicit {
            format!("{what} (no `{{{{else}}}}` written)")
        } else {
            what
        }
    }
}

/// A template compiled with a marker at the start of every branch.
pub struct Instrumented {
    compiled: Compiled,
    pub branches: Vec<Branch>,
}

/// Compiles `source` for `dialect` with branch markers.
///
/// # Errors
/// The template's syntax error, as [`super::compile`] reports it.
pub fn instrument(source: &str, dialect: Dialect) -> Result<Instrumented, RenderFault> {
    let mut branches = Vec::new();
    let compiled = super::compile_program(source, dialect, |program| {
        mark_program(program, dialect, &mut branches);
    })?;
    Ok(Instrumented { compiled, branches })
}

impl Instrumented {
    /// Renders with `data` and returns which branches ran (in the order of [`Self::branches`]).
    ///
    /// # Errors
    /// The render's fault: a failed render tells nothing reliable about its branches.
    pub fn taken(&self, data: &RenderData, dialect: Dialect) -> Result<Vec<bool>, RenderFault> {
        let output = self.compiled.render_with(data, dialect)?;
        let mut taken = vec![false; self.branches.len()];
        for index in markers(&output) {
            if let Some(slot) = taken.get_mut(index) {
                *slot = true;
            }
        }
        Ok(taken)
    }
}

/// The branch indexes of the markers in `output`.
fn markers(output: &str) -> impl Iterator<Item = usize> + '_ {
    output.split(MARK_OPEN).skip(1).filter_map(|rest| {
        let (digits, _) = rest.split_once(MARK_CLOSE)?;
        digits.parse().ok()
    })
}

fn marker(index: usize, at: TextRange) -> Node {
    let text = format!("{MARK_OPEN}{index}{MARK_CLOSE}");
    Node::Content(Content {
        original: text.clone(),
        value: text,
        range: TextRange::empty(at.end.to_usize()),
        left_stripped: false,
        right_stripped: false,
    })
}

fn mark_program(program: &mut Program, dialect: Dialect, branches: &mut Vec<Branch>) {
    for node in &mut program.body {
        if let Node::Block(block) = node {
            mark_block(block, BranchPart::Then, dialect, branches);
        }
    }
}

/// Marks `block`'s body (as `body_part`: `Then`, or `ElseIf` for a link of a chain) and its
/// inverse, recursively.
fn mark_block(
    block: &mut Block,
    body_part: BranchPart,
    dialect: Dialect,
    branches: &mut Vec<Branch>,
) {
    let open = TextRange::new(
        block.range.start.to_usize(),
        block.expr.range.end.to_usize(),
    );
    let helper = block.expr.head.clone();
    let add = |branches: &mut Vec<Branch>, part: BranchPart, tag: Option<TextRange>| {
        branches.push(Branch {
            helper: helper.clone(),
            part,
            range: tag.unwrap_or(open),
            implicit: tag.is_none(),
        });
        branches.len() - 1
    };

    let index = add(branches, body_part, block.program_tag);
    let body = block.program.get_or_insert_with(Program::default);
    mark_program(body, dialect, branches);
    body.body
        .insert(0, marker(index, block.program_tag.unwrap_or(open)));

    let chained = block.inverse.as_ref().is_some_and(|p| p.chained);
    if chained {
        // The inverse is exactly one nested block (the next link): its own branches cover it.
        if let Some(Node::Block(next)) = block.inverse.as_mut().and_then(|p| p.body.first_mut()) {
            mark_block(next, BranchPart::ElseIf, dialect, branches);
        }
        return;
    }
    // Production's `equal` never renders an inverse: an unwritten one would only ever read as
    // "never taken", which says nothing about the template.
    let inverse_never_renders = dialect == Dialect::Production && helper == "equal";
    if block.inverse.is_none() && inverse_never_renders {
        return;
    }
    let index = add(branches, BranchPart::Else, block.inverse_tag);
    let inverse = block.inverse.get_or_insert_with(Program::default);
    mark_program(inverse, dialect, branches);
    inverse
        .body
        .insert(0, marker(index, block.inverse_tag.unwrap_or(open)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn coverage(source: &str, data: &serde_json::Value, dialect: Dialect) -> Vec<(String, bool)> {
        let instrumented = instrument(source, dialect).unwrap();
        let taken = instrumented
            .taken(&RenderData::new(data.clone()), dialect)
            .unwrap();
        instrumented
            .branches
            .iter()
            .zip(taken)
            .map(|(b, t)| (format!("{}@{}", b.describe(), b.range.start.0), t))
            .collect()
    }

    #[test]
    fn if_with_else_marks_the_branch_that_ran() {
        let t = "{{#if a}}A{{else}}B{{/if}}";
        assert_eq!(
            coverage(t, &json!({"a": true}), Dialect::Preview),
            vec![
                ("`then` of #if@0".to_owned(), true),
                ("`else` of #if@10".to_owned(), false)
            ]
        );
        assert_eq!(
            coverage(t, &json!({"a": false}), Dialect::Production),
            vec![
                ("`then` of #if@0".to_owned(), false),
                ("`else` of #if@10".to_owned(), true)
            ]
        );
    }

    #[test]
    fn an_unwritten_else_still_counts_as_a_branch() {
        let t = "{{#if a}}A{{/if}}";
        let got = coverage(t, &json!({"a": 0}), Dialect::Preview);
        assert_eq!(
            got,
            vec![
                ("`then` of #if@0".to_owned(), false),
                ("`else` of #if (no `{{else}}` written)@0".to_owned(), true)
            ]
        );
    }

    #[test]
    fn each_counts_items_and_no_items() {
        let t = "{{#each xs}}x{{/each}}";
        let some = coverage(t, &json!({"xs": [1, 2]}), Dialect::Preview);
        assert_eq!(
            some[0],
            ("body of #each (at least one item)@0".to_owned(), true)
        );
        assert!(!some[1].1);
        let none = coverage(t, &json!({"xs": []}), Dialect::Preview);
        assert_eq!(none.iter().map(|b| b.1).collect::<Vec<_>>(), [false, true]);
    }

    #[test]
    fn an_else_if_chain_has_a_branch_per_link() {
        let t = "{{#if a}}A{{else if b}}B{{else}}C{{/if}}";
        let got = coverage(t, &json!({"a": false, "b": true}), Dialect::Preview);
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["`then` of #if@0", "`else if` link@10", "`else` of #if@24"]
        );
        assert_eq!(
            got.iter().map(|b| b.1).collect::<Vec<_>>(),
            [false, true, false]
        );
    }

    #[test]
    fn production_equal_never_takes_its_else() {
        let t = r#"{{#equal a "x"}}X{{else}}Y{{/equal}}"#;
        let preview = coverage(t, &json!({"a": "y"}), Dialect::Preview);
        let production = coverage(t, &json!({"a": "y"}), Dialect::Production);
        assert_eq!(
            preview.iter().map(|b| b.1).collect::<Vec<_>>(),
            [false, true]
        );
        assert_eq!(
            production.iter().map(|b| b.1).collect::<Vec<_>>(),
            [false, false]
        );
    }

    #[test]
    fn nested_blocks_are_marked_inside_their_parent() {
        let t = "{{#with o}}{{#if k}}K{{/if}}{{/with}}";
        let got = coverage(t, &json!({"o": {"k": 1}}), Dialect::Preview);
        assert_eq!(
            got.iter().map(|b| b.1).collect::<Vec<_>>(),
            [true, true, false, false],
            "{got:?}"
        );
    }

    #[test]
    fn markers_do_not_change_what_the_template_decides() {
        // Standalone-line whitespace and helper results are computed before the markers go in.
        let t = "{{#each xs}}\n  {{this}}\n{{/each}}\n";
        let data = json!({"xs": ["a", "b"]});
        let plain = super::super::render(t, data.clone(), Dialect::Preview).unwrap();
        let instrumented = instrument(t, Dialect::Preview).unwrap();
        let marked = instrumented
            .compiled
            .render_with(&RenderData::new(data), Dialect::Preview)
            .unwrap();
        let stripped: String = marked
            .split(MARK_OPEN)
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once(MARK_CLOSE).map_or(part, |(_, rest)| rest)
                }
            })
            .collect();
        assert_eq!(stripped, plain);
    }
}

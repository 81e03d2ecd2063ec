//! The tokenizer and parser on small templates.

use super::*;
use crate::render::limits::MAX_BLOCK_DEPTH;

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
    // Marked at the tag at fault; reported where handlebars.js's parser gives up: at the end for
    // a block never closed (`Parse error on line 1: … got 'EOF'`), at the open block's path for
    // a wrong close (`- 1:3`).
    let e = parse("ab {{#if x}}").unwrap_err();
    assert_eq!(e.range, TextRange::new(3, 12));
    assert_eq!(e.reported_at, Some(TextRange::empty(12)));
    let e = parse("{{#if x}}{{/each}}").unwrap_err();
    assert_eq!(e.message, "if doesn't match each");
    assert_eq!(e.range, TextRange::new(9, 18));
    assert_eq!(e.reported_at, Some(TextRange::empty(3)));
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

/// `path_segments` as first written, one character at a time: the reference for the byte scan.
fn path_segments_by_char(path: &str) -> Vec<String> {
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

#[test]
fn path_segments_read_every_path_as_the_character_reading_did() {
    // Every path of up to five symbols over an alphabet with each character the reader treats
    // specially, plus a multi-byte one.
    let alphabet = ["a", "é", ".", "/", "[", "]", "@", "..", " "];
    let mut paths = vec![String::new()];
    for _ in 0..5 {
        let longer: Vec<String> = paths
            .iter()
            .flat_map(|p| alphabet.iter().map(move |a| format!("{p}{a}")))
            .collect();
        paths.extend(longer);
        paths.sort();
        paths.dedup();
    }
    assert!(paths.len() > 10_000);
    for p in &paths {
        assert_eq!(path_segments(p), path_segments_by_char(p), "{p:?}");
    }
}

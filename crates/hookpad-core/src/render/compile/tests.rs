//! The compiler on small templates.

use super::*;

fn compiled(source: &str, dialect: Dialect) -> Result<Program, SyntaxError> {
    let program = syntax::parse(source).expect("parses");
    compile(&program, dialect)
}

fn kinds(program: &Program) -> Vec<&'static str> {
    program
        .steps
        .iter()
        .map(|s| match s {
            Step::Text(_) => "text",
            Step::Value { .. } => "value",
            Step::Print { .. } => "print",
            Step::AboveRoot { .. } => "above-root",
            Step::MissingHelper { .. } => "missing-helper",
            Step::Arity { .. } => "arity",
            Step::Block(b) => match b.kind {
                BlockKind::Helper(_) => "helper-block",
                BlockKind::Section { .. } => "section",
            },
        })
        .collect()
}

#[test]
fn each_tag_compiles_to_what_the_dialect_runs() {
    let source = "{{a.b}} {{queryEncode x}}{{nope x}}{{#if a}}{{/if}}{{#a}}{{/a}}{{../x}}";
    let preview = compiled(source, Dialect::Preview).unwrap();
    assert_eq!(
        kinds(&preview),
        [
            "value",
            "text",
            "print",
            "missing-helper",
            "helper-block",
            "section",
            "above-root"
        ]
    );
    // Production renders nothing for an unknown helper and reads `../` past the root.
    let production = compiled(source, Dialect::Production).unwrap();
    assert_eq!(
        kinds(&production),
        ["value", "text", "print", "helper-block", "section", "value"]
    );
}

#[test]
fn arity_follows_the_helper_table() {
    // handlebars.js checks `if`'s arity, not `lookup`'s; raymond checks both.
    let p = compiled("{{#if a b}}{{/if}}{{lookup a}}", Dialect::Preview).unwrap();
    assert_eq!(kinds(&p), ["arity", "print"]);
    let p = compiled("{{#if a b}}{{/if}}{{lookup a}}", Dialect::Production).unwrap();
    assert_eq!(kinds(&p), ["arity", "arity"]);
}

#[test]
fn literals_follow_each_dialects_lexer() {
    let value = |source: &str, dialect| match compiled(source, dialect).unwrap().steps.remove(0) {
        Step::Print {
            value: Operand::Call(call),
            ..
        } => match &call.params[0] {
            Operand::Literal(v) => (**v).clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    assert_eq!(value("{{queryEncode 007}}", Dialect::Preview), 7);
    assert_eq!(
        value(r#"{{queryEncode "a\"b\n"}}"#, Dialect::Preview),
        "a\"b\\n"
    );
    assert_eq!(
        value(r#"{{queryEncode "a\"b\n"}}"#, Dialect::Production),
        "a\"b\n"
    );
    assert!(compiled("{{queryEncode 007}}", Dialect::Production).is_err());
}

#[test]
fn block_parameters_are_read_from_their_own_name_in_preview() {
    let p = compiled("{{#each xs as |x|}}{{x.y}}{{/each}}", Dialect::Preview).unwrap();
    let Step::Block(block) = &p.steps[0] else {
        panic!()
    };
    let body = block.program.as_ref().unwrap();
    let Step::Print {
        value:
            Operand::Path {
                path,
                block_param: true,
                ..
            },
        ..
    } = &body.steps[0]
    else {
        panic!("{:?}", body.steps[0])
    };
    assert_eq!(path.parts, ["x", "x", "y"]);
    assert!(compiled("{{#each xs as |a b c|}}{{/each}}", Dialect::Preview).is_err());
}

#[test]
fn identical_bodies_are_compiled_once() {
    let p = compiled(
        "{{#if a}}{{x}}{{/if}}{{#if b}}{{x}}{{/if}}",
        Dialect::Preview,
    )
    .unwrap();
    let bodies: Vec<&Rc<Program>> = p
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Block(b) => b.program.as_ref(),
            _ => None,
        })
        .collect();
    assert!(Rc::ptr_eq(bodies[0], bodies[1]));
}

//! Issue 16: the preview dialect on templates no corpus has. Every expected value below is what
//! handlebars.js 4.7.7 gives in strict mode with the integration framework's helpers
//! (`node tests/differential/reference.mjs`), not Hookpad's own output.

use hookpad_core::render::{render, Dialect};
use hookpad_core::RenderFaultReason;
use serde_json::{json, Value};

/// The output, or `ERROR <handlebars.js message>`, or `TypeError: <message>`.
fn preview(template: &str, data: Value) -> String {
    match render(template, data, Dialect::Preview) {
        Ok(output) => output,
        Err(fault) => match &fault.reason {
            RenderFaultReason::TypeError(message) => format!("TypeError: {message}"),
            _ => format!("ERROR {}", fault.handlebars_js_message(template)),
        },
    }
}

#[test]
fn strict_lookup_on_a_truthy_primitive_is_a_type_error() {
    // handlebars.js's strict check is `!obj || !(name in obj)`; `in` throws on primitives.
    assert_eq!(
        preview("{{count.missing}}", json!({"count": 2.5})),
        "TypeError: Cannot use 'in' operator to search for 'missing' in 2.5"
    );
    assert_eq!(
        preview("{{#each tags}}{{nope}}{{/each}}", json!({"tags": ["P"]})),
        "TypeError: Cannot use 'in' operator to search for 'nope' in P"
    );
    assert_eq!(
        preview("{{s.length}}", json!({"s": "abc"})),
        "TypeError: Cannot use 'in' operator to search for 'length' in abc"
    );
    assert_eq!(preview("{{l.length}}", json!({"l": [1, 2]})), "2");
    // A false-like primitive fails the `!obj` test instead.
    assert_eq!(
        preview("{{z.x}}", json!({"z": 0})),
        "ERROR \"x\" not defined in 0 - 1:2"
    );
    // `../` names the parent context: an object here, not the string item.
    assert_eq!(
        preview("{{#each tags}}{{../nope}}{{/each}}", json!({"tags": ["x"]})),
        "ERROR \"nope\" not defined in [object Object] - 1:16"
    );
}

#[test]
fn helper_arguments_are_read_without_checks() {
    assert_eq!(
        preview("{{queryEncode a.b}}", json!({"a": {}})),
        "undefined"
    );
    assert_eq!(
        preview(
            "{{formatWithOffset timestamp.milliseconds 60 \"other\"}}",
            json!({})
        ),
        "TypeError: Cannot read properties of undefined (reading 'milliseconds')"
    );
    assert_eq!(
        preview(
            "{{#each flags}}{{basicAuthHeaderValue nope @index}}{{/each}}",
            json!({"flags": {"2": null}})
        ),
        "TypeError: Cannot read properties of null (reading 'nope')"
    );
    assert_eq!(
        preview(
            "{{#each o}}{{queryEncode this.on}}{{/each}}",
            json!({"o": {"on": null}})
        ),
        "TypeError: Cannot read properties of null (reading 'on')"
    );
}

#[test]
fn a_segment_literal_is_one_argument() {
    assert_eq!(
        preview(
            "{{#if flags.[display name].on}}T{{else}}F{{/if}}",
            json!({"flags": {"display name": {"on": 1}}})
        ),
        "T"
    );
}

#[test]
fn a_literal_in_a_paths_place_is_looked_up_as_a_name() {
    assert_eq!(
        preview(
            "{{\"flag\"}}|{{42}}|{{true}}|{{007}}",
            json!({"flag": "F", "42": "n", "true": "T", "7": "seven"})
        ),
        "F|n|T|seven"
    );
    assert_eq!(
        preview("a {{\"flag\"}}", json!({})),
        "ERROR \"flag\" not defined in [object Object] - 1:4"
    );
}

#[test]
fn undefined_is_a_literal_in_helper_arguments() {
    assert_eq!(
        preview(
            "{{#equal undefined nope}}Y{{else}}N{{/equal}}|{{queryEncode undefined}}",
            json!({})
        ),
        "Y|undefined"
    );
}

#[test]
fn lookup_reads_strings_and_lengths_as_javascript_does() {
    assert_eq!(
        preview(
            "{{lookup s 1}}|{{lookup s \"length\"}}|{{lookup l \"length\"}}",
            json!({"s": "abc", "l": [1, 2]})
        ),
        "b|3|2"
    );
}

#[test]
fn a_later_else_if_link_closes_with_its_own_strip() {
    let template = "{{#if a}}A{{~else if b}}B{{~else if c}}C \n{{else}}E \n{{/if}}";
    assert_eq!(preview(template, json!({"c": 1})), "C \n");
    assert_eq!(preview(template, json!({})), "E");
    assert_eq!(
        preview(
            "{{#if a}}A{{else if b}}B{{~else if c}}C \n{{~else}}E \n{{/if}}",
            json!({"b": 1})
        ),
        "B"
    );
}

#[test]
fn block_parameters_in_strict_mode_are_read_from_their_own_name() {
    // handlebars.js's `strictLookup` starts at the parameter's first segment again:
    // `item` is `item.item`, `item.name` is `item.item.name`.
    let each = "{{#each l as |item|}}<{{item}}>{{/each}}";
    assert_eq!(preview(each, json!({"l": ["a", "b"]})), "<><>");
    assert_eq!(preview(each, json!({"l": [{"item": "X"}]})), "<X>");
    assert_eq!(
        preview(
            "{{#each l as |item i|}}<{{i}}{{item.name}}>{{/each}}",
            json!({"l": [{"name": "a"}]})
        ),
        "TypeError: Cannot read properties of undefined (reading 'name')"
    );
    assert_eq!(
        preview(
            "{{#each l as |item|}}{{queryEncode item}}{{/each}}",
            json!({"l": ["a"]})
        ),
        "undefined"
    );
}

#[test]
fn literals_follow_the_handlebars_js_lexer() {
    assert_eq!(
        preview(
            "{{queryEncode 007}}|{{queryEncode -0.50}}|{{queryEncode 1.0}}",
            json!({})
        ),
        "7|-0.5|1"
    );
    // Only the quote is unescaped; every other backslash stays.
    assert_eq!(
        preview(
            r#"{{queryEncode "a\nb"}}|{{queryEncode 'c\d'}}|{{queryEncode "q\"q"}}"#,
            json!({})
        ),
        "a%5Cnb|c%5Cd|q%22q"
    );
}

#[test]
fn format_with_offset_rounds_as_math_round() {
    assert_eq!(
        preview(
            "{{formatWithOffset -1500 0 \"seconds\"}}|{{formatWithOffset 2500 0 \"seconds\"}}",
            json!({})
        ),
        "-1|3"
    );
}

#[test]
fn an_argument_not_written_is_the_options_object() {
    // `password` is handlebars.js's `options`: "a:[object Object]".
    assert_eq!(
        preview("{{basicAuthHeaderValue u}}", json!({"u": "a"})),
        "Basic YTpbb2JqZWN0IE9iamVjdF0&#x3D;"
    );
}

#[test]
fn above_the_root_handlebars_js_has_nothing() {
    assert_eq!(
        preview("{{../a}}", json!({"a": 1})),
        "ERROR \"a\" not defined in undefined - 1:2"
    );
    assert_eq!(
        preview("x{{../a.b}}", json!({"a": 1})),
        "TypeError: Cannot read properties of undefined (reading 'a')"
    );
    assert_eq!(
        preview("{{queryEncode ../a}}", json!({"a": 1})),
        "TypeError: Cannot read properties of undefined (reading 'a')"
    );
    assert_eq!(
        preview("{{#with o}}{{../../a}}{{/with}}", json!({"a": 1, "o": {}})),
        "ERROR \"a\" not defined in undefined - 1:13"
    );
    assert_eq!(
        preview(
            "{{#with o}}{{../..}}|{{..}}{{/with}}",
            json!({"a": 1, "o": {}})
        ),
        "|[object Object]"
    );
}

#[test]
fn a_tag_that_ends_with_the_wrong_closer_does_not_parse() {
    // Both lexers take `}}}}` and `}}}` before `}}` (raymond lexer.go, `lexCloseMustache`).
    for template in ["{{a}}}", "{{{a}}}}", "{{#if a}}}{{/if}}", "{{a}~}}"] {
        for dialect in Dialect::ALL {
            let fault = render(template, json!({"a": 1}), dialect).unwrap_err();
            assert!(
                matches!(fault.reason, RenderFaultReason::Syntax(_)),
                "{template} {dialect:?}"
            );
        }
    }
    assert_eq!(
        preview("{{a~}}}|{{{a}~}}}|{{! c }}}", json!({"a": 1})),
        "1}|1}|}"
    );
}

#[test]
fn parent_steps_count_context_changes_not_blocks() {
    // Class 12. handlebars.js adds a depth only when a block's context differs from the current
    // one (`context != depths[0]`, runtime.js `wrapProgram`). Expected values from
    // `node -e` with `renderReference` of tests/differential/reference.mjs.
    let k = json!({"s": {"a": 1}, "k": "K"});
    assert_eq!(
        preview("{{#with s}}{{#with this}}{{../k}}{{/with}}{{/with}}", k),
        "K"
    );
    assert_eq!(
        preview("{{#with this}}{{../k}}{{/with}}", json!({"k": "K"})),
        "ERROR \"k\" not defined in undefined - 1:16"
    );
    assert_eq!(
        preview(
            "{{#with this}}{{queryEncode ../k}}{{/with}}",
            json!({"k": "K"})
        ),
        "TypeError: Cannot read properties of undefined (reading 'k')"
    );
    assert_eq!(
        preview("{{#with this}}[{{..}}]{{/with}}", json!({"k": "K"})),
        "[]"
    );
    assert_eq!(
        preview(
            "{{#each items}}{{#each ../items}}{{../name}}{{/each}}{{/each}}",
            json!({"name": "R", "items": [{"name": "a"}]})
        ),
        "R"
    );
    // Primitives compare with JavaScript's loose `!=`.
    assert_eq!(
        preview(
            "{{#each t}}{{#each ../t}}{{../k}}{{/each}}{{/each}}",
            json!({"k": "R", "t": ["a", "a"]})
        ),
        "RRRR"
    );
    assert_eq!(
        preview(
            "{{#each t}}{{#with 1}}{{../k}}{{/with}}{{/each}}",
            json!({"k": "R", "t": ["1"]})
        ),
        "R"
    );
    assert_eq!(
        preview(
            "{{#with o}}{{#each ../o}}{{../k}}{{/each}}{{/with}}",
            json!({"k": "R", "o": {"a": {"k": 1}, "k": "O"}})
        ),
        "OO"
    );
    assert_eq!(
        preview(
            "{{#each t}}{{#each ../t}}{{@../index}}{{../this}}{{/each}}{{/each}}",
            json!({"t": ["a", "b"]})
        ),
        "0[object Object]0a1b1[object Object]"
    );
}

#[test]
fn adjacent_outputs_are_joined_with_javascript_plus() {
    // Class 13. handlebars.js compiles a program's adjacent outputs into one `+` expression
    // (`mergeSource`, javascript-compiler.js); `{{{x}}}` appends the raw value. Expected values
    // from `renderReference` (tests/differential/reference.mjs) run with node.
    let ab = json!({"a": 1, "b": 2});
    assert_eq!(preview("{{{a}}}{{{b}}}", ab.clone()), "3");
    assert_eq!(
        preview("{{{a}}}{{{b}}}", json!({"a": false, "b": 60})),
        "60"
    );
    assert_eq!(
        preview("{{{a}}}{{{b}}}", json!({"a": true, "b": true})),
        "2"
    );
    assert_eq!(preview("{{{a}}}", json!({"a": true})), "true");
    assert_eq!(preview("x{{{a}}}{{{b}}}", ab.clone()), "x12");
    assert_eq!(preview("{{{a}}}{{!c}}{{{b}}}", ab.clone()), "3");
    // A string (even empty) in between makes the rest a string.
    assert_eq!(
        preview("{{{a}}}{{e}}{{{b}}}", json!({"a": 1, "b": 2, "e": ""})),
        "12"
    );
    assert_eq!(
        preview("{{{a}}}{{{n}}}{{{b}}}", json!({"a": 1, "b": 2, "n": null})),
        "12"
    );
    // A block's program returns its own expression.
    assert_eq!(
        preview(
            "{{{a}}}{{#if c}}{{{b}}}{{/if}}",
            json!({"a": 1, "b": 2, "c": 1})
        ),
        "3"
    );
    assert_eq!(
        preview(
            "{{{a}}}{{#if c}}{{{b}}}{{/if}}|{{{a}}}{{{b}}}",
            json!({"a": 1, "b": 2, "c": 0})
        ),
        "1|12"
    );
    assert_eq!(
        preview(
            "{{#with o}}{{{a}}}{{/with}}{{{a}}}",
            json!({"a": 1, "o": {"a": 5}})
        ),
        "6"
    );
    assert_eq!(
        preview(
            "{{{a}}}{{#each l}}{{{this}}}{{/each}}",
            json!({"a": 1, "l": [2]})
        ),
        "12"
    );
    assert_eq!(
        preview(
            "{{{a}}}{{#each l}}{{else}}{{{a}}}{{/each}}",
            json!({"a": 1, "l": []})
        ),
        "2"
    );
    // A section breaks the run: `buffer += run`, `buffer += section`, `return buffer + a + b`.
    let s = json!({"a": 1, "b": 2, "s": 0});
    assert_eq!(
        preview("{{{a}}}{{#s}}{{/s}}{{{a}}}{{{b}}}", s.clone()),
        "112"
    );
    assert_eq!(
        preview("{{{a}}}{{#s}}{{/s}}{{{a}}}{{{b}}}{{#s}}{{/s}}", s),
        "13"
    );
    assert_eq!(
        preview(
            "{{{a}}}{{#s}}{{{a}}}{{{a}}}{{/s}}",
            json!({"a": 1, "s": {"a": 4}})
        ),
        "9"
    );
    assert_eq!(
        preview(
            "{{#if c}}{{#s}}{{{a}}}{{/s}}{{/if}}{{{a}}}",
            json!({"a": 1, "c": 1, "s": {"a": 3}})
        ),
        "4"
    );
}

#[test]
fn a_helper_called_on_a_null_context_sees_an_empty_object() {
    // Class 13. handlebars.js calls helpers with `this` = `container.nullContext` where the
    // context is null (`depth0 != null ? depth0 : container.nullContext`).
    assert_eq!(
        preview(
            "{{#each l}}{{#if true}}{{this}}{{/if}}{{/each}}",
            json!({"l": [null]})
        ),
        "[object Object]"
    );
    assert_eq!(
        preview(
            "{{#each l}}{{#if true}}{{.}}|{{this}}{{/if}}{{/each}}",
            json!({"l": [null, 1]})
        ),
        "[object Object]|[object Object]1|1"
    );
    assert_eq!(
        preview("{{#each l}}{{this}}{{/each}}", json!({"l": [null]})),
        ""
    );
}

#[test]
fn length_is_an_arrays_and_a_strings_own_property() {
    // Class 10. JavaScript's `length`: strict mode's `"length" in array` holds; helper arguments
    // read `length` of a string too (`lookupProperty`), while a printed one throws on the string.
    // Expected values from `renderReference` (tests/differential/reference.mjs) run with node.
    assert_eq!(
        preview("{{#with a}}{{length}}{{/with}}", json!({"a": [1, 2]})),
        "2"
    );
    assert_eq!(
        preview(
            "{{#with a}}{{this.length}}|{{queryEncode length}}{{/with}}",
            json!({"a": [1, 2]})
        ),
        "2|2"
    );
    assert_eq!(
        preview(
            "{{#each t}}{{queryEncode length}}{{/each}}",
            json!({"t": ["abc"]})
        ),
        "3"
    );
    assert_eq!(
        preview("{{#each t}}{{length}}{{/each}}", json!({"t": ["abc"]})),
        "TypeError: Cannot use 'in' operator to search for 'length' in abc"
    );
    assert_eq!(
        preview(
            "{{#with a}}{{#each ../a}}{{../length}}{{/each}}{{/with}}",
            json!({"a": [1, 2]})
        ),
        "22"
    );
    assert_eq!(
        preview("{{#with o}}{{length}}{{/with}}", json!({"o": {"x": 1}})),
        "ERROR \"length\" not defined in [object Object] - 1:13"
    );
    // The empty string fails strict mode's `!obj` first.
    assert_eq!(
        preview("{{empty.length}}", json!({"empty": ""})),
        "ERROR \"length\" not defined in  - 1:2"
    );
    assert_eq!(preview("{{lookup s 1}}", json!({"s": "abc"})), "b");
    assert_eq!(
        preview(
            "{{lookup s \"length\"}}|{{lookup l \"length\"}}",
            json!({"s": "abc", "l": [1]})
        ),
        "3|1"
    );
}

#[test]
fn syntax_errors_are_reported_where_handlebars_js_gives_up() {
    // Class 9. Messages from `Handlebars.precompile(t, {strict: true})` in node: jison's `Parse
    // error on line N` (the line of the token it could not take), or the exception's `- L:C`.
    let at = |t: &str| {
        let e = render(t, json!({}), Dialect::Preview).unwrap_err();
        assert!(matches!(e.reason, RenderFaultReason::Syntax(_)), "{t:?}");
        e.handlebars_js_message(t)
            .rsplit(" - ")
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    // `Parse error on line 2: … got 'EOF'`.
    assert!(at("{{#if a}}\n").starts_with("2:"));
    // `Parse error on line 3`.
    assert!(at("{{#if a}}\n\n{{b}}  ").starts_with("3:"));
    // `if doesn't match each - 2:3`.
    assert_eq!(at("x\n{{#if a}}\ny {{/each}}"), "2:3");
    // `Parse error on line 1: {{a.0}} ----^ Expecting 'ID', got 'NUMBER'` (class 4).
    assert_eq!(at("{{a.0}}"), "1:4");
    assert_eq!(at("{{a.1.5}}"), "1:4");
    assert_eq!(at("{{queryEncode a.true}}"), "1:16");
    assert_eq!(at("{{#if a.0}}{{/if}}"), "1:8");
    // Not literals there: `{{a.1.b}}`, `{{a.0a}}`, `{{a.[0]}}` and a number argument parse.
    assert_eq!(
        preview(
            "{{a.1.b}}|{{a.0a}}",
            json!({"a": {"1": {"b": "B"}, "0a": 1}})
        ),
        "B|1"
    );
    assert_eq!(
        preview("{{a.[0]}}{{queryEncode 1.5}}", json!({"a": ["z"]})),
        "z1.5"
    );
}

#[test]
fn a_value_helper_called_as_a_block_prints_its_value_unescaped() {
    // handlebars.js appends a block helper's return value to the output without escaping it
    // (checked with node: `{{#queryEncode x}}body{{/queryEncode}}` with x = "a'b" gives "a'b").
    assert_eq!(
        preview(
            "{{#queryEncode x}}body{{/queryEncode}}",
            json!({"x": "a'b"})
        ),
        "a'b"
    );
    assert_eq!(
        preview("{{#pathEncode x}}body{{/pathEncode}}", json!({"x": "a&b"})),
        "a&b"
    );
}

//! Issue 16: the production dialect on templates no corpus has. There is no Go toolchain here:
//! every expected value below comes from reading raymond 2.0.2's source (eval.go, helper.go,
//! string.go, parser/), and each test names the function it follows.

use hookpad_core::render::{render, Dialect};
use serde_json::{json, Value};

#[test]
fn production_prints_values_inside_a_map_as_go_fmt_does() {
    // raymond 2.0.2 string.go, `strValue`: a map falls to `default: result = fmt.Sprintf("%s",
    // ival)`. Go's fmt prints a float64 under `%s` as `%!s(float64=` + `%v` + `)`, and `%v` is
    // strconv's shortest `%g`, in exponent form from 1e6 ("if shortest { eprec = 6 }",
    // strconv/ftoa.go); a nil interface inside a map prints as `<nil>` (fmt's `printValue`).
    let out = render(
        "{{o}}",
        json!({"o": {"t": 1_580_929_692_000_u64, "n": null, "s": 123_456, "m": 1_000_000, "f": 0.5}}),
        Dialect::Production,
    )
    .unwrap();
    assert_eq!(
        out,
        "map[f:%!s(float64=0.5) m:%!s(float64=1e+06) n:&lt;nil&gt; s:%!s(float64=123456) \
         t:%!s(float64=1.580929692e+12)]"
    );
}

fn production(template: &str, data: Value) -> String {
    render(template, data, Dialect::Production).unwrap_or_else(|e| format!("ERROR {e}"))
}

#[test]
fn production_looks_a_missing_name_up_in_the_enclosing_contexts() {
    // raymond 2.0.2 eval.go, `evalDepthPath`: "iterates on contexts, starting at given depth,
    // until there is one that resolve given path parts"; it stops at the first context that has
    // the path's first part ("As soon as we find the first part of a path, we must not try to
    // resolve with parent context if result is finally `nil`").
    let data = json!({"k": "root", "o": {"x": 1, "p": {"z": 0}}, "l": [{"n": "a"}, {"k": "own"}]});
    assert_eq!(
        production("{{#with o}}{{k}}{{/with}}", data.clone()),
        "root"
    );
    assert_eq!(
        production("{{#each l}}[{{k}}]{{/each}}", data.clone()),
        "[root][own]"
    );
    assert_eq!(
        production(
            "{{#with o}}{{#with p}}{{x}}|{{k}}{{/with}}{{/with}}",
            data.clone()
        ),
        "1|root"
    );
    // The first part is found in the context (`o.x` exists, `o.x.y` does not): no fallback.
    assert_eq!(
        production(
            "{{#with o}}{{x.y}}{{/with}}",
            json!({"o": {"x": 1}, "x": {"y": 2}})
        ),
        ""
    );
    // The same rule for helper arguments and block arguments.
    assert_eq!(
        production(
            "{{#with o}}{{queryEncode k}}{{#if k}}T{{/if}}{{/with}}",
            data
        ),
        "rootT"
    );
}

#[test]
fn production_evaluates_a_path_against_each_item_of_an_array_context() {
    // Class 17. raymond 2.0.2 eval.go, `evalCtxPath`: on a slice context ("Array context") the
    // path is evaluated against each item and the values found are collected; the list is not
    // nil even when empty, so `evalDepthPath` tries no enclosing context. A list prints its items
    // concatenated (`Str`, string.go) and is true when not empty (`IsTrue`, utils.go).
    let l = json!({"k": "root", "l": [{"n": "a"}, {"n": "b"}, {"m": 1}]});
    assert_eq!(production("{{#with l}}{{n}}{{/with}}", l.clone()), "ab");
    assert_eq!(
        production("{{#with l}}{{#if n}}T{{else}}F{{/if}}{{/with}}", l.clone()),
        "T"
    );
    assert_eq!(
        production("{{#with l}}{{#if x}}T{{else}}F{{/if}}{{/with}}", l.clone()),
        "F"
    );
    assert_eq!(production("{{#with l}}[{{k}}]{{/with}}", l), "[]");
}

#[test]
fn production_each_lookup_and_else_if_follow_raymond() {
    // Class 18, from raymond 2.0.2's source.
    // helper.go `eachHelper`: a true value that is neither a slice nor a map renders nothing.
    let each = "{{#each s}}x{{else}}E{{/each}}";
    assert_eq!(production(each, json!({"s": "abc"})), "");
    assert_eq!(production(each, json!({"s": 7})), "");
    assert_eq!(production(each, json!({"s": ""})), "E");
    // eval.go `evalProgram` pushes no context for a nil item: `this` stays the enclosing one.
    assert_eq!(
        production(
            "{{#each l}}[{{#with this}}{{k}}{{/with}}]{{/each}}",
            json!({"k": "R", "l": [null, {"k": "own"}]})
        ),
        "[R][own]"
    );
    // helper.go `eachHelper` gives an array item no key: `newIterDataFrame(len, i, nil)`.
    assert_eq!(
        production(
            "{{#each l}}{{@key}}|{{@index}};{{/each}}",
            json!({"l": ["a", "b"]})
        ),
        "|0;|1;"
    );
    // helper.go `lookupHelper` is `Str(options.Eval(obj, field))`: `evalField` reads only a map
    // key or a slice index, and the result is a string (`"0"` is true).
    assert_eq!(
        production(
            "{{lookup b \"x\"}}|{{lookup o \"x\"}}|{{#if (lookup o \"x\")}}T{{/if}}",
            json!({"b": false, "o": {"x": 0}})
        ),
        "|0|T"
    );
    // parser.go `parseInverseChain` leaves a chained inverse's `Strip` nil, so whitespace.go
    // `VisitBlock` ignores the `~` of `{{~else if}}` (handlebars.js strips "x " to "x").
    assert_eq!(
        production("{{#if a}}x {{~else if b}}y{{/if}}", json!({"a": 1})),
        "x "
    );
    assert_eq!(
        production("{{#if a}}x {{~else if b~}} y{{/if}}", json!({"b": 1})),
        "y"
    );
}

#[test]
fn production_prints_a_value_helper_called_as_a_block_unescaped() {
    // raymond 2.0.2 eval.go: `VisitBlock` returns a helper's result as it is ("it is the
    // responsibility of the helper/function to evaluate block"), and `VisitProgram` writes its
    // `Str`; only `VisitMustache` calls `Escape`.
    assert_eq!(
        production("{{#pathEncode x}}body{{/pathEncode}}", json!({"x": "a&b"})),
        "a&b"
    );
}

//! The npm package's API, run inside JavaScript engines: `wasm-pack test --node` and
//! `wasm-pack test --headless --chrome` (real Chromium through chromedriver).
#![cfg(target_arch = "wasm32")]

use hookpad_wasm::{evaluate_policy, lint_integration, render, simulate, version};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use tsify::Ts;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// A plain JavaScript value, as a user would write it (objects, not `Map`s).
fn js(v: &Value) -> JsValue {
    use serde::Serialize as _;
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

/// Reads a value back as plain JSON; maps keep their JavaScript keys, `null` stays `null`.
fn back<T: DeserializeOwned>(v: JsValue) -> T {
    serde_wasm_bindgen::from_value(v).unwrap()
}

fn ts<T: tsify::Tsify>(v: &Value) -> Ts<T> {
    Ts::new_unchecked(js(v))
}

const MANIFEST: &str = r#"{
  "name": "T", "version": "1.0.0", "overview": "o", "description": "d", "author": "a",
  "supportEmail": "s@example.com", "categories": ["monitoring"],
  "links": {"site": "https://example.com", "privacyPolicy": "https://example.com/p"},
  "icons": {"square": "s.svg", "horizontal": "h.svg"},
  "formVariables": [{"key": "token", "name": "Token", "type": "string", "description": "d", "isSecret": true}],
  "capabilities": {"auditLogEventsHook": {
    "endpoint": {"url": "https://hooks.example.com/{{context.key}}", "method": "POST",
      "headers": [{"name": "Authorization", "value": "Bearer {{token}}"}]},
    "templates": {"default": "templates/default.json.hbs"},
    "defaultPolicy": [{"effect": "allow", "resources": ["proj/*:env/production:flag/*"], "actions": ["*"]}]
  }}
}"#;

fn input(template: &str, event: &Value, dialect: &str) -> Value {
    json!({
        "manifest": MANIFEST,
        "templates": {"templates/default.json.hbs": template},
        "event": event.to_string(),
        "dialect": dialect,
    })
}

fn event(env: &str) -> Value {
    json!({"kind": "flag", "key": "my-flag", "name": "Flag é \"q\"\n\u{1}", "verbKind": "updateOn",
           "project": {"key": "p", "environment": {"key": env}}})
}

fn run(v: &Value) -> Value {
    let out: JsValue = simulate(ts(v)).map_err(JsValue::from).unwrap().into();
    back(out)
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn render_in_both_dialects() {
    let ctx = js(&json!({"tags": ["a", "b"], "v": "<'=>"}));
    let preview = render("{{tags}} {{v}}".into(), ctx.clone(), None)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(preview, "a,b &lt;&#x27;&#x3D;&gt;");
    let production = render(
        "{{tags}} {{v}}".into(),
        ctx,
        Some(ts(&json!({"dialect": "production"}))),
    )
    .map_err(JsValue::from)
    .unwrap();
    assert_eq!(production, "ab &lt;&apos;=&gt;");
}

#[wasm_bindgen_test]
fn strict_mode_error_carries_its_location() {
    let err = render("line one\n  {{missing.field}}".into(), js(&json!({})), None).unwrap_err();
    assert!(!err.is_instance_of::<js_sys::TypeError>());
    let message: String = err.message().into();
    assert_eq!(message, "\"field\" not defined in undefined - 2:4");
}

#[wasm_bindgen_test]
fn json_escaping_of_non_ascii_and_control_characters() {
    let out = run(&input(
        "{\"n\": \"{{{name}}}\"}",
        &event("production"),
        "preview",
    ));
    // JSON.stringify("Flag é \"q\"\n\u0001").slice(1, -1)
    assert_eq!(
        out["request"]["body"],
        "{\"n\": \"Flag é \\\"q\\\"\\n\\u0001\"}"
    );
    assert_eq!(out["bodyJson"]["valid"], true);
    assert_eq!(out["request"]["url"], "https://hooks.example.com/my-flag");
    assert_eq!(
        out["request"]["headers"],
        json!([{"name": "Authorization", "value": "Bearer token"}])
    );
}

#[wasm_bindgen_test]
fn missing_values_come_through_as_null() {
    let out = run(&input("{}", &event("production"), "preview"));
    assert_eq!(out["bodyJson"]["error"], Value::Null);
    assert_eq!(out["route"]["templateKey"], "default");
    let bad = run(&json!({"manifest": "{", "templates": {}, "event": "{}"}));
    assert_eq!(bad["request"], Value::Null);
    let d = &bad["diagnostics"][0];
    assert_eq!(d["code"], "manifest/invalid-json");
    assert_eq!(d["pointer"], Value::Null);
    assert!(d["line"].is_number());
}

#[wasm_bindgen_test]
fn policy_decision_with_its_trace() {
    let out = run(&input("{}", &event("test"), "production"));
    assert_eq!(out["policy"]["sent"], false);
    let pair = &out["policy"]["pairs"][0];
    assert_eq!(pair["resource"], "proj/p:env/test:flag/my-flag");
    assert_eq!(pair["decision"], "default-deny");
    assert_eq!(
        pair["statements"][0]["resource"]["detail"],
        "nearest: `proj/*:env/production:flag/*`: env `test` does not match `production`"
    );
    let statements = js(
        &json!([{"effect": "allow", "resources": ["proj/*:env/*:flag/*"], "actions": ["update*"]}]),
    );
    let accesses = js(&json!([{"resource": "proj/p:env/test:flag/f", "action": "updateOn"}]));
    let result: Value = back(
        evaluate_policy(statements, accesses)
            .map_err(JsValue::from)
            .unwrap()
            .into(),
    );
    assert_eq!(result["sent"], true);
    assert_eq!(result["pairs"][0]["deciding"], json!([0]));
}

#[wasm_bindgen_test]
fn a_manifest_diagnostic() {
    let broken = MANIFEST.replace("\"POST\"", "\"SEND\"");
    let diags = lint_integration(ts(
        &json!({"manifest": broken, "templates": {"templates/default.json.hbs": "{}"}}),
    ))
    .map_err(JsValue::from)
    .unwrap();
    let diags: Vec<Value> = diags.into_iter().map(|d| back(d.into())).collect();
    let method = diags
        .iter()
        .find(|d| d["code"] == "manifest/invalid-method")
        .unwrap();
    assert_eq!(
        method["pointer"],
        "/capabilities/auditLogEventsHook/endpoint/method"
    );
    assert_eq!(method["severity"], "error");
    let offset = broken.find("\"SEND\"").unwrap();
    assert_eq!(method["line"], broken[..offset].matches('\n').count() + 1);
}

#[wasm_bindgen_test]
fn a_five_megabyte_event() {
    let mut e = event("production");
    e["items"] = (0..100_000)
        .map(|i| json!({"k": format!("value number {i:06} with some more padding")}))
        .collect();
    let text = e.to_string();
    assert!(text.len() >= 5_000_000, "{} bytes", text.len());
    let template = "{\"count\": {{items.length}}, \"k\": \"{{key}}\"}";
    let out = run(
        &json!({"manifest": MANIFEST, "templates": {"templates/default.json.hbs": template}, "event": text}),
    );
    assert_eq!(out["bodyJson"]["valid"], true);
    assert_eq!(
        out["request"]["body"],
        "{\"count\": 100000, \"k\": \"my-flag\"}"
    );
}

/// The message of the `TypeError` a call threw.
fn type_error<T: std::fmt::Debug>(result: Result<T, js_sys::Error>) -> String {
    let err = result.unwrap_err();
    assert!(
        err.is_instance_of::<js_sys::TypeError>(),
        "{:?}",
        err.message()
    );
    err.message().into()
}

#[wasm_bindgen_test]
fn wrong_types_throw_a_type_error_naming_the_argument() {
    assert_eq!(
        type_error(render(JsValue::from(42), JsValue::NULL, None)),
        "render(): `template` must be the template's text (a string); got a number"
    );
    let manifest_object =
        json!({"manifest": {"name": "secret-looking value"}, "templates": {}, "event": "{}"});
    let message = type_error(simulate(ts(&manifest_object)));
    assert_eq!(
        message,
        "simulate(): `manifest` must be JSON text (a string); got an object — pass JSON.stringify(manifest)"
    );
    assert_eq!(
        type_error(simulate(ts(
            &json!({"manifest": "{}", "templats": {}, "event": "{}"})
        ))),
        "simulate(): `input` has an unknown key \"templats\" — did you mean `templates`?"
    );
    assert_eq!(
        type_error(simulate(ts(
            &json!({"manifest": "{}", "templates": {"a.hbs": 1}, "event": "{}"})
        ))),
        "simulate(): `templates[\"a.hbs\"]` must be the template's text (a string); got a number"
    );
    assert_eq!(
        type_error(simulate(ts(
            &json!({"manifest": "{}", "templates": {}, "event": "{}", "dialect": "prod"})
        ))),
        "simulate(): `dialect` must be \"preview\" or \"production\"; got \"prod\""
    );
    assert_eq!(
        type_error(evaluate_policy(JsValue::TRUE, js(&json!([])))),
        "evaluatePolicy(): `statements` must be an array of policy statements; got a boolean"
    );
    assert_eq!(
        type_error(evaluate_policy(
            js(&json!([])),
            js(&json!([{"resource": "r", "acton": "a"}]))
        )),
        "evaluatePolicy(): `accesses[0]` has an unknown key \"acton\" — did you mean `action`?"
    );
    // Still works afterwards.
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn statement_shapes_stay_diagnostics() {
    let result: Value = back(
        evaluate_policy(
            js(&json!([{"effect": "allow", "resource": ["*"], "actions": ["*"]}])),
            js(&json!([])),
        )
        .map_err(JsValue::from)
        .unwrap()
        .into(),
    );
    assert_eq!(result["diagnostics"][0]["code"], "policy/unknown-key");
    assert_eq!(
        result["diagnostics"][0]["hint"],
        "did you mean `resources`?"
    );
}

/// Strings cross into the module through `TextEncoder.encodeInto` (`js_text.rs`): the text read
/// is the JavaScript string's UTF-8, whatever its characters, and a lone surrogate becomes U+FFFD
/// (the Encoding Standard's rule for `encodeInto`).
#[wasm_bindgen_test]
fn strings_arrive_as_their_utf8() {
    let texts = [
        String::new(),
        "plain ascii".to_owned(),
        "é ß ü".to_owned(),
        "€".repeat(1000),
        "😀🎉 emoji".to_owned(),
        format!("{}€😀", "a".repeat(5000)),
    ];
    for text in &texts {
        // As a template (Args::string) and inside a context (JSON.stringify's text).
        let out = render(JsValue::from_str(text), JsValue::NULL, None)
            .map_err(JsValue::from)
            .unwrap();
        assert_eq!(&out, text);
        let out = render("{{{a}}}".into(), js(&json!({ "a": text })), None)
            .map_err(JsValue::from)
            .unwrap();
        assert_eq!(&out, text);
    }
    let lone = js_sys::JsString::from_char_code(&[0x61, 0xD800, 0x62]);
    let out = render(lone.into(), JsValue::NULL, None)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(out, "a\u{FFFD}b");

    // Inside a context, JSON.stringify writes a lone surrogate as an escape (`\ud800`), which
    // serde_json rejects; it is read as U+FFFD too, and a written-out `\\ud800` stays text.
    let context = js_sys::Object::new();
    let lone = js_sys::JsString::from_char_code(&[0x78, 0xD800, 0x79]);
    js_sys::Reflect::set(&context, &"a".into(), &lone).unwrap();
    js_sys::Reflect::set(&context, &"b".into(), &"\\ud800 \\\\ud800".into()).unwrap();
    let out = render("{{{a}}}|{{{b}}}".into(), context.into(), None)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(out, "x\u{FFFD}y|\\ud800 \\\\ud800");
}

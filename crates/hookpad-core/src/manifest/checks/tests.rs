//! One test per rule: a valid manifest broken in exactly one way gets exactly that diagnostic,
//! pointing at the offending text (found independently, by searching the text for it).

use std::collections::BTreeSet;

use super::{check, CheckOptions};
use crate::diagnostic::Severity;
use crate::text::{LineIndex, PositionEncoding, TextSize};

pub(super) const VALID: &str = r#"{
  "name": "Example",
  "version": "1.0.0",
  "overview": "Sends changes somewhere.",
  "description": "A longer description of what the example integration sends, and where.",
  "author": "Example Inc.",
  "supportEmail": "support@example.com",
  "links": {
    "site": "https://example.com",
    "privacyPolicy": "https://example.com/privacy"
  },
  "categories": ["monitoring"],
  "icons": {
    "square": "assets/square.svg",
    "horizontal": "assets/horizontal.svg"
  },
  "formVariables": [
    {
      "key": "apiKey",
      "name": "API key",
      "type": "string",
      "description": "Your key.",
      "isSecret": true
    },
    {
      "key": "region",
      "name": "Region",
      "type": "enum",
      "description": "Where.",
      "allowedValues": ["us", "eu"],
      "isOptional": true,
      "defaultValue": "us"
    }
  ],
  "capabilities": {
    "auditLogEventsHook": {
      "endpoint": {
        "url": "https://{{region}}.example.com/hook?k={{queryEncode context.key}}",
        "method": "POST",
        "headers": [
          { "name": "Content-Type", "value": "application/json" },
          { "name": "Authorization", "value": "Bearer {{apiKey}}" }
        ],
        "hmacSignature": { "headerName": "X-Sig", "hmacSecretFormVariableKey": "apiKey" }
      },
      "templates": {
        "flag": "templates/flag.json.hbs",
        "default": "templates/default.json.hbs"
      },
      "defaultPolicy": [
        { "effect": "allow", "resources": ["proj/*:env/production:flag/*"], "actions": ["*"] }
      ]
    }
  }
}"#;

/// The end of the last form variable, where tests add a third one.
const LAST_VARIABLE: &str = "\"defaultValue\": \"us\"\n    }\n  ],";

fn add_variable(key: &str) -> String {
    format!("\"defaultValue\": \"us\"\n    }},\n    {{ \"key\": \"{key}\", \"name\": \"Added\", \"type\": \"string\", \"description\": \"d\" }}\n  ],")
}

pub(super) fn options() -> CheckOptions {
    CheckOptions {
        supplied_templates: Some(BTreeSet::from([
            "templates/flag.json.hbs".to_owned(),
            "templates/default.json.hbs".to_owned(),
        ])),
        integration_key: None,
    }
}

#[test]
fn the_valid_manifest_is_clean() {
    let d = check(VALID, &options());
    assert!(d.is_empty(), "{d:#?}");
}

/// Replaces `from` (which must occur once) by `to`, checks the manifest, and expects exactly one
/// diagnostic with `code` and `pointer`, starting where `at` occurs in the changed text.
pub(super) fn expect(from: &str, to: &str, code: &str, pointer: &str, at: &str) {
    assert_eq!(VALID.matches(from).count(), 1, "{from:?} must occur once");
    let text = VALID.replace(from, to);
    let diags = check(&text, &options());
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .collect();
    assert_eq!(found.len(), 1, "{code}: {found:#?}");
    let d = found[0];
    assert_eq!(d.code, code);
    assert_eq!(d.pointer.as_deref(), Some(pointer), "{code}");
    assert_eq!(
        text.matches(at).count(),
        1,
        "{at:?} must occur once in the changed text"
    );
    let expected = text.find(at).unwrap_or_default();
    let index = LineIndex::new(&text);
    let want = index.line_col(
        &text,
        TextSize::from_usize(expected),
        PositionEncoding::Chars,
    );
    let got = index.line_col(&text, d.range.unwrap().start, PositionEncoding::Chars);
    assert_eq!(got, want, "{code}: expected at {at:?}");
    assert!(
        d.hint.as_deref().is_some_and(|h| !h.is_empty()),
        "{code} has a hint"
    );
}

#[test]
fn invalid_json() {
    let text = VALID.replace("\"version\": \"1.0.0\",", "\"version\": \"1.0.0\"");
    let d = check(&text, &options());
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "manifest/invalid-json");
    let index = LineIndex::new(&text);
    let at = index.line_col(&text, d[0].range.unwrap().start, PositionEncoding::Chars);
    // The parser notices the missing comma at the next key, on line 4.
    assert_eq!(at.line, 4);
}

#[test]
fn missing_required_top_level_field() {
    expect(
        "  \"author\": \"Example Inc.\",\n",
        "",
        "manifest/missing-field",
        "",
        "{\n  \"name\"",
    );
}

#[test]
fn unknown_top_level_field() {
    expect(
        "\"overview\":",
        "\"overveiw\":",
        "manifest/unknown-field",
        "/overveiw",
        "\"overveiw\"",
    );
}

#[test]
fn wrong_type() {
    expect(
        "\"categories\": [\"monitoring\"]",
        "\"categories\": \"monitoring\"",
        "manifest/wrong-type",
        "/categories",
        "\"monitoring\"",
    );
}

#[test]
fn invalid_version() {
    expect(
        "\"1.0.0\"",
        "\"1.0\"",
        "manifest/invalid-version",
        "/version",
        "\"1.0\"",
    );
}

#[test]
fn invalid_email() {
    expect(
        "\"support@example.com\"",
        "\"support\"",
        "manifest/invalid-email",
        "/supportEmail",
        "\"support\"",
    );
}

#[test]
fn unknown_capability_is_an_error() {
    // The schema lists the capability names: LaunchDarkly's gate refuses any other.
    let text = VALID.replace("\"auditLogEventsHook\": {", "\"auditLogEventHook\": {");
    let d = check(&text, &options());
    let unknown = d
        .iter()
        .find(|d| d.code == "manifest/unknown-capability")
        .unwrap();
    assert_eq!(unknown.severity, Severity::Error);
    assert_eq!(
        unknown.hint.as_deref(),
        Some("did you mean `auditLogEventsHook`?")
    );
}

#[test]
fn invalid_method() {
    expect(
        "\"POST\"",
        "\"post\"",
        "manifest/invalid-method",
        "/capabilities/auditLogEventsHook/endpoint/method",
        "\"post\"",
    );
}

#[test]
fn missing_url() {
    expect(
        "\"url\": \"https://{{region}}.example.com/hook?k={{queryEncode context.key}}\",\n",
        "",
        "manifest/missing-field",
        "/capabilities/auditLogEventsHook/endpoint",
        "{\n                \"method\"",
    );
}

#[test]
fn header_name_with_white_space() {
    expect(
        "\"Content-Type\"",
        "\"Content Type\"",
        "manifest/invalid-header-name",
        "/capabilities/auditLogEventsHook/endpoint/headers/0/name",
        "\"Content Type\"",
    );
}

#[test]
fn unknown_template_key() {
    expect(
        "\"flag\": \"templates",
        "\"flags\": \"templates",
        "manifest/unknown-template-key",
        "/capabilities/auditLogEventsHook/templates/flags",
        "\"flags\"",
    );
}

#[test]
fn template_named_but_not_supplied() {
    expect(
        "\"templates/default.json.hbs\"",
        "\"templates/defualt.json.hbs\"",
        "manifest/template-not-found",
        "/capabilities/auditLogEventsHook/templates/default",
        "\"templates/defualt.json.hbs\"",
    );
}

#[test]
fn empty_default_policy() {
    expect(
        "[\n        { \"effect\": \"allow\", \"resources\": [\"proj/*:env/production:flag/*\"], \"actions\": [\"*\"] }\n      ]",
        "[]",
        "manifest/empty-default-policy",
        "/capabilities/auditLogEventsHook/defaultPolicy",
        "[]",
    );
}

#[test]
fn default_policy_statement_with_unknown_key() {
    expect(
        "\"effect\": \"allow\", \"resources\"",
        "\"effect\": \"allow\", \"resource\"",
        "policy/unknown-key",
        "/capabilities/auditLogEventsHook/defaultPolicy/0/resource",
        "\"resource\"",
    );
}

const WITH_ERROR_BODY: &str = "\"includeErrorResponseBody\": true,\n      \"templates\": {";

#[test]
fn error_body_with_a_variable_in_the_host_fails_the_gate() {
    // The gate's host check stops with an error on any `{{word}}` in a host after `://`, even
    // an enum's.
    expect(
        "\"templates\": {",
        WITH_ERROR_BODY,
        "manifest/error-body-dynamic-host",
        "/capabilities/auditLogEventsHook/includeErrorResponseBody",
        "true,\n      \"templates\"",
    );
}

#[test]
fn error_body_with_a_url_starting_with_a_string_variable() {
    let text = VALID
        .replace("\"templates\": {", WITH_ERROR_BODY)
        .replace("https://{{region}}.example.com/hook", "{{apiKey}}/hook");
    let d = check(&text, &options());
    let found: Vec<_> = d
        .iter()
        .filter(|d| d.code == "manifest/error-body-dynamic-host")
        .collect();
    assert_eq!(found.len(), 1, "{d:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert!(
        found[0].message.contains("`apiKey`"),
        "{}",
        found[0].message
    );
}

#[test]
fn error_body_with_a_url_starting_with_an_enum_passes() {
    let text = VALID
        .replace("\"templates\": {", WITH_ERROR_BODY)
        .replace("https://{{region}}.example.com/hook", "{{region}}/hook");
    let d = check(&text, &options());
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn error_body_host_the_gate_misses_is_a_warning() {
    // `{{ apiKey }}` (with spaces) slips past both of the gate's checks.
    let text = VALID.replace("\"templates\": {", WITH_ERROR_BODY).replace(
        "https://{{region}}.example.com/hook",
        "https://{{ apiKey }}.example.com/hook",
    );
    let d = check(&text, &options());
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "manifest/error-body-dynamic-host");
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(d[0].message.contains("misses"), "{}", d[0].message);
}

#[test]
fn hmac_secret_must_be_a_declared_variable() {
    expect(
        "\"hmacSecretFormVariableKey\": \"apiKey\"",
        "\"hmacSecretFormVariableKey\": \"secret\"",
        "manifest/hmac-secret-missing",
        "/capabilities/auditLogEventsHook/endpoint/hmacSignature/hmacSecretFormVariableKey",
        "\"secret\"",
    );
}

#[test]
fn hmac_secret_must_be_secret() {
    expect(
        "\"description\": \"Your key.\",\n      \"isSecret\": true",
        "\"description\": \"Your key.\"",
        "manifest/hmac-secret-not-secret",
        "/capabilities/auditLogEventsHook/endpoint/hmacSignature/hmacSecretFormVariableKey",
        "\"apiKey\" }",
    );
}

#[test]
fn undeclared_variable_in_a_header() {
    expect(
        "Bearer {{apiKey}}",
        "Bearer {{apiToken}}",
        "manifest/undeclared-variable",
        "/capabilities/auditLogEventsHook/endpoint/headers/1/value",
        "apiToken}}",
    );
}

#[test]
fn oauth_needs_requires_oauth() {
    expect(
        "Bearer {{apiKey}}",
        "Bearer {{oauth.accessToken}}",
        "manifest/undeclared-variable",
        "/capabilities/auditLogEventsHook/endpoint/headers/1/value",
        "oauth.accessToken}}",
    );
}

#[test]
fn variable_key_too_long() {
    expect(
        LAST_VARIABLE,
        &add_variable("aVeryLongFormVariableKey"),
        "manifest/variable-key-too-long",
        "/formVariables/2/key",
        "\"aVeryLongFormVariableKey\"",
    );
}

#[test]
fn variable_key_with_white_space() {
    expect(
        LAST_VARIABLE,
        &add_variable("the region"),
        "manifest/invalid-variable-key",
        "/formVariables/2/key",
        "\"the region\"",
    );
}

#[test]
fn unknown_variable_type() {
    expect(
        "\"type\": \"string\"",
        "\"type\": \"text\"",
        "manifest/unknown-variable-type",
        "/formVariables/0/type",
        "\"text\"",
    );
}

#[test]
fn secret_only_on_strings() {
    expect(
        "\"allowedValues\": [\"us\", \"eu\"],",
        "\"allowedValues\": [\"us\", \"eu\"],\n      \"isSecret\": true,",
        "manifest/secret-not-string",
        "/formVariables/1/isSecret",
        "true,\n      \"isOptional\"",
    );
}

#[test]
fn enum_needs_allowed_values() {
    expect(
        "\"allowedValues\": [\"us\", \"eu\"],",
        "\"allowedValues\": [],",
        "manifest/enum-without-values",
        "/formVariables/1/allowedValues",
        "[],",
    );
}

#[test]
fn default_value_needs_is_optional() {
    expect(
        "\"isOptional\": true,\n      \"defaultValue\"",
        "\"defaultValue\"",
        "manifest/default-without-optional",
        "/formVariables/1/defaultValue",
        "\"us\"\n    }",
    );
}

#[test]
fn default_value_of_the_wrong_type() {
    expect(
        "\"defaultValue\": \"us\"",
        "\"defaultValue\": true",
        "manifest/default-wrong-type",
        "/formVariables/1/defaultValue",
        "true\n    }\n  ],",
    );
}

#[test]
fn default_value_of_a_type_the_schema_refuses() {
    expect(
        "\"defaultValue\": \"us\"",
        "\"defaultValue\": 1",
        "manifest/wrong-type",
        "/formVariables/1/defaultValue",
        "1\n    }",
    );
}

#[test]
fn default_value_not_among_allowed_values() {
    expect(
        "\"defaultValue\": \"us\"",
        "\"defaultValue\": \"ap\"",
        "manifest/default-not-allowed",
        "/formVariables/1/defaultValue",
        "\"ap\"",
    );
}

#[test]
fn duplicate_variable_keys() {
    expect(
        "\"defaultValue\": \"us\"\n    }\n  ],",
        "\"defaultValue\": \"us\"\n    },\n    { \"key\": \"region\", \"name\": \"Again\", \"type\": \"string\", \"description\": \"d\" }\n  ],",
        "manifest/duplicate-variable-key",
        "/formVariables/2/key",
        "\"region\", \"name\": \"Again\"",
    );
}

#[test]
fn non_ascii_before_the_error_counts_characters() {
    let text = VALID
        .replace("\"Example\"", "\"Exämple 😀\"")
        .replace("\"POST\"", "\"SEND\"");
    let d = check(&text, &options());
    let m = d
        .iter()
        .find(|d| d.code == "manifest/invalid-method")
        .unwrap();
    let index = LineIndex::new(&text);
    let start = index.line_col(&text, m.range.unwrap().start, PositionEncoding::Chars);
    // Counted independently: lines before the offending text, characters since the line start.
    let offset = text.find("\"SEND\"").unwrap();
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
    assert_eq!((start.line as usize, start.column as usize), (line, column));
    assert!(text[..offset].contains('😀'));
}

/// xorshift64*: deterministic pseudo-random numbers for the mutation test.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

#[test]
fn truncations_and_byte_flips_never_panic_and_stay_located() {
    let bytes = VALID.as_bytes();
    let located = |text: &str, diags: &[crate::diagnostic::Diagnostic]| {
        for d in diags {
            if let Some(r) = d.range {
                assert!(
                    r.end.to_usize() <= text.len(),
                    "{d:?} outside {} bytes",
                    text.len()
                );
            }
        }
    };
    for cut in 0..bytes.len() {
        let text = String::from_utf8_lossy(&bytes[..cut]).into_owned();
        let d = check(&text, &options());
        assert!(
            !d.is_empty(),
            "a truncation at {cut} produced no diagnostic"
        );
        assert!(
            d.iter().any(|d| d.range.is_some()),
            "truncation at {cut}: no located diagnostic"
        );
        located(&text, &d);
    }
    let mut state = 0x1234_5678_9ABC_DEF0_u64;
    for _ in 0..3000 {
        let mut mutated = bytes.to_vec();
        for _ in 0..=(next(&mut state) % 3) {
            let i = usize::try_from(next(&mut state) % bytes.len() as u64).unwrap_or(0);
            mutated[i] = u8::try_from(next(&mut state) % 256).unwrap_or(b'?');
        }
        let text = String::from_utf8_lossy(&mutated).into_owned();
        let d = check(&text, &options());
        located(&text, &d);
        if serde_json::from_str::<serde_json::Value>(&text).is_err() {
            assert!(
                d.iter().any(|d| d.range.is_some()),
                "invalid JSON without a located diagnostic: {text}"
            );
        }
    }
}

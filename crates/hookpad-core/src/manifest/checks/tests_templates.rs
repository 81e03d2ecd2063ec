//! One test per template and endpoint rule: template strings of every capability parsed in both
//! dialects (with exact locations through JSON escapes), stray braces, undeclared names, header
//! names, HMAC and headers of the audit-log hook's endpoint.

use super::check;
use super::tests::{options, VALID};
use super::tests_gate::{expect, line_col, only, with_capability, CAPS};
use crate::diagnostic::Severity;

const NETLIFY: &str = "\"featureStore\": {\"formVariables\": [{\"key\": \"siteId\", \"name\": \"Site\", \"type\": \"string\", \"description\": \"d\"}], \"featureStoreRequest\": {\"endpoint\": {\"url\": \"https://{{siteId}}.netlify.app/x\", \"method\": \"PUT\"}}}";

#[test]
fn a_feature_store_url_that_does_not_parse() {
    // The published netlify integration once shipped with this URL.
    let store = with_capability(NETLIFY);
    let d = expect(
        &[(CAPS, &store), ("{{siteId}}.netlify", "{{siteId}.netlify")],
        "manifest/template-syntax",
        Severity::Error,
        "/capabilities/featureStore/featureStoreRequest/endpoint/url",
        ("}.netlify", 1),
    );
    assert!(d.message.contains("either dialect"), "{}", d.message);
}

#[test]
fn a_feature_store_reads_an_undeclared_variable() {
    let store = with_capability(NETLIFY);
    expect(
        &[(CAPS, &store), ("{{siteId}}.netlify", "{{site}}.netlify")],
        "manifest/undeclared-variable",
        Severity::Warning,
        "/capabilities/featureStore/featureStoreRequest/endpoint/url",
        ("site}}", 4),
    );
}

#[test]
fn a_syntax_error_after_escapes_in_an_approval_body() {
    let approval = with_capability(
        "\"approval\": {\"creationRequest\": {\"endpoint\": {\"url\": \"https://a.com\", \"method\": \"POST\"}, \"jsonBody\": \"{\\\"t\\\": \\\"é\\\\n{{#if x}}\\\"}\"}, \"statusRequest\": {\"endpoint\": {\"url\": \"https://a.com\", \"method\": \"GET\"}, \"parser\": {\"statusValue\": \"/s\", \"approvalMatcher\": \"ok\"}}, \"postApplyRequest\": {\"endpoint\": {\"url\": \"https://a.com\", \"method\": \"GET\"}, \"parser\": {\"statusValue\": \"/s\", \"approvalMatcher\": \"ok\"}}, \"deletionRequest\": {\"endpoint\": {\"url\": \"https://a.com\", \"method\": \"GET\"}, \"parser\": {\"statusValue\": \"/s\", \"approvalMatcher\": \"ok\"}}}",
    );
    let text = VALID.replace(CAPS, &approval);
    let d = only(&text, &check(&text, &options()));
    assert_eq!(
        (&*d.code, d.severity),
        ("manifest/template-syntax", Severity::Error)
    );
    assert_eq!(
        d.pointer.as_deref(),
        Some("/capabilities/approval/creationRequest/jsonBody")
    );
    // Past the escapes and the non-ASCII character, on the `{{#if x}}` that is never closed.
    let start = text.find("{{#if x}}").unwrap_or_default();
    let got = line_col(&text, d.range.unwrap_or_default().start.to_usize());
    assert!(
        got >= line_col(&text, start) && got <= line_col(&text, start + "{{#if x}}\\\"}\"".len()),
        "{got:?}: {}",
        d.message
    );
}

#[test]
fn stray_closing_braces() {
    expect(
        &[("Bearer {{apiKey}}", "Bearer {apiKey}}")],
        "manifest/stray-braces",
        Severity::Warning,
        "/capabilities/auditLogEventsHook/endpoint/headers/1/value",
        ("}}\" }", 2),
    );
}

#[test]
fn braces_inside_a_helper_string_are_not_stray() {
    let text = VALID.replace(
        "Bearer {{apiKey}}",
        "{{pathEncode '/a/{{x}}/b'}} {{apiKey}}",
    );
    assert!(
        check(&text, &options()).is_empty(),
        "{:#?}",
        check(&text, &options())
    );
}

#[test]
fn header_names_are_not_templates() {
    expect(
        &[("\"Authorization\"", "\"{{apiKey}}\"")],
        "manifest/templated-header-name",
        Severity::Error,
        "/capabilities/auditLogEventsHook/endpoint/headers/1/name",
        ("\"{{apiKey}}\"", 0),
    );
}

#[test]
fn hmac_without_a_header_name() {
    expect(
        &[("\"headerName\": \"X-Sig\", ", "")],
        "manifest/hmac-without-header",
        Severity::Warning,
        "/capabilities/auditLogEventsHook/endpoint/hmacSignature",
        ("{ \"hmacSecretFormVariableKey\": \"apiKey\" }", 0),
    );
}

#[test]
fn an_undeclared_helper_argument_is_a_warning() {
    // handlebars.js strict mode does not check a one-segment helper argument, so the gate passes.
    expect(
        &[("Bearer {{apiKey}}", "Bearer {{queryEncode apiToken}}")],
        "manifest/undeclared-variable",
        Severity::Warning,
        "/capabilities/auditLogEventsHook/endpoint/headers/1/value",
        ("apiToken}}", 8),
    );
    // With two segments, the first is read strictly: an error.
    expect(
        &[("Bearer {{apiKey}}", "Bearer {{queryEncode api.token}}")],
        "manifest/undeclared-variable",
        Severity::Error,
        "/capabilities/auditLogEventsHook/endpoint/headers/1/value",
        ("api.token}}", 9),
    );
}

#[test]
fn the_hook_endpoint_needs_headers() {
    let start = VALID.find("\"headers\": [").unwrap_or_default();
    let end = VALID.find("\"hmacSignature\"").unwrap_or_default();
    let text = format!("{}{}", &VALID[..start], &VALID[end..]);
    let d = only(&text, &check(&text, &options()));
    assert_eq!(
        (&*d.code, d.severity),
        ("manifest/hook-without-headers", Severity::Error)
    );
    assert_eq!(
        d.pointer.as_deref(),
        Some("/capabilities/auditLogEventsHook/endpoint")
    );
    let at = text.find("\"endpoint\": {").unwrap_or_default() + "\"endpoint\": ".len();
    assert_eq!(d.range.map(|r| r.start.to_usize()), Some(at));
}

#[test]
fn names_inside_each_and_with_are_not_the_templates_own() {
    let text = VALID.replace(
        "Bearer {{apiKey}}",
        "Bearer {{#with context.member}}{{email}}{{/with}}{{#each context.tags}}{{this}}{{name}}{{/each}}{{#if apiKey}}{{apiKey}}{{/if}}",
    );
    assert!(
        check(&text, &options()).is_empty(),
        "{:#?}",
        check(&text, &options())
    );
}

#[test]
fn an_empty_url() {
    expect(
        &[(
            "\"https://{{region}}.example.com/hook?k={{queryEncode context.key}}\"",
            "\"\"",
        )],
        "manifest/empty-field",
        Severity::Error,
        "/capabilities/auditLogEventsHook/endpoint/url",
        ("\"\",\n        \"method\"", 2),
    );
}

//! One test per rule of LaunchDarkly's gate beyond the audit-log hook, and per template rule:
//! the valid manifest of `tests.rs` changed in one way gets exactly that finding, with its
//! severity, pointer, and start and end line/column (found independently, by searching the text).

use super::tests::{options, VALID};
use super::{check, check_with_files, CheckOptions, Files};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::{LineIndex, PositionEncoding, TextSize};

/// Line and column (1-based, in characters) of byte `offset` of `text`.
pub(super) fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let at =
        LineIndex::new(text).line_col(text, TextSize::from_usize(offset), PositionEncoding::Chars);
    (at.line, at.column)
}

/// The single non-info diagnostic of `text`.
pub(super) fn only(text: &str, diags: &[Diagnostic]) -> Diagnostic {
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}\n{text}");
    found[0].clone()
}

/// Applies the replacements (each `from` must occur once), checks, and expects one finding with
/// this code, severity and pointer, covering exactly the first `len` bytes of `at` (which must
/// occur once; `len` 0 means all of it).
pub(super) fn expect(
    changes: &[(&str, &str)],
    code: &str,
    severity: Severity,
    pointer: &str,
    (at, len): (&str, usize),
) -> Diagnostic {
    let span = if len == 0 { at } else { &at[..len] };
    let mut text = VALID.to_owned();
    for (from, to) in changes {
        assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
        text = text.replace(from, to);
    }
    let d = only(&text, &check(&text, &options()));
    assert_eq!((&*d.code, d.severity), (code, severity), "{d:#?}");
    assert_eq!(d.pointer.as_deref(), Some(pointer), "{code}");
    assert_eq!(text.matches(at).count(), 1, "{at:?} must occur once");
    let start = text.find(at).unwrap_or_default();
    let range = d.range.unwrap_or_default();
    assert_eq!(
        (
            line_col(&text, range.start.to_usize()),
            line_col(&text, range.end.to_usize())
        ),
        (line_col(&text, start), line_col(&text, start + span.len())),
        "{code}: expected exactly {span:?}"
    );
    assert!(d.hint.as_deref().is_some_and(|h| !h.is_empty()), "{code}");
    d
}

pub(super) const CAPS: &str = "\"capabilities\": {\n";

/// Adds a capability before the audit-log hook.
pub(super) fn with_capability(json: &str) -> String {
    format!("{CAPS}    {json},\n")
}

#[test]
fn overview_ends_with_a_period() {
    expect(
        &[("somewhere.\"", "somewhere\"")],
        "manifest/overview-period",
        Severity::Error,
        "/overview",
        ("\"Sends changes somewhere\"", 0),
    );
}

#[test]
fn unknown_category() {
    expect(
        &[("[\"monitoring\"]", "[\"monitorin\"]")],
        "manifest/unknown-category",
        Severity::Error,
        "/categories/0",
        ("\"monitorin\"", 0),
    );
}

#[test]
fn too_many_and_repeated_categories() {
    expect(
        &[(
            "[\"monitoring\"]",
            "[\"monitoring\", \"data\", \"ai\", \"import\"]",
        )],
        "manifest/too-many-items",
        Severity::Error,
        "/categories",
        ("[\"monitoring\", \"data\", \"ai\", \"import\"]", 0),
    );
    expect(
        &[("[\"monitoring\"]", "[\"monitoring\", \"monitoring\"]")],
        "manifest/duplicate-item",
        Severity::Error,
        "/categories/1",
        ("\"monitoring\"]", 12),
    );
}

#[test]
fn description_too_short() {
    expect(
        &[(
            "A longer description of what the example integration sends, and where.",
            "Short.",
        )],
        "manifest/too-short",
        Severity::Error,
        "/description",
        ("\"Short.\"", 0),
    );
}

#[test]
fn overview_on_two_lines() {
    expect(
        &[("Sends changes somewhere.", "Sends changes\\nsomewhere.")],
        "manifest/multi-line",
        Severity::Error,
        "/overview",
        ("\"Sends changes\\nsomewhere.\"", 0),
    );
}

#[test]
fn link_without_http() {
    expect(
        &[("\"https://example.com/privacy\"", "\"example.com/privacy\"")],
        "manifest/invalid-url",
        Severity::Error,
        "/links/privacyPolicy",
        ("\"example.com/privacy\"", 0),
    );
}

#[test]
fn icon_that_is_not_svg() {
    expect(
        &[("assets/square.svg", "assets/square.png")],
        "manifest/invalid-icon-path",
        Severity::Error,
        "/icons/square",
        ("\"assets/square.png\"", 0),
    );
}

#[test]
fn legacy_is_an_object_with_a_kind() {
    let legacy = "\"legacy\": {\"kind\": \"webhooks\"},\n  \"name\"";
    let text = VALID.replacen("\"name\"", legacy, 1);
    assert!(check(&text, &options()).is_empty());
    expect(
        &[(
            "\"name\": \"Example\",",
            "\"name\": \"Example\",\n  \"legacy\": true,",
        )],
        "manifest/wrong-type",
        Severity::Error,
        "/legacy",
        ("true,\n  \"version\"", 4),
    );
}

#[test]
fn other_capabilities_alone_are_enough() {
    let start = VALID.find("  \"capabilities\"").unwrap_or_default();
    let text = format!("{}  \"otherCapabilities\": [\"sso\"]\n}}", &VALID[..start]);
    let d = check(&text, &options());
    assert!(d.iter().all(|d| d.severity == Severity::Info), "{d:#?}");
    let unknown = text.replace("[\"sso\"]", "[\"saml\"]");
    let d = only(&unknown, &check(&unknown, &options()));
    assert_eq!(d.code, "manifest/unknown-capability");
    assert_eq!(d.pointer.as_deref(), Some("/otherCapabilities/0"));
}

#[test]
fn no_capabilities_at_all() {
    let start = VALID.find(",\n  \"capabilities\"").unwrap_or_default();
    let text = format!("{}\n}}", &VALID[..start]);
    let d = only(&text, &check(&text, &options()));
    assert_eq!(
        (&*d.code, d.severity),
        ("manifest/no-capabilities", Severity::Error)
    );
    assert_eq!(d.pointer.as_deref(), Some(""));
    assert_eq!(
        line_col(&text, d.range.unwrap_or_default().start.to_usize()),
        (1, 1)
    );
}

#[test]
fn the_gate_exempts_one_integration_by_its_key_with_or_without_files() {
    let start = VALID.find(",\n  \"capabilities\"").unwrap_or_default();
    let text = format!("{}\n}}", &VALID[..start]);
    let flagged = |d: Vec<Diagnostic>| d.iter().any(|d| d.code == "manifest/no-capabilities");
    let keyed = |key: &str| CheckOptions {
        integration_key: Some(key.to_owned()),
        ..options()
    };
    // The page knows the key from the imported folder's name, with no files.
    assert!(!flagged(check(&text, &keyed("aiconfig-test-run"))));
    assert!(flagged(check(&text, &keyed("example"))));
    // The CLI knows it from the folder.
    let all = |_: &str| true;
    let folder = |key| Files {
        exists: &all,
        key: Some(key),
    };
    let exempt = check_with_files(&text, &options(), &folder("aiconfig-test-run"));
    assert!(!flagged(exempt));
    let other = check_with_files(&text, &options(), &folder("example"));
    assert!(flagged(other));
}

#[test]
fn icons_exist_only_where_there_are_files() {
    let none = |_: &str| false;
    let files = Files {
        exists: &none,
        key: Some("example"),
    };
    let d = check_with_files(VALID, &options(), &files);
    let missing: Vec<_> = d
        .iter()
        .filter(|d| d.code == "manifest/icon-missing")
        .collect();
    assert_eq!(missing.len(), 2, "{d:#?}");
    assert_eq!(missing[0].pointer.as_deref(), Some("/icons/square"));
    let start = VALID.find("\"assets/square.svg\"").unwrap_or_default();
    assert_eq!(
        missing[0].range.map(|r| r.start.to_usize()),
        Some(start),
        "points at the path"
    );
    // Without files (the page, `simulate()`), the rule is skipped, not reported.
    assert!(check(VALID, &options()).is_empty());
    let all = |_: &str| true;
    let files = Files {
        exists: &all,
        key: None,
    };
    assert!(check_with_files(VALID, &options(), &files).is_empty());
}

const NEW_VARIABLE: &str = "\"defaultValue\": \"us\"\n    }\n  ],";

fn add_variable(json: &str) -> String {
    format!("\"defaultValue\": \"us\"\n    }},\n    {json}\n  ],")
}

#[test]
fn optional_needs_a_default() {
    let added = add_variable(
        "{ \"key\": \"team\", \"name\": \"Team\", \"type\": \"string\", \"description\": \"d\", \"isOptional\": true }",
    );
    expect(
        &[(NEW_VARIABLE, &added)],
        "manifest/optional-without-default",
        Severity::Error,
        "/formVariables/2/isOptional",
        ("true }", 4),
    );
}

#[test]
fn multiselect_rules() {
    let added = add_variable(
        "{ \"key\": \"events\", \"name\": \"Events\", \"type\": \"multiselect\", \"description\": \"d\" }",
    );
    expect(
        &[(NEW_VARIABLE, &added)],
        "manifest/multiselect-without-options",
        Severity::Error,
        "/formVariables/2",
        ("{ \"key\": \"events\", \"name\": \"Events\", \"type\": \"multiselect\", \"description\": \"d\" }", 0),
    );
    let added = add_variable(
        "{ \"key\": \"events\", \"name\": \"Events\", \"type\": \"multiselect\", \"description\": \"d\", \"multiselectOptions\": [], \"allowedValues\": [\"a\"] }",
    );
    expect(
        &[(NEW_VARIABLE, &added)],
        "manifest/field-not-for-type",
        Severity::Error,
        "/formVariables/2/allowedValues",
        ("[\"a\"] }", 5),
    );
}

#[test]
fn environment_selector_refuses_defaults() {
    let added = add_variable(
        "{ \"key\": \"envs\", \"name\": \"Envs\", \"type\": \"environmentSelector\", \"description\": \"d\", \"isOptional\": true, \"defaultValue\": \"x\" }",
    );
    expect(
        &[(NEW_VARIABLE, &added)],
        "manifest/field-not-for-type",
        Severity::Error,
        "/formVariables/2/defaultValue",
        ("\"x\" }", 3),
    );
}

#[test]
fn dynamic_options_need_a_dynamic_enum() {
    let added = add_variable(
        "{ \"key\": \"x\", \"name\": \"X\", \"type\": \"string\", \"description\": \"d\", \"dynamicOptions\": {\"endpoint\": {\"url\": \"https://e.com\", \"method\": \"GET\"}, \"parser\": {\"optionsPath\": \"/a\", \"optionsItems\": {\"label\": \"/l\", \"value\": \"/v\"}}} }",
    );
    expect(
        &[(NEW_VARIABLE, &added)],
        "manifest/options-without-dynamic-enum",
        Severity::Error,
        "/formVariables/2/dynamicOptions",
        ("{\"endpoint\": {\"url\": \"https://e.com\", \"method\": \"GET\"}, \"parser\": {\"optionsPath\": \"/a\", \"optionsItems\": {\"label\": \"/l\", \"value\": \"/v\"}}}", 0),
    );
}

#[test]
fn fields_the_schema_knows_are_accepted() {
    let added = add_variable(
        "{ \"key\": \"x\", \"name\": \"X\", \"type\": \"publicKey\", \"description\": \"d\", \"isHidden\": true, \"disableAfterSaving\": true, \"hideEmpty\": true }",
    );
    let text = VALID.replace(NEW_VARIABLE, &added).replacen(
        "\"name\": \"Example\",",
        "\"name\": \"Example\",\n  \"hideOnIntegrationsPage\": false,",
        1,
    );
    assert!(check(&text, &options()).is_empty());
}

#[test]
fn standard_payload_refuses_templates() {
    let text = VALID.replace(
        "\"templates\": {",
        "\"useStandardWebhookPayload\": true,\n      \"templates\": {",
    );
    let d = check(&text, &options());
    assert_eq!(d.len(), 2, "{d:#?}");
    for (d, key) in d.iter().zip(["flag", "default"]) {
        assert_eq!(
            (&*d.code, d.severity),
            ("manifest/standard-payload-with-templates", Severity::Error)
        );
        assert_eq!(
            d.pointer.as_deref(),
            Some(&*format!(
                "/capabilities/auditLogEventsHook/templates/{key}"
            ))
        );
        let path = format!("\"templates/{key}.json.hbs\"");
        let start = text.find(&path).unwrap_or_default();
        assert_eq!(
            d.range.map(|r| r.to_range()),
            Some(start..start + path.len())
        );
    }
}

#[test]
fn custom_delivery_needs_no_endpoint() {
    let start = VALID.find("\"endpoint\": {").unwrap_or_default();
    let end = VALID.find("\"templates\": {").unwrap_or_default();
    let text = format!(
        "{}\"deliveryMethod\": \"custom\",\n      {}",
        &VALID[..start],
        &VALID[end..]
    );
    let d = check(&text, &options());
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (&*d[0].code, d[0].severity),
        ("manifest/custom-delivery", Severity::Info)
    );
}

#[test]
fn oauth_without_an_integration_key() {
    expect(
        &[(
            "\"name\": \"Example\",",
            "\"name\": \"Example\",\n  \"requiresOAuth\": true,",
        )],
        "manifest/oauth-without-key",
        Severity::Warning,
        "/requiresOAuth",
        ("true,\n  \"version\"", 4),
    );
}

#[test]
fn a_statement_without_effect_passes_the_gate() {
    let d = expect(
        &[("{ \"effect\": \"allow\", \"resources\"", "{ \"resources\"")],
        "policy/missing-effect",
        Severity::Warning,
        "/capabilities/auditLogEventsHook/defaultPolicy/0",
        (
            "{ \"resources\": [\"proj/*:env/production:flag/*\"], \"actions\": [\"*\"] }",
            0,
        ),
    );
    assert!(d.message.contains("gate accepts"), "{}", d.message);
}

#[test]
fn unknown_field_in_another_capability() {
    let link = with_capability(
        "\"flagLink\": {\"header\": \"Links\", \"emptyState\": {}, \"uiBlocks\": {\"titel\": {}}}",
    );
    expect(
        &[(CAPS, &link)],
        "manifest/unknown-field",
        Severity::Error,
        "/capabilities/flagLink/uiBlocks/titel",
        ("\"titel\"", 0),
    );
}

#[test]
fn not_an_object_and_too_deep() {
    let d = check("[1]", &options());
    assert_eq!(d.len(), 1);
    assert_eq!(
        (&*d[0].code, d[0].pointer.as_deref()),
        ("manifest/not-an-object", Some(""))
    );
    assert_eq!(d[0].range.map(|r| r.to_range()), Some(0..3));
    // serde_json's own limit (128 levels) is below the span reader's (256): the text is refused
    // as JSON, at the level where it gives up.
    let deep = "[".repeat(300) + &"]".repeat(300);
    let d = check(&deep, &options());
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "manifest/invalid-json");
    assert!(d[0].message.contains("recursion"), "{}", d[0].message);
}

#[test]
fn empty_categories() {
    expect(
        &[("[\"monitoring\"]", "[]")],
        "manifest/no-categories",
        Severity::Error,
        "/categories",
        ("[],\n  \"icons\"", 2),
    );
}

#[test]
fn empty_other_capabilities() {
    let start = VALID.find("  \"capabilities\"").unwrap_or_default();
    let text = format!("{}  \"otherCapabilities\": []\n}}", &VALID[..start]);
    let d = only(&text, &check(&text, &options()));
    assert_eq!(
        (&*d.code, d.severity),
        ("manifest/too-few-items", Severity::Error)
    );
    assert_eq!(d.pointer.as_deref(), Some("/otherCapabilities"));
    let at = text.find("[]").unwrap_or_default();
    assert_eq!(d.range.map(|r| r.to_range()), Some(at..at + 2));
}

#[test]
fn name_too_long() {
    let long = "x".repeat(101);
    expect(
        &[("\"name\": \"Example\"", &format!("\"name\": \"{long}\""))],
        "manifest/too-long",
        Severity::Error,
        "/name",
        (&format!("\"{long}\""), 0),
    );
}

#[test]
fn legacy_kind_outside_the_enum() {
    expect(
        &[(
            "\"name\": \"Example\",",
            "\"name\": \"Example\",\n  \"legacy\": {\"kind\": \"slack\"},",
        )],
        "manifest/invalid-value",
        Severity::Error,
        "/legacy/kind",
        ("\"slack\"", 0),
    );
}

#[test]
fn internal_configuration_url_is_a_path() {
    let internal = with_capability("\"internalConfigurationURL\": \"//settings\"");
    expect(
        &[(CAPS, &internal)],
        "manifest/invalid-path",
        Severity::Error,
        "/capabilities/internalConfigurationURL",
        ("\"//settings\"", 0),
    );
}

#[test]
fn depends_on_key_with_white_space() {
    let added = add_variable(
        "{ \"key\": \"x\", \"name\": \"X\", \"type\": \"string\", \"description\": \"d\", \"dependsOn\": [{\"variableKey\": \"a b\", \"variableLocation\": \"formVariables\", \"conditions\": [], \"action\": \"showField\"}] }",
    );
    expect(
        &[(NEW_VARIABLE, &added)],
        "manifest/invalid-variable-key",
        Severity::Error,
        "/formVariables/2/dependsOn/0/variableKey",
        ("\"a b\"", 0),
    );
}

#[test]
fn dynamic_enum_needs_options() {
    let added = add_variable(
        "{ \"key\": \"x\", \"name\": \"X\", \"type\": \"dynamicEnum\", \"description\": \"d\" }",
    );
    expect(
        &[(NEW_VARIABLE, &added)],
        "manifest/dynamic-enum-without-options",
        Severity::Error,
        "/formVariables/2",
        ("{ \"key\": \"x\", \"name\": \"X\", \"type\": \"dynamicEnum\", \"description\": \"d\" }", 0),
    );
}

#[test]
fn empty_and_unusual_variable_keys() {
    let added = add_variable(
        "{ \"key\": \"\", \"name\": \"X\", \"type\": \"string\", \"description\": \"d\" }",
    );
    expect(
        &[(NEW_VARIABLE, &added)],
        "manifest/empty-variable-key",
        Severity::Warning,
        "/formVariables/2/key",
        ("\"\", \"name\": \"X\"", 2),
    );
    let added = add_variable(
        "{ \"key\": \"x\", \"name\": \"X\", \"type\": \"string\", \"description\": \"d\", \"allowedValues\": [\"a\"] }",
    );
    expect(
        &[(NEW_VARIABLE, &added)],
        "manifest/values-without-enum",
        Severity::Warning,
        "/formVariables/2/allowedValues",
        ("[\"a\"] }", 5),
    );
}

#[test]
fn a_default_without_optional_outside_the_gates_lists_is_a_warning() {
    let store = with_capability(
        "\"featureStore\": {\"formVariables\": [{\"key\": \"a\", \"name\": \"A\", \"type\": \"string\", \"description\": \"d\", \"defaultValue\": \"z\"}], \"featureStoreRequest\": {\"endpoint\": {\"url\": \"https://e.com\", \"method\": \"PUT\"}}}",
    );
    let d = expect(
        &[(CAPS, &store)],
        "manifest/default-without-optional",
        Severity::Warning,
        "/capabilities/featureStore/formVariables/0/defaultValue",
        ("\"z\"", 0),
    );
    assert!(d.message.contains("do not check"), "{}", d.message);
}

//! The list of rules, each with its severity (for `hookpad lint --rules` and the README). A code
//! listed twice has a different severity in different places, and says where.

use crate::diagnostic::Severity;
use Severity::{Error as E, Info as I, Warning as W};

/// One rule: its diagnostic code, its severity and what it finds.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub finds: &'static str,
}

const fn rule(code: &'static str, severity: Severity, finds: &'static str) -> Rule {
    Rule {
        code,
        severity,
        finds,
    }
}

/// Every manifest rule, then the template and output rules `hookpad lint` adds by rendering.
pub const RULES: &[Rule] = &[
    // LaunchDarkly's JSON schema.
    rule("manifest/invalid-json", E, "the manifest is not JSON"),
    rule("manifest/too-deep", E, "the manifest nests deeper than 256 levels"),
    rule("manifest/not-an-object", E, "the manifest is not a JSON object"),
    rule("manifest/wrong-type", E, "a value of the wrong JSON type (schema)"),
    rule("manifest/missing-field", E, "a required field is missing (schema)"),
    rule("manifest/unknown-field", E, "a field the schema does not allow"),
    rule("manifest/unknown-capability", E, "a capability (or `otherCapabilities` entry) the schema does not list"),
    rule("manifest/unknown-template-key", E, "an audit-log hook template key other than flag, project, environment, member, default, validation"),
    rule("manifest/invalid-method", E, "an HTTP method other than POST, PUT, PATCH, GET, DELETE"),
    rule("manifest/unknown-variable-type", E, "a form-variable type the schema does not list"),
    rule("manifest/unknown-category", E, "a category the schema does not list"),
    rule("manifest/invalid-value", E, "any other value outside the schema's `enum`"),
    rule("manifest/too-short", E, "a string shorter than the schema's minimum (name, overview, description, ...)"),
    rule("manifest/too-long", E, "a string longer than the schema's maximum"),
    rule("manifest/variable-key-too-long", E, "a form-variable key over 20 characters"),
    rule("manifest/no-categories", E, "`categories` is empty"),
    rule("manifest/empty-default-policy", E, "`defaultPolicy` is empty"),
    rule("manifest/too-few-items", E, "an array with fewer items than the schema's minimum"),
    rule("manifest/too-many-items", E, "an array with more items than the schema's maximum (categories: 3)"),
    rule("manifest/duplicate-item", E, "a category listed twice"),
    rule("manifest/invalid-version", E, "`version` is not a semantic version"),
    rule("manifest/multi-line", E, "a line break in overview, description, details or author"),
    rule("manifest/invalid-url", E, "a link that does not start with http:// or https://"),
    rule("manifest/invalid-icon-path", E, "an icon path that does not end in .svg"),
    rule("manifest/invalid-email", E, "`supportEmail` is not an email address"),
    rule("manifest/invalid-header-name", E, "a header name with white space (schema), or an empty one (the request cannot be sent)"),
    rule("manifest/invalid-variable-key", E, "a form-variable key with white space"),
    rule("manifest/contains-space", E, "white space where the schema refuses it (dependsOn keys)"),
    rule("manifest/invalid-path", E, "`internalConfigurationURL` is not a relative path"),
    // LaunchDarkly's manifest tests.
    rule("manifest/overview-period", E, "`overview` does not end with a period"),
    rule("manifest/no-capabilities", E, "neither `capabilities` nor `otherCapabilities` (the gate exempts the folder `aiconfig-test-run`)"),
    rule("manifest/icon-missing", E, "an icon file does not exist (only with a folder: `hookpad lint DIR`; skipped in the page and `simulate()`)"),
    rule("manifest/default-without-optional", E, "`defaultValue` without `isOptional: true` (top-level and approval form variables)"),
    rule("manifest/default-without-optional", W, "the same in other form-variable lists, which the gate does not check"),
    rule("manifest/default-wrong-type", E, "a `defaultValue` whose type does not match the variable's (top-level and approval form variables)"),
    rule("manifest/default-wrong-type", W, "the same in other form-variable lists"),
    rule("manifest/optional-without-default", E, "`isOptional: true` without `defaultValue` (except multiselect and environmentSelector)"),
    rule("manifest/field-not-for-type", E, "a field a multiselect or environmentSelector variable may not have"),
    rule("manifest/multiselect-without-options", E, "a multiselect variable without `multiselectOptions`"),
    rule("manifest/secret-not-string", E, "`isSecret: true` on a variable that is not a string"),
    rule("manifest/dynamic-enum-without-options", E, "a dynamicEnum variable without `dynamicOptions`"),
    rule("manifest/options-without-dynamic-enum", E, "`dynamicOptions` on a variable that is not a dynamicEnum"),
    rule("manifest/field-not-for-type", W, "the form-variable rules above (but `optional-without-default`), in lists the gate does not check (feature store, flag cleanup, approval), with the same codes"),
    rule("manifest/hmac-secret-missing", E, "the audit-log hook's `hmacSecretFormVariableKey` is missing or names no form variable"),
    rule("manifest/hmac-secret-missing", W, "the same on another capability's endpoint"),
    rule("manifest/hmac-secret-not-secret", E, "the audit-log hook's HMAC secret is not a secret string variable"),
    rule("manifest/hmac-secret-not-secret", W, "the same on another capability's endpoint"),
    rule("manifest/error-body-dynamic-host", E, "`includeErrorResponseBody` where the gate's check rejects the URL (it starts with a non-enum `{{variable}}`, or has a `{{variable}}` in the host)"),
    rule("manifest/error-body-dynamic-host", W, "`includeErrorResponseBody` with a host a user sets freely, in a form the gate's check misses (`{{ name }}` with spaces, helpers)"),
    rule("manifest/undeclared-variable", E, "the audit-log hook's URL or a header reads a name that is not a form variable, `context` or `oauth` (with requiresOAuth)"),
    rule("manifest/undeclared-variable", W, "the same as a one-segment helper argument (`{{queryEncode x}}`, which strict mode does not check), or in a feature store's URL or header"),
    rule("manifest/hook-without-headers", E, "the audit-log hook's endpoint has no `headers` (the gate's tests read them unconditionally)"),
    rule("manifest/standard-payload-with-templates", E, "`useStandardWebhookPayload` with templates (or, with a folder, a `templates` folder)"),
    rule("manifest/template-not-found", E, "a template file the audit-log hook names does not exist (and, with a folder, one `eventsHook` or `flagImport` names)"),
    rule("manifest/duplicate-oauth-key", E, "two integrations linted together share an `oauthIntegrationKey` (`hookpad lint DIR...`)"),
    rule("policy/*", E, "`defaultPolicy` statements the schema refuses: unknown key, `effect` other than allow/deny, non-string lists"),
    rule("policy/*", W, "`defaultPolicy` statements the gate accepts but that match nothing (no effect, both or neither of resources/notResources), and the policy lints"),
    // A request production would send broken.
    rule("manifest/template-syntax", E, "a template string anywhere in the manifest (URLs, headers, bodies of every capability) does not parse in a dialect"),
    rule("manifest/empty-field", E, "an endpoint's `url` is empty"),
    rule("manifest/templated-header-name", E, "a header name with `{{ }}` (not a template; an HTTP client refuses the braces)"),
    // Likely mistakes.
    rule("manifest/stray-braces", W, "`}}` without `{{` in a template string: sent as text"),
    rule("manifest/duplicate-variable-key", W, "two form variables with the same key"),
    rule("manifest/empty-variable-key", W, "a form variable with an empty key"),
    rule("manifest/enum-without-values", W, "an enum variable without `allowedValues`"),
    rule("manifest/values-without-enum", W, "`allowedValues` on a variable that is not an enum"),
    rule("manifest/default-not-allowed", W, "an enum's `defaultValue` that is not one of its `allowedValues`"),
    rule("manifest/hmac-without-header", W, "`hmacSignature` without `headerName`"),
    rule("manifest/oauth-without-key", W, "`requiresOAuth` without `oauthIntegrationKey`"),
    // The rest.
    rule("manifest/no-audit-log-hook", I, "no `auditLogEventsHook`: nothing to preview (every other check still runs)"),
    rule("manifest/custom-delivery", I, "`deliveryMethod: custom` without an endpoint: LaunchDarkly delivers the events itself"),
    // Rendering every sample event in both dialects (`hookpad lint`, `simulate()`).
    rule("template/syntax-error", E, "a template file does not parse: every file of the audit-log hook on every simulation, and the files `eventsHook` and `flagImport` name"),
    rule("template/helper-arity", E, "a helper called with the wrong number of arguments"),
    rule("template/helper-error", E, "a helper fails on its arguments"),
    rule("output/invalid-json", E, "a JSON template renders invalid JSON in production"),
    rule("output/invalid-json", W, "a JSON template renders invalid JSON in preview only"),
    rule("template/missing-field", W, "a field the event lacks (an error in preview, empty in production)"),
    rule("template/helper-not-found", W, "a helper LaunchDarkly does not provide"),
    rule("template/type-error", W, "preview would throw a TypeError"),
    rule("output/dialects-differ", W, "preview and production render a part differently"),
];

//! The manifest's top level: identity, links, categories, icons, `legacy`, `otherCapabilities`.

use super::capabilities::CAPABILITIES;
use super::definitions::FORM_VARIABLES;
use super::{closed, field, Array, Field, Object, Pattern, Schema, Str, STRING};

/// Categories the schema allows.
pub const CATEGORIES: &[&str] = &[
    "ai",
    "analytics",
    "approval",
    "authentication",
    "automation",
    "big-segment-store",
    "code-references",
    "customer-support",
    "data",
    "developer-tools",
    "import",
    "infrastructure",
    "issue-tracking",
    "log-management",
    "messaging",
    "migration",
    "monitoring",
    "synced-segments",
    "notifications",
];

/// Capabilities configured outside the manifest (`otherCapabilities`).
pub const OTHER_CAPABILITIES: &[&str] = &[
    "codeRefs",
    "dataExport",
    "external",
    "ide",
    "sso",
    "webhooks",
    "warehouseExperimentation",
    "warehouseExport",
];

/// `legacy.kind` values.
pub const LEGACY_KINDS: &[&str] = &[
    "codeRefs",
    "datadog",
    "dataExport",
    "slackWebhooks",
    "webhooks",
];

/// One-line strings of a bounded length.
const LINE_3_100: Schema = Schema::String(&Str {
    min_len: 3,
    max_len: Some(100),
    pattern: Some(Pattern::SingleLine),
    ..Str::ANY
});
const LINE_10_100: Schema = Schema::String(&Str {
    min_len: 10,
    max_len: Some(100),
    pattern: Some(Pattern::SingleLine),
    ..Str::ANY
});
const LINE_50_2048: Schema = Schema::String(&Str {
    min_len: 50,
    max_len: Some(2048),
    pattern: Some(Pattern::SingleLine),
    ..Str::ANY
});

/// An http(s) URL of at most 2048 characters.
pub const URL: Schema = Schema::String(&Str {
    max_len: Some(2048),
    pattern: Some(Pattern::HttpUrl),
    ..Str::ANY
});

const SVG: Schema = Schema::String(&Str {
    pattern: Some(Pattern::SvgFile),
    ..Str::ANY
});

const TOP_FIELDS: &[Field] = &[
    field(
        "name",
        Schema::String(&Str {
            min_len: 3,
            max_len: Some(100),
            ..Str::ANY
        }),
    ),
    field(
        "version",
        Schema::String(&Str {
            min_len: 5,
            max_len: Some(14),
            pattern: Some(Pattern::SemVer),
            ..Str::ANY
        }),
    ),
    field("overview", LINE_10_100),
    field("description", LINE_50_2048),
    field("details", LINE_50_2048),
    field("author", LINE_3_100),
    field(
        "supportEmail",
        Schema::String(&Str {
            pattern: Some(Pattern::Email),
            ..Str::ANY
        }),
    ),
    field(
        "links",
        Schema::Object(&closed(
            &[
                field("site", URL),
                field("launchdarklyDocs", URL),
                field("privacyPolicy", URL),
                field("supportWebsite", URL),
            ],
            &["site", "privacyPolicy"],
        )),
    ),
    field(
        "categories",
        Schema::Array(&Array {
            items: Schema::String(&Str {
                values: CATEGORIES,
                value_code: "manifest/unknown-category",
                ..Str::ANY
            }),
            min_items: 1,
            max_items: Some(3),
            unique: true,
            few_code: Some("manifest/no-categories"),
        }),
    ),
    field(
        "icons",
        Schema::Object(&closed(
            &[field("square", SVG), field("horizontal", SVG)],
            &["square", "horizontal"],
        )),
    ),
    field("formVariables", FORM_VARIABLES),
    field("capabilities", Schema::Object(&CAPABILITIES)),
    field(
        "legacy",
        Schema::Object(&closed(
            &[field(
                "kind",
                Schema::String(&Str {
                    values: LEGACY_KINDS,
                    ..Str::ANY
                }),
            )],
            &["kind"],
        )),
    ),
    field(
        "otherCapabilities",
        Schema::Array(&Array {
            items: Schema::String(&Str {
                values: OTHER_CAPABILITIES,
                value_code: "manifest/unknown-capability",
                ..Str::ANY
            }),
            min_items: 1,
            ..Array::of(STRING)
        }),
    ),
    field("requiresOAuth", Schema::Boolean),
    field("hideOnIntegrationsPage", Schema::Boolean),
    field(
        "oauthIntegrationKey",
        Schema::String(&Str {
            min_len: 3,
            max_len: Some(100),
            ..Str::ANY
        }),
    ),
    field("allowIntegrationConfigurations", Schema::Boolean),
];

/// The whole manifest.
pub const MANIFEST: Schema = Schema::Object(&Object {
    required: &[
        "name",
        "version",
        "overview",
        "description",
        "author",
        "supportEmail",
        "links",
        "categories",
        "icons",
    ],
    ..closed(TOP_FIELDS, &[])
});

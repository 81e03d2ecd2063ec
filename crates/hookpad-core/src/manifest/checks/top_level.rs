//! The fields every manifest has: name, version, overview, description, author, supportEmail,
//! links, categories, icons, requiresOAuth, formVariables, capabilities, otherCapabilities.

use super::shape::{members, Expect};
use super::Ctx;
use crate::json_span::{Kind, Spanned};

const TOP_LEVEL: &[(&str, Expect, bool)] = &[
    ("name", Expect::String, true),
    ("version", Expect::String, true),
    ("overview", Expect::String, true),
    ("description", Expect::String, true),
    ("details", Expect::String, false),
    ("author", Expect::String, true),
    ("supportEmail", Expect::String, true),
    ("links", Expect::Object, true),
    ("categories", Expect::Array, true),
    ("icons", Expect::Object, true),
    ("legacy", Expect::Bool, false),
    ("requiresOAuth", Expect::Bool, false),
    ("oauthIntegrationKey", Expect::String, false),
    ("formVariables", Expect::Array, false),
    ("capabilities", Expect::Object, true),
    ("otherCapabilities", Expect::Array, false),
    ("allowIntegrationConfigurations", Expect::Bool, false),
];

const LINKS: &[(&str, Expect, bool)] = &[
    ("site", Expect::String, true),
    ("privacyPolicy", Expect::String, true),
    ("launchdarklyDocs", Expect::String, false),
    ("supportWebsite", Expect::String, false),
];

const ICONS: &[(&str, Expect, bool)] = &[
    ("square", Expect::String, true),
    ("horizontal", Expect::String, true),
];

/// Categories LaunchDarkly's integration catalogue lists.
pub const CATEGORIES: &[&str] = &[
    "analytics",
    "approval-tools",
    "authentication",
    "automation",
    "code-references",
    "collaboration",
    "data",
    "developer-tools",
    "infrastructure",
    "issue-tracking",
    "log-management",
    "messaging",
    "monitoring",
    "notifications",
    "version-control",
];

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    members(ctx, root, "", "the manifest", TOP_LEVEL, true);
    if let Some(links) = root
        .get("links")
        .filter(|l| matches!(l.kind, Kind::Object(_)))
    {
        members(ctx, links, "/links", "`links`", LINKS, true);
        for (name, _, _) in LINKS {
            if let Some(v) = links.get(name) {
                url_like(ctx, v, &format!("/links/{name}"), name);
            }
        }
    }
    if let Some(icons) = root
        .get("icons")
        .filter(|l| matches!(l.kind, Kind::Object(_)))
    {
        members(ctx, icons, "/icons", "`icons`", ICONS, true);
    }
    if let Some(cats) = root.get("categories").and_then(Spanned::as_array) {
        if cats.is_empty() {
            if let Some(c) = root.get("categories") {
                ctx.error(
                    "manifest/no-categories",
                    c,
                    "/categories",
                    "`categories` is empty",
                    "list one to three categories, e.g. \"monitoring\"",
                );
            }
        }
        for (i, c) in cats.iter().enumerate() {
            match c.as_str() {
                Some(name) if !CATEGORIES.contains(&name) => ctx.warning(
                    "manifest/unknown-category",
                    c,
                    &format!("/categories/{i}"),
                    format!("`{name}` is not a category LaunchDarkly lists"),
                    format!("known categories: {}", CATEGORIES.join(", ")),
                ),
                None => ctx.error(
                    "manifest/wrong-type",
                    c,
                    &format!("/categories/{i}"),
                    "a category must be a string",
                    "write the category as a string",
                ),
                _ => {}
            }
        }
    }
    if let Some(v) = root.get("version") {
        if let Some(s) = v.as_str() {
            let parts: Vec<&str> = s.split('.').collect();
            if parts.len() != 3
                || parts
                    .iter()
                    .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
            {
                ctx.error(
                    "manifest/invalid-version",
                    v,
                    "/version",
                    format!("`version` \"{s}\" is not MAJOR.MINOR.PATCH"),
                    "use a semantic version such as \"1.0.0\"",
                );
            }
        }
    }
    if let Some(v) = root.get("supportEmail") {
        if let Some(s) = v.as_str() {
            if !s.contains('@') || s.contains(char::is_whitespace) {
                ctx.error(
                    "manifest/invalid-email",
                    v,
                    "/supportEmail",
                    format!("`supportEmail` \"{s}\" is not an email address"),
                    "write an address such as \"support@example.com\"",
                );
            }
        }
    }
    for field in ["name", "overview", "description", "author"] {
        if let Some(v) = root.get(field) {
            if v.as_str().is_some_and(|s| s.trim().is_empty()) {
                ctx.error(
                    "manifest/empty-field",
                    v,
                    &format!("/{field}"),
                    format!("`{field}` is empty"),
                    format!("describe the integration in `{field}`"),
                );
            }
        }
    }
}

fn url_like(ctx: &mut Ctx<'_>, v: &Spanned, pointer: &str, name: &str) {
    if let Some(s) = v.as_str() {
        if !(s.starts_with("https://") || s.starts_with("http://")) {
            ctx.error(
                "manifest/invalid-url",
                v,
                pointer,
                format!("`{name}` \"{s}\" is not an http(s) URL"),
                "write a full URL starting with https://",
            );
        }
    }
}

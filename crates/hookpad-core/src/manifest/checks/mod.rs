//! Manifest checks (SPEC §5): every rule is a function that pushes diagnostics, each pointing at
//! the offending JSON value (pointer, byte range) with a hint. The checks read the manifest through
//! [`json_span`], so every finding has a location, including for half-written manifests.
//!
//! Severity: `error` when LaunchDarkly's gate (its JSON schema, [`schema`], and the rules of its
//! manifest tests) would reject the manifest, or the request production would send is broken;
//! `warning` for a rule's intent the gate misses, a likely mistake or a dialect difference;
//! `info` for the rest. [`RULES`] lists every rule.

mod capabilities;
mod endpoint;
mod form_variables;
mod hook;
mod rules;
mod schema;
mod templates;
mod top_level;
mod uses;

pub use rules::{Rule, RULES};

use std::collections::BTreeSet;

use crate::diagnostic::{json_error_range, Diagnostic, Severity, Source};
use crate::json_span::{self, Kind, Spanned};
use crate::text::TextRange;

/// What the checks may know besides the manifest text.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// The template paths the user supplied; `None` skips the "named but not supplied" check.
    pub supplied_templates: Option<BTreeSet<String>>,
    /// The integration's key (its folder's name in LaunchDarkly's repository) when it is known
    /// without its files, as on the page after a folder or `.zip` import; [`Files::key`] when
    /// there are files.
    pub integration_key: Option<String>,
}

/// The files beside a manifest, for the rules that need them (the icons exist). Where there are
/// no files (the page, `simulate()`), those rules are skipped, not reported.
pub struct Files<'a> {
    /// Whether a file or folder exists at a path relative to the integration's folder.
    pub exists: &'a dyn Fn(&str) -> bool,
    /// The integration's folder name: LaunchDarkly's key for it.
    pub key: Option<&'a str>,
}

/// Runs every manifest check on `text` that needs no files.
#[must_use]
pub fn check(text: &str, options: &CheckOptions) -> Vec<Diagnostic> {
    check_inner(text, options, None)
}

/// Runs every manifest check on `text`, including those that look at the integration's files.
#[must_use]
pub fn check_with_files(text: &str, options: &CheckOptions, files: &Files<'_>) -> Vec<Diagnostic> {
    check_inner(text, options, Some(files))
}

/// [`check`] on a manifest already read into `root` (`json_span::parse(text)`, `None` when
/// that failed), for a caller that reads it too.
#[must_use]
pub fn check_parsed(text: &str, root: Option<&Spanned>, options: &CheckOptions) -> Vec<Diagnostic> {
    checks(text, root, options, None)
}

fn check_inner(text: &str, options: &CheckOptions, files: Option<&Files<'_>>) -> Vec<Diagnostic> {
    checks(text, json_span::parse(text).as_ref(), options, files)
}

fn checks(
    text: &str,
    root: Option<&Spanned>,
    options: &CheckOptions,
    files: Option<&Files<'_>>,
) -> Vec<Diagnostic> {
    let Some(root) = root else {
        let mut diags = Vec::new();
        let d = match serde_json::from_str::<serde_json::Value>(text) {
            Err(e) => Diagnostic::new(
                "manifest/invalid-json",
                Severity::Error,
                Source::Manifest,
                format!("the manifest is not valid JSON: {e}"),
            )
            .with_range(json_error_range(text, &e))
            .with_hint("fix the JSON syntax at this position"),
            Ok(_) => Diagnostic::new(
                "manifest/too-deep",
                Severity::Error,
                Source::Manifest,
                format!(
                    "the manifest nests deeper than {} levels",
                    json_span::MAX_DEPTH
                ),
            )
            .with_range(TextRange::new(0, text.len().min(1))),
        };
        diags.push(d);
        return diags;
    };
    let mut ctx = Ctx {
        diags: Vec::new(),
        options,
        files,
        source: text,
    };
    if !matches!(root.kind, Kind::Object(_)) {
        ctx.error(
            "manifest/not-an-object",
            root,
            "",
            "the manifest must be a JSON object",
            "start from `{\"name\": ..., \"capabilities\": {...}}`",
        );
        return ctx.diags;
    }
    schema::check(root, &mut ctx);
    top_level::check(root, &mut ctx);
    capabilities::check(root, &mut ctx);
    form_variables::check(root, &mut ctx);
    if let Some(hook_value) = root.pointer("/capabilities/auditLogEventsHook") {
        hook::check(root, hook_value, &mut ctx);
    }
    endpoint::check(root, &mut ctx);
    templates::check(root, &mut ctx);
    ctx.diags
}

/// Collects diagnostics for one manifest.
pub(crate) struct Ctx<'a> {
    pub diags: Vec<Diagnostic>,
    pub options: &'a CheckOptions,
    pub files: Option<&'a Files<'a>>,
    /// The manifest text.
    pub source: &'a str,
}

impl Ctx<'_> {
    pub fn push(
        &mut self,
        code: &'static str,
        severity: Severity,
        range: TextRange,
        pointer: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diags.push(
            Diagnostic::new(code, severity, Source::Manifest, message)
                .with_range(range)
                .with_pointer(pointer)
                .with_hint(hint),
        );
    }

    pub fn error(
        &mut self,
        code: &'static str,
        at: &Spanned,
        pointer: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(code, Severity::Error, at.range, pointer, message, hint);
    }

    pub fn warning(
        &mut self,
        code: &'static str,
        at: &Spanned,
        pointer: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(code, Severity::Warning, at.range, pointer, message, hint);
    }

    pub fn info(
        &mut self,
        code: &'static str,
        at: &Spanned,
        pointer: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(code, Severity::Info, at.range, pointer, message, hint);
    }
}

/// Whether `v` is `true`.
pub(crate) fn is_true(v: Option<&Spanned>) -> bool {
    matches!(v.map(|x| &x.kind), Some(Kind::Bool(true)))
}

/// A short name for a JSON value's type, for messages.
pub(crate) fn type_name(v: &Spanned) -> &'static str {
    match v.kind {
        Kind::Null => "null",
        Kind::Bool(_) => "a boolean",
        Kind::Number => "a number",
        Kind::String(_) => "a string",
        Kind::Array(_) => "an array",
        Kind::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_gate;
#[cfg(test)]
mod tests_templates;

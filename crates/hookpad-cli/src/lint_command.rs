//! `hookpad lint <integration-dir>... [--json] [--rules]`: reads each folder and reports
//! [`hookpad_core::integration_lint::lint_integration_in`]'s findings; with several folders, one summary line
//! per integration and a total, as LaunchDarkly's CI runs its gate over every integration.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hookpad_core::diagnostic::{counted, tally, Diagnostic, Severity, Source};
use hookpad_core::integration_lint::{lint_integration_in, IntegrationFiles};
use hookpad_core::json_span;
use hookpad_core::manifest::{Files, RULES};
use hookpad_core::text::{LineIndex, PositionEncoding};
use serde::Serialize;

use crate::integration;

/// One line of `--json` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub source: String,
    pub pointer: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
    #[serde(skip)]
    pub code: String,
}

impl From<&Diagnostic> for Finding {
    fn from(d: &Diagnostic) -> Self {
        Self {
            severity: d.severity,
            source: d.source.to_string(),
            pointer: d.pointer.clone(),
            line: d.location.map(|l| l.line),
            column: d.location.map(|l| l.column),
            message: d.message.clone(),
            hint: d.hint.clone(),
            code: d.code.to_string(),
        }
    }
}

/// Whether the manifest has an audit-log hook, i.e. a webhook request to preview.
fn has_hook(manifest: &str) -> bool {
    json_span::parse(manifest)
        .is_some_and(|root| root.pointer("/capabilities/auditLogEventsHook").is_some())
}

/// One integration's findings.
pub struct Report {
    pub dir: PathBuf,
    pub findings: Vec<Finding>,
    /// `false` when the manifest has no audit-log hook: nothing to preview.
    pub previewable: bool,
    manifest: String,
}

impl Report {
    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Lints an integration folder.
///
/// # Errors
/// `manifest.json` cannot be read.
pub fn lint(dir: &Path) -> Result<Vec<Finding>, String> {
    lint_dir(dir).map(|r| r.findings)
}

/// Template files named by capabilities other than the audit-log hook.
const OTHER_TEMPLATE_MAPS: &[&str] = &[
    "/capabilities/eventsHook/templates",
    "/capabilities/flagImport/templates",
];

fn lint_dir(dir: &Path) -> Result<Report, String> {
    let files = integration::read(dir)?;
    let mut files = IntegrationFiles {
        manifest: files.manifest,
        templates: files.templates,
        integration_key: None,
    };
    if let Some(root) = json_span::parse(&files.manifest) {
        for map in OTHER_TEMPLATE_MAPS {
            let Some(json_span::Kind::Object(members)) = root.pointer(map).map(|m| &m.kind) else {
                continue;
            };
            for path in members.iter().filter_map(|m| m.value.as_str()) {
                if let Ok(text) = std::fs::read_to_string(dir.join(path)) {
                    files.templates.insert(path.to_owned(), text);
                }
            }
        }
    }
    let exists = |path: &str| dir.join(path).exists();
    let key = integration::key(dir);
    let folder = Files {
        exists: &exists,
        key: key.as_deref(),
    };
    let findings = lint_integration_in(&files, PositionEncoding::Chars, Some(&folder))
        .iter()
        .map(Finding::from)
        .collect();
    Ok(Report {
        dir: dir.to_owned(),
        findings,
        previewable: has_hook(&files.manifest),
        manifest: files.manifest,
    })
}

/// Integrations whose shared `oauthIntegrationKey` LaunchDarkly's gate expects.
const SHARED_OAUTH_KEYS: &[&str] = &["servicenow", "servicenow-normal", "servicenow-app"];

/// The gate's cross-integration rule: every `oauthIntegrationKey` is unique.
fn duplicate_oauth_keys(reports: &mut [Report]) {
    let mut first: BTreeMap<String, PathBuf> = BTreeMap::new();
    for r in reports.iter_mut() {
        let name = r
            .dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if SHARED_OAUTH_KEYS.contains(&name) {
            continue;
        }
        let Some(root) = json_span::parse(&r.manifest) else {
            continue;
        };
        let Some(value) = root.get("oauthIntegrationKey") else {
            continue;
        };
        let Some(key) = value.as_str() else {
            continue;
        };
        if let Some(other) = first.get(key) {
            let mut d = Diagnostic::new(
                "manifest/duplicate-oauth-key",
                Severity::Error,
                Source::Manifest,
                format!(
                    "`oauthIntegrationKey` \"{key}\" is also used by {}: LaunchDarkly's gate requires it to be unique",
                    other.display()
                ),
            )
            .with_range(value.range)
            .with_pointer("/oauthIntegrationKey")
            .with_hint("choose a key no other integration uses");
            d.locate(
                &r.manifest,
                &LineIndex::new(&r.manifest),
                PositionEncoding::Chars,
            );
            r.findings.push(Finding::from(&d));
        } else {
            first.insert(key.to_owned(), r.dir.clone());
        }
    }
}

/// Lints several folders. A folder whose manifest cannot be read is reported as an error.
#[must_use]
pub fn lint_many(dirs: &[PathBuf]) -> Vec<Report> {
    let mut reports: Vec<Report> = dirs
        .iter()
        .map(|dir| {
            lint_dir(dir).unwrap_or_else(|e| Report {
                dir: dir.clone(),
                findings: vec![Finding {
                    severity: Severity::Error,
                    source: "manifest".to_owned(),
                    pointer: None,
                    line: None,
                    column: None,
                    message: format!("cannot read the manifest: {e}"),
                    hint: Some("give the folder that holds manifest.json".to_owned()),
                    code: "manifest/unreadable".to_owned(),
                }],
                previewable: true,
                manifest: String::new(),
            })
        })
        .collect();
    duplicate_oauth_keys(&mut reports);
    reports
}

fn finding_line(out: &mut String, f: &Finding, indent: &str) {
    let at = match (f.line, f.column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        _ => String::new(),
    };
    let pointer = f
        .pointer
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(|p| format!(" ({p})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{indent}{}: {}{at}{pointer}: {} [{}]",
        f.severity.name(),
        f.source,
        f.message,
        f.code
    );
    if let Some(h) = &f.hint {
        let _ = writeln!(out, "{indent}  hint: {h}");
    }
}

const NO_PREVIEW: &str = "no webhook request to preview: the manifest has no `auditLogEventsHook` (the manifest checks ran)";

/// Human-readable report for one folder.
#[must_use]
pub fn render_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        finding_line(&mut out, f, "");
    }
    let _ = writeln!(out, "{}", tally(findings.iter().map(|f| f.severity)));
    out
}

/// Human-readable report for one folder, saying when there is nothing to preview.
#[must_use]
pub fn render_report(report: &Report) -> String {
    let mut out = render_text(&report.findings);
    if !report.previewable {
        let _ = writeln!(out, "{NO_PREVIEW}");
    }
    out
}

/// Several folders: per integration a summary line with its errors and warnings below it, then
/// `lint: N integrations, E errors, W warnings`.
#[must_use]
pub fn render_batch(reports: &[Report]) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for r in reports {
        let (e, w, n) = (
            r.count(Severity::Error),
            r.count(Severity::Warning),
            r.count(Severity::Info),
        );
        errors += e;
        warnings += w;
        let tail = if r.previewable {
            String::new()
        } else {
            " (no webhook request to preview)".to_owned()
        };
        let _ = writeln!(
            out,
            "{}: {}, {}, {}{tail}",
            r.dir.display(),
            counted(e, "error"),
            counted(w, "warning"),
            counted(n, "note"),
        );
        for f in r.findings.iter().filter(|f| f.severity != Severity::Info) {
            finding_line(&mut out, f, "  ");
        }
    }
    let _ = writeln!(
        out,
        "lint: {}, {}, {}",
        counted(reports.len(), "integration"),
        counted(errors, "error"),
        counted(warnings, "warning")
    );
    out
}

/// `--json`: one object per line.
#[must_use]
pub fn render_json(findings: &[Finding]) -> String {
    findings
        .iter()
        .filter_map(|f| serde_json::to_string(f).ok())
        .map(|l| l + "\n")
        .collect()
}

/// `--json` with several folders: each line also names its `integration` folder.
#[must_use]
pub fn render_batch_json(reports: &[Report]) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        integration: String,
        #[serde(flatten)]
        finding: &'a Finding,
    }
    let mut out = String::new();
    for r in reports {
        for f in &r.findings {
            let line = Line {
                integration: r.dir.display().to_string(),
                finding: f,
            };
            if let Ok(l) = serde_json::to_string(&line) {
                out.push_str(&l);
                out.push('\n');
            }
        }
    }
    out
}

/// `--rules`: every rule with its severity.
#[must_use]
pub fn render_rules() -> String {
    let mut out = String::new();
    for r in RULES {
        let _ = writeln!(out, "{:<8} {:<40} {}", r.severity.name(), r.code, r.finds);
    }
    out
}

/// Whether any report has an error.
#[must_use]
pub fn has_errors(reports: &[Report]) -> bool {
    reports.iter().any(|r| r.count(Severity::Error) > 0)
}

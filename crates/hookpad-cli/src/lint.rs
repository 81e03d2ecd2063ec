//! `hookpad lint <integration-dir> [--json]`: the manifest checks, then every sample event routed
//! and rendered in both dialects, as one list of diagnostics.
//!
//! Severity: `error` when LaunchDarkly's own checks would reject the manifest or the production
//! request would be broken (a template syntax error, a missing template file, a JSON template
//! rendering invalid JSON in production); `warning` when the dialects disagree, a field is missing
//! (an error in preview, empty in production), a helper is unknown, or a lint fires; `info` else.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use hookpad_core::diagnostic::{Diagnostic, Location, Severity, Source};
use hookpad_core::manifest::{check, CheckOptions};
use hookpad_core::simulate::{simulate, SimulationInput};
use hookpad_core::text::{LineIndex, PositionEncoding};
use hookpad_core::{samples, Dialect, Mode};
use serde::Serialize;

use crate::integration;

/// One line of `--json` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: &'static str,
    pub source: String,
    pub pointer: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
    #[serde(skip)]
    pub code: &'static str,
}

impl Finding {
    fn from(d: &Diagnostic, severity: Severity, prefix: &str) -> Self {
        Self {
            severity: severity.name(),
            source: d.source.to_string(),
            pointer: d.pointer.clone(),
            line: d.location.map(|l| l.line),
            column: d.location.map(|l| l.column),
            message: format!("{prefix}{}", d.message),
            hint: d.hint.clone(),
            code: d.code,
        }
    }
}

/// Lints an integration folder.
///
/// # Errors
/// `manifest.json` cannot be read.
pub fn lint(dir: &Path) -> Result<Vec<Finding>, String> {
    let files = integration::read(dir)?;
    let mut findings = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |f: Finding, findings: &mut Vec<Finding>| {
        let key = (
            f.code,
            f.source.clone(),
            f.line,
            f.column,
            f.message.clone(),
        );
        if seen.insert(key) {
            findings.push(f);
        }
    };
    let options = CheckOptions {
        supplied_templates: Some(files.templates.keys().cloned().collect()),
    };
    let mut manifest_diags = check(&files.manifest, &options);
    let index = LineIndex::new(&files.manifest);
    for d in &mut manifest_diags {
        d.locate(&files.manifest, &index, PositionEncoding::Chars);
        add(Finding::from(d, d.severity, ""), &mut findings);
    }
    if manifest_diags
        .iter()
        .any(|d| d.code == "manifest/invalid-json")
    {
        return Ok(findings);
    }
    let mut differing = BTreeSet::new();
    let runs = samples::EVENTS
        .iter()
        .map(|e| (e, Mode::Event))
        .chain(samples::EVENTS.first().map(|e| (e, Mode::Validation)));
    for (event, mode) in runs {
        for dialect in Dialect::ALL {
            let sim = simulate(&SimulationInput {
                manifest: files.manifest.clone(),
                templates: files.templates.clone(),
                event: event.json.to_owned(),
                dialect,
                mode,
                ..SimulationInput::default()
            });
            let prefix = format!("[sample {}, {}] ", event.name, dialect.name());
            for d in sim
                .diagnostics
                .iter()
                .filter(|d| d.source != Source::Manifest || d.code.starts_with("template/"))
            {
                if d.source == Source::Event || (d.source == Source::Policy) {
                    continue;
                }
                let severity = match (d.code, dialect) {
                    ("output/invalid-json", Dialect::Preview) => Severity::Warning,
                    ("template/syntax-error", _) => Severity::Error,
                    (code, _) if code.starts_with("template/") && d.severity == Severity::Error => {
                        Severity::Error
                    }
                    (code, _) if code.starts_with("template/") => Severity::Warning,
                    _ => d.severity,
                };
                // A missing field is the same finding for every event: report it without the sample.
                let prefix = if d.code == "output/invalid-json" {
                    prefix.as_str()
                } else {
                    ""
                };
                add(Finding::from(d, severity, prefix), &mut findings);
            }
            if dialect == Dialect::Production {
                let path = sim.route.as_ref().and_then(|r| r.template_path.clone());
                for diff in &sim.differences {
                    let key = (diff.part.clone(), path.clone());
                    if !differing.insert(key) {
                        continue;
                    }
                    let source = match (&diff.part[..], &path) {
                        ("body", Some(p)) => Source::Template(p.clone()),
                        _ => Source::Manifest,
                    };
                    let mut d = Diagnostic::new(
                        "output/dialects-differ",
                        Severity::Warning,
                        source,
                        format!(
                            "[sample {}] the {} renders differently in preview (npm run preview) and production, from output line {}",
                            event.name, diff.part, diff.line
                        ),
                    )
                    .with_hint("production (Go raymond) is what LaunchDarkly sends; run `hookpad preview --dialect production` to see it");
                    d.location = Some(Location {
                        line: diff.line,
                        column: 1,
                        end_line: diff.line,
                        end_column: 1,
                    });
                    let mut f = Finding::from(&d, Severity::Warning, "");
                    f.line = None;
                    f.column = None;
                    add(f, &mut findings);
                }
            }
        }
    }
    Ok(findings)
}

/// Human-readable report.
#[must_use]
pub fn render_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
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
            "{}: {}{at}{pointer}: {} [{}]",
            f.severity, f.source, f.message, f.code
        );
        if let Some(h) = &f.hint {
            let _ = writeln!(out, "  hint: {h}");
        }
    }
    let count = |s: &str| findings.iter().filter(|f| f.severity == s).count();
    let _ = writeln!(
        out,
        "{} errors, {} warnings, {} notes",
        count("error"),
        count("warning"),
        count("info")
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

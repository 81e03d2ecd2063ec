//! `hookpad lint <integration-dir> [--json]`: reads the folder and reports
//! [`hookpad_core::lint::lint_integration`]'s findings.

use std::fmt::Write as _;
use std::path::Path;

use hookpad_core::diagnostic::Diagnostic;
use hookpad_core::lint::{lint_integration, IntegrationFiles};
use hookpad_core::text::PositionEncoding;
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
    pub code: String,
}

impl From<&Diagnostic> for Finding {
    fn from(d: &Diagnostic) -> Self {
        Self {
            severity: d.severity.name(),
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

/// Lints an integration folder.
///
/// # Errors
/// `manifest.json` cannot be read.
pub fn lint(dir: &Path) -> Result<Vec<Finding>, String> {
    let files = integration::read(dir)?;
    let files = IntegrationFiles {
        manifest: files.manifest,
        templates: files.templates,
    };
    Ok(lint_integration(&files, PositionEncoding::Chars)
        .iter()
        .map(Finding::from)
        .collect())
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

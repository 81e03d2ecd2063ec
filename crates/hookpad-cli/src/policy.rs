//! `hookpad policy vectors <file>` and `hookpad policy matrix <corpus-dir>`.

use std::fmt::Write as _;
use std::path::Path;

use hookpad_core::diagnostic::{Diagnostic, Severity, Source};
use hookpad_core::policy::{self, parse, Decision, Origin, DEFAULT_ENVIRONMENTS};
use serde::Deserialize;
use serde_json::{json, Value as Json};

/// One policy vector: statements, an access, the expected outcome.
#[derive(Clone, Debug, Deserialize)]
pub struct Vector {
    pub statements: Json,
    pub resource: String,
    pub action: String,
    /// `allow` (sent) or `deny` (not sent, by a deny or by default).
    pub expected: String,
    #[serde(default)]
    pub why: String,
}

/// The statements of a policy, and the diagnostics found while reading them.
fn statements_of(value: &Json) -> (Vec<policy::Statement>, Vec<Diagnostic>) {
    let origin = Origin {
        source: Source::Policy,
        pointer: String::new(),
    };
    let mut diags = Vec::new();
    let statements = policy::load(&value.to_string(), &origin, &mut diags);
    (statements, diags)
}

/// Checks every vector; returns the report (ending with `policy vectors: P/T`) and whether all passed.
///
/// # Errors
/// The file cannot be read or is not a list of vectors.
pub fn vectors(path: &Path) -> Result<(String, bool), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let vectors: Vec<Vector> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = String::new();
    let mut passed = 0;
    for (i, v) in vectors.iter().enumerate() {
        let (statements, diags) = statements_of(&v.statements);
        let d = policy::decide(&statements, &parse::resource(&v.resource), &v.action);
        let got = if d.decision == Decision::Allow {
            "allow"
        } else {
            "deny"
        };
        // A statement rejected for its shape is ignored, so a broken policy often "decides"
        // default-deny; that is not a pass.
        let errors: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            let _ = writeln!(
                out,
                "FAIL vector {i}: {} {}: the policy has {} error(s), so its decision ({}) proves nothing: {}",
                v.resource,
                v.action,
                errors.len(),
                d.decision.name(),
                v.why
            );
            for e in errors {
                let _ = writeln!(
                    out,
                    "  {} at {}: {}",
                    e.code,
                    e.pointer.as_deref().unwrap_or("/"),
                    e.message
                );
            }
        } else if got == v.expected {
            passed += 1;
        } else {
            let _ = writeln!(
                out,
                "FAIL vector {i}: {} {} -> {} (expected {}): {}",
                v.resource,
                v.action,
                d.decision.name(),
                v.expected,
                v.why
            );
            for t in &d.statements {
                let _ = writeln!(
                    out,
                    "  statement {}: resource {}; action {}",
                    t.index, t.resource.detail, t.action.detail
                );
            }
        }
    }
    let _ = writeln!(out, "policy vectors: {passed}/{}", vectors.len());
    Ok((out, passed == vectors.len()))
}

/// Sorted sample-context names (`flag/toggle`, ...) under `corpus/contexts`.
fn contexts(corpus: &Path) -> Result<Vec<String>, String> {
    let root = corpus.join("contexts");
    let mut names = Vec::new();
    let groups = std::fs::read_dir(&root).map_err(|e| format!("{}: {e}", root.display()))?;
    for group in groups.flatten().filter(|g| g.path().is_dir()) {
        let group_name = group.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(group.path())
            .map_err(|e| e.to_string())?
            .flatten()
        {
            let file_name = file.file_name().to_string_lossy().into_owned();
            if let Some(stem) = file_name.strip_suffix(".json") {
                names.push(format!("{group_name}/{stem}"));
            }
        }
    }
    names.sort();
    Ok(names)
}

/// One JSON line per (integration folder with a `defaultPolicy`, sample context).
///
/// # Errors
/// The corpus folders cannot be read.
pub fn matrix(corpus: &Path) -> Result<String, String> {
    let contexts = contexts(corpus)?;
    let events: Vec<(String, Json)> = contexts
        .iter()
        .map(|c| {
            let p = corpus.join("contexts").join(format!("{c}.json"));
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            serde_json::from_str(&text)
                .map(|v| (c.clone(), v))
                .map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect::<Result<_, String>>()?;
    let dir = corpus.join("integrations");
    let mut dirs: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter(|d| d.path().is_dir())
        .map(|d| d.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let environments: Vec<String> = DEFAULT_ENVIRONMENTS
        .iter()
        .map(|e| (*e).to_owned())
        .collect();
    let mut out = String::new();
    for d in dirs {
        let Ok(text) = std::fs::read_to_string(dir.join(&d).join("manifest.json")) else {
            continue;
        };
        let Ok(manifest) = serde_json::from_str::<Json>(&text) else {
            continue;
        };
        let Some(default_policy) =
            manifest.pointer("/capabilities/auditLogEventsHook/defaultPolicy")
        else {
            continue;
        };
        let (statements, _) = statements_of(default_policy);
        for (context, event) in &events {
            let pairs = policy::from_event(event, &environments).unwrap_or_default();
            let result = policy::evaluate(&statements, &pairs);
            let line = json!({
                "dir": d,
                "context": context,
                "sent": result.sent,
                "pairs": result.pairs.iter().map(|p| json!({
                    "resource": p.resource,
                    "action": p.action,
                    "decision": p.decision.name(),
                })).collect::<Vec<_>>(),
            });
            let _ = writeln!(out, "{line}");
        }
    }
    Ok(out)
}

//! `hookpad matrix`: every event at once — Hookpad's sample events and the user's own — in both
//! dialects, then the branch coverage of the audit-log hook templates.

use std::fmt::Write as _;
use std::path::PathBuf;

use hookpad_core::matrix::{self, never_taken_by, Matrix, MatrixCell, MatrixRow, NamedEvent};
use hookpad_core::simulate::SimulationInput;
use hookpad_core::Dialect;

use crate::form_options::{self, FormOptions};
use crate::integration;

pub const USAGE: &str =
    "usage: hookpad matrix <integration-dir> [--event FILE]... [--no-samples] [--json] \
[--var KEY=VALUE]... [--vars FILE.json] [--placeholders] [--show-secrets]";

/// Parsed `hookpad matrix` arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixArgs {
    pub dir: PathBuf,
    pub events: Vec<PathBuf>,
    /// Leave Hookpad's sample events out (only the `--event` files run).
    pub no_samples: bool,
    pub json: bool,
    pub form: FormOptions,
}

/// Parses the arguments after `matrix`.
///
/// # Errors
/// An unknown flag, a flag without its value, or no integration folder.
pub fn parse_args(args: &[String]) -> Result<MatrixArgs, String> {
    let mut dir = None;
    let mut events = Vec::new();
    let mut no_samples = false;
    let mut json = false;
    let mut form = FormOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if form.take(a, &mut it)? {
            continue;
        }
        match a.as_str() {
            "--event" => events.push(PathBuf::from(
                it.next()
                    .ok_or_else(|| format!("--event needs a file\n{USAGE}"))?,
            )),
            "--no-samples" => no_samples = true,
            "--json" => json = true,
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option `{flag}`\n{USAGE}"))
            }
            path => dir = Some(PathBuf::from(path)),
        }
    }
    Ok(MatrixArgs {
        dir: dir.ok_or_else(|| USAGE.to_owned())?,
        events,
        no_samples,
        json,
        form,
    })
}

/// Runs the matrix; returns the report and whether every request was valid in both dialects.
///
/// # Errors
/// The integration, an event file or a `--vars` file cannot be read.
pub fn run(args: &MatrixArgs) -> Result<(String, bool), String> {
    let files = integration::read(&args.dir)?;
    let values = args.form.values(&files.manifest)?;
    let secrets = args.form.secrets_to_mask(&files.manifest, &values);
    let mut events = if args.no_samples {
        Vec::new()
    } else {
        matrix::sample_events()
    };
    for path in &args.events {
        events.push(NamedEvent {
            name: path.display().to_string(),
            json: std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
        });
    }
    let base = SimulationInput {
        manifest: files.manifest,
        templates: files.templates,
        form_values: values,
        integration_key: integration::key(&args.dir),
        ..SimulationInput::default()
    };
    let result = matrix::run(&base, &events);
    // An integration without an audit-log hook sends no request: none is invalid.
    let all_valid = !result.has_hook
        || result
            .rows
            .iter()
            .all(|r| r.preview.valid && r.production.valid);
    let report = if args.json {
        serde_json::to_string_pretty(&result).map_err(|e| e.to_string())? + "\n"
    } else {
        render_text(&result, events.len())
    };
    Ok((form_options::mask(&report, &secrets), all_valid))
}

/// The policy decision: the same in both dialects (routing and the policy do not depend on the
/// dialect), so it is one column; each dialect's, named, should they ever differ.
fn describe_policy(r: &MatrixRow) -> String {
    let one = |c: &MatrixCell| match (c.sent, &c.decided_by) {
        (Some(true), Some(by)) => format!("sent ({by})"),
        (Some(false), Some(by)) => format!("not sent ({by})"),
        _ => "no policy".to_owned(),
    };
    let (preview, production) = (one(&r.preview), one(&r.production));
    if preview == production {
        preview
    } else {
        format!("preview {preview}, production {production}")
    }
}

/// What a dialect rendered: whether the request is valid, and its errors and warnings.
fn describe_cell(c: &MatrixCell) -> String {
    let valid = if c.valid { "valid" } else { "INVALID" };
    format!("{valid}, {}E {}W", c.errors, c.warnings)
}

/// The text report: a line per event, the routes no event tried, the untaken branches, and the
/// coverage total last.
#[must_use]
pub fn render_text(m: &Matrix, event_count: usize) -> String {
    let mut out = String::new();
    if !m.has_hook {
        out.push_str(
            "This manifest has no audit-log events hook (capabilities.auditLogEventsHook): \
there is no webhook request to preview.\n",
        );
        return out;
    }
    let width = |f: &dyn Fn(&hookpad_core::matrix::MatrixRow) -> usize, header: &str| {
        m.rows.iter().map(f).max().unwrap_or(0).max(header.len())
    };
    let name_width = width(&|r| r.event.len(), "event");
    let kind_width = width(&|r| r.kind.as_deref().map_or(1, str::len), "kind");
    let template_width = width(
        &|r| r.preview.template.as_deref().map_or(16, str::len),
        "template",
    );
    let policy_width = width(&|r| describe_policy(r).len(), "policy");
    let _ = writeln!(
        out,
        "{:<name_width$}  {:<kind_width$}  {:<template_width$}  {:<policy_width$}  preview | production",
        "event", "kind", "template", "policy"
    );
    for r in &m.rows {
        let _ = writeln!(
            out,
            "{:<name_width$}  {:<kind_width$}  {:<template_width$}  {:<policy_width$}  {} | {}",
            r.event,
            r.kind.as_deref().unwrap_or("-"),
            r.preview.template.as_deref().unwrap_or("standard payload"),
            describe_policy(r),
            describe_cell(&r.preview),
            describe_cell(&r.production),
        );
    }
    for u in &m.untried_routes {
        let offer = u
            .sample
            .as_deref()
            .map(|s| {
                format!("; try --sample {s} with hookpad preview, or add an event of that kind")
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "untried: no event routed to `{}` ({}){offer}",
            u.key, u.template
        );
    }
    let distinct = m.distinct_branches();
    for b in distinct.iter().filter(|b| !b.taken()) {
        let _ = writeln!(
            out,
            "untaken: {}:{}:{}: {}: {}{}",
            b.template,
            b.location.line,
            b.location.column,
            b.description,
            never_taken_by(event_count),
            b.missed_only_in()
        );
    }
    let taken = distinct.iter().filter(|b| b.taken()).count();
    let (p_taken, p_total) = m.coverage(Dialect::Preview);
    let (q_taken, q_total) = m.coverage(Dialect::Production);
    let _ = writeln!(
        out,
        "coverage: {taken}/{} branches taken (preview {p_taken}/{p_total}, production {q_taken}/{q_total})",
        distinct.len()
    );
    out
}

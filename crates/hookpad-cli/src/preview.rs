//! `hookpad preview`: the request LaunchDarkly would send for each event, like `npm run preview`
//! but with both engines, every event kind, HMAC and a curl export that survives any quoting.

use std::fmt::Write as _;
use std::path::PathBuf;

use hookpad_core::simulate::{simulate, Simulation, SimulationInput};
use hookpad_core::{samples, Dialect, Mode};

use crate::form_options::{self, FormOptions};
use crate::integration;

/// Where an event comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventSource {
    File(PathBuf),
    Sample(String),
}

/// Parsed `hookpad preview` arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewArgs {
    pub dir: PathBuf,
    pub events: Vec<EventSource>,
    pub dialect: Dialect,
    pub mode: Mode,
    pub curl: bool,
    pub form: FormOptions,
}

pub const USAGE: &str =
    "usage: hookpad preview <integration-dir> [--event FILE | --sample NAME]... \
[--dialect preview|production] [--validation] [--curl] \
[--var KEY=VALUE]... [--vars FILE.json] [--placeholders] [--show-secrets]";

/// Parses the arguments after `preview`.
///
/// # Errors
/// An unknown flag, a flag without its value, or no integration folder.
pub fn parse_args(args: &[String]) -> Result<PreviewArgs, String> {
    let mut dir = None;
    let mut events = Vec::new();
    let mut dialect = Dialect::Preview;
    let mut mode = Mode::Event;
    let mut curl = false;
    let mut form = FormOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if form.take(a, &mut it)? {
            continue;
        }
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--event" => events.push(EventSource::File(PathBuf::from(value("--event")?))),
            "--sample" => events.push(EventSource::Sample(value("--sample")?)),
            "--dialect" => {
                dialect = match value("--dialect")?.as_str() {
                    "preview" => Dialect::Preview,
                    "production" => Dialect::Production,
                    other => {
                        return Err(format!(
                            "unknown dialect `{other}`: use preview or production"
                        ))
                    }
                }
            }
            "--validation" => mode = Mode::Validation,
            "--curl" => curl = true,
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option `{flag}`\n{USAGE}"))
            }
            path => dir = Some(PathBuf::from(path)),
        }
    }
    let dir = dir.ok_or_else(|| USAGE.to_owned())?;
    Ok(PreviewArgs {
        dir,
        events,
        dialect,
        mode,
        curl,
        form,
    })
}

/// Runs the preview; returns the report and whether every render succeeded.
///
/// # Errors
/// The integration or an event file cannot be read, or a sample name is unknown.
pub fn run(args: &PreviewArgs) -> Result<(String, bool), String> {
    let files = integration::read(&args.dir)?;
    let values = args.form.values(&files.manifest)?;
    let secrets = args.form.secrets_to_mask(&files.manifest, &values);
    let sources: Vec<EventSource> = if args.events.is_empty() {
        samples::EVENTS
            .iter()
            .map(|e| EventSource::Sample(e.name.to_owned()))
            .collect()
    } else {
        args.events.clone()
    };
    let mut out = String::new();
    let mut ok = true;
    for source in sources {
        let (label, event) = match &source {
            EventSource::File(path) => (
                path.display().to_string(),
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
            ),
            EventSource::Sample(name) => {
                let sample = samples::event(name).ok_or_else(|| {
                    let names: Vec<&str> = samples::EVENTS.iter().map(|e| e.name).collect();
                    format!("unknown sample `{name}`; samples: {}", names.join(", "))
                })?;
                (format!("sample {name}"), sample.json.to_owned())
            }
        };
        let input = SimulationInput {
            manifest: files.manifest.clone(),
            templates: files.templates.clone(),
            event,
            form_values: values.clone(),
            dialect: args.dialect,
            mode: args.mode,
            integration_key: integration::key(&args.dir),
            ..SimulationInput::default()
        };
        let sim = simulate(&input);
        ok &= report(&label, &sim, args.curl, &mut out);
    }
    Ok((form_options::mask(&out, &secrets), ok))
}

/// Writes one simulation; returns false when the render failed.
fn report(label: &str, sim: &Simulation, curl: bool, out: &mut String) -> bool {
    let _ = write!(out, "### {label} [{}]", sim.dialect.name());
    if let Some(route) = &sim.route {
        match &route.template_path {
            Some(path) => {
                let _ = write!(
                    out,
                    " -> {} ({path})",
                    route.template_key.as_deref().unwrap_or_default()
                );
            }
            None => out.push_str(" -> standard payload"),
        }
    }
    out.push('\n');
    let mut failed = false;
    for d in &sim.diagnostics {
        let at = d
            .location
            .map(|l| format!(":{}:{}", l.line, l.column))
            .unwrap_or_default();
        let pointer = d
            .pointer
            .as_deref()
            .map(|p| format!(" {p}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}: {}{at}{pointer}: {} [{}]",
            d.severity.name(),
            d.source,
            d.message,
            d.code
        );
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "  hint: {hint}");
        }
        // A render failed: a template fault, or an input that could not be read. Other manifest
        // findings are shown but are `hookpad lint`'s business, and production's "renders as
        // empty" is a warning about a render that succeeded.
        failed |= d.code.starts_with("template/") && d.code != "template/empty-in-production"
            || matches!(
                &*d.code,
                "manifest/template-not-found"
                    | "manifest/invalid-json"
                    | "event/invalid-json"
                    | "event/not-an-object"
            );
    }
    if let Some(request) = &sim.request {
        if curl {
            let _ = writeln!(out, "{}", request.to_curl());
        } else {
            let _ = writeln!(out, "{} {}", request.method, request.url);
            for h in &request.headers {
                let _ = writeln!(out, "{}: {}", h.name, h.value);
            }
            out.push('\n');
            out.push_str(&request.body);
            if !request.body.ends_with('\n') {
                out.push('\n');
            }
        }
    } else {
        failed = true;
    }
    for d in &sim.differences {
        let _ = writeln!(
            out,
            "note: preview and production differ in {} from output line {}",
            d.part, d.line
        );
    }
    out.push('\n');
    !failed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_every_option() {
        let a = parse_args(&args(&[
            "dir",
            "--sample",
            "flag-toggle",
            "--event",
            "e.json",
            "--dialect",
            "production",
            "--validation",
            "--curl",
        ]))
        .unwrap();
        assert_eq!(a.dir, PathBuf::from("dir"));
        assert_eq!(
            a.events,
            vec![
                EventSource::Sample("flag-toggle".into()),
                EventSource::File("e.json".into())
            ]
        );
        assert_eq!(a.dialect, Dialect::Production);
        assert_eq!(a.mode, Mode::Validation);
        assert!(a.curl);
    }

    #[test]
    fn rejects_bad_options() {
        assert!(parse_args(&args(&["dir", "--dialect", "go"])).is_err());
        assert!(parse_args(&args(&["--curl"])).is_err());
        assert!(parse_args(&args(&["dir", "--sample"])).is_err());
    }
}

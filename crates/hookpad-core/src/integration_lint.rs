//! Linting a whole integration: the manifest checks, then every sample event routed and rendered
//! in both dialects (what `hookpad lint` and the npm package's `lintIntegration` report).
//!
//! Severity: `error` when LaunchDarkly's gate (its schema and manifest tests) would reject the
//! manifest, or the production request would be broken (a template that does not parse, a missing
//! template file, a JSON template rendering invalid JSON in production); `warning` for a rule's
//! intent the gate misses, a likely mistake, the dialects disagreeing, a missing field (an error in
//! preview, empty in production), an unknown helper or a policy lint; `info` else. The rules that
//! need files (the icons exist) run only with a folder ([`lint_integration_in`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::manifest::{check, check_with_files, CheckOptions, Files};
use crate::matrix;
use crate::simulate::{simulate, SimulationInput};
use crate::text::{LineIndex, PositionEncoding};
use crate::{samples, Dialect, Mode};

/// An integration as texts: `manifest.json` and the template files by path.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IntegrationFiles {
    pub manifest: String,
    pub templates: BTreeMap<String, String>,
    /// The integration's key (its folder's name), when there is no folder to take it from.
    pub integration_key: Option<String>,
}

/// Lints an integration. Diagnostics are located (line and column counted in `encoding`) and
/// deduplicated; a finding that holds for every sample event is reported once.
#[must_use]
pub fn lint_integration(files: &IntegrationFiles, encoding: PositionEncoding) -> Vec<Diagnostic> {
    lint_integration_in(files, encoding, None)
}

/// [`lint_integration`], with the integration's folder when there is one: the rules that need
/// files (the icons exist) run only then.
#[must_use]
pub fn lint_integration_in(
    files: &IntegrationFiles,
    encoding: PositionEncoding,
    folder: Option<&Files<'_>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |d: Diagnostic, out: &mut Vec<Diagnostic>| {
        let key = (
            d.code.clone(),
            d.source.to_string(),
            d.location.map(|l| (l.line, l.column)),
            d.message.clone(),
        );
        if seen.insert(key) {
            out.push(d);
        }
    };
    let options = CheckOptions {
        supplied_templates: Some(files.templates.keys().cloned().collect()),
        integration_key: files.integration_key.clone(),
    };
    let mut manifest_diags = match folder {
        Some(folder) => check_with_files(&files.manifest, &options, folder),
        None => check(&files.manifest, &options),
    };
    let index = LineIndex::new(&files.manifest);
    let unreadable = manifest_diags
        .iter()
        .any(|d| d.code == "manifest/invalid-json");
    for mut d in manifest_diags.drain(..) {
        d.locate(&files.manifest, &index, encoding);
        add(d, &mut out);
    }
    if unreadable {
        return out;
    }
    for mut d in other_template_files(files, folder) {
        let text = match &d.source {
            Source::Template(path) => files.templates.get(path).map(String::as_str),
            _ => Some(files.manifest.as_str()),
        };
        if let Some(text) = text {
            d.locate(text, &LineIndex::new(text), encoding);
        }
        add(d, &mut out);
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
                encoding,
                ..SimulationInput::default()
            });
            for mut d in sim
                .diagnostics
                .into_iter()
                // The preview run reports each missing field already; production's "renders as
                // empty" restates it.
                .filter(|d| {
                    matches!(d.source, Source::Template(_) | Source::Output)
                        && d.code != "template/empty-in-production"
                })
            {
                d.severity = match (&*d.code, dialect) {
                    // Preview failing to produce JSON is a warning; production's is the real request.
                    ("output/invalid-json", Dialect::Preview) => Severity::Warning,
                    (code, _) if code.starts_with("template/") && d.severity != Severity::Error => {
                        Severity::Warning
                    }
                    _ => d.severity,
                };
                if d.source == Source::Output {
                    d.message =
                        format!("[sample {}, {}] {}", event.name, dialect.name(), d.message);
                }
                add(d, &mut out);
            }
            if dialect != Dialect::Production {
                continue;
            }
            let path = sim.route.as_ref().and_then(|r| r.template_path.clone());
            for diff in &sim.differences {
                if !differing.insert((diff.part.clone(), path.clone())) {
                    continue;
                }
                let source = match (&diff.part[..], &path) {
                    ("body", Some(p)) => Source::Template(p.clone()),
                    _ => Source::Manifest,
                };
                let d = Diagnostic::new(
                    "output/dialects-differ",
                    Severity::Warning,
                    source,
                    format!(
                        "[sample {}] the {} renders differently in preview (npm run preview) and production, from output line {}",
                        event.name, diff.part, diff.line
                    ),
                )
                .with_hint("production (Go raymond) is what LaunchDarkly sends; preview it with the production dialect");
                add(d, &mut out);
            }
        }
    }
    for d in untaken_branches(files, encoding) {
        add(d, &mut out);
    }
    out
}

/// An `info` for each branch of an audit-log hook template that none of Hookpad's sample events
/// takes (in either dialect): what `hookpad matrix` lists as `untaken`.
fn untaken_branches(files: &IntegrationFiles, encoding: PositionEncoding) -> Vec<Diagnostic> {
    let base = SimulationInput {
        manifest: files.manifest.clone(),
        templates: files.templates.clone(),
        encoding,
        ..SimulationInput::default()
    };
    let events = matrix::sample_events();
    let report = matrix::run(&base, &events);
    report
        .distinct_branches()
        .into_iter()
        .filter(|b| !b.taken())
        .map(|b| {
            let mut d = Diagnostic::new(
                "template/branch-not-taken",
                Severity::Info,
                Source::Template(b.template.clone()),
                format!(
                    "{} is never taken by any of Hookpad's {} sample events{}",
                    b.description,
                    events.len(),
                    b.missed_only_in()
                ),
            )
            .with_range(b.branch.range)
            .with_hint(
                "run `hookpad matrix` with an event of your own (--event FILE) that takes it",
            );
            d.location = Some(b.location);
            d
        })
        .collect()
}

/// Template files other capabilities name (`eventsHook`, `flagImport`).
const OTHER_TEMPLATE_MAPS: &[&str] = &[
    "/capabilities/eventsHook/templates",
    "/capabilities/flagImport/templates",
];

/// The template files of capabilities other than the audit-log hook: each one supplied must
/// compile in both dialects; with a folder, each one named must exist.
fn other_template_files(files: &IntegrationFiles, folder: Option<&Files<'_>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(root) = crate::json_span::parse(&files.manifest) else {
        return out;
    };
    for map in OTHER_TEMPLATE_MAPS {
        let Some(crate::json_span::Kind::Object(members)) = root.pointer(map).map(|m| &m.kind)
        else {
            continue;
        };
        for m in members {
            let Some(path) = m.value.as_str() else {
                continue;
            };
            if let Some(text) = files.templates.get(path) {
                if let Some((fault, dialect)) = crate::render::first_compile_fault(text) {
                    let mut d = Diagnostic::new(
                        "template/syntax-error",
                        Severity::Error,
                        Source::Template(path.to_owned()),
                        format!("{} ({})", fault.reason, dialect.name()),
                    )
                    .with_hint("fix the template syntax at this position");
                    d.range = fault.range;
                    out.push(d);
                }
            } else if folder.is_some_and(|f| !(f.exists)(path)) {
                out.push(
                    Diagnostic::new(
                        "manifest/template-not-found",
                        Severity::Error,
                        Source::Manifest,
                        format!("the template file `{path}` does not exist"),
                    )
                    .with_range(m.value.range)
                    .with_pointer(format!("{map}/{}", crate::json_span::pointer_token(&m.key)))
                    .with_hint(format!("add `{path}` or fix the path")),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::INTEGRATION;

    fn example() -> IntegrationFiles {
        IntegrationFiles {
            manifest: INTEGRATION.manifest.to_owned(),
            templates: INTEGRATION.template_map(),
            integration_key: None,
        }
    }

    #[test]
    fn the_example_has_no_errors() {
        let d = lint_integration(&example(), PositionEncoding::Chars);
        assert!(d.iter().all(|d| d.severity != Severity::Error), "{d:#?}");
    }

    #[test]
    fn branches_no_sample_takes_are_info_at_their_tag() {
        let mut files = example();
        let template = "{\"k\": \"{{key}}\"{{#if neverThere}}, \"x\": 1{{/if}} }";
        files
            .templates
            .insert("templates/flag.json.hbs".to_owned(), template.to_owned());
        let d = lint_integration(&files, PositionEncoding::Chars);
        let untaken: Vec<&Diagnostic> = d
            .iter()
            .filter(|d| {
                d.code == "template/branch-not-taken"
                    && d.source == Source::Template("templates/flag.json.hbs".into())
            })
            .collect();
        assert_eq!(untaken.len(), 1, "{untaken:#?}");
        assert_eq!(untaken[0].severity, Severity::Info);
        assert!(untaken[0].message.starts_with("`then` of #if"));
        let column = template.find("{{#if").unwrap() + 1;
        let at = untaken[0].location.unwrap();
        assert_eq!((at.line, at.column), (1, u32::try_from(column).unwrap()));
    }

    #[test]
    fn a_missing_field_is_reported_once_as_a_warning() {
        let mut files = example();
        files.templates.insert(
            "templates/flag.json.hbs".to_owned(),
            "{\"x\": \"{{nope}}\"}".to_owned(),
        );
        let d = lint_integration(&files, PositionEncoding::Chars);
        let missing: Vec<_> = d
            .iter()
            .filter(|d| d.code == "template/missing-field")
            .collect();
        assert_eq!(missing.len(), 1, "{missing:#?}");
        assert_eq!(missing[0].severity, Severity::Warning);
        let loc = missing[0].location.unwrap();
        // `{"x": "{{nope}}"}`: the path `nope` starts at the 10th character.
        assert_eq!((loc.line, loc.column), (1, 10));
    }

    #[test]
    fn template_files_of_other_capabilities_are_parsed() {
        let mut files = example();
        files.manifest = files.manifest.replacen(
            "\"capabilities\": {",
            "\"capabilities\": {\n    \"eventsHook\": {\"endpoint\": {\"url\": \"https://e.com\", \"method\": \"POST\", \"headers\": []}, \"templates\": {\"measuredRolloutReverted\": \"templates/reverted.json.hbs\"}},",
            1,
        );
        files.templates.insert(
            "templates/reverted.json.hbs".to_owned(),
            "{\n  \"a\": \"{{#if x}}\"\n}".to_owned(),
        );
        let d = lint_integration(&files, PositionEncoding::Chars);
        let syntax: Vec<_> = d
            .iter()
            .filter(|d| d.source == Source::Template("templates/reverted.json.hbs".to_owned()))
            .collect();
        assert_eq!(syntax.len(), 1, "{d:#?}");
        assert_eq!(
            (&*syntax[0].code, syntax[0].severity),
            ("template/syntax-error", Severity::Error)
        );
        // Marked at the block never closed (handlebars.js reports the end, line 3).
        assert_eq!(syntax[0].location.map(|l| l.line), Some(2));
    }

    #[test]
    fn invalid_json_in_production_is_an_error() {
        let mut files = example();
        files.templates.insert(
            "templates/flag.json.hbs".to_owned(),
            "{\"x\": 1,}".to_owned(),
        );
        let d = lint_integration(&files, PositionEncoding::Chars);
        assert!(d
            .iter()
            .any(|d| d.code == "output/invalid-json" && d.severity == Severity::Error));
    }
}

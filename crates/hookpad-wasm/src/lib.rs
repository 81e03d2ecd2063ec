//! `hookpad` for JavaScript: a thin wasm-bindgen facade over `hookpad-core`. It checks and converts
//! values in and out and holds no logic of its own. Problems in the user's input come back as
//! diagnostics; only API misuse (an argument of the wrong type or shape) throws, as a `TypeError`
//! that names the argument (see `check`).
#![forbid(unsafe_code)]

mod check;
mod js_text;
mod template;
mod wire;

use hookpad_core::diagnostic::Source;
use hookpad_core::text::PositionEncoding;
use tsify::{Ts, Tsify as _};
use wasm_bindgen::prelude::*;

use check::Args;
pub use template::{compile, RenderData, Template};
pub use wire::*;

#[wasm_bindgen(typescript_custom_section)]
const JSON_VALUE: &str = r#"
/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/**
 * The data a template renders with: every value `JSON.stringify` accepts, objects typed by an
 * interface included. It is read as `JSON.stringify` sees it (functions and `undefined` drop out).
 */
export type RenderContext = null | boolean | number | string | object;
"#;

/// Shows a Rust panic's message in the console. Installed on the first call of any export, so
/// that no `start` function is exported.
fn install_panic_hook() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

/// An output that could not be converted to JavaScript (not expected to happen).
fn into_error(e: impl std::fmt::Display) -> js_sys::Error {
    js_sys::Error::new(&e.to_string())
}

const INPUT_KEYS: [&str; 10] = [
    "manifest",
    "templates",
    "event",
    "formValues",
    "dialect",
    "mode",
    "environments",
    "policy",
    "accesses",
    "integrationKey",
];
const DIALECTS: [&str; 2] = ["preview", "production"];

/// `templates`: template path -> template text.
fn templates(
    args: Args,
    (value, name): &(JsValue, String),
) -> Result<std::collections::BTreeMap<String, String>, js_sys::Error> {
    args.record(
        value,
        name,
        "an object mapping template paths to template text",
        |v, n| args.string(v, n, "the template's text (a string)"),
    )
}

fn dialect(
    args: Args,
    (value, name): &(JsValue, String),
) -> Result<hookpad_core::Dialect, js_sys::Error> {
    Ok(match args.one_of(value, name, &DIALECTS)? {
        "production" => hookpad_core::Dialect::Production,
        _ => hookpad_core::Dialect::Preview,
    })
}

/// `[{ resource, action }]`.
fn accesses(
    args: Args,
    (value, name): &(JsValue, String),
) -> Result<Vec<hookpad_core::simulate::Access>, js_sys::Error> {
    args.array(
        value,
        name,
        "an array of { resource, action } objects",
        "pass JSON.parse(accesses)",
        |item, name| {
            let f = args.object(
                item,
                name,
                "an object { resource, action }",
                &["resource", "action"],
            )?;
            let (resource, name) = f.get("resource")?;
            let resource = args.string(&resource, &name, "a resource specifier (a string)")?;
            let (action, name) = f.get("action")?;
            let action = args.string(&action, &name, "an action name (a string)")?;
            Ok(hookpad_core::simulate::Access { resource, action })
        },
    )
}

/// A statement list, as JSON text: its shape is the core's to diagnose.
fn statements(args: Args, (value, name): &(JsValue, String)) -> Result<String, js_sys::Error> {
    args.array(
        value,
        name,
        "an array of policy statements",
        &format!("pass JSON.parse({name})"),
        |_, _| Ok(()),
    )?;
    args.json_of(value, name)
}

/// `formValues`: form-variable key -> value (absent: none typed).
fn form_values(
    args: Args,
    value: Option<(JsValue, String)>,
) -> Result<serde_json::Map<String, serde_json::Value>, js_sys::Error> {
    let Some((value, name)) = value else {
        return Ok(serde_json::Map::new());
    };
    Ok(args
        .record(
            &value,
            &name,
            "an object mapping form-variable keys to values",
            |v, n| args.json_value(v, n),
        )?
        .into_iter()
        .collect())
}

/// `environments`: the keys an "all environments" event expands to.
fn environments(
    args: Args,
    value: Option<(JsValue, String)>,
) -> Result<Option<Vec<String>>, js_sys::Error> {
    let Some((value, name)) = value else {
        return Ok(None);
    };
    args.array(&value, &name, "an array of environment keys", "", |v, n| {
        args.string(v, n, "an environment key (a string)")
    })
    .map(Some)
}

const MATRIX_INPUT_KEYS: [&str; 7] = [
    "manifest",
    "templates",
    "formValues",
    "environments",
    "policy",
    "events",
    "integrationKey",
];

/// `integrationKey`: the integration's folder name, which one manifest rule depends on.
fn integration_key(args: Args, f: &check::Fields) -> Result<Option<String>, js_sys::Error> {
    match f.optional("integrationKey")? {
        Some((value, name)) => Ok(Some(args.string(
            &value,
            &name,
            "the integration's key, its folder's name (a string)",
        )?)),
        None => Ok(None),
    }
}

fn matrix_input(
    value: &JsValue,
) -> Result<
    (
        hookpad_core::SimulationInput,
        Vec<hookpad_core::matrix::NamedEvent>,
    ),
    js_sys::Error,
> {
    let args = Args::of("simulateAll");
    let f = args
        .object(
            value,
            "input",
            "an object { manifest, templates, events?, ... }",
            &MATRIX_INPUT_KEYS,
        )?
        .top_level();
    let (manifest, name) = f.get("manifest")?;
    let manifest = args.json_text(&manifest, &name)?;
    let templates = templates(args, &f.get("templates")?)?;
    let form_values = form_values(args, f.optional("formValues")?)?;
    let environments = environments(args, f.optional("environments")?)?;
    let policy = match f.optional("policy")? {
        Some(p) => Some(statements(args, &p)?),
        None => None,
    };
    let events = match f.optional("events")? {
        Some((value, name)) => args.array(
            &value,
            &name,
            "an array of { name, json } objects",
            "",
            |item, name| {
                let e = args.object(item, name, "an object { name, json }", &["name", "json"])?;
                let (event_name, n) = e.get("name")?;
                let event_name = args.string(&event_name, &n, "the event's name (a string)")?;
                let (json, n) = e.get("json")?;
                let json = args.json_text(&json, &n)?;
                Ok(hookpad_core::matrix::NamedEvent {
                    name: event_name,
                    json,
                })
            },
        )?,
        None => hookpad_core::matrix::sample_events(),
    };
    let integration_key = integration_key(args, &f)?;
    let input = hookpad_core::SimulationInput {
        manifest,
        templates,
        form_values,
        environments,
        policy,
        integration_key,
        encoding: PositionEncoding::Utf16,
        ..hookpad_core::SimulationInput::default()
    };
    Ok((input, events))
}

/// Every event at once — Hookpad's sample events, or `events` — in both dialects: a row per
/// event (route, sent and what decided, valid, problem counts), every branch of the audit-log hook
/// templates with the events that took it, and the routing keys no event reached.
///
/// # Errors
/// A `TypeError` when `input` or one of its keys has the wrong type.
#[wasm_bindgen(js_name = simulateAll)]
pub fn simulate_all(input: Ts<MatrixInput>) -> Result<Ts<Matrix>, js_sys::Error> {
    install_panic_hook();
    let (base, events) = matrix_input(&input.js_value())?;
    let matrix = hookpad_core::matrix::run(&base, &events);
    Matrix::from(&matrix).into_ts().map_err(into_error)
}

fn simulation_input(value: &JsValue) -> Result<hookpad_core::SimulationInput, js_sys::Error> {
    let args = Args::of("simulate");
    let f = args
        .object(
            value,
            "input",
            "an object { manifest, templates, event, ... }",
            &INPUT_KEYS,
        )?
        .top_level();
    let (manifest, name) = f.get("manifest")?;
    let manifest = args.json_text(&manifest, &name)?;
    let templates = templates(args, &f.get("templates")?)?;
    let (event, name) = f.get("event")?;
    let event = args.json_text(&event, &name)?;
    let form_values = form_values(args, f.optional("formValues")?)?;
    let dialect = match f.optional("dialect")? {
        Some(d) => dialect(args, &d)?,
        None => hookpad_core::Dialect::default(),
    };
    let mode = match f.optional("mode")? {
        Some((value, name)) => match args.one_of(&value, &name, &["event", "validation"])? {
            "validation" => hookpad_core::Mode::Validation,
            _ => hookpad_core::Mode::Event,
        },
        None => hookpad_core::Mode::default(),
    };
    let environments = environments(args, f.optional("environments")?)?;
    let policy = match f.optional("policy")? {
        Some(p) => Some(statements(args, &p)?),
        None => None,
    };
    let accesses = match f.optional("accesses")? {
        Some(a) => Some(accesses(args, &a)?),
        None => None,
    };
    let integration_key = integration_key(args, &f)?;
    Ok(hookpad_core::SimulationInput {
        manifest,
        templates,
        event,
        form_values,
        dialect,
        mode,
        environments,
        policy,
        accesses,
        integration_key,
        encoding: PositionEncoding::Utf16,
    })
}

/// Forgets the compiled templates Hookpad keeps between calls (it recompiles a template only
/// when its text changes). For benchmarks that measure compilation, or to free memory.
#[wasm_bindgen(js_name = clearCache)]
pub fn clear_cache() {
    install_panic_hook();
    hookpad_core::simulate::clear_caches();
}

/// The package version.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    install_panic_hook();
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The request LaunchDarkly would send for an event, whether it would be sent, and every problem.
///
/// # Errors
/// A `TypeError` when `input` or one of its keys has the wrong type; problems in the manifest,
/// templates, event or policy are diagnostics.
#[wasm_bindgen]
pub fn simulate(input: Ts<SimulationInput>) -> Result<Ts<Simulation>, js_sys::Error> {
    install_panic_hook();
    let core_input = simulation_input(&input.js_value())?;
    let sim = hookpad_core::simulate(&core_input);
    let mut out = Simulation::from(&sim);
    // Statements given as objects have no text of their own: their problems are located by pointer.
    for (d, core) in out.diagnostics.iter_mut().zip(&sim.diagnostics) {
        if core.source == Source::Policy {
            d.line = None;
            d.column = None;
            d.end_line = None;
            d.end_column = None;
        }
    }
    out.into_ts().map_err(into_error)
}

/// Manifest checks plus every sample event rendered in both dialects.
///
/// # Errors
/// A `TypeError` when `files` or one of its keys has the wrong type.
#[wasm_bindgen(js_name = lintIntegration)]
pub fn lint_integration(files: Ts<IntegrationFiles>) -> Result<Vec<Ts<Diagnostic>>, js_sys::Error> {
    install_panic_hook();
    let args = Args::of("lintIntegration");
    let f = args
        .object(
            &files.js_value(),
            "files",
            "an object { manifest, templates }",
            &["manifest", "templates", "integrationKey"],
        )?
        .top_level();
    let (manifest, name) = f.get("manifest")?;
    let manifest = args.json_text(&manifest, &name)?;
    let templates = templates(args, &f.get("templates")?)?;
    let core_files = hookpad_core::integration_lint::IntegrationFiles {
        manifest,
        templates,
        integration_key: integration_key(args, &f)?,
    };
    hookpad_core::integration_lint::lint_integration(&core_files, PositionEncoding::Utf16)
        .iter()
        .map(|d| Diagnostic::from(d).into_ts().map_err(into_error))
        .collect()
}

/// Decides each access against the statements, with a trace per statement.
///
/// # Errors
/// A `TypeError` when `statements` is not an array or `accesses` is not an array of
/// `{ resource, action }` strings; problems in the statements are diagnostics.
#[wasm_bindgen(js_name = evaluatePolicy)]
pub fn evaluate_policy(
    #[wasm_bindgen(unchecked_param_type = "Statement[]")] statements: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Access[]")] accesses: JsValue,
) -> Result<Ts<PolicyResult>, js_sys::Error> {
    install_panic_hook();
    let args = Args::of("evaluatePolicy");
    let text = self::statements(args, &(statements, "statements".to_owned()))?;
    let accesses = self::accesses(args, &(accesses, "accesses".to_owned()))?;
    let origin = hookpad_core::policy::Origin {
        source: Source::Policy,
        pointer: String::new(),
    };
    let mut diags = Vec::new();
    let parsed = hookpad_core::policy::load(&text, &origin, &mut diags);
    let pairs: Vec<hookpad_core::policy::Pair> = accesses
        .iter()
        .map(|a| hookpad_core::policy::Pair {
            resource: hookpad_core::policy::parse::resource(&a.resource),
            action: a.action.clone(),
        })
        .collect();
    let result = hookpad_core::policy::evaluate(&parsed, &pairs);
    let out = PolicyResult {
        pairs: result.pairs.iter().map(PairDecision::from).collect(),
        sent: result.sent,
        diagnostics: diags
            .iter()
            .map(|d| Diagnostic {
                line: None,
                column: None,
                end_line: None,
                end_column: None,
                ..Diagnostic::from(d)
            })
            .collect(),
    };
    out.into_ts().map_err(into_error)
}

/// Renders one template with a context, as the dialect's engine would (default `preview`).
///
/// # Errors
/// A `TypeError` when an argument has the wrong type. An `Error` when the template fails to
/// render (a syntax error, a strict-mode miss in preview, a helper error), with the message
/// handlebars.js gives where Hookpad matches it, ending with ` - line:column` when it has a location.
#[wasm_bindgen]
pub fn render(
    #[wasm_bindgen(unchecked_param_type = "string")] template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RenderContext")] context: JsValue,
    options: Option<Ts<RenderOptions>>,
) -> Result<String, js_sys::Error> {
    install_panic_hook();
    let args = Args::of("render");
    let source = args.string(&template, "template", "the template's text (a string)")?;
    let mut dialect = hookpad_core::Dialect::default();
    let mut json_escape = false;
    if let Some(options) = options {
        let f = args.object(
            &options.js_value(),
            "options",
            "an object { dialect?, jsonEscape? }",
            &["dialect", "jsonEscape"],
        )?;
        if let Some(d) = f.optional("dialect")? {
            dialect = self::dialect(args, &d)?;
        }
        json_escape = template::json_escape(args, &f)?;
    }
    let data = template::context_data(args, &context, json_escape)?;
    hookpad_core::render::render_with(&source, &data, dialect)
        .map_err(|f| template::render_error(&f, &source))
}

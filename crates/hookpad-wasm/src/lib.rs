//! `hookpad` for JavaScript: a thin wasm-bindgen facade over `hookpad-core`. It converts values in
//! and out and holds no logic of its own. Problems in the user's input come back as diagnostics;
//! only API misuse (values of the wrong shape) throws.
#![forbid(unsafe_code)]

mod wire;

use hookpad_core::diagnostic::Source;
use hookpad_core::text::PositionEncoding;
use tsify::{Ts, Tsify as _};
use wasm_bindgen::prelude::*;

pub use wire::*;

#[wasm_bindgen(typescript_custom_section)]
const JSON_VALUE: &str = r#"
/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
"#;

/// Installs the panic hook so that a Rust panic shows its message in the console.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

fn into_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Forgets the compiled templates Hookpad keeps between calls (it recompiles a template only
/// when its text changes). For benchmarks that measure compilation, or to free memory.
#[wasm_bindgen(js_name = clearCache)]
pub fn clear_cache() {
    hookpad_core::simulate::clear_caches();
}

/// The package version.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The request LaunchDarkly would send for an event, whether it would be sent, and every problem.
///
/// # Errors
/// `input` does not have the shape of `SimulationInput`.
#[wasm_bindgen]
pub fn simulate(input: Ts<SimulationInput>) -> Result<Ts<Simulation>, JsError> {
    let input: SimulationInput = input.to_rust().map_err(into_error)?;
    let policy = match &input.policy {
        Some(statements) => Some(serde_json::to_string(statements).map_err(into_error)?),
        None => None,
    };
    let core_input = hookpad_core::SimulationInput {
        manifest: input.manifest,
        templates: input.templates,
        event: input.event,
        form_values: input.form_values.unwrap_or_default(),
        dialect: input.dialect.map(Into::into).unwrap_or_default(),
        mode: input.mode.map(Into::into).unwrap_or_default(),
        environments: input.environments,
        policy,
        accesses: input.accesses.map(|list| {
            list.into_iter()
                .map(|a| hookpad_core::simulate::Access {
                    resource: a.resource,
                    action: a.action,
                })
                .collect()
        }),
        encoding: PositionEncoding::Utf16,
    };
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
/// `files` does not have the shape of `IntegrationFiles`.
#[wasm_bindgen(js_name = lintIntegration)]
pub fn lint_integration(files: Ts<IntegrationFiles>) -> Result<Vec<Ts<Diagnostic>>, JsError> {
    let files: IntegrationFiles = files.to_rust().map_err(into_error)?;
    let core_files = hookpad_core::lint::IntegrationFiles {
        manifest: files.manifest,
        templates: files.templates,
    };
    hookpad_core::lint::lint_integration(&core_files, PositionEncoding::Utf16)
        .iter()
        .map(|d| Diagnostic::from(d).into_ts().map_err(into_error))
        .collect()
}

/// Decides each access against the statements, with a trace per statement.
///
/// # Errors
/// The arguments do not have the shapes of `Statement[]` and `Access[]`.
#[wasm_bindgen(js_name = evaluatePolicy)]
pub fn evaluate_policy(
    statements: Vec<Ts<Statement>>,
    accesses: Vec<Ts<Access>>,
) -> Result<Ts<PolicyResult>, JsError> {
    let statements: Vec<Statement> = statements
        .into_iter()
        .map(|s| s.to_rust())
        .collect::<Result<_, _>>()
        .map_err(into_error)?;
    let accesses: Vec<Access> = accesses
        .into_iter()
        .map(|a| a.to_rust())
        .collect::<Result<_, _>>()
        .map_err(into_error)?;
    let text = serde_json::to_string(&statements).map_err(into_error)?;
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

/// Renders one template with a context, as the dialect's engine would.
///
/// # Errors
/// The template fails to render (a syntax error, a strict-mode miss in preview, a helper error):
/// the error's message is handlebars.js's, ending with ` - line:column` when it has a location.
#[wasm_bindgen]
pub fn render(
    template: &str,
    #[wasm_bindgen(unchecked_param_type = "JsonValue")] context: JsValue,
    options: Option<Ts<RenderOptions>>,
) -> Result<String, JsError> {
    let options: RenderOptions = match options {
        Some(o) => o.to_rust().map_err(into_error)?,
        None => RenderOptions::default(),
    };
    let data: serde_json::Value = serde_wasm_bindgen::from_value(context).map_err(into_error)?;
    let data = if options.json_escape.unwrap_or(false) {
        hookpad_core::context::json_escape_strings(&data)
    } else {
        data
    };
    let dialect: hookpad_core::Dialect = options.dialect.map(Into::into).unwrap_or_default();
    hookpad_core::render::render(template, data, dialect)
        .map_err(|f| JsError::new(&f.handlebars_js_message(template)))
}

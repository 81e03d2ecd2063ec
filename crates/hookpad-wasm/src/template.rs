//! Compile once, render many times: `compile()` gives a `Template`, and `RenderData` is a context
//! converted once, for renders that reuse the same data (converting a context — `JSON.stringify`,
//! the copy into the module, the parse — costs more than a render of a typical template).

use hookpad_core::render::{Compiled, Dialect};
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::check::{self, Args};
use crate::{dialect, install_panic_hook, CompileOptions, DataOptions};

/// The error `render()` throws for a fault in `source`: handlebars.js's message where Hookpad
/// matches it, ending with ` - line:column` when it has a location.
pub(crate) fn render_error(
    fault: &hookpad_core::render::RenderFault,
    source: &str,
) -> js_sys::Error {
    js_sys::Error::new(&fault.handlebars_js_message(source))
}

/// `jsonEscape` of a `{ jsonEscape? }` options argument (absent, like the options: `false`).
fn json_escape_option(args: Args, options: Option<&JsValue>) -> Result<bool, js_sys::Error> {
    let Some(options) = options else {
        return Ok(false);
    };
    let f = args.object(
        options,
        "options",
        "an object { jsonEscape? }",
        &["jsonEscape"],
    )?;
    json_escape(args, &f)
}

/// The `jsonEscape` key of an options object (absent: `false`).
pub(crate) fn json_escape(args: Args, f: &check::Fields) -> Result<bool, js_sys::Error> {
    let Some((value, name)) = f.optional("jsonEscape")? else {
        return Ok(false);
    };
    value.as_bool().ok_or_else(|| {
        args.error(&format!(
            "`{name}` must be a boolean; got {}",
            check::kind(&value)
        ))
    })
}

/// `context` as the root of a render: read as `JSON.stringify` sees it (`undefined` is `null`),
/// with every string JSON-escaped first when `json_escape`.
pub(crate) fn context_data(
    args: Args,
    context: &JsValue,
    json_escape: bool,
) -> Result<hookpad_core::render::RenderData, js_sys::Error> {
    let mut data = if context.is_undefined() {
        serde_json::Value::Null
    } else {
        args.json_value(context, "context")?
    };
    if json_escape {
        hookpad_core::context::json_escape_in_place(&mut data);
    }
    Ok(hookpad_core::render::RenderData::new(data))
}

/// A template compiled for one dialect, by `compile()`.
#[wasm_bindgen]
pub struct Template {
    compiled: Compiled,
    dialect: Dialect,
    /// The text, for the line and column of error messages.
    source: String,
}

/// Compiles a template for a dialect (default `preview`), to render it again and again.
///
/// # Errors
/// A `TypeError` when an argument has the wrong type; an `Error` with the syntax error (the
/// message `render()` gives). handlebars.js reports a syntax error at the first render instead.
#[wasm_bindgen]
pub fn compile(
    #[wasm_bindgen(unchecked_param_type = "string")] template: JsValue,
    options: Option<Ts<CompileOptions>>,
) -> Result<Template, js_sys::Error> {
    install_panic_hook();
    let args = Args::of("compile");
    let source = args.string(&template, "template", "the template's text (a string)")?;
    let mut chosen = Dialect::default();
    if let Some(options) = options {
        let f = args.object(
            &options.js_value(),
            "options",
            "an object { dialect? }",
            &["dialect"],
        )?;
        if let Some(d) = f.optional("dialect")? {
            chosen = dialect(args, &d)?;
        }
    }
    let compiled =
        hookpad_core::render::compile(&source, chosen).map_err(|f| render_error(&f, &source))?;
    Ok(Template {
        compiled,
        dialect: chosen,
        source,
    })
}

#[wasm_bindgen]
impl Template {
    /// Renders with `context` (converted on each call; for the same context again and again,
    /// convert it once with `new RenderData(context)` and use `renderData`).
    ///
    /// # Errors
    /// A `TypeError` when an argument has the wrong type; an `Error` when the template fails to
    /// render, as `render()` throws.
    pub fn render(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RenderContext")] context: JsValue,
        options: Option<Ts<DataOptions>>,
    ) -> Result<String, js_sys::Error> {
        install_panic_hook();
        let args = Args::of("Template.render");
        let json_escape = json_escape_option(args, options.map(|o| o.js_value()).as_ref())?;
        let data = context_data(args, &context, json_escape)?;
        self.run(&data)
    }

    /// Renders with a context converted once by `new RenderData(context)`.
    ///
    /// # Errors
    /// An `Error` when the template fails to render, as `render()` throws.
    #[wasm_bindgen(js_name = renderData)]
    pub fn render_data(&self, data: &RenderData) -> Result<String, js_sys::Error> {
        install_panic_hook();
        self.run(&data.data)
    }

    /// The dialect the template was compiled for.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn dialect(&self) -> String {
        self.dialect.name().to_owned()
    }

    fn run(&self, data: &hookpad_core::render::RenderData) -> Result<String, js_sys::Error> {
        self.compiled
            .render_with(data, self.dialect)
            .map_err(|f| render_error(&f, &self.source))
    }
}

/// A render context converted once, for `Template.renderData` to use again and again.
#[wasm_bindgen]
pub struct RenderData {
    data: hookpad_core::render::RenderData,
}

#[wasm_bindgen]
impl RenderData {
    /// Converts `context` (read as `JSON.stringify` sees it); `jsonEscape` JSON-escapes every
    /// string first, as LaunchDarkly does for `.json(.hbs)` templates.
    ///
    /// # Errors
    /// A `TypeError` when `context` has no JSON form or `options` has the wrong type.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RenderContext")] context: JsValue,
        options: Option<Ts<DataOptions>>,
    ) -> Result<RenderData, js_sys::Error> {
        install_panic_hook();
        let args = Args::of("new RenderData");
        let json_escape = json_escape_option(args, options.map(|o| o.js_value()).as_ref())?;
        Ok(Self {
            data: context_data(args, &context, json_escape)?,
        })
    }
}

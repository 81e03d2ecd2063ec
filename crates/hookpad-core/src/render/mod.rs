//! Rendering templates the way each reference engine does (SPEC §3.5–3.6).
//!
//! One engine for both dialects: our own tokenizer and whitespace pass ([`syntax`],
//! [`whitespace`]), the `handlebars` crate for expressions and evaluation, and our helpers
//! ([`helpers`]) for everything whose semantics differ between handlebars.js and raymond.

mod build;
pub mod helpers;
pub mod syntax;
pub mod value;
pub mod whitespace;

use std::sync::OnceLock;

use handlebars::{
    Context, Handlebars, RenderContext, RenderErrorReason, Renderable, StringOutput, Template,
};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::text::{LineIndex, PositionEncoding, TextRange};

/// Which engine's behaviour to reproduce.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Dialect {
    /// handlebars.js 4.7.7 in strict mode, as `npm run preview` renders.
    #[default]
    Preview,
    /// Go raymond, as LaunchDarkly's production service renders.
    Production,
}

impl Dialect {
    pub const ALL: [Dialect; 2] = [Dialect::Preview, Dialect::Production];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Preview => "preview",
            Dialect::Production => "production",
        }
    }
}

/// Why a render failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderFaultReason {
    /// Strict mode: a path resolved to nothing.
    #[error("\"{name}\" not defined in {parent}")]
    MissingField { name: String, parent: String },
    /// A call to a helper that does not exist.
    #[error("Missing helper: \"{0}\"")]
    MissingHelper(String),
    /// JavaScript would throw while evaluating the template (e.g. reading a property of `undefined`).
    #[error("TypeError: {0}")]
    TypeError(String),
    /// The template does not parse.
    #[error("{0}")]
    Syntax(String),
    /// A helper rejected its arguments.
    #[error("{helper}: {message}")]
    Helper {
        helper: &'static str,
        message: String,
    },
    /// The rendering engine failed in a way Hookpad does not model.
    #[error("{0}")]
    Engine(String),
}

/// A failed render: the reason, and where in the template it happened when that is known.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct RenderFault {
    pub reason: RenderFaultReason,
    pub range: Option<TextRange>,
}

impl RenderFault {
    fn at_offset(reason: RenderFaultReason, offset: Option<usize>) -> Self {
        Self {
            reason,
            range: offset.map(TextRange::empty),
        }
    }

    /// The message as handlebars.js words it, with its ` - line:column` suffix (1-based line,
    /// 0-based column in UTF-16 units) when the fault has a location.
    #[must_use]
    pub fn handlebars_js_message(&self, source: &str) -> String {
        match self.range {
            Some(range) => {
                let at =
                    LineIndex::new(source).line_col(source, range.start, PositionEncoding::Utf16);
                format!("{} - {}:{}", self.reason, at.line, at.column - 1)
            }
            None => self.reason.to_string(),
        }
    }
}

/// A template compiled for one dialect.
#[derive(Clone, Debug)]
pub struct Compiled {
    template: Template,
}

/// Parses and builds `source` for `dialect`.
///
/// # Errors
/// A syntax error, with its range in `source`.
pub fn compile(source: &str, dialect: Dialect) -> Result<Compiled, RenderFault> {
    let syntax_fault = |e: syntax::SyntaxError| RenderFault {
        reason: RenderFaultReason::Syntax(e.message),
        range: Some(e.range),
    };
    let mut program = syntax::parse(source).map_err(syntax_fault)?;
    let neighbours = match dialect {
        Dialect::Preview => whitespace::Neighbours::Original,
        Dialect::Production => whitespace::Neighbours::Stripped,
    };
    whitespace::apply(&mut program, neighbours);
    let template = build::build(&program, dialect).map_err(syntax_fault)?;
    Ok(Compiled { template })
}

fn registry(dialect: Dialect) -> &'static Handlebars<'static> {
    static PREVIEW: OnceLock<Handlebars<'static>> = OnceLock::new();
    static PRODUCTION: OnceLock<Handlebars<'static>> = OnceLock::new();
    let cell = match dialect {
        Dialect::Preview => &PREVIEW,
        Dialect::Production => &PRODUCTION,
    };
    cell.get_or_init(|| {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(false);
        helpers::register_builtins(&mut registry, dialect);
        registry
    })
}

impl Compiled {
    /// Renders with `data` as the root context.
    ///
    /// # Errors
    /// A strict-mode miss, a missing helper or a helper error, with its location when known.
    pub fn render(&self, data: Json, dialect: Dialect) -> Result<String, RenderFault> {
        let registry = registry(dialect);
        let context = Context::from(data);
        let mut rc = RenderContext::new(None);
        let mut out = StringOutput::new();
        self.template
            .render(registry, &context, &mut rc, &mut out)
            .map_err(into_fault)?;
        out.into_string().map_err(|e| RenderFault {
            reason: RenderFaultReason::Engine(e.to_string()),
            range: None,
        })
    }
}

fn into_fault(error: handlebars::RenderError) -> RenderFault {
    if let RenderErrorReason::NestedError(inner) = error.reason() {
        if let Some(fault) = inner.downcast_ref::<RenderFault>() {
            return fault.clone();
        }
    }
    RenderFault {
        reason: RenderFaultReason::Engine(error.reason().to_string()),
        range: None,
    }
}

/// Compiles and renders in one step.
///
/// # Errors
/// See [`compile`] and [`Compiled::render`].
pub fn render(source: &str, data: Json, dialect: Dialect) -> Result<String, RenderFault> {
    compile(source, dialect)?.render(data, dialect)
}

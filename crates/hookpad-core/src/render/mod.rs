//! Rendering templates the way each reference engine does (SPEC §3.5–3.6).
//!
//! One engine for both dialects: a template is parsed once ([`syntax`], each tag's expression
//! into a tree), its whitespace controlled ([`whitespace`]), compiled once for the dialect
//! ([`compile`]) and rendered directly from that compiled form ([`eval`], [`helpers`]) against
//! borrowed data. Compiled templates are kept by text (`cache`); a simulation, which wants both
//! dialects, builds them from one parse.

mod cache;
mod compile;
pub mod coverage;
mod eval;
pub mod helpers;
pub mod limits;
mod run;
mod scope;
pub mod syntax;
pub mod value;
pub mod whitespace;

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::text::{LineIndex, PositionEncoding, TextRange};

pub use cache::{
    clear_cache, compile_both_cached, compile_both_cached_with_tree, compile_cached,
    first_compile_fault, BothDialects,
};

/// Which engine's behaviour to reproduce.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
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

    /// The dialect's place in [`Dialect::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        match self {
            Dialect::Preview => 0,
            Dialect::Production => 1,
        }
    }

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
    /// The render produced more than the output limit.
    #[error("the output is larger than {} MB: rendering stopped", limits::MAX_OUTPUT_BYTES / (1024 * 1024))]
    OutputTooLarge,
    /// The render ran more loop iterations than the limit.
    #[error("the template ran more than {0} loop iterations: rendering stopped")]
    TooManyIterations(u64),
    /// The caller's deadline passed while the template looped (see [`limits::within_deadline`]).
    #[error("the time allowed for this render ran out: rendering stopped")]
    DeadlinePassed,
    /// A helper was called with the wrong number of arguments.
    #[error("{helper} takes {expected} argument(s) but was given {given}")]
    HelperArity {
        helper: String,
        expected: usize,
        given: usize,
    },
    /// A subexpression calls a helper that does not exist (`(unknown x)`).
    #[error("the template engine rejected the call to `{helper}`")]
    RejectedCall { helper: String },
}

/// A failed render: the reason, and where in the template it happened when that is known.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct RenderFault {
    pub reason: RenderFaultReason,
    /// What Hookpad marks in the template.
    pub range: Option<TextRange>,
    /// Where handlebars.js reports the fault, when that is not `range` (a block never closed is
    /// marked at its opening tag; handlebars.js's parser gives up at the end of the template).
    pub reported_at: Option<TextRange>,
}

impl RenderFault {
    /// A fault with no place in the template (a limit, an engine failure).
    pub(crate) fn unlocated(reason: RenderFaultReason) -> Self {
        Self {
            reason,
            range: None,
            reported_at: None,
        }
    }

    fn at_offset(reason: RenderFaultReason, offset: Option<usize>) -> Self {
        Self {
            reason,
            range: offset.map(TextRange::empty),
            reported_at: None,
        }
    }

    /// The message as handlebars.js words it, with its ` - line:column` suffix (1-based line,
    /// 0-based column in UTF-16 units) when the fault has a location.
    #[must_use]
    pub fn handlebars_js_message(&self, source: &str) -> String {
        match self.reported_at.or(self.range) {
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
    program: Rc<compile::Program>,
}

/// Parses and builds `source` for `dialect`.
///
/// # Errors
/// A syntax error, with its range in `source`.
pub fn compile(source: &str, dialect: Dialect) -> Result<Compiled, RenderFault> {
    compile_program(source, dialect, |_| {})
}

/// Parses `source`, applies `dialect`'s whitespace pass, lets `adjust` change the tree (branch
/// coverage adds its markers there) and builds the result.
fn compile_program(
    source: &str,
    dialect: Dialect,
    adjust: impl FnOnce(&mut syntax::Program),
) -> Result<Compiled, RenderFault> {
    let program = syntax::parse(source).map_err(syntax_fault)?;
    build(program, dialect, adjust)
}

/// Applies `dialect`'s whitespace pass to a parsed template, lets `adjust` change the tree and
/// builds the result.
fn build(
    mut program: syntax::Program,
    dialect: Dialect,
    adjust: impl FnOnce(&mut syntax::Program),
) -> Result<Compiled, RenderFault> {
    let neighbours = match dialect {
        Dialect::Preview => whitespace::Neighbours::Original,
        Dialect::Production => whitespace::Neighbours::Stripped,
    };
    whitespace::apply(&mut program, neighbours);
    adjust(&mut program);
    let compiled = compile::compile(&program, dialect).map_err(syntax_fault)?;
    Ok(Compiled {
        program: Rc::new(compiled),
    })
}

/// A syntax error as a render fault, at its range in the template.
fn syntax_fault(e: syntax::SyntaxError) -> RenderFault {
    RenderFault {
        reason: RenderFaultReason::Syntax(e.message),
        range: Some(e.range),
        reported_at: e.reported_at,
    }
}

/// A render context built once and used for any number of renders (large events are not copied
/// again for each template).
pub struct RenderData(Json);

impl RenderData {
    #[must_use]
    pub fn new(data: Json) -> Self {
        Self(data)
    }
}

impl Compiled {
    /// Renders with `data` as the root context.
    ///
    /// # Errors
    /// A strict-mode miss, a missing helper or a helper error, with its location when known.
    pub fn render(&self, data: Json, dialect: Dialect) -> Result<String, RenderFault> {
        self.render_with(&RenderData::new(data), dialect)
    }

    /// Renders with a prepared context.
    ///
    /// # Errors
    /// See [`Compiled::render`].
    pub fn render_with(&self, data: &RenderData, dialect: Dialect) -> Result<String, RenderFault> {
        let mut renderer = eval::Renderer::new(&data.0, dialect);
        limits::reset_iterations();
        run::reset();
        let mut result = renderer.program(&self.program);
        if result.is_ok() {
            // A number or boolean the main program ends with (`{{{a}}}{{{b}}}`).
            result = renderer.out.write("");
        }
        if renderer.out.overflowed() {
            return Err(RenderFault::unlocated(RenderFaultReason::OutputTooLarge));
        }
        result?;
        renderer
            .out
            .finish()
            .ok_or(RenderFault::unlocated(RenderFaultReason::OutputTooLarge))
    }
}

/// Compiles and renders in one step.
///
/// # Errors
/// See [`compile`] and [`Compiled::render`].
pub fn render(source: &str, data: Json, dialect: Dialect) -> Result<String, RenderFault> {
    render_with(source, &RenderData::new(data), dialect)
}

/// Compiles and renders with a prepared context.
///
/// # Errors
/// See [`compile`] and [`Compiled::render`].
pub fn render_with(
    source: &str,
    data: &RenderData,
    dialect: Dialect,
) -> Result<String, RenderFault> {
    match &*compile_cached(source, dialect) {
        Ok(compiled) => compiled.render_with(data, dialect),
        Err(fault) => Err(fault.clone()),
    }
}

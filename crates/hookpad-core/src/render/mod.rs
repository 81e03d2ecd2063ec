//! Rendering templates the way each reference engine does (SPEC §3.5–3.6).
//!
//! One engine for both dialects: our own tokenizer and whitespace pass ([`syntax`],
//! [`whitespace`]), the `handlebars` crate for expressions and evaluation, and our helpers
//! ([`helpers`]) for everything whose semantics differ between handlebars.js and raymond.

mod build;
pub mod coverage;
pub mod helpers;
pub mod limits;
mod rewrite;
mod run;
pub mod syntax;
pub mod value;
pub mod whitespace;

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::OnceLock;

use handlebars::{Context, Handlebars, RenderContext, RenderErrorReason, Renderable, Template};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::text::{LineIndex, PositionEncoding, TextRange};

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
    /// A helper was called with the wrong number of arguments.
    #[error("{helper} takes {expected} argument(s) but was given {given}")]
    HelperArity {
        helper: String,
        expected: usize,
        given: usize,
    },
    /// The `handlebars` crate could not walk a path (a name on an array, a path it does not
    /// parse). Hookpad resolves every path itself, so this is a path it handed over unresolved.
    #[error("the template engine cannot read the path `{path}`")]
    InvalidPath { path: String },
    /// The `handlebars` crate rejected a call Hookpad built (a missing parameter or helper, a
    /// parameter of the wrong type, a block without a body).
    #[error("the template engine rejected the call to `{helper}`")]
    RejectedCall { helper: String },
    /// A partial or decorator reached the `handlebars` crate (the parser refuses them).
    #[error("partials and decorators are not supported in integration templates")]
    Unsupported,
    /// The `handlebars` crate failed on its own (its template, serialization or UTF-8 errors):
    /// a bug in Hookpad's use of it.
    #[error("the template engine failed")]
    Internal,
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
    template: Template,
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
    let syntax_fault = |e: syntax::SyntaxError| RenderFault {
        reason: RenderFaultReason::Syntax(e.message),
        range: Some(e.range),
        reported_at: e.reported_at,
    };
    let mut program = syntax::parse(source).map_err(syntax_fault)?;
    let neighbours = match dialect {
        Dialect::Preview => whitespace::Neighbours::Original,
        Dialect::Production => whitespace::Neighbours::Stripped,
    };
    whitespace::apply(&mut program, neighbours);
    adjust(&mut program);
    let template = build::build(&program, dialect).map_err(syntax_fault)?;
    Ok(Compiled { template })
}

/// Compiled templates by (dialect, text): a page re-simulates on every keystroke, and most
/// templates have not changed since the last one. Bounded by the total size of the sources kept.
struct Cache {
    entries: HashMap<(Dialect, String), Rc<Result<Compiled, RenderFault>>>,
    order: VecDeque<(Dialect, String)>,
    bytes: usize,
}

/// The most template source the cache keeps.
const CACHE_BYTES: usize = 4 * 1024 * 1024;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache {
        entries: HashMap::new(),
        order: VecDeque::new(),
        bytes: 0,
    });
}

/// [`compile`], remembering the result for the same text and dialect.
#[must_use]
pub fn compile_cached(source: &str, dialect: Dialect) -> Rc<Result<Compiled, RenderFault>> {
    let key = (dialect, source.to_owned());
    if let Some(hit) = CACHE.with(|c| c.borrow().entries.get(&key).cloned()) {
        return hit;
    }
    let compiled = Rc::new(compile(source, dialect));
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if source.len() > CACHE_BYTES {
            return;
        }
        while cache.bytes + source.len() > CACHE_BYTES {
            let Some(old) = cache.order.pop_front() else {
                break;
            };
            cache.bytes -= old.1.len();
            cache.entries.remove(&old);
        }
        cache.bytes += source.len();
        cache.order.push_back(key.clone());
        cache.entries.insert(key, Rc::clone(&compiled));
    });
    compiled
}

/// Forgets every cached template (for benchmarks that measure compilation, and to free memory).
pub fn clear_cache() {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        cache.entries.clear();
        cache.order.clear();
        cache.bytes = 0;
    });
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

/// A render context built once and used for any number of renders (large events are not copied
/// again for each template).
pub struct RenderData(Context);

impl RenderData {
    #[must_use]
    pub fn new(data: Json) -> Self {
        Self(Context::from(data))
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
        let registry = registry(dialect);
        let context = &data.0;
        let mut rc = RenderContext::new(None);
        let mut out = limits::LimitedOutput::default();
        limits::reset_iterations();
        run::reset();
        let mut result = self.template.render(registry, context, &mut rc, &mut out);
        if result.is_ok() {
            // A number or boolean the main program ends with (`{{{a}}}{{{b}}}`).
            result = handlebars::Output::write(&mut out, "").map_err(Into::into);
        }
        if out.overflowed() {
            return Err(RenderFault::unlocated(RenderFaultReason::OutputTooLarge));
        }
        result.map_err(into_fault)?;
        out.finish()
            .ok_or(RenderFault::unlocated(RenderFaultReason::OutputTooLarge))
    }
}

/// A render error as a fault: Hookpad's own faults travel through the crate as nested errors;
/// each of the crate's own errors maps to what it means here.
fn into_fault(error: handlebars::RenderError) -> RenderFault {
    let reason = match error.reason() {
        RenderErrorReason::NestedError(inner) => match inner.downcast_ref::<RenderFault>() {
            Some(fault) => return fault.clone(),
            None => RenderFaultReason::Internal,
        },
        // The only output that fails to write is the size-limited one.
        RenderErrorReason::IOError(_) => RenderFaultReason::OutputTooLarge,
        RenderErrorReason::InvalidJsonPath(path) | RenderErrorReason::InvalidJsonIndex(path) => {
            RenderFaultReason::InvalidPath { path: path.clone() }
        }
        RenderErrorReason::HelperNotFound(helper) => RenderFaultReason::RejectedCall {
            helper: helper.clone(),
        },
        RenderErrorReason::ParamNotFoundForIndex(helper, _)
        | RenderErrorReason::ParamNotFoundForName(helper, _)
        | RenderErrorReason::ParamTypeMismatchForName(helper, _, _)
        | RenderErrorReason::HashTypeMismatchForName(helper, _, _)
        | RenderErrorReason::InvalidParamType(helper) => RenderFaultReason::RejectedCall {
            helper: (*helper).to_owned(),
        },
        RenderErrorReason::TemplateNotFound(_)
        | RenderErrorReason::PartialNotFound(_)
        | RenderErrorReason::PartialBlockNotFound
        | RenderErrorReason::DecoratorNotFound(_)
        | RenderErrorReason::CannotIncludeSelf
        | RenderErrorReason::Unimplemented => RenderFaultReason::Unsupported,
        _ => RenderFaultReason::Internal,
    };
    RenderFault::unlocated(reason)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_engine_error_maps_to_its_own_reason() {
        let reason = |e: RenderErrorReason| into_fault(e.into()).reason;
        assert_eq!(
            reason(RenderErrorReason::InvalidJsonIndex("name".to_owned())),
            RenderFaultReason::InvalidPath {
                path: "name".to_owned()
            }
        );
        assert_eq!(
            reason(RenderErrorReason::ParamNotFoundForIndex("lookup", 1)),
            RenderFaultReason::RejectedCall {
                helper: "lookup".to_owned()
            }
        );
        assert_eq!(
            reason(RenderErrorReason::PartialNotFound("p".to_owned())),
            RenderFaultReason::Unsupported
        );
        assert_eq!(
            reason(RenderErrorReason::IOError(std::io::Error::other("full"))),
            RenderFaultReason::OutputTooLarge
        );
        assert_eq!(
            reason(RenderErrorReason::Other("x".to_owned())),
            RenderFaultReason::Internal
        );
        let fault =
            RenderFault::at_offset(RenderFaultReason::MissingHelper("x".to_owned()), Some(3));
        assert_eq!(
            into_fault(RenderErrorReason::NestedError(Box::new(fault.clone())).into()),
            fault
        );
    }
}

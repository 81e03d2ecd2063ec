//! Template helpers, one per file, each a small struct that knows its dialect.
//!
//! [`register_builtins`] registers every helper of SPEC §3.5 plus the internal helpers the
//! template builder (`super::build`) emits (`__value`, `__print`, `__section`, `__missing_helper`).
//! Built-in helpers of the `handlebars` crate are replaced: their semantics (truthiness, key order,
//! strict mode) differ from both reference engines.

mod basic_auth_header_value;
mod depths;
mod each;
mod equal;
mod format_with_offset;
mod r#if;
mod lookup;
mod missing_helper;
mod path;
mod path_encode;
mod print;
mod program;
mod query_encode;
mod section;
mod with;

use std::borrow::Cow;

use handlebars::{
    BlockContext, Context, Handlebars, Helper, PathAndJson, RenderContext, RenderError,
    RenderErrorReason,
};
use serde_json::Value as Json;

use super::{Dialect, RenderFault, RenderFaultReason};
use program::{render_helper_part, render_part};

/// The names of every helper a template may call, as written in templates.
pub const PUBLIC_HELPERS: [&str; 11] = [
    "if",
    "unless",
    "each",
    "with",
    "lookup",
    "equal",
    "equalWithElse",
    "pathEncode",
    "queryEncode",
    "basicAuthHeaderValue",
    "formatWithOffset",
];

/// Registers all helpers for `dialect` on `registry`.
pub fn register_builtins(registry: &mut Handlebars<'static>, dialect: Dialect) {
    registry.register_helper(
        "if",
        Box::new(r#if::If {
            dialect,
            negate: false,
        }),
    );
    registry.register_helper(
        "unless",
        Box::new(r#if::If {
            dialect,
            negate: true,
        }),
    );
    registry.register_helper("each", Box::new(each::Each { dialect }));
    registry.register_helper("with", Box::new(with::With { dialect }));
    registry.register_helper("lookup", Box::new(lookup::Lookup { dialect }));
    registry.register_helper(
        "equal",
        Box::new(equal::Equal {
            dialect,
            with_else: dialect == Dialect::Preview,
        }),
    );
    registry.register_helper(
        "equalWithElse",
        Box::new(equal::Equal {
            dialect,
            with_else: true,
        }),
    );
    registry.register_helper("pathEncode", Box::new(path_encode::PathEncode { dialect }));
    registry.register_helper(
        "queryEncode",
        Box::new(query_encode::QueryEncode { dialect }),
    );
    registry.register_helper(
        "basicAuthHeaderValue",
        Box::new(basic_auth_header_value::BasicAuthHeaderValue { dialect }),
    );
    registry.register_helper(
        "formatWithOffset",
        Box::new(format_with_offset::FormatWithOffset { dialect }),
    );
    registry.register_helper(
        "__value",
        Box::new(print::Value {
            dialect,
            escape: true,
        }),
    );
    registry.register_helper(
        "__value_raw",
        Box::new(print::Value {
            dialect,
            escape: false,
        }),
    );
    registry.register_helper(
        "__print",
        Box::new(print::Print {
            dialect,
            escape: true,
        }),
    );
    registry.register_helper(
        "__print_raw",
        Box::new(print::Print {
            dialect,
            escape: false,
        }),
    );
    registry.register_helper("__section", Box::new(section::Section { dialect }));
    registry.register_helper("__missing_helper", Box::new(missing_helper::MissingHelper));
    registry.register_helper("__helper_arity", Box::new(missing_helper::HelperArity));
    registry.register_helper("__path", Box::new(path::LookupPath { dialect }));
    registry.register_helper("__undefined", Box::new(path::Undefined));
    registry.register_helper("__above_root", Box::new(missing_helper::AboveRoot));
}

/// Parameter `index`, or `None` when it is absent or its path resolved to nothing (`undefined`).
fn arg<'a>(h: &'a Helper<'_>, index: usize) -> Option<&'a Json> {
    h.param(index)
        .filter(|p| !p.is_value_missing())
        .map(PathAndJson::value)
}

/// A render error carrying a Hookpad fault.
fn fault(reason: RenderFaultReason, offset: Option<usize>) -> RenderError {
    RenderErrorReason::NestedError(Box::new(RenderFault::at_offset(reason, offset))).into()
}

/// A helper's error about its own arguments.
fn helper_error(helper: &'static str, message: impl Into<String>) -> RenderError {
    fault(
        RenderFaultReason::Helper {
            helper,
            message: message.into(),
        },
        None,
    )
}

/// Parameter `index` as a path looked up lazily: the builder passes paths as string literals to
/// the printing and section helpers, with the path's offset after it. `None` when (preview) the
/// path is `..` above the root, `undefined`; a longer path above the root is an error.
fn lazy_path<'rc>(
    h: &Helper<'rc>,
    index: usize,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
    dialect: Dialect,
) -> Result<Option<PathAndJson<'rc>>, RenderError> {
    let Some(raw) = climbed(str_param(h, index), usize_param(h, index + 1), rc, dialect)? else {
        return Ok(None);
    };
    let raw = raw.into_owned();
    let value = path::resolve(&raw, ctx, rc, dialect, context_depth(h));
    Ok(Some(PathAndJson::new(Some(raw), value)))
}

/// `raw` as the crate looks it up: in preview its `../` steps become the block levels of
/// handlebars.js's depths ([`depths::translate`]). `None` when it climbs above the root to
/// `undefined`; an error when it reads a name there (printed at `offset`, see
/// [`missing_helper::above_root`]).
fn climbed<'a>(
    raw: &'a str,
    offset: Option<usize>,
    rc: &RenderContext<'_, '_>,
    dialect: Dialect,
) -> Result<Option<Cow<'a, str>>, RenderError> {
    if dialect == Dialect::Production {
        return Ok(Some(Cow::Borrowed(raw)));
    }
    match depths::translate(raw, rc) {
        Some(raw) => Ok(Some(raw)),
        None => missing_helper::above_root(raw, offset).map_or(Ok(None), Err),
    }
}

/// `depth=N`: how many enclosing blocks change the context (production; see `path::resolve`).
fn context_depth(h: &Helper<'_>) -> usize {
    h.hash_get("depth")
        .and_then(|d| d.value().as_u64())
        .and_then(|d| usize::try_from(d).ok())
        .unwrap_or(0)
}

/// A string literal the builder passed as parameter `index` (a path, a helper's name); empty when
/// absent.
fn str_param<'a>(h: &'a Helper<'_>, index: usize) -> &'a str {
    h.param(index)
        .and_then(|p| p.value().as_str())
        .unwrap_or_default()
}

/// A number the builder passed as parameter `index`: the source offset it appends as the last
/// parameter (`__value path 123`), or an arity.
fn usize_param(h: &Helper<'_>, index: usize) -> Option<usize> {
    h.param(index)
        .and_then(|p| p.value().as_u64())
        .and_then(|o| usize::try_from(o).ok())
}

/// A block context whose `this` is the parameter's value (by path when it has one).
fn block_for<'rc>(param: &PathAndJson<'rc>) -> BlockContext<'rc> {
    let mut block = BlockContext::new();
    if let Some(path) = param.context_path() {
        block.base_path_mut().clone_from(path);
    } else {
        block.set_base_value(param.value().clone());
    }
    block
}

//! Template helpers, one per file, and the one table ([`HELPERS`]) of what a template may call:
//! each helper's name, its arity and how each dialect checks it, and whether its block changes
//! the context. The compiler, the renderer, the template checks and the simulation's hints all
//! read this table.
//!
//! The rest of this module is what the renderer needs beyond helpers: path lookup as each
//! dialect does it ([`path`]), printing and strict mode's errors ([`print`]), sections
//! ([`section`]), programs and handlebars.js's `+` ([`program`]), `../` depths ([`depths`]).

mod basic_auth_header_value;
pub(super) mod depths;
pub(super) mod each;
mod equal;
mod format_with_offset;
mod r#if;
mod lookup;
pub(super) mod missing_helper;
pub(super) mod path;
mod path_encode;
pub(super) mod print;
pub(super) mod program;
mod query_encode;
pub(super) mod section;
mod with;

pub use format_with_offset::format_millis;
pub use path_encode::encode_uri;
pub use query_encode::encode_uri_component;

use serde_json::Value as Json;

use super::compile::{BlockStep, Call};
use super::eval::Renderer;
use super::scope::Val;
use super::{RenderFault, RenderFaultReason};

/// A helper a template may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Helper {
    If,
    Unless,
    Each,
    With,
    Lookup,
    Equal,
    EqualWithElse,
    PathEncode,
    QueryEncode,
    BasicAuthHeaderValue,
    FormatWithOffset,
}

/// What the table says of one helper.
#[derive(Clone, Copy, Debug)]
pub struct HelperInfo {
    /// As written in templates.
    pub name: &'static str,
    pub helper: Helper,
    /// How many positional arguments it takes.
    pub arity: usize,
    /// Whether handlebars.js checks the arity (raymond always does).
    pub arity_checked_in_preview: bool,
    /// Whether its block renders with another `this` (`#each`, `#with`).
    pub changes_context: bool,
    /// Whether it renders a block (else it gives a value).
    pub block: bool,
}

const fn info(
    name: &'static str,
    helper: Helper,
    arity: usize,
    arity_checked_in_preview: bool,
    changes_context: bool,
    block: bool,
) -> HelperInfo {
    HelperInfo {
        name,
        helper,
        arity,
        arity_checked_in_preview,
        changes_context,
        block,
    }
}

/// Every helper of SPEC §3.5.
pub const HELPERS: [HelperInfo; 11] = [
    info("if", Helper::If, 1, true, false, true),
    info("unless", Helper::Unless, 1, true, false, true),
    info("each", Helper::Each, 1, false, true, true),
    info("with", Helper::With, 1, true, true, true),
    info("lookup", Helper::Lookup, 2, false, false, false),
    info("equal", Helper::Equal, 2, false, false, true),
    info(
        "equalWithElse",
        Helper::EqualWithElse,
        2,
        false,
        false,
        true,
    ),
    info("pathEncode", Helper::PathEncode, 1, false, false, false),
    info("queryEncode", Helper::QueryEncode, 1, false, false, false),
    info(
        "basicAuthHeaderValue",
        Helper::BasicAuthHeaderValue,
        2,
        false,
        false,
        false,
    ),
    info(
        "formatWithOffset",
        Helper::FormatWithOffset,
        3,
        false,
        false,
        false,
    ),
];

/// The names of every helper a template may call, as written in templates.
pub const PUBLIC_HELPERS: [&str; 11] = {
    let mut names = [""; 11];
    let mut i = 0;
    while i < HELPERS.len() {
        names[i] = HELPERS[i].name;
        i += 1;
    }
    names
};

/// The helper `name` names, if any.
#[must_use]
pub fn find(name: &str) -> Option<Helper> {
    HELPERS.iter().find(|h| h.name == name).map(|h| h.helper)
}

impl Helper {
    /// This helper's row of [`HELPERS`].
    #[must_use]
    pub fn info(self) -> &'static HelperInfo {
        // Every variant has its row: `find` is built from the table, and the table lists each
        // variant once; the fallback row is never reached.
        HELPERS
            .iter()
            .find(|h| h.helper == self)
            .unwrap_or(&HELPERS[0])
    }
}

/// A call's evaluated arguments: `None` for a parameter that resolved to nothing (`undefined`).
pub struct Args<'a> {
    pub params: Vec<Option<Val<'a>>>,
    pub hash: Vec<(&'a str, Option<Val<'a>>)>,
}

impl<'a> Args<'a> {
    /// Parameter `index`, or `None` when it is absent or resolved to nothing.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&Json> {
        self.params.get(index).and_then(Option::as_deref)
    }

    /// Parameter `index` as a value the renderer can keep.
    #[must_use]
    pub fn val(&self, index: usize) -> Option<Val<'a>> {
        self.params.get(index).cloned().flatten()
    }

    /// Whether parameter `index` is written at all.
    #[must_use]
    pub fn written(&self, index: usize) -> bool {
        index < self.params.len()
    }

    #[must_use]
    pub fn hash_get(&self, key: &str) -> Option<&Json> {
        self.hash
            .iter()
            .find_map(|(k, v)| (*k == key).then_some(v))
            .and_then(Option::as_deref)
    }
}

/// A helper's value (a call in a tag or a subexpression). A block helper called for a value
/// renders nothing: its value is `""`.
///
/// # Errors
/// A helper's own error (an invalid date).
pub fn value<'a>(
    call: &Call,
    args: &Args<'a>,
    r: &Renderer<'a>,
) -> Result<Option<Val<'a>>, RenderFault> {
    let dialect = r.dialect;
    Ok(match call.helper {
        Helper::Lookup => lookup::call(args, dialect),
        Helper::PathEncode => Some(Val::made(path_encode::call(args, dialect))),
        Helper::QueryEncode => Some(Val::made(query_encode::call(args, dialect))),
        Helper::BasicAuthHeaderValue => {
            Some(Val::made(basic_auth_header_value::call(args, dialect)))
        }
        Helper::FormatWithOffset => Some(Val::made(format_with_offset::call(args, dialect)?)),
        Helper::If
        | Helper::Unless
        | Helper::Each
        | Helper::With
        | Helper::Equal
        | Helper::EqualWithElse => Some(Val::made(Json::String(String::new()))),
    })
}

/// A block helper's block. A helper that gives a value, written as a block, prints its value
/// and ignores the block.
///
/// # Errors
/// A fault while rendering the block.
pub fn block<'a>(
    r: &mut Renderer<'a>,
    step: &'a BlockStep,
    call: &'a Call,
    args: &Args<'a>,
) -> Result<(), RenderFault> {
    match call.helper {
        Helper::If => r#if::render(r, step, args, false),
        Helper::Unless => r#if::render(r, step, args, true),
        Helper::Each => each::render(r, step, args),
        Helper::With => with::render(r, step, args),
        Helper::Equal => equal::render(r, step, args, r.dialect == super::Dialect::Preview),
        Helper::EqualWithElse => equal::render(r, step, args, true),
        _ => {
            // A value helper called as a block: both engines append what it returns as it is,
            // not HTML-escaped (handlebars.js's compiled block adds the helper's result to the
            // buffer; raymond's `VisitBlock` returns it and `VisitProgram` writes its `Str`).
            let v = value(call, args, r)?;
            let text = v
                .map(|v| super::value::print(&v, r.dialect).into_owned())
                .unwrap_or_default();
            r.out.write(&text)
        }
    }
}

/// A fault located at `offset` of the template.
#[must_use]
pub fn fault(reason: RenderFaultReason, offset: Option<usize>) -> RenderFault {
    RenderFault::at_offset(reason, offset)
}

/// A helper's error about its own arguments.
#[must_use]
pub fn helper_error(helper: &'static str, message: impl Into<String>) -> RenderFault {
    fault(
        RenderFaultReason::Helper {
            helper,
            message: message.into(),
        },
        None,
    )
}

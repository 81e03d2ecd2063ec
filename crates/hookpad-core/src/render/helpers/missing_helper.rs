//! Stands in for a call to a helper that does not exist (preview only: handlebars.js throws
//! `Missing helper`; raymond renders nothing, so production emits nothing for it).

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
};

use super::{fault, str_param, usize_param};
use crate::render::syntax::path_segments;
use crate::render::RenderFaultReason;

pub struct MissingHelper;

impl HelperDef for MissingHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        _: &mut dyn Output,
    ) -> HelperResult {
        let name = str_param(h, 0).to_owned();
        Err(fault(
            RenderFaultReason::MissingHelper(name),
            usize_param(h, 1),
        ))
    }
}

/// Stands in for a helper call with the wrong number of arguments (see the builder).
pub struct HelperArity;

impl HelperDef for HelperArity {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        _: &mut dyn Output,
    ) -> HelperResult {
        let reason = RenderFaultReason::HelperArity {
            helper: str_param(h, 0).to_owned(),
            expected: usize_param(h, 1).unwrap_or(0),
            given: usize_param(h, 2).unwrap_or(0),
        };
        Err(fault(reason, usize_param(h, 3)))
    }
}

/// Stands in for a path whose `../` steps climb above the root (preview): handlebars.js reads
/// `undefined` there. A printed `{{../a}}` is strict mode's `"a" not defined in undefined`
/// (`__above_root "../a" OFFSET`); anything else reads a property of `undefined`, a `TypeError`.
pub struct AboveRoot;

impl HelperDef for AboveRoot {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        _: &mut dyn Output,
    ) -> HelperResult {
        match above_root(str_param(h, 0), usize_param(h, 1)) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

/// The error of reading `raw`, whose `../` steps climb above the root, where handlebars.js has
/// `undefined`: printed at `offset`, a single name is `"a" not defined in undefined`; any other
/// read is a `TypeError`. `None` for the climb alone (`..`, `../this`): `undefined`, no error.
pub(super) fn above_root(raw: &str, offset: Option<usize>) -> Option<RenderError> {
    let mut segments: Vec<String> = path_segments(raw)
        .into_iter()
        .filter(|s| s != "..")
        .collect();
    if segments.first().is_some_and(|s| s == "this") {
        segments.remove(0);
    }
    let first = segments.first().cloned()?;
    Some(match offset {
        Some(offset) if segments.len() == 1 => fault(
            RenderFaultReason::MissingField {
                name: first,
                parent: "undefined".to_owned(),
            },
            Some(offset),
        ),
        _ => fault(
            RenderFaultReason::TypeError(format!(
                "Cannot read properties of undefined (reading '{first}')"
            )),
            None,
        ),
    })
}

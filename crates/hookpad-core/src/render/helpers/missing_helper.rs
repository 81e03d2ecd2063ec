//! Errors of reading what handlebars.js does not have: a path whose `../` steps climb above the
//! root (preview). A call to a helper that does not exist is the renderer's
//! [`crate::render::compile::Step::MissingHelper`] (preview: handlebars.js throws
//! `Missing helper`; raymond renders nothing, so production compiles nothing for it).

use super::fault;
use crate::render::syntax::Path;
use crate::render::{RenderFault, RenderFaultReason};

/// The error of reading `path`, whose `../` steps climb above the root, where handlebars.js has
/// `undefined`: printed at `offset`, a single name is `"a" not defined in undefined`; any other
/// read is a `TypeError`. `None` for the climb alone (`..`, `../this`): `undefined`, no error.
#[must_use]
pub fn above_root(path: &Path, offset: Option<usize>) -> Option<RenderFault> {
    let first = path.parts.first().cloned()?;
    Some(match offset {
        Some(offset) if path.parts.len() == 1 => fault(
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

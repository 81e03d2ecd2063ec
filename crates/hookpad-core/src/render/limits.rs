//! Bounds on a single render, so that no template can freeze or exhaust the page: the output size
//! and the number of loop iterations. Both are far above what real integrations produce (their
//! bodies are a few kilobytes; their loops run over tags and custom-property values).

use std::cell::Cell;

use super::{RenderFault, RenderFaultReason};

/// The largest body a render may produce.
pub const MAX_OUTPUT_BYTES: usize = 10 * 1024 * 1024;

/// The most `#each` (and array-section) iterations one render may run, over all loops.
pub const MAX_ITERATIONS: u64 = 250_000;

/// The deepest nesting of blocks a template may have.
pub const MAX_BLOCK_DEPTH: usize = 100;

/// The deepest nesting of parentheses (subexpressions) in one tag.
pub const MAX_SUBEXPRESSION_DEPTH: usize = 32;

thread_local! {
    static ITERATIONS_LEFT: Cell<u64> = const { Cell::new(MAX_ITERATIONS) };
}

/// Starts a render's iteration budget.
pub fn reset_iterations() {
    ITERATIONS_LEFT.with(|left| left.set(MAX_ITERATIONS));
}

/// Spends one loop iteration.
///
/// # Errors
/// The render has run [`MAX_ITERATIONS`] iterations.
pub fn spend_iteration() -> Result<(), RenderFault> {
    ITERATIONS_LEFT.with(|left| match left.get().checked_sub(1) {
        Some(rest) => {
            left.set(rest);
            Ok(())
        }
        None => Err(RenderFault::unlocated(
            RenderFaultReason::TooManyIterations(MAX_ITERATIONS),
        )),
    })
}

/// A string output that refuses to grow past [`MAX_OUTPUT_BYTES`].
#[derive(Default)]
pub struct LimitedOutput {
    buffer: String,
    overflowed: bool,
}

impl LimitedOutput {
    /// The text, or `None` when the limit was hit.
    #[must_use]
    pub fn finish(self) -> Option<String> {
        (!self.overflowed).then_some(self.buffer)
    }

    #[must_use]
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }
}

impl LimitedOutput {
    /// Appends `seg` (after any values held back for handlebars.js's `+`, see `super::run`).
    ///
    /// # Errors
    /// The output would pass [`MAX_OUTPUT_BYTES`].
    pub fn write(&mut self, seg: &str) -> Result<(), RenderFault> {
        let before = self.buffer.len();
        super::run::before_write(&mut self.buffer);
        if self.buffer.len() + seg.len() > MAX_OUTPUT_BYTES {
            self.buffer.truncate(before);
            self.overflowed = true;
            return Err(RenderFault::unlocated(RenderFaultReason::OutputTooLarge));
        }
        self.buffer.push_str(seg);
        Ok(())
    }
}

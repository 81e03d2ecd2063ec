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

/// How many loop iterations pass between two readings of a deadline's clock.
const ITERATIONS_PER_CLOCK_READING: u64 = 64;

/// A time after which loops stop: `clock` reads the time in milliseconds.
#[derive(Clone, Copy)]
struct Deadline {
    clock: fn() -> f64,
    at: f64,
}

thread_local! {
    static ITERATIONS_LEFT: Cell<u64> = const { Cell::new(MAX_ITERATIONS) };
    static DEADLINE: Cell<Option<Deadline>> = const { Cell::new(None) };
    static DEADLINE_PASSED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` (any number of renders and simulations) with a deadline, for a caller that would
/// rather give up than wait: the page, simulating on its own thread, which no one can stop. Every
/// loop reads `clock` now and then; once it is past `at`, every loop stops with
/// [`RenderFaultReason::DeadlinePassed`] until `work` returns. Returns `work`'s result and whether
/// the deadline passed (the result is then incomplete). Loops are the only work a template can
/// multiply; without them a render's work is bounded by its inputs' sizes.
pub fn within_deadline<T>(clock: fn() -> f64, at: f64, work: impl FnOnce() -> T) -> (T, bool) {
    /// Lifts the deadline however `work` ends.
    struct Lift;
    impl Drop for Lift {
        fn drop(&mut self) {
            DEADLINE.with(|d| d.set(None));
        }
    }
    DEADLINE.with(|d| d.set(Some(Deadline { clock, at })));
    DEADLINE_PASSED.with(|p| p.set(false));
    let lift = Lift;
    let result = work();
    drop(lift);
    (result, DEADLINE_PASSED.with(Cell::get))
}

/// Whether the deadline (if any) has passed, reading its clock when `left` says it is time to.
fn deadline_passed(left: u64) -> bool {
    DEADLINE.with(Cell::get).is_some_and(|deadline| {
        DEADLINE_PASSED.with(|passed| {
            if !passed.get()
                && left % ITERATIONS_PER_CLOCK_READING == 0
                && (deadline.clock)() > deadline.at
            {
                passed.set(true);
            }
            passed.get()
        })
    })
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
            if deadline_passed(rest) {
                return Err(RenderFault::unlocated(RenderFaultReason::DeadlinePassed));
            }
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

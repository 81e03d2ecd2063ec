//! handlebars.js's `+` between adjacent outputs (preview).
//!
//! handlebars.js 4.7.7 compiles a program's adjacent outputs (text, `{{x}}`, `{{{x}}}`, blocks
//! with a helper) into one JavaScript `+` expression (`mergeSource` in javascript-compiler.js), and
//! a block's body returns that expression's value. `{{x}}` and text are strings, but `{{{x}}}`
//! appends the raw value, so a run that *starts* with numbers or booleans adds them: `{{{a}}}{{{b}}}`
//! with 1 and 2 prints `3`. A section (`{{#a.b}}`, `blockHelperMissing`) breaks the run: the
//! program then keeps a `buffer` that starts as `""` or as the value of a first run (its
//! `appendFirst`), adds each run (`buffer += a + b`) and each section's value, and returns
//! `buffer + a + b` after its last section; a program that is one section alone returns the
//! section's value.
//!
//! Hookpad renders into one output, so each program being rendered keeps a frame here: a value
//! that may still be added to is held back (pending) until a string follows it, when everything
//! held back is written in order (any string makes the whole expression a string).

use std::cell::RefCell;

use serde_json::Value as Json;

use super::value;

/// What a program (or an output in it) gave: a number or boolean not yet written, or a string
/// (already written).
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Prim(Json),
    Str,
}

/// A JavaScript value being built with `+`.
#[derive(Clone, Debug, Default, PartialEq)]
enum Acc {
    /// No operand yet.
    #[default]
    Nothing,
    /// A number or boolean, not written yet.
    Pending(Json),
    /// A string, all of it written.
    Written,
}

#[derive(Default)]
struct Frame {
    /// The run of outputs being added (before the program's first section: the program's value).
    run: Acc,
    /// `buffer`, once the program has met a section.
    buffer: Option<Acc>,
    /// After the program's last section outputs are added to `buffer` directly.
    last_run: bool,
}

impl Frame {
    fn target(&mut self) -> &mut Acc {
        match (&mut self.buffer, self.last_run) {
            (Some(buffer), true) => buffer,
            _ => &mut self.run,
        }
    }

    fn value(self) -> Outcome {
        match self.buffer.unwrap_or(self.run) {
            Acc::Pending(v) => Outcome::Prim(v),
            Acc::Nothing | Acc::Written => Outcome::Str,
        }
    }
}

thread_local! {
    static FRAMES: RefCell<Vec<Frame>> = const { RefCell::new(Vec::new()) };
    /// Text decided but not written yet: written before the next output, in order.
    static QUEUE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Starts a render: one frame for the template's main program.
pub fn reset() {
    FRAMES.with(|f| {
        let mut frames = f.borrow_mut();
        frames.clear();
        frames.push(Frame::default());
    });
    QUEUE.with(|q| q.borrow_mut().clear());
}

/// JavaScript's `a + b` of two numbers or booleans.
fn plus(a: &Json, b: &Json) -> Json {
    let n = |v: &Json| match v {
        Json::Bool(b) => f64::from(u8::from(*b)),
        other => other.as_f64().unwrap_or(f64::NAN),
    };
    serde_json::Number::from_f64(n(a) + n(b)).map_or(Json::Null, Json::Number)
}

fn text(v: &Json) -> String {
    value::print(v, super::Dialect::Preview).into_owned()
}

fn queue(text: &str) {
    QUEUE.with(|q| q.borrow_mut().push_str(text));
}

/// Everything held back in `frames` becomes a string: queued in order (outer programs first,
/// `buffer` before the run).
fn flush(frames: &mut [Frame]) {
    for frame in frames {
        for acc in [frame.buffer.as_mut(), Some(&mut frame.run)]
            .into_iter()
            .flatten()
        {
            if let Acc::Pending(v) = acc {
                queue(&text(v));
                *acc = Acc::Written;
            }
        }
    }
}

/// Called before any text is written: the current expression becomes a string, so everything
/// held back is written first, to `out`.
pub fn before_write(out: &mut String) {
    FRAMES.with(|f| {
        let mut frames = f.borrow_mut();
        flush(&mut frames);
        if let Some(top) = frames.last_mut() {
            *top.target() = Acc::Written;
        }
    });
    QUEUE.with(|q| {
        let mut queue = q.borrow_mut();
        out.push_str(&queue);
        queue.clear();
    });
}

/// Adds a number or boolean to the current program's expression.
pub fn add_prim(v: &Json) {
    FRAMES.with(|f| {
        let mut frames = f.borrow_mut();
        let Some(frame) = frames.last_mut() else {
            return;
        };
        let target = frame.target();
        match target {
            Acc::Nothing => *target = Acc::Pending(v.clone()),
            Acc::Pending(p) => *p = plus(p, v),
            Acc::Written => queue(&text(v)),
        }
    });
}

/// Starts rendering a block's program.
pub fn begin() {
    FRAMES.with(|f| f.borrow_mut().push(Frame::default()));
}

/// Ends the program started by [`begin`] and gives its value.
#[must_use]
pub fn end() -> Outcome {
    FRAMES.with(|f| f.borrow_mut().pop().map_or(Outcome::Str, Frame::value))
}

/// A section starts in the current program (one that is not the section alone): the run so far
/// goes into `buffer`.
pub fn section_start() {
    FRAMES.with(|f| {
        let mut frames = f.borrow_mut();
        let Some((frame, outer)) = frames.split_last_mut() else {
            return;
        };
        let run = std::mem::take(&mut frame.run);
        let buffer = match (frame.buffer.take(), run) {
            // `var buffer = ""`: the program's value is a string.
            (None, Acc::Nothing) => {
                flush(outer);
                Acc::Written
            }
            // `var buffer = <first run>` (appendFirst).
            (None, run) => run,
            (Some(buffer), Acc::Nothing) => buffer,
            (Some(Acc::Pending(b)), Acc::Pending(r)) => Acc::Pending(plus(&b, &r)),
            (Some(_), Acc::Pending(r)) => {
                queue(&text(&r));
                Acc::Written
            }
            // A run that is a string was written after `buffer` (see `before_write`).
            (Some(_), Acc::Written) => Acc::Written,
        };
        frame.buffer = Some(buffer);
    });
}

/// The section started by [`section_start`] gave `outcome` (`buffer += value`); `last` when no
/// section follows it in its program.
pub fn section_end(outcome: &Outcome, last: bool) {
    FRAMES.with(|f| {
        let mut frames = f.borrow_mut();
        let Some((frame, outer)) = frames.split_last_mut() else {
            return;
        };
        frame.last_run = last;
        let buffer = frame.buffer.get_or_insert(Acc::Written);
        match (&mut *buffer, outcome) {
            (Acc::Pending(b), Outcome::Prim(v)) => *b = plus(b, v),
            (Acc::Written | Acc::Nothing, Outcome::Prim(v)) => queue(&text(v)),
            (_, Outcome::Str) => {
                flush(outer);
                if let Acc::Pending(b) = &*buffer {
                    queue(&text(b));
                }
                *buffer = Acc::Written;
            }
        }
    });
}

//! `use_matrix`: every event at once, in a worker of its own (so a long matrix never delays the
//! live result), run only while the matrix is open, [`DEBOUNCE_MS`] after the last change (never
//! per keystroke), or at once when asked to run again. A run over [`TIME_LIMIT_MS`] is stopped by
//! terminating the worker.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use hookpad_core::matrix::Matrix;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::worker::{self, Running};
use crate::browser;
use crate::protocol::{self, MatrixReply, MatrixRequest};

/// How long after the last change the matrix is run again.
pub const DEBOUNCE_MS: u32 = 400;

/// How long one matrix may take before its worker is stopped.
pub const TIME_LIMIT_MS: u32 = 10_000;

/// What the matrix shows.
#[derive(Clone, Debug, PartialEq)]
pub enum MatrixOutcome {
    /// Not run yet (closed, or waiting for the first result).
    Waiting,
    /// `job` numbers the results; `elapsed_ms` is from posting the request to the reply.
    Ready {
        matrix: Rc<Matrix>,
        events: usize,
        elapsed_ms: f64,
        job: u64,
    },
    Stopped {
        limit_ms: u32,
    },
    NoWorker,
}

impl Reducible for MatrixOutcome {
    type Action = MatrixOutcome;

    fn reduce(self: Rc<Self>, action: MatrixOutcome) -> Rc<Self> {
        Rc::new(action)
    }
}

/// A request as the page holds it: the same `Rc` while its inputs are unchanged, so comparing
/// two is comparing pointers (not the templates and events).
#[derive(Clone, Debug)]
pub struct Request(pub Rc<MatrixRequest>);

impl PartialEq for Request {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct Engine {
    worker: Option<Running>,
    ready: bool,
    /// When the job in the worker was posted.
    in_flight: Option<f64>,
    /// The newest request not yet posted.
    pending: Option<MatrixRequest>,
    next_id: u64,
    watchdog: Option<Timeout>,
    debounce: Option<Timeout>,
    report: UseReducerDispatcher<MatrixOutcome>,
}

type Shared = Rc<RefCell<Engine>>;

/// Posts the pending request if the worker is free (starting one if there is none).
fn pump(engine: &Shared) {
    let mut e = engine.borrow_mut();
    if e.worker.is_none() {
        e.worker = worker::spawn(engine, received);
        e.ready = false;
        if e.worker.is_none() {
            e.report.dispatch(MatrixOutcome::NoWorker);
            return;
        }
    }
    if !e.ready || e.in_flight.is_some() {
        return;
    }
    let Some(request) = e.pending.take() else {
        return;
    };
    let Ok(json) = serde_json::to_string(&request) else {
        return;
    };
    let message = js_sys::Array::of2(
        &JsValue::from_str(protocol::MATRIX),
        &JsValue::from_str(&json),
    );
    let posted = e
        .worker
        .as_ref()
        .is_some_and(|(worker, _)| worker.post_message(&message).is_ok());
    if !posted {
        return;
    }
    e.in_flight = Some(browser::now());
    let weak = Rc::downgrade(engine);
    e.watchdog = Some(Timeout::new(TIME_LIMIT_MS, move || {
        if let Some(engine) = weak.upgrade() {
            timed_out(&engine);
        }
    }));
}

fn received(engine: &Shared, text: &str) {
    {
        let mut e = engine.borrow_mut();
        if text == protocol::READY {
            e.ready = true;
        } else if let Ok(reply) = serde_json::from_str::<MatrixReply>(text) {
            let started = e.in_flight.take().unwrap_or_else(browser::now);
            e.watchdog = None;
            e.report.dispatch(MatrixOutcome::Ready {
                matrix: Rc::new(reply.matrix),
                events: reply.events,
                elapsed_ms: browser::now() - started,
                job: reply.id,
            });
        }
    }
    pump(engine);
}

fn timed_out(engine: &Shared) {
    {
        let mut e = engine.borrow_mut();
        if let Some((worker, _)) = e.worker.take() {
            worker.terminate();
        }
        e.ready = false;
        e.in_flight = None;
        e.watchdog = None;
        e.report.dispatch(MatrixOutcome::Stopped {
            limit_ms: TIME_LIMIT_MS,
        });
    }
    if engine.borrow().pending.is_some() {
        pump(engine);
    }
}

/// Queues `request` (numbered here), replacing any request not yet posted.
fn submit(engine: &Shared, mut request: MatrixRequest) {
    {
        let mut e = engine.borrow_mut();
        e.next_id += 1;
        request.id = e.next_id;
        e.pending = Some(request);
    }
    pump(engine);
}

/// The matrix of `request` (`None` while the matrix is closed), run [`DEBOUNCE_MS`] after it
/// last changed, or at once when `run_now` changes.
#[hook]
pub fn use_matrix(request: Option<Request>, run_now: u64) -> Rc<MatrixOutcome> {
    let outcome = use_reducer(|| MatrixOutcome::Waiting);
    let report = outcome.dispatcher();
    let engine: Rc<RefCell<Option<Shared>>> = use_mut_ref(|| None);
    let shared = engine
        .borrow_mut()
        .get_or_insert_with(|| {
            Rc::new(RefCell::new(Engine {
                worker: None,
                ready: false,
                in_flight: None,
                pending: None,
                next_id: 0,
                watchdog: None,
                debounce: None,
                report,
            }))
        })
        .clone();
    {
        let shared = shared.clone();
        let request = request.clone();
        use_effect_with(request, move |request| {
            let Some(request) = request.clone() else {
                shared.borrow_mut().debounce = None;
                return;
            };
            let weak = Rc::downgrade(&shared);
            // The first run after opening starts at once.
            let first = shared.borrow().next_id == 0;
            let run = move || {
                if let Some(engine) = weak.upgrade() {
                    engine.borrow_mut().debounce = None;
                    submit(&engine, (*request.0).clone());
                }
            };
            if first {
                run();
            } else {
                shared.borrow_mut().debounce = Some(Timeout::new(DEBOUNCE_MS, run));
            }
        });
    }
    use_effect_with(run_now, move |run_now| {
        if *run_now > 0 {
            if let Some(request) = request {
                shared.borrow_mut().debounce = None;
                submit(&shared, (*request.0).clone());
            }
        }
    });
    Rc::new((*outcome).clone())
}

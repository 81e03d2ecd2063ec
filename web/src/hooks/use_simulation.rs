//! `use_simulation`: runs each simulation on the page itself when its inputs are small and it
//! finishes within [`HERE_DEADLINE_MS`] (the result is drawn in the frame of the keystroke), and
//! otherwise in a Web Worker: newest input wins, and a run that takes longer than
//! [`TIME_LIMIT_MS`] is stopped by terminating the worker and starting a fresh one. Each job
//! carries only what changed since the last one that side received (see [`crate::protocol`]); a
//! fresh worker gets everything.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use hookpad_core::render::limits::within_deadline;
use hookpad_core::request::Request;
use hookpad_core::simulate::Simulation;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::worker::{self, Running};
use crate::browser;
use crate::path_value::Root;
use crate::protocol::{self, HoverReply, HoverRequest, Inputs, Reply, Sent, Session};

/// How long one simulation may take before the worker is stopped.
pub const TIME_LIMIT_MS: u32 = 2_000;

/// Inputs up to this size (manifest, templates and event together) are simulated on the page
/// first: parsing them takes a few milliseconds at most.
const HERE_MAX_BYTES: usize = 256 * 1024;

/// A simulation on the page that is still running after this long is abandoned (its loops stop,
/// see [`hookpad_core::render::limits::within_deadline`]) and the job goes to the worker, which
/// takes the following jobs too ...
const HERE_DEADLINE_MS: f64 = 12.0;

/// ... until one of them takes the worker at most this long (well within the deadline: the page
/// runs the same module as fast).
const HERE_AGAIN_MS: f64 = 8.0;

/// What the outputs show.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Nothing has come back yet.
    Waiting,
    /// `job` numbers the results, so tests and benchmarks can tell a new one from the last.
    Ready {
        simulation: Rc<Simulation>,
        /// The request the exports show, when it differs (secrets left out).
        export_request: Option<Rc<Request>>,
        elapsed_ms: f64,
        job: u64,
        /// What it was computed from: squiggles go only on these texts.
        inputs: Rc<Inputs>,
    },
    /// The last run took longer than the limit and was stopped.
    Stopped { limit_ms: u32 },
    /// The browser refused to start the worker.
    NoWorker,
}

impl Reducible for Outcome {
    type Action = Outcome;

    fn reduce(self: Rc<Self>, action: Outcome) -> Rc<Self> {
        Rc::new(action)
    }
}

/// The page's side of the worker.
struct Engine {
    worker: Option<Running>,
    /// The worker has said it is listening.
    ready: bool,
    /// The job in the worker: its id, when it was posted and its inputs.
    in_flight: Option<(u64, f64, Rc<Inputs>)>,
    /// The newest job not yet posted (older ones are dropped: only the latest input matters).
    pending: Option<(u64, Inputs)>,
    /// What this worker has received.
    sent: Sent,
    next_id: u64,
    watchdog: Option<Timeout>,
    report: UseReducerDispatcher<Outcome>,
    /// Hover questions posted to this worker, by id: the function that resolves each one's promise.
    hovers: HashMap<u64, js_sys::Function>,
    next_hover: u64,
    /// The page's own simulation session, and what it has received.
    here: Session,
    here_sent: Sent,
    /// The latest job ran on the page: hover questions are answered there (the worker may hold
    /// older inputs).
    latest_here: bool,
    /// A simulation on the page overran [`HERE_DEADLINE_MS`]: jobs go to the worker until one
    /// takes it at most [`HERE_AGAIN_MS`].
    here_too_slow: bool,
    /// The newest job whose result is shown: an older one that finishes later is not shown.
    shown: u64,
}

/// Answers every hover question still waiting with `null` (no answer: the worker is gone).
fn forget_hovers(e: &mut Engine) {
    for (_, resolve) in e.hovers.drain() {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
    }
}

type Shared = Rc<RefCell<Engine>>;

/// Posts a job, starting a worker if there is none. Until the worker is listening, the job waits.
fn post(engine: &Shared, id: u64, job: Inputs) {
    let mut e = engine.borrow_mut();
    if e.worker.is_none() {
        e.worker = worker::spawn(engine, received);
        e.ready = false;
        e.sent = Sent::default();
    }
    if e.worker.is_some() && !e.ready {
        e.pending = Some((id, job));
        return;
    }
    if e.worker.is_none() {
        // Rendering on the page could freeze it: say so instead.
        e.report.dispatch(Outcome::NoWorker);
        return;
    }
    let (update, event) = e.sent.update(id, &job);
    let Ok(update) = serde_json::to_string(&update) else {
        return;
    };
    // The event travels as a plain string beside the JSON: no escaping, no parsing here.
    let message = js_sys::Array::of2(
        &JsValue::from_str(&update),
        &event.map_or(JsValue::NULL, |text| JsValue::from_str(&text)),
    );
    let posted = e
        .worker
        .as_ref()
        .is_some_and(|(worker, _)| worker.post_message(&message).is_ok());
    if !posted {
        // The worker has not received it: send everything to the next one.
        e.sent = Sent::default();
        return;
    }
    e.in_flight = Some((id, browser::now(), Rc::new(job)));
    let weak = Rc::downgrade(engine);
    e.watchdog = Some(Timeout::new(TIME_LIMIT_MS, move || {
        if let Some(engine) = weak.upgrade() {
            timed_out(&engine);
        }
    }));
}

fn received(engine: &Shared, text: &str) {
    if text == protocol::READY {
        let next = {
            let mut e = engine.borrow_mut();
            e.ready = true;
            e.pending.take()
        };
        if let Some((id, job)) = next {
            post(engine, id, job);
        }
        return;
    }
    if let Some(json) = text.strip_prefix(protocol::HOVER_REPLY) {
        let Ok(reply) = serde_json::from_str::<HoverReply>(json) else {
            return;
        };
        let resolve = engine.borrow_mut().hovers.remove(&reply.id);
        if let (Some(resolve), Ok(answer)) = (resolve, serde_json::to_string(&reply.resolution)) {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&answer));
        }
        return;
    }
    let next = {
        let mut e = engine.borrow_mut();
        let Ok(reply) = serde_json::from_str::<Reply>(text) else {
            return;
        };
        let (started, inputs) = e
            .in_flight
            .take()
            .map_or((browser::now(), Rc::default()), |(_, at, inputs)| {
                (at, inputs)
            });
        e.watchdog = None;
        if reply.took_ms <= HERE_AGAIN_MS {
            e.here_too_slow = false;
        }
        // Shown even when a newer input is waiting: while the user types, the latest finished
        // result is better than none. Not when the page has shown a newer one meanwhile.
        if reply.id > e.shown {
            show(&mut e, reply, browser::now() - started, inputs);
        }
        e.pending.take()
    };
    if let Some((id, job)) = next {
        post(engine, id, job);
    }
}

fn timed_out(engine: &Shared) {
    let next = {
        let mut e = engine.borrow_mut();
        if let Some((worker, _)) = e.worker.take() {
            worker.terminate();
        }
        e.ready = false;
        let stopped = e.in_flight.take().map_or(0, |(id, ..)| id);
        e.watchdog = None;
        forget_hovers(&mut e);
        // Said only when nothing newer is shown (the page may have simulated a later input).
        if stopped > e.shown {
            e.shown = stopped;
            e.report.dispatch(Outcome::Stopped {
                limit_ms: TIME_LIMIT_MS,
            });
        }
        e.pending.take()
    };
    if let Some((id, job)) = next {
        post(engine, id, job);
    }
}

/// Shows `reply`, the result of the job with `inputs`, computed in `elapsed_ms`.
fn show(e: &mut Engine, reply: Reply, elapsed_ms: f64, inputs: Rc<Inputs>) {
    e.shown = reply.id;
    e.report.dispatch(Outcome::Ready {
        simulation: Rc::new(reply.simulation),
        export_request: reply.export_request.map(Rc::new),
        elapsed_ms,
        job: reply.id,
        inputs,
    });
}

/// Simulates `input` on the page, unless it is too big or was too slow here lately; `false` when
/// the worker should take it.
fn ran_here(engine: &Shared, id: u64, input: &Inputs) -> bool {
    let mut e = engine.borrow_mut();
    let size = input.manifest.len()
        + input.event.len()
        + input.templates.values().map(|t| t.len()).sum::<usize>();
    if e.here_too_slow || size > HERE_MAX_BYTES {
        return false;
    }
    let (update, event) = e.here_sent.update(id, input);
    let event = event.map(|text| text.to_string());
    let started = browser::now();
    let (reply, overran) = within_deadline(browser::now, started + HERE_DEADLINE_MS, || {
        e.here.run(update, event, browser::now)
    });
    if overran {
        e.here_too_slow = true;
        return false;
    }
    e.latest_here = true;
    // Newer than anything the worker has: what it still has to do is superseded.
    e.pending = None;
    let took_ms = reply.took_ms;
    show(&mut e, reply, took_ms, Rc::new(input.clone()));
    true
}

fn submit(engine: &Shared, input: &Inputs) {
    let id = {
        let mut e = engine.borrow_mut();
        e.next_id += 1;
        e.next_id
    };
    if ran_here(engine, id, input) {
        return;
    }
    engine.borrow_mut().latest_here = false;
    let (job, busy) = (input.clone(), engine.borrow().in_flight.is_some());
    if busy || !engine.borrow().ready {
        engine.borrow_mut().pending = Some((id, job));
        if engine.borrow().worker.is_none() {
            let pending = engine.borrow_mut().pending.take();
            if let Some((id, job)) = pending {
                post(engine, id, job);
            }
        }
    } else {
        post(engine, id, job);
    }
}

/// Asks the simulation's worker what a path gives in each dialect (for the editor's hover), with
/// the inputs it holds. Two are equal when they ask the same worker.
#[derive(Clone)]
pub struct PathValues(Shared);

impl PartialEq for PathValues {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl PathValues {
    /// A promise of the [`crate::path_value::Resolution`] as JSON text, or `null` when there is
    /// no worker listening (or it is stopped before answering).
    #[must_use]
    pub fn ask(&self, root: Root, requires_oauth: bool, path: String) -> JsValue {
        let mut e = self.0.borrow_mut();
        e.next_hover += 1;
        let request = HoverRequest {
            id: e.next_hover,
            root,
            requires_oauth,
            path,
        };
        if e.latest_here {
            let reply = serde_json::to_string(&e.here.hover(&request));
            return reply.map_or(JsValue::NULL, |json| {
                js_sys::Promise::resolve(&JsValue::from_str(&json)).into()
            });
        }
        let (Some((worker, _)), true, Ok(json)) =
            (&e.worker, e.ready, serde_json::to_string(&request))
        else {
            return JsValue::NULL;
        };
        let message = js_sys::Array::of2(&JsValue::from_str(protocol::HOVER), &json.into());
        if worker.post_message(&message).is_err() {
            return JsValue::NULL;
        }
        let mut resolver = None;
        let promise = js_sys::Promise::new(&mut |resolve, _reject| resolver = Some(resolve));
        if let Some(resolve) = resolver {
            e.hovers.insert(request.id, resolve);
        }
        promise.into()
    }
}

/// The outcome of simulating `input`, updated as the input changes, and the way to ask the same
/// worker what a path gives.
#[hook]
pub fn use_simulation(input: Inputs) -> (Rc<Outcome>, PathValues) {
    let outcome = use_reducer(|| Outcome::Waiting);
    let report = outcome.dispatcher();
    // Made on the first render, with the worker `web/boot/boot.js` started before the page's
    // module even loaded (or one started now): it loads and compiles its module while the page
    // builds itself. The first job waits for it (see `post`).
    let shared: Shared = (*use_memo((), move |()| {
        let shared = Rc::new(RefCell::new(Engine {
            worker: None,
            ready: false,
            in_flight: None,
            pending: None,
            sent: Sent::default(),
            next_id: 0,
            watchdog: None,
            report,
            hovers: HashMap::new(),
            next_hover: 0,
            here: Session::default(),
            here_sent: Sent::default(),
            latest_here: false,
            here_too_slow: false,
            shown: 0,
        }));
        let running = worker::take_started(&shared, received);
        shared.borrow_mut().worker = running;
        shared
    }))
    .clone();
    let values = PathValues(Rc::clone(&shared));
    // Posted while the page renders, not in an effect: effects run after the children's (the
    // editors', which build CodeMirror on the first render), and the worker can be simulating
    // meanwhile.
    let submitted = use_mut_ref(|| None::<Inputs>);
    if submitted.borrow().as_ref() != Some(&input) {
        submit(&shared, &input);
        *submitted.borrow_mut() = Some(input);
    }
    (Rc::new((*outcome).clone()), values)
}

//! Starting the simulation worker: a module worker that runs the page's own module (see
//! `web/boot/hookpad-worker_loader.js`), and a message handler kept alive with it. Shared by the
//! live simulation and the every-event matrix.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's entry point, copied next to the page (see `index.html`).
const WORKER_SCRIPT: &str = "./hookpad-worker_loader.js";

/// A running worker and the handler of its messages (kept alive with it).
pub type Running = (Worker, Closure<dyn FnMut(MessageEvent)>);

/// Where `web/boot/boot.js` leaves the worker it started while the page loaded.
const STARTED: &str = "hookpadStartedWorker";

/// Starts a worker whose text messages go to `received` with `engine` (held weakly, so the worker's
/// handler does not keep a dropped engine alive); `None` when the browser refuses.
pub fn spawn<E: 'static>(
    engine: &Rc<RefCell<E>>,
    received: fn(&Rc<RefCell<E>>, &str),
) -> Option<Running> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(WORKER_SCRIPT, &options).ok()?;
    let on_message = handler(engine, received);
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some((worker, on_message))
}

/// The worker `web/boot/boot.js` started while the page's module loaded (its module has been
/// loading meanwhile), taken over the first time; its earlier messages reach `received` just
/// after this returns. Otherwise a new one, as [`spawn`].
pub fn take_started<E: 'static>(
    engine: &Rc<RefCell<E>>,
    received: fn(&Rc<RefCell<E>>, &str),
) -> Option<Running> {
    started(engine, received).or_else(|| spawn(engine, received))
}

fn started<E: 'static>(
    engine: &Rc<RefCell<E>>,
    received: fn(&Rc<RefCell<E>>, &str),
) -> Option<Running> {
    let window = web_sys::window()?;
    let boot = js_sys::Reflect::get(&window, &JsValue::from_str(STARTED)).ok()?;
    let take: js_sys::Function = js_sys::Reflect::get(&boot, &JsValue::from_str("take"))
        .ok()?
        .dyn_into()
        .ok()?;
    let on_message = handler(engine, received);
    let worker: Worker = take
        .call1(&boot, on_message.as_ref().unchecked_ref())
        .ok()?
        .dyn_into()
        .ok()?;
    Some((worker, on_message))
}

fn handler<E: 'static>(
    engine: &Rc<RefCell<E>>,
    received: fn(&Rc<RefCell<E>>, &str),
) -> Closure<dyn FnMut(MessageEvent)> {
    let weak = Rc::downgrade(engine);
    Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let (Some(engine), Some(text)) = (weak.upgrade(), event.data().as_string()) {
            received(&engine, &text);
        }
    })
}

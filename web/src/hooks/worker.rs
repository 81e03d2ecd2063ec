//! Starting the simulation worker: the script trunk builds next to the page, and a message handler
//! kept alive with it. Shared by the live simulation and the every-event matrix.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The worker script trunk builds next to the page (see `index.html`).
const WORKER_SCRIPT: &str = "./hookpad-worker_loader.js";

/// A running worker and the handler of its messages (kept alive with it).
pub type Running = (Worker, Closure<dyn FnMut(MessageEvent)>);

/// Starts a worker whose text messages go to `received` with `engine` (held weakly, so the worker's
/// handler does not keep a dropped engine alive); `None` when the browser refuses.
pub fn spawn<E: 'static>(
    engine: &Rc<RefCell<E>>,
    received: fn(&Rc<RefCell<E>>, &str),
) -> Option<Running> {
    let worker = Worker::new(WORKER_SCRIPT).ok()?;
    let weak = Rc::downgrade(engine);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let (Some(engine), Some(text)) = (weak.upgrade(), event.data().as_string()) {
            received(&engine, &text);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some((worker, on_message))
}

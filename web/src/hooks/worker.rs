//! Starting the simulation worker: the script trunk builds next to the page, and a message handler
//! kept alive with it. Shared by the live simulation and the every-event matrix.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The worker script trunk builds next to the page (see `index.html`).
const WORKER_SCRIPT: &str = "./hookpad-worker_loader.js";

/// A running worker and the handler of its messages (kept alive with it).
pub type Running = (Worker, Closure<dyn FnMut(MessageEvent)>);

/// Starts a worker whose text messages go to `on_text`; `None` when the browser refuses.
pub fn spawn(mut on_text: impl FnMut(&str) + 'static) -> Option<Running> {
    let worker = Worker::new(WORKER_SCRIPT).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(text) = event.data().as_string() {
            on_text(&text);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some((worker, on_message))
}

//! The simulation worker's side: runs `simulate()` off the page's thread, so typing never blocks
//! and a runaway render can be stopped by terminating the worker. It keeps the inputs between
//! jobs (the page sends only what changed) and the parsed event (inside `simulate()`).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{self, Session};

/// Answers every job posted to this worker: `[update JSON, event text or null]` simulates,
/// `[MATRIX, request]` runs the matrix, `[HOVER, request]` answers what a path gives.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let responder = scope.clone();
    let session = RefCell::new(Session::default());
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let job: js_sys::Array = event.data().unchecked_into();
        if job.get(0).as_string().as_deref() == Some(protocol::MATRIX) {
            if let Some(reply) = job
                .get(1)
                .as_string()
                .and_then(|request| protocol::run_matrix_json(&request))
            {
                let _ = responder.post_message(&JsValue::from_str(&reply));
            }
            return;
        }
        if job.get(0).as_string().as_deref() == Some(protocol::HOVER) {
            let reply = job
                .get(1)
                .as_string()
                .and_then(|request| session.borrow_mut().hover_json(&request));
            if let Some(reply) = reply {
                let _ = responder.post_message(&JsValue::from_str(&reply));
            }
            return;
        }
        let (Some(update), event) = (job.get(0).as_string(), job.get(1).as_string()) else {
            return;
        };
        if let Some(reply) = session
            .borrow_mut()
            .run_json(&update, event, crate::browser::now)
        {
            // The page may be gone; nothing to do then.
            let _ = responder.post_message(&JsValue::from_str(&reply));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    // Messages sent before the handler existed were dropped: tell the page it can send now.
    let _ = scope.post_message(&JsValue::from_str(protocol::READY));
}

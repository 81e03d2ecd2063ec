//! The simulation worker's side: runs `simulate()` off the page's thread, so typing never blocks
//! and a runaway render can be stopped by terminating the worker.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol;

/// Answers every job posted to this worker.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let responder = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(reply) = event.data().as_string().and_then(|job| protocol::run(&job)) {
            // The page may be gone; nothing to do then.
            let _ = responder.post_message(&JsValue::from_str(&reply));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    // Messages sent before the handler existed were dropped: tell the page it can send now.
    let _ = scope.post_message(&JsValue::from_str(crate::protocol::READY));
}

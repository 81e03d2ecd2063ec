//! The page, and its simulation worker: one module for both (the browser downloads it once). In
//! a window it starts the app; in the worker `web/boot/hookpad-worker_loader.js` starts, it
//! answers simulation jobs.
#![forbid(unsafe_code)]

use wasm_bindgen::JsCast;

fn main() {
    if js_sys::global().has_type::<web_sys::Window>() {
        hookpad_web::start_app();
    } else {
        hookpad_web::worker::start();
    }
}

//! The simulation worker.
#![forbid(unsafe_code)]

fn main() {
    hookpad_web::worker::start();
}

//! The page.
#![forbid(unsafe_code)]

fn main() {
    hookpad_web::start_app();
}

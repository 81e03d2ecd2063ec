//! Custom hooks.

mod use_simulation;

pub use use_simulation::{use_simulation, Outcome};

//! Custom hooks.

mod use_matrix;
mod use_simulation;
mod worker;

pub use use_matrix::{use_matrix, MatrixOutcome, Request as MatrixJob};
pub use use_simulation::{use_simulation, Outcome, PathValues};

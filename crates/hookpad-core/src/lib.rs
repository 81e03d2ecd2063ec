//! Hookpad's core: what LaunchDarkly would send for an audit-log event, computed offline.
//!
//! - [`simulate`]: manifest + templates + event → request, routing, dialect differences, diagnostics.
//! - [`render`]: templates rendered as handlebars.js (`preview`) or raymond (`production`) would.
//! - [`manifest`], [`context`], [`routing`], [`request`]: the steps in between.
//!
//! Pure Rust with no web dependencies; the wasm facade and the web app call into it.
#![forbid(unsafe_code)]

pub mod context;
pub mod diagnostic;
pub mod integration_lint;
pub mod json_span;
pub mod manifest;
pub mod matrix;
pub mod policy;
pub mod render;
pub mod request;
pub mod routing;
pub mod samples;
pub mod simulate;
pub mod suggest;
pub mod text;

pub use diagnostic::{Diagnostic, Severity, Source};
pub use manifest::Manifest;
pub use render::{Dialect, RenderFault, RenderFaultReason};
pub use request::Request;
pub use routing::Mode;
pub use simulate::{simulate, Simulation, SimulationInput};

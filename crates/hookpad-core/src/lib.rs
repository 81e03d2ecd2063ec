//! Hookpad's core: what LaunchDarkly would send for an audit-log event, computed offline.
//!
//! Pure Rust with no web dependencies; the wasm facade and the web app call into it.
#![forbid(unsafe_code)]

pub mod context;
pub mod manifest;
pub mod render;
pub mod text;

pub use manifest::Manifest;
pub use render::{Dialect, RenderFault, RenderFaultReason};

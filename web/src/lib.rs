//! The Hookpad web app: paste a LaunchDarkly integration and an audit-log event, see the webhook
//! request and the policy decision, live, with nothing sent anywhere.
//!
//! One binary (`main.rs`) runs it twice: as the page in a window, and as the simulation worker.
#![forbid(unsafe_code)]

mod analysis;
mod app;
mod browser;
mod components;
mod doc;
mod editor;
mod files;
mod hooks;
mod import;
mod path_value;
pub mod protocol;
mod scope;
mod secrets;
mod share;
mod state;
pub mod worker;
mod zip;

/// Mounts the app on the page's body.
pub fn start_app() {
    yew::Renderer::<app::App>::new().render();
}

//! The Hookpad web app: paste a LaunchDarkly integration and an audit-log event, see the webhook
//! request and the policy decision, live, with nothing sent anywhere.
#![forbid(unsafe_code)]

mod app;
mod browser;
mod components;
mod share;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}

//! The header: dialect and mode, the share link, New and the example, and how long the last
//! update took.

use hookpad_core::{Dialect, Mode};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub dialect: Dialect,
    pub mode: Mode,
    /// How long the last update took; `None` while none has finished.
    pub elapsed_ms: Option<f64>,
    pub on_dialect: Callback<Dialect>,
    pub on_mode: Callback<Mode>,
    pub on_example: Callback<()>,
    pub on_new: Callback<()>,
    /// Build a share link (`true`: without the event).
    pub on_share: Callback<bool>,
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let on_dialect = props.on_dialect.clone();
    let dialect_change = Callback::from(move |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        on_dialect.emit(if v == "production" {
            Dialect::Production
        } else {
            Dialect::Preview
        });
    });
    let on_mode = props.on_mode.clone();
    let mode_change = Callback::from(move |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        on_mode.emit(if v == "validation" {
            Mode::Validation
        } else {
            Mode::Event
        });
    });
    let on_example = props.on_example.clone();
    let on_new = props.on_new.clone();
    let on_share = props.on_share.clone();
    html! {
        <header class="toolbar">
            <h1>{ "Hookpad" }<span class="tagline">{ " · see the webhook LaunchDarkly would send" }</span></h1>
            <div class="controls">
                <span class="control">
                    <label for="dialect-select">{ "Dialect" }</label>
                    <select id="dialect-select" data-testid="dialect-select" onchange={dialect_change}>
                        <option value="preview" selected={props.dialect == Dialect::Preview}>{ "preview (npm run preview)" }</option>
                        <option value="production" selected={props.dialect == Dialect::Production}>{ "production (LaunchDarkly)" }</option>
                    </select>
                </span>
                <span class="control">
                    <label for="mode-select">{ "Mode" }</label>
                    <select id="mode-select" data-testid="mode-select" onchange={mode_change}>
                        <option value="event" selected={props.mode == Mode::Event}>{ "event" }</option>
                        <option value="validation" selected={props.mode == Mode::Validation}>{ "validation" }</option>
                    </select>
                </span>
                <a class="button secondary only-narrow" href="#result">{ "Jump to result" }</a>
                <button type="button" class="secondary" data-testid="share-link"
                    title="A link with everything but secrets, compressed into the address"
                    onclick={Callback::from(move |_| on_share.emit(false))}>{ "Share link" }</button>
                <button type="button" class="secondary" data-testid="new"
                    title="A blank integration: a manifest skeleton, one template and a sample event (can be undone)"
                    onclick={Callback::from(move |_| on_new.emit(()))}>{ "New" }</button>
                <button type="button" class="secondary" data-testid="load-example"
                    title="Hookpad's example integration (can be undone)"
                    onclick={Callback::from(move |_| on_example.emit(()))}>{ "Load example" }</button>
                <span class="muted small" data-testid="update-time" aria-live="polite">{ props.elapsed_ms.map_or_else(|| "updating…".to_owned(), |ms| format!("updated in {ms:.1} ms")) }</span>
            </div>
        </header>
    }
}

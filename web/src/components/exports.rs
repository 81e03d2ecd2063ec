//! Exports: a curl command that survives any quoting, and a Markdown block for a pull request.

use hookpad_core::request::Request;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportsProps {
    pub request: Option<Request>,
    pub json: bool,
}

fn copy(text: String) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        if let Some(window) = web_sys::window() {
            // The clipboard is local; a refusal (no permission) leaves the text selectable below.
            let _ = window.navigator().clipboard().write_text(&text);
        }
    })
}

#[component]
pub fn Exports(props: &ExportsProps) -> Html {
    let Some(request) = &props.request else {
        return html! {};
    };
    let curl = request.to_curl();
    let markdown = request.to_markdown(if props.json { "json" } else { "" });
    html! {
        <section class="panel" aria-label="Exports">
            <h2>{ "Export" }</h2>
            <div class="export">
                <div class="export-head"><h3 id="curl-title">{ "curl" }</h3>
                    <button type="button" class="secondary" data-testid="copy-curl" onclick={copy(curl.clone())}>{ "Copy curl" }</button></div>
                <pre data-testid="export-curl" aria-labelledby="curl-title" tabindex="0">{ curl }</pre>
            </div>
            <div class="export">
                <div class="export-head"><h3 id="md-title">{ "Markdown" }</h3>
                    <button type="button" class="secondary" data-testid="copy-markdown" onclick={copy(markdown.clone())}>{ "Copy Markdown" }</button></div>
                <pre data-testid="export-markdown" aria-labelledby="md-title" tabindex="0">{ markdown }</pre>
            </div>
        </section>
    }
}

//! Where `npm run preview` (handlebars.js) and production (Go raymond) render differently.

use hookpad_core::simulate::{DialectDifference, Rendered};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DifferencesViewProps {
    pub differences: Vec<DialectDifference>,
}

fn text(r: &Rendered) -> String {
    match r {
        Rendered::Output(s) => s.clone(),
        Rendered::Error(e) => format!("Error: {e}"),
    }
}

#[component]
pub fn DifferencesView(props: &DifferencesViewProps) -> Html {
    if props.differences.is_empty() {
        return html! {};
    }
    html! {
        <section class="panel" aria-label="Preview and production differ" data-testid="differences">
            <h2>{ "Preview vs production" }</h2>
            <p class="muted">{ "LaunchDarkly sends what production renders; npm run preview shows the left column." }</p>
            { for props.differences.iter().map(|d| html! {
                <details key={d.part.clone()} open=true>
                    <summary>{ format!("{} differs from output line {}", d.part, d.line) }</summary>
                    <div class="columns">
                        <div><h3>{ "preview (handlebars.js)" }</h3><pre>{ text(&d.preview) }</pre></div>
                        <div><h3>{ "production (raymond)" }</h3><pre>{ text(&d.production) }</pre></div>
                    </div>
                </details>
            }) }
        </section>
    }
}

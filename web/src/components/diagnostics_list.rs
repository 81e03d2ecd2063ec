//! Every problem, each a button that puts the cursor at its line and column in the right input.

use hookpad_core::diagnostic::{tally, Diagnostic};
use yew::prelude::*;

use super::Fold;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsListProps {
    pub diagnostics: Vec<Diagnostic>,
    pub on_select: Callback<Diagnostic>,
}

#[component]
pub fn DiagnosticsList(props: &DiagnosticsListProps) -> Html {
    let summary = tally(props.diagnostics.iter().map(|d| d.severity));
    html! {
        <Fold name="problems" label="Problems" heading={html! { <>{ "Problems" }<span class="muted small">{ format!(" · {summary}") }</span></> }}>
            <ul class="diagnostics" data-testid="diagnostics">
                if props.diagnostics.is_empty() {
                    <li class="muted">{ "No problems found." }</li>
                }
                { for props.diagnostics.iter().enumerate().map(|(i, d)| {
                    let on_select = props.on_select.clone();
                    let diag = d.clone();
                    let onclick = Callback::from(move |_| on_select.emit(diag.clone()));
                    let at = d.location.map(|l| format!(":{}:{}", l.line, l.column)).unwrap_or_default();
                    html! {
                        <li key={i} class={d.severity.name()}>
                            <button type="button" class="diagnostic" data-testid="diagnostic" {onclick}>
                                <span class="severity">{ d.severity.name() }</span>
                                { " " }<code class="where">{ format!("{}{at}", d.source) }</code>
                                { " " }<span class="message">{ d.message.clone() }</span>
                                if let Some(hint) = &d.hint { <span class="hint">{ hint.clone() }</span> }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </Fold>
    }
}

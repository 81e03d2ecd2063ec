//! The audit-log event: a picker of Hookpad's sample events for every kind, and the JSON editor.

use hookpad_core::samples;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::CodeEditor;

#[derive(Properties, PartialEq)]
pub struct EventPanelProps {
    pub text: AttrValue,
    pub on_change: Callback<String>,
    pub on_sample: Callback<String>,
    pub node_ref: NodeRef,
    pub invalid: bool,
}

#[component]
pub fn EventPanel(props: &EventPanelProps) -> Html {
    let on_sample = props.on_sample.clone();
    let onchange = Callback::from(move |e: Event| {
        let name = e.target_unchecked_into::<HtmlSelectElement>().value();
        if !name.is_empty() {
            on_sample.emit(name);
        }
    });
    html! {
        <section aria-label="Event">
            <div class="field inline">
                <label for="sample-select">{ "Sample event" }</label>
                <select id="sample-select" data-testid="sample-select" {onchange}>
                    <option value="" selected=true>{ "Load a sample…" }</option>
                    { for samples::EVENTS.iter().map(|e| html! {
                        <option key={e.name} value={e.name}>{ format!("{} ({})", e.name, e.kind) }</option>
                    }) }
                </select>
            </div>
            <CodeEditor id="event-input" label="Event (JSON)" testid="event-input" value={props.text.clone()}
                on_change={props.on_change.clone()} node_ref={props.node_ref.clone()} rows={12}
                invalid={props.invalid}
                hint={AttrValue::from("An audit-log event context, or a REST audit-log entry with `accesses`.")} />
        </section>
    }
}

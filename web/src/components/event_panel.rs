//! The audit-log event: a picker of Hookpad's sample events for every kind, and the JSON editor.
//! An event too large to lay out in a text area without freezing the page (megabytes on one
//! line take the browser seconds) is summarised instead, with a field to paste a replacement.

use std::rc::Rc;

use hookpad_core::samples;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::code_editor::Selection;
use super::notices::megabytes;
use super::CodeEditor;
use crate::editor::Mark;

/// Above this size the event is not put in the editor unless the user asks.
pub const LARGE_EVENT_BYTES: usize = 200 * 1024;

/// A paste this long (UTF-16 units) goes straight to the state, not through the text area.
const PASTE_LIMIT: u32 = 100 * 1024;

#[derive(Properties, PartialEq)]
pub struct EventPanelProps {
    pub text: AttrValue,
    pub on_change: Callback<String>,
    pub on_sample: Callback<String>,
    pub marks: Option<Rc<Vec<Mark>>>,
    pub select: Option<Selection>,
    pub invalid: bool,
}

#[component]
pub fn EventPanel(props: &EventPanelProps) -> Html {
    let show_large = use_state_eq(|| false);
    let on_sample = props.on_sample.clone();
    let onchange = Callback::from(move |e: Event| {
        let select = e.target_unchecked_into::<HtmlSelectElement>();
        let name = select.value();
        if !name.is_empty() {
            on_sample.emit(name);
        }
    });
    let hint =
        AttrValue::from("An audit-log event context, or a REST audit-log entry with `accesses`.");
    let large = props.text.len() > LARGE_EVENT_BYTES && !*show_large;
    let editor = if large {
        let on_change = props.on_change.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            on_change.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        });
        let on_paste = props.on_change.clone();
        let onpaste = Callback::from(move |e: Event| {
            // Replace the large event with what is pasted, without laying it out here.
            if let Some(text) = wasm_bindgen::JsCast::dyn_ref::<web_sys::ClipboardEvent>(&e)
                .and_then(web_sys::ClipboardEvent::clipboard_data)
                .and_then(|d| d.get_data("text/plain").ok())
            {
                e.prevent_default();
                on_paste.emit(text);
            }
        });
        let show = {
            let show_large = show_large.clone();
            Callback::from(move |_| show_large.set(true))
        };
        html! {
            <div class="field large-event" data-testid="event-large">
                <label for="event-input">{ "Event (JSON)" }</label>
                <p class="hint" id="event-large-hint">
                    { format!("The event is {}: it is used as is, but not shown here, since laying out that much text would freeze the page for seconds. \
                        Paste another event below to replace it.", megabytes(props.text.len())) }
                </p>
                <textarea id="event-input" data-testid="event-input" class="code" rows="3"
                    spellcheck="false" autocomplete="off" aria-describedby="event-large-hint" aria-invalid={props.invalid.to_string()}
                    placeholder="Paste or type an event to replace the large one" value="" {oninput} {onpaste} />
                <button type="button" class="secondary" onclick={show}>{ "Show it in the editor anyway (slow)" }</button>
            </div>
        }
    } else {
        html! {
            <CodeEditor id="event-input" label="Event (JSON)" testid="event-input" value={props.text.clone()}
                on_change={props.on_change.clone()} marks={props.marks.clone()} select={props.select}
                invalid={props.invalid} hint={hint} paste_limit={PASTE_LIMIT} deferred=true />
        }
    };
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
            { editor }
        </section>
    }
}

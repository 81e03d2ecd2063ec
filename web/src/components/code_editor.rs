//! A labelled, controlled text area for JSON and template sources. This is the editor boundary:
//! a richer editor can replace the text area behind these same props.

use std::rc::Rc;

use implicit_clone::unsync::IString;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct CodeEditorProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub testid: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    pub node_ref: NodeRef,
    #[prop_or(12)]
    pub rows: u32,
    /// Marks the editor as holding an error (for assistive technology too).
    #[prop_or_default]
    pub invalid: bool,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// A paste longer than this many UTF-16 units is applied without going through the text area
    /// (the browser would lay the text out first, which for megabytes freezes the page).
    #[prop_or_default]
    pub paste_limit: Option<u32>,
}

/// The pasted text, as a JavaScript string.
fn pasted_text(data: &web_sys::DataTransfer) -> Option<js_sys::JsString> {
    let get: js_sys::Function = js_sys::Reflect::get(data, &"getData".into())
        .ok()?
        .dyn_into()
        .ok()?;
    get.call1(data, &"text/plain".into()).ok()?.dyn_into().ok()
}

/// Handles a paste larger than `limit` itself: the new text is computed from the text area's
/// value and selection, and the text area never receives the pasted text.
fn paste_handler(limit: u32, on_change: Callback<String>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
            return;
        };
        // Read as a JavaScript string: its length is known without converting megabytes.
        let Some(pasted) = e.clipboard_data().and_then(|d| pasted_text(&d)) else {
            return;
        };
        if pasted.length() <= limit {
            return;
        }
        e.prevent_default();
        let area = e.target_unchecked_into::<HtmlTextAreaElement>();
        let value = js_sys::JsString::from(area.value());
        let start = area.selection_start().ok().flatten().unwrap_or(0);
        let end = area
            .selection_end()
            .ok()
            .flatten()
            .unwrap_or(value.length());
        let text = value
            .slice(0, start)
            .concat(&pasted)
            .concat(&value.slice(end, value.length()));
        on_change.emit(String::from(text));
    })
}

/// The same text: the same pointer first (an unchanged multi-megabyte event is never compared
/// byte by byte), else equal contents.
fn same_text(a: &AttrValue, b: &AttrValue) -> bool {
    match (a, b) {
        (IString::Rc(x), IString::Rc(y)) if Rc::ptr_eq(x, y) => true,
        _ => a == b,
    }
}

impl PartialEq for CodeEditorProps {
    fn eq(&self, other: &Self) -> bool {
        same_text(&self.value, &other.value)
            && self.id == other.id
            && self.label == other.label
            && self.testid == other.testid
            && self.on_change == other.on_change
            && self.node_ref == other.node_ref
            && self.rows == other.rows
            && self.invalid == other.invalid
            && self.hint == other.hint
            && self.paste_limit == other.paste_limit
    }
}

#[component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    let on_change = props.on_change.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        on_change.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value());
    });
    let hint_id = format!("{}-hint", props.id);
    let onpaste = props
        .paste_limit
        .map(|limit| paste_handler(limit, props.on_change.clone()));
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id.clone()} data-testid={format!("{}-hint", props.testid)}>{ hint.clone() }</p>
            }
            <textarea
                id={props.id.clone()}
                data-testid={props.testid.clone()}
                ref={props.node_ref.clone()}
                class="code"
                rows={props.rows.to_string()}
                spellcheck="false"
                autocomplete="off"
                aria-invalid={props.invalid.to_string()}
                aria-describedby={props.hint.as_ref().map(|_| hint_id)}
                value={props.value.clone()}
                {oninput}
                {onpaste}
            />
        </div>
    }
}

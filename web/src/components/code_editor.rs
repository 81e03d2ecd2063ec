//! A labelled, controlled text area for JSON and template sources.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
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
}

#[component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    let on_change = props.on_change.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        on_change.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value());
    });
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id.clone()}>{ hint.clone() }</p>
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
            />
        </div>
    }
}

//! The policy (prefilled from `defaultPolicy`, editable) and the environments `~` expands to.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::CodeEditor;

#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    pub text: AttrValue,
    pub edited: bool,
    pub environments: AttrValue,
    pub on_change: Callback<String>,
    pub on_reset: Callback<()>,
    pub on_environments: Callback<String>,
    pub node_ref: NodeRef,
    pub invalid: bool,
}

#[component]
pub fn PolicyEditor(props: &PolicyEditorProps) -> Html {
    let on_reset = props.on_reset.clone();
    let on_environments = props.on_environments.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        on_environments.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let hint = if props.edited {
        "Your statements (replacing the manifest's defaultPolicy)."
    } else {
        "The manifest's defaultPolicy; edit to try a subscription's own statements."
    };
    html! {
        <section aria-label="Policy">
            <CodeEditor id="policy-input" label="Policy statements (JSON)" testid="policy-input" value={props.text.clone()}
                on_change={props.on_change.clone()} node_ref={props.node_ref.clone()} rows={8} invalid={props.invalid}
                hint={AttrValue::from(hint)} />
            if props.edited {
                <button type="button" class="secondary" onclick={Callback::from(move |_| on_reset.emit(()))}>
                    { "Back to defaultPolicy" }
                </button>
            }
            <div class="field inline">
                <label for="environments-input">{ "Environments for \"all environments\" (~) events" }</label>
                <input id="environments-input" data-testid="environments-input" type="text" value={props.environments.clone()} {oninput} />
            </div>
        </section>
    }
}

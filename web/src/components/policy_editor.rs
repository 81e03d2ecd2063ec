//! The policy (prefilled from `defaultPolicy`, editable) and the environments `~` expands to.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::code_editor::Selection;
use super::CodeEditor;
use crate::editor::{Language, Mark};

#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    pub text: AttrValue,
    pub edited: bool,
    pub environments: AttrValue,
    pub on_change: Callback<String>,
    pub on_reset: Callback<()>,
    pub on_environments: Callback<String>,
    pub marks: Option<Rc<Vec<Mark>>>,
    pub select: Option<Selection>,
    pub invalid: bool,
    /// The pairs in the editor: the user's, or those derived from the event.
    pub pairs: AttrValue,
    pub pairs_edited: bool,
    pub on_pairs: Callback<String>,
    pub on_reset_pairs: Callback<()>,
}

#[component]
pub fn PolicyEditor(props: &PolicyEditorProps) -> Html {
    let on_reset = props.on_reset.clone();
    let on_reset_pairs = props.on_reset_pairs.clone();
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
                on_change={props.on_change.clone()} marks={props.marks.clone()} select={props.select} invalid={props.invalid}
                hint={AttrValue::from(hint)} deferred=true />
            if props.edited {
                <button type="button" class="secondary" onclick={Callback::from(move |_| on_reset.emit(()))}>
                    { "Back to defaultPolicy" }
                </button>
            }
            <div class="pairs">
                <CodeEditor id="pairs-input" label="(resource, action) pairs: one \"resource action\" per line" testid="pairs-input"
                    value={props.pairs.clone()} on_change={props.on_pairs.clone()} language={Language::Plain} deferred=true
                    hint={AttrValue::from(if props.pairs_edited { "Your pairs, replacing the ones derived from the event." } else { "Derived from the event (its kind, project, environment and key); edit them to try other accesses." })} />
                if props.pairs_edited {
                    <button type="button" class="secondary" onclick={Callback::from(move |_| on_reset_pairs.emit(()))}>
                        { "Back to the event's pairs" }
                    </button>
                }
            </div>
            <div class="field inline">
                <label for="environments-input">{ "Environments for \"all environments\" (~) events" }</label>
                <input id="environments-input" data-testid="environments-input" type="text" value={props.environments.clone()} {oninput} />
            </div>
        </section>
    }
}

//! A button that copies a text and says whether it worked.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::browser;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    pub label: AttrValue,
    pub testid: AttrValue,
}

#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    // `None`: nothing to say; then whether the clipboard took it.
    let copied = use_state_eq(|| None::<bool>);
    let timer = use_mut_ref(|| None::<Timeout>);
    let onclick = {
        let copied = copied.clone();
        let text = props.text.clone();
        Callback::from(move |_| {
            let copied = copied.clone();
            let timer = timer.clone();
            browser::copy(&text, move |ok| {
                copied.set(Some(ok));
                let copied = copied.clone();
                *timer.borrow_mut() = Some(Timeout::new(2_000, move || copied.set(None)));
            });
        })
    };
    let label = match *copied {
        Some(true) => AttrValue::from("Copied ✓"),
        Some(false) => AttrValue::from("Copy refused: select the text"),
        None => props.label.clone(),
    };
    html! {
        <button type="button" class="secondary" data-testid={props.testid.clone()} {onclick}>
            <span aria-live="polite">{ label }</span>
        </button>
    }
}

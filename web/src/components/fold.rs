//! A result panel that can be folded: a `<details>` whose `<summary>` is the panel's heading.
//! Whether it is open is kept in local storage (`hookpad.panel.<name>`), so a folded panel stays
//! folded after a reload.

use web_sys::HtmlDetailsElement;
use yew::prelude::*;

use crate::browser;

#[derive(Properties, PartialEq)]
pub struct FoldProps {
    /// The key the open state is kept under.
    pub name: AttrValue,
    /// The section's accessible name.
    pub label: AttrValue,
    /// The heading's content.
    pub heading: Html,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub class: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

fn key(name: &str) -> String {
    format!("hookpad.panel.{name}")
}

#[component]
pub fn Fold(props: &FoldProps) -> Html {
    let open = {
        let name = props.name.clone();
        use_state_eq(move || browser::preference(&key(&name)).as_deref() != Some("closed"))
    };
    let ontoggle = {
        let open = open.clone();
        let name = props.name.clone();
        Callback::from(move |e: Event| {
            let now = e.target_unchecked_into::<HtmlDetailsElement>().open();
            browser::set_preference(&key(&name), if now { "open" } else { "closed" });
            open.set(now);
        })
    };
    let class = classes!("panel", "fold", props.class.clone());
    html! {
        <section class={class} aria-label={props.label.clone()} data-testid={props.testid.clone()}>
            <details open={*open} {ontoggle} data-testid={format!("fold-{}", props.name)}>
                <summary><h2>{ props.heading.clone() }</h2></summary>
                { props.children.clone() }
            </details>
        </section>
    }
}

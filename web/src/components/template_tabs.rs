//! One tab per template the manifest names (a missing one is flagged), and the active template's
//! editor.

use yew::prelude::*;

use super::CodeEditor;

#[derive(Properties, PartialEq)]
pub struct TemplateTabsProps {
    /// The paths the manifest names.
    pub paths: Vec<AttrValue>,
    /// The paths that have text.
    pub supplied: Vec<AttrValue>,
    pub active: Option<AttrValue>,
    pub text: AttrValue,
    pub on_select: Callback<String>,
    pub on_change: Callback<(String, String)>,
    pub node_ref: NodeRef,
    pub invalid: bool,
}

#[component]
pub fn TemplateTabs(props: &TemplateTabsProps) -> Html {
    if props.paths.is_empty() {
        return html! {
            <div class="field">
                <p class="hint" data-testid="template-none">
                    { "The manifest names no templates: LaunchDarkly sends the standard payload (the event as JSON)." }
                </p>
            </div>
        };
    }
    let active = props
        .active
        .clone()
        .unwrap_or_else(|| props.paths[0].clone());
    let tabs = props.paths.iter().map(|path| {
        let selected = *path == active;
        let missing = !props.supplied.contains(path);
        let on_select = props.on_select.clone();
        let p = path.to_string();
        let onclick = Callback::from(move |_| on_select.emit(p.clone()));
        let class = classes!(
            "tab",
            selected.then_some("selected"),
            missing.then_some("missing")
        );
        html! {
            <button key={path.to_string()} type="button" role="tab" {class}
                aria-selected={selected.to_string()}
                data-testid={format!("template-tab-{path}")}
                title={if missing { "Not supplied yet: type or paste it here" } else { "" }}
                {onclick}>
                { path.clone() }
                if missing { <span class="badge" aria-label="missing">{ " missing" }</span> }
            </button>
        }
    });
    let on_change = props.on_change.clone();
    let path = active.to_string();
    let on_text = Callback::from(move |text: String| on_change.emit((path.clone(), text)));
    html! {
        <section class="templates" aria-label="Templates">
            <div class="tabs" role="tablist" aria-label="Template files">{ for tabs }</div>
            <CodeEditor id="template-input" label={format!("Template {active}")} testid="template-input"
                value={props.text.clone()} on_change={on_text} node_ref={props.node_ref.clone()}
                rows={16} invalid={props.invalid} />
        </section>
    }
}

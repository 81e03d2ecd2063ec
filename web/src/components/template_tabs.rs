//! One tab per template the manifest names (a missing one is flagged), and the active template's
//! editor in the tab panel. Tabs follow the ARIA tabs pattern: arrow keys, Home and End move
//! between them, and only the selected tab is in the Tab order.

use std::rc::Rc;

use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::code_editor::Selection;
use super::CodeEditor;
use crate::editor::{Language, Mark};

#[derive(Properties, PartialEq)]
pub struct TemplateTabsProps {
    /// The paths the manifest names.
    pub paths: Vec<AttrValue>,
    /// Whether the manifest has an audit-log events hook at all.
    pub has_hook: bool,
    /// The paths that have text.
    pub supplied: Vec<AttrValue>,
    pub active: Option<AttrValue>,
    pub text: AttrValue,
    pub on_select: Callback<String>,
    pub on_change: Callback<(String, String)>,
    /// The active template's squiggles (see [`CodeEditor`]).
    pub marks: Option<Rc<Vec<Mark>>>,
    pub select: Option<Selection>,
    /// The data completion and hover offer: the event's fields and `formVariables`.
    pub scope: Option<crate::scope::Scope>,
    pub invalid: bool,
}

const PANEL_ID: &str = "template-panel";

fn tab_id(index: usize) -> String {
    format!("template-tab-{index}")
}

/// Focuses the tab at `index` (after the selection has re-rendered it is still the same element).
fn focus_tab(index: usize) {
    if let Some(tab) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&tab_id(index)))
    {
        if let Ok(tab) = wasm_bindgen::JsCast::dyn_into::<HtmlElement>(tab) {
            let _ = tab.focus();
        }
    }
}

#[component]
pub fn TemplateTabs(props: &TemplateTabsProps) -> Html {
    if props.paths.is_empty() {
        return html! {
            <div class="field">
                <p class="hint" data-testid="template-none">
                    { if props.has_hook {
                        "The manifest names no templates: LaunchDarkly sends the standard payload (the event as JSON)."
                    } else {
                        "The manifest has no audit-log events hook: LaunchDarkly sends no webhook for it, so there is no template to preview."
                    } }
                </p>
            </div>
        };
    }
    let active = props
        .active
        .clone()
        .unwrap_or_else(|| props.paths[0].clone());
    let active_index = props.paths.iter().position(|p| *p == active).unwrap_or(0);
    let onkeydown = {
        let paths = props.paths.clone();
        let on_select = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            let last = paths.len() - 1;
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (active_index + 1) % paths.len(),
                "ArrowLeft" | "ArrowUp" => active_index.checked_sub(1).unwrap_or(last),
                "Home" => 0,
                "End" => last,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(paths[next].to_string());
            focus_tab(next);
        })
    };
    let tabs = props.paths.iter().enumerate().map(|(i, path)| {
        let selected = i == active_index;
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
            <button key={path.to_string()} type="button" role="tab" id={tab_id(i)} {class}
                aria-selected={selected.to_string()} aria-controls={PANEL_ID}
                tabindex={if selected { "0" } else { "-1" }}
                data-testid={format!("template-tab-{path}")}
                title={if missing { "Not supplied yet: type or paste it here" } else { "" }}
                {onclick}>
                { path.clone() }
                if missing { <span class="badge">{ " missing" }</span> }
            </button>
        }
    });
    let on_change = props.on_change.clone();
    let path = active.to_string();
    let on_text = Callback::from(move |text: String| on_change.emit((path.clone(), text)));
    html! {
        <section class="templates" aria-label="Templates">
            <div class="tabs" role="tablist" aria-label="Template files" {onkeydown}>{ for tabs }</div>
            <div role="tabpanel" id={PANEL_ID} aria-labelledby={tab_id(active_index)}>
                <CodeEditor id="template-input" label={format!("Template {active}")} testid="template-input"
                    value={props.text.clone()} on_change={on_text} language={Language::Handlebars}
                    doc_key={active.clone()} marks={props.marks.clone()} select={props.select}
                    scope={props.scope.clone()} invalid={props.invalid} />
            </div>
        </section>
    }
}

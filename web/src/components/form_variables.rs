//! Form variables generated from the manifest: a checkbox for booleans, a select for enums, a
//! masked field for secrets, text for the rest; defaults filled in.

use hookpad_core::manifest::FormVariable;
use serde_json::Value as Json;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FormVariablesProps {
    pub variables: Vec<(FormVariable, Json)>,
    pub on_change: Callback<(String, Json)>,
}

fn text_of(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

#[component]
pub fn FormVariables(props: &FormVariablesProps) -> Html {
    if props.variables.is_empty() {
        return html! {};
    }
    let rows = props.variables.iter().map(|(variable, value)| {
        let id = format!("form-{}", variable.key);
        let key = variable.key.clone();
        let on_change = props.on_change.clone();
        let label = if variable.name.is_empty() { variable.key.clone() } else { format!("{} ({})", variable.name, variable.key) };
        let control = match variable.kind.as_str() {
            "boolean" => {
                let onchange = Callback::from(move |e: Event| {
                    let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
                    on_change.emit((key.clone(), Json::Bool(checked)));
                });
                html! { <input type="checkbox" id={id.clone()} checked={value.as_bool().unwrap_or(false)} {onchange} /> }
            }
            "enum" if !variable.allowed_values.is_empty() => {
                let onchange = Callback::from(move |e: Event| {
                    let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                    on_change.emit((key.clone(), Json::String(v)));
                });
                let current = text_of(value);
                let known = variable.allowed_values.contains(&current);
                html! {
                    <select id={id.clone()} {onchange}>
                        if !known { <option value={current.clone()} selected=true>{ current.clone() }</option> }
                        { for variable.allowed_values.iter().map(|a| html! {
                            <option key={a.clone()} value={a.clone()} selected={*a == current}>{ a.clone() }</option>
                        }) }
                    </select>
                }
            }
            _ => {
                let oninput = Callback::from(move |e: InputEvent| {
                    let v = e.target_unchecked_into::<HtmlInputElement>().value();
                    on_change.emit((key.clone(), Json::String(v)));
                });
                let kind = if variable.is_secret { "password" } else if variable.kind == "uri" { "url" } else { "text" };
                html! { <input type={kind} id={id.clone()} value={text_of(value)} autocomplete="off" {oninput} /> }
            }
        };
        html! {
            <div class="field inline" key={variable.key.clone()}>
                <label for={id}>{ label }</label>
                { control }
                if variable.is_secret { <span class="hint">{ "secret: never saved or shared" }</span> }
            </div>
        }
    });
    html! {
        <fieldset class="form-variables">
            <legend>{ "Form variables" }</legend>
            { for rows }
        </fieldset>
    }
}

//! Form variables generated from the manifest: a checkbox for booleans, a select for enums, a
//! masked field for secrets, text for the rest; defaults filled in, descriptions shown, and the
//! value the simulation uses for an empty field as its placeholder.

use serde_json::Value as Json;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::analysis::Variable;

#[derive(Properties, PartialEq)]
pub struct FormVariablesProps {
    /// Each variable, the value in its field and whether it is secret.
    pub variables: Vec<(Variable, Json, bool)>,
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
    let rows = props.variables.iter().map(|(v, value, secret)| {
        let variable = &v.variable;
        let id = format!("form-{}", variable.key);
        let hint_id = format!("{id}-hint");
        let key = variable.key.clone();
        let on_change = props.on_change.clone();
        let label = if variable.name.is_empty() { variable.key.clone() } else { format!("{} ({})", variable.name, variable.key) };
        let described = (v.description.is_some() || *secret).then(|| hint_id.clone());
        let control = match variable.kind.as_str() {
            "boolean" => {
                let onchange = Callback::from(move |e: Event| {
                    let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
                    on_change.emit((key.clone(), Json::Bool(checked)));
                });
                // An unset checkbox shows the value the simulation uses.
                let checked = value
                    .as_bool()
                    .or_else(|| hookpad_core::context::placeholder(variable).as_bool())
                    .unwrap_or(false);
                html! { <input type="checkbox" id={id.clone()} aria-describedby={described} {checked} {onchange} /> }
            }
            "enum" if !variable.allowed_values.is_empty() => {
                let onchange = Callback::from(move |e: Event| {
                    let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                    on_change.emit((key.clone(), Json::String(v)));
                });
                let current = match value {
                    Json::Null => hookpad_core::context::placeholder(variable).as_str().unwrap_or_default().to_owned(),
                    v => text_of(v),
                };
                let known = variable.allowed_values.contains(&current);
                html! {
                    <select id={id.clone()} aria-describedby={described} {onchange}>
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
                let kind = if *secret { "password" } else if variable.kind == "uri" { "url" } else { "text" };
                let placeholder = text_of(&hookpad_core::context::placeholder(variable));
                html! { <input type={kind} id={id.clone()} value={text_of(value)} {placeholder} autocomplete="off"
                    aria-describedby={described} {oninput} /> }
            }
        };
        html! {
            <div class="field variable" key={variable.key.clone()}>
                <div class="field inline">
                    <label for={id}>{ label }</label>
                    { control }
                </div>
                if v.description.is_some() || *secret {
                    <p class="hint" id={hint_id}>
                        { v.description.clone().unwrap_or_default() }
                        if *secret {
                            <span class="secret-note">{ if v.description.is_some() { " · " } else { "" } }{ "Secret: kept in this tab only, never saved or put in a link." }</span>
                        }
                    </p>
                }
            </div>
        }
    });
    html! {
        <fieldset class="form-variables">
            <legend>{ "Form variables" }</legend>
            <p class="hint">{ "An empty field uses the integration framework's test value, shown in grey." }</p>
            { for rows }
        </fieldset>
    }
}

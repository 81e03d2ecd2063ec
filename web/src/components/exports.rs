//! Exports: a curl command that survives any quoting, and a Markdown block for a pull request.
//! Secret values stay out of both unless the user turns them on.

use std::rc::Rc;

use hookpad_core::request::Request;
use yew::prelude::*;

use super::Fold;

use super::CopyButton;

#[derive(Properties, PartialEq)]
pub struct ExportsProps {
    /// The request as rendered (with any secrets typed).
    pub request: Option<Request>,
    /// The same request rendered with secrets replaced by placeholders, when they differ.
    pub export_request: Option<Rc<Request>>,
    pub json: bool,
    pub include_secrets: bool,
    /// Whether any secret value was typed.
    pub secrets_typed: bool,
    pub on_include_secrets: Callback<bool>,
}

#[component]
pub fn Exports(props: &ExportsProps) -> Html {
    let texts = use_memo(
        (
            props.request.clone(),
            props.export_request.clone(),
            props.json,
        ),
        |(request, export, json)| {
            let request = export.as_deref().or(request.as_ref())?;
            Some((
                request.to_curl(),
                request.to_markdown(if *json { "json" } else { "" }),
            ))
        },
    );
    let Some((curl, markdown)) = (*texts).clone() else {
        return html! {};
    };
    let on_include = props.on_include_secrets.clone();
    let toggle = Callback::from(move |e: Event| {
        on_include.emit(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked(),
        );
    });
    let note = if props.include_secrets {
        "Secret values you typed are in these exports."
    } else if props.secrets_typed {
        "Secret values are replaced by the placeholders the integration framework tests with."
    } else {
        "No secret value typed: the placeholders are used."
    };
    html! {
        <Fold name="exports" label="Exports" heading={html! { { "Export" } }}>
            <div class="field inline">
                <input type="checkbox" id="include-secrets" data-testid="include-secrets" checked={props.include_secrets} onchange={toggle} />
                <label for="include-secrets">{ "Include secrets" }</label>
                <span class="hint">{ note }</span>
            </div>
            <div class="export">
                <div class="export-head"><h3 id="curl-title">{ "curl" }</h3>
                    <CopyButton text={AttrValue::from(curl.clone())} label="Copy curl" testid="copy-curl" /></div>
                <pre data-testid="export-curl" aria-labelledby="curl-title" tabindex="0">{ curl }</pre>
            </div>
            <div class="export">
                <div class="export-head"><h3 id="md-title">{ "Markdown" }</h3>
                    <CopyButton text={AttrValue::from(markdown.clone())} label="Copy Markdown" testid="copy-markdown" /></div>
                <pre data-testid="export-markdown" aria-labelledby="md-title" tabindex="0">{ markdown }</pre>
            </div>
        </Fold>
    }
}

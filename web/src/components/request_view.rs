//! The request LaunchDarkly would send: method, URL, headers, body; for JSON bodies whether they
//! parse (with the location) and a pretty view; which template was chosen and why; and why there
//! is no body when the chosen template is missing or failed to render.

use std::rc::Rc;

use hookpad_core::diagnostic::{Severity, Source};
use hookpad_core::json_span::pointer_token;
use hookpad_core::simulate::{BodyJson, Rendered, Simulation};
use yew::prelude::*;

use super::Fold;

use super::notices::megabytes;

#[derive(Properties, PartialEq)]
pub struct RequestViewProps {
    pub simulation: Rc<Simulation>,
    /// The policy would not send this request.
    pub not_sent: bool,
    pub policy_invalid: bool,
}

/// The most of a body shown on the page: laying out megabytes of text would freeze it (the
/// exports carry the whole body).
const SHOWN_BODY_BYTES: usize = 256 * 1024;

/// `text` cut at [`SHOWN_BODY_BYTES`] on a character boundary, and whether it was cut.
fn shown(text: &str) -> (&str, bool) {
    if text.len() <= SHOWN_BODY_BYTES {
        return (text, false);
    }
    let mut end = SHOWN_BODY_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// Why the routed template gave no body, with a hint when there is one: its file is missing, it
/// has an error, or this dialect's render stopped (a strict-mode miss in preview is a warning
/// among the problems, since production renders it as empty; the body's difference says so).
fn unrendered_body(sim: &Simulation) -> Option<(String, Option<String>)> {
    let route = sim.route.as_ref()?;
    let path = route.template_path.as_deref()?;
    let key = route.template_key.as_deref().unwrap_or_default();
    let missing = format!("/templates/{}", pointer_token(key));
    let problem = sim.diagnostics.iter().find(|d| {
        d.severity == Severity::Error
            && (matches!(&d.source, Source::Template(p) if p == path)
                || (d.code == "manifest/template-not-found"
                    && d.pointer.as_deref().is_some_and(|p| p.ends_with(&missing))))
    });
    if let Some(d) = problem {
        return Some((d.message.clone(), d.hint.clone()));
    }
    sim.differences
        .iter()
        .filter(|d| d.part == "body")
        .find_map(|d| match d.rendered(sim.dialect) {
            Rendered::Error(e) => Some((e.clone(), None)),
            Rendered::Output(_) => None,
        })
}

#[component]
pub fn RequestView(props: &RequestViewProps) -> Html {
    let pretty = use_state(|| false);
    let sim = &*props.simulation;
    let Some(request) = &sim.request else {
        // No hook, or a hook LaunchDarkly delivers with its own code: nothing to fix.
        let why = sim.diagnostics.iter().find_map(|d| match &*d.code {
            "manifest/no-audit-log-hook" => Some("No request: the manifest has no audit-log events hook, so LaunchDarkly sends no webhook for it."),
            "manifest/custom-delivery" => Some("No request: LaunchDarkly delivers this integration's audit-log events with its own code."),
            _ => None,
        });
        return html! {
            <Fold name="request" label="Request" heading={html! { { "Request" } }}>
                <p class="muted" data-testid="request-none">{ why.unwrap_or("No request: fix the problems below first.") }</p>
            </Fold>
        };
    };
    let route = sim.route.as_ref().map(|r| {
        let what = match &r.template_path {
            Some(path) => format!("Template `{}` ({})", r.template_key.clone().unwrap_or_default(), path),
            None => "Standard payload".to_owned(),
        };
        html! { <p class="route" data-testid="route"><strong>{ what }</strong>{ ": " }{ r.reason.clone() }</p> }
    });
    let json = sim.body_json.as_ref().map(|b: &BodyJson| {
        if b.valid {
            html! { <span class="ok" data-testid="body-json">{ "✓ valid JSON" }</span> }
        } else {
            let at = b.error_location.map(|l| format!(" at line {}, column {}", l.line, l.column)).unwrap_or_default();
            let from = b.template_line.map(|l| format!(" (template line {l})")).unwrap_or_default();
            html! { <span class="bad" data-testid="body-json">{ format!("✗ invalid JSON{at}{from}: {}", b.error.clone().unwrap_or_default()) }</span> }
        }
    });
    let show_pretty = *pretty
        && sim
            .body_json
            .as_ref()
            .and_then(|b| b.pretty.clone())
            .is_some();
    let body = if show_pretty {
        sim.body_json
            .as_ref()
            .and_then(|b| b.pretty.clone())
            .unwrap_or_default()
    } else {
        request.body.clone()
    };
    let toggle = {
        let pretty = pretty.clone();
        Callback::from(move |_| pretty.set(!*pretty))
    };
    let unrendered = unrendered_body(sim);
    let can_pretty = sim.body_json.as_ref().is_some_and(|b| b.pretty.is_some());
    let (body_shown, cut) = shown(&body);
    html! {
        <Fold name="request" label="Request" heading={html! { { "Request" } }}>
            if props.policy_invalid {
                <p class="not-sent" data-testid="request-not-sent">{ "Policy invalid: fix the policy to know whether LaunchDarkly would send this." }</p>
            } else if props.not_sent {
                <p class="not-sent" data-testid="request-not-sent">{ "Not sent: the policy does not let this event through. This is what would be sent if it did." }</p>
            }
            { for route }
            <p class="request-line">
                <span class="method" data-testid="request-method">{ request.method.clone() }</span>
                { " " }
                <code class="url" data-testid="request-url">{ request.url.clone() }</code>
            </p>
            <table class="headers" data-testid="request-headers">
                <caption class="visually-hidden">{ "Headers" }</caption>
                <tbody>
                    { for request.headers.iter().enumerate().map(|(i, h)| html! {
                        <tr key={i}><th scope="row">{ h.name.clone() }</th><td><code>{ h.value.clone() }</code></td></tr>
                    }) }
                </tbody>
            </table>
            <div class="body-head">
                <h3>{ "Body" }</h3>
                { for json }
                if can_pretty {
                    <button type="button" class="secondary" aria-pressed={pretty.to_string()} onclick={toggle}>
                        { if *pretty { "Show as sent" } else { "Pretty-print" } }
                    </button>
                }
            </div>
            if let Some((message, hint)) = unrendered.filter(|_| body.is_empty()) {
                <p class="bad" data-testid="body-missing">
                    { "No body: " }{ message }
                    if let Some(hint) = hint { <span class="hint">{ format!(" — {hint}") }</span> }
                </p>
            } else {
                <pre class="body" data-testid="request-body" tabindex="0">{ body_shown }</pre>
            }
            if cut {
                <p class="hint">{ format!("Showing the first {} KB of {}; the exports below have all of it.", SHOWN_BODY_BYTES / 1024, megabytes(body.len())) }</p>
            }
        </Fold>
    }
}

//! Would the event be sent: the decision in large type, each (resource, action) pair, and per
//! statement what matched or the nearest miss.

use hookpad_core::policy::{Decision, Effect};
use hookpad_core::simulate::PolicyReport;
use yew::prelude::*;

use super::Fold;

#[derive(Properties, PartialEq)]
pub struct PolicyViewProps {
    pub report: Option<PolicyReport>,
    /// The policy has errors, so the decision below is not the one LaunchDarkly would make.
    pub invalid: bool,
}

fn decision_class(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "ok",
        Decision::Deny | Decision::DefaultDeny => "bad",
    }
}

#[component]
pub fn PolicyView(props: &PolicyViewProps) -> Html {
    let Some(report) = &props.report else {
        return html! {
            <Fold name="policy" label="Policy decision" heading={html! { { "Policy" } }}>
                <p class="decision muted" data-testid="policy-decision">{ "No policy to check" }</p>
            </Fold>
        };
    };
    let (word, class) = if props.invalid {
        ("Policy invalid", "decision bad")
    } else if report.sent {
        ("Sent", "decision ok")
    } else {
        ("Not sent", "decision bad")
    };
    let from = if report.from == "custom" {
        "your statements"
    } else {
        "the manifest's defaultPolicy"
    };
    html! {
        <Fold name="policy" label="Policy decision" heading={html! { { "Policy" } }}>
            <p class={class} data-testid="policy-decision" role="status">{ word }</p>
            if props.invalid {
                <p class="bad" data-testid="policy-invalid">{ "The policy has errors (see Problems): statements that cannot be read are ignored, so what follows is only what the readable ones decide." }</p>
            }
            <p class="muted">{ format!("Decided by {from}; \"~\" expands to {}.", report.environments.join(", ")) }</p>
            if report.pairs.is_empty() {
                <p class="muted">{ "No (resource, action) pair could be derived from the event." }</p>
            }
            <ul class="pairs">
                { for report.pairs.iter().enumerate().map(|(i, p)| html! {
                    <li key={i} data-testid="policy-pair">
                        <p>
                            <span class={classes!("pill", decision_class(p.decision))}>{ p.decision.name() }</span>
                            { " " }<code>{ p.resource.clone() }</code>{ " · " }<code>{ p.action.clone() }</code>
                        </p>
                        <ol class="traces" start="0">
                            { for p.statements.iter().map(|t| html! {
                                <li key={t.index} class={if t.applies { "applies" } else { "" }}>
                                    <span class="effect">{ match t.effect { Effect::Allow => "allow", Effect::Deny => "deny" } }</span>
                                    { format!(" statement {}: ", t.index) }
                                    { if t.applies { "applies. " } else { "does not apply. " } }
                                    <span class={if t.resource.holds { "ok" } else { "bad" }}>{ format!("Resource: {}. ", t.resource.detail) }</span>
                                    <span class={if t.action.holds { "ok" } else { "bad" }}>{ format!("Action: {}.", t.action.detail) }</span>
                                </li>
                            }) }
                        </ol>
                    </li>
                }) }
            </ul>
        </Fold>
    }
}

//! Every event at once: one row per event (Hookpad's samples, then the user's, each with its
//! kind) with the template it routes to and Sent / Not sent with the deciding statement (the same
//! in both dialects), and per dialect whether the request is valid and its problems; below, the
//! branches no event took (each a button to its place in the template) and the routing keys no
//! event reached (each with our sample to add).

use std::rc::Rc;

use hookpad_core::diagnostic::{counted, counted_as};
use hookpad_core::matrix::{Matrix, MatrixCell, MatrixRow};
use yew::prelude::*;

use crate::hooks::MatrixOutcome;
use crate::state::UntakenBranch;

#[derive(Properties, PartialEq)]
pub struct EventMatrixProps {
    pub open: bool,
    pub outcome: Rc<MatrixOutcome>,
    pub untaken: Rc<Vec<UntakenBranch>>,
    /// The names of the user's own events (they can be removed).
    pub user_events: Vec<AttrValue>,
    /// Whether Hookpad's sample events run too.
    pub samples: bool,
    pub on_samples: Callback<bool>,
    pub on_open: Callback<bool>,
    pub on_run: Callback<()>,
    /// Load the event of this name into the event editor.
    pub on_row: Callback<String>,
    /// Open a template at a line and column.
    pub on_branch: Callback<(String, u32, u32)>,
    /// Add Hookpad's sample of this name to the user's events.
    pub on_add_sample: Callback<String>,
    pub on_remove: Callback<String>,
}

fn template_of(c: &MatrixCell) -> Html {
    let Some(path) = &c.template else {
        return html! { <code>{ "standard payload" }</code> };
    };
    // A narrow pane may break a long path after a `/`, never inside a name.
    let parts = path
        .split_inclusive('/')
        .map(|part| html! { <>{ part.to_owned() }<wbr /></> });
    html! { <code class="path">{ for parts }</code> }
}

fn policy_of(c: &MatrixCell) -> Html {
    let sent = match c.sent {
        Some(true) => html! { <span class="sent">{ "Sent" }</span> },
        Some(false) => html! { <span class="not-sent">{ "Not sent" }</span> },
        None => html! { <span class="muted">{ "–" }</span> },
    };
    html! {
        <>
            { sent }
            if let Some(by) = &c.decided_by { <span class="muted small cell-note">{ by.clone() }</span> }
        </>
    }
}

/// A column both dialects share: the route and the policy decision do not depend on the dialect,
/// so the value is shown once (and each dialect's, named, should they ever differ).
fn shared(r: &MatrixRow, label: &'static str, same: bool, show: fn(&MatrixCell) -> Html) -> Html {
    html! {
        <td data-label={label}>
            if same { { show(&r.preview) } } else {
                <span class="muted small">{ "preview: " }</span>{ show(&r.preview) }<br />
                <span class="muted small">{ "production: " }</span>{ show(&r.production) }
            }
        </td>
    }
}

/// "2 errors, 1 warning"; empty when there are none.
fn problems(errors: usize, warnings: usize) -> String {
    let count = |n: usize, noun: &str| (n > 0).then(|| counted(n, noun));
    [count(errors, "error"), count(warnings, "warning")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a dialect renders: whether the request is valid, and its problems.
fn rendered(c: &MatrixCell, dialect: &'static str) -> Html {
    let problems = problems(c.errors, c.warnings);
    html! {
        <td data-label={dialect}>
            <span class={if c.valid { "ok" } else { "bad" }}>{ if c.valid { "valid" } else { "invalid" } }</span>
            if !problems.is_empty() { <span class="muted small cell-note">{ problems }</span> }
        </td>
    }
}

fn table(props: &EventMatrixProps, matrix: &Matrix) -> Html {
    let rows = matrix.rows.iter().map(|r| {
        let on_row = props.on_row.clone();
        let name = r.event.clone();
        let onclick = Callback::from(move |_| on_row.emit(name.clone()));
        let mine = props.user_events.iter().any(|n| n == &r.event);
        let remove = mine.then(|| {
            let on_remove = props.on_remove.clone();
            let name = r.event.clone();
            html! {
                <button type="button" class="secondary small" aria-label={format!("Remove {name}")}
                    onclick={Callback::from(move |e: MouseEvent| { e.stop_propagation(); on_remove.emit(name.clone()); })}>{ "×" }</button>
            }
        });
        // The row takes the click; its button (for the keyboard) has none, its click bubbles.
        html! {
            <tr key={r.event.clone()} data-testid="matrix-row" data-event={r.event.clone()} class="matrix-row" {onclick}>
                <th scope="row">
                    <button type="button" class="link" title="Load this event into the event editor">{ r.event.clone() }</button>
                    if mine { <span class="badge">{ " yours" }</span> }
                    { for remove }
                    if let Some(kind) = &r.kind { <span class="muted small cell-note">{ kind.clone() }</span> }
                </th>
                { shared(r, "Template", r.preview.template == r.production.template, template_of) }
                { shared(r, "Policy", (r.preview.sent, &r.preview.decided_by) == (r.production.sent, &r.production.decided_by), policy_of) }
                { rendered(&r.preview, "Preview") }
                { rendered(&r.production, "Production") }
            </tr>
        }
    });
    html! {
        <div class="matrix-scroll">
            <table class="matrix" data-testid="matrix-table">
                <thead>
                    <tr>
                        <th scope="col">{ "Event" }</th>
                        <th scope="col">{ "Template" }</th>
                        <th scope="col">{ "Policy" }</th>
                        <th scope="col" title="npm run preview: handlebars.js 4.7.7, strict">{ "Preview" }</th>
                        <th scope="col" title="LaunchDarkly's production renderer: raymond">{ "Production" }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// A template's untaken branches open at once when there are at most this many.
const OPEN_GROUP: usize = 8;

fn coverage(props: &EventMatrixProps, matrix: &Matrix) -> Html {
    let distinct = matrix.distinct_branches();
    let total = distinct.len();
    let taken = total.saturating_sub(props.untaken.len());
    // One group per template, in the order the templates first appear.
    let mut groups: Vec<(&str, Vec<&UntakenBranch>)> = Vec::new();
    for b in props.untaken.iter() {
        match groups
            .iter_mut()
            .find(|(template, _)| *template == b.template)
        {
            Some((_, list)) => list.push(b),
            None => groups.push((&b.template, vec![b])),
        }
    }
    let groups = groups.into_iter().map(|(template, list)| {
        let in_template = distinct.iter().filter(|d| d.template == template).count();
        let items = list.iter().map(|b| {
            let on_branch = props.on_branch.clone();
            let at = (b.template.clone(), b.line, b.column);
            let onclick = Callback::from(move |_| on_branch.emit(at.clone()));
            html! {
                <li key={format!("{}:{}:{}", b.template, b.line, b.column)}>
                    <button type="button" class="diagnostic" data-testid="untaken-branch" {onclick}>
                        <code class="where">{ format!("{}:{}:{}", b.template, b.line, b.column) }</code>
                        { " " }<span class="message">{ b.message() }</span>
                    </button>
                </li>
            }
        });
        html! {
            <details key={template.to_owned()} class="untaken-group" data-testid="untaken-group" open={list.len() <= OPEN_GROUP}>
                <summary>
                    <code>{ template.to_owned() }</code>
                    { format!(": {} of {} never taken", list.len(), counted_as(in_template, "branch", "branches")) }
                </summary>
                <ul class="diagnostics untaken" data-testid="untaken-branches">{ for items }</ul>
            </details>
        }
    });
    let untried = matrix.untried_routes.iter().map(|u| {
        let offer = u.sample.clone().map(|sample| {
            let on_add = props.on_add_sample.clone();
            let s = sample.clone();
            html! {
                <button type="button" class="secondary small" data-testid="add-sample" onclick={Callback::from(move |_| on_add.emit(s.clone()))}>
                    { format!("Add our {sample} event") }
                </button>
            }
        });
        html! {
            <li key={u.key.clone()} data-testid="untried-route">
                { "No event routed to " }<code>{ u.key.clone() }</code>{ " (" }<code>{ u.template.clone() }</code>{ ") " }
                { for offer }
            </li>
        }
    });
    html! {
        <>
            <h3 data-testid="coverage-summary">{ format!("Branch coverage: {taken}/{total} branches taken") }</h3>
            if total == 0 {
                <p class="muted">{ "The templates have no branches (#if, #unless, #each, #with, #equal)." }</p>
            }
            { for groups }
            if !matrix.untried_routes.is_empty() {
                <h3>{ "Event kinds not tried" }</h3>
                <ul class="untried">{ for untried }</ul>
            }
        </>
    }
}

#[component]
pub fn EventMatrix(props: &EventMatrixProps) -> Html {
    let on_open = props.on_open.clone();
    let open = props.open;
    let toggle = Callback::from(move |_| on_open.emit(!open));
    let on_run = props.on_run.clone();
    let on_samples = props.on_samples.clone();
    let samples_toggle = html! {
        <label class="inline small">
            <input type="checkbox" checked={props.samples} data-testid="matrix-samples"
                onchange={Callback::from(move |e: Event| on_samples.emit(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))} />
            { " Hookpad's sample events" }
        </label>
    };
    let (job, body) = match &*props.outcome {
        _ if !props.open => (String::new(), html! {}),
        MatrixOutcome::Ready {
            matrix,
            events,
            elapsed_ms,
            job,
        } => (
            job.to_string(),
            html! {
                <>
                    <p class="muted small" data-testid="matrix-time">
                        { format!("{} × 2 dialects in {elapsed_ms:.0} ms. Click a row to load its event.", counted(*events, "event")) }
                        { " " }
                        <button type="button" class="secondary small" data-testid="matrix-run" onclick={on_run.reform(|_| ())}>{ "Run again" }</button>
                        { " " }{ samples_toggle }
                    </p>
                    if matrix.has_hook {
                        { table(props, matrix) }
                        { coverage(props, matrix) }
                    } else {
                        // No request to show: rows of "invalid" would only say so less clearly.
                        <p class="muted" data-testid="matrix-no-hook">{ "The manifest has no audit-log events hook: nothing to render." }</p>
                    }
                </>
            },
        ),
        MatrixOutcome::Waiting => (
            String::new(),
            html! { <p class="muted">{ "Running every event…" }</p> },
        ),
        MatrixOutcome::Stopped { limit_ms } => (
            String::new(),
            html! {
                <p role="alert" class="warn">
                    { format!("The matrix took longer than {:.0} s and was stopped. ", f64::from(*limit_ms) / 1000.0) }
                    <button type="button" class="secondary small" onclick={on_run.reform(|_| ())}>{ "Run again" }</button>
                </p>
            },
        ),
        MatrixOutcome::NoWorker => (
            String::new(),
            html! { <p role="alert" class="warn">{ "This browser did not start Hookpad's background worker." }</p> },
        ),
    };
    html! {
        <section class="panel event-matrix" aria-label="Every event" data-testid="matrix" data-job={job}>
            <h2>
                { "Every event" }
                { " " }
                <button type="button" class="secondary small" aria-expanded={open.to_string()} data-testid="matrix-toggle" onclick={toggle}>
                    { if open { "Hide" } else { "Show the matrix" } }
                </button>
            </h2>
            if open { { body } } else {
                <p class="muted small">{ "Run Hookpad's sample events and yours through both dialects at once, and see which template branches no event takes." }</p>
            }
        </section>
    }
}

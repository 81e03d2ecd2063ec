//! The app: owns the state, runs the simulation on every change, and wires the components.

use hookpad_core::diagnostic::Diagnostic;
use hookpad_core::text::{LineCol, LineIndex, PositionEncoding};
use std::rc::Rc;

use hookpad_core::{Dialect, Mode, Simulation, Source};
use serde_json::Value as Json;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::browser;
use crate::components::{
    DiagnosticsList, DifferencesView, EventPanel, Exports, FormVariables, PolicyEditor, PolicyView,
    RequestView, TemplateTabs, Toolbar,
};
use crate::hooks::{use_simulation, Outcome};
use crate::share;
use crate::state::{format_pairs, Action, Editor, State};

/// The state on load: a share link's, else the saved one, else the example.
fn initial_state() -> State {
    share::from_fragment(&browser::fragment())
        .or_else(|| browser::load_saved().and_then(|json| share::from_json(&json)))
        .unwrap_or_else(State::example)
}

fn editor_of(d: &Diagnostic) -> Option<Editor> {
    match &d.source {
        Source::Manifest => Some(Editor::Manifest),
        Source::Template(path) => Some(Editor::Template(path.clone())),
        Source::Event => Some(Editor::Event),
        Source::Policy => Some(Editor::Policy),
        Source::Output => None,
    }
}

/// Puts the cursor of `area` at a 1-based line and UTF-16 column of `text`.
fn place_cursor(area: &HtmlTextAreaElement, text: &str, line: u32, column: u32) {
    let offset =
        LineIndex::new(text).offset(text, LineCol { line, column }, PositionEncoding::Utf16);
    let utf16 = u32::try_from(
        text[..offset.to_usize().min(text.len())]
            .encode_utf16()
            .count(),
    )
    .unwrap_or(0);
    let _ = area.focus();
    let _ = area.set_selection_range(utf16, utf16);
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let manifest_ref = use_node_ref();
    let template_ref = use_node_ref();
    let event_ref = use_node_ref();
    let policy_ref = use_node_ref();

    let outcome = use_simulation(state.simulation_input());
    let (simulation, elapsed_ms, stopped) = match &*outcome {
        Outcome::Ready {
            simulation,
            elapsed_ms,
            ..
        } => (simulation.clone(), Some(*elapsed_ms), None),
        Outcome::Waiting => (Rc::new(Simulation::default()), None, None),
        Outcome::Stopped { limit_ms } => (Rc::new(Simulation::default()), None, Some(*limit_ms)),
        Outcome::NoWorker => (Rc::new(Simulation::default()), None, None),
    };
    let no_worker = matches!(*outcome, Outcome::NoWorker);
    // Numbers each result, so tests and benchmarks can wait for the next one.
    let updates = match &*outcome {
        Outcome::Ready { job, .. } => job.to_string(),
        _ => String::new(),
    };

    // Autosave (without secrets) whenever the shareable state changes.
    let saved = share::to_json(&state);
    use_effect_with(saved, |json| browser::save(json));

    // Apply a "put the cursor here" request once the right editor is on screen.
    {
        let state = state.clone();
        let refs = (
            manifest_ref.clone(),
            template_ref.clone(),
            event_ref.clone(),
            policy_ref.clone(),
        );
        use_effect_with(state.focus.clone(), move |focus| {
            if let Some(f) = focus {
                let node = match f.editor {
                    Editor::Manifest => &refs.0,
                    Editor::Template(_) => &refs.1,
                    Editor::Event => &refs.2,
                    Editor::Policy => &refs.3,
                };
                if let Some(area) = node.cast::<HtmlTextAreaElement>() {
                    place_cursor(&area, &state.editor_text(&f.editor), f.line, f.column);
                }
            }
        });
    }

    let dispatch = |f: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(f(text)))
    };
    let on_manifest = dispatch(|text| Action::SetManifest { text });
    let on_event = dispatch(|text| Action::SetEvent { text });
    let on_sample = dispatch(|name| Action::PickSample { name });
    let on_policy = dispatch(|text| Action::SetPolicy { text });
    let on_environments = dispatch(|text| Action::SetEnvironments { text });
    let on_pairs = dispatch(|text| Action::SetPairs { text });
    let on_reset_pairs = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::ResetPairs))
    };
    let on_select_template = dispatch(|path| Action::SelectTemplate { path });
    let on_template = {
        let state = state.clone();
        Callback::from(move |(path, text): (String, String)| {
            state.dispatch(Action::SetTemplate { path, text })
        })
    };
    let on_form = {
        let state = state.clone();
        Callback::from(move |(key, value): (String, Json)| {
            state.dispatch(Action::SetFormValue { key, value })
        })
    };
    let on_reset_policy = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::ResetPolicy))
    };
    let on_dialect = {
        let state = state.clone();
        Callback::from(move |dialect: Dialect| state.dispatch(Action::SetDialect { dialect }))
    };
    let on_mode = {
        let state = state.clone();
        Callback::from(move |mode: Mode| state.dispatch(Action::SetMode { mode }))
    };
    let on_example = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::LoadExample))
    };
    let on_diagnostic = {
        let state = state.clone();
        Callback::from(move |d: Diagnostic| {
            if let (Some(editor), Some(at)) = (editor_of(&d), d.location) {
                state.dispatch(Action::Focus {
                    editor,
                    line: at.line,
                    column: at.column,
                });
            }
        })
    };

    let sim = &*simulation;
    let has_problem_in = |source: &Source| {
        sim.diagnostics
            .iter()
            .any(|d| &d.source == source && d.severity == hookpad_core::Severity::Error)
    };
    let manifest = state.parsed_manifest();
    let variables = manifest
        .form_variables
        .iter()
        .map(|v| (v.clone(), state.form_value(v)))
        .collect::<Vec<_>>();
    let paths: Vec<AttrValue> = state
        .named_templates()
        .into_iter()
        .map(AttrValue::from)
        .collect();
    let supplied: Vec<AttrValue> = state
        .templates
        .keys()
        .filter(|k| paths.iter().any(|p| p.as_str() == k.as_str()))
        .map(|k| AttrValue::from(k.clone()))
        .collect();
    let active = state
        .active_template
        .clone()
        .filter(|a| paths.iter().any(|p| p.as_str() == a))
        .or_else(|| paths.first().map(|p| p.to_string()));
    let active_text = active
        .as_ref()
        .and_then(|a| state.templates.get(a))
        .cloned()
        .unwrap_or_default();
    let template_invalid = active
        .as_ref()
        .is_some_and(|a| has_problem_in(&Source::Template(a.clone())));
    let share_url = format!("{}{}", browser::page_url(), share::fragment(&state));
    let json_body = sim.body_json.is_some();
    let pairs_text = state.pairs.clone().unwrap_or_else(|| {
        sim.policy
            .as_ref()
            .map(|p| {
                format_pairs(
                    p.pairs
                        .iter()
                        .map(|d| (d.resource.as_str(), d.action.as_str())),
                )
            })
            .unwrap_or_default()
    });

    html! {
        <>
            <Toolbar dialect={state.dialect} mode={state.mode} share_url={share_url} elapsed_ms={elapsed_ms}
                {on_dialect} {on_mode} {on_example} />
            <main class="layout">
                <div class="inputs">
                    <section aria-label="Manifest">
                        <crate::components::CodeEditor id="manifest-input" label="manifest.json" testid="manifest-input"
                            value={state.manifest.clone()} on_change={on_manifest} node_ref={manifest_ref}
                            rows={16} invalid={has_problem_in(&Source::Manifest)} />
                    </section>
                    <TemplateTabs paths={paths} supplied={supplied} active={active.map(AttrValue::from)}
                        text={active_text} on_select={on_select_template} on_change={on_template}
                        node_ref={template_ref} invalid={template_invalid} />
                    <EventPanel text={state.event.clone()} on_change={on_event} {on_sample} node_ref={event_ref}
                        invalid={has_problem_in(&Source::Event)} />
                    <FormVariables variables={variables} on_change={on_form} />
                    <PolicyEditor text={state.policy_text()} edited={state.policy.is_some()}
                        environments={state.environments.clone()} on_change={on_policy} on_reset={on_reset_policy}
                        {on_environments} node_ref={policy_ref} invalid={has_problem_in(&Source::Policy)}
                        pairs={pairs_text} pairs_edited={state.pairs.is_some()} {on_pairs} {on_reset_pairs} />
                </div>
                <div class="outputs" id="result" data-updates={updates}>
                    if let Some(limit) = stopped {
                        <section class="panel stopped" role="alert" data-testid="render-stopped">
                            <h2>{ "Rendering stopped" }</h2>
                            <p>{ format!("This render took longer than {:.0} s and was stopped, so the page stays responsive. \
                                Hookpad restarted its engine: change the template or the event to try again.", f64::from(limit) / 1000.0) }</p>
                        </section>
                    }
                    if no_worker {
                        <section class="panel stopped" role="alert">
                            <h2>{ "Hookpad cannot run here" }</h2>
                            <p>{ "This browser did not start Hookpad's background worker (serve the page over http, not from a file)." }</p>
                        </section>
                    }
                    if elapsed_ms.is_none() && stopped.is_none() && !no_worker {
                        <p class="muted" data-testid="rendering">{ "Rendering…" }</p>
                    }
                    <PolicyView report={sim.policy.clone()} />
                    <RequestView simulation={sim.clone()} />
                    <DiagnosticsList diagnostics={sim.diagnostics.clone()} on_select={on_diagnostic} />
                    <DifferencesView differences={sim.differences.clone()} />
                    <Exports request={sim.request.clone()} json={json_body} />
                </div>
            </main>
        </>
    }
}

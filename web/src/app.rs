//! The app: owns the state, sends each change to be simulated (`use_simulation`), saves after the
//! user pauses, and wires the components. Callbacks are made once (they only dispatch), so a
//! component whose data did not change is not rendered again; in particular the event editor is
//! left alone while the user types in a template, however large the event.

mod callbacks;
mod marks;

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use hookpad_core::{Dialect, Mode, Source};
use serde_json::Value as Json;
use yew::prelude::*;

use callbacks::{Callbacks, FileCallbacks};
use marks::{marks_for, policy_invalid, with_untaken_branches};

use crate::browser;
use crate::components::{
    CodeEditor, DiagnosticsList, DifferencesView, EventMatrix, EventPanel, Exports, FormVariables,
    IntegrationFiles, Notices, PolicyEditor, PolicyView, RequestView, Selection, SharePanel,
    ShareView, Split, TemplateTabs, Toolbar,
};
use crate::editor::Language;
use crate::hooks::{use_matrix, use_simulation, MatrixJob, MatrixOutcome, Outcome};
use crate::path_value::Root;
use crate::protocol::{MatrixRequest, Settings};
use crate::scope::Scope;
use crate::share;
use crate::state::UntakenBranch;
use crate::state::{format_pairs, Action, Editor, State};

/// How long the user must pause before the state is saved.
const AUTOSAVE_MS: u32 = 500;

/// The state on load: a share link's, else the saved one, else the example. The flag says it
/// came from a link.
fn initial_state() -> (State, bool) {
    if let Some(doc) = share::from_fragment(&browser::fragment()) {
        return (State::from_doc(doc), true);
    }
    let saved = browser::load_saved().and_then(|json| share::from_json(&json));
    (saved.map_or_else(State::example, State::from_doc), false)
}

/// What autosave last did, when the user should know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveNote {
    /// Saved, but without the event (this many bytes): too large for storage.
    EventLeftOut(usize),
    /// Storage refused even the integration (disabled, or full).
    Failed,
}

/// Saves the document; keeps what fits.
fn autosave(state: &State) -> Option<SaveNote> {
    let doc = state.shareable();
    let bytes = doc.event.len();
    let (json, left_out) = share::for_storage(doc.clone());
    if browser::save(&json) {
        return left_out.then_some(SaveNote::EventLeftOut(bytes));
    }
    if !left_out && browser::save(&share::to_json(&share::without_event(doc))) {
        return Some(SaveNote::EventLeftOut(bytes));
    }
    Some(SaveNote::Failed)
}
#[component]
pub fn App() -> Html {
    let from_link = use_mut_ref(|| false);
    let state = {
        let from_link = from_link.clone();
        use_reducer(move || {
            let (state, linked) = initial_state();
            *from_link.borrow_mut() = linked;
            state
        })
    };
    let callbacks = use_memo((), {
        let d = state.dispatcher();
        move |()| Callbacks::new(&d)
    });
    let save_note = use_state_eq(|| None::<SaveNote>);
    let share_view = use_state_eq(|| None::<(u64, ShareView)>);

    let (outcome, path_values) = use_simulation(state.inputs());
    let (simulation, export_request, elapsed_ms, stopped, simulated) = match &*outcome {
        Outcome::Ready {
            simulation,
            export_request,
            elapsed_ms,
            inputs,
            ..
        } => (
            simulation.clone(),
            export_request.clone(),
            Some(*elapsed_ms),
            None,
            Some(inputs.clone()),
        ),
        Outcome::Stopped { limit_ms } => (Rc::default(), None, None, Some(*limit_ms), None),
        Outcome::Waiting | Outcome::NoWorker => (Rc::default(), None, None, None, None),
    };
    let no_worker = matches!(*outcome, Outcome::NoWorker);
    // Numbers each result, so tests and benchmarks can wait for the next one.
    let updates = match &*outcome {
        Outcome::Ready { job, .. } => job.to_string(),
        _ => String::new(),
    };

    // The editors below the fold are deferred so that they do not hold up the first result;
    // once it is shown, the idle page builds them.
    {
        let ready = matches!(*outcome, Outcome::Ready { .. });
        use_effect_with(ready, |ready| {
            if *ready {
                crate::editor::build_deferred();
            }
        });
    }

    // A shared state was loaded: keep it (so a reload restores it, with later edits), and take
    // the link out of the address bar so that a reload does not bring the link's state back.
    {
        let state = state.clone();
        let save_note = save_note.clone();
        use_effect_with((), move |()| {
            if *from_link.borrow() {
                save_note.set(autosave(&state));
                browser::clear_fragment();
            }
        });
    }

    // Autosave after the user pauses; each change restarts the wait.
    {
        let state = state.clone();
        let save_note = save_note.clone();
        let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
        use_effect_with(state.revision, move |revision| {
            if *revision > 0 {
                let timer_slot = timer.clone();
                *timer.borrow_mut() = Some(Timeout::new(AUTOSAVE_MS, move || {
                    save_note.set(autosave(&state));
                    timer_slot.borrow_mut().take();
                }));
            }
        });
    }

    // What the templates see, for completion and hover: the body template's context and the
    // URL and header templates' (an event too large to lay out is not parsed here either).
    let event_json = use_memo(Rc::clone(&state.doc.event), |event| {
        (event.len() <= crate::components::LARGE_EVENT_BYTES)
            .then(|| serde_json::from_str::<Json>(event).ok())
            .flatten()
    });
    let form = state.settings().form_values;
    let oauth = state.analysis.requires_oauth;
    let scope = use_memo(
        (
            event_json.clone(),
            form.clone(),
            oauth,
            state.active_template().cloned(),
        ),
        |(event, form, oauth, path)| {
            let root = Root::Body {
                path: path.clone().unwrap_or_default(),
            };
            Scope::new(
                root,
                event.as_ref().as_ref(),
                form,
                *oauth,
                path_values.clone(),
            )
        },
    );
    let endpoint_scope = use_memo((event_json, form, oauth), |(event, form, oauth)| {
        let event = event.as_ref().as_ref();
        Scope::new(Root::Endpoint, event, form, *oauth, path_values)
    });

    let on_share = {
        let state = state.clone();
        let share_view = share_view.clone();
        Callback::from(move |without_event: bool| {
            let doc = state.shareable();
            let event_bytes = doc.event.len();
            let doc = if without_event {
                share::without_event(doc)
            } else {
                doc
            };
            let view = match share::fragment(&doc) {
                Ok(fragment) => ShareView::Link {
                    url: format!("{}{fragment}", browser::page_url()).into(),
                    without_event,
                },
                Err(e) => ShareView::TooLarge {
                    bytes: e.bytes,
                    event_bytes,
                },
            };
            share_view.set(Some((state.revision, view)));
        })
    };
    let on_close_share = {
        let share_view = share_view.clone();
        Callback::from(move |()| share_view.set(None))
    };

    let sim = &*simulation;
    let has_problem_in = |source: &Source| {
        sim.diagnostics
            .iter()
            .any(|d| &d.source == source && d.severity == hookpad_core::Severity::Error)
    };
    let variables = state
        .analysis
        .variables
        .iter()
        .map(|v| {
            (
                v.clone(),
                state.field_value(&v.variable),
                state.secret_keys.contains(&v.variable.key),
            )
        })
        .collect::<Vec<_>>();
    let paths: Vec<AttrValue> = state
        .named_templates()
        .iter()
        .map(|p| AttrValue::from(p.clone()))
        .collect();
    let supplied: Vec<AttrValue> = paths
        .iter()
        .filter(|p| state.doc.templates.contains_key(p.as_str()))
        .cloned()
        .collect();
    let active = state.active_template().cloned();
    let active_text = active
        .as_ref()
        .and_then(|a| state.doc.templates.get(a))
        .map_or_else(AttrValue::default, |t| AttrValue::from(Rc::clone(t)));
    let template_invalid = active
        .as_ref()
        .is_some_and(|a| has_problem_in(&Source::Template(a.clone())));
    let json_body = sim.body_json.is_some();
    let pairs_text = state.doc.pairs.clone().unwrap_or_else(|| {
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
    let policy_invalid = policy_invalid(sim, state.doc.policy.is_some());
    let not_sent = sim.policy.as_ref().is_some_and(|p| !p.sent);
    let share_view = share_view
        .as_ref()
        .filter(|(revision, _)| *revision == state.revision)
        .map(|(_, view)| view.clone());
    let manifest_hint = state.manifest_error.as_ref().map(|e| {
        AttrValue::from(format!(
            "Not valid JSON at line {}, column {}: {}. The templates and form variables below are \
             from the last version that was.",
            e.line, e.column, e.message
        ))
    });
    let exports_request = if state.include_secrets {
        None
    } else {
        export_request
    };
    let secrets_typed = state.secrets.any_typed();
    let marks = |editor: &Editor| {
        simulated
            .as_ref()
            .and_then(|inputs| marks_for(&state, sim, inputs, editor))
            .map(|marks| with_untaken_branches(marks, &state, editor))
    };
    let select = |editor: &Editor| {
        state
            .focus
            .as_ref()
            .filter(|f| &f.editor == editor)
            .map(|f| Selection {
                line: f.line,
                column: f.column,
                end_line: f.end_line,
                end_column: f.end_column,
                seq: f.seq,
            })
    };
    let template_editor = active
        .clone()
        .map(Editor::Template)
        .unwrap_or(Editor::Manifest);
    let (template_marks, template_select) = if active.is_some() {
        (marks(&template_editor), select(&template_editor))
    } else {
        (None, None)
    };
    let cb = &*callbacks;

    // Every event at once: run in its own worker, only while open.
    let matrix_run = use_state_eq(|| 0_u64);
    let matrix_request = use_memo(
        (
            state.matrix_open,
            state.matrix_samples,
            Rc::clone(&state.doc.manifest),
            state.doc.templates.clone(),
            matrix_settings(&state),
            state.doc.events.clone(),
        ),
        |(open, samples, manifest, templates, settings, events)| {
            open.then(|| {
                MatrixJob(Rc::new(MatrixRequest {
                    id: 0,
                    manifest: manifest.to_string(),
                    templates: templates
                        .iter()
                        .map(|(p, t)| (p.clone(), t.to_string()))
                        .collect(),
                    settings: settings.clone(),
                    events: events.iter().map(crate::doc::UserEvent::named).collect(),
                    samples: *samples,
                }))
            })
        },
    );
    let matrix = use_matrix((*matrix_request).clone(), *matrix_run);
    // The untaken branches go to the state, for the editors.
    {
        let d = state.dispatcher();
        let outcome = matrix.clone();
        let job = match &*matrix {
            MatrixOutcome::Ready { job, .. } => *job,
            _ => 0,
        };
        use_effect_with(job, move |_| {
            if let MatrixOutcome::Ready { matrix, events, .. } = &*outcome {
                d.dispatch(Action::SetUntaken {
                    branches: UntakenBranch::of(matrix, *events),
                });
            }
        });
    }
    let files_cb = use_memo((), {
        let d = state.dispatcher();
        move |()| FileCallbacks::new(&d)
    });
    let on_matrix_run = {
        let matrix_run = matrix_run.clone();
        Callback::from(move |()| matrix_run.set(*matrix_run + 1))
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |()| export(&state))
    };
    let user_events: Vec<AttrValue> = state
        .doc
        .events
        .iter()
        .map(|e| AttrValue::from(e.name.clone()))
        .collect();
    let fc = &*files_cb;

    html! {
        <>
            <Toolbar dialect={state.doc.dialect} mode={state.doc.mode} elapsed_ms={elapsed_ms}
                on_dialect={cb.dialect.clone()} on_mode={cb.mode.clone()} on_example={cb.example.clone()}
                on_new={cb.new.clone()} on_share={on_share.clone()} />
            <Notices undo={state.undo.as_ref().map(|u| u.what)} notice={state.notice.clone()} save_note={*save_note}
                on_undo={cb.undo.clone()} on_dismiss_undo={cb.dismiss_undo.clone()} on_dismiss_notice={cb.dismiss_notice.clone()} />
            <IntegrationFiles note={state.import_note.clone()} on_import={fc.import.clone()} on_event={fc.event.clone()}
                on_export={on_export} on_dismiss={fc.dismiss_import.clone()} />
            if let Some(view) = share_view {
                <SharePanel view={view} on_share={on_share} on_close={on_close_share} />
            }
            <Split start_id="sources" start={html! {
                <div class="inputs" id="sources">
                    <section aria-label="Manifest">
                        <CodeEditor id="manifest-input" label="manifest.json" testid="manifest-input"
                            value={AttrValue::from(Rc::clone(&state.doc.manifest))} on_change={cb.manifest.clone()} language={Language::Json}
                            marks={marks(&Editor::Manifest)} select={select(&Editor::Manifest)} invalid={has_problem_in(&Source::Manifest)} hint={manifest_hint}
                            scope={(*endpoint_scope).clone()} />
                    </section>
                    <TemplateTabs paths={paths} has_hook={state.analysis.has_hook} supplied={supplied} active={active.map(AttrValue::from)}
                        text={active_text} on_select={cb.select_template.clone()} on_change={cb.template.clone()}
                        marks={template_marks} select={template_select} scope={(*scope).clone()} invalid={template_invalid} />
                    <EventPanel text={AttrValue::from(Rc::clone(&state.doc.event))} on_change={cb.event.clone()}
                        on_sample={cb.sample.clone()} marks={marks(&Editor::Event)} select={select(&Editor::Event)} invalid={has_problem_in(&Source::Event)} />
                    <FormVariables variables={variables} on_change={cb.form.clone()} />
                    <PolicyEditor text={state.policy_text()} edited={state.doc.policy.is_some()}
                        environments={state.doc.environments.clone()} on_change={cb.policy.clone()} on_reset={cb.reset_policy.clone()}
                        on_environments={cb.environments.clone()} marks={marks(&Editor::Policy)} select={select(&Editor::Policy)} invalid={has_problem_in(&Source::Policy)}
                        pairs={pairs_text} pairs_edited={state.doc.pairs.is_some()} on_pairs={cb.pairs.clone()}
                        on_reset_pairs={cb.reset_pairs.clone()} />
                </div>
            }} end={html! {
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
                    <PolicyView report={sim.policy.clone()} invalid={policy_invalid} />
                    <RequestView simulation={simulation.clone()} not_sent={not_sent} policy_invalid={policy_invalid} />
                    <DiagnosticsList diagnostics={sim.diagnostics.clone()} on_select={cb.diagnostic.clone()} />
                    <DifferencesView differences={sim.differences.clone()} />
                    <Exports request={sim.request.clone()} export_request={exports_request} json={json_body}
                        include_secrets={state.include_secrets} secrets_typed={secrets_typed}
                        on_include_secrets={cb.include_secrets.clone()} />
                    <EventMatrix open={state.matrix_open} outcome={matrix} untaken={state.untaken.clone()} user_events={user_events}
                        samples={state.matrix_samples} on_samples={fc.samples.clone()} on_open={fc.open.clone()} on_run={on_matrix_run}
                        on_row={fc.row.clone()} on_branch={fc.branch.clone()} on_add_sample={fc.add_sample.clone()} on_remove={fc.remove.clone()} />
                </div>
            }} />
        </>
    }
}

/// The settings the matrix runs with: the page's, less what belongs to the event in the editor
/// (its pairs) or to the single result (dialect, mode, the exports' values).
fn matrix_settings(state: &State) -> Settings {
    Settings {
        export_form_values: None,
        dialect: Dialect::default(),
        mode: Mode::default(),
        accesses: None,
        ..state.settings()
    }
}

/// Offers the integration as a `.zip`: the manifest and the templates it names, as edited.
fn export(state: &State) {
    let templates = state
        .named_templates()
        .iter()
        .filter_map(|p| state.doc.templates.get(p).map(|t| (p.as_str(), &**t)));
    if let Ok(bytes) = crate::import::export(&state.doc.manifest, templates) {
        crate::files::download(
            &crate::import::export_name(&state.doc.manifest),
            &bytes,
            "application/zip",
        );
    }
}

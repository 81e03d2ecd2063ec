//! The callbacks the components get: made once, they only dispatch actions.

use hookpad_core::diagnostic::Diagnostic;
use hookpad_core::{Dialect, Mode};
use serde_json::Value as Json;
use yew::prelude::*;

use super::marks::editor_of;
use crate::import::Imported;
use crate::state::{Action, Editor, State};

/// Every callback the components get: made once, they only dispatch.
pub struct Callbacks {
    pub manifest: Callback<String>,
    pub event: Callback<String>,
    pub sample: Callback<String>,
    pub policy: Callback<String>,
    pub reset_policy: Callback<()>,
    pub environments: Callback<String>,
    pub pairs: Callback<String>,
    pub reset_pairs: Callback<()>,
    pub select_template: Callback<String>,
    pub template: Callback<(String, String)>,
    pub form: Callback<(String, Json)>,
    pub dialect: Callback<Dialect>,
    pub mode: Callback<Mode>,
    pub example: Callback<()>,
    pub new: Callback<()>,
    pub undo: Callback<()>,
    pub dismiss_undo: Callback<()>,
    pub dismiss_notice: Callback<()>,
    pub include_secrets: Callback<bool>,
    pub diagnostic: Callback<Diagnostic>,
}

impl Callbacks {
    pub fn new(d: &UseReducerDispatcher<State>) -> Self {
        let text = |f: fn(String) -> Action| {
            let d = d.clone();
            Callback::from(move |text: String| d.dispatch(f(text)))
        };
        let unit = |action: Action| {
            let d = d.clone();
            Callback::from(move |()| d.dispatch(action.clone()))
        };
        let dd = d.clone();
        let template = Callback::from(move |(path, text): (String, String)| {
            dd.dispatch(Action::SetTemplate { path, text });
        });
        let dd = d.clone();
        let form = Callback::from(move |(key, value): (String, Json)| {
            dd.dispatch(Action::SetFormValue { key, value });
        });
        let dd = d.clone();
        let dialect = Callback::from(move |dialect| dd.dispatch(Action::SetDialect { dialect }));
        let dd = d.clone();
        let mode = Callback::from(move |mode| dd.dispatch(Action::SetMode { mode }));
        let dd = d.clone();
        let include_secrets = Callback::from(move |on| dd.dispatch(Action::IncludeSecrets { on }));
        let dd = d.clone();
        let diagnostic = Callback::from(move |d: Diagnostic| {
            if let (Some(editor), Some(at)) = (editor_of(&d), d.location) {
                dd.dispatch(Action::Focus {
                    editor,
                    line: at.line,
                    column: at.column,
                    end_line: at.end_line,
                    end_column: at.end_column,
                });
            }
        });
        Self {
            manifest: text(|text| Action::SetManifest { text }),
            event: text(|text| Action::SetEvent { text }),
            sample: text(|name| Action::PickSample { name }),
            policy: text(|text| Action::SetPolicy { text }),
            reset_policy: unit(Action::ResetPolicy),
            environments: text(|text| Action::SetEnvironments { text }),
            pairs: text(|text| Action::SetPairs { text }),
            reset_pairs: unit(Action::ResetPairs),
            select_template: text(|path| Action::SelectTemplate { path }),
            template,
            form,
            dialect,
            mode,
            example: unit(Action::LoadExample),
            new: unit(Action::New),
            undo: unit(Action::Undo),
            dismiss_undo: unit(Action::DismissUndo),
            dismiss_notice: unit(Action::DismissNotice),
            include_secrets,
            diagnostic,
        }
    }
}

/// The callbacks of the integration's files and of the matrix: made once, they only dispatch.
pub struct FileCallbacks {
    pub import: Callback<Result<Imported, String>>,
    pub event: Callback<(String, String)>,
    pub dismiss_import: Callback<()>,
    pub open: Callback<bool>,
    pub samples: Callback<bool>,
    pub row: Callback<String>,
    pub branch: Callback<(String, u32, u32)>,
    pub add_sample: Callback<String>,
    pub remove: Callback<String>,
}

impl FileCallbacks {
    pub fn new(d: &UseReducerDispatcher<State>) -> Self {
        let make = |f: fn(String) -> Action| {
            let d = d.clone();
            Callback::from(move |s: String| d.dispatch(f(s)))
        };
        let dd = d.clone();
        let import = Callback::from(move |r: Result<Imported, String>| {
            dd.dispatch(match r {
                Ok(imported) => Action::Import { imported },
                Err(message) => Action::ImportFailed { message },
            });
        });
        let dd = d.clone();
        let event = Callback::from(move |(name, json): (String, String)| {
            dd.dispatch(Action::AddEvent { name, json });
        });
        let dd = d.clone();
        let dismiss_import = Callback::from(move |()| dd.dispatch(Action::DismissImport));
        let dd = d.clone();
        let open = Callback::from(move |open| dd.dispatch(Action::ShowMatrix { open }));
        let dd = d.clone();
        let samples = Callback::from(move |on| dd.dispatch(Action::MatrixSamples { on }));
        let dd = d.clone();
        let branch = Callback::from(move |(path, line, column): (String, u32, u32)| {
            dd.dispatch(Action::Focus {
                editor: Editor::Template(path),
                line,
                column,
                end_line: line,
                end_column: column,
            });
        });
        let dd = d.clone();
        let add_sample = Callback::from(move |name: String| {
            if let Some(sample) = hookpad_core::samples::event(&name) {
                dd.dispatch(Action::AddEvent {
                    name,
                    json: sample.json.to_owned(),
                });
            }
        });
        Self {
            import,
            event,
            dismiss_import,
            open,
            samples,
            row: make(|name| Action::LoadEvent { name }),
            branch,
            add_sample,
            remove: make(|name| Action::RemoveEvent { name }),
        }
    }
}

//! The app's state and every change to it, as a pure reducer (no storage, no DOM), so that it runs
//! under plain `cargo test`.
//!
//! The manifest is read once per change of its text ([`Analysis::of`]); the state keeps the last
//! valid analysis while the text does not parse, so the template tabs and form variables stay.
//! Secret values live in [`Secrets`], apart from the saved and shared [`Doc`].

use std::collections::BTreeMap;
use std::rc::Rc;

use hookpad_core::manifest::FormVariable;
use hookpad_core::simulate::Access;
use hookpad_core::{Dialect, Mode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use yew::Reducible;

use crate::analysis::{Analysis, ManifestError};
use crate::doc::{example_template, kept_fraction, Doc};
use crate::import::{ImportNote, Imported};
use crate::protocol::{Inputs, Settings};
use crate::secrets::{SecretKeys, Secrets};

/// An input a diagnostic can point into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Editor {
    Manifest,
    Template(String),
    Event,
    Policy,
}

/// "Select this range": applied by the editor after the next render (1-based lines, UTF-16
/// columns, end exclusive). `seq` makes two requests for the same place distinct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FocusRequest {
    pub editor: Editor,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub seq: u64,
}

/// What replaced the user's work, so it can be undone in one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replacement {
    Example,
    New,
    /// An integration imported from a folder or a `.zip`.
    Import,
}

/// The work a replacement took away.
#[derive(Clone, Debug, PartialEq)]
pub struct Undo {
    pub what: Replacement,
    doc: Doc,
    set_aside: Rc<BTreeMap<String, Rc<str>>>,
}

/// A message about how the page was restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The saved event was too large to keep; a sample event stands in for it.
    EventNotRestored { bytes: usize },
}

/// Everything on the page that is not a simulation result.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// What is saved and shared.
    pub doc: Doc,
    /// The last manifest text that parsed, read.
    pub analysis: Rc<Analysis>,
    /// Why the current manifest text does not parse (then `analysis` is an earlier text's).
    pub manifest_error: Option<ManifestError>,
    /// Every key secret in a manifest seen since the page opened.
    pub secret_keys: SecretKeys,
    pub secrets: Secrets,
    /// Templates the manifest stopped naming, kept for this session in case it names them again.
    set_aside: Rc<BTreeMap<String, Rc<str>>>,
    pub undo: Option<Rc<Undo>>,
    /// Counts changes to `doc`: autosave waits for it to stop changing.
    pub revision: u64,
    /// Whether the exports (curl, Markdown) carry secret values.
    pub include_secrets: bool,
    pub notice: Option<Notice>,
    pub focus: Option<FocusRequest>,
    /// Whether the matrix of every event is open (it runs only then).
    pub matrix_open: bool,
    /// Whether the matrix runs Hookpad's sample events besides the user's.
    pub matrix_samples: bool,
    /// What the last import did, or why it failed.
    pub import_note: Option<Rc<Result<ImportNote, String>>>,
    /// The branches no event of the last matrix took (for the editors to mark).
    pub untaken: Rc<Vec<UntakenBranch>>,
}

impl Default for State {
    fn default() -> Self {
        Self::example()
    }
}

/// Every change the UI can make.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetManifest {
        text: String,
    },
    SetTemplate {
        path: String,
        text: String,
    },
    SelectTemplate {
        path: String,
    },
    SetEvent {
        text: String,
    },
    PickSample {
        name: String,
    },
    SetFormValue {
        key: String,
        value: Json,
    },
    SetPolicy {
        text: String,
    },
    ResetPolicy,
    SetEnvironments {
        text: String,
    },
    SetPairs {
        text: String,
    },
    ResetPairs,
    SetDialect {
        dialect: Dialect,
    },
    SetMode {
        mode: Mode,
    },
    IncludeSecrets {
        on: bool,
    },
    /// Replace everything with the example (undoable).
    LoadExample,
    /// Replace everything with a blank integration (undoable).
    New,
    Undo,
    DismissUndo,
    DismissNotice,
    Focus {
        editor: Editor,
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
    },
    /// Replace the integration with one read from files (undoable).
    Import {
        imported: Imported,
    },
    ImportFailed {
        message: String,
    },
    DismissImport,
    /// Add an event to the user's list (a same-named one is replaced) and put it in the editor.
    AddEvent {
        name: String,
        json: String,
    },
    /// Put the user's event, or Hookpad's sample, of this name in the editor.
    LoadEvent {
        name: String,
    },
    RemoveEvent {
        name: String,
    },
    ShowMatrix {
        open: bool,
    },
    MatrixSamples {
        on: bool,
    },
    SetUntaken {
        branches: Vec<UntakenBranch>,
    },
}

impl State {
    /// The example integration with the first sample event: what a first visit shows.
    #[must_use]
    pub fn example() -> Self {
        Self::from_doc(Doc::example())
    }

    /// A state for a document read from storage or a link (read once here).
    #[must_use]
    pub fn from_doc(mut doc: Doc) -> Self {
        let notice = doc.event_not_saved.take().map(|bytes| {
            doc.event = Doc::stand_in_event();
            Notice::EventNotRestored { bytes }
        });
        let mut state = Self {
            doc,
            analysis: Rc::default(),
            manifest_error: None,
            secret_keys: SecretKeys::default(),
            secrets: Secrets::default(),
            set_aside: Rc::default(),
            undo: None,
            revision: 0,
            include_secrets: false,
            notice,
            focus: None,
            matrix_open: false,
            matrix_samples: true,
            import_note: None,
            untaken: Rc::default(),
        };
        state.read_manifest();
        state
    }

    /// Reads the manifest text: a valid one replaces the analysis and may make keys secret.
    /// Returns the analysis it replaced, if it did.
    fn read_manifest(&mut self) -> Option<Rc<Analysis>> {
        match Analysis::of(&self.doc.manifest) {
            Ok(analysis) => {
                self.manifest_error = None;
                if self.secret_keys.add(&analysis.secret_keys) {
                    // A value typed while its key was not (yet) secret moves to the secrets.
                    let keys: Vec<String> = self.secret_keys.iter().cloned().collect();
                    for key in keys {
                        if let Some(value) = self.doc.form_values.remove(&key) {
                            if self.secrets.get(&key).is_none() {
                                self.secrets.set(key, value);
                            }
                        }
                    }
                }
                if *self.analysis == analysis {
                    None
                } else {
                    Some(std::mem::replace(&mut self.analysis, Rc::new(analysis)))
                }
            }
            Err(e) => {
                self.manifest_error = Some(e);
                None
            }
        }
    }

    /// The template paths the (last valid) manifest names.
    #[must_use]
    pub fn named_templates(&self) -> &[String] {
        &self.analysis.templates
    }

    /// The template tab on screen: the chosen one if the manifest names it, else the first.
    #[must_use]
    pub fn active_template(&self) -> Option<&String> {
        let named = self.named_templates();
        self.doc
            .active_template
            .as_ref()
            .filter(|a| named.contains(a))
            .or_else(|| named.first())
    }

    /// What the user set for `variable` (a secret from the secrets), if anything.
    #[must_use]
    pub fn typed_value(&self, variable: &FormVariable) -> Option<&Json> {
        if self.secret_keys.contains(&variable.key) {
            self.secrets.get(&variable.key)
        } else {
            self.doc.form_values.get(&variable.key)
        }
    }

    /// The value in the field: what the user set, else the `defaultValue`, else nothing (the
    /// field then shows the placeholder the simulation uses).
    #[must_use]
    pub fn field_value(&self, variable: &FormVariable) -> Json {
        self.typed_value(variable)
            .or(variable.default_value.as_ref())
            .cloned()
            .unwrap_or(Json::Null)
    }

    /// The value a simulation uses: the field's, else the integration framework's placeholder.
    #[must_use]
    pub fn form_value(&self, variable: &FormVariable) -> Json {
        match self.field_value(variable) {
            Json::Null => hookpad_core::context::placeholder(variable),
            v => v,
        }
    }

    /// The text in the policy editor.
    #[must_use]
    pub fn policy_text(&self) -> String {
        self.doc
            .policy
            .clone()
            .unwrap_or_else(|| self.analysis.default_policy.clone())
    }

    /// The environments list, trimmed, without empty entries.
    #[must_use]
    pub fn environment_list(&self) -> Vec<String> {
        self.doc
            .environments
            .split([',', '\n'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The small inputs of a simulation (the big texts travel apart, see [`Inputs`]).
    #[must_use]
    pub fn settings(&self) -> Settings {
        let variables = &self.analysis.variables;
        let form_values: Map<String, Json> = variables
            .iter()
            .map(|v| (v.variable.key.clone(), self.form_value(&v.variable)))
            .collect();
        // Exports leave secrets out unless asked: the worker renders them a second time with
        // the placeholders instead of what was typed.
        let export_form_values = (!self.include_secrets && self.secrets.any_typed()).then(|| {
            variables
                .iter()
                .map(|v| {
                    let value = if self.secret_keys.contains(&v.variable.key) {
                        hookpad_core::context::placeholder(&v.variable)
                    } else {
                        self.form_value(&v.variable)
                    };
                    (v.variable.key.clone(), value)
                })
                .collect()
        });
        Settings {
            form_values,
            export_form_values,
            dialect: self.doc.dialect,
            mode: self.doc.mode,
            environments: self.environment_list(),
            policy: self.doc.policy.clone(),
            accesses: self.doc.pairs.as_deref().map(parse_pairs),
            integration_key: self.doc.integration_key.clone(),
        }
    }

    /// Everything a simulation needs; copying it copies pointers only.
    #[must_use]
    pub fn inputs(&self) -> Inputs {
        Inputs {
            manifest: Rc::clone(&self.doc.manifest),
            templates: self.doc.templates.clone(),
            event: Rc::clone(&self.doc.event),
            settings: self.settings(),
        }
    }

    /// The document to save or share. Secret values have no place in it; a key that became
    /// secret after its value was set is dropped here too.
    #[must_use]
    pub fn shareable(&self) -> Doc {
        let mut doc = self.doc.clone();
        doc.form_values.retain(|k, _| !self.secret_keys.contains(k));
        doc
    }

    /// Makes the templates follow a manifest that names other paths: a template it no longer
    /// names is set aside (and comes back if it is named again), a single renamed path keeps its
    /// text, and when the manifest was replaced rather than edited, the example's untouched
    /// templates go (they belong to the example, not to the pasted integration).
    fn follow_templates(&mut self, previous: &Analysis, previous_text: &str) {
        let named = self.analysis.templates.clone();
        let gone: Vec<String> = self
            .doc
            .templates
            .keys()
            .filter(|p| !named.contains(p))
            .cloned()
            .collect();
        let new: Vec<&String> = named
            .iter()
            .filter(|p| !previous.templates.contains(p) && !self.doc.templates.contains_key(*p))
            .collect();
        let set_aside = Rc::make_mut(&mut self.set_aside);
        if let ([old], [renamed]) = (gone.as_slice(), new.as_slice()) {
            if previous.templates.contains(old) {
                if let Some(text) = self.doc.templates.remove(old) {
                    self.doc.templates.insert((*renamed).clone(), text);
                }
                if self.doc.active_template.as_ref() == Some(old) {
                    self.doc.active_template = Some((*renamed).clone());
                }
                return;
            }
        }
        for path in gone {
            if let Some(text) = self.doc.templates.remove(&path) {
                set_aside.insert(path, text);
            }
        }
        for path in &named {
            if !self.doc.templates.contains_key(path) {
                if let Some(text) = set_aside.remove(path) {
                    self.doc.templates.insert(path.clone(), text);
                }
            }
        }
        if kept_fraction(previous_text, &self.doc.manifest) < 0.5 {
            self.doc
                .templates
                .retain(|path, text| example_template(path) != Some(&**text));
        }
        if self
            .doc
            .active_template
            .as_ref()
            .is_none_or(|a| !named.contains(a))
        {
            self.doc.active_template = named.first().cloned();
        }
    }

    /// Replaces the document, keeping what replaced it for one-step undo.
    fn replace(&mut self, what: Replacement, doc: Doc) {
        let undo = Undo {
            what,
            doc: std::mem::replace(&mut self.doc, doc),
            set_aside: std::mem::take(&mut self.set_aside),
        };
        self.read_manifest();
        self.undo = Some(Rc::new(undo));
    }

    fn apply(mut self, action: Action) -> Self {
        let mut edited = true;
        match action {
            Action::SetManifest { text } => {
                let previous_text = std::mem::replace(&mut self.doc.manifest, text.into());
                if let Some(previous) = self.read_manifest() {
                    if previous.templates != self.analysis.templates {
                        self.follow_templates(&previous, &previous_text);
                    }
                }
            }
            Action::SetTemplate { path, text } => {
                self.doc.templates.insert(path.clone(), text.into());
                self.doc.active_template = Some(path);
            }
            Action::SelectTemplate { path } => self.doc.active_template = Some(path),
            Action::SetEvent { text } => self.doc.event = text.into(),
            Action::PickSample { name } => {
                if let Some(sample) = hookpad_core::samples::event(&name) {
                    self.doc.event = sample.json.into();
                }
            }
            Action::SetFormValue { key, value } => {
                if self.secret_keys.contains(&key) {
                    self.secrets.set(key, value);
                    // Nothing saved changed.
                    edited = false;
                } else {
                    self.doc.form_values.insert(key, value);
                }
            }
            Action::SetPolicy { text } => self.doc.policy = Some(text),
            Action::ResetPolicy => self.doc.policy = None,
            Action::SetEnvironments { text } => self.doc.environments = text,
            Action::SetPairs { text } => self.doc.pairs = Some(text),
            Action::ResetPairs => self.doc.pairs = None,
            Action::SetDialect { dialect } => self.doc.dialect = dialect,
            Action::SetMode { mode } => self.doc.mode = mode,
            Action::IncludeSecrets { on } => {
                self.include_secrets = on;
                edited = false;
            }
            Action::LoadExample => self.replace(Replacement::Example, Doc::example()),
            Action::New => self.replace(Replacement::New, Doc::blank()),
            Action::Undo => {
                if let Some(undo) = self.undo.take() {
                    self.doc = undo.doc.clone();
                    self.set_aside = Rc::clone(&undo.set_aside);
                    self.read_manifest();
                }
            }
            Action::DismissUndo => {
                self.undo = None;
                edited = false;
            }
            Action::DismissNotice => {
                self.notice = None;
                edited = false;
            }
            Action::Focus {
                editor,
                line,
                column,
                end_line,
                end_column,
            } => {
                if let Editor::Template(path) = &editor {
                    self.doc.active_template = Some(path.clone());
                }
                let seq = self.focus.as_ref().map_or(0, |f| f.seq + 1);
                self.focus = Some(FocusRequest {
                    editor,
                    line,
                    column,
                    end_line,
                    end_column,
                    seq,
                });
                edited = false;
            }
            other => edited = self.apply_events(other),
        }
        if edited {
            self.revision += 1;
        }
        self
    }
}

/// Whether an action is an edit that ends the chance to undo a replacement.
fn ends_undo(action: &Action) -> bool {
    !matches!(
        action,
        Action::LoadExample
            | Action::New
            | Action::Undo
            | Action::DismissUndo
            | Action::DismissNotice
            | Action::Focus { .. }
            | Action::SelectTemplate { .. }
            | Action::IncludeSecrets { .. }
            | Action::Import { .. }
            | Action::ImportFailed { .. }
            | Action::DismissImport
            | Action::ShowMatrix { .. }
            | Action::MatrixSamples { .. }
            | Action::SetUntaken { .. }
    )
}

/// `resource action` per line (blank lines skipped; a line without an action has an empty one).
#[must_use]
pub fn parse_pairs(text: &str) -> Vec<Access> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (resource, action) = l.rsplit_once(char::is_whitespace).unwrap_or((l, ""));
            Access {
                resource: resource.trim().to_owned(),
                action: action.trim().to_owned(),
            }
        })
        .collect()
}

/// The pairs as the pair editor shows them.
#[must_use]
pub fn format_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .map(|(r, a)| format!("{r} {a}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        if ends_undo(&action) {
            state.undo = None;
        }
        Rc::new(state.apply(action))
    }
}

mod events;
#[cfg(test)]
mod tests;

pub use events::UntakenBranch;

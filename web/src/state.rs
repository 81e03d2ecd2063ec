//! The app's state and every change to it, as a pure reducer (no storage, no DOM), so that it runs
//! under plain `cargo test`.

use std::collections::BTreeMap;
use std::rc::Rc;

use hookpad_core::manifest::{FormVariable, Manifest};
use hookpad_core::simulate::{Access, SimulationInput};
use hookpad_core::text::PositionEncoding;
use hookpad_core::{samples, Dialect, Mode};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use yew::Reducible;

/// An input a diagnostic can point into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Editor {
    Manifest,
    Template(String),
    Event,
    Policy,
}

/// "Put the cursor here": applied by the app after the next render. `seq` makes two requests for
/// the same place distinct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FocusRequest {
    pub editor: Editor,
    pub line: u32,
    pub column: u32,
    pub seq: u64,
}

/// Everything the user has typed or chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    pub manifest: String,
    pub templates: BTreeMap<String, String>,
    pub active_template: Option<String>,
    pub event: String,
    /// Values the user set, by form-variable key (strings, or booleans for checkboxes).
    pub form_values: BTreeMap<String, Json>,
    /// The user's policy text; `None` follows the manifest's `defaultPolicy`.
    pub policy: Option<String>,
    /// Comma-separated environments an "all environments" event expands to.
    pub environments: String,
    /// The user's (resource, action) pairs, one `resource action` per line; `None` derives them
    /// from the event.
    pub pairs: Option<String>,
    pub dialect: Dialect,
    pub mode: Mode,
    #[serde(skip)]
    pub focus: Option<FocusRequest>,
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
    LoadExample,
    Focus {
        editor: Editor,
        line: u32,
        column: u32,
    },
}

impl State {
    /// The example integration with the first sample event: what a first visit shows.
    #[must_use]
    pub fn example() -> Self {
        let templates = samples::INTEGRATION.template_map();
        Self {
            manifest: samples::INTEGRATION.manifest.to_owned(),
            active_template: samples::INTEGRATION
                .templates
                .first()
                .map(|(p, _)| (*p).to_owned()),
            templates,
            event: samples::EVENTS
                .first()
                .map(|e| e.json.to_owned())
                .unwrap_or_default(),
            form_values: BTreeMap::new(),
            policy: None,
            environments: "production, test".to_owned(),
            pairs: None,
            dialect: Dialect::Preview,
            mode: Mode::Event,
            focus: None,
        }
    }

    /// The manifest as far as it can be read (a half-typed one reads as empty).
    #[must_use]
    pub fn parsed_manifest(&self) -> Manifest {
        serde_json::from_str::<Json>(&self.manifest)
            .map(|v| Manifest::from_json(&v))
            .unwrap_or_default()
    }

    /// The template paths the manifest names, in manifest order, without repeats.
    #[must_use]
    pub fn named_templates(&self) -> Vec<String> {
        let mut paths: Vec<String> = Vec::new();
        if let Some(hook) = self.parsed_manifest().hook {
            for t in hook.templates {
                if !paths.contains(&t.path) {
                    paths.push(t.path);
                }
            }
        }
        paths
    }

    /// The form value shown for `variable`: what the user set, else its `defaultValue`, else the
    /// integration framework's placeholder.
    #[must_use]
    pub fn form_value(&self, variable: &FormVariable) -> Json {
        self.form_values
            .get(&variable.key)
            .cloned()
            .or_else(|| variable.default_value.clone())
            .unwrap_or_else(|| hookpad_core::context::placeholder(variable))
    }

    /// The manifest's `defaultPolicy`, pretty-printed (what the policy editor starts from).
    #[must_use]
    pub fn default_policy_text(&self) -> String {
        self.parsed_manifest()
            .hook
            .and_then(|h| h.default_policy)
            .and_then(|p| serde_json::to_string_pretty(&p).ok())
            .unwrap_or_else(|| "[]".to_owned())
    }

    /// The text in the policy editor.
    #[must_use]
    pub fn policy_text(&self) -> String {
        self.policy
            .clone()
            .unwrap_or_else(|| self.default_policy_text())
    }

    /// The environments list, trimmed, without empty entries.
    #[must_use]
    pub fn environment_list(&self) -> Vec<String> {
        self.environments
            .split([',', '\n'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The text of an editor.
    #[must_use]
    pub fn editor_text(&self, editor: &Editor) -> String {
        match editor {
            Editor::Manifest => self.manifest.clone(),
            Editor::Template(path) => self.templates.get(path).cloned().unwrap_or_default(),
            Editor::Event => self.event.clone(),
            Editor::Policy => self.policy_text(),
        }
    }

    /// The simulation input for the core.
    #[must_use]
    pub fn simulation_input(&self) -> SimulationInput {
        let manifest = self.parsed_manifest();
        let form_values = manifest
            .form_variables
            .iter()
            .map(|v| (v.key.clone(), self.form_value(v)))
            .collect();
        SimulationInput {
            manifest: self.manifest.clone(),
            templates: self.templates.clone(),
            event: self.event.clone(),
            form_values,
            dialect: self.dialect,
            mode: self.mode,
            environments: Some(self.environment_list()),
            policy: self.policy.clone(),
            accesses: self.pairs.as_deref().map(parse_pairs),
            encoding: PositionEncoding::Utf16,
        }
    }

    /// The keys of secret form variables: never written to a link or to storage.
    #[must_use]
    pub fn secret_keys(&self) -> Vec<String> {
        self.parsed_manifest()
            .form_variables
            .into_iter()
            .filter(|v| v.is_secret)
            .map(|v| v.key)
            .collect()
    }

    /// A copy fit for sharing and storage: secrets removed, transient fields cleared.
    #[must_use]
    pub fn without_secrets(&self) -> State {
        let mut copy = self.clone();
        for key in self.secret_keys() {
            copy.form_values.remove(&key);
        }
        copy.focus = None;
        copy
    }

    fn apply(mut self, action: Action) -> Self {
        match action {
            Action::SetManifest { text } => {
                self.manifest = text;
                let named = self.named_templates();
                if self
                    .active_template
                    .as_ref()
                    .is_none_or(|a| !named.contains(a))
                {
                    self.active_template = named.first().cloned();
                }
            }
            Action::SetTemplate { path, text } => {
                self.templates.insert(path.clone(), text);
                self.active_template = Some(path);
            }
            Action::SelectTemplate { path } => self.active_template = Some(path),
            Action::SetEvent { text } => self.event = text,
            Action::PickSample { name } => {
                if let Some(sample) = samples::event(&name) {
                    self.event = sample.json.to_owned();
                }
            }
            Action::SetFormValue { key, value } => {
                self.form_values.insert(key, value);
            }
            Action::SetPolicy { text } => self.policy = Some(text),
            Action::ResetPolicy => self.policy = None,
            Action::SetEnvironments { text } => self.environments = text,
            Action::SetPairs { text } => self.pairs = Some(text),
            Action::ResetPairs => self.pairs = None,
            Action::SetDialect { dialect } => self.dialect = dialect,
            Action::SetMode { mode } => self.mode = mode,
            Action::LoadExample => self = Self::example(),
            Action::Focus {
                editor,
                line,
                column,
            } => {
                if let Editor::Template(path) = &editor {
                    self.active_template = Some(path.clone());
                }
                let seq = self.focus.as_ref().map_or(0, |f| f.seq + 1);
                self.focus = Some(FocusRequest {
                    editor,
                    line,
                    column,
                    seq,
                });
            }
        }
        self
    }
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
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn the_example_renders_without_problems() {
        let sim = hookpad_core::simulate(&State::example().simulation_input());
        assert!(sim.request.is_some());
        assert!(sim.diagnostics.is_empty(), "{:?}", sim.diagnostics);
    }

    #[test]
    fn form_values_default_then_follow_the_user() {
        let state = State::example();
        let manifest = state.parsed_manifest();
        let channel = manifest
            .form_variables
            .iter()
            .find(|v| v.key == "channel")
            .unwrap();
        assert_eq!(state.form_value(channel), Json::from("releases"));
        let token = manifest
            .form_variables
            .iter()
            .find(|v| v.key == "apiToken")
            .unwrap();
        assert_eq!(state.form_value(token), Json::from("apiToken"));
        let state = reduce(
            state,
            Action::SetFormValue {
                key: "channel".into(),
                value: Json::from("ops"),
            },
        );
        assert_eq!(state.form_value(channel), Json::from("ops"));
    }

    #[test]
    fn secrets_never_leave() {
        let state = reduce(
            State::example(),
            Action::SetFormValue {
                key: "apiToken".into(),
                value: Json::from("s3cret"),
            },
        );
        let shared = state.without_secrets();
        assert!(!shared.form_values.contains_key("apiToken"));
        assert!(!serde_json::to_string(&shared).unwrap().contains("s3cret"));
    }

    #[test]
    fn policy_follows_the_manifest_until_edited() {
        let state = State::example();
        assert!(state.policy_text().contains("proj/*:env/production:flag/*"));
        let edited = reduce(state, Action::SetPolicy { text: "[]".into() });
        assert_eq!(edited.simulation_input().policy.as_deref(), Some("[]"));
        let reset = reduce(edited, Action::ResetPolicy);
        assert_eq!(reset.simulation_input().policy, None);
    }

    #[test]
    fn focusing_a_template_selects_its_tab() {
        let state = reduce(
            State::example(),
            Action::Focus {
                editor: Editor::Template("templates/member.json.hbs".into()),
                line: 2,
                column: 3,
            },
        );
        assert_eq!(
            state.active_template.as_deref(),
            Some("templates/member.json.hbs")
        );
        let again = reduce(
            state.clone(),
            Action::Focus {
                editor: Editor::Event,
                line: 1,
                column: 1,
            },
        );
        assert_eq!(
            again.focus.as_ref().unwrap().seq,
            state.focus.unwrap().seq + 1
        );
    }

    #[test]
    fn edited_pairs_replace_the_derived_ones() {
        let state = reduce(
            State::example(),
            Action::SetPairs {
                text: "proj/p:env/test:flag/f updateOn\n\n  member/abc  updateRole ".into(),
            },
        );
        let accesses = state.simulation_input().accesses.unwrap();
        assert_eq!(accesses.len(), 2);
        assert_eq!(
            (accesses[1].resource.as_str(), accesses[1].action.as_str()),
            ("member/abc", "updateRole")
        );
        assert_eq!(
            reduce(state, Action::ResetPairs)
                .simulation_input()
                .accesses,
            None
        );
        assert_eq!(
            format_pairs([("a", "b"), ("c", "d")].into_iter()),
            "a b\nc d"
        );
    }

    #[test]
    fn samples_and_environments() {
        let state = reduce(
            State::example(),
            Action::PickSample {
                name: "segment-update".into(),
            },
        );
        assert!(state.event.contains("\"kind\": \"segment\""));
        let state = reduce(
            state,
            Action::SetEnvironments {
                text: " production,staging ,,".into(),
            },
        );
        assert_eq!(state.environment_list(), ["production", "staging"]);
    }
}

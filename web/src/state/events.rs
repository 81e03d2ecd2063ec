//! The whole integration at once: importing it from files, the user's own events, the matrix of
//! every event and the branches no event took.

use std::rc::Rc;

use hookpad_core::matrix::{never_taken_by, Matrix};

use super::{Action, Replacement, State};
use crate::doc::UserEvent;

/// A branch of a template that no event of the last matrix took, where the editor can mark it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UntakenBranch {
    pub template: String,
    /// 1-based line and (UTF-16) column of where the branch starts, and where it ends.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub description: String,
    /// " in production (taken in preview)" when only one dialect missed it; else empty.
    pub only_in: &'static str,
    /// How many events the matrix ran.
    pub events: usize,
}

impl UntakenBranch {
    /// The untaken branches of `matrix`, which ran `events` events.
    #[must_use]
    pub fn of(matrix: &Matrix, events: usize) -> Vec<Self> {
        matrix
            .distinct_branches()
            .into_iter()
            .filter(|b| !b.taken())
            .map(|b| Self {
                line: b.location.line,
                column: b.location.column,
                end_line: b.location.end_line,
                end_column: b.location.end_column,
                only_in: b.missed_only_in(),
                description: b.description,
                template: b.template,
                events,
            })
            .collect()
    }

    /// "`then` of #if: never taken by any of the 7 events", with the dialect when only one missed it.
    #[must_use]
    pub fn message(&self) -> String {
        format!(
            "{}: {}{}",
            self.description,
            never_taken_by(self.events),
            self.only_in
        )
    }
}

impl State {
    /// The user's event named `name`, else Hookpad's sample of that name.
    #[must_use]
    pub fn event_named(&self, name: &str) -> Option<Rc<str>> {
        self.doc
            .events
            .iter()
            .find(|e| e.name == name)
            .map(|e| Rc::clone(&e.json))
            .or_else(|| hookpad_core::samples::event(name).map(|s| Rc::from(s.json)))
    }

    /// The actions of this module; returns whether the saved document changed.
    pub(super) fn apply_events(&mut self, action: Action) -> bool {
        match action {
            Action::Import { imported } => {
                let mut doc = self.doc.clone();
                doc.manifest = imported.manifest.into();
                doc.templates = imported
                    .templates
                    .into_iter()
                    .map(|(p, t)| (p, Rc::from(t)))
                    .collect();
                doc.active_template = None;
                doc.form_values.clear();
                doc.policy = None;
                doc.pairs = None;
                doc.integration_key = imported.key;
                self.replace(Replacement::Import, doc);
                self.import_note = Some(Rc::new(Ok(imported.note)));
                self.untaken = Rc::default();
                true
            }
            Action::ImportFailed { message } => {
                self.import_note = Some(Rc::new(Err(message)));
                false
            }
            Action::DismissImport => {
                self.import_note = None;
                false
            }
            Action::AddEvent { name, json } => {
                // A sample's name stays the sample's.
                let name = if hookpad_core::samples::event(&name).is_some() {
                    format!("my {name}")
                } else {
                    name
                };
                let json: Rc<str> = json.into();
                match self.doc.events.iter_mut().find(|e| e.name == name) {
                    Some(e) => e.json = Rc::clone(&json),
                    None => self.doc.events.push(UserEvent {
                        name,
                        json: Rc::clone(&json),
                    }),
                }
                self.doc.event = json;
                true
            }
            Action::LoadEvent { name } => match self.event_named(&name) {
                Some(json) => {
                    self.doc.event = json;
                    true
                }
                None => false,
            },
            Action::RemoveEvent { name } => {
                let before = self.doc.events.len();
                self.doc.events.retain(|e| e.name != name);
                before != self.doc.events.len()
            }
            Action::ShowMatrix { open } => {
                self.matrix_open = open;
                false
            }
            Action::MatrixSamples { on } => {
                self.matrix_samples = on;
                false
            }
            Action::SetUntaken { branches } => {
                self.untaken = Rc::new(branches);
                false
            }
            // The other actions are applied in `State::apply`.
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use yew::Reducible;

    use super::*;
    use crate::import::{ImportNote, Imported};
    use crate::protocol::{run_matrix, MatrixRequest};

    fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
        state.reduce(action)
    }

    const MANIFEST: &str = r#"{"name": "Imp", "capabilities": {"auditLogEventsHook": {
        "endpoint": {"url": "https://x.test/{{context.key}}", "method": "POST"},
        "templates": {"flag": "templates/flag.json.hbs", "default": "templates/default.json.hbs"},
        "defaultPolicy": [{"effect": "allow", "resources": ["proj/*:env/*:flag/*"], "actions": ["*"]}]}}}"#;

    fn imported() -> Imported {
        Imported {
            manifest: MANIFEST.to_owned(),
            templates: BTreeMap::from([(
                "templates/flag.json.hbs".to_owned(),
                "{\"k\": \"{{#if kind}}{{key}}{{else}}none{{/if}}\"}".to_owned(),
            )]),
            note: ImportNote {
                from: "imp".into(),
                missing: vec!["templates/default.json.hbs".into()],
                ..ImportNote::default()
            },
            key: Some("imp".into()),
        }
    }

    #[test]
    fn an_imported_folder_s_name_reaches_the_checks_and_is_kept() {
        // LaunchDarkly's gate lets one integration, by its folder's name, have no capabilities.
        let bare = r#"{"name": "AI Config Test Run", "formVariables": []}"#;
        let import = |key: &str| {
            let state = Rc::new(State::example()).reduce(Action::Import {
                imported: Imported {
                    manifest: bare.to_owned(),
                    templates: BTreeMap::new(),
                    note: ImportNote::default(),
                    key: Some(key.to_owned()),
                },
            });
            let sim = crate::protocol::Session::default()
                .run(
                    crate::protocol::Sent::default()
                        .update(1, &state.inputs())
                        .0,
                    None,
                    || 0.0,
                )
                .simulation;
            let flagged = sim
                .diagnostics
                .iter()
                .any(|d| d.code == "manifest/no-capabilities");
            (state, flagged)
        };
        let (state, flagged) = import("aiconfig-test-run");
        assert!(!flagged);
        // Saved with the document, so a reload keeps it; a new integration has none.
        let saved = serde_json::to_string(&state.shareable()).unwrap();
        assert!(
            saved.contains(r#""integration_key":"aiconfig-test-run""#),
            "{saved}"
        );
        let state = state.reduce(Action::New);
        assert_eq!(state.doc.integration_key, None);
        assert!(import("another").1);
    }

    #[test]
    fn import_replaces_the_integration_and_can_be_undone() {
        let state = Rc::new(State::example()).reduce(Action::SetFormValue {
            key: "channel".into(),
            value: "ops".into(),
        });
        let before = state.doc.clone();
        let state = reduce(
            state,
            Action::Import {
                imported: imported(),
            },
        );
        assert_eq!(&*state.doc.manifest, MANIFEST);
        assert_eq!(
            state.named_templates(),
            ["templates/flag.json.hbs", "templates/default.json.hbs"]
        );
        assert_eq!(state.doc.templates.len(), 1);
        assert!(state.doc.form_values.is_empty());
        assert_eq!(state.doc.event, before.event, "the event stays");
        assert_eq!(
            state.undo.as_ref().map(|u| u.what),
            Some(Replacement::Import)
        );
        let note = state.import_note.as_deref().unwrap().as_ref().unwrap();
        assert_eq!(note.missing, ["templates/default.json.hbs"]);
        // Showing the matrix and its result keep the undo.
        let state = reduce(state, Action::ShowMatrix { open: true });
        let state = reduce(state, Action::SetUntaken { branches: vec![] });
        assert!(state.undo.is_some());
        let state = reduce(state, Action::Undo);
        assert_eq!(state.doc, before);
    }

    #[test]
    fn user_events_are_kept_loaded_and_removed() {
        let state = Rc::new(State::example());
        let revision = state.revision;
        let state = reduce(
            state,
            Action::AddEvent {
                name: "mine".into(),
                json: "{\"kind\": \"flag\", \"key\": \"k1\"}".into(),
            },
        );
        assert_eq!(state.doc.events.len(), 1);
        assert_eq!(&*state.doc.event, "{\"kind\": \"flag\", \"key\": \"k1\"}");
        assert!(state.revision > revision, "saved");
        // The same name again replaces it; a sample's name is kept for the sample.
        let state = reduce(
            state,
            Action::AddEvent {
                name: "mine".into(),
                json: "{\"kind\": \"flag\", \"key\": \"k2\"}".into(),
            },
        );
        let state = reduce(
            state,
            Action::AddEvent {
                name: "flag-toggle".into(),
                json: "{}".into(),
            },
        );
        let names: Vec<&str> = state.doc.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["mine", "my flag-toggle"]);
        let state = reduce(
            state,
            Action::LoadEvent {
                name: "mine".into(),
            },
        );
        assert!(state.doc.event.contains("k2"));
        let state = reduce(
            state,
            Action::LoadEvent {
                name: "member-update".into(),
            },
        );
        assert_eq!(
            &*state.doc.event,
            hookpad_core::samples::event("member-update").unwrap().json
        );
        let state = reduce(
            state,
            Action::RemoveEvent {
                name: "mine".into(),
            },
        );
        assert_eq!(state.doc.events.len(), 1);
        // Saved and read back.
        let json = crate::share::to_json(&state.shareable());
        let doc = crate::share::from_json(&json).unwrap();
        assert_eq!(doc.events, state.doc.events);
    }

    #[test]
    fn the_matrix_runs_every_event_and_lists_untaken_branches() {
        let state = reduce(
            Rc::new(State::example()),
            Action::Import {
                imported: imported(),
            },
        );
        let state = reduce(
            state,
            Action::AddEvent {
                name: "no-kind".into(),
                json: "{\"key\": \"x\"}".into(),
            },
        );
        let inputs = state.inputs();
        let reply = run_matrix(MatrixRequest {
            id: 7,
            manifest: inputs.manifest.to_string(),
            templates: inputs
                .templates
                .iter()
                .map(|(p, t)| (p.clone(), t.to_string()))
                .collect(),
            settings: inputs.settings,
            events: state.doc.events.iter().map(UserEvent::named).collect(),
            samples: true,
        });
        assert_eq!(reply.id, 7);
        assert_eq!(reply.events, hookpad_core::samples::EVENTS.len() + 1);
        assert_eq!(reply.matrix.rows.len(), reply.events);
        assert_eq!(reply.matrix.rows.last().unwrap().event, "no-kind");
        let flag = &reply.matrix.rows[0];
        assert_eq!(
            flag.preview.template.as_deref(),
            Some("templates/flag.json.hbs")
        );
        assert_eq!(flag.preview.sent, Some(true));
        // Every flag event has a kind: the else branch is never taken.
        let untaken = UntakenBranch::of(&reply.matrix, reply.events);
        assert_eq!(untaken.len(), 1, "{untaken:?}");
        assert_eq!(untaken[0].template, "templates/flag.json.hbs");
        assert_eq!(
            (untaken[0].line, untaken[0].column),
            (1, 27),
            "at {{{{else}}}}"
        );
        assert!(untaken[0].message().ends_with(&format!(
            "never taken by any of the {} events",
            reply.events
        )));
    }
}

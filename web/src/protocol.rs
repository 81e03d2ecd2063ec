//! The messages between the page and the simulation worker.
//!
//! The worker keeps the inputs between jobs; the page sends only what changed since its last
//! message: the small settings every time, the manifest and each template when their text
//! changed, and the event (as a separate string, never inside JSON) only when it changed. So a
//! keystroke in a template never copies, escapes or parses a multi-megabyte event on the page.

use std::collections::BTreeMap;
use std::rc::Rc;

use hookpad_core::matrix::{Matrix, NamedEvent};
use hookpad_core::render::RenderData;
use hookpad_core::request::Request;
use hookpad_core::simulate::{Access, Simulation, SimulationInput};
use hookpad_core::{Dialect, Mode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::path_value::{self, Contexts, Resolution, Root};

/// Worker → page, once: the worker is listening.
pub const READY: &str = "ready";

/// Page → worker: the first element of a hover job, `[HOVER, request JSON]`.
pub const HOVER: &str = "hover";

/// Worker → page: a hover reply is this, then the [`HoverReply`] as JSON.
pub const HOVER_REPLY: &str = "hover:";

/// Page → worker: what does `path` give in each dialect, in the root context `root`, with the
/// inputs the worker holds now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoverRequest {
    pub id: u64,
    pub root: Root,
    pub requires_oauth: bool,
    pub path: String,
}

/// Worker → page: the answer to the [`HoverRequest`] numbered `id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoverReply {
    pub id: u64,
    pub resolution: Resolution,
}

/// The small inputs, sent with every job.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub form_values: Map<String, Json>,
    /// The form values for the exports' request (secrets replaced by placeholders), when they
    /// differ from `form_values`.
    pub export_form_values: Option<Map<String, Json>>,
    pub dialect: Dialect,
    pub mode: Mode,
    pub environments: Vec<String>,
    pub policy: Option<String>,
    pub accesses: Option<Vec<Access>>,
    pub integration_key: Option<String>,
}

/// Everything a simulation needs, as the page holds it: big texts behind `Rc`, so that
/// comparing two of them is mostly comparing pointers.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub manifest: Rc<str>,
    pub templates: BTreeMap<String, Rc<str>>,
    pub event: Rc<str>,
    pub settings: Settings,
}

fn same(a: &Rc<str>, b: &Rc<str>) -> bool {
    Rc::ptr_eq(a, b) || a == b
}

impl PartialEq for Inputs {
    fn eq(&self, other: &Self) -> bool {
        same(&self.manifest, &other.manifest)
            && same(&self.event, &other.event)
            && self.templates.len() == other.templates.len()
            && self
                .templates
                .iter()
                .zip(&other.templates)
                .all(|((p, a), (q, b))| p == q && same(a, b))
            && self.settings == other.settings
    }
}

/// Page → worker: one job, with what changed since the page's previous message to this worker.
/// The event, when it changed, travels beside it as a plain string.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Update {
    pub id: u64,
    pub settings: Settings,
    pub manifest: Option<String>,
    /// New template texts; `None` removes the template.
    pub templates: BTreeMap<String, Option<String>>,
}

/// Worker → page.
#[derive(Debug, Serialize, Deserialize)]
pub struct Reply {
    pub id: u64,
    pub simulation: Simulation,
    /// The request as the exports show it (secrets replaced), when it differs.
    pub export_request: Option<Request>,
    /// How long the simulation took where it ran, in milliseconds.
    #[serde(default)]
    pub took_ms: f64,
}

/// What the page has sent to the current worker (forgotten when a worker is started).
#[derive(Debug, Default)]
pub struct Sent {
    manifest: Option<Rc<str>>,
    event: Option<Rc<str>>,
    templates: BTreeMap<String, Rc<str>>,
}

impl Sent {
    /// The update that brings the worker from what was sent to `inputs`, and the event if it
    /// changed; records them as sent.
    pub fn update(&mut self, id: u64, inputs: &Inputs) -> (Update, Option<Rc<str>>) {
        let manifest = match &self.manifest {
            Some(m) if same(m, &inputs.manifest) => None,
            _ => {
                self.manifest = Some(Rc::clone(&inputs.manifest));
                Some(inputs.manifest.to_string())
            }
        };
        let event = match &self.event {
            Some(e) if same(e, &inputs.event) => None,
            _ => {
                self.event = Some(Rc::clone(&inputs.event));
                Some(Rc::clone(&inputs.event))
            }
        };
        let mut templates = BTreeMap::new();
        for (path, text) in &inputs.templates {
            if self.templates.get(path).is_none_or(|t| !same(t, text)) {
                templates.insert(path.clone(), Some(text.to_string()));
                self.templates.insert(path.clone(), Rc::clone(text));
            }
        }
        self.templates.retain(|path, _| {
            let keep = inputs.templates.contains_key(path);
            if !keep {
                templates.insert(path.clone(), None);
            }
            keep
        });
        let update = Update {
            id,
            settings: inputs.settings.clone(),
            manifest,
            templates,
        };
        (update, event)
    }
}

/// The worker's side: the inputs as last updated.
#[derive(Default)]
pub struct Session {
    input: SimulationInput,
    /// The root context hover used last, and what it was built for.
    hover_data: Option<(Root, bool, Map<String, Json>, RenderData)>,
}

impl Session {
    /// Applies an update (and a new event, if one came) and simulates; `clock` (milliseconds)
    /// times it.
    pub fn run(&mut self, update: Update, event: Option<String>, clock: fn() -> f64) -> Reply {
        let started = clock();
        let input = &mut self.input;
        // The page's text areas count UTF-16 units.
        input.encoding = hookpad_core::text::PositionEncoding::Utf16;
        if let Some(manifest) = update.manifest {
            input.manifest = manifest;
        }
        if let Some(event) = event {
            input.event = event;
            self.hover_data = None;
        }
        for (path, text) in update.templates {
            match text {
                Some(text) => input.templates.insert(path, text),
                None => input.templates.remove(&path),
            };
        }
        let s = update.settings;
        input.form_values = s.form_values;
        input.dialect = s.dialect;
        input.mode = s.mode;
        input.environments = Some(s.environments);
        input.policy = s.policy;
        input.accesses = s.accesses;
        input.integration_key = s.integration_key;
        let simulation = hookpad_core::simulate(input);
        let export_request = s.export_form_values.and_then(|values| {
            let real = std::mem::replace(&mut input.form_values, values);
            let request = hookpad_core::simulate(input).request;
            input.form_values = real;
            request
        });
        Reply {
            id: update.id,
            simulation,
            export_request,
            took_ms: clock() - started,
        }
    }

    /// What a path gives in each dialect, with the inputs as last updated.
    pub fn hover(&mut self, request: &HoverRequest) -> Resolution {
        let form = &self.input.form_values;
        let data = match self.hover_data.take() {
            Some(kept)
                if kept.0 == request.root
                    && kept.1 == request.requires_oauth
                    && kept.2 == *form =>
            {
                self.hover_data.insert(kept)
            }
            _ => {
                // The simulation's own parsed event (kept by the core for its text).
                let event = hookpad_core::simulate::parsed_event(&self.input.event);
                let contexts = Contexts {
                    event: event.as_ref().as_ref().ok(),
                    form,
                    requires_oauth: request.requires_oauth,
                };
                let data = RenderData::new(contexts.root(&request.root));
                let built = (
                    request.root.clone(),
                    request.requires_oauth,
                    form.clone(),
                    data,
                );
                self.hover_data.insert(built)
            }
        };
        path_value::resolve(&data.3, &request.path)
    }

    /// [`Session::hover`] on JSON text: the reply, with [`HOVER_REPLY`] in front.
    #[must_use]
    pub fn hover_json(&mut self, request: &str) -> Option<String> {
        let request: HoverRequest = serde_json::from_str(request).ok()?;
        let reply = HoverReply {
            id: request.id,
            resolution: self.hover(&request),
        };
        serde_json::to_string(&reply)
            .ok()
            .map(|json| format!("{HOVER_REPLY}{json}"))
    }

    /// Runs a job as it arrives: the update as JSON, and the event when it changed.
    #[must_use]
    pub fn run_json(
        &mut self,
        update: &str,
        event: Option<String>,
        clock: fn() -> f64,
    ) -> Option<String> {
        let update: Update = serde_json::from_str(update).ok()?;
        serde_json::to_string(&self.run(update, event, clock)).ok()
    }
}

/// Page → matrix worker: the first element of a matrix job, `[MATRIX, request JSON]`.
pub const MATRIX: &str = "matrix";

/// Page → worker: every event at once (Hookpad's samples, then `events`) against the whole
/// integration. Sent whole (it runs only while the matrix is open, after the user pauses).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatrixRequest {
    pub id: u64,
    pub manifest: String,
    pub templates: BTreeMap<String, String>,
    pub settings: Settings,
    /// The user's own events.
    pub events: Vec<NamedEvent>,
    /// Run Hookpad's sample events first.
    pub samples: bool,
}

/// Worker → page: the matrix for a [`MatrixRequest`].
#[derive(Debug, Serialize, Deserialize)]
pub struct MatrixReply {
    pub id: u64,
    pub matrix: Matrix,
    /// How many events ran.
    pub events: usize,
}

/// Runs a matrix request: Hookpad's samples and the user's events, both dialects, with coverage.
#[must_use]
pub fn run_matrix(request: MatrixRequest) -> MatrixReply {
    let s = request.settings;
    let base = SimulationInput {
        manifest: request.manifest,
        templates: request.templates,
        form_values: s.form_values,
        environments: Some(s.environments),
        policy: s.policy,
        integration_key: s.integration_key,
        // The page's text areas count UTF-16 units.
        encoding: hookpad_core::text::PositionEncoding::Utf16,
        // Pairs typed for the event in the editor are not every event's.
        accesses: None,
        ..SimulationInput::default()
    };
    let mut events = if request.samples {
        hookpad_core::matrix::sample_events()
    } else {
        Vec::new()
    };
    events.extend(request.events);
    MatrixReply {
        id: request.id,
        matrix: hookpad_core::matrix::run(&base, &events),
        events: events.len(),
    }
}

/// [`run_matrix`] on JSON text.
#[must_use]
pub fn run_matrix_json(request: &str) -> Option<String> {
    let request: MatrixRequest = serde_json::from_str(request).ok()?;
    serde_json::to_string(&run_matrix(request)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, State};
    use std::rc::Rc as StdRc;
    use yew::Reducible;

    fn job(sent: &mut Sent, session: &mut Session, id: u64, state: &State) -> (Update, Reply) {
        let (update, event) = sent.update(id, &state.inputs());
        let json = serde_json::to_string(&update).unwrap();
        let reply = session
            .run_json(&json, event.map(|e| e.to_string()), no_clock)
            .unwrap();
        (update, serde_json::from_str(&reply).unwrap())
    }

    #[test]
    fn only_what_changed_is_sent_and_the_result_is_the_same() {
        let (mut sent, mut session) = (Sent::default(), Session::default());
        let state = StdRc::new(State::example());
        let (first, reply) = job(&mut sent, &mut session, 1, &state);
        assert!(first.manifest.is_some());
        assert_eq!(first.templates.len(), state.doc.templates.len());
        let mut whole = SimulationInput {
            manifest: state.doc.manifest.to_string(),
            templates: state
                .doc
                .templates
                .iter()
                .map(|(p, t)| (p.clone(), t.to_string()))
                .collect(),
            event: state.doc.event.to_string(),
            form_values: state.settings().form_values,
            environments: Some(state.environment_list()),
            encoding: hookpad_core::text::PositionEncoding::Utf16,
            ..SimulationInput::default()
        };
        assert_eq!(reply.simulation, hookpad_core::simulate(&whole));

        // A keystroke in a template sends that template and the settings, nothing else.
        let state = state.reduce(Action::SetTemplate {
            path: "templates/flag.json.hbs".into(),
            text: "{\"k\": \"{{key}}\"}".into(),
        });
        let (update, event) = sent.update(2, &state.inputs());
        assert!(event.is_none());
        assert!(update.manifest.is_none());
        assert_eq!(
            update.templates.keys().collect::<Vec<_>>(),
            ["templates/flag.json.hbs"]
        );
        let reply = session.run(update, None, no_clock);
        whole.templates.insert(
            "templates/flag.json.hbs".into(),
            "{\"k\": \"{{key}}\"}".into(),
        );
        assert_eq!(reply.simulation, hookpad_core::simulate(&whole));
        assert_eq!(
            reply.simulation.request.unwrap().body,
            "{\"k\": \"flag-toggle\"}".replace("flag-toggle", &key_of(&whole.event))
        );

        // A new event travels once.
        let state = state.reduce(Action::PickSample {
            name: "member-update".into(),
        });
        let (_, event) = sent.update(3, &state.inputs());
        assert!(event.is_some());
        let (_, again) = sent.update(4, &state.inputs());
        assert!(again.is_none());
    }

    fn no_clock() -> f64 {
        0.0
    }

    fn key_of(event: &str) -> String {
        serde_json::from_str::<Json>(event).unwrap()["key"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn hover_answers_with_the_inputs_the_worker_holds_now() {
        use crate::path_value::Outcome as Value;
        let (mut sent, mut session) = (Sent::default(), Session::default());
        let state = StdRc::new(State::example());
        job(&mut sent, &mut session, 1, &state);
        let key = key_of(&state.doc.event);
        let ask = |session: &mut Session, root: Root, path: &str| {
            let request = HoverRequest {
                id: 7,
                root,
                requires_oauth: false,
                path: path.into(),
            };
            let reply = session.hover_json(&serde_json::to_string(&request).unwrap());
            let json = reply.as_deref().and_then(|r| r.strip_prefix(HOVER_REPLY));
            let reply: HoverReply = serde_json::from_str(json.unwrap()).unwrap();
            assert_eq!(reply.id, 7);
            reply.resolution
        };
        let body = || Root::Body {
            path: "templates/flag.json.hbs".into(),
        };
        assert_eq!(
            ask(&mut session, body(), "key").preview,
            Value::Value { text: key.clone() }
        );
        assert_eq!(
            ask(&mut session, Root::Endpoint, "context.key").production,
            Value::Value { text: key.clone() }
        );

        // A new event and a new form value are seen by the next question.
        let state = state
            .reduce(Action::PickSample {
                name: "member-update".into(),
            })
            .reduce(Action::SetFormValue {
                key: "apiToken".into(),
                value: Json::from("t0ken"),
            });
        job(&mut sent, &mut session, 2, &state);
        let new_key = key_of(&state.doc.event);
        assert_ne!(new_key, key);
        assert_eq!(
            ask(&mut session, body(), "key").preview,
            Value::Value { text: new_key }
        );
        assert_eq!(
            ask(&mut session, Root::Endpoint, "apiToken").preview,
            Value::Value {
                text: "t0ken".into()
            }
        );
    }

    #[test]
    fn removed_templates_are_removed_in_the_worker() {
        let (mut sent, mut session) = (Sent::default(), Session::default());
        let state = StdRc::new(State::example());
        job(&mut sent, &mut session, 1, &state);
        let state = state.reduce(Action::New);
        let (update, _) = job(&mut sent, &mut session, 2, &state);
        assert!(update
            .templates
            .get("templates/flag.json.hbs")
            .is_some_and(Option::is_none));
        assert_eq!(session.input.templates.len(), 1);
    }

    #[test]
    fn exports_leave_typed_secrets_out() {
        let (mut sent, mut session) = (Sent::default(), Session::default());
        let state = StdRc::new(State::example()).reduce(Action::SetFormValue {
            key: "apiToken".into(),
            value: Json::from("s3cret"),
        });
        let (_, reply) = job(&mut sent, &mut session, 1, &state);
        let shown = serde_json::to_string(&reply.simulation.request).unwrap();
        assert!(shown.contains("s3cret"), "the page shows the real request");
        let export = reply.export_request.unwrap();
        assert!(!serde_json::to_string(&export).unwrap().contains("s3cret"));
        assert!(export.to_curl().contains("Bearer apiToken"));
        // Turned on: no second rendering, the exports use the request itself.
        let state = state.reduce(Action::IncludeSecrets { on: true });
        let (_, reply) = job(&mut sent, &mut session, 2, &state);
        assert!(reply.export_request.is_none());
    }
}

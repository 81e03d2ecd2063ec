use super::*;
use hookpad_core::Severity;

fn reduce(state: State, action: Action) -> State {
    (*Rc::new(state).reduce(action)).clone()
}

fn run(state: State, actions: impl IntoIterator<Item = Action>) -> State {
    actions.into_iter().fold(state, reduce)
}

fn simulate(state: &State) -> hookpad_core::Simulation {
    let (mut sent, mut session) = (
        crate::protocol::Sent::default(),
        crate::protocol::Session::default(),
    );
    let (update, event) = sent.update(1, &state.inputs());
    session
        .run(update, event.map(|e| e.to_string()), || 0.0)
        .simulation
}

fn saved_json(state: &State) -> String {
    serde_json::to_string(&state.shareable()).unwrap()
}

fn variable<'a>(state: &'a State, key: &str) -> &'a FormVariable {
    &state
        .analysis
        .variables
        .iter()
        .find(|v| v.variable.key == key)
        .unwrap()
        .variable
}

const DATADOG: &str = r#"{
  "name": "Datadog Events",
  "formVariables": [
    { "key": "apiKey", "name": "Datadog API key", "type": "string", "description": "Your API key.", "isSecret": true },
    { "key": "hostURL", "name": "Host", "type": "enum", "allowedValues": ["https://api.datadoghq.com"], "defaultValue": "https://api.datadoghq.com", "description": "d" }
  ],
  "capabilities": {
    "auditLogEventsHook": {
      "endpoint": { "url": "{{hostURL}}/api/v1/events", "method": "POST",
        "headers": [{ "name": "DD-API-KEY", "value": "{{apiKey}}" }] },
      "templates": { "default": "templates/default.json.hbs", "member": "templates/member.json.hbs" },
      "defaultPolicy": [{ "effect": "allow", "resources": ["proj/*:env/production:flag/*"], "actions": ["*"] }]
    }
  }
}"#;

#[test]
fn the_example_renders_without_problems() {
    let sim = simulate(&State::example());
    assert!(sim.request.is_some());
    assert!(sim.diagnostics.is_empty(), "{:?}", sim.diagnostics);
}

#[test]
fn a_new_integration_renders_without_errors() {
    let state = reduce(State::example(), Action::New);
    assert_eq!(state.named_templates(), ["templates/default.json.hbs"]);
    let sim = simulate(&state);
    let errors: Vec<_> = sim
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(sim.request.unwrap().body.contains("\"kind\": \"flag\""));
    assert_eq!(sim.policy.map(|p| p.sent), Some(true));
}

/// The issue's scenario: a secret typed into a secret field, then the manifest broken.
#[test]
fn a_secret_stays_out_of_storage_while_the_manifest_is_broken() {
    let state = run(
        State::example(),
        [
            Action::SetManifest {
                text: DATADOG.into(),
            },
            Action::SetFormValue {
                key: "apiKey".into(),
                value: Json::from("dd-s3cret"),
            },
        ],
    );
    assert!(!saved_json(&state).contains("dd-s3cret"));
    // The request shows it (it is the user's own screen)…
    assert!(serde_json::to_string(&simulate(&state).request)
        .unwrap()
        .contains("dd-s3cret"));
    // …and it stays apart when the manifest stops parsing.
    let broken = reduce(
        state,
        Action::SetManifest {
            text: DATADOG.replacen('{', "", 1),
        },
    );
    assert!(broken.manifest_error.is_some());
    assert!(!saved_json(&broken).contains("dd-s3cret"));
    assert!(
        !format!("{broken:?}").contains("dd-s3cret"),
        "not even in a debug print"
    );
    // Reloaded from what was saved, and the manifest fixed: the field is empty.
    let reloaded: Doc = serde_json::from_str(&saved_json(&broken)).unwrap();
    let fixed = reduce(
        State::from_doc(reloaded),
        Action::SetManifest {
            text: DATADOG.into(),
        },
    );
    assert_eq!(fixed.field_value(variable(&fixed, "apiKey")), Json::Null);
    assert_eq!(
        fixed.form_value(variable(&fixed, "apiKey")),
        Json::from("apiKey"),
        "the simulation uses the placeholder"
    );
}

#[test]
fn a_key_secret_once_stays_secret() {
    let plain = DATADOG.replace("\"isSecret\": true", "\"isSecret\": false");
    // Typed while not secret: saved.
    let state = run(
        State::example(),
        [
            Action::SetManifest {
                text: plain.clone(),
            },
            Action::SetFormValue {
                key: "apiKey".into(),
                value: Json::from("typed-early"),
            },
        ],
    );
    assert!(saved_json(&state).contains("typed-early"));
    // The manifest makes it secret: the value moves to the secrets and is still used.
    let state = reduce(
        state,
        Action::SetManifest {
            text: DATADOG.into(),
        },
    );
    assert!(!saved_json(&state).contains("typed-early"));
    assert_eq!(
        state.form_value(variable(&state, "apiKey")),
        Json::from("typed-early")
    );
    // The manifest stops saying so: it stays secret for this session.
    let state = run(
        state,
        [
            Action::SetManifest { text: plain },
            Action::SetFormValue {
                key: "apiKey".into(),
                value: Json::from("typed-late"),
            },
        ],
    );
    assert!(!saved_json(&state).contains("typed-late"));
}

#[test]
fn the_hmac_key_is_secret_even_without_is_secret() {
    let state = reduce(
        State::example(),
        Action::SetFormValue {
            key: "apiToken".into(),
            value: Json::from("tok"),
        },
    );
    assert!(!saved_json(&state).contains("tok\""));
    assert_eq!(state.revision, 0, "a secret is not an edit to save");
}

#[test]
fn panels_stay_while_the_manifest_is_invalid() {
    let state = State::example();
    let before = Rc::clone(&state.analysis);
    let broken = reduce(
        state,
        Action::SetManifest {
            text: "{ \"name\": ".into(),
        },
    );
    let error = broken.manifest_error.clone().unwrap();
    assert_eq!(error.line, 1);
    assert!(
        Rc::ptr_eq(&before, &broken.analysis),
        "the last valid analysis is kept"
    );
    assert_eq!(broken.named_templates().len(), 6);
    assert_eq!(
        broken.active_template().map(String::as_str),
        Some("templates/flag.json.hbs")
    );
    assert_eq!(broken.doc.templates.len(), 6, "no template is dropped");
    // The simulation reports the parse error.
    assert!(simulate(&broken)
        .diagnostics
        .iter()
        .any(|d| d.source == hookpad_core::Source::Manifest && d.severity == Severity::Error));
}

#[test]
fn keystrokes_elsewhere_keep_the_analysis() {
    let state = State::example();
    let before = Rc::clone(&state.analysis);
    let after = run(
        state,
        [
            Action::SetTemplate {
                path: "templates/flag.json.hbs".into(),
                text: "x".into(),
            },
            Action::SetEvent { text: "{}".into() },
            // An edit that changes nothing the page derives.
            Action::SetManifest {
                text: hookpad_core::samples::INTEGRATION
                    .manifest
                    .replace("1.0.0", "1.0.1"),
            },
        ],
    );
    assert!(Rc::ptr_eq(&before, &after.analysis));
    assert_eq!(after.revision, 3);
}

#[test]
fn pasting_another_manifest_drops_templates_it_does_not_name() {
    let state = reduce(
        State::example(),
        Action::SetManifest {
            text: DATADOG.into(),
        },
    );
    assert_eq!(
        state.named_templates(),
        ["templates/default.json.hbs", "templates/member.json.hbs"]
    );
    // The example's own (untouched) templates went with it: the tabs are empty, not the
    // example's text under the same paths.
    assert!(
        state.doc.templates.is_empty(),
        "{:?}",
        state.doc.templates.keys()
    );
    assert_eq!(
        state.active_template().map(String::as_str),
        Some("templates/default.json.hbs")
    );
    assert!(!saved_json(&state).contains("templates/flag.json.hbs"));
}

#[test]
fn edited_templates_survive_manifest_edits() {
    let mine = "{\"mine\": true}";
    let state = reduce(
        State::example(),
        Action::SetTemplate {
            path: "templates/default.json.hbs".into(),
            text: mine.into(),
        },
    );
    // Rename the path as a user types it: the text follows.
    let renamed = state
        .doc
        .manifest
        .replace("templates/default.json.hbs", "templates/other.json.hbs");
    let state = reduce(state, Action::SetManifest { text: renamed });
    assert_eq!(
        state
            .doc
            .templates
            .get("templates/other.json.hbs")
            .map(|t| &**t),
        Some(mine)
    );
    // Remove the entry (editing, not pasting): set aside, and back when named again.
    let manifest = state.doc.manifest.to_string();
    let without = manifest.replace("\"default\": \"templates/other.json.hbs\",", "");
    let state = reduce(state, Action::SetManifest { text: without });
    assert!(!state.doc.templates.contains_key("templates/other.json.hbs"));
    let state = reduce(state, Action::SetManifest { text: manifest });
    assert_eq!(
        state
            .doc
            .templates
            .get("templates/other.json.hbs")
            .map(|t| &**t),
        Some(mine)
    );
    // The example's untouched templates stay while the manifest is only edited.
    assert_eq!(state.doc.templates.len(), 6);
}

#[test]
fn load_example_and_new_can_be_undone() {
    let state = run(
        State::example(),
        [
            Action::SetManifest {
                text: DATADOG.into(),
            },
            Action::SetTemplate {
                path: "templates/default.json.hbs".into(),
                text: "my work".into(),
            },
            Action::SetFormValue {
                key: "apiKey".into(),
                value: Json::from("k"),
            },
        ],
    );
    let mine = state.doc.clone();
    let example = reduce(state, Action::LoadExample);
    assert_eq!(example.doc, Doc::example());
    assert_eq!(
        example.undo.as_ref().map(|u| u.what),
        Some(Replacement::Example)
    );
    let back = reduce(example, Action::Undo);
    assert_eq!(back.doc, mine);
    assert!(back.undo.is_none());
    assert_eq!(back.named_templates().len(), 2);
    assert_eq!(back.form_value(variable(&back, "apiKey")), Json::from("k"));

    let blank = reduce(back, Action::New);
    assert_eq!(blank.doc, Doc::blank());
    // The next edit ends the chance to undo.
    let edited = reduce(blank, Action::SetEvent { text: "{}".into() });
    assert!(edited.undo.is_none());
    assert_eq!(reduce(edited.clone(), Action::Undo).doc, edited.doc);
}

#[test]
fn a_saved_state_without_its_event_says_so() {
    let mut doc = Doc::example();
    doc.event = "".into();
    doc.event_not_saved = Some(5_000_000);
    let state = State::from_doc(doc);
    assert_eq!(
        state.notice,
        Some(Notice::EventNotRestored { bytes: 5_000_000 })
    );
    assert!(state.doc.event.contains("\"kind\""));
    assert_eq!(state.doc.event_not_saved, None);
}

#[test]
fn form_values_default_then_follow_the_user() {
    let state = State::example();
    let channel = variable(&state, "channel").clone();
    assert_eq!(state.form_value(&channel), Json::from("releases"));
    let token = variable(&state, "apiToken").clone();
    assert_eq!(state.form_value(&token), Json::from("apiToken"));
    assert_eq!(state.field_value(&token), Json::Null);
    let state = reduce(
        state,
        Action::SetFormValue {
            key: "channel".into(),
            value: Json::from("ops"),
        },
    );
    assert_eq!(state.form_value(&channel), Json::from("ops"));
    assert!(saved_json(&state).contains("\"channel\":\"ops\""));
}

#[test]
fn policy_follows_the_manifest_until_edited() {
    let state = State::example();
    assert!(state.policy_text().contains("proj/*:env/production:flag/*"));
    let edited = reduce(state, Action::SetPolicy { text: "[]".into() });
    assert_eq!(edited.settings().policy.as_deref(), Some("[]"));
    let reset = reduce(edited, Action::ResetPolicy);
    assert_eq!(reset.settings().policy, None);
}

#[test]
fn focusing_a_template_selects_its_tab() {
    let state = reduce(
        State::example(),
        Action::Focus {
            editor: Editor::Template("templates/member.json.hbs".into()),
            line: 2,
            column: 3,
            end_line: 2,
            end_column: 7,
        },
    );
    assert_eq!(
        state.active_template().map(String::as_str),
        Some("templates/member.json.hbs")
    );
    let again = reduce(
        state.clone(),
        Action::Focus {
            editor: Editor::Event,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
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
    let accesses = state.settings().accesses.unwrap();
    assert_eq!(accesses.len(), 2);
    assert_eq!(
        (accesses[1].resource.as_str(), accesses[1].action.as_str()),
        ("member/abc", "updateRole")
    );
    assert_eq!(reduce(state, Action::ResetPairs).settings().accesses, None);
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
    assert!(state.doc.event.contains("\"kind\": \"segment\""));
    let state = reduce(
        state,
        Action::SetEnvironments {
            text: " production,staging ,,".into(),
        },
    );
    assert_eq!(state.environment_list(), ["production", "staging"]);
}

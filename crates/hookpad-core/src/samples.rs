//! Hookpad's own example integration and sample events, written for this project. The CLI's
//! `--sample` and the web app's event picker use them.

/// A sample audit-log event.
#[derive(Clone, Copy, Debug)]
pub struct SampleEvent {
    /// The name `--sample` takes, e.g. `flag-toggle`.
    pub name: &'static str,
    /// The event's `kind`.
    pub kind: &'static str,
    pub json: &'static str,
}

macro_rules! event {
    ($name:literal, $kind:literal) => {
        SampleEvent {
            name: $name,
            kind: $kind,
            json: include_str!(concat!("../samples/events/", $name, ".json")),
        }
    };
}

/// One sample per kind LaunchDarkly sends (and a few variants of flags).
pub const EVENTS: &[SampleEvent] = &[
    event!("flag-toggle", "flag"),
    event!("flag-update", "flag"),
    event!("flag-all-environments", "flag"),
    event!("project-create", "project"),
    event!("environment-update", "environment"),
    event!("member-update", "member"),
    event!("segment-update", "segment"),
    event!("metric-create", "metric"),
    event!("webhook-enable", "webhook"),
];

/// The sample event called `name`.
#[must_use]
pub fn event(name: &str) -> Option<&'static SampleEvent> {
    EVENTS.iter().find(|e| e.name == name)
}

/// An integration: its manifest and template files.
#[derive(Clone, Copy, Debug)]
pub struct SampleIntegration {
    pub manifest: &'static str,
    /// `(path, text)` for every template the manifest names.
    pub templates: &'static [(&'static str, &'static str)],
}

macro_rules! template {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!("../samples/integration/", $path)),
        )
    };
}

impl SampleIntegration {
    /// The template files by path, as [`crate::SimulationInput::templates`] takes them.
    #[must_use]
    pub fn template_map(&self) -> std::collections::BTreeMap<String, String> {
        self.templates
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect()
    }
}

/// The example integration: every template key, typed form variables, an HMAC signature and a
/// default policy.
pub const INTEGRATION: SampleIntegration = SampleIntegration {
    manifest: include_str!("../samples/integration/manifest.json"),
    templates: &[
        template!("templates/flag.json.hbs"),
        template!("templates/project.json.hbs"),
        template!("templates/environment.json.hbs"),
        template!("templates/member.json.hbs"),
        template!("templates/default.json.hbs"),
        template!("templates/validation.json.hbs"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::{simulate, SimulationInput};
    use crate::Dialect;

    #[test]
    fn every_sample_event_is_an_object_of_its_kind() {
        for e in EVENTS {
            let v: serde_json::Value = serde_json::from_str(e.json).unwrap();
            assert_eq!(v["kind"], e.kind, "{}", e.name);
        }
    }

    #[test]
    fn the_example_renders_every_sample_cleanly_in_both_dialects() {
        for dialect in Dialect::ALL {
            for e in EVENTS {
                let input = SimulationInput {
                    manifest: INTEGRATION.manifest.to_owned(),
                    templates: INTEGRATION.template_map(),
                    event: e.json.to_owned(),
                    dialect,
                    ..SimulationInput::default()
                };
                let sim = simulate(&input);
                assert!(
                    sim.diagnostics.is_empty(),
                    "{} {dialect:?}: {:?}",
                    e.name,
                    sim.diagnostics
                );
                assert!(
                    sim.body_json.as_ref().is_some_and(|b| b.valid),
                    "{}: {:?}",
                    e.name,
                    sim.request
                );
            }
        }
    }
}

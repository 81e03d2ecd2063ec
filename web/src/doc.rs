//! The document: everything the user typed or chose that is saved and shared. It has no place for
//! a secret value (those live in [`crate::secrets::Secrets`]), and it is the only thing ever
//! serialised. Big texts are `Rc<str>`, so that copying the state on a keystroke copies pointers,
//! not a multi-megabyte event.

use std::collections::BTreeMap;
use std::rc::Rc;

use hookpad_core::{samples, Dialect, Mode};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// The saved and shared part of the state (field names as earlier versions stored them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Doc {
    pub manifest: Rc<str>,
    pub templates: BTreeMap<String, Rc<str>>,
    pub active_template: Option<String>,
    pub event: Rc<str>,
    /// Values the user set for non-secret form variables (strings, or booleans for checkboxes).
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
    /// The user's own events, run with Hookpad's samples in the matrix.
    pub events: Vec<UserEvent>,
    /// The integration's key (its folder's name), when it was imported: one manifest rule
    /// depends on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_key: Option<String>,
    /// In storage only: the event was too large to keep, and this many bytes long.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_not_saved: Option<usize>,
}

impl Default for Doc {
    fn default() -> Self {
        Self::example()
    }
}

/// An event the user added (picked or dropped a `.json`), by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserEvent {
    pub name: String,
    pub json: Rc<str>,
}

impl UserEvent {
    /// The event as the matrix takes it.
    #[must_use]
    pub fn named(&self) -> hookpad_core::matrix::NamedEvent {
        hookpad_core::matrix::NamedEvent {
            name: self.name.clone(),
            json: self.json.to_string(),
        }
    }
}

/// The first sample event (a flag toggled in production).
fn first_sample() -> Rc<str> {
    samples::EVENTS
        .first()
        .map(|e| e.json)
        .unwrap_or("{}")
        .into()
}

/// A new integration: the least a manifest needs for an audit-log hook, with one string and one
/// secret variable, and one template.
pub const BLANK_MANIFEST: &str = r#"{
  "name": "My integration",
  "version": "1.0.0",
  "overview": "Sends LaunchDarkly changes to my service.",
  "description": "Sends LaunchDarkly flag changes to my service as they happen.",
  "author": "My team",
  "supportEmail": "support@example.com",
  "links": {
    "site": "https://example.com",
    "privacyPolicy": "https://example.com/privacy"
  },
  "categories": ["messaging"],
  "icons": {
    "square": "assets/images/square.svg",
    "horizontal": "assets/images/horizontal.svg"
  },
  "formVariables": [
    {
      "key": "webhookUrl",
      "name": "Webhook URL",
      "description": "Where your service receives the events.",
      "type": "uri"
    },
    {
      "key": "apiToken",
      "name": "API token",
      "description": "The token your service expects in the Authorization header.",
      "type": "string",
      "isSecret": true
    }
  ],
  "capabilities": {
    "auditLogEventsHook": {
      "endpoint": {
        "url": "{{webhookUrl}}",
        "method": "POST",
        "headers": [
          { "name": "Content-Type", "value": "application/json" },
          { "name": "Authorization", "value": "Bearer {{apiToken}}" }
        ]
      },
      "templates": {
        "default": "templates/default.json.hbs"
      },
      "defaultPolicy": [
        {
          "effect": "allow",
          "resources": ["proj/*:env/*:flag/*"],
          "actions": ["*"]
        }
      ]
    }
  }
}
"#;

/// The one template of a new integration.
pub const BLANK_TEMPLATE: &str = r#"{
  "title": "{{{title.plainText}}}",
  "kind": "{{kind}}",
  "action": "{{verbKind}}"
}
"#;

impl Doc {
    /// The example integration with the first sample event: what a first visit shows.
    #[must_use]
    pub fn example() -> Self {
        let templates = samples::INTEGRATION
            .templates
            .iter()
            .map(|(p, t)| ((*p).to_owned(), Rc::from(*t)))
            .collect();
        Self {
            manifest: samples::INTEGRATION.manifest.into(),
            active_template: samples::INTEGRATION
                .templates
                .first()
                .map(|(p, _)| (*p).to_owned()),
            templates,
            event: first_sample(),
            form_values: BTreeMap::new(),
            policy: None,
            environments: "production, test".to_owned(),
            pairs: None,
            dialect: Dialect::Preview,
            mode: Mode::Event,
            events: Vec::new(),
            integration_key: None,
            event_not_saved: None,
        }
    }

    /// A blank integration: [`BLANK_MANIFEST`], [`BLANK_TEMPLATE`] and the first sample event.
    #[must_use]
    pub fn blank() -> Self {
        let path = "templates/default.json.hbs".to_owned();
        Self {
            manifest: BLANK_MANIFEST.into(),
            templates: BTreeMap::from([(path.clone(), Rc::from(BLANK_TEMPLATE))]),
            active_template: Some(path),
            ..Self::example()
        }
    }

    /// What the event is replaced with when it was too large to save.
    #[must_use]
    pub fn stand_in_event() -> Rc<str> {
        first_sample()
    }
}

/// The example's own text for a template path, if it has one.
#[must_use]
pub fn example_template(path: &str) -> Option<&'static str> {
    samples::INTEGRATION
        .templates
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, t)| *t)
}

/// How much of `old` survives in `new`: the common prefix and suffix over the longer length.
/// Typing keeps nearly all of it; pasting a different manifest keeps little.
#[must_use]
pub fn kept_fraction(old: &str, new: &str) -> f64 {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    #[allow(clippy::cast_precision_loss)]
    let fraction = (prefix + suffix) as f64 / longest as f64;
    fraction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_earlier_versions_stored() {
        let old = r#"{"manifest":"{}","templates":{"a":"x"},"active_template":"a","event":"{}",
            "form_values":{"channel":"ops"},"policy":null,"environments":"production","pairs":null,
            "dialect":"production","mode":"event"}"#;
        let doc: Doc = serde_json::from_str(old).unwrap();
        assert_eq!(&*doc.templates["a"], "x");
        assert_eq!(doc.dialect, Dialect::Production);
        assert_eq!(doc.event_not_saved, None);
        assert!(!serde_json::to_string(&doc)
            .unwrap()
            .contains("event_not_saved"));
    }

    #[test]
    fn typing_keeps_most_pasting_little() {
        assert!(kept_fraction("{\"a\": 1}", "{\"a\": 12}") > 0.8);
        assert!(kept_fraction("{\"name\": \"x\", \"k\": 1}", "[1, 2, 3, 4, 5, 6]") < 0.5);
        assert!((kept_fraction("", "") - 1.0).abs() < f64::EPSILON);
        assert!((kept_fraction("aaaa", "aa") - 0.5).abs() < f64::EPSILON);
    }
}

//! Values typed into secret form variables, held apart from everything that is saved or shared.
//!
//! [`Secrets`] deliberately implements neither `Serialize` nor `Debug` with its values: the state
//! that is written to local storage and into share links has no field that could hold one, so a
//! secret cannot reach either whatever the manifest text says at the time.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::rc::Rc;

use serde_json::Value as Json;

/// Which keys are secret: every key that was secret in any manifest seen since the page opened
/// (a key stays secret when the manifest stops saying so, or stops parsing).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecretKeys(Rc<BTreeSet<String>>);

impl SecretKeys {
    #[must_use]
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }

    /// Adds `keys`; returns whether any was new.
    pub fn add<'a>(&mut self, keys: impl IntoIterator<Item = &'a String>) -> bool {
        let new: Vec<&String> = keys.into_iter().filter(|k| !self.0.contains(*k)).collect();
        if new.is_empty() {
            return false;
        }
        let set = Rc::make_mut(&mut self.0);
        set.extend(new.into_iter().cloned());
        true
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter()
    }
}

/// The values of secret form variables, for this page session only.
#[derive(Clone, Default, PartialEq)]
pub struct Secrets(Rc<BTreeMap<String, Json>>);

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keys only: a debug print must not show a value either.
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl Secrets {
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.get(key)
    }

    pub fn set(&mut self, key: String, value: Json) {
        Rc::make_mut(&mut self.0).insert(key, value);
    }

    /// Whether the user typed a non-empty value for any secret.
    #[must_use]
    pub fn any_typed(&self) -> bool {
        self.0
            .values()
            .any(|v| !matches!(v, Json::Null) && v.as_str() != Some(""))
    }
}

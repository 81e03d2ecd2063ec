//! Share links and saved state: the state (without secrets) as compressed JSON, base64url-encoded,
//! carried in the URL fragment (which browsers never send to a server).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::state::State;

/// The fragment key: `#s=<data>`.
const KEY: &str = "s=";

/// The largest state a link may expand to (it is read from an address anyone could craft).
const MAX_STATE_BYTES: usize = 16 * 1024 * 1024;

/// The state as JSON, with secrets removed.
#[must_use]
pub fn to_json(state: &State) -> String {
    serde_json::to_string(&state.without_secrets()).unwrap_or_default()
}

/// A state read back from JSON; anything unreadable is `None`.
#[must_use]
pub fn from_json(text: &str) -> Option<State> {
    serde_json::from_str(text).ok()
}

/// The URL fragment (with `#`) that restores `state`.
#[must_use]
pub fn fragment(state: &State) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(to_json(state).as_bytes(), 9);
    format!("#{KEY}{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// The state a fragment carries, if it is one of ours and intact.
#[must_use]
pub fn from_fragment(fragment: &str) -> Option<State> {
    let data = fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .strip_prefix(KEY)?;
    let compressed = URL_SAFE_NO_PAD.decode(data.trim()).ok()?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_STATE_BYTES).ok()?;
    from_json(std::str::from_utf8(&json).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use serde_json::Value as Json;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn round_trip_without_secrets() {
        let state = Rc::new(State::example());
        let state = state.reduce(Action::SetFormValue {
            key: "apiToken".into(),
            value: Json::from("s3cret"),
        });
        let state = state.reduce(Action::SetFormValue {
            key: "channel".into(),
            value: Json::from("ops"),
        });
        let state = state.reduce(Action::SetEvent {
            text: "{\"kind\": \"flag\", \"quote\": \"it's & $x\"}".into(),
        });
        let link = fragment(&state);
        assert!(link.starts_with("#s="));
        assert!(link.len() < to_json(&state).len(), "compressed");
        let back = from_fragment(&link).unwrap();
        assert_eq!(back.event, state.event);
        assert_eq!(back.form_values.get("channel"), Some(&Json::from("ops")));
        assert!(!back.form_values.contains_key("apiToken"));
        assert_eq!(back.manifest, state.manifest);
    }

    #[test]
    fn foreign_or_damaged_fragments_are_ignored() {
        assert!(from_fragment("#section-2").is_none());
        assert!(from_fragment("#s=!!!").is_none());
        assert!(from_fragment("#s=AAAA").is_none());
    }
}

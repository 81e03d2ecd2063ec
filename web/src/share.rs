//! Share links and saved state: the [`Doc`] (which has no place for a secret) as JSON; in a link,
//! deflated and base64url-encoded into the URL fragment (which browsers never send to a server).
//! Nothing here runs on a keystroke: a link is built when the user asks for one, and autosave
//! runs after the user pauses.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};

use crate::doc::Doc;

/// The fragment key: `#s=<data>`.
const KEY: &str = "s=";

/// The largest state a link may expand to (it is read from an address anyone could craft).
const MAX_STATE_BYTES: usize = 16 * 1024 * 1024;

/// The most a link may carry, compressed; more makes an address no one can paste anywhere.
pub const MAX_LINK_BYTES: usize = 100 * 1024;

/// The largest event autosave keeps: local storage holds about 5 MB per site in all, and
/// writing megabytes would stall the page. A larger event is left out, and the page says so.
pub const MAX_SAVED_EVENT_BYTES: usize = 1024 * 1024;

/// A document as JSON.
#[must_use]
pub fn to_json(doc: &Doc) -> String {
    serde_json::to_string(doc).unwrap_or_default()
}

/// A document read back from JSON; anything unreadable is `None`.
#[must_use]
pub fn from_json(text: &str) -> Option<Doc> {
    serde_json::from_str(text).ok()
}

/// `doc` without its event (a sample stands in for it when it is read back).
#[must_use]
pub fn without_event(mut doc: Doc) -> Doc {
    doc.event_not_saved = Some(doc.event.len());
    doc.event = "".into();
    doc
}

/// What autosave writes: the document, or without its event when that is too large to keep.
/// The flag says whether the event was left out.
#[must_use]
pub fn for_storage(doc: Doc) -> (String, bool) {
    if doc.event.len() > MAX_SAVED_EVENT_BYTES {
        (to_json(&without_event(doc)), true)
    } else {
        (to_json(&doc), false)
    }
}

/// Deflates `data` unless the result would exceed `limit` bytes; stops as soon as it does, so
/// a huge input costs no more than the work up to the limit.
fn deflate_within(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(6, 0, 0));
    let mut out = vec![0; limit];
    let (mut input, mut written) = (data, 0);
    loop {
        let (status, read, wrote) = compress(
            &mut compressor,
            input,
            &mut out[written..],
            TDEFLFlush::Finish,
        );
        written += wrote;
        input = input.get(read..)?;
        match status {
            TDEFLStatus::Done => {
                out.truncate(written);
                return Some(out);
            }
            TDEFLStatus::Okay if written < limit => {}
            _ => return None,
        }
    }
}

/// Why no link was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// The document's JSON size.
    pub bytes: usize,
}

/// The URL fragment (with `#`) that restores `doc`.
///
/// # Errors
/// When the compressed document is over [`MAX_LINK_BYTES`].
pub fn fragment(doc: &Doc) -> Result<String, TooLarge> {
    let json = to_json(doc);
    let compressed =
        deflate_within(json.as_bytes(), MAX_LINK_BYTES).ok_or(TooLarge { bytes: json.len() })?;
    Ok(format!("#{KEY}{}", URL_SAFE_NO_PAD.encode(compressed)))
}

/// The document a fragment carries, if it is one of ours and intact.
#[must_use]
pub fn from_fragment(fragment: &str) -> Option<Doc> {
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
    use crate::state::{Action, State};
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
        let link = fragment(&state.shareable()).unwrap();
        assert!(link.starts_with("#s="));
        assert!(link.len() < to_json(&state.shareable()).len(), "compressed");
        let back = from_fragment(&link).unwrap();
        assert_eq!(back.event, state.doc.event);
        assert_eq!(back.form_values.get("channel"), Some(&Json::from("ops")));
        assert!(!back.form_values.contains_key("apiToken"));
        assert_eq!(back.manifest, state.doc.manifest);
        let json = to_json(&back);
        assert_eq!(
            deflate_within(json.as_bytes(), MAX_LINK_BYTES),
            Some(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6)),
            "the same deflate stream as the one-shot function"
        );
    }

    #[test]
    fn a_huge_state_is_refused_quickly() {
        // 5 MB of varied text does not compress to 100 KB.
        let event: String = (0..400_000u32)
            .map(|i| format!("{:x}", i.wrapping_mul(2_654_435_761)))
            .collect();
        let mut doc = Doc::example();
        doc.event = event.into();
        let started = std::time::Instant::now();
        let refused = fragment(&doc).unwrap_err();
        assert!(refused.bytes > 2_000_000);
        assert!(started.elapsed().as_millis() < 2_000);
        // Without the event it fits, and says the event was left out.
        let link = fragment(&without_event(doc)).unwrap();
        let back = State::from_doc(from_fragment(&link).unwrap());
        assert!(back.notice.is_some());
    }

    #[test]
    fn autosave_leaves_a_huge_event_out() {
        let mut doc = Doc::example();
        doc.event = "x".repeat(MAX_SAVED_EVENT_BYTES + 1).into();
        let (json, left_out) = for_storage(doc);
        assert!(left_out);
        assert!(json.len() < 100_000);
        let (_, left_out) = for_storage(Doc::example());
        assert!(!left_out);
    }

    #[test]
    fn foreign_or_damaged_fragments_are_ignored() {
        assert!(from_fragment("#section-2").is_none());
        assert!(from_fragment("#s=!!!").is_none());
        assert!(from_fragment("#s=AAAA").is_none());
    }
}

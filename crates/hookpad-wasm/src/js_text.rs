//! JavaScript strings copied into the module as UTF-8, by the engine's own `TextEncoder.encodeInto`.
//!
//! `JsValue::as_string` copies through wasm-bindgen's glue, which walks the string one UTF-16 unit
//! at a time in JavaScript while it is ASCII; every input of `simulate()` and `render()` (a
//! manifest, templates, an event, a stringified context: kilobytes each) went through that loop.
//! `encodeInto` writes the same bytes straight into the module's memory, natively. Both replace
//! a lone surrogate with U+FFFD, so the text read is the same (tested in `tests/api.rs`).

use std::cell::OnceCell;

use js_sys::JsString;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type TextEncoder;

    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;

    /// Writes `source` as UTF-8 into `destination` (a view of this module's memory).
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &JsString, destination: &mut [u8]) -> EncodeResult;

    type EncodeResult;

    /// How many bytes `encodeInto` wrote.
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeResult) -> u32;
}

thread_local! {
    static ENCODER: OnceCell<TextEncoder> = const { OnceCell::new() };
}

/// `value` as a Rust string, or `None` when it is not a string.
#[must_use]
pub fn string(value: &JsValue) -> Option<String> {
    let text = value.dyn_ref::<JsString>()?;
    // One UTF-16 unit becomes at most 3 UTF-8 bytes (a surrogate pair, 2 units, becomes 4).
    let mut bytes = vec![0u8; text.length() as usize * 3];
    let written = ENCODER.with(|encoder| {
        encoder
            .get_or_init(TextEncoder::new)
            .encode_into(text, &mut bytes)
            .written()
    });
    bytes.truncate(written as usize);
    // Give back the room kept for multi-byte characters (two thirds of it for ASCII text), so a
    // multi-megabyte event kept between calls holds no more than its size.
    bytes.shrink_to_fit();
    // `encodeInto` writes well-formed UTF-8, so this check always passes; it is a linear scan
    // that keeps the module free of `unsafe`.
    String::from_utf8(bytes).ok()
}

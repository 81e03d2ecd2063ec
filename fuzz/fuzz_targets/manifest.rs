//! The manifest checks on arbitrary text: never a panic, every located diagnostic inside the text.
#![no_main]

use hookpad_core::manifest::{check, CheckOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for d in check(&text, &CheckOptions::default()) {
        if let Some(range) = d.range {
            assert!(range.end.to_usize() <= text.len());
            assert!(range.start <= range.end);
        }
    }
});

//! The glob matcher on arbitrary patterns and texts.
#![no_main]

use hookpad_core::policy::glob::Glob;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (pattern, subject) = text.split_once('\u{1}').unwrap_or((&text, ""));
    let glob = Glob::new(pattern);
    let matched = glob.matches(subject);
    // A pattern always matches itself when it has no `*`; `*` matches everything.
    if !pattern.contains('*') {
        assert!(glob.matches(pattern));
    }
    if !pattern.is_empty() && pattern.chars().all(|c| c == '*') {
        assert!(matched);
    }
});

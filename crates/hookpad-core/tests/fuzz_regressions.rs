//! Inputs on which the fuzzers (`fuzz/`) once found a crash, replayed as the targets would feed
//! them. One folder per target under `tests/fuzz_regressions/`.

use std::path::PathBuf;

use hookpad_core::manifest::{check, CheckOptions};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut found: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| (e.path(), std::fs::read(e.path()).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn manifest_checks_survive_every_recorded_crash() {
    let cases = inputs("manifest");
    assert!(!cases.is_empty());
    for (path, bytes) in cases {
        let text = String::from_utf8_lossy(&bytes);
        for d in check(&text, &CheckOptions::default()) {
            if let Some(range) = d.range {
                assert!(range.end.to_usize() <= text.len(), "{path:?}: {d:?}");
            }
        }
    }
}

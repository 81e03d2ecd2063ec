//! Conformance on the reference corpus: every case rendered in both dialects must match the
//! reference engines (SPEC §3.6). The corpus is found through `HOOKPAD_CORPUS`, else
//! `../shared/corpus` beside the repository. Under `CI=true` a missing corpus fails the test.

use std::path::PathBuf;

use hookpad_cli::corpus::{describe_failure, Corpus};

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("HOOKPAD_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
        PathBuf::from,
    );
    if dir.join("cases.jsonl").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the reference corpus is missing at {} (set HOOKPAD_CORPUS)",
        dir.display()
    );
    eprintln!(
        "SKIPPED: no reference corpus at {} (set HOOKPAD_CORPUS to run conformance)",
        dir.display()
    );
    None
}

#[test]
fn corpus_conformance_in_both_dialects() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut corpus = Corpus::open(&dir).expect("the corpus opens");
    let mut failures = Vec::new();
    let summary = corpus
        .summarize(|case, dialect, run| {
            if failures.len() < 5 {
                failures.push(describe_failure(case, dialect, run));
            }
        })
        .expect("every case's files are readable");
    eprintln!("{}", summary.lines());
    assert!(summary.total > 0, "the corpus has no cases");
    let shown = failures.join("\n");
    assert_eq!(
        summary.preview_identical, summary.total,
        "preview mismatches:\n{shown}"
    );
    assert_eq!(
        summary.production_whitespace, summary.total,
        "production mismatches beyond white space:\n{shown}"
    );
    assert_eq!(
        summary.production_identical, summary.total,
        "production whitespace mismatches:\n{shown}"
    );
}

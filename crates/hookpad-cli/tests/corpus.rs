//! Conformance on the reference corpus: every case rendered in both dialects must match the
//! reference engines (SPEC §3.6). The corpus is found through `HOOKPAD_CORPUS`, else
//! `../shared/corpus` beside the repository. Under `CI=true` a missing corpus fails the test.

mod common;

use hookpad_cli::corpus::{describe_failure, Corpus};

#[test]
fn corpus_conformance_in_both_dialects() {
    let Some(dir) = common::shared("HOOKPAD_CORPUS", "corpus") else {
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

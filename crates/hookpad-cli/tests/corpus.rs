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

/// A two-case corpus written to a temporary folder: one case whose expected outputs are right and
/// one whose expected outputs are `wrong`, so `hookpad corpus` has something to disagree with.
fn tiny_corpus(name: &str, wrong: Option<&str>) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("hookpad-corpus-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("integrations/tiny")).unwrap();
    std::fs::create_dir_all(root.join("contexts/flag")).unwrap();
    std::fs::write(root.join("integrations/tiny/manifest.json"), "{}").unwrap();
    std::fs::write(root.join("contexts/flag/update.json"), r#"{"key": "k"}"#).unwrap();
    let case = |id: &str, output: &str| {
        serde_json::json!({
            "id": id, "dir": "tiny", "context": "flag/update", "kind": "url",
            "template": "https://example.test/{{context.key}}",
            "expected": {"handlebarsjs": {"output": output}, "raymond": {"output": output}},
        })
        .to_string()
    };
    let mut lines = vec![case("right", "https://example.test/k")];
    if let Some(output) = wrong {
        lines.push(case("wrong", output));
    }
    std::fs::write(root.join("cases.jsonl"), lines.join("\n")).unwrap();
    root
}

fn run_corpus(dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_hookpad"))
        .arg("corpus")
        .arg(dir)
        .output()
        .unwrap()
}

#[test]
fn the_corpus_command_exits_0_only_when_every_case_matches() {
    let all_right = tiny_corpus("right", None);
    let out = run_corpus(&all_right);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("preview: 1/1 identical"));

    let one_wrong = tiny_corpus("wrong", Some("https://example.test/other"));
    let out = run_corpus(&one_wrong);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a mismatch must fail the command"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("preview: 1/2 identical"), "{stdout}");
    assert!(
        stderr.contains("1 case(s) differ in preview, 1 in production"),
        "{stderr}"
    );

    // A whitespace-only difference in production is still a difference.
    let whitespace = tiny_corpus("whitespace", Some("https://example.test/k "));
    let out = run_corpus(&whitespace);
    assert_eq!(out.status.code(), Some(1));
    for dir in [all_right, one_wrong, whitespace] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

//! `hookpad lint`: no manifest error on any published (HEAD) manifest of the corpus, precise
//! findings on broken ones, and the `--json` line format.

mod common;

use std::path::PathBuf;
use std::process::Command;

use hookpad_cli::lint::lint;

#[test]
fn published_manifests_have_no_manifest_errors() {
    let Some(corpus) = common::shared("HOOKPAD_CORPUS", "corpus") else {
        return;
    };
    let mut checked = 0;
    for dir in common::published_integrations(&corpus) {
        let findings = lint(&dir).unwrap();
        let manifest_errors: Vec<_> = findings
            .iter()
            .filter(|f| f.source == "manifest" && f.severity == "error")
            .collect();
        assert!(
            manifest_errors.is_empty(),
            "{:?}: {manifest_errors:#?}",
            dir
        );
        checked += 1;
    }
    assert!(checked > 10, "only {checked} integrations checked");
}

#[test]
fn the_example_integration_lints_without_errors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../hookpad-core/samples/integration");
    let findings = lint(&dir).unwrap();
    assert!(
        findings.iter().all(|f| f.severity != "error"),
        "{findings:#?}"
    );
}

#[test]
fn json_output_and_exit_status_on_a_broken_manifest() {
    let dir = std::env::temp_dir().join(format!("hookpad-lint-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let example =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../hookpad-core/samples/integration");
    let manifest = std::fs::read_to_string(example.join("manifest.json"))
        .unwrap()
        .replace("\"POST\"", "\"SEND\"");
    std::fs::write(dir.join("manifest.json"), &manifest).unwrap();
    for t in [
        "flag",
        "project",
        "environment",
        "member",
        "default",
        "validation",
    ] {
        let name = format!("templates/{t}.json.hbs");
        std::fs::copy(example.join(&name), dir.join(&name)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_hookpad"))
        .args(["lint", dir.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let method = lines
        .iter()
        .find(|l| l["pointer"] == "/capabilities/auditLogEventsHook/endpoint/method")
        .unwrap();
    assert_eq!(method["severity"], "error");
    assert_eq!(method["source"], "manifest");
    // Found independently: the line and column of "SEND" in the text.
    let offset = manifest.find("\"SEND\"").unwrap();
    let line = manifest[..offset].matches('\n').count() + 1;
    let column = manifest[..offset]
        .rsplit('\n')
        .next()
        .unwrap()
        .chars()
        .count()
        + 1;
    assert_eq!(method["line"], line);
    assert_eq!(method["column"], column);
    for l in &lines {
        for key in [
            "severity", "source", "pointer", "line", "column", "message", "hint",
        ] {
            assert!(l.get(key).is_some(), "{key} missing in {l}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

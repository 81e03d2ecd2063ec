//! The policy engine against the reference vectors and the corpus manifests.

mod common;

use hookpad_core::diagnostic::{Severity, Source};
use hookpad_core::json_span;
use hookpad_core::policy::{self, Origin};

#[test]
fn every_reference_vector_decides_as_expected() {
    let Some(file) = common::shared("HOOKPAD_POLICY_VECTORS", "policy/vectors.json") else {
        return;
    };
    let count =
        serde_json::from_str::<Vec<serde_json::Value>>(&std::fs::read_to_string(&file).unwrap())
            .unwrap()
            .len();
    let (report, ok) = hookpad_cli::policy::vectors(&file).unwrap();
    assert!(ok, "{report}");
    assert!(
        report.ends_with(&format!("policy vectors: {count}/{count}\n")),
        "{report}"
    );
}

#[test]
fn lints_stay_quiet_on_the_published_manifests() {
    let Some(corpus) = common::shared("HOOKPAD_CORPUS", "corpus") else {
        return;
    };
    let mut checked = 0;
    for dir in common::published_integrations(&corpus) {
        let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
        let root = json_span::parse(&text).unwrap();
        let pointer = "/capabilities/auditLogEventsHook/defaultPolicy";
        let Some(spanned) = root.pointer(pointer) else {
            continue;
        };
        let origin = Origin {
            source: Source::Manifest,
            pointer: pointer.to_owned(),
        };
        let mut diags = Vec::new();
        let statements = policy::load_spanned(spanned, &origin, &mut diags);
        assert!(!statements.is_empty(), "{:?}", dir);
        let loud: Vec<_> = diags
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert!(loud.is_empty(), "{:?}: {loud:?}", dir);
        checked += 1;
    }
    assert!(checked > 10, "only {checked} manifests checked");
}

#[test]
fn the_matrix_has_a_line_per_folder_and_context() {
    let Some(corpus) = common::shared("HOOKPAD_CORPUS", "corpus") else {
        return;
    };
    let out = hookpad_cli::policy::matrix(&corpus).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    let keys: Vec<(String, String)> = lines
        .iter()
        .map(|l| {
            (
                l["dir"].as_str().unwrap().to_owned(),
                l["context"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "folders and contexts come in sorted order");
    for l in &lines {
        let allowed = l["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["decision"] == "allow");
        assert_eq!(l["sent"].as_bool(), Some(allowed));
    }
}

#[test]
fn a_vector_whose_policy_has_an_error_fails_even_when_the_decision_matches() {
    let path = std::env::temp_dir().join(format!("hookpad-vectors-{}.json", std::process::id()));
    // Both `resources` and `notResources`: the statement is rejected and ignored, so the decision is
    // default-deny — which is what the vector expects.
    let vectors = serde_json::json!([
        {
            "statements": [{"effect": "allow", "resources": ["proj/*"], "notResources": ["proj/x"], "actions": ["*"]}],
            "resource": "proj/a",
            "action": "createProject",
            "expected": "deny",
            "why": "malformed on purpose"
        },
        {
            "statements": [{"effect": "allow", "resources": ["proj/*"], "actions": ["*"]}],
            "resource": "proj/a",
            "action": "createProject",
            "expected": "allow",
            "why": "a well-formed control"
        }
    ]);
    std::fs::write(&path, vectors.to_string()).unwrap();
    let (report, ok) = hookpad_cli::policy::vectors(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(!ok, "{report}");
    assert!(report.ends_with("policy vectors: 1/2\n"), "{report}");
    assert!(report.contains("FAIL vector 0"), "{report}");
    assert!(report.contains("the policy has 1 error(s)"), "{report}");
}

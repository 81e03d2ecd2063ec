//! `hookpad lint`: no manifest error on any published integration (`corpus/published`, and the
//! HEAD versions in `corpus/integrations`), precise findings on broken ones, the `--json` line
//! format, batch mode over many folders, and the rule list.

mod common;

use std::path::PathBuf;
use std::process::Command;

use hookpad_cli::lint_command::lint;
use hookpad_core::diagnostic::Severity;

/// Every integration folder of `corpus/published`.
fn published(corpus: &std::path::Path) -> Vec<PathBuf> {
    let dir = corpus.join("published");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.retain(|d| d.join("manifest.json").is_file());
    dirs.sort();
    dirs
}

#[test]
fn no_published_integration_gets_a_manifest_error() {
    let Some(corpus) = common::shared("HOOKPAD_CORPUS", "corpus") else {
        return;
    };
    let dirs = published(&corpus);
    if dirs.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "no integrations in {}",
            corpus.join("published").display()
        );
        eprintln!(
            "SKIPPED: no published integrations in {}",
            corpus.join("published").display()
        );
        return;
    }
    let mut failures = Vec::new();
    for dir in &dirs {
        let findings = lint(dir).unwrap();
        failures.extend(
            findings
                .into_iter()
                .filter(|f| f.source == "manifest" && f.severity == Severity::Error)
                .map(|f| {
                    format!(
                        "{}: {} [{}] {:?}",
                        dir.display(),
                        f.message,
                        f.code,
                        f.pointer
                    )
                }),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // 121 at commit 35c6f747; more may be added.
    assert!(dirs.len() >= 100, "only {} integrations", dirs.len());
    eprintln!("{} published integrations, no manifest error", dirs.len());
}

#[test]
fn published_manifests_have_no_manifest_errors() {
    let Some(corpus) = common::shared("HOOKPAD_CORPUS", "corpus") else {
        return;
    };
    let mut checked = 0;
    for dir in common::published_integrations(&corpus) {
        let findings = lint(&dir).unwrap();
        // These folders keep the manifest and templates, not the icons.
        let manifest_errors: Vec<_> = findings
            .iter()
            .filter(|f| f.source == "manifest" && f.severity == Severity::Error)
            .filter(|f| f.code != "manifest/icon-missing")
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
        findings.iter().all(|f| f.severity != Severity::Error),
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

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../hookpad-core/samples/integration")
}

/// A copy of the example integration with `edit` applied to its manifest.
fn broken_copy(name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hookpad-lint-{name}-{}", std::process::id()));
    let example = example_dir();
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    for sub in ["templates", "assets/images"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(example.join(sub)).unwrap().flatten() {
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let manifest = std::fs::read_to_string(example.join("manifest.json")).unwrap();
    std::fs::write(dir.join("manifest.json"), edit(manifest)).unwrap();
    dir
}

#[test]
fn batch_mode_prints_one_line_per_integration_and_a_total() {
    let good = example_dir();
    let bad = broken_copy("batch", |m| m.replace("\"POST\"", "\"SEND\""));
    let out = Command::new(env!("CARGO_BIN_EXE_hookpad"))
        .args(["lint", good.to_str().unwrap(), bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let summaries: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(summaries.len(), 3, "{text}");
    assert!(
        summaries[0].starts_with(&format!("{}: 0 errors", good.display())),
        "{text}"
    );
    assert!(
        summaries[1].starts_with(&format!("{}: 1 error,", bad.display())),
        "{text}"
    );
    assert!(text.contains("  error: manifest:"), "{text}");
    let total = summaries[2];
    assert!(
        total.starts_with("lint: 2 integrations, 1 error, "),
        "{total}"
    );
    assert!(
        total.ends_with(" warnings") || total.ends_with(" warning"),
        "{total}"
    );
    std::fs::remove_dir_all(&bad).ok();
}

#[test]
fn an_integration_without_a_hook_says_there_is_nothing_to_preview() {
    let dir = broken_copy("nohook", |m| {
        let start = m.find("\"capabilities\"").unwrap();
        format!("{}\"otherCapabilities\": [\"external\"]\n}}\n", &m[..start])
    });
    let out = Command::new(env!("CARGO_BIN_EXE_hookpad"))
        .args(["lint", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("no webhook request to preview"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn missing_icons_are_errors_with_a_folder() {
    let dir = broken_copy("icons", |m| m.replace(".svg\"", "-gone.svg\""));
    let findings = lint(&dir).unwrap();
    let icons: Vec<_> = findings
        .iter()
        .filter(|f| f.code == "manifest/icon-missing")
        .collect();
    assert_eq!(icons.len(), 2, "{findings:#?}");
    assert_eq!(icons[0].severity, Severity::Error);
    assert_eq!(icons[0].pointer.as_deref(), Some("/icons/square"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_rules_are_listed_with_their_severities() {
    let out = Command::new(env!("CARGO_BIN_EXE_hookpad"))
        .args(["lint", "--rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for (severity, code) in [
        ("error", "manifest/template-syntax"),
        ("error", "manifest/icon-missing"),
        ("warning", "manifest/stray-braces"),
        ("info", "manifest/no-audit-log-hook"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(severity) && l.contains(code)),
            "{code}: {text}"
        );
    }
}

#[test]
fn the_readme_documents_every_rule() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    for rule in hookpad_core::manifest::RULES {
        let row = format!("| `{}` | {} |", rule.code, rule.severity.name());
        assert!(readme.contains(&row), "README.md lacks the row {row}");
    }
}

#[test]
fn oauth_integration_keys_are_unique_across_a_batch() {
    let add_key = |m: String| m.replacen('{', "{\n  \"oauthIntegrationKey\": \"shared-key\",", 1);
    let first = broken_copy("oauth-a", add_key);
    let second = broken_copy("oauth-b", add_key);
    let out = Command::new(env!("CARGO_BIN_EXE_hookpad"))
        .args([
            "lint",
            "--json",
            first.to_str().unwrap(),
            second.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dup: Vec<_> = lines
        .iter()
        .filter(|l| l["pointer"] == "/oauthIntegrationKey")
        .collect();
    assert_eq!(dup.len(), 1, "{lines:#?}");
    assert_eq!(dup[0]["integration"], second.display().to_string());
    assert_eq!(dup[0]["severity"], "error");
    assert_eq!(
        (dup[0]["line"].as_u64(), dup[0]["column"].as_u64()),
        (Some(2), Some(26))
    );
    std::fs::remove_dir_all(&first).ok();
    std::fs::remove_dir_all(&second).ok();
}

/// The simulation reads the manifest model from the tree the checks parsed; on every published
/// and corpus manifest that reading equals serde_json's.
#[test]
fn every_real_manifest_reads_the_same_from_either_tree() {
    let Some(corpus) = common::shared("HOOKPAD_CORPUS", "corpus") else {
        return;
    };
    let mut dirs = published(&corpus);
    dirs.extend(
        std::fs::read_dir(corpus.join("integrations"))
            .map(|entries| entries.flatten().map(|e| e.path()).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let mut read = 0;
    for dir in dirs {
        let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else {
            continue;
        };
        let (Ok(json), Some(root)) = (
            serde_json::from_str::<serde_json::Value>(&text),
            hookpad_core::json_span::parse(&text),
        ) else {
            continue;
        };
        assert_eq!(
            hookpad_core::manifest::Manifest::from_spanned(&root, &text),
            hookpad_core::manifest::Manifest::from_json(&json),
            "{}",
            dir.display()
        );
        read += 1;
    }
    assert!(read >= 150, "only {read} manifests");
}

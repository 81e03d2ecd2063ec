//! `hookpad matrix` and the form-value options, on an integration of the test's own.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TEMPLATE: &str = r#"{
  "key": "{{key}}",
{{#if releaseTrain}}
  "train": "{{releaseTrain}}",
{{/if}}
  "kind": "{{kind}}"
}
"#;

const MANIFEST: &str = r#"{
  "name": "Matrix test",
  "formVariables": [
    {"key": "apiKey", "name": "API key", "type": "string", "description": "d", "isSecret": true},
    {"key": "site", "name": "Site", "type": "enum", "description": "d", "allowedValues": ["eu", "us"], "isOptional": true, "defaultValue": "eu"}
  ],
  "capabilities": {
    "auditLogEventsHook": {
      "endpoint": {
        "url": "https://{{site}}.hooks.example.test/",
        "method": "POST",
        "headers": [{"name": "Authorization", "value": "Bearer {{apiKey}}"}]
      },
      "templates": {"flag": "templates/flag.json.hbs", "member": "templates/flag.json.hbs"},
      "defaultPolicy": [{"effect": "allow", "resources": ["proj/*:env/*:flag/*"], "actions": ["*"]}]
    }
  }
}"#;

fn integration(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hookpad-matrix-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("manifest.json"), MANIFEST).unwrap();
    std::fs::write(dir.join("templates/flag.json.hbs"), TEMPLATE).unwrap();
    dir
}

fn hookpad(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hookpad"))
        .args(&args[..1])
        .arg(dir)
        .args(&args[1..])
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// 1-based line and column of `needle` in `text`, counted here independently of the product.
fn line_column(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).unwrap();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

fn coverage_line(report: &str) -> (usize, usize) {
    let last = report.lines().last().unwrap();
    let counts = last
        .strip_prefix("coverage: ")
        .and_then(|r| r.split(' ').next())
        .unwrap_or_else(|| panic!("no coverage line last: {report}"));
    let (taken, total) = counts.split_once('/').unwrap();
    (taken.parse().unwrap(), total.parse().unwrap())
}

#[test]
fn an_untaken_branch_is_listed_at_its_line_and_column_until_an_event_takes_it() {
    let dir = integration("branch");
    let out = hookpad(&["matrix"], &dir);
    let report = stdout(&out);
    assert!(out.status.success(), "{report}");
    // The policy decision is one column (it does not depend on the dialect); each dialect says
    // whether its request is valid.
    let header = report.lines().next().unwrap();
    let words: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(
        words,
        [
            "event",
            "kind",
            "template",
            "policy",
            "preview",
            "|",
            "production"
        ],
        "{report}"
    );
    let flag = report
        .lines()
        .find(|l| l.starts_with("flag-toggle "))
        .unwrap();
    assert_eq!(flag.matches("allowed by statement 0").count(), 1, "{flag}");
    let (left, production) = flag.rsplit_once(" | ").unwrap();
    let preview = &left[left.rfind("  ").unwrap() + 2..];
    for cell in [preview, production] {
        assert!(
            cell.starts_with("valid, ") && cell.ends_with("E 0W"),
            "{flag}"
        );
    }
    let (line, column) = line_column(TEMPLATE, "{{#if releaseTrain}}");
    let untaken = format!(
        "untaken: templates/flag.json.hbs:{line}:{column}: `then` of #if: never taken by any of the 9 events"
    );
    assert!(report.contains(&untaken), "{report}");
    let (taken_before, total) = coverage_line(&report);
    assert_eq!(
        total, 2,
        "one #if: its then and its unwritten else\n{report}"
    );
    assert_eq!(taken_before, 1, "{report}");

    let sample = hookpad_core::samples::event("flag-toggle")
        .unwrap()
        .json
        .trim_end();
    let event = format!(
        "{}, \"releaseTrain\": \"r42\"}}",
        sample.strip_suffix('}').unwrap()
    );
    let event_file = dir.join("train.json");
    std::fs::write(&event_file, event).unwrap();
    let lone_file = dir.join("lone.json");
    std::fs::write(&lone_file, sample).unwrap();
    let out = hookpad(
        &[
            "matrix",
            "--no-samples",
            "--event",
            lone_file.to_str().unwrap(),
        ],
        &dir,
    );
    let lone = stdout(&out);
    assert!(
        lone.contains(&format!(
            "untaken: templates/flag.json.hbs:{line}:{column}: `then` of #if: never taken by the event\n"
        )),
        "one event is named in the singular\n{lone}"
    );
    let out = hookpad(&["matrix", "--event", event_file.to_str().unwrap()], &dir);
    let report = stdout(&out);
    assert!(!report.contains("untaken:"), "{report}");
    assert_eq!(
        coverage_line(&report),
        (taken_before + 1, total),
        "{report}"
    );
    assert!(
        report.contains("train.json"),
        "the user's event has its own row\n{report}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn routes_no_event_tried_are_listed_with_a_sample_for_them() {
    let dir = integration("routes");
    let sample = hookpad_core::samples::event("flag-toggle").unwrap().json;
    std::fs::write(dir.join("flag.json"), sample).unwrap();
    let out = hookpad(
        &[
            "matrix",
            "--no-samples",
            "--event",
            dir.join("flag.json").to_str().unwrap(),
        ],
        &dir,
    );
    let report = stdout(&out);
    assert!(
        report.contains("untried: no event routed to `member` (templates/flag.json.hbs); try --sample member-update"),
        "{report}"
    );
    assert!(!report.contains("routed to `flag`"), "{report}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_json_report_has_a_row_per_event_with_both_dialects() {
    let dir = integration("json");
    let out = hookpad(&["matrix", "--json"], &dir);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), hookpad_core::samples::EVENTS.len());
    let flag = &rows[0];
    assert_eq!(flag["event"], "flag-toggle");
    assert_eq!(flag["preview"]["template"], "templates/flag.json.hbs");
    assert_eq!(flag["production"]["sent"], true);
    assert_eq!(flag["production"]["decidedBy"], "allowed by statement 0");
    let segment = rows
        .iter()
        .find(|r| r["event"] == "segment-update")
        .unwrap();
    assert_eq!(segment["preview"]["sent"], false, "{segment}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn form_values_from_the_command_line_with_defaults_and_masked_secrets() {
    let dir = integration("vars");
    let preview = |extra: &[&str]| {
        let mut args = vec!["preview", "--sample", "flag-toggle"];
        args.extend_from_slice(extra);
        stdout(&hookpad(&args, &dir))
    };
    let out = preview(&["--var", "apiKey=s3cr3t-value"]);
    assert!(
        out.contains("POST https://eu.hooks.example.test/"),
        "the default `eu`\n{out}"
    );
    assert!(out.contains("Authorization: Bearer ********"), "{out}");
    assert!(!out.contains("s3cr3t-value"), "{out}");

    let shown = preview(&[
        "--var",
        "apiKey=s3cr3t-value",
        "--show-secrets",
        "--var",
        "site=us",
    ]);
    assert!(
        shown.contains("Authorization: Bearer s3cr3t-value"),
        "{shown}"
    );
    assert!(
        shown.contains("POST https://us.hooks.example.test/"),
        "{shown}"
    );

    let vars = dir.join("vars.json");
    std::fs::write(&vars, r#"{"site": "us"}"#).unwrap();
    let from_file = preview(&["--vars", vars.to_str().unwrap()]);
    assert!(
        from_file.contains("POST https://us.hooks.example.test/"),
        "{from_file}"
    );

    let placeholders = preview(&["--placeholders"]);
    assert!(
        placeholders.contains("POST https://site.hooks.example.test/"),
        "the framework's placeholder is the key itself\n{placeholders}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_integration_without_a_hook_has_nothing_invalid() {
    let dir = std::env::temp_dir().join(format!("hookpad-matrix-nohook-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let manifest = MANIFEST.replace("\"auditLogEventsHook\"", "\"somethingElse\"");
    std::fs::write(dir.join("manifest.json"), manifest).unwrap();
    let out = hookpad(&["matrix"], &dir);
    let report = stdout(&out);
    assert!(report.contains("no audit-log events hook"), "{report}");
    assert!(out.status.success(), "{report}");
}

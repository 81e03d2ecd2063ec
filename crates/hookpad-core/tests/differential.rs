//! Differential test, part 2: every case `tests/differential/generate.mjs` generated and rendered
//! with handlebars.js 4.7.7 (strict, the integration framework's helpers) is rendered with the
//! preview dialect; no difference is allowed.
//!
//! Outputs compare byte for byte. Errors compare by kind: strict mode's `"x" not defined` by the
//! name and `line:column` (as the corpus judges them), a template that does not compile, a
//! JavaScript `TypeError`, a missing helper, and any other helper error.
//!
//! On a difference the case is shrunk — tags, blocks, text and data taken away while the same
//! difference remains, each candidate judged again by handlebars.js (`reference.mjs`) — and the
//! smallest template and data are printed.
//!
//! The cases are read from `$HOOKPAD_DIFFERENTIAL_CASES` (default
//! `target/differential/cases.json`). Without them the test prints how to make them and passes,
//! unless `HOOKPAD_DIFFERENTIAL_REQUIRED` is set (as `scripts/test` sets it, right after
//! generating them).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use hookpad_core::render::{render, Dialect};
use hookpad_core::RenderFaultReason;
use serde_json::{json, Value as Json};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a render gave: the output, or an error by kind (and, for a missing field, its key).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Output(String),
    Error { kind: String, key: Option<String> },
}

impl Outcome {
    fn kind(&self) -> &str {
        match self {
            Outcome::Output(_) => "output",
            Outcome::Error { kind, .. } => kind,
        }
    }

    fn from_reference(v: &Json) -> Outcome {
        match v.get("output").and_then(Json::as_str) {
            Some(output) => Outcome::Output(output.to_owned()),
            None => Outcome::Error {
                kind: v["kind"].as_str().unwrap_or("other").to_owned(),
                key: v.get("key").and_then(Json::as_str).map(str::to_owned),
            },
        }
    }

    fn describe(&self, reference: Option<&Json>) -> String {
        match self {
            Outcome::Output(o) => format!("output {o:?}"),
            Outcome::Error { kind, key } => {
                let message = reference
                    .and_then(|r| r.get("error"))
                    .and_then(Json::as_str)
                    .map(|m| format!(": {}", m.lines().last().unwrap_or_default()))
                    .unwrap_or_default();
                match key {
                    Some(key) => format!("error {kind} {key}{message}"),
                    None => format!("error {kind}{message}"),
                }
            }
        }
    }
}

fn ours(template: &str, data: &Json) -> (Outcome, String) {
    match render(template, data.clone(), Dialect::Preview) {
        Ok(output) => (Outcome::Output(output), String::new()),
        Err(fault) => {
            let message = fault.handlebars_js_message(template);
            let (kind, key) = match &fault.reason {
                RenderFaultReason::MissingField { name, .. } => {
                    let at = message.rsplit(" - ").next().unwrap_or("?");
                    let at = if fault.range.is_some() { at } else { "?" };
                    ("missing", Some(format!("{name}@{at}")))
                }
                RenderFaultReason::Syntax(_) => {
                    // Compared by the line where parsing stopped (handlebars.js reports no
                    // column for most parse errors).
                    let line = message
                        .rsplit(" - ")
                        .next()
                        .and_then(|at| at.split(':').next())
                        .filter(|_| fault.range.is_some())
                        .unwrap_or("?");
                    ("syntax", Some(format!("line {line}")))
                }
                RenderFaultReason::TypeError(_) => ("type", None),
                RenderFaultReason::MissingHelper(_) => ("missing-helper", None),
                RenderFaultReason::Helper { .. } | RenderFaultReason::HelperArity { .. } => {
                    ("other", None)
                }
                _ => ("engine", None),
            };
            (
                Outcome::Error {
                    kind: kind.to_owned(),
                    key,
                },
                message,
            )
        }
    }
}

/// handlebars.js's outcomes for many (template, data) pairs, from one Node process.
fn reference_batch(inputs: &[(String, Json)]) -> Option<Vec<Json>> {
    let payload: Vec<Json> = inputs
        .iter()
        .map(|(t, d)| json!({"template": t, "data": d}))
        .collect();
    let mut child = Command::new("node")
        .arg(repo_root().join("tests/differential/reference.mjs"))
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    let bytes = serde_json::to_vec(&payload).ok()?;
    child.stdin.take()?.write_all(&bytes).ok()?;
    let out = child.wait_with_output().ok()?;
    serde_json::from_slice(&out.stdout).ok()
}

/// The template's pieces: text runs and whole tags.
fn pieces(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        if rest.starts_with("{{") {
            let close = if rest[2..].trim_start_matches('~').starts_with('{') {
                "}}}"
            } else {
                "}}"
            };
            let end = rest[2..]
                .find(close)
                .map_or(rest.len(), |p| 2 + p + close.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        } else {
            let end = rest.find("{{").unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

fn tag_name(piece: &str) -> Option<(char, String)> {
    let inner = piece
        .strip_prefix("{{")?
        .trim_start_matches('~')
        .trim_start();
    let sigil = inner.chars().next()?;
    if !matches!(sigil, '#' | '/') {
        return None;
    }
    let name = inner[1..]
        .split(|c: char| c.is_whitespace() || c == '}' || c == '~')
        .next()?;
    Some((sigil, name.to_owned()))
}

/// Smaller templates: a piece removed, a block removed or unwrapped, a text shortened.
fn template_candidates(template: &str) -> Vec<String> {
    let parts = pieces(template);
    let join = |skip: &dyn Fn(usize) -> bool| -> String {
        parts
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip(*i))
            .map(|(_, p)| *p)
            .collect()
    };
    let mut out = Vec::new();
    for (i, piece) in parts.iter().enumerate() {
        if let Some(('#', name)) = tag_name(piece) {
            // The matching close tag.
            let mut depth = 0;
            for (j, other) in parts.iter().enumerate().skip(i) {
                match tag_name(other) {
                    Some(('#', n)) if n == name => depth += 1,
                    Some(('/', n)) if n == name => {
                        depth -= 1;
                        if depth == 0 {
                            out.push(join(&|k| (i..=j).contains(&k)));
                            out.push(join(&|k| k == i || k == j));
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        out.push(join(&|k| k == i));
        if !piece.starts_with("{{") && piece.chars().count() > 1 {
            let half: String = piece.chars().take(piece.chars().count() / 2).collect();
            out.push(
                parts
                    .iter()
                    .enumerate()
                    .map(|(k, p)| if k == i { half.as_str() } else { p })
                    .collect(),
            );
        }
    }
    out
}

/// Smaller data: a key or an item removed, a value made simpler.
fn data_candidates(data: &Json) -> Vec<Json> {
    let mut out = Vec::new();
    match data {
        Json::Object(map) => {
            for (k, v) in map {
                let mut without = map.clone();
                without.remove(k);
                out.push(Json::Object(without));
                for smaller in data_candidates(v) {
                    let mut m = map.clone();
                    m.insert(k.clone(), smaller);
                    out.push(Json::Object(m));
                }
            }
        }
        Json::Array(items) => {
            for i in 0..items.len() {
                let mut without = items.clone();
                without.remove(i);
                out.push(Json::Array(without));
                for smaller in data_candidates(&items[i]) {
                    let mut a = items.clone();
                    a[i] = smaller;
                    out.push(Json::Array(a));
                }
            }
        }
        Json::String(s) if s.chars().count() > 1 => {
            out.push(Json::from(s.chars().take(1).collect::<String>()));
        }
        _ => {}
    }
    out
}

fn size(template: &str, data: &Json) -> usize {
    template.len() + data.to_string().len()
}

/// The smallest (template, data) that still shows a difference of the same kinds.
fn shrink(template: &str, data: &Json, signature: (String, String)) -> (String, Json) {
    let mut best = (template.to_owned(), data.clone());
    for _round in 0..200 {
        let mut candidates: Vec<(String, Json)> = template_candidates(&best.0)
            .into_iter()
            .map(|t| (t, best.1.clone()))
            .chain(
                data_candidates(&best.1)
                    .into_iter()
                    .map(|d| (best.0.clone(), d)),
            )
            .filter(|(t, d)| size(t, d) < size(&best.0, &best.1))
            .collect();
        candidates.sort_by_key(|(t, d)| size(t, d));
        candidates.dedup();
        let Some(references) = reference_batch(&candidates) else {
            break;
        };
        let next = candidates.into_iter().zip(references).find(|((t, d), r)| {
            let expected = Outcome::from_reference(r);
            let (got, _) = ours(t, d);
            expected != got && (expected.kind().to_owned(), got.kind().to_owned()) == signature
        });
        match next {
            Some((smaller, _)) => best = smaller,
            None => break,
        }
    }
    best
}

#[test]
fn preview_matches_handlebars_js_on_generated_templates() {
    let path = std::env::var_os("HOOKPAD_DIFFERENTIAL_CASES").map_or_else(
        || repo_root().join("target/differential/cases.json"),
        PathBuf::from,
    );
    let Ok(text) = std::fs::read_to_string(&path) else {
        let message = format!(
            "differential: no cases at {} (run `node tests/differential/generate.mjs`)",
            path.display()
        );
        assert!(
            std::env::var_os("HOOKPAD_DIFFERENTIAL_REQUIRED").is_none(),
            "{message}"
        );
        eprintln!("{message}: skipped");
        return;
    };
    let file: Json = serde_json::from_str(&text).expect("cases.json is JSON");
    let cases = file["cases"].as_array().cloned().unwrap_or_default();
    let mut differences = Vec::new();
    let mut by_signature: BTreeMap<(String, String), usize> = BTreeMap::new();
    for case in &cases {
        let template = case["template"].as_str().unwrap_or_default();
        let data = &case["data"];
        let expected = Outcome::from_reference(&case["expected"]);
        let (got, _) = ours(template, data);
        if expected != got {
            let signature = (expected.kind().to_owned(), got.kind().to_owned());
            *by_signature.entry(signature.clone()).or_default() += 1;
            differences.push((case, signature));
        }
    }
    eprintln!(
        "differential: {}/{} generated cases identical to handlebars.js (seed {})",
        cases.len() - differences.len(),
        cases.len(),
        file["seed"]
    );
    if differences.is_empty() {
        return;
    }
    let mut report = String::new();
    for ((expected, got), n) in &by_signature {
        let _ = writeln!(
            report,
            "  {n} cases: handlebars.js {expected}, Hookpad {got}"
        );
    }
    let shrink_count: usize = std::env::var("HOOKPAD_DIFFERENTIAL_SHRINK")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    // `HOOKPAD_DIFFERENTIAL_LIST=1`: every difference as generated, before any shrinking.
    if std::env::var_os("HOOKPAD_DIFFERENTIAL_LIST").is_some() {
        for (case, _) in &differences {
            let template = case["template"].as_str().unwrap_or_default();
            let (got, message) = ours(template, &case["data"]);
            let _ = writeln!(
                report,
                "case {}: {} with {}\n  handlebars.js: {}\n  Hookpad:       {} {message}",
                case["id"],
                serde_json::to_string(template).unwrap_or_default(),
                case["data"],
                Outcome::from_reference(&case["expected"]).describe(Some(&case["expected"])),
                got.describe(None),
            );
        }
    }
    // One reproducer per kind of difference first, then the next cases in order.
    let mut order: Vec<usize> = Vec::new();
    for (i, (_, signature)) in differences.iter().enumerate() {
        if !order.iter().any(|&j| differences[j].1 == *signature) {
            order.push(i);
        }
    }
    order.extend(
        (0..differences.len())
            .filter(|i| !order.contains(i))
            .collect::<Vec<_>>(),
    );
    for &i in order.iter().take(shrink_count) {
        let (case, signature) = &differences[i];
        let template = case["template"].as_str().unwrap_or_default();
        let (t, d) = shrink(template, &case["data"], signature.clone());
        let reference = reference_batch(&[(t.clone(), d.clone())])
            .and_then(|mut r| r.pop())
            .unwrap_or(Json::Null);
        let (got, message) = ours(&t, &d);
        let _ = writeln!(
            report,
            "\ncase {} shrunk:\n  template: {}\n  data:     {}\n  handlebars.js: {}\n  Hookpad:       {}{}",
            case["id"],
            serde_json::to_string(&t).unwrap_or_default(),
            d,
            Outcome::from_reference(&reference).describe(Some(&reference)),
            got.describe(None),
            if message.is_empty() { String::new() } else { format!(" ({message})") },
        );
    }
    panic!(
        "differential: {} of {} generated cases differ from handlebars.js:\n{report}",
        differences.len(),
        cases.len()
    );
}

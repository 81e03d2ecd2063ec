//! `hookpad`: preview, lint and check LaunchDarkly audit-log hook integrations from the shell.
#![allow(clippy::print_stdout)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use hookpad_cli::corpus::{describe_failure, Corpus};
use hookpad_cli::preview;

const USAGE: &str = "usage:
  hookpad preview <integration-dir> [--event FILE | --sample NAME]... [--dialect preview|production] [--validation] [--curl] [--var KEY=VALUE]... [--vars FILE.json] [--placeholders] [--show-secrets]
  hookpad lint <integration-dir>... [--json]
  hookpad lint --rules
  hookpad matrix <integration-dir> [--event FILE]... [--no-samples] [--json] [--var KEY=VALUE]... [--vars FILE.json] [--placeholders] [--show-secrets]
  hookpad corpus <corpus-dir> [--failures N]
  hookpad policy vectors <vectors.json>
  hookpad policy matrix <corpus-dir>";

fn lint(args: &[String]) -> ExitCode {
    use hookpad_cli::lint_command as l;
    if args.iter().any(|a| a == "--rules") {
        emit(&l::render_rules());
        return ExitCode::SUCCESS;
    }
    let json = args.iter().any(|a| a == "--json");
    let mut dirs: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    // `hookpad lint integrations/*` may match files beside the folders (README.md, LICENSE).
    if dirs.len() > 1 {
        dirs.retain(|d| {
            let keep = d.is_dir();
            if !keep {
                eprintln!("hookpad lint: skipping {}: not a folder", d.display());
            }
            keep
        });
    }
    let reports = match dirs.as_slice() {
        [] => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
        [dir] => match l::lint_many(std::slice::from_ref(dir)).pop() {
            Some(r) if r.findings.iter().all(|f| f.code != "manifest/unreadable") => {
                emit(&if json {
                    l::render_json(&r.findings)
                } else {
                    l::render_report(&r)
                });
                vec![r]
            }
            Some(r) => {
                let message = r
                    .findings
                    .first()
                    .map(|f| f.message.clone())
                    .unwrap_or_default();
                eprintln!("hookpad lint: {message}");
                return ExitCode::from(2);
            }
            None => return ExitCode::from(2),
        },
        many => {
            let reports = l::lint_many(many);
            emit(&if json {
                l::render_batch_json(&reports)
            } else {
                l::render_batch(&reports)
            });
            reports
        }
    };
    if l::has_errors(&reports) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn policy(args: &[String]) -> ExitCode {
    let result = match (args.first().map(String::as_str), args.get(1)) {
        (Some("vectors"), Some(file)) => hookpad_cli::policy::vectors(file.as_ref()),
        (Some("matrix"), Some(dir)) => {
            hookpad_cli::policy::matrix(dir.as_ref()).map(|out| (out, true))
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok((out, ok)) => {
            emit(&out);
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("hookpad policy: {e}");
            ExitCode::from(2)
        }
    }
}

fn matrix(args: &[String]) -> ExitCode {
    let parsed = match hookpad_cli::matrix::parse_args(args) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match hookpad_cli::matrix::run(&parsed) {
        Ok((report, all_valid)) => {
            emit(&report);
            if all_valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("hookpad matrix: {e}");
            ExitCode::from(2)
        }
    }
}

fn preview(args: &[String]) -> ExitCode {
    let parsed = match preview::parse_args(args) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match preview::run(&parsed) {
        Ok((report, ok)) => {
            emit(&report);
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("hookpad preview: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes to standard output; a closed pipe (`hookpad ... | head`) is not an error.
fn emit(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("corpus") => corpus(&args[1..]),
        Some("preview") => preview(&args[1..]),
        Some("policy") => policy(&args[1..]),
        Some("lint") => lint(&args[1..]),
        Some("matrix") => matrix(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn corpus(args: &[String]) -> ExitCode {
    let mut dir = None;
    let mut failures = 0usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--failures" => failures = it.next().and_then(|n| n.parse().ok()).unwrap_or(10),
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: hookpad corpus <corpus-dir> [--failures N]");
        return ExitCode::from(2);
    };
    let mut corpus = match Corpus::open(&dir) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("hookpad corpus: {e}");
            return ExitCode::from(2);
        }
    };
    let mut shown = 0;
    let summary = corpus.summarize(|case, dialect, run| {
        if shown < failures {
            shown += 1;
            emit(&format!("{}\n", describe_failure(case, dialect, run)));
        }
    });
    match summary {
        Ok(s) => {
            emit(&format!("{}\n", s.lines()));
            match s.differing() {
                (0, 0) => ExitCode::SUCCESS,
                (preview, production) => {
                    eprintln!(
                        "hookpad corpus: {preview} case(s) differ in preview, {production} in production"
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("hookpad corpus: {e}");
            ExitCode::from(2)
        }
    }
}

//! `cargo bench -p hookpad-core --bench policy`: the glob matcher on a pathological pattern, and a
//! 50-statement policy deciding 1,000 (resource, action) pairs. Prints medians of several rounds.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use hookpad_core::diagnostic::Source;
use hookpad_core::policy::glob::Glob;
use hookpad_core::policy::{self, parse, Origin, Pair};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn time<T>(rounds: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..rounds)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let text = "a".repeat(100_000);
    let glob = Glob::new("*a*a*a*a*a*a*a*a*b");
    let t = time(11, || glob.matches(&text));
    println!(
        "glob  *a*a*a*a*a*a*a*a*b vs 100,000 a: {:>10.3} ms (no match: {})",
        t.as_secs_f64() * 1e3,
        !glob.matches(&text)
    );

    let statements: Vec<String> = (0..50)
        .map(|i| {
            let effect = if i % 10 == 9 { "deny" } else { "allow" };
            format!(
                r#"{{"effect": "{effect}", "resources": ["proj/team-{i}-*:env/prod*;tier-*:flag/*", "proj/*;t{i}:env/*:segment/seg-{i}*"], "actions": ["update*", "createFlag", "deleteFlag"]}}"#
            )
        })
        .collect();
    let text = format!("[{}]", statements.join(","));
    let mut diags = Vec::new();
    let origin = Origin {
        source: Source::Policy,
        pointer: String::new(),
    };
    let parsed = policy::load(&text, &origin, &mut diags);
    let pairs: Vec<Pair> = (0..1000)
        .map(|i| Pair {
            resource: parse::resource(&format!(
                "proj/team-{}-app;t{}:env/production;tier-1:flag/flag-{i}",
                i % 60,
                i % 50
            )),
            action: if i % 3 == 0 {
                "updateOn".to_owned()
            } else {
                "createSegment".to_owned()
            },
        })
        .collect();
    let t = time(11, || policy::evaluate(&parsed, &pairs));
    let sent = policy::evaluate(&parsed, &pairs)
        .pairs
        .iter()
        .filter(|p| p.decision == policy::Decision::Allow)
        .count();
    println!(
        "policy 50 statements x 1,000 pairs:    {:>10.3} ms ({:.1} µs per pair with traces; {sent} allowed)",
        t.as_secs_f64() * 1e3,
        t.as_secs_f64() * 1e6 / 1000.0
    );
}

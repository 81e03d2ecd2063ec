//! Whatever a user pastes: a diagnostic or a result, never a panic. Each case prints how long it
//! took (the bounds are stated in the README, measured in release builds); the assertions are on
//! outcomes, not on time.

use std::time::Instant;

use hookpad_core::policy::glob::Glob;
use hookpad_core::policy::{self, parse, Origin, Pair};
use hookpad_core::simulate::{simulate, Simulation, SimulationInput};
use hookpad_core::{samples, Source};

fn input(template: &str, event: String) -> SimulationInput {
    SimulationInput {
        manifest: samples::INTEGRATION.manifest.to_owned(),
        templates: samples::INTEGRATION
            .templates
            .iter()
            .map(|(p, t)| {
                (
                    (*p).to_owned(),
                    if *p == "templates/flag.json.hbs" {
                        template.to_owned()
                    } else {
                        (*t).to_owned()
                    },
                )
            })
            .collect(),
        event,
        ..SimulationInput::default()
    }
}

fn timed(name: &str, f: impl FnOnce() -> Simulation) -> Simulation {
    let start = Instant::now();
    let sim = f();
    eprintln!("{name}: {:.1?}", start.elapsed());
    sim
}

fn codes(sim: &Simulation) -> Vec<&str> {
    sim.diagnostics.iter().map(|d| &*d.code).collect()
}

fn flag_event_with(extra: &str) -> String {
    let base = samples::event("flag-toggle").unwrap().json.trim_end();
    format!("{}, {extra}}}", base.strip_suffix('}').unwrap())
}

#[test]
fn a_20_mb_event_renders() {
    let items: Vec<String> = (0..250_000).map(|i| format!("{{\"id\": {i}, \"text\": \"item number {i:07} with some text to pad it out to size\"}}")).collect();
    let event = flag_event_with(&format!("\"items\": [{}]", items.join(",")));
    assert!(event.len() >= 20_000_000, "{} bytes", event.len());
    let sim = timed("20 MB event", || {
        simulate(&input("{\"n\": {{items.length}}}", event))
    });
    assert_eq!(sim.request.unwrap().body, "{\"n\": 250000}");
}

#[test]
fn ten_thousand_deep_nesting_is_a_diagnostic() {
    let deep_event = flag_event_with(&format!(
        "\"deep\": {}{}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    ));
    let sim = timed("10,000-deep event", || simulate(&input("{}", deep_event)));
    assert!(
        codes(&sim).contains(&"event/invalid-json"),
        "{:?}",
        codes(&sim)
    );

    let deep_template = "{{#if a}}".repeat(10_000) + &"{{/if}}".repeat(10_000);
    let sim = timed("10,000-deep template", || {
        simulate(&input(
            &deep_template,
            samples::event("flag-toggle").unwrap().json.to_owned(),
        ))
    });
    let d = sim
        .diagnostics
        .iter()
        .find(|d| d.code == "template/syntax-error")
        .unwrap();
    assert!(d.message.contains("nest deeper"));

    let deep_manifest = format!("{{\"x\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let mut i = input("{}", samples::event("flag-toggle").unwrap().json.to_owned());
    i.manifest = deep_manifest;
    let sim = timed("10,000-deep manifest", || simulate(&i));
    assert!(
        sim.diagnostics
            .iter()
            .any(|d| d.source == Source::Manifest && d.location.is_some()),
        "{:?}",
        codes(&sim)
    );
}

#[test]
fn a_template_iterating_ten_million_times_is_stopped() {
    let xs: Vec<String> = (0..3163).map(|i| i.to_string()).collect();
    let event = flag_event_with(&format!("\"xs\": [{}]", xs.join(",")));
    let template = "{{#each xs}}{{#each ../xs}}.{{/each}}{{/each}}";
    let sim = timed("3163 × 3163 iterations", || {
        simulate(&input(template, event))
    });
    assert!(
        codes(&sim).contains(&"template/too-many-iterations"),
        "{:?}",
        codes(&sim)
    );
}

#[test]
fn a_runaway_output_is_stopped() {
    let event = flag_event_with(&format!(
        "\"big\": \"{}\", \"xs\": [{}]",
        "x".repeat(1_000_000),
        vec!["1"; 50].join(",")
    ));
    let sim = timed("50 MB of output", || {
        simulate(&input("{{#each xs}}{{../big}}{{/each}}", event))
    });
    assert!(
        codes(&sim).contains(&"template/output-too-large"),
        "{:?}",
        codes(&sim)
    );
}

#[test]
fn a_policy_with_ten_thousand_statements() {
    let statements: Vec<String> = (0..10_000)
        .map(|i| format!("{{\"effect\": \"allow\", \"resources\": [\"proj/p{i}:env/*:flag/*\"], \"actions\": [\"update*\"]}}"))
        .collect();
    let mut i = input("{}", samples::event("flag-toggle").unwrap().json.to_owned());
    i.policy = Some(format!("[{}]", statements.join(",")));
    let sim = timed("10,000 statements", || simulate(&i));
    let report = sim.policy.unwrap();
    assert!(!report.sent);
    assert_eq!(report.pairs[0].statements.len(), 10_000);

    let origin = Origin {
        source: Source::Policy,
        pointer: String::new(),
    };
    let parsed = policy::load(
        &format!("[{}]", statements.join(",")),
        &origin,
        &mut Vec::new(),
    );
    let pair = Pair {
        resource: parse::resource("proj/p9999:env/production:flag/f"),
        action: "updateOn".to_owned(),
    };
    assert!(policy::evaluate(&parsed, &[pair]).sent);
}

#[test]
fn pathological_globs_are_linear() {
    let text = "a".repeat(1_000_000);
    let start = Instant::now();
    assert!(!Glob::new("*a*a*a*a*a*a*a*b").matches(&text));
    eprintln!("glob over 1,000,000 a: {:.1?}", start.elapsed());
}

#[test]
fn lone_surrogates_and_garbage_are_located_diagnostics() {
    let sim = simulate(&input(
        "{}",
        r#"{"kind": "flag", "name": "\ud800"}"#.to_owned(),
    ));
    let d = sim
        .diagnostics
        .iter()
        .find(|d| d.code == "event/invalid-json")
        .unwrap();
    assert!(d.location.is_some());
    for garbage in [
        "",
        "{",
        "{{",
        "{{#each}}",
        "{{/if}}",
        "{{else}}",
        "{{> partial}}",
        "{{{{raw}}}}",
        "\u{0}\u{ffff}",
    ] {
        let sim = simulate(&input(
            garbage,
            samples::event("flag-toggle").unwrap().json.to_owned(),
        ));
        assert!(sim.request.is_some(), "{garbage:?}");
    }
}

//! Whatever a user pastes: a diagnostic or a result, never a panic, and never work that grows out
//! of proportion. Exact timings live in the benchmarks (`bench/run`); here each case prints how long
//! it took and asserts a bound generous enough not to flake on a loaded machine, yet tight enough to
//! catch the failure the test is named after: work that grows quadratically (the time on 8n inputs
//! against n: about 8 when linear, about 64 when quadratic) or a limit that stops a run too late.

use std::hint::black_box;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use hookpad_core::policy::glob::Glob;
use hookpad_core::policy::{self, parse, Origin, Pair};
use hookpad_core::render::limits::within_deadline;
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

/// How long a stopped run may take at most. Release builds stop these runs in well under 0.2 s.
const STOPPED_WITHIN: Duration = Duration::from_secs(10);

fn timed(name: &str, f: impl FnOnce() -> Simulation) -> (Simulation, Duration) {
    let start = Instant::now();
    let sim = f();
    let elapsed = start.elapsed();
    eprintln!("{name}: {elapsed:.1?}");
    (sim, elapsed)
}

/// The tests of this file run one at a time, so that one's timings are not another's load.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    // A test that panicked while holding the lock poisons it; the lock itself is still good.
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The CPU time of this thread running `work(n)`: other processes on the machine do not count.
fn cpu_time(work: &mut impl FnMut(usize), n: usize) -> Duration {
    let start = cpu_time::ThreadTime::now();
    work(n);
    start.elapsed()
}

/// How long a growth measurement may take before it counts as a hang (quadratic work on these
/// sizes would take hours).
const MEASURED_WITHIN: Duration = Duration::from_secs(60);

/// How many times longer `work` takes on `8 * n` than on `n`. Panics when the measurement itself
/// takes longer than [`MEASURED_WITHIN`].
fn growth(name: &str, n: usize, mut work: impl FnMut(usize) + Send) -> f64 {
    let (small, large) = std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::channel();
        scope.spawn(move || {
            // Interleaved, so that a busy spell of the machine (another process on this core's
            // sibling slows the same CPU time of work) falls on both sizes alike.
            let (mut small, mut large) = (Duration::MAX, Duration::MAX);
            for _ in 0..5 {
                small = small.min(cpu_time(&mut work, n));
                large = large.min(cpu_time(&mut work, 8 * n));
            }
            let _ = done.send((small, large));
        });
        match finished.recv_timeout(MEASURED_WITHIN) {
            Ok(times) => times,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                panic!("{name}: the measured work panicked (see above)")
            }
            // Exiting here (not panicking) ends the run now instead of waiting for the scope.
            Err(_) => {
                eprintln!("{name}: no result within {MEASURED_WITHIN:?}: the work is not linear");
                std::process::exit(101)
            }
        }
    });
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    eprintln!("{name}: n={n} {small:.1?}, 8n {large:.1?}, ×{ratio:.1}");
    ratio
}

/// Linear work is about 8× slower on 8n inputs (up to ~16× with cache effects and a busy machine),
/// quadratic about 64× (as low as ~40× on a busy machine, whose other work slows the same CPU time
/// unevenly); 24 keeps clear of both.
const MAX_GROWTH: f64 = 24.0;

#[test]
fn the_growth_check_tells_linear_from_quadratic_work() {
    let _serial = one_at_a_time();
    let linear = growth("linear", 2_000_000, |n| {
        for i in 0..n {
            black_box(i);
        }
    });
    let quadratic = growth("quadratic", 4_000, |n| {
        for i in 0..n {
            for j in 0..n {
                black_box(i ^ j);
            }
        }
    });
    assert!(linear < MAX_GROWTH, "linear work grew ×{linear:.1}");
    assert!(
        quadratic > MAX_GROWTH,
        "quadratic work grew only ×{quadratic:.1}"
    );
}

fn codes(sim: &Simulation) -> Vec<&str> {
    sim.diagnostics.iter().map(|d| &*d.code).collect()
}

fn flag_event_with(extra: &str) -> String {
    let base = samples::event("flag-toggle").unwrap().json.trim_end();
    format!("{}, {extra}}}", base.strip_suffix('}').unwrap())
}

fn event_with_items(count: usize) -> String {
    let items: Vec<String> = (0..count).map(|i| format!("{{\"id\": {i}, \"text\": \"item number {i:07} with some text to pad it out to size\"}}")).collect();
    flag_event_with(&format!("\"items\": [{}]", items.join(",")))
}

/// A path's length reads its parent where it is: `{{items.length}}` on a huge array costs the
/// same as on a small one (it used to copy the array, twice per print: 0.3 s for 40,000 items).
#[test]
fn the_length_of_a_large_array_is_read_without_copying_it() {
    use hookpad_core::render::{render_with, RenderData};
    use hookpad_core::Dialect;
    let _serial = one_at_a_time();
    let template = "{{items.length}}".repeat(20);
    let mut data = std::collections::HashMap::new();
    for dialect in Dialect::ALL {
        let ratio = growth(&format!("items.length, {}", dialect.name()), 5_000, |n| {
            let data = data.entry(n).or_insert_with(|| {
                let event: serde_json::Value = serde_json::from_str(&event_with_items(n)).unwrap();
                RenderData::new(event)
            });
            let printed = render_with(&template, data, dialect).unwrap();
            // handlebars.js: an array's `length`; raymond looks `length` up in each item (none
            // has it), which prints nothing.
            let length = match dialect {
                Dialect::Preview => n.to_string(),
                Dialect::Production => String::new(),
            };
            assert_eq!(printed, length.repeat(20));
        });
        // Copying the array is linear in its size (×8); reading it in place does not grow.
        assert!(ratio < 4.0, "{}: ×{ratio:.1}", dialect.name());
    }
}

#[test]
fn a_20_mb_event_renders() {
    let _serial = one_at_a_time();
    let event = event_with_items(250_000);
    assert!(event.len() >= 20_000_000, "{} bytes", event.len());
    let (sim, _) = timed("20 MB event", || {
        simulate(&input("{\"n\": {{items.length}} }", event))
    });
    assert_eq!(sim.request.unwrap().body, "{\"n\": 250000 }");

    let ratio = growth("event size", 31_250, |n| {
        // Every run parses the event afresh (simulate() keeps the last one).
        hookpad_core::simulate::clear_caches();
        let sim = simulate(&input("{\"n\": {{items.length}} }", event_with_items(n)));
        black_box(sim);
    });
    assert!(
        ratio < MAX_GROWTH,
        "simulate() grew ×{ratio:.1} on an 8× larger event"
    );
}

#[test]
fn ten_thousand_deep_nesting_is_a_diagnostic() {
    let _serial = one_at_a_time();
    let deep_event = flag_event_with(&format!(
        "\"deep\": {}{}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    ));
    let (sim, elapsed) = timed("10,000-deep event", || simulate(&input("{}", deep_event)));
    assert!(elapsed < STOPPED_WITHIN, "{elapsed:?}");
    assert!(
        codes(&sim).contains(&"event/invalid-json"),
        "{:?}",
        codes(&sim)
    );

    let deep_template = "{{#if a}}".repeat(10_000) + &"{{/if}}".repeat(10_000);
    let (sim, elapsed) = timed("10,000-deep template", || {
        simulate(&input(
            &deep_template,
            samples::event("flag-toggle").unwrap().json.to_owned(),
        ))
    });
    assert!(elapsed < STOPPED_WITHIN, "{elapsed:?}");
    let d = sim
        .diagnostics
        .iter()
        .find(|d| d.code == "template/syntax-error")
        .unwrap();
    assert!(d.message.contains("nest deeper"));

    let deep_manifest = format!("{{\"x\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let mut i = input("{}", samples::event("flag-toggle").unwrap().json.to_owned());
    i.manifest = deep_manifest;
    let (sim, elapsed) = timed("10,000-deep manifest", || simulate(&i));
    assert!(elapsed < STOPPED_WITHIN, "{elapsed:?}");
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
    let _serial = one_at_a_time();
    let xs: Vec<String> = (0..3163).map(|i| i.to_string()).collect();
    let event = flag_event_with(&format!("\"xs\": [{}]", xs.join(",")));
    let template = "{{#each xs}}{{#each ../xs}}.{{/each}}{{/each}}";
    let (sim, elapsed) = timed("3163 × 3163 iterations", || {
        simulate(&input(template, event))
    });
    assert!(elapsed < STOPPED_WITHIN, "stopped only after {elapsed:?}");
    assert!(
        codes(&sim).contains(&"template/too-many-iterations"),
        "{:?}",
        codes(&sim)
    );
}

/// Milliseconds since the first reading, as a caller's clock for [`within_deadline`].
fn clock_ms() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[test]
fn a_deadline_stops_a_runaway_simulation_and_leaves_a_quick_one_alone() {
    let _serial = one_at_a_time();
    // Every inner iteration copies `big` (117 KB), 160,000 times: seconds of work.
    let big: Vec<String> = (0..3000)
        .map(|i| format!("\"k{i}\": \"{}\"", "x".repeat(30)))
        .collect();
    let xs: Vec<String> = (0..400).map(|i| i.to_string()).collect();
    let event = flag_event_with(&format!(
        "\"big\": {{{}}}, \"xs\": [{}]",
        big.join(","),
        xs.join(",")
    ));
    let runaway = "{{#each xs}}{{#each @root.xs}}{{#with (lookup @root \"big\")}}.{{/with}}{{/each}}{{/each}}";
    let ((sim, passed), elapsed) = {
        let start = Instant::now();
        let run = within_deadline(clock_ms, clock_ms() + 50.0, || {
            simulate(&input(runaway, event.clone()))
        });
        (run, start.elapsed())
    };
    eprintln!("runaway with a 50 ms deadline: {elapsed:.1?}");
    assert!(passed);
    assert!(elapsed < STOPPED_WITHIN, "stopped only after {elapsed:?}");
    assert!(
        codes(&sim).contains(&"template/deadline-passed"),
        "{:?}",
        codes(&sim)
    );

    // A quick simulation under a deadline it meets is the simulation without one.
    let quick = "{{#each xs}}{{this}}{{/each}}";
    let (sim, passed) = within_deadline(clock_ms, clock_ms() + 60_000.0, || {
        simulate(&input(quick, event.clone()))
    });
    assert!(!passed);
    assert_eq!(sim, simulate(&input(quick, event.clone())));
    // The deadline is lifted when the work returns, even one long past.
    let (_, passed) = within_deadline(clock_ms, clock_ms() - 1.0, || ());
    assert!(!passed, "no loop ran, so nothing read the clock");
    let after = simulate(&input(
        "{{#each xs}}{{#each ../xs}}.{{/each}}{{/each}}",
        event,
    ));
    assert!(
        !codes(&after).contains(&"template/deadline-passed"),
        "{:?}",
        codes(&after)
    );
    let body = after.request.as_ref().map(|r| r.body.len());
    assert_eq!(body, Some(400 * 400), "{:?}", codes(&after));
}

#[test]
fn a_runaway_output_is_stopped() {
    let _serial = one_at_a_time();
    let event = flag_event_with(&format!(
        "\"big\": \"{}\", \"xs\": [{}]",
        "x".repeat(1_000_000),
        vec!["1"; 50].join(",")
    ));
    let (sim, elapsed) = timed("50 MB of output", || {
        simulate(&input("{{#each xs}}{{../big}}{{/each}}", event))
    });
    assert!(elapsed < STOPPED_WITHIN, "stopped only after {elapsed:?}");
    assert!(
        codes(&sim).contains(&"template/output-too-large"),
        "{:?}",
        codes(&sim)
    );
}

fn statements(count: usize) -> String {
    let statements: Vec<String> = (0..count)
        .map(|i| format!("{{\"effect\": \"allow\", \"resources\": [\"proj/p{i}:env/*:flag/*\"], \"actions\": [\"update*\"]}}"))
        .collect();
    format!("[{}]", statements.join(","))
}

#[test]
fn a_policy_with_ten_thousand_statements() {
    let _serial = one_at_a_time();
    let mut i = input("{}", samples::event("flag-toggle").unwrap().json.to_owned());
    i.policy = Some(statements(10_000));
    let (sim, _) = timed("10,000 statements", || simulate(&i));
    let report = sim.policy.unwrap();
    assert!(!report.sent);
    assert_eq!(report.pairs[0].statements.len(), 10_000);

    let origin = Origin {
        source: Source::Policy,
        pointer: String::new(),
    };
    let parsed = policy::load(&statements(10_000), &origin, &mut Vec::new());
    let pair = Pair {
        resource: parse::resource("proj/p9999:env/production:flag/f"),
        action: "updateOn".to_owned(),
    };
    assert!(policy::evaluate(&parsed, &[pair]).sent);

    let ratio = growth("statements", 1_250, |n| {
        hookpad_core::simulate::clear_caches();
        i.policy = Some(statements(n));
        black_box(simulate(&i));
    });
    assert!(
        ratio < MAX_GROWTH,
        "simulate() grew ×{ratio:.1} on 8× the statements"
    );
}

#[test]
fn pathological_globs_are_linear() {
    let _serial = one_at_a_time();
    let glob = Glob::new("*a*a*a*a*a*a*a*b");
    let text = "a".repeat(8_000_000);
    // Steps, not time: exact, so the bound can be tight and never flakes. Linear matching takes
    // about one step per character; smallest first, so quadratic matching fails fast.
    for n in [1_000, 1_000_000, 8_000_000] {
        let steps = glob.match_steps(&text[..n]);
        eprintln!("glob over {n} a: {steps} steps");
        assert!(
            steps <= 2 * n,
            "{steps} steps for {n} characters: matching is not linear"
        );
    }
    assert!(!glob.matches(&text));
}

#[test]
fn lone_surrogates_and_garbage_are_located_diagnostics() {
    let _serial = one_at_a_time();
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

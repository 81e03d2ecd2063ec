//! Where `simulate()` spends its time, step by step, on the example integration (run with
//! `cargo run --release -p hookpad-core --example profile`).
#![allow(clippy::print_stdout)]
use std::time::{Duration, Instant};

use hookpad_core::manifest::{check, CheckOptions};
use hookpad_core::samples;
use hookpad_core::simulate::{simulate, SimulationInput};

fn each<T>(n: u32, mut f: impl FnMut() -> T) -> Duration {
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(f());
    }
    t.elapsed() / n
}

fn main() {
    let input = SimulationInput {
        manifest: samples::INTEGRATION.manifest.to_owned(),
        templates: samples::INTEGRATION.template_map(),
        event: samples::EVENTS[0].json.to_owned(),
        ..SimulationInput::default()
    };
    let n = 3000;
    println!(
        "simulate():              {:?}",
        each(n, || simulate(&input))
    );
    let opts = CheckOptions {
        supplied_templates: Some(input.templates.keys().cloned().collect()),
        integration_key: None,
    };
    println!(
        "  manifest checks:       {:?}",
        each(n, || check(&input.manifest, &opts))
    );
    println!(
        "  manifest span parse:   {:?}",
        each(n, || hookpad_core::json_span::parse(&input.manifest))
    );
    println!(
        "  event parse:           {:?}",
        each(n, || serde_json::from_str::<serde_json::Value>(
            &input.event
        )
        .ok())
    );
    let event: serde_json::Value = serde_json::from_str(&input.event).unwrap_or_default();
    let template = samples::INTEGRATION.templates[0].1;
    println!(
        "  escape + render body:  {:?}",
        each(n, || {
            let data = hookpad_core::render::RenderData::new(
                hookpad_core::context::json_escape_strings(&event),
            );
            hookpad_core::render::render_with(template, &data, hookpad_core::Dialect::Preview).ok()
        })
    );
}

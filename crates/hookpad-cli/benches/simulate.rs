//! `cargo bench`: throughput of Hookpad's engine over the public reference corpus.
//!
//! - render: every corpus case compiled and rendered, per dialect (cases per second);
//! - simulate: `simulate()` for every (integration folder, sample event) pair, per dialect
//!   (each simulation renders URL, headers and body in both dialects to report differences).
//!
//! Prints medians of several rounds. The corpus comes from `HOOKPAD_CORPUS` or `../shared/corpus`.
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use hookpad_cli::corpus::Corpus;
use hookpad_cli::integration;
use hookpad_core::render::compile;
use hookpad_core::simulate::{simulate, SimulationInput};
use hookpad_core::Dialect;

const ROUNDS: usize = 7;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let dir = std::env::var_os("HOOKPAD_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
        PathBuf::from,
    );
    let Ok(mut corpus) = Corpus::open(&dir) else {
        println!("no corpus at {}; set HOOKPAD_CORPUS", dir.display());
        return;
    };
    let cases = corpus.cases.clone();
    let inputs: Vec<(String, serde_json::Value)> =
        cases.iter().filter_map(|c| corpus.inputs(c).ok()).collect();

    for dialect in Dialect::ALL {
        let mut rates = Vec::new();
        for _ in 0..ROUNDS {
            let start = Instant::now();
            for (template, context) in &inputs {
                let out =
                    compile(template, dialect).and_then(|c| c.render(context.clone(), dialect));
                std::hint::black_box(out.ok());
            }
            rates.push(inputs.len() as f64 / start.elapsed().as_secs_f64());
        }
        println!(
            "render   {:<10} {:>6} cases      {:>10.0} cases/s",
            dialect.name(),
            inputs.len(),
            median(rates)
        );
    }

    let dirs: BTreeSet<String> = cases.iter().map(|c| c.dir.clone()).collect();
    let contexts: BTreeSet<String> = cases.iter().map(|c| c.context.clone()).collect();
    let events: BTreeMap<String, String> = contexts
        .iter()
        .filter_map(|c| {
            std::fs::read_to_string(dir.join("contexts").join(format!("{c}.json")))
                .ok()
                .map(|t| (c.clone(), t))
        })
        .collect();
    let mut sims = Vec::new();
    for d in &dirs {
        let Ok(files) = integration::read(&dir.join("integrations").join(d)) else {
            continue;
        };
        for event in events.values() {
            sims.push(SimulationInput {
                manifest: files.manifest.clone(),
                templates: files.templates.clone(),
                event: event.clone(),
                ..SimulationInput::default()
            });
        }
    }
    for dialect in Dialect::ALL {
        let mut rates = Vec::new();
        for _ in 0..ROUNDS {
            let start = Instant::now();
            for input in &sims {
                let mut input = input.clone();
                input.dialect = dialect;
                std::hint::black_box(simulate(&input));
            }
            rates.push(sims.len() as f64 / start.elapsed().as_secs_f64());
        }
        println!(
            "simulate {:<10} {:>6} simulations {:>10.0} simulations/s",
            dialect.name(),
            sims.len(),
            median(rates)
        );
    }
}

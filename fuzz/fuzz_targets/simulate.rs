//! `simulate()` on arbitrary manifest, template and event bytes. The first byte picks what is
//! fuzzed, so that most runs get past JSON parsing into routing, rendering and policy.
#![no_main]

use hookpad_core::simulate::{simulate, SimulationInput};
use hookpad_core::{samples, Dialect};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut parts = text.splitn(3, '\u{1}');
    let (a, b, c) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut input = SimulationInput {
        manifest: samples::INTEGRATION.manifest.to_owned(),
        templates: samples::INTEGRATION.template_map(),
        event: samples::EVENTS[0].json.to_owned(),
        dialect: if mode & 1 == 0 { Dialect::Preview } else { Dialect::Production },
        ..SimulationInput::default()
    };
    match (mode >> 1) % 4 {
        0 => {
            for t in input.templates.values_mut() {
                *t = a.to_owned();
            }
            input.event = b.to_owned();
        }
        1 => input.event = a.to_owned(),
        2 => {
            input.manifest = a.to_owned();
            input.event = b.to_owned();
        }
        _ => {
            input.policy = Some(a.to_owned());
            input.templates.insert("templates/flag.json.hbs".to_owned(), b.to_owned());
            input.event = c.to_owned();
        }
    }
    let _ = simulate(&input);
});

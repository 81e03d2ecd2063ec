//! Policy parsing, linting and evaluation on arbitrary statements, resources and actions.
#![no_main]

use hookpad_core::diagnostic::Source;
use hookpad_core::policy::{self, parse, Origin, Pair};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\u{1}');
    let (statements, resource, action) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let origin = Origin {
        source: Source::Policy,
        pointer: String::new(),
    };
    let mut diags = Vec::new();
    let parsed = policy::load(statements, &origin, &mut diags);
    let pair = Pair {
        resource: parse::resource(resource),
        action: action.to_owned(),
    };
    let _ = policy::evaluate(&parsed, &[pair]);
    let _ = parse::resource_pattern(resource);
});

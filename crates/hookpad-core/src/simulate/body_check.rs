//! Whether a JSON body parses, located in the output and traced to the template line.

use serde_json::Value as Json;

use crate::diagnostic::{json_error_range, Diagnostic, Severity, Source};
use crate::text::{LineIndex, PositionEncoding};

use super::{BodyJson, Simulation};

pub(super) fn check_json(
    body: &str,
    template: Option<(&str, &str)>,
    sim: &mut Simulation,
) -> BodyJson {
    match serde_json::from_str::<Json>(body) {
        Ok(v) => BodyJson {
            valid: true,
            error: None,
            error_location: None,
            template_line: None,
            pretty: serde_json::to_string_pretty(&v).ok(),
        },
        Err(e) => {
            let range = json_error_range(body, &e);
            let line = u32::try_from(e.line()).unwrap_or(u32::MAX);
            let traced = template
                .and_then(|(path, text)| template_line_for(text, body, line).map(|l| (path, l)));
            let origin = match (template, traced) {
                (_, Some((path, l))) => {
                    format!(" (output line {line} comes from line {l} of `{path}`)")
                }
                (Some((path, _)), None) => format!(" (rendered from `{path}`)"),
                (None, None) => String::new(),
            };
            // A body with nothing but JSON's white space: the template's blocks printed nothing for
            // this event (serde_json would only say "EOF while parsing a value").
            let empty = body
                .bytes()
                .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
            let (message, hint) = if empty {
                (
                    format!("the rendered body is empty: the template printed no JSON for this event{origin}"),
                    "the receiving service gets no JSON value; check the conditions of the blocks around \
                     the body (`{{#if}}`, `{{#each}}`, ...) against this event's fields",
                )
            } else {
                (
                    format!("the rendered body is not valid JSON: {e}{origin}"),
                    "the receiving service will reject this body; look for a missing comma, a trailing comma, \
                     or a value printed with `{{ }}` whose HTML escaping broke a JSON escape (use `{{{ }}}` in JSON strings)",
                )
            };
            let mut d = Diagnostic::new(
                "output/invalid-json",
                Severity::Error,
                Source::Output,
                message,
            )
            .with_range(range)
            .with_hint(hint);
            d.locate(body, &LineIndex::new(body), PositionEncoding::Chars);
            let location = d.location;
            sim.diagnostics.push(d);
            BodyJson {
                valid: false,
                error: Some(if empty {
                    "the body is empty".to_owned()
                } else {
                    e.to_string()
                }),
                error_location: location,
                template_line: traced.map(|(_, l)| l),
                pretty: None,
            }
        }
    }
}

/// The template line whose literal text (outside `{{ }}`) best accounts for output line `line`:
/// every literal fragment of the template line appears, in order, in the output line.
pub(super) fn template_line_for(template: &str, output: &str, line: u32) -> Option<u32> {
    let out_line = output
        .split('\n')
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let mut best: Option<(usize, u32)> = None;
    for (i, template_line) in template.split('\n').enumerate() {
        let mut fragments = Vec::new();
        let mut rest = template_line;
        while let Some(open) = rest.find("{{") {
            fragments.push(&rest[..open]);
            rest = rest[open..]
                .find("}}")
                .map_or("", |close| &rest[open + close + 2..]);
        }
        fragments.push(rest);
        let fragments: Vec<&str> = fragments
            .iter()
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
            .collect();
        if fragments.is_empty() {
            continue;
        }
        let mut at = 0;
        let all_found = fragments.iter().all(|f| match out_line[at..].find(f) {
            Some(p) => {
                at += p + f.len();
                true
            }
            None => false,
        });
        let score: usize = fragments.iter().map(|f| f.len()).sum();
        if all_found && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, u32::try_from(i + 1).ok()?));
        }
    }
    best.map(|(_, l)| l)
}

//! Rendering the request's parts (URL, headers, body) in both dialects: the differences between
//! them, the faults as diagnostics, and the HMAC signature.

use serde_json::{Map, Value as Json};

use crate::context::is_json_template;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::manifest::AuditLogEventsHook;
use crate::render::{self, Dialect, RenderData, RenderFault, RenderFaultReason};
use crate::request::{hmac_signature, HeaderValue, Request};
use crate::routing::Route;
use crate::text::{LineIndex, PositionEncoding};

use super::inputs::EventContexts;
use super::{DialectDifference, Rendered, Simulation, SimulationInput};

/// Renders one part in both dialects, records any difference, and returns the chosen dialect's
/// result.
/// A part rendered in the chosen dialect, and — in production — what preview stopped on that
/// production silently rendered as empty (a missing field or helper).
pub(super) struct PartRender {
    pub(super) result: Result<String, RenderFault>,
    pub(super) silent_in_production: Option<RenderFault>,
}

pub(super) fn render_both(
    part: &str,
    template: &str,
    data: &RenderData,
    chosen: Dialect,
    sim: &mut Simulation,
) -> PartRender {
    let compiled = render::compile_both_cached(template);
    let [preview, production] = Dialect::ALL.map(|d| match &*compiled[d.index()] {
        Ok(program) => program.render_with(data, d),
        Err(fault) => Err(fault.clone()),
    });
    record_difference(part, template, &preview, &production, sim);
    match chosen {
        Dialect::Preview => PartRender {
            result: preview,
            silent_in_production: None,
        },
        Dialect::Production => {
            let silent = match (&preview, &production) {
                (Err(fault), Ok(_))
                    if matches!(
                        fault.reason,
                        RenderFaultReason::MissingField { .. }
                            | RenderFaultReason::MissingHelper(_)
                    ) =>
                {
                    Some(fault.clone())
                }
                _ => None,
            };
            PartRender {
                result: production,
                silent_in_production: silent,
            }
        }
    }
}

/// The warning for what production renders as empty without a word (preview stops on it).
pub(super) fn silent_fault(mut d: Diagnostic) -> Diagnostic {
    d.code = std::borrow::Cow::Borrowed("template/empty-in-production");
    d.severity = Severity::Warning;
    d.message = format!("renders as empty in production: {}", d.message);
    d
}

pub(super) fn as_rendered(template: &str, result: &Result<String, RenderFault>) -> Rendered {
    match result {
        Ok(s) => Rendered::Output(s.clone()),
        Err(f) => Rendered::Error(f.handlebars_js_message(template)),
    }
}

pub(super) fn record_difference(
    part: &str,
    template: &str,
    preview: &Result<String, RenderFault>,
    production: &Result<String, RenderFault>,
    sim: &mut Simulation,
) {
    let (p, q) = (
        as_rendered(template, preview),
        as_rendered(template, production),
    );
    if p == q {
        return;
    }
    let line = match (&p, &q) {
        (Rendered::Output(a), Rendered::Output(b)) => first_different_line(a, b),
        _ => 1,
    };
    sim.differences.push(DialectDifference {
        part: part.to_owned(),
        preview: p,
        production: q,
        line,
    });
}

pub(super) fn first_different_line(a: &str, b: &str) -> u32 {
    let mut line = 1u32;
    for (x, y) in a.split('\n').zip(b.split('\n')) {
        if x != y {
            return line;
        }
        line += 1;
    }
    line
}

pub(super) fn render_body(
    input: &SimulationInput,
    route: &Route,
    event: &Json,
    contexts: &EventContexts,
    sim: &mut Simulation,
) -> Option<String> {
    let Some(path) = route.template_path.as_deref() else {
        return serde_json::to_string(event).ok();
    };
    let Some(template) = input.templates.get(path) else {
        // Reported by the manifest checks (`manifest/template-not-found`) at the path's location.
        return None;
    };
    let data = contexts.body(event, is_json_template(path));
    let body = render_both("body", template, data, input.dialect, sim);
    if let Some(fault) = &body.silent_in_production {
        sim.diagnostics.push(silent_fault(template_fault(
            fault,
            path,
            Dialect::Production,
        )));
    }
    match body.result {
        Ok(s) => Some(s),
        Err(fault) => {
            sim.diagnostics
                .push(template_fault(&fault, path, input.dialect));
            None
        }
    }
}

/// Every other template file of the hook is compiled too (both dialects), so a syntax error in
/// `templates/project.json.hbs` shows while a flag event is selected.
pub(super) fn check_other_templates(
    input: &SimulationInput,
    hook: &AuditLogEventsHook,
    route: &Route,
    sim: &mut Simulation,
) {
    let mut seen = std::collections::BTreeSet::new();
    for t in &hook.templates {
        if route.template_path.as_deref() == Some(t.path.as_str()) || !seen.insert(&t.path) {
            continue;
        }
        let Some(text) = input.templates.get(&t.path) else {
            continue;
        };
        if let Some((fault, dialect)) = render::first_compile_fault(text) {
            sim.diagnostics
                .push(template_fault(&fault, &t.path, dialect));
        }
    }
}

pub(super) fn fault_code_and_severity(fault: &RenderFault) -> (&'static str, Severity) {
    match fault.reason {
        RenderFaultReason::MissingField { .. } => ("template/missing-field", Severity::Warning),
        RenderFaultReason::MissingHelper(_) => ("template/helper-not-found", Severity::Warning),
        RenderFaultReason::TypeError(_) => ("template/type-error", Severity::Warning),
        RenderFaultReason::Syntax(_) => ("template/syntax-error", Severity::Error),
        RenderFaultReason::Helper { .. } => ("template/helper-error", Severity::Error),
        RenderFaultReason::HelperArity { .. } => ("template/helper-arity", Severity::Error),
        RenderFaultReason::OutputTooLarge => ("template/output-too-large", Severity::Error),
        RenderFaultReason::TooManyIterations(_) => {
            ("template/too-many-iterations", Severity::Error)
        }
        RenderFaultReason::DeadlinePassed => ("template/deadline-passed", Severity::Error),
        _ => ("template/render-error", Severity::Error),
    }
}

pub(super) fn fault_hint(fault: &RenderFault, dialect: Dialect) -> String {
    match &fault.reason {
        RenderFaultReason::MissingField { name, .. } => format!(
            "`npm run preview` (handlebars.js strict mode) stops here; production renders `{name}` as an empty string. \
             Guard it with `{{{{#if {name}}}}}...{{{{/if}}}}` or make sure the event has it"
        ),
        RenderFaultReason::MissingHelper(name) => format!(
            "`{name}` is not a helper LaunchDarkly provides; production renders nothing for it. \
             Available: {}",
            render::helpers::PUBLIC_HELPERS.join(", ")
        ),
        RenderFaultReason::TypeError(_) => {
            "a path goes through a value that is missing; check each segment, or guard the expression with `{{#if}}`".to_owned()
        }
        RenderFaultReason::Syntax(_) => "fix the template syntax at this position".to_owned(),
        _ => format!("the {} engine could not render this", dialect.name()),
    }
}

pub(super) fn template_fault(fault: &RenderFault, path: &str, dialect: Dialect) -> Diagnostic {
    let (code, severity) = fault_code_and_severity(fault);
    let mut d = Diagnostic::new(
        code,
        severity,
        Source::Template(path.to_owned()),
        fault.reason.to_string(),
    )
    .with_hint(fault_hint(fault, dialect));
    if let Some(range) = fault.range {
        d = d.with_range(range);
    }
    d
}

pub(super) fn endpoint_fault(
    fault: &RenderFault,
    pointer: &str,
    what: &str,
    template: &str,
) -> Diagnostic {
    let (code, severity) = fault_code_and_severity(fault);
    let at = fault.range.map(|r| {
        let lc = LineIndex::new(template).line_col(template, r.start, PositionEncoding::Chars);
        format!(" (at character {} of the {what} template)", lc.column)
    });
    Diagnostic::new(
        code,
        severity,
        Source::Manifest,
        format!("{}{}", fault.reason, at.unwrap_or_default()),
    )
    .with_pointer(pointer)
    .with_hint(fault_hint(fault, Dialect::Preview))
}

pub(super) fn add_hmac(
    hook: &AuditLogEventsHook,
    values: &Map<String, Json>,
    request: &mut Request,
) {
    let Some(hmac) = hook.endpoint.hmac_signature.as_ref() else {
        return;
    };
    let secret = match values.get(&hmac.hmac_secret_form_variable_key) {
        Some(v) => render::value::print(v, Dialect::Preview).into_owned(),
        // Reported by the manifest checks (`manifest/hmac-secret-missing`).
        None => return,
    };
    request.headers.push(HeaderValue {
        name: hmac.header_name.clone(),
        value: hmac_signature(&secret, &request.body),
    });
}

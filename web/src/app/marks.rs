//! Which editor a diagnostic belongs to, and the squiggles each editor shows.

use std::rc::Rc;

use hookpad_core::diagnostic::Diagnostic;
use hookpad_core::{Simulation, Source};

use crate::editor::Mark;
use crate::protocol::Inputs;
use crate::state::{Editor, State};

pub fn editor_of(d: &Diagnostic) -> Option<Editor> {
    match &d.source {
        Source::Manifest => Some(Editor::Manifest),
        Source::Template(path) => Some(Editor::Template(path.clone())),
        Source::Event => Some(Editor::Event),
        Source::Policy => Some(Editor::Policy),
        Source::Output => None,
    }
}

fn same(a: &Rc<str>, b: &Rc<str>) -> bool {
    Rc::ptr_eq(a, b) || a == b
}

/// The squiggles of `editor`, from a simulation of `inputs`: `None` (keep the ones shown) when
/// the editor's text is no longer the text that was simulated.
pub fn marks_for(
    state: &State,
    sim: &Simulation,
    inputs: &Inputs,
    editor: &Editor,
) -> Option<Rc<Vec<Mark>>> {
    let current = match editor {
        Editor::Manifest => same(&state.doc.manifest, &inputs.manifest),
        Editor::Event => same(&state.doc.event, &inputs.event),
        Editor::Template(path) => match (state.doc.templates.get(path), inputs.templates.get(path))
        {
            (Some(a), Some(b)) => same(a, b),
            _ => false,
        },
        Editor::Policy => inputs.settings.policy == state.doc.policy,
    };
    current.then(|| {
        Rc::new(
            sim.diagnostics
                .iter()
                .filter(|d| editor_of(d).as_ref() == Some(editor))
                .filter_map(Mark::of)
                .collect(),
        )
    })
}

/// A template's marks plus an `info` mark (shaded in the gutter, the message on hover) on each of
/// its branches that the "Every event" matrix found no event takes.
pub fn with_untaken_branches(
    marks: Rc<Vec<Mark>>,
    state: &State,
    editor: &Editor,
) -> Rc<Vec<Mark>> {
    let Editor::Template(path) = editor else {
        return marks;
    };
    let untaken: Vec<Mark> = state
        .untaken
        .iter()
        .filter(|b| &b.template == path)
        .map(|b| Mark {
            line: b.line,
            column: b.column,
            end_line: b.end_line,
            end_column: b.end_column,
            severity: "info",
            message: b.message(),
        })
        .collect();
    if untaken.is_empty() {
        return marks;
    }
    let mut all = (*marks).clone();
    all.extend(untaken);
    Rc::new(all)
}

/// The policy cannot be read: its own text, or the manifest's `defaultPolicy`, has an error.
pub fn policy_invalid(sim: &Simulation, custom: bool) -> bool {
    sim.diagnostics.iter().any(|d| {
        d.severity == hookpad_core::Severity::Error
            && if custom {
                d.source == Source::Policy
            } else {
                d.source == Source::Manifest
                    && d.pointer.as_deref().is_some_and(|p| {
                        p.starts_with("/capabilities/auditLogEventsHook/defaultPolicy")
                    })
            }
    })
}

//! Where a statement list comes from, so its diagnostics name the right source and pointer.

use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::json_span::Spanned;

/// Where the statements come from: diagnostics name this source and prefix this pointer.
#[derive(Clone, Debug)]
pub struct Origin {
    pub source: Source,
    /// JSON pointer of the statement list in its document (`/capabilities/auditLogEventsHook/defaultPolicy`).
    pub pointer: String,
}

impl Origin {
    pub(super) fn diag(
        &self,
        code: &'static str,
        severity: Severity,
        at: &Spanned,
        pointer: &str,
        message: String,
    ) -> Diagnostic {
        Diagnostic::new(code, severity, self.source.clone(), message)
            .with_range(at.range)
            .with_pointer(format!("{}{pointer}", self.pointer))
    }
}

//! The integration manifest: a lenient model of what the audit-log hook uses ([`Manifest`]) and
//! the checks of SPEC §5 ([`check`]), each finding pointing at the offending JSON value.

mod checks;
mod model;
pub mod schema;

pub use checks::{check, check_parsed, check_with_files, CheckOptions, Files, Rule, RULES};
pub use model::{
    AuditLogEventsHook, Endpoint, FormVariable, Header, HmacSignature, Manifest, TemplateRef,
};

//! The integration manifest: the model of what the audit-log hook uses, read leniently so that a
//! half-written manifest still renders what it can.

mod model;

pub use model::{
    AuditLogEventsHook, Endpoint, FormVariable, Header, HmacSignature, Manifest, TemplateRef,
};

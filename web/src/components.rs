//! One component per file.

mod code_editor;
mod copy_button;
mod diagnostics_list;
mod differences_view;
mod event_matrix;
mod event_panel;
mod exports;
mod fold;
mod form_variables;
mod integration_files;
mod notices;
mod policy_editor;
mod policy_view;
mod request_view;
mod share_panel;
mod split;
mod template_tabs;
mod toolbar;

pub use code_editor::{CodeEditor, Selection};
pub use copy_button::CopyButton;
pub use diagnostics_list::DiagnosticsList;
pub use differences_view::DifferencesView;
pub use event_matrix::EventMatrix;
pub use event_panel::{EventPanel, LARGE_EVENT_BYTES};
pub use exports::Exports;
pub use fold::Fold;
pub use form_variables::FormVariables;
pub use integration_files::IntegrationFiles;
pub use notices::Notices;
pub use policy_editor::PolicyEditor;
pub use policy_view::PolicyView;
pub use request_view::RequestView;
pub use share_panel::{SharePanel, ShareView};
pub use split::Split;
pub use template_tabs::TemplateTabs;
pub use toolbar::Toolbar;

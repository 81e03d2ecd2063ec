//! The `hookpad` command's subcommands, as a library so tests can call them directly.

pub mod corpus;
pub mod form_options;
pub mod integration;
pub mod lint_command;
pub mod matrix;
pub mod policy;
pub mod preview;

//! The `hookpad` command's subcommands, as a library so tests can call them directly.

pub mod corpus;
pub mod integration;
pub mod lint;
pub mod policy;
pub mod preview;

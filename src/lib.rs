//! wacost: a cost planner for the WhatsApp Business Platform.
//!
//! `domain` holds the exact pricing engine, `io` the file formats at its edges and `cli` the
//! command-line front end.

pub mod cli;
pub mod domain;
pub mod glossary;
#[cfg(feature = "gui")]
pub mod gui;
pub mod io;

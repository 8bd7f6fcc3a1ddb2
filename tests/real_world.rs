//! Conformance with files from the field: every file in `../shared/real-world/` (Meta's rate
//! and tier downloads, Graph API responses, providers' exports, kept as found) goes through the
//! reader it belongs to and gives the outcome that folder's README states. The files are read
//! where they are, never copied into the repository.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

mod common;

#[path = "real_world/rates.rs"]
mod rates;
#[path = "real_world/usage.rs"]
mod usage;

use std::path::{Path, PathBuf};

/// The folder of real files, beside the repository (CI has it there too).
pub fn real_world() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-world")
}

/// One real file, by its path inside the folder.
pub fn real(path: &str) -> PathBuf {
    let p = real_world().join(path);
    assert!(p.is_file(), "missing real-world file {}", p.display());
    p
}

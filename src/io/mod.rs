//! Formats at the edges: rate folders and cards, the scenario file.

pub mod atomic;
pub mod clock;
pub mod currency_data;
pub mod display;
pub mod estimate_output;
pub mod meta_rates;
pub mod money;
pub mod rates;
pub mod report;
pub mod scenario_file;
pub mod sheet;
pub mod usage;
pub mod usage_output;

use std::fmt;

/// Where in a file something is: "plan.json:3:14".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The most bytes wacost reads from a scenario, rate file or card: far more than any real one
/// (Meta's rate file is under 100 KB, the largest useful scenario about 3 MB).
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a whole input file of at most `limit` bytes. Anything that is not a regular file
/// (`/dev/zero`, a pipe, a folder) is refused before reading, and the read stops one byte past
/// the limit, so neither a device nor a huge file can fill memory. The error is the problem in
/// words, for the caller to prefix with the file's name.
pub fn read_capped(path: &std::path::Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the {what}: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read the {what}: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "the {what} is not a regular file (a folder, device or pipe); give the path of a file"
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the {what}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "the {what} is larger than {} MB; wacost reads files up to that size",
            limit >> 20
        ));
    }
    Ok(bytes)
}

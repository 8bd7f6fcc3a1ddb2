//! The autosave recovery file: every committed edit is written (atomically) to a file in the
//! user's data folder, removed again when the work is saved or deliberately discarded. If wacost
//! dies, the next start finds it and restores the unsaved work.

use std::path::{Path, PathBuf};

use crate::domain::Scenario;
use crate::io::atomic::write_atomic;
use crate::io::scenario_file::parse_scenario;

/// Environment variable naming wacost's data folder (default: the platform's data folder).
pub const DATA_HOME_ENV: &str = "WACOST_DATA_HOME";

pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_HOME_ENV) {
        return Some(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join("wacost"))
}

/// What was being edited when the recovery file was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub scenario: Scenario,
    /// The file the work belongs to, if it had one.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct RecoveryFile {
    path: PathBuf,
}

impl RecoveryFile {
    pub fn in_dir(dir: &Path) -> RecoveryFile {
        RecoveryFile {
            path: dir.join("recovery.json"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn write(&self, scenario: &Scenario, file: Option<&Path>) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let value = serde_json::json!({
            "file": file.map(|f| f.display().to_string()),
            "scenario": scenario,
        });
        let text = serde_json::to_string_pretty(&value).expect("plain values serialize");
        write_atomic(&self.path, text.as_bytes())
    }

    /// The recovered work, if a readable recovery file exists.
    pub fn read(&self) -> Option<Recovered> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let value: serde_json::Value = serde_json::from_str(&text).ok()?;
        let scenario_text = value.get("scenario")?.to_string();
        let scenario = parse_scenario(&self.path.display().to_string(), &scenario_text).ok()?;
        let file = value
            .get("file")
            .and_then(|f| f.as_str())
            .map(PathBuf::from);
        Some(Recovered { scenario, file })
    }

    pub fn clear(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_reads_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        let r = RecoveryFile::in_dir(&dir.path().join("nested"));
        assert_eq!(r.read(), None);
        let s =
            parse_scenario("x.json", include_str!("../../assets/example-scenario.json")).unwrap();
        r.write(&s, Some(Path::new("/plans/q1.json"))).unwrap();
        let back = r.read().unwrap();
        assert_eq!(back.scenario, s);
        assert_eq!(back.file, Some(PathBuf::from("/plans/q1.json")));
        r.clear();
        assert_eq!(r.read(), None);
    }
}

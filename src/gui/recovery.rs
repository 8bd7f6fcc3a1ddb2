//! The autosave recovery file: every committed edit is written (atomically) to a file in the
//! user's data folder, removed again when the work is saved or deliberately discarded. If wacost
//! dies, the next start finds it and restores the unsaved work.

use std::path::{Path, PathBuf};

use crate::domain::Scenario;
use crate::io::atomic::{absolute, write_atomic};
use crate::io::scenario_file::parse_scenario;

/// Environment variable naming wacost's data folder (default: the platform's data folder).
pub const DATA_HOME_ENV: &str = "WACOST_DATA_HOME";

/// wacost's data folder: the recovery file and the window's state (`app.ron`). Absolute, so
/// that a relative `WACOST_DATA_HOME` names one folder whatever the working folder later is.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_HOME_ENV).filter(|d| !d.is_empty()) {
        return Some(absolute(Path::new(&dir)));
    }
    dirs::data_dir().map(|d| d.join("wacost"))
}

/// A file's content as it was when the document was opened or saved: its length and SHA-256.
/// A restore compares it with the file on disk, so work is never saved over a file that
/// changed in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub sha256: String,
}

impl FileStamp {
    pub fn of_bytes(bytes: &[u8]) -> FileStamp {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(bytes);
        FileStamp {
            len: bytes.len() as u64,
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }

    pub fn of(path: &Path) -> std::io::Result<FileStamp> {
        std::fs::read(path).map(|b| FileStamp::of_bytes(&b))
    }
}

/// What was being edited when the recovery file was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub scenario: Scenario,
    /// The file the work belongs to, if it had one.
    pub file: Option<PathBuf>,
    /// That file as it was when last opened or saved.
    pub stamp: Option<FileStamp>,
}

impl Recovered {
    /// The file the restored work may be saved to: only an absolute path to a file that is
    /// still as it was when last opened or saved. Otherwise `Err` says why the work comes back
    /// as not saved (then Save asks where).
    pub fn file_to_keep(&self) -> Result<Option<PathBuf>, String> {
        let Some(file) = &self.file else {
            return Ok(None);
        };
        let shown = file.display();
        if !file.is_absolute() {
            return Err(format!(
                "its file was recorded as {shown}, relative to a folder no longer known"
            ));
        }
        if !file.parent().is_some_and(Path::is_dir) {
            return Err(format!("the folder of {shown} is gone"));
        }
        let Some(stamp) = &self.stamp else {
            return Err(format!(
                "the recovery does not say which version of {shown} it was based on"
            ));
        };
        match FileStamp::of(file) {
            Ok(now) if now == *stamp => Ok(Some(file.clone())),
            Ok(_) => Err(format!("{shown} changed since")),
            Err(e) => Err(format!("{shown} cannot be read ({e})")),
        }
    }
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

    /// Records the work, the (absolute) file it belongs to and that file's stamp.
    pub fn write(
        &self,
        scenario: &Scenario,
        file: Option<&Path>,
        stamp: Option<&FileStamp>,
    ) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let value = serde_json::json!({
            "file": file.map(|f| absolute(f).display().to_string()),
            "file_len": stamp.map(|s| s.len),
            "file_sha256": stamp.map(|s| s.sha256.clone()),
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
        let stamp = match (
            value.get("file_len").and_then(|l| l.as_u64()),
            value.get("file_sha256").and_then(|h| h.as_str()),
        ) {
            (Some(len), Some(sha256)) => Some(FileStamp {
                len,
                sha256: sha256.to_string(),
            }),
            _ => None,
        };
        Some(Recovered {
            scenario,
            file,
            stamp,
        })
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
        let stamp = FileStamp::of_bytes(b"{}");
        r.write(&s, Some(Path::new("/plans/q1.json")), Some(&stamp))
            .unwrap();
        let back = r.read().unwrap();
        assert_eq!(back.scenario, s);
        assert_eq!(back.file, Some(PathBuf::from("/plans/q1.json")));
        assert_eq!(back.stamp, Some(stamp));
        r.clear();
        assert_eq!(r.read(), None);
    }

    #[test]
    fn a_relative_file_is_recorded_absolute() {
        let dir = tempfile::tempdir().unwrap();
        let r = RecoveryFile::in_dir(dir.path());
        let s =
            parse_scenario("x.json", include_str!("../../assets/example-scenario.json")).unwrap();
        r.write(&s, Some(Path::new("plan.json")), None).unwrap();
        let back = r.read().unwrap().file.unwrap();
        assert!(back.is_absolute(), "{}", back.display());
        assert!(back.ends_with("plan.json"));
    }

    #[test]
    fn the_file_is_kept_only_while_it_is_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.json");
        std::fs::write(&plan, "as opened").unwrap();
        let s =
            parse_scenario("x.json", include_str!("../../assets/example-scenario.json")).unwrap();
        let recovered = |file: &Path, stamp: Option<FileStamp>| Recovered {
            scenario: s.clone(),
            file: Some(file.to_path_buf()),
            stamp,
        };
        let stamp = FileStamp::of(&plan).unwrap();
        assert_eq!(
            recovered(&plan, Some(stamp.clone())).file_to_keep(),
            Ok(Some(plan.clone()))
        );
        let e = recovered(Path::new("plan.json"), Some(stamp.clone()))
            .file_to_keep()
            .unwrap_err();
        assert!(e.contains("relative"), "{e}");
        assert!(recovered(&plan, None).file_to_keep().is_err());
        // Same length, other content.
        std::fs::write(&plan, "as changed").unwrap();
        let e = recovered(&plan, Some(stamp.clone()))
            .file_to_keep()
            .unwrap_err();
        assert!(e.contains("changed since"), "{e}");
        std::fs::remove_file(&plan).unwrap();
        assert!(
            recovered(&plan, Some(stamp.clone()))
                .file_to_keep()
                .is_err()
        );
        let gone = dir.path().join("gone").join("plan.json");
        let e = recovered(&gone, Some(stamp)).file_to_keep().unwrap_err();
        assert!(e.contains("is gone"), "{e}");
        let none = Recovered {
            scenario: s.clone(),
            file: None,
            stamp: None,
        };
        assert_eq!(none.file_to_keep(), Ok(None));
    }
}

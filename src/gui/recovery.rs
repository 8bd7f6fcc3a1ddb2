//! The autosave recovery file: every committed edit is written (atomically) to a file in the
//! user's data folder, removed again when the work is saved or deliberately discarded. If wacost
//! dies, the next start finds it and restores the unsaved work.

use std::path::{Path, PathBuf};

use crate::domain::variants::PlanSet;
use crate::io::atomic::{absolute, write_atomic};
use crate::io::scenario_file::{parse_plan, plan_to_json};

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
    /// Every variant of the plan, as in its file.
    pub plan: PlanSet,
    /// The variant that was shown.
    pub shown: usize,
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

    /// Records the work (every variant, and the one shown), the (absolute) file it belongs to
    /// and that file's stamp.
    pub fn write(
        &self,
        plan: &PlanSet,
        shown: usize,
        file: Option<&Path>,
        stamp: Option<&FileStamp>,
    ) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // The plan as its file would hold it (version 1 for one variant, 2 for several).
        let plan: serde_json::Value =
            serde_json::from_str(&plan_to_json(plan)).expect("a plan file is JSON");
        let value = serde_json::json!({
            "file": file.map(|f| absolute(f).display().to_string()),
            "file_len": stamp.map(|s| s.len),
            "file_sha256": stamp.map(|s| s.sha256.clone()),
            "plan": plan,
            "shown": shown,
        });
        let text = serde_json::to_string_pretty(&value).expect("plain values serialize");
        write_atomic(&self.path, text.as_bytes())
    }

    /// The recovered work, if a readable recovery file exists.
    pub fn read(&self) -> Option<Recovered> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let value: serde_json::Value = serde_json::from_str(&text).ok()?;
        // "scenario": what wacost wrote before plans had variants.
        let plan_text = value
            .get("plan")
            .or_else(|| value.get("scenario"))?
            .to_string();
        let plan = parse_plan(&self.path.display().to_string(), &plan_text).ok()?;
        let shown = value
            .get("shown")
            .and_then(|s| s.as_u64())
            .map_or(0, |s| s as usize)
            .min(plan.variants.len().saturating_sub(1));
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
            plan,
            shown,
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
        let s = parse_plan("x.json", include_str!("../../assets/example-scenario.json")).unwrap();
        let stamp = FileStamp::of_bytes(b"{}");
        r.write(&s, 0, Some(Path::new("/plans/q1.json")), Some(&stamp))
            .unwrap();
        let back = r.read().unwrap();
        assert_eq!(back.plan, s);
        assert_eq!(back.file, Some(PathBuf::from("/plans/q1.json")));
        assert_eq!(back.stamp, Some(stamp));
        r.clear();
        assert_eq!(r.read(), None);
    }

    #[test]
    fn a_relative_file_is_recorded_absolute() {
        let dir = tempfile::tempdir().unwrap();
        let r = RecoveryFile::in_dir(dir.path());
        let s = parse_plan("x.json", include_str!("../../assets/example-scenario.json")).unwrap();
        r.write(&s, 0, Some(Path::new("plan.json")), None).unwrap();
        let back = r.read().unwrap().file.unwrap();
        assert!(back.is_absolute(), "{}", back.display());
        assert!(back.ends_with("plan.json"));
    }

    #[test]
    fn the_file_is_kept_only_while_it_is_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.json");
        std::fs::write(&plan, "as opened").unwrap();
        let s = parse_plan("x.json", include_str!("../../assets/example-scenario.json")).unwrap();
        let recovered = |file: &Path, stamp: Option<FileStamp>| Recovered {
            plan: s.clone(),
            shown: 0,
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
            plan: s.clone(),
            shown: 0,
            file: None,
            stamp: None,
        };
        assert_eq!(none.file_to_keep(), Ok(None));
    }

    #[test]
    fn every_variant_and_the_one_shown_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let r = RecoveryFile::in_dir(dir.path());
        let mut s =
            parse_plan("x.json", include_str!("../../assets/example-scenario.json")).unwrap();
        s.duplicate(0).unwrap();
        s.variants[1].countries.clear();
        r.write(&s, 1, None, None).unwrap();
        let back = r.read().unwrap();
        assert_eq!(back.plan, s);
        assert_eq!(back.shown, 1);
        // A recovery file written before variants: "scenario" holds the one plan.
        let old = serde_json::json!({
            "file": null,
            "scenario": serde_json::from_str::<serde_json::Value>(
                include_str!("../../assets/example-scenario.json")
            ).unwrap(),
        });
        std::fs::write(r.path(), old.to_string()).unwrap();
        let back = r.read().unwrap();
        assert_eq!(back.plan.variants.len(), 1);
        assert_eq!(back.shown, 0);
    }
}

//! The scenario being edited, with its file, its saved state and undo history.
//!
//! Edits change `scenario` freely during a frame; `commit` turns the difference from the last
//! committed state into one undo step. The app commits only when no drag or text edit is in
//! progress, so one slider drag or one typed number is one step.

use std::path::PathBuf;

use super::recovery::FileStamp;
use crate::domain::Scenario;
use crate::io::atomic::absolute;

const UNDO_LIMIT: usize = 200;

#[derive(Debug, Clone)]
pub struct Document {
    pub scenario: Scenario,
    /// The file, always absolute: it is stored in the recovery file and `app.ron`, and must
    /// name the same file after a restart from another folder.
    pub path: Option<PathBuf>,
    /// The file's content when it was last opened or saved here (see [`FileStamp`]).
    pub stamp: Option<FileStamp>,
    committed: Scenario,
    saved: Option<Scenario>,
    undo: Vec<Scenario>,
    redo: Vec<Scenario>,
}

impl Document {
    /// A document that matches its file (or a new one never saved when `path` is `None` and
    /// `saved` is false).
    pub fn new(scenario: Scenario, path: Option<PathBuf>, saved: bool) -> Document {
        Document {
            committed: scenario.clone(),
            saved: saved.then(|| scenario.clone()),
            scenario,
            path: path.map(|p| absolute(&p)),
            stamp: None,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// Unsaved changes: the scenario differs from what was last saved or opened.
    pub fn is_dirty(&self) -> bool {
        self.saved.as_ref() != Some(&self.scenario)
    }

    /// Records the edits since the last commit as one undo step.
    pub fn commit(&mut self) -> bool {
        if self.scenario == self.committed {
            return false;
        }
        let previous = std::mem::replace(&mut self.committed, self.scenario.clone());
        self.undo.push(previous);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || self.scenario != self.committed
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo(&mut self) -> bool {
        self.commit();
        let Some(previous) = self.undo.pop() else {
            return false;
        };
        self.redo
            .push(std::mem::replace(&mut self.scenario, previous));
        self.committed = self.scenario.clone();
        true
    }

    pub fn redo(&mut self) -> bool {
        self.commit();
        let Some(next) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.scenario, next));
        self.committed = self.scenario.clone();
        true
    }

    pub fn mark_saved(&mut self, path: PathBuf, stamp: Option<FileStamp>) {
        self.commit();
        self.path = Some(absolute(&path));
        self.stamp = stamp;
        self.saved = Some(self.scenario.clone());
    }

    /// The title bar: the plan's name and its file ("not saved" before the first save), with
    /// a `*` while there are unsaved changes.
    pub fn title(&self) -> String {
        let file = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "not saved".into());
        let name = self.scenario.name.trim();
        let name = if name.is_empty() { "Untitled plan" } else { name };
        let star = if self.is_dirty() { "* " } else { "" };
        format!("{star}{name} ({file}) — wacost")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Month};

    fn scenario() -> Scenario {
        Scenario::new(
            "USD".parse::<Currency>().unwrap(),
            "2026-12".parse::<Month>().unwrap(),
        )
    }

    #[test]
    fn edits_between_commits_are_one_undo_step() {
        let mut d = Document::new(scenario(), None, true);
        assert!(!d.is_dirty());
        d.scenario.months = 10;
        d.scenario.months = 11; // same drag
        d.commit();
        d.scenario.months = 20;
        d.commit();
        assert!(d.is_dirty());
        assert!(d.undo());
        assert_eq!(d.scenario.months, 11);
        assert!(d.undo());
        assert_eq!(d.scenario.months, 12);
        assert!(!d.undo());
        assert!(!d.is_dirty());
        assert!(d.redo());
        assert_eq!(d.scenario.months, 11);
        // A new edit drops the redo history.
        d.scenario.months = 5;
        d.commit();
        assert!(!d.redo());
    }

    #[test]
    fn undo_commits_a_pending_edit_first() {
        let mut d = Document::new(scenario(), None, true);
        d.scenario.months = 3;
        assert!(d.undo());
        assert_eq!(d.scenario.months, 12);
        assert!(d.redo());
        assert_eq!(d.scenario.months, 3);
    }

    #[test]
    fn saving_clears_the_dirty_marker() {
        let mut d = Document::new(scenario(), None, false);
        assert!(d.is_dirty());
        d.mark_saved(PathBuf::from("/tmp/plan.json"), None);
        assert!(!d.is_dirty());
        assert_eq!(d.title(), "Untitled plan (plan.json) — wacost");
        d.scenario.name = "Other".into();
        assert_eq!(d.title(), "* Other (plan.json) — wacost");
    }
}

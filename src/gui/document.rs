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
    /// Each step: the scenario before it, and what the step did in words ("add Germany").
    undo: Vec<(Scenario, String)>,
    redo: Vec<(Scenario, String)>,
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

    /// Records the edits since the last commit as one undo step, named after what changed.
    pub fn commit(&mut self) -> bool {
        let label = describe(&self.committed, &self.scenario);
        self.commit_named(label)
    }

    /// Records the edits since the last commit as one undo step called `label`.
    pub fn commit_named(&mut self, label: String) -> bool {
        if self.scenario == self.committed {
            return false;
        }
        let previous = std::mem::replace(&mut self.committed, self.scenario.clone());
        self.undo.push((previous, label));
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

    /// What Undo would undo, in words ("use 2026-11 as plan").
    pub fn undo_label(&self) -> Option<String> {
        if self.scenario != self.committed {
            return Some(describe(&self.committed, &self.scenario));
        }
        self.undo.last().map(|(_, label)| label.clone())
    }

    /// What Redo would redo, in words.
    pub fn redo_label(&self) -> Option<String> {
        self.redo.last().map(|(_, label)| label.clone())
    }

    /// Undoes the last step; returns what it undid.
    pub fn undo(&mut self) -> Option<String> {
        self.commit();
        let (previous, label) = self.undo.pop()?;
        self.redo.push((
            std::mem::replace(&mut self.scenario, previous),
            label.clone(),
        ));
        self.committed = self.scenario.clone();
        Some(label)
    }

    /// Redoes the last undone step; returns what it redid.
    pub fn redo(&mut self) -> Option<String> {
        self.commit();
        let (next, label) = self.redo.pop()?;
        self.undo
            .push((std::mem::replace(&mut self.scenario, next), label.clone()));
        self.committed = self.scenario.clone();
        Some(label)
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
        let name = if name.is_empty() {
            "Untitled plan"
        } else {
            name
        };
        let star = if self.is_dirty() { "* " } else { "" };
        format!("{star}{name} ({file}) — wacost")
    }
}

/// What an edit did, in a user's words, for the Undo and Redo menu entries.
pub fn describe(before: &Scenario, after: &Scenario) -> String {
    let codes = |s: &Scenario| s.countries.iter().map(|c| c.country).collect::<Vec<_>>();
    let (was, is) = (codes(before), codes(after));
    let added: Vec<&str> = is
        .iter()
        .filter(|c| !was.contains(c))
        .map(|c| c.name())
        .collect();
    let removed: Vec<&str> = was
        .iter()
        .filter(|c| !is.contains(c))
        .map(|c| c.name())
        .collect();
    let list = |names: &[&str]| match names {
        [one] => (*one).to_string(),
        [one, two] => format!("{one} and {two}"),
        many => format!("{} countries", many.len()),
    };
    if !added.is_empty() && removed.is_empty() {
        return format!("add {}", list(&added));
    }
    if !removed.is_empty() && added.is_empty() {
        return format!("remove {}", list(&removed));
    }
    if !added.is_empty() {
        return "change the countries".into();
    }
    if before.countries != after.countries {
        let changed: Vec<&str> = before
            .countries
            .iter()
            .zip(&after.countries)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a.country.name())
            .collect();
        return match changed.as_slice() {
            [one] => format!("change {one}'s volumes"),
            _ => "change volumes".into(),
        };
    }
    if before.campaigns != after.campaigns {
        return match after.campaigns.len().cmp(&before.campaigns.len()) {
            std::cmp::Ordering::Greater => "add a campaign".into(),
            std::cmp::Ordering::Less => "remove a campaign".into(),
            std::cmp::Ordering::Equal => "edit a campaign".into(),
        };
    }
    let parts: [(bool, &str); 10] = [
        (before.name != after.name, "rename the plan"),
        (before.currency != after.currency, "change the currency"),
        (
            before.start_month != after.start_month || before.months != after.months,
            "change the plan's months",
        ),
        (before.rate_card != after.rate_card, "change the rates used"),
        (
            before.budget_monthly != after.budget_monthly,
            "change the budget",
        ),
        (
            before.provider != after.provider,
            "change provider fees or tax",
        ),
        (before.growth_pct != after.growth_pct, "change growth"),
        (before.business != after.business, "change business details"),
        (
            before.assumptions != after.assumptions,
            "change assumptions",
        ),
        (true, "edit the plan"),
    ];
    parts
        .iter()
        .find(|(changed, _)| *changed)
        .map_or("edit the plan", |(_, label)| label)
        .to_string()
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
        assert!(d.undo().is_some());
        assert_eq!(d.scenario.months, 11);
        assert!(d.undo().is_some());
        assert_eq!(d.scenario.months, 12);
        assert!(d.undo().is_none());
        assert!(!d.is_dirty());
        assert!(d.redo().is_some());
        assert_eq!(d.scenario.months, 11);
        // A new edit drops the redo history.
        d.scenario.months = 5;
        d.commit();
        assert!(d.redo().is_none());
    }

    #[test]
    fn undo_commits_a_pending_edit_first() {
        let mut d = Document::new(scenario(), None, true);
        d.scenario.months = 3;
        assert!(d.undo().is_some());
        assert_eq!(d.scenario.months, 12);
        assert!(d.redo().is_some());
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

    #[test]
    fn undo_and_redo_name_what_they_undo() {
        let mut d = Document::new(scenario(), None, true);
        d.scenario
            .countries
            .push(crate::domain::scenario::CountryPlan::new(
                crate::domain::Country::parse("DE").unwrap(),
            ));
        d.commit();
        assert_eq!(d.undo_label().as_deref(), Some("add Germany"));
        d.scenario.countries[0].marketing = 500;
        d.commit();
        assert_eq!(d.undo_label().as_deref(), Some("change Germany's volumes"));
        d.scenario.countries.clear();
        d.commit_named("use 2026-11 as plan".into());
        assert_eq!(d.undo_label().as_deref(), Some("use 2026-11 as plan"));
        assert_eq!(d.undo().as_deref(), Some("use 2026-11 as plan"));
        assert_eq!(d.redo_label().as_deref(), Some("use 2026-11 as plan"));
        d.scenario.budget_monthly = Some(rust_decimal::Decimal::from(5));
        assert_eq!(d.undo_label().as_deref(), Some("change the budget"));
    }
}

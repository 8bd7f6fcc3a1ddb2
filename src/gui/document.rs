//! The plan being edited (every variant of its file, and which one is shown), with its file,
//! its saved state and undo history.
//!
//! Edits change the shown variant (or the set) freely during a frame; `commit` turns the
//! difference from the last committed state into one undo step. The app commits only when no
//! drag or text edit is in progress, so one slider drag or one typed number is one step. A step
//! holds the whole set and the variant shown, so Undo brings back a deleted variant and shows
//! the variant the undone edit was made in.

use std::path::PathBuf;

use super::recovery::FileStamp;
use crate::domain::Scenario;
use crate::domain::variants::PlanSet;
use crate::io::atomic::absolute;

const UNDO_LIMIT: usize = 200;

/// What one undo step restores: every variant and the one shown.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    plan: PlanSet,
    shown: usize,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// Every variant of the plan file (never empty).
    pub plan: PlanSet,
    /// The variant shown and edited (always a valid index of `plan.variants`).
    shown: usize,
    /// The file, always absolute: it is stored in the recovery file and `app.ron`, and must
    /// name the same file after a restart from another folder.
    pub path: Option<PathBuf>,
    /// The file's content when it was last opened or saved here (see [`FileStamp`]).
    pub stamp: Option<FileStamp>,
    committed: Snapshot,
    saved: Option<PlanSet>,
    /// Each step: the state before it, and what the step did in words ("add Germany").
    undo: Vec<(Snapshot, String)>,
    redo: Vec<(Snapshot, String)>,
}

impl Document {
    /// A document of one plan that matches its file (or a new one never saved when `path` is
    /// `None` and `saved` is false).
    pub fn new(scenario: Scenario, path: Option<PathBuf>, saved: bool) -> Document {
        Document::of_plan(PlanSet::single(scenario), 0, path, saved)
    }

    /// A document of every variant of a plan file, showing variant `shown`.
    pub fn of_plan(plan: PlanSet, shown: usize, path: Option<PathBuf>, saved: bool) -> Document {
        assert!(
            !plan.variants.is_empty(),
            "a plan set is never empty (the file reader refuses one)"
        );
        let shown = shown.min(plan.variants.len() - 1);
        Document {
            committed: Snapshot {
                plan: plan.clone(),
                shown,
            },
            saved: saved.then(|| plan.clone()),
            plan,
            shown,
            path: path.map(|p| absolute(&p)),
            stamp: None,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// The variant shown.
    pub fn scenario(&self) -> &Scenario {
        &self.plan.variants[self.shown]
    }

    /// The variant shown, to edit (the next commit makes the edit an undo step).
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        &mut self.plan.variants[self.shown]
    }

    /// The index of the variant shown.
    pub fn shown(&self) -> usize {
        self.shown
    }

    /// The set's title and the variant shown, to edit apart (what a panel's context holds).
    pub fn parts_mut(&mut self) -> (&mut String, &mut Scenario) {
        let PlanSet { name, variants } = &mut self.plan;
        (name, &mut variants[self.shown])
    }

    /// Shows variant `index` (not an undo step of its own: nothing in the plan changed). Edits
    /// made before are committed first, so they stay with the variant they were made in.
    pub fn show(&mut self, index: usize) {
        if index >= self.plan.variants.len() {
            return;
        }
        self.commit();
        self.shown = index;
        self.committed.shown = index;
    }

    /// Adds a copy of the variant shown after it and shows the copy (one undo step); `None`
    /// when the set is full.
    pub fn duplicate_shown(&mut self) -> Option<String> {
        self.commit();
        let from = self.scenario().name.clone();
        let copy = self.plan.duplicate(self.shown)?;
        self.shown = copy;
        self.commit_named(format!("duplicate variant {from}"));
        Some(from)
    }

    /// Renames variant `index` (one undo step), or says why not in plain words.
    pub fn rename_variant(&mut self, index: usize, name: &str) -> Result<(), String> {
        self.commit();
        self.plan.rename(index, name)?;
        self.commit_named("rename variant".into());
        Ok(())
    }

    /// Deletes variant `index` (one undo step); the last variant cannot go.
    pub fn delete_variant(&mut self, index: usize) -> Option<String> {
        self.commit();
        let removed = self.plan.remove(index)?;
        if self.shown >= self.plan.variants.len() || self.shown > index {
            self.shown = self.shown.saturating_sub(1);
        }
        self.shown = self.shown.min(self.plan.variants.len() - 1);
        self.commit_named(format!("delete variant {}", removed.name));
        Some(removed.name)
    }

    /// Replaces the variant shown (one undo step called `label`), e.g. with a budget answer.
    pub fn replace_shown(&mut self, scenario: Scenario, label: String) {
        self.commit();
        *self.scenario_mut() = scenario;
        self.commit_named(label);
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            plan: self.plan.clone(),
            shown: self.shown,
        }
    }

    /// A set of one variant is written as that variant alone: its title follows the
    /// variant's name (so a copy made later starts from the name the user sees).
    fn settle_title(&mut self) {
        if let [only] = self.plan.variants.as_slice()
            && self.plan.name != only.name
        {
            self.plan.name = only.name.clone();
        }
    }

    /// Unsaved changes: the plan differs from what was last saved or opened.
    pub fn is_dirty(&self) -> bool {
        match &self.saved {
            // One variant: its title is its name, settled at the next commit.
            Some(saved) if self.plan.is_single() && saved.is_single() => {
                saved.variants != self.plan.variants
            }
            Some(saved) => *saved != self.plan,
            None => true,
        }
    }

    /// Records the edits since the last commit as one undo step, named after what changed.
    pub fn commit(&mut self) -> bool {
        self.settle_title();
        let label = describe_step(&self.committed, &self.snapshot());
        self.commit_named(label)
    }

    /// Records the edits since the last commit as one undo step called `label`.
    pub fn commit_named(&mut self, label: String) -> bool {
        self.settle_title();
        if self.plan == self.committed.plan {
            // Only the variant shown changed: nothing to undo.
            self.committed.shown = self.shown;
            return false;
        }
        let now = self.snapshot();
        let previous = std::mem::replace(&mut self.committed, now);
        self.undo.push((previous, label));
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || self.plan != self.committed.plan
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What Undo would undo, in words ("use 2026-11 as plan").
    pub fn undo_label(&self) -> Option<String> {
        if self.plan != self.committed.plan {
            return Some(describe_step(&self.committed, &self.snapshot()));
        }
        self.undo.last().map(|(_, label)| label.clone())
    }

    /// What Redo would redo, in words.
    pub fn redo_label(&self) -> Option<String> {
        self.redo.last().map(|(_, label)| label.clone())
    }

    fn restore(&mut self, to: Snapshot) -> Snapshot {
        let now = self.snapshot();
        self.plan = to.plan;
        self.shown = to.shown.min(self.plan.variants.len().saturating_sub(1));
        self.committed = self.snapshot();
        now
    }

    /// Undoes the last step; returns what it undid.
    pub fn undo(&mut self) -> Option<String> {
        self.commit();
        let (previous, label) = self.undo.pop()?;
        let now = self.restore(previous);
        self.redo.push((now, label.clone()));
        Some(label)
    }

    /// Redoes the last undone step; returns what it redid.
    pub fn redo(&mut self) -> Option<String> {
        self.commit();
        let (next, label) = self.redo.pop()?;
        let now = self.restore(next);
        self.undo.push((now, label.clone()));
        Some(label)
    }

    pub fn mark_saved(&mut self, path: PathBuf, stamp: Option<FileStamp>) {
        self.commit();
        self.path = Some(absolute(&path));
        self.stamp = stamp;
        self.saved = Some(self.plan.clone());
    }

    /// The title bar: the plan's name, the variant shown when there are several, and its file
    /// ("not saved" before the first save), with a `*` while there are unsaved changes.
    pub fn title(&self) -> String {
        let file = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "not saved".into());
        let untitled = |name: &str| {
            let name = name.trim();
            if name.is_empty() {
                "Untitled plan".to_string()
            } else {
                name.to_string()
            }
        };
        let name = if self.plan.is_single() {
            untitled(&self.scenario().name)
        } else {
            format!(
                "{} — {}",
                untitled(&self.plan.name),
                untitled(&self.scenario().name)
            )
        };
        let star = if self.is_dirty() { "* " } else { "" };
        format!("{star}{name} ({file}) — wacost")
    }
}

/// What a step did: an edit of one variant in words (see [`describe`]), or a change of the set.
fn describe_step(before: &Snapshot, after: &Snapshot) -> String {
    let (b, a) = (&before.plan, &after.plan);
    if b.variants.len() == a.variants.len() && before.shown == after.shown {
        if b.name != a.name && b.variants == a.variants {
            return "rename the plan".into();
        }
        if let (Some(was), Some(is)) = (b.variants.get(before.shown), a.variants.get(after.shown)) {
            return describe(was, is);
        }
    }
    "change the variants".into()
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
        d.scenario_mut().months = 10;
        d.scenario_mut().months = 11; // same drag
        d.commit();
        d.scenario_mut().months = 20;
        d.commit();
        assert!(d.is_dirty());
        assert!(d.undo().is_some());
        assert_eq!(d.scenario().months, 11);
        assert!(d.undo().is_some());
        assert_eq!(d.scenario().months, 12);
        assert!(d.undo().is_none());
        assert!(!d.is_dirty());
        assert!(d.redo().is_some());
        assert_eq!(d.scenario().months, 11);
        // A new edit drops the redo history.
        d.scenario_mut().months = 5;
        d.commit();
        assert!(d.redo().is_none());
    }

    #[test]
    fn undo_commits_a_pending_edit_first() {
        let mut d = Document::new(scenario(), None, true);
        d.scenario_mut().months = 3;
        assert!(d.undo().is_some());
        assert_eq!(d.scenario().months, 12);
        assert!(d.redo().is_some());
        assert_eq!(d.scenario().months, 3);
    }

    #[test]
    fn saving_clears_the_dirty_marker() {
        let mut d = Document::new(scenario(), None, false);
        assert!(d.is_dirty());
        d.mark_saved(PathBuf::from("/tmp/plan.json"), None);
        assert!(!d.is_dirty());
        assert_eq!(d.title(), "Untitled plan (plan.json) — wacost");
        d.scenario_mut().name = "Other".into();
        assert_eq!(d.title(), "* Other (plan.json) — wacost");
    }

    #[test]
    fn undo_and_redo_name_what_they_undo() {
        let mut d = Document::new(scenario(), None, true);
        d.scenario_mut()
            .countries
            .push(crate::domain::scenario::CountryPlan::new(
                crate::domain::Country::parse("DE").unwrap(),
            ));
        d.commit();
        assert_eq!(d.undo_label().as_deref(), Some("add Germany"));
        d.scenario_mut().countries[0].marketing = 500;
        d.commit();
        assert_eq!(d.undo_label().as_deref(), Some("change Germany's volumes"));
        d.scenario_mut().countries.clear();
        d.commit_named("use 2026-11 as plan".into());
        assert_eq!(d.undo_label().as_deref(), Some("use 2026-11 as plan"));
        assert_eq!(d.undo().as_deref(), Some("use 2026-11 as plan"));
        assert_eq!(d.redo_label().as_deref(), Some("use 2026-11 as plan"));
        d.scenario_mut().budget_monthly = Some(rust_decimal::Decimal::from(5));
        assert_eq!(d.undo_label().as_deref(), Some("change the budget"));
    }

    #[test]
    fn variant_steps_cover_the_set_and_the_variant_shown() {
        let mut d = Document::new(scenario(), None, true);
        d.scenario_mut().name = "Base".into();
        d.commit();
        assert_eq!(d.duplicate_shown().as_deref(), Some("Base"));
        assert_eq!(d.shown(), 1);
        assert_eq!(d.scenario().name, "Base (copy)");
        assert_eq!(d.undo_label().as_deref(), Some("duplicate variant Base"));
        assert!(d.title().contains("Base — Base (copy)"), "{}", d.title());
        d.scenario_mut().months = 6;
        d.commit();
        assert_eq!(d.undo_label().as_deref(), Some("change the plan's months"));
        // Showing another variant is no step; Undo shows the variant the edit was made in.
        d.show(0);
        assert_eq!(d.undo_label().as_deref(), Some("change the plan's months"));
        assert_eq!(d.undo().as_deref(), Some("change the plan's months"));
        assert_eq!(d.shown(), 1);
        assert_eq!(d.scenario().months, 12);
        assert!(d.rename_variant(1, "base").is_err());
        assert!(d.rename_variant(1, " ").is_err());
        d.rename_variant(1, "Carnival").unwrap();
        assert_eq!(d.undo_label().as_deref(), Some("rename variant"));
        assert_eq!(d.delete_variant(1).as_deref(), Some("Carnival"));
        assert_eq!(d.shown(), 0);
        assert_eq!(d.undo_label().as_deref(), Some("delete variant Carnival"));
        assert_eq!(d.delete_variant(0), None, "the last variant stays");
        d.undo();
        assert_eq!(d.plan.variants.len(), 2);
        assert_eq!(d.shown(), 1);
        assert_eq!(d.scenario().name, "Carnival");
        d.undo();
        d.undo();
        assert_eq!(d.plan.variants.len(), 1);
        assert_eq!(d.title(), "* Base (not saved) — wacost");
    }
}

//! A plan file's variants: one or more named, complete plans ("Base", "Base + Carnival",
//! "+20 % growth") kept together so they can be weighed side by side. Each variant is a whole
//! [`Scenario`]; its `name` is the variant's name. A file with one variant is written as a plain
//! version 1 scenario, so older files and scripts keep working.

use super::compare::{CompareError, Comparison, VariantRef};
use super::ratebook::RateBook;
use super::scenario::{MAX_NAME_CHARS, Scenario, ScenarioProblem};

/// The most variants one file holds: a comparison wider than this is not read, it is scrolled.
pub const MAX_VARIANTS: usize = 12;

/// The variants of one plan file, in the file's order (the first is what the others are
/// compared with). Never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSet {
    /// The file's title; for a one-variant file, that variant's name.
    pub name: String,
    pub variants: Vec<Scenario>,
}

impl PlanSet {
    /// A set of one variant (what a version 1 file holds).
    pub fn single(scenario: Scenario) -> PlanSet {
        PlanSet {
            name: scenario.name.clone(),
            variants: vec![scenario],
        }
    }

    /// Whether the file is written as a plain version 1 scenario (one variant).
    pub fn is_single(&self) -> bool {
        self.variants.len() == 1
    }

    /// The variant named `name` (exactly, then ignoring case and surrounding spaces).
    pub fn find(&self, name: &str) -> Option<usize> {
        self.variants
            .iter()
            .position(|v| v.name == name)
            .or_else(|| {
                let wanted = name.trim().to_lowercase();
                self.variants
                    .iter()
                    .position(|v| v.name.trim().to_lowercase() == wanted)
            })
    }

    /// The variant names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.variants.iter().map(|v| v.name.as_str()).collect()
    }

    /// A name no variant has yet, from `base`: "Base (copy)", "Base (copy 2)", ...
    pub fn unused_name(&self, base: &str) -> String {
        let taken = |n: &str| self.variants.iter().any(|v| v.name.eq_ignore_ascii_case(n));
        let stem: String = base.chars().take(MAX_NAME_CHARS - 12).collect();
        let first = format!("{stem} (copy)");
        if !taken(&first) {
            return first;
        }
        (2..)
            .map(|i| format!("{stem} (copy {i})"))
            .find(|n| !taken(n))
            .expect("some numbered name is free")
    }

    /// Adds a copy of variant `index` right after it, under an unused name; returns the copy's
    /// index, or `None` when the set is full or `index` is out of range.
    pub fn duplicate(&mut self, index: usize) -> Option<usize> {
        if self.variants.len() >= MAX_VARIANTS {
            return None;
        }
        let mut copy = self.variants.get(index)?.clone();
        copy.name = self.unused_name(&copy.name);
        self.variants.insert(index + 1, copy);
        Some(index + 1)
    }

    /// Renames variant `index`; refuses an empty name, a name over the limit or one another
    /// variant has (in plain words, for the window and the command line alike).
    pub fn rename(&mut self, index: usize, name: &str) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("a variant needs a name".into());
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(format!(
                "a variant name has at most {MAX_NAME_CHARS} characters"
            ));
        }
        if self
            .variants
            .iter()
            .enumerate()
            .any(|(i, v)| i != index && v.name.trim().eq_ignore_ascii_case(name))
        {
            return Err(format!("another variant is already called \"{name}\""));
        }
        let v = self
            .variants
            .get_mut(index)
            .ok_or_else(|| "no such variant".to_string())?;
        v.name = name.to_string();
        if self.variants.len() == 1 {
            self.name = name.to_string();
        }
        Ok(())
    }

    /// Removes variant `index`; the last variant cannot go (a plan file always holds one).
    pub fn remove(&mut self, index: usize) -> Option<Scenario> {
        if self.variants.len() <= 1 || index >= self.variants.len() {
            return None;
        }
        let removed = self.variants.remove(index);
        if self.variants.len() == 1 {
            // Written as a plain scenario from now on: its title is the variant's name.
            self.name = self.variants[0].name.clone();
        }
        Some(removed)
    }

    /// Every variant side by side, labelled by its name, the first the reference (the Compare
    /// tab, the report's comparison page).
    pub fn compare(&self, book: &RateBook) -> Result<Comparison, CompareError> {
        let refs: Vec<VariantRef<'_>> = self
            .variants
            .iter()
            .map(|v| VariantRef {
                label: &v.name,
                scenario: v,
            })
            .collect();
        super::compare::compare(&refs, book)
    }

    /// Problems across variants (each variant's own are found by [`Scenario::problems`], with
    /// paths under `variants[i]`).
    pub fn problems(&self) -> Vec<ScenarioProblem> {
        let mut out = Vec::new();
        if self.variants.is_empty() {
            out.push(ScenarioProblem {
                path: "variants".into(),
                message: "a plan file needs at least one variant".into(),
            });
        }
        if self.variants.len() > MAX_VARIANTS {
            out.push(ScenarioProblem {
                path: "variants".into(),
                message: format!(
                    "{} variants: a plan file holds at most {MAX_VARIANTS}",
                    self.variants.len()
                ),
            });
        }
        if let [only] = self.variants.as_slice() {
            // Written as a plain scenario: its fields are named as in one.
            return only.problems();
        }
        for (i, v) in self.variants.iter().enumerate() {
            if v.name.trim().is_empty() {
                out.push(ScenarioProblem {
                    path: format!("variants[{i}].name"),
                    message: "every variant needs a name (\"Base\", \"With Carnival\")".into(),
                });
            } else if let Some(first) = self.variants[..i]
                .iter()
                .position(|w| w.name.trim().eq_ignore_ascii_case(v.name.trim()))
            {
                out.push(ScenarioProblem {
                    path: format!("variants[{i}].name"),
                    message: format!(
                        "\"{}\" is also the name of variant {}; give each variant its own name",
                        v.name,
                        first + 1
                    ),
                });
            }
            for p in v.problems() {
                out.push(ScenarioProblem {
                    path: format!("variants[{i}].{}", p.path),
                    message: p.message,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Month};

    fn plan(name: &str) -> Scenario {
        let mut s = Scenario::new(
            "USD".parse::<Currency>().unwrap(),
            "2027-01".parse::<Month>().unwrap(),
        );
        s.name = name.into();
        s
    }

    #[test]
    fn duplicates_get_unused_names_after_their_original() {
        let mut set = PlanSet::single(plan("Base"));
        assert_eq!(set.duplicate(0), Some(1));
        assert_eq!(set.duplicate(0), Some(1));
        assert_eq!(set.names(), ["Base", "Base (copy 2)", "Base (copy)"]);
        assert_eq!(set.duplicate(7), None);
        while set.variants.len() < MAX_VARIANTS {
            set.duplicate(0).unwrap();
        }
        assert_eq!(set.duplicate(0), None, "a full set takes no more");
    }

    #[test]
    fn renaming_refuses_empty_and_taken_names_and_the_last_variant_stays() {
        let mut set = PlanSet::single(plan("Base"));
        set.duplicate(0);
        assert!(set.rename(1, "  ").unwrap_err().contains("needs a name"));
        assert!(
            set.rename(1, "base")
                .unwrap_err()
                .contains("already called")
        );
        set.rename(1, "Carnival").unwrap();
        assert_eq!(set.find("carnival "), Some(1));
        assert!(set.remove(0).is_some());
        assert_eq!(
            set.name, "Carnival",
            "one variant: the file's title is its name"
        );
        assert!(set.remove(0).is_none(), "the last variant cannot go");
    }

    #[test]
    fn problems_name_the_variant_and_field() {
        let mut set = PlanSet::single(plan("Base"));
        set.variants.push(plan("BASE"));
        set.variants[1].months = 0;
        let problems = set.problems();
        assert_eq!(problems[0].path, "variants[1].name");
        assert!(problems[0].message.contains("variant 1;"), "{problems:?}");
        assert_eq!(problems[1].path, "variants[1].months");
        let mut full = PlanSet::single(plan("A"));
        for i in 0..MAX_VARIANTS {
            full.variants.push(plan(&format!("V{i}")));
        }
        let problems = full.problems();
        assert_eq!(problems[0].path, "variants");
        assert!(problems[0].message.contains("at most 12"), "{problems:?}");
    }
}

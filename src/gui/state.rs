//! What the shell holds that the panels may read: the message of the status bar, the action
//! waiting for an answer about unsaved changes, and the imported actuals.

use std::path::PathBuf;

use crate::domain::campaign_cost::{CampaignCost, campaign_costs};
use crate::domain::projection::CountryTotal;
use crate::domain::ratebook::RateBook;
use crate::domain::reconcile::Reconciliation;
use crate::domain::{Projection, Scenario};
use crate::io::usage::UsageImport;

/// Something waiting for the user to decide about unsaved changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingAction {
    New,
    Open,
    OpenPath(PathBuf),
    Close,
}

/// A one-line message in the status bar. It goes away by itself (see [`Notice::lifetime`]),
/// so the bar never keeps saying what is no longer true.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// A file the message is about (an export): the bar offers to open it or its folder.
    pub file: Option<PathBuf>,
    pub since: std::time::Instant,
}

impl Notice {
    pub fn new(text: impl Into<String>, is_error: bool) -> Notice {
        Notice {
            text: text.into(),
            is_error,
            file: None,
            since: std::time::Instant::now(),
        }
    }

    /// How long the message stays: long enough to read, longer for a problem or a file to act
    /// on.
    pub fn lifetime(&self) -> std::time::Duration {
        let seconds = if self.file.is_some() {
            60
        } else if self.is_error {
            30
        } else {
            10
        };
        std::time::Duration::from_secs(seconds)
    }

    /// Time left before the message goes, or `None` when it has gone.
    pub fn remaining(&self) -> Option<std::time::Duration> {
        self.lifetime().checked_sub(self.since.elapsed())
    }
}

/// What follows from a projection and is read every frame, worked out once when the projection
/// changes (never in a panel's drawing): per-country sums, each campaign's own cost, and the
/// warnings in the marketer's words.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// The projection's per-country sums, dearest first.
    pub country_totals: Vec<CountryTotal>,
    /// What each campaign adds to the plan (it prices the plan once without each).
    pub campaign_costs: Vec<CampaignCost>,
    /// The projection's warnings through the glossary.
    pub warnings: Vec<String>,
    /// Every variant side by side (or why a variant could not be priced): made only while the
    /// Compare tab is open and the plan has several variants, once per change of the plan.
    pub comparison: Option<Result<crate::domain::compare::Comparison, String>>,
}

impl Derived {
    pub fn of(p: &Projection, scenario: &Scenario, book: &RateBook) -> Derived {
        Derived {
            country_totals: crate::domain::projection::country_totals(p),
            campaign_costs: if scenario.campaigns.is_empty() {
                Vec::new()
            } else {
                campaign_costs(scenario, book).unwrap_or_default()
            },
            warnings: crate::glossary::warnings_for_plan(&p.warnings, scenario),
            comparison: None,
        }
    }
}

/// Imported usage and its reconciliation with the rate book, in the plan's currency.
#[derive(Debug, Clone)]
pub struct LoadedActuals {
    pub path: PathBuf,
    pub import: UsageImport,
    pub reconciliation: Reconciliation,
}

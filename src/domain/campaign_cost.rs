//! What each one-off campaign costs on its own: the plan's total with the campaign minus the
//! plan's total without it, exactly. Volume tiers, the pooled free allowance and the provider's
//! fees make this differ from volume × list rate, so the plan is projected again without each
//! campaign (plans have few campaigns). The reports and the window show it beside the campaign.
//!
//! Each cost is marginal: with several campaigns in one tiered market and month, the costs of
//! the campaigns one by one need not add up to the cost of all of them together.

use rust_decimal::Decimal;

use super::calendar::Month;
use super::category::{Category, ChargedCategory};
use super::country::Country;
use super::projection::{MonthProjection, ProjectionError, project};
use super::ratebook::RateBook;
use super::scenario::{CampaignTarget, Scenario};

/// One campaign and what it adds to the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignCost {
    /// Its place in `Scenario::campaigns`.
    pub index: usize,
    pub name: String,
    pub month: Month,
    pub country: CampaignTarget,
    pub category: Category,
    pub volume: u64,
    /// Plan total with the campaign − plan total without it (Meta, provider fees and tax); 0
    /// when the campaign is not counted.
    pub cost: Decimal,
    /// The campaign's month is outside the plan's months: it is not counted (cost 0).
    pub outside_plan: bool,
    /// The campaign is for every planned country but the plan has none: not counted (cost 0).
    pub without_countries: bool,
    /// Where the cost lands in the campaign's month: the change of each line's total (country ×
    /// charged category), non-zero ones only. Mostly the campaign's own country and category;
    /// a tiered market or the shared free allowance can move cost on other lines of the month
    /// too (and lower them). They add up to `cost`.
    pub lines: Vec<CampaignLine>,
}

impl CampaignCost {
    /// Whether the campaign is part of the plan's total.
    pub fn counted(&self) -> bool {
        !self.outside_plan && !self.without_countries
    }

    /// The campaign's share of one line's total (0 when the line is not one it changes).
    pub fn on_line(&self, country: Country, category: ChargedCategory) -> Decimal {
        self.lines
            .iter()
            .filter(|l| l.country == country && l.category == category)
            .map(|l| l.cost)
            .sum()
    }
}

/// A campaign's cost on one line of its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampaignLine {
    pub country: Country,
    pub category: ChargedCategory,
    pub cost: Decimal,
}

/// Each campaign of `scenario` with its own cost, in the scenario's order.
pub fn campaign_costs(
    scenario: &Scenario,
    book: &RateBook,
) -> Result<Vec<CampaignCost>, ProjectionError> {
    if scenario.campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let with = project(scenario, book)?;
    let mut out = Vec::with_capacity(scenario.campaigns.len());
    for (index, c) in scenario.campaigns.iter().enumerate() {
        let offset = c.month.months_since(scenario.start_month);
        let outside_plan = offset < 0 || offset >= i64::from(scenario.months);
        let without_countries =
            c.country == CampaignTarget::AllSelected && scenario.countries.is_empty();
        let mut cost = CampaignCost {
            index,
            name: c.name.clone(),
            month: c.month,
            country: c.country,
            category: c.category,
            volume: c.volume,
            cost: Decimal::ZERO,
            outside_plan,
            without_countries,
            lines: Vec::new(),
        };
        if cost.counted() && c.volume > 0 {
            let mut rest = scenario.clone();
            rest.campaigns.remove(index);
            let without = project(&rest, book)?;
            let overflow = || ProjectionError::AmountOverflow { month: c.month };
            cost.cost = with.total.checked_sub(without.total).ok_or_else(overflow)?;
            let month_of = |p: &'_ super::projection::Projection| -> Option<MonthProjection> {
                p.months.iter().find(|m| m.month == c.month).cloned()
            };
            if let (Some(a), Some(b)) = (month_of(&with), month_of(&without)) {
                cost.lines = line_changes(&a, &b, &with.terms).ok_or_else(overflow)?;
            }
        }
        out.push(cost);
    }
    Ok(out)
}

/// The change of each line's total from `without` to `with` (same month), non-zero ones.
fn line_changes(
    with: &MonthProjection,
    without: &MonthProjection,
    terms: &super::projection::ProviderTerms,
) -> Option<Vec<CampaignLine>> {
    let mut out: Vec<CampaignLine> = Vec::new();
    let mut keys: Vec<(Country, ChargedCategory)> = with
        .lines
        .iter()
        .chain(&without.lines)
        .map(|l| (l.country, l.category))
        .collect();
    keys.sort();
    keys.dedup();
    for (country, category) in keys {
        let total = |m: &MonthProjection| {
            m.lines
                .iter()
                .find(|l| l.country == country && l.category == category)
                .map_or(Decimal::ZERO, |l| l.total(terms))
        };
        let change = total(with).checked_sub(total(without))?;
        if !change.is_zero() {
            out.push(CampaignLine {
                country,
                category,
                cost: change,
            });
        }
    }
    Some(out)
}

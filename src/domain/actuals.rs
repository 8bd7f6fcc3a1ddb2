//! What was really sent: monthly volumes per country, category and pricing type, with the cost
//! the source reported when it has one; and the plan set beside it month by month.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::calendar::Month;
use super::category::ChargedCategory;
use super::country::Country;
use super::projection::Projection;

/// Why a message was or was not charged, as Meta's analytics name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PricingType {
    Regular,
    FreeCustomerService,
    FreeEntryPoint,
    FreeTier,
}

impl PricingType {
    pub const ALL: [PricingType; 4] = [
        PricingType::Regular,
        PricingType::FreeCustomerService,
        PricingType::FreeEntryPoint,
        PricingType::FreeTier,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PricingType::Regular => "regular",
            PricingType::FreeCustomerService => "free_customer_service",
            PricingType::FreeEntryPoint => "free_entry_point",
            PricingType::FreeTier => "free_tier",
        }
    }

    /// Meta's spellings (REGULAR, FREE_CUSTOMER_SERVICE, FREE_ENTRY, FREE_TIER, ...) and ours.
    pub fn parse(text: &str) -> Option<PricingType> {
        let t = text.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Some(match t.as_str() {
            "" | "regular" | "paid" => PricingType::Regular,
            "free_customer_service" | "free_group_customer_service" | "csw" => {
                PricingType::FreeCustomerService
            }
            "free_entry_point" | "free_entry" | "fep" => PricingType::FreeEntryPoint,
            "free_tier" => PricingType::FreeTier,
            _ => return None,
        })
    }
}

/// One aggregated cell of actuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActualRow {
    pub month: Month,
    /// `None`: the source does not say (a provider's daily report the user left unassigned).
    pub country: Option<Country>,
    pub category: ChargedCategory,
    pub pricing_type: PricingType,
    pub volume: u64,
    /// `None` when the source reports no cost for any of the cell's rows.
    pub reported_cost: Option<Decimal>,
}

impl ActualRow {
    /// The ISO code, or "unknown".
    pub fn country_code(&self) -> &'static str {
        self.country.map_or("unknown", |c| c.code())
    }
}

type CellKey = (Month, Option<Country>, usize, PricingType);

/// Actuals aggregated per month × country × category × pricing type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Actuals {
    cells: BTreeMap<CellKey, ActualRow>,
    /// Cost a source reports per month and country without splitting it by category (a
    /// provider's daily "waFees").
    unattributed: BTreeMap<(Month, Option<Country>), Decimal>,
}

impl Actuals {
    /// Adds one observation (volumes add; reported costs add, and stay `None` only if none
    /// was reported).
    pub fn add(
        &mut self,
        month: Month,
        country: Option<Country>,
        category: ChargedCategory,
        pricing_type: PricingType,
        volume: u64,
        cost: Option<Decimal>,
    ) {
        let key = (month, country, category.index(), pricing_type);
        let row = self.cells.entry(key).or_insert(ActualRow {
            month,
            country,
            category,
            pricing_type,
            volume: 0,
            reported_cost: None,
        });
        row.volume = row.volume.saturating_add(volume);
        if let Some(c) = cost {
            row.reported_cost = Some(row.reported_cost.unwrap_or_default() + c);
        }
    }

    /// Adds cost the source reports for a month and country as a whole.
    pub fn add_unattributed_cost(&mut self, month: Month, country: Option<Country>, cost: Decimal) {
        *self.unattributed.entry((month, country)).or_default() += cost;
    }

    /// Rows ordered by month, country code, category and pricing type.
    pub fn rows(&self) -> impl Iterator<Item = &ActualRow> {
        self.cells.values()
    }

    /// Cost reported per month and country without a category.
    pub fn unattributed(&self) -> impl Iterator<Item = (Month, Option<Country>, Decimal)> + '_ {
        self.unattributed.iter().map(|(&(m, c), &d)| (m, c, d))
    }

    /// Whether a source reported cost without a category for any month.
    pub fn has_unattributed(&self) -> bool {
        !self.unattributed.is_empty()
    }

    /// Every month with actuals, in order.
    pub fn months(&self) -> Vec<Month> {
        let mut months: Vec<Month> = self.cells.keys().map(|k| k.0).collect();
        months.dedup();
        months
    }

    /// The source's reported cost of a month: its rows' costs plus unattributed cost; `None`
    /// when it reports none.
    pub fn reported_cost(&self, month: Month) -> Option<Decimal> {
        let mut total: Option<Decimal> = None;
        let rows = self
            .rows()
            .filter(|r| r.month == month)
            .filter_map(|r| r.reported_cost);
        let extra = self
            .unattributed()
            .filter(|&(m, _, _)| m == month)
            .map(|(_, _, d)| d);
        for c in rows.chain(extra) {
            total = Some(total.unwrap_or_default() + c);
        }
        total
    }
}

/// One month of plan against actuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthComparison {
    pub month: Month,
    /// `None`: the month is outside the plan.
    pub planned_volume: Option<u64>,
    pub planned_meta_cost: Option<Decimal>,
    pub actual_volume: u64,
    /// The source's own cost for the month, when it reports one.
    pub reported_cost: Option<Decimal>,
}

/// Every month from the first of the plan or the actuals to the last, in order.
pub fn compare_months(p: &Projection, a: &Actuals) -> Vec<MonthComparison> {
    let mut months: BTreeMap<Month, MonthComparison> = BTreeMap::new();
    for m in &p.months {
        months.insert(
            m.month,
            MonthComparison {
                month: m.month,
                planned_volume: Some(m.volume),
                planned_meta_cost: Some(m.meta_cost),
                actual_volume: 0,
                reported_cost: None,
            },
        );
    }
    let blank = |month| MonthComparison {
        month,
        planned_volume: None,
        planned_meta_cost: None,
        actual_volume: 0,
        reported_cost: None,
    };
    // One pass over the rows (the window does this every frame).
    let add_cost = |e: &mut MonthComparison, c: Decimal| {
        e.reported_cost = Some(e.reported_cost.unwrap_or_default() + c);
    };
    for r in a.rows() {
        let e = months.entry(r.month).or_insert_with(|| blank(r.month));
        e.actual_volume = e.actual_volume.saturating_add(r.volume);
        if let Some(c) = r.reported_cost {
            add_cost(e, c);
        }
    }
    for (month, _, c) in a.unattributed() {
        add_cost(months.entry(month).or_insert_with(|| blank(month)), c);
    }
    // No gaps: a month between two others is shown even with neither plan nor actuals.
    if let (Some(&first), Some(&last)) = (months.keys().next(), months.keys().next_back()) {
        for i in 0..last.months_since(first) {
            let m = first.plus(i);
            months.entry(m).or_insert_with(|| blank(m));
        }
    }
    months.into_values().collect()
}

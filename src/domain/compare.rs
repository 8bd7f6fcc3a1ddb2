//! Variants side by side: each variant projected, its headline numbers, its cost per month and
//! per country next to the first variant's, and what drives the difference (countries,
//! categories, free allowance, free windows, volume tiers, provider fees, tax). One function
//! for the window's Compare tab, `wacost compare` and the report's comparison page.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::calendar::Month;
use super::category::Category;
use super::country::Country;
use super::projection::{Projection, ProjectionError, country_totals, project};
use super::ratebook::{Currency, RateBook};
use super::scenario::Scenario;

/// One variant to compare: its label ("Base", or "plan.json: Base" across files) and plan.
#[derive(Debug, Clone, Copy)]
pub struct VariantRef<'a> {
    pub label: &'a str,
    pub scenario: &'a Scenario,
}

/// A variant's headline numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantSummary {
    pub label: String,
    pub currency: Currency,
    pub first_month: Month,
    pub months: u32,
    pub total: Decimal,
    pub meta_cost: Decimal,
    pub provider_cost: Decimal,
    pub tax: Decimal,
    pub free_savings: Decimal,
    pub volume: u64,
    pub average_month: Decimal,
    /// Months over the variant's monthly budget (None without a budget).
    pub months_over_budget: Option<usize>,
    /// Total minus the first variant's total; None for the first and for a variant in
    /// another currency (amounts in two currencies do not subtract).
    pub difference: Option<Decimal>,
}

/// One calendar month across variants (`None` where a variant does not plan that month).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRow {
    pub month: Month,
    pub costs: Vec<Option<Decimal>>,
}

/// One country across variants (0 where a variant does not send there).
#[derive(Debug, Clone, PartialEq)]
pub struct CountryRow {
    pub country: Country,
    pub costs: Vec<Decimal>,
}

/// A cause of a variant's difference to the first. Country drivers add up to the difference
/// less the platform fee's change; so do category drivers: they are two views of one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DriverKind {
    Country(Country),
    Category(Category),
    /// Less (or more) of the monthly free allowance used.
    FreeAllowance,
    /// Free entry point and customer service windows.
    FreeWindows,
    /// Volume-tier discounts.
    VolumeTiers,
    /// Per-message fees, markup and the platform fee.
    ProviderFees,
    Tax,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Driver {
    pub kind: DriverKind,
    /// How much this cause adds to the variant's cost compared with the first (negative: saves).
    pub amount: Decimal,
}

impl Driver {
    /// In plain words: "Brazil +1,234.56", "Free allowance saves 30.00 more". Amounts are
    /// formatted by the caller's `money` (the window's and reports' own formatting).
    pub fn describe(&self, money: &dyn Fn(Decimal) -> String) -> String {
        let signed = |d: Decimal| {
            if d > Decimal::ZERO {
                format!("+{}", money(d))
            } else {
                format!("−{}", money(-d))
            }
        };
        match self.kind {
            DriverKind::Country(c) => format!("{}: {}", c.name(), signed(self.amount)),
            DriverKind::Category(cat) => format!("{}: {}", cat.label(), signed(self.amount)),
            DriverKind::FreeAllowance | DriverKind::FreeWindows | DriverKind::VolumeTiers => {
                let what = match self.kind {
                    DriverKind::FreeAllowance => "The free allowance",
                    DriverKind::FreeWindows => "Free windows",
                    _ => "Volume discounts",
                };
                // A positive amount is a cost: the saving shrank.
                if self.amount > Decimal::ZERO {
                    format!("{what} save {} less", money(self.amount))
                        .replace("allowance save", "allowance saves")
                } else {
                    format!("{what} save {} more", money(-self.amount))
                        .replace("allowance save", "allowance saves")
                }
            }
            DriverKind::ProviderFees => format!("Provider fees: {}", signed(self.amount)),
            DriverKind::Tax => format!("Tax: {}", signed(self.amount)),
        }
    }
}

/// Every variant side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub variants: Vec<VariantSummary>,
    /// Every month any variant plans, in order.
    pub months: Vec<MonthRow>,
    /// Every country any variant prices, dearest first in the first variant, then by code.
    pub countries: Vec<CountryRow>,
    /// Per variant (the first's is empty), the causes of its difference, largest first; empty
    /// when the variant is in another currency.
    pub drivers: Vec<Vec<Driver>>,
    /// The projections, in the variants' order (for charts and reports).
    pub projections: Vec<Projection>,
}

impl Comparison {
    /// A month's difference of variant `v` to the first (None where either does not plan the
    /// month or the currencies differ).
    pub fn month_difference(&self, row: &MonthRow, v: usize) -> Option<Decimal> {
        if !self.comparable(v) {
            return None;
        }
        Some(row.costs.get(v).copied()?? - row.costs.first().copied()??)
    }

    pub fn country_difference(&self, row: &CountryRow, v: usize) -> Option<Decimal> {
        if !self.comparable(v) {
            return None;
        }
        Some(*row.costs.get(v)? - *row.costs.first()?)
    }

    /// Whether variant `v` shares the first's currency (its amounts subtract).
    pub fn comparable(&self, v: usize) -> bool {
        match (self.variants.first(), self.variants.get(v)) {
            (Some(a), Some(b)) => a.currency == b.currency,
            _ => false,
        }
    }
}

/// A variant that could not be priced, named.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{label}: {error}")]
pub struct CompareError {
    pub label: String,
    pub error: ProjectionError,
}

/// Projects every variant and lays them side by side; the first is the reference.
pub fn compare(variants: &[VariantRef<'_>], book: &RateBook) -> Result<Comparison, CompareError> {
    let projections: Vec<Projection> = variants
        .iter()
        .map(|v| {
            project(v.scenario, book).map_err(|error| CompareError {
                label: v.label.to_string(),
                error,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(compare_projections(variants, projections))
}

/// [`compare`] from projections already made (the window keeps its own).
pub fn compare_projections(
    variants: &[VariantRef<'_>],
    projections: Vec<Projection>,
) -> Comparison {
    let first_currency = projections.first().map(|p| p.currency);
    let first_total = projections.first().map(|p| p.total);
    let summaries: Vec<VariantSummary> = variants
        .iter()
        .zip(&projections)
        .enumerate()
        .map(|(i, (v, p))| {
            let months = Decimal::from(p.months.len().max(1) as u64);
            VariantSummary {
                label: v.label.to_string(),
                currency: p.currency,
                first_month: v.scenario.start_month,
                months: v.scenario.months,
                total: p.total,
                meta_cost: p.meta_cost,
                provider_cost: p.provider_cost,
                tax: p.tax,
                free_savings: p.free_savings,
                volume: p.volume,
                average_month: p.total / months,
                months_over_budget: p.budget_monthly.map(|_| p.months_over_budget().len()),
                difference: (i > 0 && Some(p.currency) == first_currency)
                    .then(|| first_total.map(|t| p.total - t))
                    .flatten(),
            }
        })
        .collect();

    // Months: the union, in order.
    let mut by_month: BTreeMap<Month, Vec<Option<Decimal>>> = BTreeMap::new();
    for (i, p) in projections.iter().enumerate() {
        for m in &p.months {
            by_month
                .entry(m.month)
                .or_insert_with(|| vec![None; projections.len()])[i] = Some(m.total);
        }
    }
    let months = by_month
        .into_iter()
        .map(|(month, costs)| MonthRow { month, costs })
        .collect();

    // Countries: dearest first in the first variant, then the others' by code.
    let totals: Vec<Vec<(Country, Decimal)>> = projections
        .iter()
        .map(|p| {
            country_totals(p)
                .into_iter()
                .map(|t| (t.country, t.total))
                .collect()
        })
        .collect();
    let mut order: Vec<Country> = totals
        .first()
        .map_or(Vec::new(), |t| t.iter().map(|x| x.0).collect());
    let mut rest: Vec<Country> = totals
        .iter()
        .skip(1)
        .flatten()
        .map(|x| x.0)
        .filter(|c| !order.contains(c))
        .collect();
    rest.sort();
    rest.dedup();
    order.extend(rest);
    let countries = order
        .into_iter()
        .map(|country| CountryRow {
            country,
            costs: totals
                .iter()
                .map(|t| {
                    t.iter()
                        .find(|x| x.0 == country)
                        .map_or(Decimal::ZERO, |x| x.1)
                })
                .collect(),
        })
        .collect();

    let drivers = projections
        .iter()
        .enumerate()
        .map(|(i, p)| match projections.first() {
            Some(first) if i > 0 && p.currency == first.currency => drivers(first, p),
            _ => Vec::new(),
        })
        .collect();

    Comparison {
        variants: summaries,
        months,
        countries,
        drivers,
        projections,
    }
}

/// Sums a projection by cause: per country and per planned category (line totals with fees
/// and tax), the free allowance's and free windows' list value, the tier discount, provider
/// fees and tax.
struct Breakdown {
    country: BTreeMap<Country, Decimal>,
    category: [Decimal; 4],
    free_allowance: Decimal,
    free_windows: Decimal,
    tier_discount: Decimal,
    provider: Decimal,
    tax: Decimal,
}

fn breakdown(p: &Projection) -> Breakdown {
    let mut b = Breakdown {
        country: BTreeMap::new(),
        category: [Decimal::ZERO; 4],
        free_allowance: Decimal::ZERO,
        free_windows: Decimal::ZERO,
        tier_discount: Decimal::ZERO,
        provider: p.provider_cost,
        tax: p.tax,
    };
    for m in &p.months {
        b.free_allowance += m.savings.free_tier;
        b.free_windows += m.savings.customer_service + m.savings.entry_point;
        for l in &m.lines {
            let total = l.total(&p.terms);
            *b.country.entry(l.country).or_default() += total;
            b.category[l.category.planned().index()] += total;
            if l.tiered() {
                b.tier_discount += l.list_cost() - l.meta_cost;
            }
        }
    }
    b
}

/// The causes of `other`'s difference to `first`, largest first; zero causes left out.
fn drivers(first: &Projection, other: &Projection) -> Vec<Driver> {
    let (a, b) = (breakdown(first), breakdown(other));
    let mut out = Vec::new();
    let countries: std::collections::BTreeSet<Country> =
        a.country.keys().chain(b.country.keys()).copied().collect();
    for c in countries {
        let d = b.country.get(&c).copied().unwrap_or_default()
            - a.country.get(&c).copied().unwrap_or_default();
        out.push(Driver {
            kind: DriverKind::Country(c),
            amount: d,
        });
    }
    for cat in Category::ALL {
        out.push(Driver {
            kind: DriverKind::Category(cat),
            amount: b.category[cat.index()] - a.category[cat.index()],
        });
    }
    // Savings that grow lower the cost: the driver is the negative change in saving.
    out.push(Driver {
        kind: DriverKind::FreeAllowance,
        amount: a.free_allowance - b.free_allowance,
    });
    out.push(Driver {
        kind: DriverKind::FreeWindows,
        amount: a.free_windows - b.free_windows,
    });
    out.push(Driver {
        kind: DriverKind::VolumeTiers,
        amount: a.tier_discount - b.tier_discount,
    });
    out.push(Driver {
        kind: DriverKind::ProviderFees,
        amount: b.provider - a.provider,
    });
    out.push(Driver {
        kind: DriverKind::Tax,
        amount: b.tax - a.tax,
    });
    out.retain(|d| !d.amount.is_zero());
    out.sort_by(|x, y| {
        y.amount
            .abs()
            .cmp(&x.amount.abs())
            .then(x.kind.cmp(&y.kind))
    });
    out
}

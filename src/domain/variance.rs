//! The plan against what was really sent, month by month: planned messages and Meta cost
//! beside the actual messages, what Meta's rates charge for them (recomputed), what the source
//! reported, and actual − plan. One value for the window's Actuals tab, the PDF report and
//! `wacost import --plan`, so the three always agree.
//!
//! The actual cost of a month is the source's reported cost when it is in the plan's currency,
//! else the recomputed cost: reported costs in another or an unknown currency are shown, never
//! subtracted. Every sum and difference is checked: one that does not fit a decimal is left
//! out and flagged (`too_large`), never a panic.

use rust_decimal::Decimal;

use super::actuals::{Actuals, compare_months};
use super::calendar::Month;
use super::projection::Projection;
use super::ratebook::{Currency, RateBook};
use super::reconcile::{Reconciliation, reconcile};

/// One month of plan against actuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarianceMonth {
    pub month: Month,
    /// `None`: the month is outside the plan.
    pub planned_volume: Option<u64>,
    pub actual_volume: u64,
    /// Whether the actuals have the month (a row or a reported cost); false for a planned month
    /// without actuals and for an empty month between two others.
    pub has_actuals: bool,
    /// `None`: the month is outside the plan.
    pub planned_meta_cost: Option<Decimal>,
    /// What Meta's rates charge for the actual messages, in the plan's currency; `None` when
    /// the month has no actuals or some of its messages have no rate.
    pub recomputed_cost: Option<Decimal>,
    /// The source's own cost, in `Variance::reported_currency` (which may not be the plan's).
    pub reported_cost: Option<Decimal>,
    /// The reported cost when it is comparable, else the recomputed cost.
    pub actual_cost: Option<Decimal>,
    /// Actual cost − planned Meta cost, when both are known and the difference fits.
    pub actual_minus_plan: Option<Decimal>,
    /// Actual − plan was known on both sides but too large to compute exactly.
    pub too_large: bool,
}

impl VarianceMonth {
    /// Whether both the plan and the actuals have the month: the months the totals add up.
    pub fn in_both(&self) -> bool {
        self.planned_volume.is_some() && self.has_actuals
    }

    /// Actual − plan as a percentage of the plan; `None` when there is no difference, the plan
    /// costs nothing, or the quotient does not fit.
    pub fn percent_of_plan(&self) -> Option<Decimal> {
        percent_of(self.actual_minus_plan?, self.planned_meta_cost?)
    }
}

/// The sums over the months both the plan and the actuals have. A sum is `None` when a month
/// lacks its figure (a partial sum would mislead) or when it does not fit (`too_large`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarianceTotal {
    /// How many months are added up.
    pub months: usize,
    pub first: Month,
    pub last: Month,
    pub planned_volume: Option<u64>,
    pub actual_volume: Option<u64>,
    pub planned_meta_cost: Option<Decimal>,
    pub recomputed_cost: Option<Decimal>,
    pub reported_cost: Option<Decimal>,
    pub actual_cost: Option<Decimal>,
    pub actual_minus_plan: Option<Decimal>,
    /// A sum or the difference did not fit a decimal or a count.
    pub too_large: bool,
}

impl VarianceTotal {
    pub fn percent_of_plan(&self) -> Option<Decimal> {
        percent_of(self.actual_minus_plan?, self.planned_meta_cost?)
    }
}

/// Plan against actuals, month by month, with the totals and what cannot be compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Variance {
    /// The plan's currency: planned, recomputed and actual costs are in it.
    pub currency: Currency,
    /// The currency of the reported costs, when the file or the user says it.
    pub reported_currency: Option<Currency>,
    /// Whether the reported costs are in the plan's currency, so they stand for the actual
    /// cost.
    pub comparable: bool,
    /// Every month from the first of the plan or the actuals to the last, in order.
    pub months: Vec<VarianceMonth>,
    /// `None` when the plan and the actuals have no month in common.
    pub total: Option<VarianceTotal>,
    /// Why reported costs are not compared, in plain words; `None` when they are (or none are
    /// reported).
    pub note: Option<String>,
}

impl Variance {
    /// Sets the projection beside the actuals and their reconciliation with Meta's rates
    /// (from [`reconcile`], with the reported currency set by
    /// [`Reconciliation::with_reported_currency`]).
    pub fn new(
        projection: &Projection,
        actuals: &Actuals,
        reconciliation: &Reconciliation,
    ) -> Variance {
        // Recomputed costs in another currency than the plan's cannot be set against it.
        let same_currency = reconciliation.currency == projection.currency;
        let comparable =
            same_currency && reconciliation.reported_currency == Some(projection.currency);
        let note = if same_currency {
            reconciliation.comparison_note()
        } else {
            Some(format!(
                "The actuals were priced with the {} rates and the plan is in {}: costs are not compared. Price the actuals in {} to compare them.",
                reconciliation.currency, projection.currency, projection.currency
            ))
        };
        let months: Vec<VarianceMonth> = compare_months(projection, actuals)
            .into_iter()
            .map(|c| {
                let rec = reconciliation.months.iter().find(|r| r.month == c.month);
                let recomputed_cost = rec
                    .and_then(|r| r.recomputed_cost)
                    .filter(|_| same_currency);
                // The reconciliation's reported sum is checked (None and a problem when it
                // does not fit); it covers the same rows and unattributed costs.
                let reported_cost = match rec {
                    Some(r) => r.reported_cost,
                    None => c.reported_cost,
                };
                let actual_cost = if comparable {
                    reported_cost.or(recomputed_cost)
                } else {
                    recomputed_cost
                };
                let (actual_minus_plan, too_large) = difference(actual_cost, c.planned_meta_cost);
                VarianceMonth {
                    month: c.month,
                    planned_volume: c.planned_volume,
                    actual_volume: c.actual_volume,
                    has_actuals: rec.is_some(),
                    planned_meta_cost: c.planned_meta_cost,
                    recomputed_cost,
                    reported_cost,
                    actual_cost,
                    actual_minus_plan,
                    too_large,
                }
            })
            .collect();
        let total = total(&months);
        Variance {
            currency: projection.currency,
            reported_currency: reconciliation.reported_currency,
            comparable,
            months,
            total,
            note,
        }
    }

    /// Reconciles the actuals with the book's cards in the plan's currency (the reported costs
    /// being in `reported_currency`, `None` when unknown) and sets the plan beside them: for a
    /// caller that has no reconciliation of its own.
    pub fn reconciled(
        projection: &Projection,
        actuals: &Actuals,
        book: &RateBook,
        reported_currency: Option<Currency>,
    ) -> Variance {
        let r =
            reconcile(actuals, book, projection.currency).with_reported_currency(reported_currency);
        Variance::new(projection, actuals, &r)
    }

    /// The months the plan covers, first and last.
    pub fn plan_span(&self) -> Option<(Month, Month)> {
        span(self.months.iter().filter(|m| m.planned_volume.is_some()))
    }

    /// The months with actuals, first and last.
    pub fn actuals_span(&self) -> Option<(Month, Month)> {
        span(self.months.iter().filter(|m| m.has_actuals))
    }

    /// When the plan and the actuals have no month in common, says so in plain words.
    pub fn no_common_months_note(&self) -> Option<String> {
        if self.total.is_some() {
            return None;
        }
        let show = |s: Option<(Month, Month)>| match s {
            Some((a, b)) if a == b => a.to_string(),
            Some((a, b)) => format!("{a} to {b}"),
            None => "no months".to_string(),
        };
        Some(format!(
            "The plan ({}) and the actuals ({}) have no month in common: there is nothing to compare.",
            show(self.plan_span()),
            show(self.actuals_span())
        ))
    }
}

fn span<'a>(mut months: impl Iterator<Item = &'a VarianceMonth>) -> Option<(Month, Month)> {
    let first = months.next()?.month;
    let last = months.last().map_or(first, |m| m.month);
    Some((first, last))
}

/// Actual − plan: `(None, false)` when a side is unknown, `(None, true)` when it does not fit.
fn difference(actual: Option<Decimal>, plan: Option<Decimal>) -> (Option<Decimal>, bool) {
    match (actual, plan) {
        (Some(a), Some(p)) => match a.checked_sub(p) {
            Some(d) => (Some(d), false),
            None => (None, true),
        },
        _ => (None, false),
    }
}

fn percent_of(diff: Decimal, plan: Decimal) -> Option<Decimal> {
    if plan.is_zero() {
        return None;
    }
    diff.checked_div(plan)?.checked_mul(Decimal::ONE_HUNDRED)
}

/// Sums over the months both have; `None` when there are none.
fn total(months: &[VarianceMonth]) -> Option<VarianceTotal> {
    let both: Vec<&VarianceMonth> = months.iter().filter(|m| m.in_both()).collect();
    let first = both.first()?.month;
    let last = both.last().map_or(first, |m| m.month);
    let mut too_large = false;
    // A checked sum of a figure every month must have: None when one lacks it or on overflow
    // (then flagged).
    let mut money = |get: fn(&VarianceMonth) -> Option<Decimal>| -> Option<Decimal> {
        let mut sum = Decimal::ZERO;
        for m in &both {
            let v = get(m)?;
            match sum.checked_add(v) {
                Some(s) => sum = s,
                None => {
                    too_large = true;
                    return None;
                }
            }
        }
        Some(sum)
    };
    let planned_meta_cost = money(|m| m.planned_meta_cost);
    let recomputed_cost = money(|m| m.recomputed_cost);
    let reported_cost = money(|m| m.reported_cost);
    let actual_cost = money(|m| m.actual_cost);
    let mut count = |get: fn(&VarianceMonth) -> Option<u64>| -> Option<u64> {
        let mut sum = 0u64;
        for m in &both {
            match sum.checked_add(get(m)?) {
                Some(s) => sum = s,
                None => {
                    too_large = true;
                    return None;
                }
            }
        }
        Some(sum)
    };
    let planned_volume = count(|m| m.planned_volume);
    let actual_volume = count(|m| Some(m.actual_volume));
    let (actual_minus_plan, diff_too_large) = difference(actual_cost, planned_meta_cost);
    Some(VarianceTotal {
        months: both.len(),
        first,
        last,
        planned_volume,
        actual_volume,
        planned_meta_cost,
        recomputed_cost,
        reported_cost,
        actual_cost,
        actual_minus_plan,
        too_large: too_large || diff_too_large,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::actuals::PricingType;
    use crate::domain::category::ChargedCategory;
    use crate::domain::country::Country;
    use crate::domain::scenario::{CountryPlan, Scenario};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn usd() -> Currency {
        "USD".parse().unwrap()
    }

    /// India, 100,000 marketing messages a month in 2026-12 and 2027-01, nothing free: under
    /// the 2026-10-01 USD card (India marketing 0.0118, no tiers) each month plans
    /// 100,000 × 0.0118 = 1,180.00.
    fn plan() -> Projection {
        let mut s = Scenario::new(usd(), m("2026-12"));
        s.months = 2;
        let mut india = CountryPlan::new(Country::parse("IN").unwrap());
        india.marketing = 100_000;
        s.countries = vec![india];
        crate::domain::project(&s, &crate::io::rates::embedded_book()).unwrap()
    }

    /// 2026-12: 98,000 (reported 1,156.40 = 98,000 × 0.0118); 2027-01: 101,000 (reported
    /// 1,200.00, recomputed 101,000 × 0.0118 = 1,191.80); 2027-03: 10 (recomputed 0.118),
    /// outside the plan, leaving 2027-02 empty between.
    fn actuals(dec_reported: Decimal, jan_reported: Decimal) -> Actuals {
        let mut a = Actuals::default();
        let india = Some(Country::parse("IN").unwrap());
        let mk = ChargedCategory::Marketing;
        let r = PricingType::Regular;
        a.add(m("2026-12"), india, mk, r, 98_000, Some(dec_reported));
        a.add(m("2027-01"), india, mk, r, 101_000, Some(jan_reported));
        a.add(m("2027-03"), india, mk, r, 10, None);
        a
    }

    fn variance(a: &Actuals, reported: Option<Currency>) -> Variance {
        Variance::reconciled(&plan(), a, &crate::io::rates::embedded_book(), reported)
    }

    #[test]
    fn reported_costs_in_the_plan_currency_are_the_actual_cost() {
        let v = variance(&actuals(d("1156.40"), d("1200")), Some(usd()));
        assert!(v.comparable);
        assert_eq!(v.note, None);
        let months: Vec<String> = v.months.iter().map(|m| m.month.to_string()).collect();
        assert_eq!(months, ["2026-12", "2027-01", "2027-02", "2027-03"]);
        let dec = &v.months[0];
        assert_eq!(dec.planned_volume, Some(100_000));
        assert_eq!(dec.actual_volume, 98_000);
        assert_eq!(dec.planned_meta_cost, Some(d("1180")));
        assert_eq!(dec.recomputed_cost, Some(d("1156.40")));
        assert_eq!(dec.actual_cost, Some(d("1156.40")));
        // 1,156.40 − 1,180.00 = −23.60, −2 % of the plan.
        assert_eq!(dec.actual_minus_plan, Some(d("-23.60")));
        assert_eq!(dec.percent_of_plan(), Some(d("-2")));
        let jan = &v.months[1];
        assert_eq!(jan.recomputed_cost, Some(d("1191.80")));
        assert_eq!(jan.actual_cost, Some(d("1200")));
        assert_eq!(jan.actual_minus_plan, Some(d("20")));
        // The empty month between, and a month outside the plan: no difference.
        let feb = &v.months[2];
        assert!(!feb.has_actuals && feb.planned_volume.is_none());
        assert_eq!(feb.actual_minus_plan, None);
        let mar = &v.months[3];
        assert!(mar.has_actuals && !mar.in_both());
        assert_eq!(mar.recomputed_cost, Some(d("0.118")));
        assert_eq!(mar.actual_minus_plan, None);
        // Totals over 2026-12 and 2027-01 only.
        let t = v.total.unwrap();
        assert_eq!((t.months, t.first, t.last), (2, m("2026-12"), m("2027-01")));
        assert_eq!(t.planned_volume, Some(200_000));
        assert_eq!(t.actual_volume, Some(199_000));
        assert_eq!(t.planned_meta_cost, Some(d("2360")));
        assert_eq!(t.recomputed_cost, Some(d("2348.20")));
        assert_eq!(t.reported_cost, Some(d("2356.40")));
        assert_eq!(t.actual_cost, Some(d("2356.40")));
        assert_eq!(t.actual_minus_plan, Some(d("-3.60")));
        assert!(!t.too_large);
        assert_eq!(v.no_common_months_note(), None);
    }

    #[test]
    fn reported_costs_in_an_unknown_or_other_currency_are_shown_never_subtracted() {
        let a = actuals(d("1156.40"), d("1200"));
        for reported in [None, Some("EUR".parse().unwrap())] {
            let v = variance(&a, reported);
            assert!(!v.comparable);
            let note = v.note.clone().unwrap();
            assert!(note.contains("not compared"), "{note}");
            let jan = &v.months[1];
            // Shown as the file gives it...
            assert_eq!(jan.reported_cost, Some(d("1200")));
            // ...but the actual cost is Meta's rates': 1,191.80 − 1,180.00 = 11.80.
            assert_eq!(jan.actual_cost, Some(d("1191.80")));
            assert_eq!(jan.actual_minus_plan, Some(d("11.80")));
            let t = v.total.unwrap();
            assert_eq!(t.actual_cost, Some(d("2348.20")));
            assert_eq!(t.actual_minus_plan, Some(d("-11.80")));
        }
        let v = variance(&a, Some("EUR".parse().unwrap()));
        assert!(v.note.unwrap().contains("EUR"));
    }

    #[test]
    fn recomputed_costs_in_another_currency_than_the_plan_are_not_set_against_it() {
        let a = actuals(d("1156.40"), d("1200"));
        let eur: Currency = "EUR".parse().unwrap();
        let r = reconcile(&a, &crate::io::rates::embedded_book(), eur)
            .with_reported_currency(Some(eur));
        let v = Variance::new(&plan(), &a, &r);
        assert!(!v.comparable);
        assert!(v.note.unwrap().contains("priced with the EUR rates"));
        assert!(v.months.iter().all(|m| m.actual_minus_plan.is_none()));
        assert!(v.months.iter().all(|m| m.recomputed_cost.is_none()));
    }

    #[test]
    fn amounts_too_large_to_subtract_or_add_are_flagged_not_panics() {
        // A reported cost at the decimal's lower end: minus the plan's 1,180.00 it does not fit.
        let v = variance(&actuals(Decimal::MIN, d("1200")), Some(usd()));
        let dec = &v.months[0];
        assert_eq!(dec.actual_cost, Some(Decimal::MIN));
        assert_eq!(dec.actual_minus_plan, None);
        assert!(dec.too_large);
        assert_eq!(dec.percent_of_plan(), None);
        let t = v.total.unwrap();
        assert!(t.too_large);
        assert_eq!(t.actual_minus_plan, None);
        // Two months that each fit but whose sum does not.
        let v = variance(&actuals(Decimal::MAX, Decimal::MAX), Some(usd()));
        assert_eq!(
            v.months[0].actual_minus_plan,
            Some(Decimal::MAX - d("1180"))
        );
        let t = v.total.unwrap();
        assert!(t.too_large);
        assert_eq!(t.actual_cost, None);
        assert_eq!(t.reported_cost, None);
        assert_eq!(t.actual_minus_plan, None);
        assert_eq!(t.planned_meta_cost, Some(d("2360")));
    }

    #[test]
    fn no_month_in_common_is_said_plainly() {
        let mut a = Actuals::default();
        a.add(
            m("2027-05"),
            Some(Country::parse("BR").unwrap()),
            ChargedCategory::Utility,
            PricingType::Regular,
            7,
            None,
        );
        let v = variance(&a, None);
        assert_eq!(v.total, None);
        assert_eq!(v.plan_span(), Some((m("2026-12"), m("2027-01"))));
        assert_eq!(v.actuals_span(), Some((m("2027-05"), m("2027-05"))));
        assert_eq!(
            v.no_common_months_note().unwrap(),
            "The plan (2026-12 to 2027-01) and the actuals (2027-05) have no month in common: there is nothing to compare."
        );
    }
}

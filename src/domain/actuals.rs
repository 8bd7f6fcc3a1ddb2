//! What was really sent: monthly volumes per country, category and pricing type, with the cost
//! the source reported when it has one; and the plan set beside it month by month.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::calendar::Month;
use super::category::{Category, ChargedCategory};
use super::country::Country;
use super::projection::Projection;
use super::scenario::{CountryPlan, MAX_VOLUME};

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
    // One pass over the rows (the window does this every frame). A month whose reported costs
    // do not add up within a decimal shows none rather than a partial sum (the reconciliation
    // names the problem); never a panic.
    let mut too_large: Vec<Month> = Vec::new();
    let mut add_cost = |e: &mut MonthComparison, c: Decimal| match e
        .reported_cost
        .unwrap_or_default()
        .checked_add(c)
    {
        Some(sum) => e.reported_cost = Some(sum),
        None => too_large.push(e.month),
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
    for month in too_large {
        if let Some(e) = months.get_mut(&month) {
            e.reported_cost = None;
        }
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

/// A month of actuals as a plan's base volumes ("Use as plan").
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFromMonth {
    pub month: Month,
    /// One plan per country with actuals in the month, by ISO code; charged categories fold
    /// into planned ones (international authentication is authentication).
    pub countries: Vec<CountryPlan>,
    /// The month's messages whose country is unknown: they are left out of the plan.
    pub without_country: u64,
}

impl PlanFromMonth {
    /// How many countries the plan has.
    pub fn country_count(&self) -> usize {
        self.countries.len()
    }
}

/// What replacing a plan's countries with others changes, country by country: what "Use as
/// plan" shows before it asks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanChange {
    pub added: Vec<Country>,
    pub removed: Vec<Country>,
    /// Countries in both whose volumes differ: each changed category, before and after.
    pub changed: Vec<(Country, Vec<VolumeChange>)>,
}

/// A category's monthly volume before and after.
pub type VolumeChange = (Category, u64, u64);

impl PlanChange {
    /// What changes in `month`: volumes are compared as that month's volumes, so a country
    /// planned per day (10,000 a day) and the same month's actuals (310,000 in January) compare
    /// like for like, and a unit that changes shows as a change.
    pub fn between(current: &[CountryPlan], new: &[CountryPlan], month: Month) -> PlanChange {
        let find = |list: &[CountryPlan], c: Country| list.iter().find(|p| p.country == c).cloned();
        let mut change = PlanChange::default();
        for p in new {
            match find(current, p.country) {
                None => change.added.push(p.country),
                Some(old) => {
                    let (before, after) = (old.monthly_volumes(month), p.monthly_volumes(month));
                    let diffs: Vec<VolumeChange> = Category::ALL
                        .into_iter()
                        .filter(|c| before[c.index()] != after[c.index()])
                        .map(|c| (c, before[c.index()], after[c.index()]))
                        .collect();
                    if !diffs.is_empty() || old.unit != p.unit {
                        change.changed.push((p.country, diffs));
                    }
                }
            }
        }
        change.removed = current
            .iter()
            .filter(|p| find(new, p.country).is_none())
            .map(|p| p.country)
            .collect();
        change
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Why a month of actuals cannot become a plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanFromMonthError {
    #[error("{month} has no actuals with a country to plan from")]
    NoCountries { month: Month },
    #[error(
        "{} {} messages in {month} add up to {volume}, more than the {MAX_VOLUME} a plan holds per country and category",
        country.name(),
        category.name()
    )]
    TooLarge {
        month: Month,
        country: Country,
        category: Category,
        volume: u128,
    },
}

/// The plan whose base volumes are `month`'s actuals, per country and planned category.
/// Rows without a country are counted in `without_country` and left out.
///
/// Arithmetic: each country's category volume is summed in u128, which no number of u64 rows
/// can overflow, and then checked against [`MAX_VOLUME`], the most a plan line holds: a larger
/// sum is an error, never a clipped plan. The count of messages without a country is only
/// reported, so it adds with saturation; an import holds at most 20 such cells a month (5
/// categories × 4 pricing types) of at most 10^15 each, far below where it would saturate.
pub fn plan_from_month(
    actuals: &Actuals,
    month: Month,
) -> Result<PlanFromMonth, PlanFromMonthError> {
    let mut sums: BTreeMap<Country, [u128; 4]> = BTreeMap::new();
    let mut without_country = 0u64;
    for r in actuals.rows().filter(|r| r.month == month) {
        let Some(country) = r.country else {
            without_country = without_country.saturating_add(r.volume);
            continue;
        };
        let v = &mut sums.entry(country).or_default()[r.category.planned().index()];
        *v += u128::from(r.volume);
    }
    if sums.is_empty() {
        return Err(PlanFromMonthError::NoCountries { month });
    }
    let mut countries = Vec::with_capacity(sums.len());
    for (country, volumes) in sums {
        let mut plan = CountryPlan::new(country);
        for category in Category::ALL {
            let volume = volumes[category.index()];
            let fits = u64::try_from(volume).ok().filter(|&v| v <= MAX_VOLUME);
            let Some(v) = fits else {
                return Err(PlanFromMonthError::TooLarge {
                    month,
                    country,
                    category,
                    volume,
                });
            };
            plan.set_volume(category, v);
        }
        countries.push(plan);
    }
    Ok(PlanFromMonth {
        month,
        countries,
        without_country,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn c(code: &str) -> Country {
        Country::parse(code).unwrap()
    }

    #[test]
    fn a_plan_change_lists_added_removed_and_changed_countries() {
        let plan = |code: &str, marketing: u64, utility: u64| {
            let mut p = CountryPlan::new(c(code));
            p.set_volume(Category::Marketing, marketing);
            p.set_volume(Category::Utility, utility);
            p
        };
        let current = [
            plan("BR", 200_000, 50_000),
            plan("MX", 80_000, 0),
            plan("ID", 0, 0),
        ];
        let new = [
            plan("BR", 1_000, 50_000),
            plan("ID", 0, 0),
            plan("DE", 10, 0),
        ];
        let jan = m("2027-01");
        let change = PlanChange::between(&current, &new, jan);
        assert_eq!(change.added, vec![c("DE")]);
        assert_eq!(change.removed, vec![c("MX")]);
        assert_eq!(
            change.changed,
            vec![(c("BR"), vec![(Category::Marketing, 200_000, 1_000)])]
        );
        assert!(PlanChange::between(&current, &current, jan).is_empty());
        // 10,000 a day in January is the month's 310,000: no change; 300,000 is one.
        let mut daily = plan("BR", 10_000, 0);
        daily.unit = crate::domain::scenario::VolumeUnit::Day;
        let change = PlanChange::between(&[daily.clone()], &[plan("BR", 310_000, 0)], jan);
        assert_eq!(change.changed, vec![(c("BR"), vec![])], "the unit changes");
        let change = PlanChange::between(&[daily], &[plan("BR", 300_000, 0)], jan);
        assert_eq!(
            change.changed,
            vec![(c("BR"), vec![(Category::Marketing, 310_000, 300_000)])]
        );
    }

    #[test]
    fn a_month_becomes_base_volumes_per_country() {
        let mut a = Actuals::default();
        let dec = m("2026-12");
        // India: 98,000 regular marketing + 2,000 free-entry marketing = 100,000 marketing;
        // 700 authentication + 300 international authentication = 1,000 authentication.
        a.add(
            dec,
            Some(c("IN")),
            ChargedCategory::Marketing,
            PricingType::Regular,
            98_000,
            None,
        );
        a.add(
            dec,
            Some(c("IN")),
            ChargedCategory::Marketing,
            PricingType::FreeEntryPoint,
            2_000,
            None,
        );
        a.add(
            dec,
            Some(c("IN")),
            ChargedCategory::Authentication,
            PricingType::Regular,
            700,
            None,
        );
        a.add(
            dec,
            Some(c("IN")),
            ChargedCategory::AuthenticationInternational,
            PricingType::Regular,
            300,
            None,
        );
        a.add(
            dec,
            Some(c("BR")),
            ChargedCategory::Service,
            PricingType::FreeCustomerService,
            900,
            None,
        );
        a.add(
            dec,
            None,
            ChargedCategory::Utility,
            PricingType::Regular,
            450,
            None,
        );
        // Another month is not taken.
        a.add(
            m("2027-01"),
            Some(c("MX")),
            ChargedCategory::Marketing,
            PricingType::Regular,
            5,
            None,
        );
        let plan = plan_from_month(&a, dec).unwrap();
        assert_eq!(plan.country_count(), 2);
        assert_eq!(plan.without_country, 450);
        // By ISO code: BR before IN.
        let br = &plan.countries[0];
        assert_eq!(br.country, c("BR"));
        assert_eq!(
            (br.marketing, br.utility, br.authentication, br.service),
            (0, 0, 0, 900)
        );
        let india = &plan.countries[1];
        assert_eq!(
            (
                india.marketing,
                india.utility,
                india.authentication,
                india.service
            ),
            (100_000, 0, 1_000, 0)
        );
    }

    #[test]
    fn a_month_without_a_country_or_without_actuals_is_refused() {
        let mut a = Actuals::default();
        a.add(
            m("2026-12"),
            None,
            ChargedCategory::Marketing,
            PricingType::Regular,
            10,
            None,
        );
        let e = plan_from_month(&a, m("2026-12")).unwrap_err();
        assert_eq!(
            e,
            PlanFromMonthError::NoCountries {
                month: m("2026-12")
            }
        );
        assert_eq!(
            e.to_string(),
            "2026-12 has no actuals with a country to plan from"
        );
        assert!(matches!(
            plan_from_month(&a, m("2027-01")),
            Err(PlanFromMonthError::NoCountries { .. })
        ));
    }

    #[test]
    fn a_volume_beyond_what_a_plan_holds_is_an_error_not_a_clipped_plan() {
        let mut a = Actuals::default();
        let dec = m("2026-12");
        // Two cells of 10^15 (the most an import adds in one) and u64::MAX: no overflow, no
        // panic, and no plan.
        for p in [PricingType::Regular, PricingType::FreeTier] {
            a.add(
                dec,
                Some(c("IN")),
                ChargedCategory::Utility,
                p,
                1_000_000_000_000_000,
                None,
            );
        }
        a.add(
            dec,
            Some(c("IN")),
            ChargedCategory::Marketing,
            PricingType::Regular,
            u64::MAX,
            None,
        );
        a.add(
            dec,
            None,
            ChargedCategory::Marketing,
            PricingType::Regular,
            u64::MAX,
            None,
        );
        a.add(
            dec,
            None,
            ChargedCategory::Utility,
            PricingType::Regular,
            u64::MAX,
            None,
        );
        let e = plan_from_month(&a, dec).unwrap_err();
        assert_eq!(
            e,
            PlanFromMonthError::TooLarge {
                month: dec,
                country: c("IN"),
                category: Category::Marketing,
                volume: u128::from(u64::MAX),
            }
        );
        assert!(
            e.to_string()
                .contains("India marketing messages in 2026-12"),
            "{e}"
        );
        // Exactly the limit is a plan.
        let mut a = Actuals::default();
        a.add(
            dec,
            Some(c("IN")),
            ChargedCategory::Utility,
            PricingType::Regular,
            MAX_VOLUME,
            None,
        );
        assert_eq!(
            plan_from_month(&a, dec).unwrap().countries[0].utility,
            MAX_VOLUME
        );
    }

    #[test]
    fn reported_costs_too_large_to_add_show_no_month_total_and_do_not_panic() {
        let mut a = Actuals::default();
        let dec = m("2026-12");
        let big: Decimal = "50000000000000000000000000000".parse().unwrap();
        for code in ["IN", "BR"] {
            a.add(
                dec,
                Some(c(code)),
                ChargedCategory::Utility,
                PricingType::Regular,
                5,
                Some(big),
            );
        }
        let p = Projection::empty("USD".parse().unwrap());
        let months = compare_months(&p, &a);
        assert_eq!(months.len(), 1);
        assert_eq!(months[0].actual_volume, 10);
        assert_eq!(months[0].reported_cost, None);
    }

    proptest! {
        /// Every message of the month is in the plan or counted as without a country.
        #[test]
        fn the_plan_and_the_unknown_add_up_to_the_month(
            rows in proptest::collection::vec(
                (0usize..4, 0usize..5, 0usize..4, 0u64..=1_000_000_000, 0u8..3),
                0..60,
            ),
        ) {
            let countries = [None, Some(c("IN")), Some(c("BR")), Some(c("DE"))];
            let months = [m("2026-11"), m("2026-12"), m("2027-01")];
            let mut a = Actuals::default();
            for &(country, category, pricing, volume, month) in &rows {
                a.add(
                    months[usize::from(month)],
                    countries[country],
                    ChargedCategory::ALL[category],
                    PricingType::ALL[pricing],
                    volume,
                    None,
                );
            }
            let month = months[1];
            let actual: u64 = a.rows().filter(|r| r.month == month).map(|r| r.volume).sum();
            match plan_from_month(&a, month) {
                Ok(plan) => {
                    let planned: u64 = plan.countries.iter().map(CountryPlan::total).sum();
                    prop_assert_eq!(planned + plan.without_country, actual);
                    let with_country = a
                        .rows()
                        .filter(|r| r.month == month && r.country.is_some())
                        .map(|r| r.country)
                        .collect::<std::collections::BTreeSet<_>>();
                    prop_assert_eq!(plan.country_count(), with_country.len());
                }
                Err(PlanFromMonthError::NoCountries { .. }) => {
                    prop_assert!(a.rows().all(|r| r.month != month || r.country.is_none()));
                }
                Err(e) => prop_assert!(false, "{}", e),
            }
        }
    }
}

//! Invariants of the projection engine over random plans (proptest).

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use wacost::domain::calendar::Month;
use wacost::domain::category::Category;
use wacost::domain::projection::{Projection, project, project_into};
use wacost::domain::ratebook::RateBook;
use wacost::domain::scenario::{Campaign, CountryPlan, Scenario};
use wacost::domain::{Country, Currency};
use wacost::io::rates::embedded_book;

/// Countries across tiered markets (AE, Rest of Africa), single-country markets, regions,
/// market changes (ZW, PL, KZ) and unlisted ones (AQ -> Other, TT -> North America). Markets with
/// an unknown authentication-international rate are left out: they are errors by design.
const COUNTRIES: &[&str] = &[
    "AE", "KE", "GH", "TZ", "NG", "IN", "BR", "DE", "US", "KZ", "PL", "ZW", "AQ", "TT", "MX", "EG",
];

fn book() -> &'static RateBook {
    static BOOK: std::sync::OnceLock<RateBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(embedded_book)
}

fn pct(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max * 10).prop_map(|v| Decimal::new(v, 1))
}

fn volume() -> impl Strategy<Value = u64> {
    prop_oneof![Just(0u64), 0u64..2_000, 0u64..3_000_000]
}

prop_compose! {
    fn country_plan()(c in 0..COUNTRIES.len(), v in proptest::array::uniform4(volume())) -> CountryPlan {
        let mut p = CountryPlan::new(Country::from_code(COUNTRIES[c]).unwrap());
        for (cat, vol) in Category::ALL.into_iter().zip(v) {
            p.set_volume(cat, vol);
        }
        p
    }
}

prop_compose! {
    fn plan()(
        currency in prop_oneof![Just("USD"), Just("EUR"), Just("INR")],
        start in 0i64..30,
        months in 1u32..=6,
        mut countries in proptest::collection::vec(country_plan(), 0..6),
        fep in pct(30),
        csw in pct(60),
        growth in proptest::array::uniform4(-200i64..=300),
        phones in 1u32..=3,
        wabas in 1u32..=3,
        eligible in any::<bool>(),
        primary in 0..COUNTRIES.len(),
        fee in 0i64..100,
        markup in pct(20),
        monthly in 0i64..5000,
        tax in pct(25),
        campaign in proptest::option::of((0..COUNTRIES.len(), 0i64..8, 0..4usize, 1u64..500_000)),
    ) -> Scenario {
        let currency: Currency = currency.parse().unwrap();
        // USD cards start 2024-11, INR 2025-10, EUR 2026-07.
        let first = match currency.as_str() { "USD" => "2024-11", "INR" => "2025-10", _ => "2026-07" };
        let start_month = first.parse::<Month>().unwrap().plus(start);
        let mut s = Scenario::new(currency, start_month);
        s.months = months;
        countries.sort_by_key(|c| c.country);
        countries.dedup_by_key(|c| c.country);
        s.countries = countries;
        s.assumptions.fep_share_pct = fep;
        s.assumptions.csw_utility_share_pct = csw;
        for (cat, g) in Category::ALL.into_iter().zip(growth) {
            s.growth_pct.set(cat, Decimal::new(g, 1));
        }
        s.business.phone_numbers = phones;
        s.business.wabas = wabas;
        s.business.auth_international_eligible = eligible;
        s.business.primary_country = Some(Country::from_code(COUNTRIES[primary]).unwrap());
        s.provider.per_message_fee = Decimal::new(fee, 4);
        s.provider.markup_pct = markup;
        s.provider.monthly_fee = Decimal::new(monthly, 2);
        s.provider.tax_pct = tax;
        if let Some((c, m, cat, v)) = campaign {
            s.campaigns.push(Campaign {
                name: "Promo".into(),
                month: start_month.plus(m),
                country: Country::from_code(COUNTRIES[c]).unwrap().into(),
                category: Category::ALL[cat],
                volume: v,
            });
        }
        s
    }
}

fn run(s: &Scenario) -> Projection {
    project(s, book()).unwrap_or_else(|e| panic!("{e}\n{s:?}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn line_items_add_up_exactly_to_month_and_grand_totals(s in plan()) {
        let p = run(&s);
        let mut grand = Decimal::ZERO;
        for m in &p.months {
            let meta: Decimal = m.lines.iter().map(|l| l.meta_cost).sum();
            let provider: Decimal = m.lines.iter().map(|l| l.provider_cost(&p.terms)).sum::<Decimal>() + m.platform_fee;
            let tax: Decimal = m.lines.iter().map(|l| l.tax(&p.terms)).sum::<Decimal>() + m.platform_fee_tax;
            let total: Decimal = m.lines.iter().map(|l| l.total(&p.terms)).sum::<Decimal>() + m.platform_fee + m.platform_fee_tax;
            prop_assert_eq!(meta, m.meta_cost);
            prop_assert_eq!(provider, m.provider_cost);
            prop_assert_eq!(tax, m.tax);
            prop_assert_eq!(total, m.total);
            prop_assert_eq!(m.meta_cost + m.provider_cost + m.tax, m.total);
            let savings: Decimal = m.lines.iter().map(|l| l.free_savings()).sum();
            prop_assert_eq!(savings, m.free_savings);
            grand += m.total;
        }
        prop_assert_eq!(grand, p.total);
        prop_assert_eq!(p.months.iter().map(|m| m.meta_cost).sum::<Decimal>(), p.meta_cost);
    }

    #[test]
    fn free_volume_never_exceeds_volume(s in plan()) {
        let p = run(&s);
        for m in &p.months {
            for l in &m.lines {
                prop_assert!(l.free_volume() <= l.volume);
                prop_assert_eq!(l.free_volume() + l.billable_volume, l.volume);
                prop_assert_eq!(l.free_entry_point + l.free_customer_service + u64::from(l.free_tier), l.free_volume());
            }
            // The pool never gives away more than its allowance.
            let tier_free: u64 = m.lines.iter().map(|l| u64::from(l.free_tier)).sum();
            prop_assert!(tier_free <= 1000 * s.business.phone_numbers.max(s.business.wabas) as u64);
        }
    }

    #[test]
    fn tiered_cost_never_exceeds_list_cost(s in plan()) {
        let p = run(&s);
        for m in &p.months {
            for l in &m.lines {
                prop_assert!(l.meta_cost <= l.list_cost(), "{:?}", l);
                prop_assert!(l.meta_cost >= Decimal::ZERO);
            }
        }
    }

    #[test]
    fn adding_volume_never_lowers_the_cost(
        s in plan(),
        which in any::<prop::sample::Index>(),
        cat in 0..4usize,
        extra in 1u64..1_000_000,
    ) {
        let mut s = s;
        if s.countries.is_empty() {
            s.countries.push(CountryPlan::new(Country::from_code("IN").unwrap()));
        }
        let before = run(&s);
        let mut more = s.clone();
        let i = which.index(more.countries.len());
        let c = Category::ALL[cat];
        let v = more.countries[i].volume(c);
        more.countries[i].set_volume(c, v + extra);
        let after = run(&more);
        if c != Category::Service {
            prop_assert!(after.meta_cost >= before.meta_cost, "{} < {}", after.meta_cost, before.meta_cost);
            prop_assert!(after.total >= before.total);
        }
        for (a, b) in after.months.iter().zip(&before.months) {
            // Service volume shifts the shared free pool; largest-remainder rounding can move one
            // free unit between countries the wrong way (Hamilton's population paradox, see
            // tests/engine.rs), so service may lower a month by at most one unit of the dearest
            // service rate per country.
            let slack = if c == Category::Service {
                let dearest = b.lines.iter().chain(&a.lines)
                    .filter(|l| l.category.planned() == Category::Service)
                    .filter_map(|l| l.rate())
                    .max()
                    .unwrap_or_default();
                dearest * Decimal::from(a.lines.len() as u64)
            } else {
                Decimal::ZERO
            };
            prop_assert!(a.meta_cost + slack >= b.meta_cost, "{}: {} < {}", a.month, a.meta_cost, b.meta_cost);
        }
    }

    #[test]
    fn reprojecting_into_a_used_projection_equals_a_fresh_one(a in plan(), b in plan()) {
        let mut reused = run(&a);
        project_into(&b, book(), &mut reused).unwrap();
        prop_assert_eq!(reused, run(&b));
    }

    #[test]
    fn zero_volume_costs_only_the_platform_fee(s in plan()) {
        let mut s = s;
        for c in &mut s.countries {
            for cat in Category::ALL {
                c.set_volume(cat, 0);
            }
        }
        s.campaigns.clear();
        let p = run(&s);
        let fee = s.provider.monthly_fee;
        let tax = fee * s.provider.tax_pct / Decimal::ONE_HUNDRED;
        for m in &p.months {
            prop_assert_eq!(m.meta_cost, Decimal::ZERO);
            prop_assert_eq!(m.provider_cost, fee);
            prop_assert_eq!(m.total, fee + tax);
            prop_assert!(m.lines.is_empty());
        }
    }
}

/// What a budget is compared with: the highest month or the whole plan.
fn measured(p: &Projection, per: wacost::domain::solve::BudgetPer) -> Decimal {
    match per {
        wacost::domain::solve::BudgetPer::Month => {
            p.months.iter().map(|m| m.total).max().unwrap_or_default()
        }
        wacost::domain::solve::BudgetPer::Plan => p.total,
    }
}

mod solver {
    use super::*;
    use wacost::domain::projection::ProjectionError;
    use wacost::domain::solve::{
        BudgetPer, Limit, ScaleTarget, SolveError, SolveRequest, apply_step, solve,
    };

    fn target() -> impl Strategy<Value = (usize, usize, usize)> {
        (0..5usize, 0..COUNTRIES.len(), 0..4usize)
    }

    /// The cost measured at `step`, or None when the engine cannot price it (beyond its limits:
    /// that counts as over any budget).
    fn cost_at(s: &Scenario, t: &ScaleTarget, step: u64, per: BudgetPer) -> Option<Decimal> {
        let plan = apply_step(s, t, step).unwrap();
        match project(&plan, book()) {
            Ok(p) => Some(measured(&p, per)),
            Err(
                ProjectionError::VolumeOverflow { .. } | ProjectionError::AmountOverflow { .. },
            ) => None,
            Err(e) => panic!("{e}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(60))]

        /// The answer fits the budget and one more step does not (for a multiplier, 0.01 %
        /// more); a plan over budget even at zero gets zero and a reason.
        #[test]
        fn the_answer_fits_and_one_more_step_does_not(
            s in plan(),
            (kind, c, cat) in target(),
            per_month in any::<bool>(),
            budget_permille in 1u64..4_000,
        ) {
            let per = if per_month { BudgetPer::Month } else { BudgetPer::Plan };
            let country = Country::from_code(COUNTRIES[c]).unwrap();
            let target = match kind {
                0 => ScaleTarget::Plan,
                1 => ScaleTarget::Country(s.countries.first().map_or(country, |p| p.country)),
                2 => ScaleTarget::Category(Category::ALL[cat]),
                3 => ScaleTarget::Line(country, Category::ALL[cat]),
                _ => ScaleTarget::Campaign("Promo".into()),
            };
            // A budget around what the plan costs now (and some far below it).
            let now = run(&s);
            let budget = (measured(&now, per) * Decimal::new(budget_permille as i64, 3))
                .round_dp(2)
                .max(Decimal::new(1, 2));
            let request = SolveRequest { target: target.clone(), budget, per };
            let solution = match solve(&s, book(), &request) {
                Ok(x) => x,
                // Nothing to scale (no such campaign, a country without volumes), or a line
                // whose rate is not known on the card: not what this property is about.
                Err(SolveError::Target(_)) => return Ok(()),
                Err(SolveError::Projection(ProjectionError::UnknownRate { .. } | ProjectionError::MissingRate { .. })) => return Ok(()),
                Err(e) => panic!("{e}\n{s:?}"),
            };
            prop_assert_eq!(&solution.scenario, &apply_step(&s, &target, solution.step).unwrap());
            let at = cost_at(&s, &target, solution.step, per).unwrap();
            prop_assert_eq!(at, solution.cost_measured);
            prop_assert_eq!(solution.headroom, budget - at);
            match solution.limit {
                Limit::OverAtZero { .. } => {
                    prop_assert_eq!(solution.step, 0);
                    prop_assert!(at > budget);
                    prop_assert!(solution.reason().unwrap().contains("even with none of"));
                }
                Limit::Budget { binding_month } => {
                    prop_assert!(at <= budget, "{} > {}", at, budget);
                    let next = cost_at(&s, &target, solution.step + 1, per);
                    prop_assert!(next.is_none_or(|n| n > budget), "one more step still fits: {:?}", next);
                    if per == BudgetPer::Month && next.is_some() {
                        let plan = apply_step(&s, &target, solution.step + 1).unwrap();
                        let p = run(&plan);
                        let month = binding_month.unwrap();
                        prop_assert!(p.months.iter().any(|m| m.month == month && m.total > budget));
                    }
                }
                Limit::VolumeCap => prop_assert!(at <= budget),
            }
        }
    }
}

mod comparison {
    use super::*;
    use wacost::domain::compare::{DriverKind, VariantRef, compare};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(60))]

        /// Country drivers and category drivers are two views of one difference: each adds up
        /// to the variant's difference less the change in the flat platform fee (which belongs
        /// to no country or category) and its tax; every month's difference is the months'
        /// totals subtracted.
        #[test]
        fn drivers_add_up_to_the_difference(a in plan(), mut b in plan()) {
            b.currency = a.currency;
            b.start_month = a.start_month;
            b.rate_card = a.rate_card;
            let c = compare(
                &[
                    VariantRef { label: "A", scenario: &a },
                    VariantRef { label: "B", scenario: &b },
                ],
                book(),
            )
            .unwrap();
            let (pa, pb) = (run(&a), run(&b));
            prop_assert_eq!(c.variants[1].difference, Some(pb.total - pa.total));
            let flat = |p: &Projection| -> Decimal {
                p.months.iter().map(|m| m.platform_fee + m.platform_fee_tax).sum()
            };
            let rest = pb.total - pa.total - (flat(&pb) - flat(&pa));
            let by_country: Decimal = c.drivers[1]
                .iter()
                .filter(|d| matches!(d.kind, DriverKind::Country(_)))
                .map(|d| d.amount)
                .sum();
            let by_category: Decimal = c.drivers[1]
                .iter()
                .filter(|d| matches!(d.kind, DriverKind::Category(_)))
                .map(|d| d.amount)
                .sum();
            prop_assert_eq!(by_country, rest);
            prop_assert_eq!(by_category, rest);
            for row in &c.months {
                let ma = pa.months.iter().find(|m| m.month == row.month).map(|m| m.total);
                let mb = pb.months.iter().find(|m| m.month == row.month).map(|m| m.total);
                prop_assert_eq!(c.month_difference(row, 1), ma.zip(mb).map(|(x, y)| y - x));
            }
        }
    }
}

/// The solver's search prices the plan a handful of times on a real plan (secant guesses, each
/// checked with its neighbour), where plain halving over 10^12 messages would take 40 or more.
#[test]
fn the_solver_needs_few_pricings_on_the_example_plan() {
    use wacost::domain::solve::{BudgetPer, SolveRequest, solve_counted};
    let s = wacost::io::scenario_file::parse_scenario(
        "example.json",
        include_str!("../assets/example-scenario.json"),
    )
    .unwrap();
    for (target, per, budget) in [
        ("plan", BudgetPer::Month, 20_000),
        ("country:BR:marketing", BudgetPer::Month, 20_000),
        ("category:utility", BudgetPer::Plan, 150_000),
        ("campaign:Black Friday", BudgetPer::Month, 20_000),
    ] {
        let request = SolveRequest {
            target: target.parse().unwrap(),
            budget: Decimal::from(budget),
            per,
        };
        let (solution, pricings) = solve_counted(&s, book(), &request).unwrap();
        assert!(solution.within_budget(), "{target}");
        assert!(pricings <= 16, "{target}: {pricings} pricings");
    }
}

/// A budget beyond what any line can spend stops at the engine's own limit (10^12 messages on a
/// line in a month, growth included) and says so, rather than naming a month that binds.
#[test]
fn a_budget_beyond_the_engines_limit_says_where_it_stopped() {
    use wacost::domain::solve::{BudgetPer, Limit, SolveRequest, apply_step, solve};
    let s = wacost::io::scenario_file::parse_scenario(
        "example.json",
        include_str!("../assets/example-scenario.json"),
    )
    .unwrap();
    let request = SolveRequest {
        target: "country:BR:marketing".parse().unwrap(),
        budget: Decimal::from_str_exact("99999999999999999999").unwrap(),
        per: BudgetPer::Month,
    };
    let solution = solve(&s, book(), &request).unwrap();
    assert_eq!(solution.limit, Limit::VolumeCap);
    assert!(solution.reason().unwrap().contains("10^12"));
    // The answer prices; one more message is past the limit in some month.
    project(&solution.scenario, book()).unwrap();
    let next = apply_step(&s, &request.target, solution.step + 1).unwrap();
    assert!(matches!(
        project(&next, book()),
        Err(wacost::domain::projection::ProjectionError::VolumeOverflow { .. })
    ));
}

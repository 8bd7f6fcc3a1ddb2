//! What users wait for on every keystroke: projecting a plan.
//! (a) 10 countries × 12 months; (b) every ISO country × 4 categories × 36 months with growth,
//! campaigns, volume tiers and the free tier.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;
use wacost::domain::calendar::Month;
use wacost::domain::category::Category;
use wacost::domain::projection::{project, project_into};
use wacost::domain::scenario::{Campaign, CountryPlan, Scenario};
use wacost::domain::{Country, Currency};
use wacost::io::rates::embedded_book;

fn plan(countries: Vec<Country>, months: u32, start: &str) -> Scenario {
    let mut s = Scenario::new(
        "USD".parse::<Currency>().unwrap(),
        start.parse::<Month>().unwrap(),
    );
    s.months = months;
    s.business.phone_numbers = 2;
    s.business.primary_country = Country::from_code("AE");
    s.business.auth_international_eligible = true;
    s.assumptions.fep_share_pct = Decimal::new(5, 0);
    s.assumptions.csw_utility_share_pct = Decimal::new(20, 0);
    s.growth_pct.marketing = Decimal::new(25, 1);
    s.growth_pct.utility = Decimal::new(1, 0);
    s.growth_pct.authentication = Decimal::new(-5, 1);
    s.growth_pct.service = Decimal::new(15, 1);
    s.provider.per_message_fee = Decimal::new(5, 3);
    s.provider.markup_pct = Decimal::new(10, 0);
    s.provider.monthly_fee = Decimal::new(99, 0);
    s.provider.tax_pct = Decimal::new(18, 0);
    for (i, c) in countries.into_iter().enumerate() {
        let k = i as u64 + 1;
        let mut p = CountryPlan::new(c);
        p.marketing = 40_000 * k + 17;
        p.utility = 90_000 * k + 3; // AE and Rest of Africa reach into their tier ladders
        p.authentication = 7_000 * k + 1;
        p.service = 1_500 * k;
        s.countries.push(p);
        if i % 7 == 0 {
            s.campaigns.push(Campaign {
                name: format!("Campaign {i}"),
                month: s.start_month.plus((i % months as usize) as i64),
                country: c.into(),
                category: Category::Marketing,
                volume: 250_000,
            });
        }
    }
    s
}

/// ISO countries the 2026 cards can price: every one except those whose authentication-
/// international rate is unknown (Iraq, Kuwait, Nepal, Oman, Sri Lanka, Ukraine), which a plan
/// with international authentication must not use.
fn all_countries() -> Vec<Country> {
    Country::all()
        .filter(|c| !["IQ", "KW", "NP", "OM", "LK", "UA"].contains(&c.code()))
        .collect()
}

fn projection(c: &mut Criterion) {
    let book = embedded_book();
    let ten: Vec<Country> = ["IN", "BR", "AE", "KE", "NG", "DE", "US", "MX", "ID", "GB"]
        .iter()
        .map(|c| Country::from_code(c).unwrap())
        .collect();
    let small = plan(ten, 12, "2026-12");
    project(&small, &book).expect("bench plan (a) projects");
    c.bench_function("project 10 countries x 12 months", |b| {
        b.iter(|| project(black_box(&small), black_box(&book)).unwrap())
    });

    // Starts in pmp-2025 and crosses into pmp-2026, so both eras' rules and four cards are used.
    let large = plan(all_countries(), 36, "2026-01");
    let p = project(&large, &book).expect("bench plan (b) projects");
    assert!(p.months.iter().flat_map(|m| &m.lines).any(|l| l.tiered()));
    c.bench_function("project all countries x 4 categories x 36 months", |b| {
        b.iter(|| project(black_box(&large), black_box(&book)).unwrap())
    });
    // The same plan on the cards without any ladder: what pricing band by band costs, since
    // Meta's April 2026 ladders (and their estimates on later cards) cover most markets.
    let mut flat = embedded_book();
    for card in flat.cards().to_vec() {
        let mut bare = card.clone();
        bare.tiers.clear();
        flat.insert(bare);
    }
    c.bench_function(
        "project all countries x 4 categories x 36 months, no ladders",
        |b| b.iter(|| project(black_box(&large), black_box(&flat)).unwrap()),
    );

    // What the window does on each keystroke: re-project into the previous result's memory.
    let mut reused = project(&small, &book).unwrap();
    c.bench_function("reproject 10 countries x 12 months", |b| {
        b.iter(|| project_into(black_box(&small), black_box(&book), &mut reused).unwrap())
    });
    let mut reused = project(&large, &book).unwrap();
    c.bench_function("reproject all countries x 4 categories x 36 months", |b| {
        b.iter(|| project_into(black_box(&large), black_box(&book), &mut reused).unwrap())
    });
}

fn growth_table(c: &mut Criterion) {
    c.bench_function("growth table 36 months", |b| {
        b.iter(|| wacost::domain::arith::Growth::new(black_box(Decimal::new(25, 1)), 36))
    });
}

/// What a budget buys on a 50-country × 36-month plan (issue 13: ≤ 50 ms median): the whole
/// plan scaled in 0.01 % steps under a monthly budget, and one line in whole messages under a
/// budget over the plan. Each solve prices the plan as many times as its search needs.
fn solve(c: &mut Criterion) {
    use wacost::domain::solve::{BudgetPer, ScaleTarget, SolveRequest, solve};
    let book = embedded_book();
    let fifty: Vec<Country> = all_countries().into_iter().take(50).collect();
    let s = plan(fifty, 36, "2026-01");
    let p = project(&s, &book).unwrap();
    let highest = p.months.iter().map(|m| m.total).max().unwrap();
    let monthly = SolveRequest {
        target: ScaleTarget::Plan,
        budget: (highest * Decimal::new(137, 2)).round(),
        per: BudgetPer::Month,
    };
    let line = SolveRequest {
        target: "country:BR:marketing".parse().unwrap(),
        budget: (p.total * Decimal::new(112, 2)).round(),
        per: BudgetPer::Plan,
    };
    for r in [&monthly, &line] {
        let x = solve(&s, &book, r).unwrap();
        assert!(x.within_budget() && x.step > 0, "{x:?}");
    }
    c.bench_function("solve plan per month, 50 countries x 36 months", |b| {
        b.iter(|| solve(black_box(&s), black_box(&book), black_box(&monthly)).unwrap())
    });
    c.bench_function("solve one line per plan, 50 countries x 36 months", |b| {
        b.iter(|| solve(black_box(&s), black_box(&book), black_box(&line)).unwrap())
    });
}

/// The rate book every command and the window load at start (issue 14): the shipped cards,
/// Meta's April 2026 tier file read with the importer, some 50 derived cards in 15 currencies
/// and every estimated ladder; and `rederive` alone, which the window runs after an import.
fn rate_book(c: &mut Criterion) {
    let book = embedded_book();
    assert!(book.cards().len() > 60);
    c.bench_function("load the shipped rate book (every currency, tiers)", |b| {
        b.iter(embedded_book)
    });
    c.bench_function("rederive every currency and ladder", |b| {
        b.iter_batched(
            || book.clone(),
            |mut book| {
                book.rederive();
                book
            },
            criterion::BatchSize::LargeInput,
        )
    });
}

criterion_group!(benches, projection, growth_table, solve, rate_book);
criterion_main!(benches);

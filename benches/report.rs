//! What users wait for when they export: the PDF of a 50-country × 12-month plan (target: at
//! most 150 ms), and for comparison the CSV and the PNG of the same plan. The projection is
//! made once beforehand: reports render it, they never recompute it.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;
use wacost::domain::calendar::{Date, Month};
use wacost::domain::projection::project;
use wacost::domain::scenario::{CountryPlan, Scenario};
use wacost::domain::{Country, Currency};
use wacost::io::rates::embedded_book;
use wacost::io::report::pdf::Paper;
use wacost::io::report::{ReportFormat, ReportInput, ReportOptions, render};

fn plan() -> Scenario {
    let mut s = Scenario::new(
        "USD".parse::<Currency>().unwrap(),
        "2027-01".parse::<Month>().unwrap(),
    );
    s.name = "Fifty markets".into();
    s.months = 12;
    s.business.phone_numbers = 2;
    s.assumptions.fep_share_pct = Decimal::new(5, 0);
    s.growth_pct.marketing = Decimal::new(15, 1);
    s.provider.per_message_fee = Decimal::new(1, 3);
    s.provider.markup_pct = Decimal::new(10, 0);
    s.provider.monthly_fee = Decimal::new(99, 0);
    s.provider.tax_pct = Decimal::new(20, 0);
    s.budget_monthly = Some(Decimal::new(60_000, 0));
    // 50 countries, the shipped card's named markets first, across every category.
    for (i, c) in Country::all()
        .filter(|c| c.code() != "AQ")
        .take(50)
        .enumerate()
    {
        let k = i as u64 + 1;
        let mut p = CountryPlan::new(c);
        p.marketing = 10_000 + 1_000 * k;
        p.utility = 5_000 + 300 * k;
        p.authentication = 2_000 + 50 * k;
        p.service = 1_500 + 20 * k;
        s.countries.push(p);
    }
    s
}

fn reports(c: &mut Criterion) {
    let book = embedded_book();
    let scenario = plan();
    let projection = project(&scenario, &book).expect("the plan projects");
    let input = ReportInput {
        scenario: &scenario,
        projection: &projection,
        book: &book,
        notices: &[],
        generated: Date::new(2026, 11, 24).unwrap(),
        actuals: None,
    };
    let options = ReportOptions {
        paper: Paper::A4,
        delimiter: b',',
    };
    for (format, name) in [
        (ReportFormat::Pdf, "report: PDF, 50 countries x 12 months"),
        (ReportFormat::Csv, "report: CSV, 50 countries x 12 months"),
        (
            ReportFormat::Png,
            "report: PNG chart, 50 countries x 12 months",
        ),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| black_box(render(&input, format, options).expect("renders").len()))
        });
    }
}

criterion_group!(benches, reports);
criterion_main!(benches);

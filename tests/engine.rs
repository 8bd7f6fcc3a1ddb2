//! Every rule of docs/PRICING.md, checked through the library on the shipped rate book or on
//! small cards written for the test. Expected values are worked out by hand in each test.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::str::FromStr;

use rust_decimal::Decimal;
use wacost::domain::category::ChargedCategory;
use wacost::domain::projection::{
    EstimateBasis, Line, MonthProjection, Projection, ProjectionError, Warning, project,
};
use wacost::domain::ratebook::{CardOrigin, RateBook};
use wacost::domain::{Country, Era, Scenario};
use wacost::io::rates::{embedded_book, parse_card};
use wacost::io::scenario_file::parse_scenario;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn scenario(json: &str) -> Scenario {
    parse_scenario("test.json", json).unwrap_or_else(|e| panic!("{e}"))
}

fn run(json: &str) -> Projection {
    project(&scenario(json), &embedded_book()).unwrap_or_else(|e| panic!("{e}"))
}

fn run_err(json: &str) -> ProjectionError {
    project(&scenario(json), &embedded_book()).expect_err("expected an error")
}

fn line<'a>(m: &'a MonthProjection, country: &str, cat: ChargedCategory) -> &'a Line {
    m.lines
        .iter()
        .find(|l| l.country.code() == country && l.category == cat)
        .unwrap_or_else(|| panic!("no {country} {cat} line in {}", m.month))
}

/// A one-month USD plan with the given countries JSON and extra top-level fields.
fn plan(month: &str, countries: &str, extra: &str) -> String {
    format!(
        r#"{{"version": 1, "currency": "USD", "start_month": "{month}", "months": 1,
            "countries": [{countries}] {extra}}}"#
    )
}

// ---- Worked checks -------------------------------------------------------------------------

#[test]
fn worked_check_india_authentication_international_in_inr() {
    let p = run(
        r#"{"version": 1, "currency": "INR", "start_month": "2025-10", "months": 1,
            "business": {"primary_country": "AE", "auth_international_eligible": true},
            "countries": [{"country": "IN", "authentication": 2}]}"#,
    );
    let l = line(
        &p.months[0],
        "IN",
        ChargedCategory::AuthenticationInternational,
    );
    assert_eq!(l.rate(), Some(d("2.3000")));
    assert_eq!(l.meta_cost, d("4.60")); // 2 × ₹2.30
    assert_eq!(p.total, d("4.60"));
}

#[test]
fn worked_check_graduated_tiers_uae_utility_july_2026() {
    let p = run(&plan(
        "2026-07",
        r#"{"country": "AE", "utility": 1200000}"#,
        "",
    ));
    let l = line(&p.months[0], "AE", ChargedCategory::Utility);
    // 100,000 × 0.0157 + 900,000 × 0.0149 + 200,000 × 0.0141
    assert_eq!(l.meta_cost, d("17800.00"));
    assert!(l.tiered());
    assert_eq!(l.list_cost(), d("18840.0000")); // 1,200,000 × 0.0157
    assert_eq!(p.months[0].era, Era::Pmp2025);
}

#[test]
fn worked_check_pmp_2026_free_service_pool() {
    let p = run(&plan(
        "2026-10",
        r#"{"country": "IN", "service": 3000}, {"country": "BR", "service": 1000}"#,
        "",
    ));
    let m = &p.months[0];
    let india = line(m, "IN", ChargedCategory::Service);
    let brazil = line(m, "BR", ChargedCategory::Service);
    assert_eq!((india.free_tier, brazil.free_tier), (750, 250));
    assert_eq!((india.billable_volume, brazil.billable_volume), (2250, 750));
    assert_eq!(india.meta_cost, d("3.15"));
    assert_eq!(brazil.meta_cost, d("5.10"));
    assert_eq!(m.meta_cost, d("8.25"));
    // Savings: the 1,000 free units at list rates, 750 × 0.0014 + 250 × 0.0068.
    assert_eq!(m.savings.free_tier, d("2.75"));
}

// ---- Eras ----------------------------------------------------------------------------------

#[test]
fn service_is_free_in_cbp_2024_and_pmp_2025_and_charged_from_october_2026() {
    let countries = r#"{"country": "IN", "service": 5000}"#;
    for month in ["2024-11", "2025-06", "2025-07", "2026-09"] {
        let p = run(&plan(month, countries, ""));
        let l = line(&p.months[0], "IN", ChargedCategory::Service);
        assert_eq!(l.billable_volume, 0, "{month}");
        assert_eq!(l.free_customer_service, 5000, "{month}");
        assert_eq!(l.meta_cost, Decimal::ZERO, "{month}");
    }
    let p = run(&plan("2026-10", countries, ""));
    let l = line(&p.months[0], "IN", ChargedCategory::Service);
    assert_eq!(p.months[0].era, Era::Pmp2026);
    assert_eq!((l.free_tier, l.billable_volume), (1000, 4000));
    assert_eq!(l.meta_cost, d("5.6000")); // 4,000 × 0.0014
}

#[test]
fn customer_service_window_frees_utility_only_in_pmp_2025() {
    let body = r#"{"country": "BR", "utility": 10000}"#;
    let extra = r#", "assumptions": {"csw_utility_share_pct": "30"}"#;
    // cbp-2024 (June 2025, card 2024-11-01): utility conversations all billable at 0.0080.
    let p = run(&plan("2025-06", body, extra));
    let l = line(&p.months[0], "BR", ChargedCategory::Utility);
    assert_eq!(p.months[0].era, Era::Cbp2024);
    assert_eq!((l.free_customer_service, l.billable_volume), (0, 10000));
    assert_eq!(l.meta_cost, d("80.0000"));
    // pmp-2025 (July 2025): 30 % inside the CSW is free; 7,000 × 0.0068.
    let p = run(&plan("2025-07", body, extra));
    let l = line(&p.months[0], "BR", ChargedCategory::Utility);
    assert_eq!((l.free_customer_service, l.billable_volume), (3000, 7000));
    assert_eq!(l.meta_cost, d("47.6000"));
    assert_eq!(p.months[0].savings.customer_service, d("20.4000"));
    // pmp-2026: utility inside a CSW is charged again.
    let p = run(&plan("2026-10", body, extra));
    let l = line(&p.months[0], "BR", ChargedCategory::Utility);
    assert_eq!((l.free_customer_service, l.billable_volume), (0, 10000));
}

#[test]
fn months_before_june_2023_are_out_of_scope() {
    let err = run_err(&plan(
        "2023-05",
        r#"{"country": "IN", "marketing": 1}"#,
        r#", "rate_card": "2024-11-01""#,
    ));
    assert!(
        matches!(err, ProjectionError::MonthOutOfScope { .. }),
        "{err}"
    );
}

/// A card written for the test, in the shipped file format.
fn test_book(cards: &[&str]) -> RateBook {
    let mut book = embedded_book();
    for (i, text) in cards.iter().enumerate() {
        book.insert(parse_card(&format!("test{i}.toml"), text, CardOrigin::Shipped).unwrap());
    }
    book
}

#[test]
fn cbp_2023_pools_1000_free_service_conversations_per_waba() {
    let book = test_book(&[r#"
        currency = "GBP"
        effective = "2024-01-01"
        [rates]
        "India" = { marketing = "0.01", utility = "0.004", authentication = "0.003", service = "0.002" }
        "Brazil" = { marketing = "0.05", utility = "0.008", authentication = "0.03", service = "0.02" }
        "#]);
    let s = scenario(
        r#"{"version": 1, "currency": "GBP", "start_month": "2024-02", "months": 1,
            "business": {"wabas": 2, "phone_numbers": 5},
            "countries": [{"country": "IN", "service": 1500}, {"country": "BR", "service": 1500}]}"#,
    );
    let p = project(&s, &book).unwrap();
    let m = &p.months[0];
    assert_eq!(m.era, Era::Cbp2023);
    // 2 WABAs -> 2,000 free, split 1,000 / 1,000 (equal remainders).
    let (i, b) = (
        line(m, "IN", ChargedCategory::Service),
        line(m, "BR", ChargedCategory::Service),
    );
    assert_eq!((i.free_tier, b.free_tier), (1000, 1000));
    assert_eq!(m.meta_cost, d("0.002") * d("500") + d("0.02") * d("500"));
}

// ---- Pool allocation ------------------------------------------------------------------------

#[test]
fn free_pool_ties_go_to_the_lower_iso_code_and_scale_with_phone_numbers() {
    // 3 countries × 1 remaining unit each, pool 1,000 > total: everything free.
    let p = run(&plan(
        "2026-11",
        r#"{"country": "IN", "service": 1}, {"country": "BR", "service": 1}, {"country": "DE", "service": 1}"#,
        "",
    ));
    assert_eq!(p.months[0].meta_cost, Decimal::ZERO);
    // 1,000 free over three equal volumes of 1,000: 334 / 333 / 333, the extra unit to BR (lowest code).
    let p = run(&plan(
        "2026-11",
        r#"{"country": "IN", "service": 1000}, {"country": "BR", "service": 1000}, {"country": "DE", "service": 1000}"#,
        "",
    ));
    let m = &p.months[0];
    assert_eq!(line(m, "BR", ChargedCategory::Service).free_tier, 334);
    assert_eq!(line(m, "DE", ChargedCategory::Service).free_tier, 333);
    assert_eq!(line(m, "IN", ChargedCategory::Service).free_tier, 333);
    // Two phone numbers: 2,000 free.
    let p = run(&plan(
        "2026-11",
        r#"{"country": "IN", "service": 3000}"#,
        r#", "business": {"phone_numbers": 2}"#,
    ));
    let l = line(&p.months[0], "IN", ChargedCategory::Service);
    assert_eq!((l.free_tier, l.billable_volume), (2000, 1000));
}

// ---- FEP, authentication-international ------------------------------------------------------

#[test]
fn fep_share_is_free_in_every_category_and_rounds_half_even() {
    let p = run(&plan(
        "2026-11",
        r#"{"country": "IN", "marketing": 25, "utility": 35, "authentication": 10, "service": 10}"#,
        r#", "assumptions": {"fep_share_pct": "10"}"#,
    ));
    let m = &p.months[0];
    let mk = line(m, "IN", ChargedCategory::Marketing);
    assert_eq!((mk.free_entry_point, mk.billable_volume), (2, 23)); // 2.5 -> 2
    let ut = line(m, "IN", ChargedCategory::Utility);
    assert_eq!((ut.free_entry_point, ut.billable_volume), (4, 31)); // 3.5 -> 4
    assert_eq!(mk.meta_cost, d("0.0118") * d("23"));
    assert_eq!(mk.free_savings(), d("0.0118") * d("2"));
    let sv = line(m, "IN", ChargedCategory::Service);
    assert_eq!(
        (sv.free_entry_point, sv.free_tier, sv.billable_volume),
        (1, 9, 0)
    );
}

#[test]
fn authentication_international_needs_eligibility_a_primary_country_and_a_rate() {
    let countries = r#"{"country": "IN", "authentication": 100}, {"country": "AE", "authentication": 100},
                       {"country": "BR", "authentication": 100}"#;
    let eligible =
        r#", "business": {"primary_country": "AE", "auth_international_eligible": true}"#;
    let p = run(&plan("2026-11", countries, eligible));
    let m = &p.months[0];
    // India has an authentication-international rate and differs from the primary country.
    let l = line(m, "IN", ChargedCategory::AuthenticationInternational);
    assert_eq!(l.meta_cost, d("3.0400")); // 100 × 0.0304
    // The primary country itself pays domestic authentication.
    line(m, "AE", ChargedCategory::Authentication);
    // Brazil has no authentication-international rate: domestic.
    line(m, "BR", ChargedCategory::Authentication);
    assert!(
        !m.lines.iter().any(|l| l.country.code() != "IN"
            && l.category == ChargedCategory::AuthenticationInternational)
    );

    // Not eligible, or no primary country: domestic everywhere.
    for extra in [
        r#", "business": {"primary_country": "AE", "auth_international_eligible": false}"#,
        r#", "business": {"auth_international_eligible": true}"#,
    ] {
        let p = run(&plan("2026-11", countries, extra));
        assert!(
            p.months[0]
                .lines
                .iter()
                .all(|l| l.category == ChargedCategory::Authentication)
        );
    }
}

#[test]
fn a_strict_book_refuses_a_needed_rate_whose_value_is_unknown_naming_card_market_and_category() {
    let mut book = embedded_book();
    book.set_strict(true);
    let err = project(
        &scenario(&plan(
            "2026-11",
            r#"{"country": "IQ", "authentication": 100}"#,
            r#", "business": {"primary_country": "AE", "auth_international_eligible": true}"#,
        )),
        &book,
    )
    .expect_err("a strict book refuses");
    assert!(matches!(err, ProjectionError::UnknownRate { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("USD 2026-10-01"), "{text}");
    assert!(text.contains("Iraq"), "{text}");
    assert!(text.contains("authentication_international"), "{text}");
}

#[test]
fn an_empty_cell_that_is_needed_is_an_error() {
    let book = test_book(&[r#"
        currency = "CHF"
        effective = "2026-01-01"
        [rates]
        "India" = { utility = "0.004", authentication = "0.003" }
        "#]);
    let s = scenario(
        r#"{"version": 1, "currency": "CHF", "start_month": "2026-02", "months": 1,
            "countries": [{"country": "IN", "marketing": 10}]}"#,
    );
    let err = project(&s, &book).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the CHF 2026-01-01 card has no marketing rate for India, needed for IN (India) in 2026-02"
    );
    // A market the card does not price at all.
    let s = scenario(
        r#"{"version": 1, "currency": "CHF", "start_month": "2026-02", "months": 1,
            "countries": [{"country": "BR", "utility": 10}]}"#,
    );
    let err = project(&s, &book).unwrap_err();
    assert!(
        matches!(err, ProjectionError::MarketNotOnCard { .. }),
        "{err}"
    );
}

// ---- Cards, pinning, markets -----------------------------------------------------------------

#[test]
fn each_month_uses_the_latest_card_on_or_before_its_first_day() {
    let p = run(
        r#"{"version": 1, "currency": "USD", "start_month": "2025-12", "months": 11,
            "countries": [{"country": "IN", "marketing": 1000}]}"#,
    );
    let cards: Vec<String> = p
        .months
        .iter()
        .map(|m| m.card.effective.to_string())
        .collect();
    assert_eq!(cards[0], "2025-10-01");
    assert_eq!(cards[1], "2026-01-01");
    assert_eq!(cards[4], "2026-04-01");
    assert_eq!(cards[7], "2026-07-01");
    assert_eq!(cards[10], "2026-10-01");
    assert_eq!(
        line(&p.months[0], "IN", ChargedCategory::Marketing).meta_cost,
        d("10.7000")
    );
    assert_eq!(
        line(&p.months[1], "IN", ChargedCategory::Marketing).meta_cost,
        d("11.8000")
    );
    assert!(
        !p.warnings
            .iter()
            .any(|w| matches!(w, Warning::RatesAssumedUnchanged { .. }))
    );
}

#[test]
fn months_after_the_newest_card_are_assumed_unchanged_and_say_so() {
    let p = run(&plan("2027-03", r#"{"country": "IN", "marketing": 1}"#, ""));
    assert!(p.months[0].assumed_unchanged);
    assert!(
        p.warnings[0]
            .to_string()
            .starts_with("rates after 2026-10-01 assumed unchanged")
    );
    let p = run(&plan("2026-10", r#"{"country": "IN", "marketing": 1}"#, ""));
    assert!(!p.months[0].assumed_unchanged);
}

#[test]
fn a_pinned_card_prices_every_month_and_its_date_decides_markets() {
    // Kazakhstan is its own market from 2026-10-01; on the pinned July card it is still Other.
    let p = run(&plan(
        "2026-12",
        r#"{"country": "KZ", "marketing": 1000}"#,
        r#", "rate_card": "2026-07-01""#,
    ));
    let l = line(&p.months[0], "KZ", ChargedCategory::Marketing);
    assert_eq!(p.months[0].card.effective.to_string(), "2026-07-01");
    assert_eq!(&*l.market, "Other");
    assert_eq!(l.meta_cost, d("60.4000")); // Other marketing 0.0604
    // The July card has no service rates: pmp-2026 service at the utility rate, and it says so.
    let p = run(&plan(
        "2026-12",
        r#"{"country": "IN", "service": 2000}"#,
        r#", "rate_card": "2026-07-01""#,
    ));
    let l = line(&p.months[0], "IN", ChargedCategory::Service);
    assert_eq!(l.rate(), Some(d("0.0014")));
    assert_eq!(l.meta_cost, d("1.4000")); // (2,000 - 1,000 free) × utility 0.0014
    assert!(
        p.warnings
            .iter()
            .any(|w| matches!(w, Warning::ServiceAtUtilityRate { .. }))
    );
}

#[test]
fn market_changes_follow_the_cards_date() {
    let cases = [
        // (country, month, market)
        ("ZW", "2025-09", "Other"),
        ("ZW", "2025-10", "Rest of Africa"),
        ("PL", "2026-06", "Rest of Central & Eastern Europe"),
        ("PL", "2026-07", "Poland"),
        ("KZ", "2026-09", "Other"),
        ("KZ", "2026-10", "Kazakhstan"),
        ("US", "2026-10", "North America"),
        ("DO", "2026-10", "Rest of Latin America"),
        ("JM", "2026-10", "Rest of Latin America"),
        ("PR", "2026-10", "Rest of Latin America"),
        ("TT", "2026-10", "North America"),
        ("AQ", "2026-10", "Other"),
    ];
    for (country, month, market) in cases {
        let p = run(&plan(
            month,
            &format!(r#"{{"country": "{country}", "marketing": 10}}"#),
            "",
        ));
        assert_eq!(&*p.months[0].lines[0].market, market, "{country} {month}");
    }
}

#[test]
fn phone_numbers_price_in_the_right_market() {
    let book = embedded_book();
    let on: wacost::domain::Date = "2026-10-01".parse().unwrap();
    let market = |number: &str| {
        let c = Country::from_phone_number(number).unwrap();
        book.markets().market_for(c, on).to_string()
    };
    assert_eq!(market("+1 809 555 0100"), "Rest of Latin America");
    assert_eq!(market("+1 876 555 0100"), "Rest of Latin America");
    assert_eq!(market("+1 212 555 0100"), "North America");
    assert_eq!(market("+1 416 555 0100"), "North America");
    assert_eq!(market("+7 701 555 0100"), "Kazakhstan");
    assert_eq!(market("+7 916 555 0100"), "Russia");
}

// ---- Tiers -----------------------------------------------------------------------------------

#[test]
fn tiered_cost_is_split_back_to_countries_exactly_by_billable_volume() {
    // Rest of Africa utility has a ladder on the 2026-10-01 card: 0.0040 to 100,000, then 0.0038.
    let p = run(&plan(
        "2026-10",
        r#"{"country": "KE", "utility": 100000}, {"country": "GH", "utility": 50000}, {"country": "TZ", "utility": 50000}"#,
        "",
    ));
    let m = &p.months[0];
    // Market: 200,000 units = 100,000 × 0.0040 + 100,000 × 0.0038 = 780.
    let total: Decimal = m.lines.iter().map(|l| l.meta_cost).sum();
    assert_eq!(total, d("780"));
    assert_eq!(
        line(m, "KE", ChargedCategory::Utility).meta_cost,
        d("390.0000")
    );
    assert_eq!(
        line(m, "GH", ChargedCategory::Utility).meta_cost,
        d("195.0000")
    );
    assert_eq!(
        line(m, "TZ", ChargedCategory::Utility).meta_cost,
        d("195.0000")
    );
    assert!(m.lines.iter().all(|l| l.tiered()));
    // A three-way split that does not divide evenly still adds up to the market cost.
    let p = run(&plan(
        "2026-10",
        r#"{"country": "KE", "utility": 100001}, {"country": "GH", "utility": 100001}, {"country": "TZ", "utility": 100001}"#,
        "",
    ));
    let market_cost = d("100000") * d("0.0040") + d("200003") * d("0.0038");
    assert_eq!(p.months[0].meta_cost, market_cost);
}

#[test]
fn a_market_without_tier_data_pays_list_rate_and_is_flagged() {
    // Bangladesh became a market of its own on 2026-10-01; no ladder of it is known (the
    // April 2026 tier file predates it), so nothing can be carried forward.
    let p = run(&plan(
        "2026-10",
        r#"{"country": "BD", "utility": 5000000}"#,
        "",
    ));
    let l = line(&p.months[0], "BD", ChargedCategory::Utility);
    assert!(!l.tiered());
    assert_eq!(l.meta_cost, d("18500.0000")); // 5,000,000 × 0.0037
    assert!(p.warnings.iter().any(|w| w.to_string()
        == "no tier data for Bangladesh utility on the USD 2026-10-01 card: list rate (upper bound)"));
}

#[test]
fn tiers_do_not_apply_in_conversation_eras() {
    let book = test_book(&[r#"
        currency = "SEK"
        effective = "2024-11-01"
        [rates]
        "Rest of Africa" = { marketing = "0.02", utility = "0.004", authentication = "0.01" }
        [[tiers]]
        market = "Rest of Africa"
        category = "utility"
        bands = [ { from = 0, to = 10, rate = "0.004" }, { from = 11, rate = "0.001" } ]
        "#]);
    let s = scenario(
        r#"{"version": 1, "currency": "SEK", "start_month": "2025-06", "months": 2,
            "countries": [{"country": "KE", "utility": 1000}]}"#,
    );
    let p = project(&s, &book).unwrap();
    assert_eq!(p.months[0].meta_cost, d("4.000")); // cbp-2024: list rate
    assert_eq!(p.months[1].meta_cost, d("0.040") + d("0.990")); // pmp-2025: 10 × 0.004 + 990 × 0.001
}

// ---- Growth, campaigns, provider, tax ---------------------------------------------------------

#[test]
fn growth_compounds_monthly_with_half_even_rounding_and_campaigns_do_not_grow() {
    let p = run(
        r#"{"version": 1, "currency": "USD", "start_month": "2026-10", "months": 3,
            "growth_pct": {"marketing": "1"},
            "countries": [{"country": "IN", "marketing": 150}],
            "campaigns": [{"name": "Launch", "month": "2026-11", "country": "BR", "category": "marketing", "volume": 1000},
                          {"name": "Old", "month": "2026-01", "country": "IN", "category": "marketing", "volume": 5}]}"#,
    );
    let vols: Vec<u64> = p
        .months
        .iter()
        .map(|m| line(m, "IN", ChargedCategory::Marketing).volume)
        .collect();
    // 150, 151.5 -> 152 (even), 153.015 -> 153
    assert_eq!(vols, vec![150, 152, 153]);
    assert_eq!(
        line(&p.months[1], "BR", ChargedCategory::Marketing).volume,
        1000
    );
    assert!(!p.months[2].lines.iter().any(|l| l.country.code() == "BR"));
    assert!(
        p.warnings
            .iter()
            .any(|w| matches!(w, Warning::CampaignOutsideHorizon { name, .. } if name == "Old"))
    );
}

#[test]
fn provider_fees_markup_and_tax() {
    let p = run(&plan(
        "2026-10",
        r#"{"country": "IN", "marketing": 1000, "service": 500}"#,
        r#", "provider": {"per_message_fee": "0.001", "markup_pct": "10", "monthly_fee": "50", "tax_pct": "18"}"#,
    ));
    let m = &p.months[0];
    let meta = d("11.8000"); // 1,000 × 0.0118; the 500 service are inside the free tier
    assert_eq!(m.meta_cost, meta);
    // fee on every delivered message, free ones included; markup on Meta cost; flat fee.
    let provider = d("0.001") * d("1500") + meta * d("0.10") + d("50");
    assert_eq!(m.provider_cost, provider);
    assert_eq!(m.tax, (meta + provider) * d("0.18"));
    assert_eq!(m.total, meta + provider + (meta + provider) * d("0.18"));
}

#[test]
fn budget_status_per_month() {
    let p = run(&plan(
        "2026-10",
        r#"{"country": "IN", "marketing": 1000}"#,
        r#", "budget_monthly": "11.79""#,
    ));
    assert_eq!(p.months[0].over_budget, Some(true));
    let p = run(&plan(
        "2026-10",
        r#"{"country": "IN", "marketing": 1000}"#,
        r#", "budget_monthly": 11.80"#,
    ));
    assert_eq!(p.months[0].over_budget, Some(false));
}

#[test]
fn the_months_over_budget_are_named_with_the_amount_over() {
    // India marketing on the USD 2026-10-01 card is 0.0118: 1,000 a month is 11.80, and the
    // campaign doubles November to 23.60, 3.60 over a budget of 20.
    let p = run(
        r#"{"version": 1, "currency": "USD", "start_month": "2026-10", "months": 2,
            "budget_monthly": "20",
            "countries": [{"country": "IN", "marketing": 1000}],
            "campaigns": [{"name": "Push", "month": "2026-11", "country": "IN",
                           "category": "marketing", "volume": 1000}]}"#,
    );
    let over = p.months_over_budget();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].month.to_string(), "2026-11");
    assert_eq!(over[0].total, d("23.60"));
    assert_eq!(over[0].over_by, d("3.60"));
    let no_budget = run(&plan(
        "2026-10",
        r#"{"country": "IN", "marketing": 1000}"#,
        "",
    ));
    assert!(no_budget.months_over_budget().is_empty());
}

#[test]
fn a_new_budget_starts_at_the_average_month_rounded_up() {
    use wacost::domain::projection::suggested_budget;
    // 1,000 India marketing at 0.0118 = 11.80 a month: two significant digits up is 12.
    let p = run(&plan(
        "2026-10",
        r#"{"country": "IN", "marketing": 1000}"#,
        "",
    ));
    assert_eq!(suggested_budget(&p), d("12"));
    // 2,142,000 messages = 25,275.60 a month: 26,000.
    let p = run(&plan(
        "2026-10",
        r#"{"country": "IN", "marketing": 2142000}"#,
        "",
    ));
    assert_eq!(p.total, d("25275.60"));
    assert_eq!(suggested_budget(&p), d("26000"));
    // Nothing planned: a round 1,000 to start from.
    let p = run(&plan("2026-10", r#"{"country": "IN"}"#, ""));
    assert_eq!(suggested_budget(&p), d("1000"));
}

#[test]
fn volume_beyond_ten_to_the_twelve_after_growth_is_an_error() {
    let err = run_err(
        r#"{"version": 1, "currency": "USD", "start_month": "2026-10", "months": 36,
            "growth_pct": {"marketing": "100"},
            "countries": [{"country": "IN", "marketing": 1000000}]}"#,
    );
    assert!(
        matches!(err, ProjectionError::VolumeOverflow { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("10^12"));
}

#[test]
fn estimated_and_reconstructed_rates_are_flagged() {
    let p = run(&plan("2025-08", r#"{"country": "US", "utility": 10}"#, ""));
    let texts: Vec<String> = p.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("the USD 2025-07-01 card is inferred")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("North America utility on the USD 2025-07-01 card is inferred")),
        "{texts:?}"
    );
    let p = run(&plan(
        "2026-11",
        r#"{"country": "EG", "authentication": 10}"#,
        r#", "business": {"primary_country": "AE", "auth_international_eligible": true}"#,
    ));
    assert!(
        p.warnings
            .iter()
            .any(|w| matches!(w, Warning::EstimatedRate { status, .. }
        if status.name() == "carried"))
    );
}

#[test]
fn rate_book_errors() {
    let e =
        run_err(r#"{"version": 1, "currency": "XYZ", "start_month": "2026-10", "countries": []}"#);
    assert_eq!(
        e.to_string(),
        "no rate cards in XYZ; available currencies: AED, BRL, CLP, EUR, GBP, IDR, INR, MXN, SAR, USD"
    );
    let e =
        run_err(r#"{"version": 1, "currency": "EUR", "start_month": "2025-06", "countries": []}"#);
    // EUR cards are derived from every USD card since per-message pricing (2025-07-01).
    assert_eq!(
        e.to_string(),
        "2025-06 is before the first EUR rate card (2025-07-01): no rates are known for it"
    );
    let e = run_err(
        r#"{"version": 1, "currency": "USD", "start_month": "2026-10", "rate_card": "2026-02-01"}"#,
    );
    assert!(
        e.to_string().starts_with(
            "no USD rate card effective 2026-02-01; USD cards: 2024-11-01, 2025-07-01"
        ),
        "{e}"
    );
}

#[test]
fn zero_volume_costs_only_the_platform_fee() {
    let p = run(
        r#"{"version": 1, "currency": "USD", "start_month": "2026-10", "months": 3,
            "countries": [{"country": "IN"}], "provider": {"monthly_fee": "25", "tax_pct": "10"}}"#,
    );
    assert_eq!(p.meta_cost, Decimal::ZERO);
    assert_eq!(p.provider_cost, d("75"));
    assert_eq!(p.total, d("82.5"));
    assert!(p.months.iter().all(|m| m.lines.is_empty()));
}

#[test]
fn largest_remainder_can_move_a_free_unit_against_the_growth_and_this_is_the_documented_rule() {
    // PRICING.md fixes the pool split as largest remainder (Hamilton). Like every quota method it
    // is not population-monotone: with 2 free units, volumes DE 1 / IN 0 / NG 4 split 0 / 0 / 2,
    // and after India grows by one, DE 1 / IN 1 / NG 4 split 1 / 0 / 1. Germany gains a free unit
    // although only India grew. The cost effect is bounded by one unit per country; this test
    // pins the documented rule so a change to it is deliberate.
    use wacost::domain::arith::largest_remainder;
    assert_eq!(largest_remainder(2, &[1, 0, 4]), vec![0, 0, 2]);
    assert_eq!(largest_remainder(2, &[1, 1, 4]), vec![1, 0, 1]);
}

#[test]
fn estimate_and_tier_warnings_are_given_once_per_card_market_and_category() {
    // Every country the 2026-10-01 card can price for international authentication.
    let countries: Vec<String> = Country::all()
        .filter(|c| !["IQ", "KW", "NP", "OM", "LK", "UA"].contains(&c.code()))
        .map(|c| {
            format!(
                r#"{{"country": "{}", "authentication": 10, "utility": 10}}"#,
                c.code()
            )
        })
        .collect();
    let p = run(&format!(
        r#"{{"version": 1, "currency": "USD", "start_month": "2026-11", "months": 2,
            "business": {{"primary_country": "AE", "auth_international_eligible": true}},
            "countries": [{}]}}"#,
        countries.join(",")
    ));
    let estimated: Vec<String> = p
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::EstimatedRate {
                market, category, ..
            } => Some(format!("{market} {category}")),
            _ => None,
        })
        .collect();
    // Authentication-international rates not quoted in USD (rates/PROVENANCE.md): four
    // carried, Bangladesh computed from AED, Indonesia derived from Meta's IDR row. India's is
    // quoted since December 2026.
    let mut expected = vec![
        "Bangladesh",
        "Egypt",
        "Indonesia",
        "Malaysia",
        "Pakistan",
        "Saudi Arabia",
    ]
    .into_iter()
    .map(|m| format!("{m} authentication_international"))
    .collect::<Vec<_>>();
    let mut got = estimated.clone();
    got.sort();
    expected.sort();
    // The UAE is the primary country, so its own authentication is domestic.
    assert_eq!(got, expected);
    let tier: Vec<String> = p
        .warnings
        .iter()
        .filter(|w| matches!(w, Warning::NoTierData { .. }))
        .map(|w| w.to_string())
        .collect();
    let unique: std::collections::BTreeSet<&String> = tier.iter().collect();
    assert_eq!(unique.len(), tier.len(), "no duplicate tier warnings");
    // Rest of Africa utility has a ladder, and India's is carried forward from Meta's April
    // 2026 tier file; a market new on 2026-10-01 has none.
    assert!(!tier.iter().any(|t| t.contains("Rest of Africa utility")));
    assert!(!tier.iter().any(|t| t.contains("India utility")));
    assert!(
        tier.iter().any(|t| t.contains("Bangladesh utility")),
        "{tier:?}"
    );
}

#[test]
fn an_amount_that_cannot_be_exact_is_an_error_not_a_rounding() {
    // 12-decimal rates with 10-decimal markup and tax need 36 decimal places; a decimal holds 28.
    let book = test_book(&[r#"
        currency = "NOK"
        effective = "2026-01-01"
        [rates]
        "India" = { marketing = "0.012345678901" }
        "#]);
    let s = scenario(
        r#"{"version": 1, "currency": "NOK", "start_month": "2026-02", "months": 1,
            "countries": [{"country": "IN", "marketing": 7}],
            "provider": {"markup_pct": "1.0000000001", "tax_pct": "1.0000000001"}}"#,
    );
    let err = project(&s, &book).unwrap_err();
    assert!(
        matches!(err, ProjectionError::AmountOverflow { .. }),
        "{err}"
    );
    // The same plan with whole percentages is exact.
    let s = scenario(
        r#"{"version": 1, "currency": "NOK", "start_month": "2026-02", "months": 1,
            "countries": [{"country": "IN", "marketing": 7}],
            "provider": {"markup_pct": "1", "tax_pct": "1"}}"#,
    );
    let p = project(&s, &book).unwrap();
    let meta = d("0.012345678901") * d("7");
    let provider = meta * d("0.01");
    assert_eq!(p.total, (meta + provider) * d("1.01"));
}

#[test]
fn a_campaign_for_all_selected_countries_splits_by_base_volume() {
    let p = run(
        r#"{"version": 1, "currency": "USD", "start_month": "2026-11", "months": 1,
            "countries": [{"country": "IN", "marketing": 300}, {"country": "BR", "marketing": 100},
                          {"country": "DE"}],
            "campaigns": [{"name": "Launch", "month": "2026-11", "country": "all",
                           "category": "marketing", "volume": 1000},
                          {"name": "Notice", "month": "2026-11", "country": "ALL",
                           "category": "utility", "volume": 10}]}"#,
    );
    let m = &p.months[0];
    // Marketing by base volume 300 : 100 : 0.
    assert_eq!(line(m, "IN", ChargedCategory::Marketing).volume, 300 + 750);
    assert_eq!(line(m, "BR", ChargedCategory::Marketing).volume, 100 + 250);
    assert!(
        !m.lines
            .iter()
            .any(|l| l.country.code() == "DE" && l.category == ChargedCategory::Marketing)
    );
    // No utility anywhere: equal parts, the extra unit to the lowest ISO code (BR, DE, IN).
    assert_eq!(line(m, "BR", ChargedCategory::Utility).volume, 4);
    assert_eq!(line(m, "DE", ChargedCategory::Utility).volume, 3);
    assert_eq!(line(m, "IN", ChargedCategory::Utility).volume, 3);

    let p = run(
        r#"{"version": 1, "currency": "USD", "start_month": "2026-11", "months": 1,
            "campaigns": [{"name": "Nobody", "month": "2026-11", "country": "all",
                           "category": "marketing", "volume": 1000}]}"#,
    );
    assert_eq!(p.total, Decimal::ZERO);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.to_string().contains("plan has none"))
    );
}

#[test]
fn country_totals_add_up_to_the_plan_less_the_monthly_fee() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/provider_fees.json"
    ))
    .unwrap();
    let s = parse_scenario("provider_fees.json", &text).unwrap();
    let p = wacost::domain::project(&s, &embedded_book()).unwrap();
    let rows = wacost::domain::projection::country_totals(&p);
    assert!(!rows.is_empty());
    let fee: Decimal = p
        .months
        .iter()
        .map(|m| m.platform_fee + m.platform_fee_tax)
        .sum();
    let sum = |f: fn(&wacost::domain::projection::CountryTotal) -> Decimal| -> Decimal {
        rows.iter().map(f).sum()
    };
    assert_eq!(sum(|r| r.total) + fee, p.total);
    assert_eq!(sum(|r| r.meta_cost), p.meta_cost);
    assert_eq!(
        sum(|r| r.tax) + p.months.iter().map(|m| m.platform_fee_tax).sum::<Decimal>(),
        p.tax
    );
    assert_eq!(rows.iter().map(|r| r.volume).sum::<u64>(), p.volume);
    for r in &rows {
        assert_eq!(r.meta_by_category.iter().sum::<Decimal>(), r.meta_cost);
        assert_eq!(r.meta_cost + r.provider_cost + r.tax, r.total);
    }
    assert!(
        rows.windows(2).all(|w| w[0].total >= w[1].total),
        "dearest first"
    );
}

#[test]
fn the_chart_layers_stack_to_each_months_total_with_the_free_allowance_on_top() {
    use wacost::domain::projection::{ChartLayer, chart_layers};
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/example-scenario.json"
    ))
    .unwrap();
    let s = parse_scenario("example-scenario.json", &text).unwrap();
    let p = wacost::domain::project(&s, &embedded_book()).unwrap();
    let layers = chart_layers(&p);
    assert!(layers.iter().all(|(_, v)| v.iter().any(|x| !x.is_zero())));
    for (i, m) in p.months.iter().enumerate() {
        let paid: Decimal = layers
            .iter()
            .filter(|(l, _)| *l != ChartLayer::FreeAllowance)
            .map(|(_, v)| v[i])
            .sum();
        assert_eq!(paid, m.total, "{}", m.month);
        let free = layers
            .iter()
            .find(|(l, _)| *l == ChartLayer::FreeAllowance)
            .map_or(Decimal::ZERO, |(_, v)| v[i]);
        assert_eq!(free, m.free_savings);
        assert_eq!(m.meta_by_category().iter().sum::<Decimal>(), m.meta_cost);
    }
    assert!(!p.free_savings.is_zero(), "the fixture has free units");
    assert_eq!(
        layers.last().map(|(l, _)| *l),
        Some(ChartLayer::FreeAllowance)
    );
}

#[test]
fn the_example_plans_raise_no_warning_of_their_own() {
    // A first look at wacost must not greet the user with a problem in the example itself:
    // only what comes from the rate book (assumed rates, unknown volume discounts) may show.
    for path in [
        "assets/example-scenario.json",
        "assets/examples/autumn-2026.json",
        "assets/examples/fifty-markets.json",
        "assets/examples/october-2026-change.json",
        "assets/examples/carnival-variants.json",
    ] {
        let set = wacost::io::scenario_file::read_plan(std::path::Path::new(path)).unwrap();
        for variant in &set.variants {
            let p = project(variant, &embedded_book()).unwrap();
            let own: Vec<&Warning> = p
                .warnings
                .iter()
                .filter(|w| {
                    matches!(
                        w,
                        Warning::CampaignOutsideHorizon { .. }
                            | Warning::CampaignWithoutCountries { .. }
                    )
                })
                .collect();
            assert!(own.is_empty(), "{path}: {own:?}");
        }
    }
}

#[test]
fn volumes_per_day_or_week_follow_each_months_days() {
    // 10,000 marketing messages a day to Germany from January 2027, with 2 % monthly growth:
    // January 310,000 (31 days), February 280,000 × 1.02 = 285,600, March 310,000 × 1.0404 =
    // 322,524. 7,000 a week to France: January 7,000 × 31 ÷ 7 = 31,000; February 28,000;
    // 12,345 a week in March: 12,345 × 31 ÷ 7 = 54,670.71… → 54,671.
    let p = run(
        r#"{"version": 1, "currency": "USD", "start_month": "2027-01", "months": 3,
        "growth_pct": {"marketing": 2},
        "countries": [{"country": "DE", "unit": "day", "marketing": 10000},
           {"country": "FR", "unit": "week", "marketing": 7000},
           {"country": "IT", "unit": "week", "utility": 12345}]}"#,
    );
    let volume = |m: usize, c: &str, cat| line(&p.months[m], c, cat).volume;
    assert_eq!(volume(0, "DE", ChargedCategory::Marketing), 310_000);
    assert_eq!(volume(1, "DE", ChargedCategory::Marketing), 285_600);
    assert_eq!(volume(2, "DE", ChargedCategory::Marketing), 322_524);
    assert_eq!(volume(0, "FR", ChargedCategory::Marketing), 31_000);
    assert_eq!(volume(1, "FR", ChargedCategory::Marketing), 28_560);
    assert_eq!(volume(2, "IT", ChargedCategory::Utility), 54_671);
    // February 2028 has 29 days; the unit is written back as read, and "month" is not written.
    let s = scenario(&plan(
        "2028-02",
        r#"{"country": "DE", "unit": "day", "marketing": 100}"#,
        "",
    ));
    assert_eq!(
        s.countries[0].monthly_volumes("2028-02".parse().unwrap())[0],
        2_900
    );
    let json = wacost::io::scenario_file::to_json(&s);
    assert!(json.contains("\"unit\": \"day\""), "{json}");
    let s = scenario(&plan(
        "2028-02",
        r#"{"country": "DE", "marketing": 100}"#,
        "",
    ));
    assert!(!wacost::io::scenario_file::to_json(&s).contains("\"unit\""));
}

// ---- Rules of late 2026 (issue 14) ------------------------------------------------------------

/// The months and countries of the one `UnknownRateEstimated` warning for `market` and
/// `category`, with its rate and basis.
fn estimate_warning(
    p: &Projection,
    market: &str,
    category: ChargedCategory,
) -> (Decimal, EstimateBasis, Vec<String>, Vec<String>) {
    let found: Vec<_> = p
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::UnknownRateEstimated {
                market: m,
                category: c,
                rate,
                basis,
                countries,
                months,
                ..
            } if m.as_str() == market && *c == category => Some((
                *rate,
                *basis,
                countries.iter().map(|c| c.code().to_string()).collect(),
                months.iter().map(|m| m.to_string()).collect(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{:?}", p.warnings);
    found.into_iter().next().unwrap()
}

#[test]
fn an_unknown_international_authentication_rate_is_priced_at_the_markets_authentication_rate() {
    // USD 2026-10-01: Iraq authentication_international = "unknown", authentication = 0.0079;
    // no other USD card has Iraq. Three months, 100 codes a month to Iraq from the UAE.
    let p = run(
        r#"{"version": 1, "currency": "USD", "start_month": "2026-10", "months": 3,
            "business": {"primary_country": "AE", "auth_international_eligible": true},
            "countries": [{"country": "IQ", "authentication": 100}]}"#,
    );
    for m in &p.months {
        let l = line(m, "IQ", ChargedCategory::AuthenticationInternational);
        assert_eq!(l.rate(), Some(d("0.0079")));
        assert_eq!(l.billable_volume, 100);
        assert_eq!(l.meta_cost, d("0.79")); // 100 × 0.0079
        assert!(l.estimated());
        assert!(!l.tiered());
    }
    assert_eq!(p.meta_cost, d("2.37")); // 3 × 0.79
    let (rate, basis, countries, months) =
        estimate_warning(&p, "Iraq", ChargedCategory::AuthenticationInternational);
    assert_eq!(rate, d("0.0079"));
    assert_eq!(basis, EstimateBasis::DomesticAuthentication);
    assert_eq!(countries, ["IQ"]);
    assert_eq!(months, ["2026-10", "2026-11", "2026-12"]);
    // The estimate's warning replaces the card's own note on the cell and the missing-tiers
    // warning (the estimate is not a list rate with an unknown discount).
    assert!(!p.warnings.iter().any(|w| matches!(
        w,
        Warning::EstimatedRate { market, .. } | Warning::NoTierData { market, .. }
            if market.as_str() == "Iraq"
    )));
    let text = p
        .warnings
        .iter()
        .map(|w| w.to_string())
        .find(|t| t.contains("Iraq"))
        .unwrap();
    assert!(text.contains("2026-10 to 2026-12"), "{text}");
    assert!(text.contains("likely higher"), "{text}");
}

#[test]
fn a_line_of_domestic_authentication_is_not_estimated() {
    // The UAE itself: no international rate needed, no estimate.
    let p = run(&plan(
        "2026-11",
        r#"{"country": "AE", "authentication": 100}, {"country": "IQ", "marketing": 100}"#,
        r#", "business": {"primary_country": "AE", "auth_international_eligible": true}"#,
    ));
    assert!(p.months[0].lines.iter().all(|l| !l.estimated()));
    assert!(
        !p.warnings
            .iter()
            .any(|w| matches!(w, Warning::UnknownRateEstimated { .. }))
    );
}

/// CHF cards for India with the international authentication rate known on some.
fn chf_book(cards: &[(&str, &str)]) -> RateBook {
    let texts: Vec<String> = cards
        .iter()
        .map(|(date, intl)| {
            format!(
                r#"
        currency = "CHF"
        effective = "{date}"
        [rates]
        "India" = {{ marketing = "0.01", utility = "0.004", authentication = "0.003", authentication_international = "{intl}" }}
        "#
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    test_book(&refs)
}

fn chf_india_codes(month: &str) -> Scenario {
    scenario(&format!(
        r#"{{"version": 1, "currency": "CHF", "start_month": "{month}", "months": 1,
            "business": {{"primary_country": "AE", "auth_international_eligible": true}},
            "countries": [{{"country": "IN", "authentication": 1000}}]}}"#
    ))
}

#[test]
fn an_unknown_rate_borrows_the_same_cell_of_the_nearest_card_that_knows_it() {
    // 2026-07-01 lists India's international rate as unknown. 2026-01-01 knows 0.05 (181 days
    // before), 2026-08-01 knows 0.07 (31 days after): the later is nearer.
    let book = chf_book(&[
        ("2026-01-01", "0.05"),
        ("2026-07-01", "unknown"),
        ("2026-08-01", "0.07"),
    ]);
    let p = project(&chf_india_codes("2026-07"), &book).unwrap();
    let l = line(
        &p.months[0],
        "IN",
        ChargedCategory::AuthenticationInternational,
    );
    assert_eq!(l.meta_cost, d("70.00")); // 1,000 × 0.07
    assert!(l.estimated());
    let (rate, basis, _, months) =
        estimate_warning(&p, "India", ChargedCategory::AuthenticationInternational);
    assert_eq!(rate, d("0.07"));
    assert_eq!(months, ["2026-07"]);
    let EstimateBasis::OtherCard(from) = basis else {
        panic!("{basis:?}")
    };
    assert_eq!(from.effective.to_string(), "2026-08-01");
    assert!(
        p.warnings
            .iter()
            .any(|w| w.to_string().contains("higher or lower"))
    );

    // Equally far either way (28 days): the earlier card.
    let book = chf_book(&[
        ("2026-02-01", "0.05"),
        ("2026-03-01", "unknown"),
        ("2026-03-29", "0.07"),
    ]);
    let p = project(&chf_india_codes("2026-03"), &book).unwrap();
    let l = line(
        &p.months[0],
        "IN",
        ChargedCategory::AuthenticationInternational,
    );
    assert_eq!(l.meta_cost, d("50.00")); // 1,000 × 0.05

    // No card knows it: India's authentication rate on the same card.
    let book = chf_book(&[("2026-03-01", "unknown")]);
    let p = project(&chf_india_codes("2026-03"), &book).unwrap();
    let (rate, basis, _, _) =
        estimate_warning(&p, "India", ChargedCategory::AuthenticationInternational);
    assert_eq!(
        (rate, basis),
        (d("0.003"), EstimateBasis::DomesticAuthentication)
    );
    assert_eq!(p.meta_cost, d("3.000")); // 1,000 × 0.003

    // A strict book refuses, as before.
    let mut strict = book.clone();
    strict.set_strict(true);
    let err = project(&chf_india_codes("2026-03"), &strict).unwrap_err();
    assert!(matches!(err, ProjectionError::UnknownRate { .. }), "{err}");
}

#[test]
fn an_unknown_rate_with_nothing_to_estimate_from_is_still_an_error() {
    // Marketing has no sibling rate to fall back on, and no other CHF card knows it.
    let book = test_book(&[r#"
        currency = "CHF"
        effective = "2026-01-01"
        [rates]
        "India" = { marketing = "unknown", utility = "0.004", authentication = "0.003" }
        "#]);
    let s = scenario(
        r#"{"version": 1, "currency": "CHF", "start_month": "2026-02", "months": 1,
            "countries": [{"country": "IN", "marketing": 10}]}"#,
    );
    let err = project(&s, &book).unwrap_err();
    assert!(matches!(err, ProjectionError::UnknownRate { .. }), "{err}");
}

/// A one-month USD plan of India service 5,000, for a government or not.
fn india_service(month: &str, government: bool) -> Projection {
    run(&plan(
        month,
        r#"{"country": "IN", "service": 5000}"#,
        &format!(r#", "business": {{"government_or_nonprofit": {government}}}"#),
    ))
}

#[test]
fn a_government_or_non_profit_pays_no_service_from_october_2026_to_december_2027() {
    for month in ["2026-10", "2026-11", "2027-06", "2027-12"] {
        // Any business: 1,000 free, 4,000 × 0.0014 = 5.60 (USD 2026-10-01, India service).
        let p = india_service(month, false);
        let l = line(&p.months[0], "IN", ChargedCategory::Service);
        assert_eq!((l.free_tier, l.billable_volume), (1000, 4000), "{month}");
        assert_eq!(l.meta_cost, d("5.6000"), "{month}");

        // A government: the same 1,000 from the allowance, the other 4,000 free as well.
        let p = india_service(month, true);
        let m = &p.months[0];
        let l = line(m, "IN", ChargedCategory::Service);
        assert_eq!(l.volume, 5000, "{month}");
        assert_eq!(l.free_tier, 1000, "{month}");
        assert_eq!(l.free_customer_service, 4000, "{month}");
        assert_eq!(l.billable_volume, 0, "{month}");
        assert_eq!(l.meta_cost, Decimal::ZERO, "{month}");
        assert_eq!(m.meta_cost, Decimal::ZERO, "{month}");
        // Shown as free, not vanished: 1,000 × 0.0014 = 1.40 from the allowance and
        // 4,000 × 0.0014 = 5.60 free outright.
        assert_eq!(m.savings.free_tier, d("1.40"), "{month}");
        assert_eq!(m.savings.customer_service, d("5.60"), "{month}");
        assert_eq!(m.free_savings, d("7.00"), "{month}");
        assert_eq!((m.free_volume, m.billable_volume), (5000, 0), "{month}");
    }
}

#[test]
fn a_government_pays_service_as_usual_outside_its_months() {
    // From January 2028: charged as for any business, 4,000 × 0.0014 = 5.60.
    let p = india_service("2028-01", true);
    let l = line(&p.months[0], "IN", ChargedCategory::Service);
    assert_eq!((l.free_tier, l.free_customer_service), (1000, 0));
    assert_eq!(l.meta_cost, d("5.6000"));
    // September 2026: service is free for every business anyway.
    let p = india_service("2026-09", true);
    let l = line(&p.months[0], "IN", ChargedCategory::Service);
    assert_eq!((l.free_customer_service, l.billable_volume), (5000, 0));
    // Across the boundary: December 2027 free, January 2028 charged; other categories as usual
    // (marketing 100 × 0.0118 = 1.18 a month).
    let p = run(
        r#"{"version": 1, "currency": "USD", "start_month": "2027-12", "months": 2,
            "business": {"government_or_nonprofit": true},
            "countries": [{"country": "IN", "service": 5000, "marketing": 100}]}"#,
    );
    assert_eq!(p.months[0].meta_cost, d("1.18"));
    assert_eq!(p.months[1].meta_cost, d("6.78")); // 1.18 + 5.60
}

#[test]
fn the_government_flag_is_written_only_when_set() {
    use wacost::io::scenario_file::to_json;
    let plain = scenario(&plan("2026-11", r#"{"country": "IN", "service": 10}"#, ""));
    assert!(!to_json(&plain).contains("government_or_nonprofit"));
    assert!(!plain.business.government_or_nonprofit);
    let mut set = plain.clone();
    set.business.government_or_nonprofit = true;
    let text = to_json(&set);
    assert!(text.contains("\"government_or_nonprofit\": true"), "{text}");
    assert_eq!(scenario(&text), set);
}

fn currency_warnings(p: &Projection) -> Vec<(String, String, String, String)> {
    p.warnings
        .iter()
        .filter_map(|w| match w {
            Warning::HomeCurrencyRequired {
                country,
                required,
                first_month,
                last_month,
                ..
            } => Some((
                country.code().to_string(),
                required.to_string(),
                first_month.to_string(),
                last_month.to_string(),
            )),
            _ => None,
        })
        .collect()
}

fn based_in(country: &str, currency: &str, start: &str, months: u32) -> String {
    format!(
        r#"{{"version": 1, "currency": "{currency}", "start_month": "{start}", "months": {months},
            "business": {{"primary_country": "{country}"}},
            "countries": [{{"country": "IN", "marketing": 10}}]}}"#
    )
}

#[test]
fn an_india_based_business_billed_in_another_currency_from_2027_is_warned() {
    // Ends in December 2026: nothing to say.
    assert_eq!(
        currency_warnings(&run(&based_in("IN", "USD", "2026-11", 2))),
        []
    );
    // Reaches January 2027: the months from then on.
    let p = run(&based_in("IN", "USD", "2026-11", 5));
    let w = currency_warnings(&p);
    assert_eq!(
        w,
        [(
            "IN".into(),
            "INR".into(),
            "2027-01".into(),
            "2027-03".into()
        )]
    );
    let text = p
        .warnings
        .iter()
        .find(|w| matches!(w, Warning::HomeCurrencyRequired { .. }))
        .unwrap()
        .to_string();
    assert!(text.contains("INR from 2027-01-01"), "{text}");
    assert!(text.contains("stops delivering"), "{text}");
    // Starting later: from the plan's first month.
    assert_eq!(
        currency_warnings(&run(&based_in("IN", "EUR", "2027-03", 1))),
        [(
            "IN".into(),
            "INR".into(),
            "2027-03".into(),
            "2027-03".into()
        )]
    );
    // In INR, or based elsewhere: nothing.
    assert_eq!(
        currency_warnings(&run(&based_in("IN", "INR", "2027-01", 3))),
        []
    );
    assert_eq!(
        currency_warnings(&run(&based_in("AE", "USD", "2027-01", 3))),
        []
    );
}

#[test]
fn a_brazil_based_business_billed_in_another_currency_from_july_2027_is_warned() {
    // Up to June 2027 in USD: nothing; July 2027 on: BRL.
    assert_eq!(
        currency_warnings(&run(&based_in("BR", "USD", "2027-01", 6))),
        []
    );
    let p = run(&based_in("BR", "USD", "2027-01", 9));
    assert_eq!(
        currency_warnings(&p),
        [(
            "BR".into(),
            "BRL".into(),
            "2027-07".into(),
            "2027-09".into()
        )]
    );
    // The India rule is not Brazil's.
    assert!(!p.warnings.iter().any(|w| w.to_string().contains("INR")));
    // A plan in BRL is what Meta asks for.
    let book = test_book(&[r#"
        currency = "BRL"
        effective = "2026-10-01"
        [rates]
        "India" = { marketing = "0.0633", utility = "0.0075", authentication = "0.0075", service = "0.0075" }
        "#]);
    let p = project(&scenario(&based_in("BR", "BRL", "2027-06", 3)), &book).unwrap();
    assert_eq!(currency_warnings(&p), []);
}

//! Each campaign's own cost (`domain::campaign_cost`): the plan with it minus the plan without
//! it, on the shipped rate cards, against figures worked out by hand.

#![allow(clippy::unwrap_used)]

use std::str::FromStr;

use rust_decimal::Decimal;
use wacost::domain::campaign_cost::campaign_costs;
use wacost::domain::category::ChargedCategory;
use wacost::domain::project;
use wacost::domain::scenario::Scenario;
use wacost::io::rates::embedded_book;
use wacost::io::scenario_file::parse_scenario;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn scenario(json: &str) -> Scenario {
    parse_scenario("test.json", json).unwrap_or_else(|e| panic!("{e}"))
}

/// The marketer walk's plan: Brazil, Mexico, Indonesia in Q1 2027 with Carnival in February.
fn walk_plan(provider: &str) -> String {
    format!(
        r#"{{"version": 1, "name": "Q1 2027 Brazil Mexico Indonesia", "currency": "USD",
  "start_month": "2027-01", "months": 3, "business": {{"phone_numbers": 2}},
  "countries": [
    {{"country": "BR", "marketing": 200000, "utility": 50000}},
    {{"country": "MX", "marketing": 80000}},
    {{"country": "ID", "authentication": 120000}}],
  "campaigns": [{{"name": "Carnival", "month": "2027-02", "country": "BR", "category": "marketing", "volume": 300000}}],
  "provider": {provider},
  "budget_monthly": "20000"}}"#
    )
}

#[test]
fn carnival_costs_300_000_brazil_marketing_messages_at_0_0625() {
    let s = scenario(&walk_plan("{}"));
    let book = embedded_book();
    let costs = campaign_costs(&s, &book).unwrap();
    assert_eq!(costs.len(), 1);
    let c = &costs[0];
    assert_eq!(
        (c.name.as_str(), c.month.to_string()),
        ("Carnival", "2027-02".into())
    );
    assert_eq!(c.volume, 300_000);
    assert!(c.counted() && !c.outside_plan && !c.without_countries);
    // USD 2026-10-01 card (assumed unchanged for 2027): Brazil marketing 0.0625, no tiers on
    // marketing, no provider fees: 300,000 × 0.0625 = 18,750.
    assert_eq!(c.cost, d("18750"));
    // All of it on Brazil marketing in February.
    assert_eq!(c.lines.len(), 1);
    let br = wacost::domain::Country::parse("BR").unwrap();
    assert_eq!(c.on_line(br, ChargedCategory::Marketing), d("18750"));

    // The plan: 200,000 × 0.0625 + 50,000 × 0.0068 + 80,000 × 0.0397 + 120,000 × 0.0250
    // = 12,500 + 340 + 3,176 + 3,000 = 19,016 a month; × 3 + 18,750 = 75,798.
    let p = project(&s, &book).unwrap();
    assert_eq!(p.total, d("75798"));
    // February: 19,016 + 18,750 = 37,766, over the 20,000 budget by 17,766.
    let over = p.months_over_budget();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].month.to_string(), "2027-02");
    assert_eq!(over[0].over_by, d("17766"));
}

#[test]
fn a_campaigns_cost_includes_the_providers_fees_and_the_tax() {
    let s = scenario(&walk_plan(
        r#"{"per_message_fee": "0.001", "markup_pct": "10", "monthly_fee": "99", "tax_pct": "20"}"#,
    ));
    let costs = campaign_costs(&s, &embedded_book()).unwrap();
    // Meta 300,000 × 0.0625 = 18,750; fee 300,000 × 0.001 = 300; markup 10 % of 18,750 =
    // 1,875; subtotal 20,925; tax 20 % → 20,925 × 1.2 = 25,110. The flat monthly fee is paid
    // with or without the campaign.
    assert_eq!(costs[0].cost, d("25110"));
    let sum: Decimal = costs[0].lines.iter().map(|l| l.cost).sum();
    assert_eq!(sum, d("25110"));
}

#[test]
fn a_campaign_in_a_tiered_market_costs_less_than_volume_times_the_list_rate() {
    // USD 2026-07-01 card, UAE utility ladder: 0.0157 up to 100,000, 0.0149 to 1,000,000,
    // 0.0141 beyond.
    let s = scenario(
        r#"{"version": 1, "name": "UAE", "currency": "USD", "start_month": "2026-07", "months": 1,
  "countries": [{"country": "AE", "utility": 950000}],
  "campaigns": [{"name": "Sale alerts", "month": "2026-07", "country": "AE", "category": "utility", "volume": 100000}]}"#,
    );
    let c = &campaign_costs(&s, &embedded_book()).unwrap()[0];
    // With it, 1,050,000: 100,000 × 0.0157 + 900,000 × 0.0149 + 50,000 × 0.0141
    //   = 1,570 + 13,410 + 705 = 15,685.
    // Without, 950,000: 1,570 + 850,000 × 0.0149 = 1,570 + 12,665 = 14,235.
    // The campaign: 15,685 − 14,235 = 1,450 (50,000 at 0.0149 and 50,000 at 0.0141),
    // not 100,000 × 0.0157 = 1,570.
    assert_eq!(c.cost, d("1450"));
    let ae = wacost::domain::Country::parse("AE").unwrap();
    assert_eq!(c.on_line(ae, ChargedCategory::Utility), d("1450"));
}

#[test]
fn campaigns_outside_the_plan_or_without_countries_cost_nothing_and_say_so() {
    let example = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/example-scenario.json"),
    )
    .unwrap();
    // The example's Black Friday moved to 2026-11, before the plan's first month, 2026-12.
    let moved = example.replace(r#""month": "2027-11""#, r#""month": "2026-11""#);
    assert_ne!(moved, example);
    let s = scenario(&moved);
    let costs = campaign_costs(&s, &embedded_book()).unwrap();
    let bf = costs.iter().find(|c| c.name == "Black Friday").unwrap();
    assert!(bf.outside_plan && !bf.counted());
    assert_eq!(bf.cost, Decimal::ZERO);
    assert!(bf.lines.is_empty());
    let carnival = costs.iter().find(|c| c.name == "Carnival").unwrap();
    // 150,000 × 0.0625 = 9,375 for Meta, plus the provider's 0.005 a message × 150,000 = 750.
    assert_eq!(carnival.cost, d("10125"));
    assert_eq!(carnival.index, 1);

    let s = scenario(
        r#"{"version": 1, "name": "Empty", "currency": "USD", "start_month": "2027-01", "months": 2,
  "campaigns": [{"name": "Everyone", "month": "2027-01", "country": "all", "category": "marketing", "volume": 1000}]}"#,
    );
    let c = &campaign_costs(&s, &embedded_book()).unwrap()[0];
    assert!(c.without_countries && !c.outside_plan && !c.counted());
    assert_eq!(c.cost, Decimal::ZERO);
}

#[test]
fn a_campaign_for_every_country_is_split_and_its_lines_add_up_to_its_cost() {
    let s = scenario(
        r#"{"version": 1, "name": "Split", "currency": "USD", "start_month": "2027-01", "months": 2,
  "countries": [{"country": "BR", "marketing": 30000}, {"country": "MX", "marketing": 10000}],
  "campaigns": [{"name": "Launch", "month": "2027-02", "country": "all", "category": "marketing", "volume": 40000}]}"#,
    );
    let c = &campaign_costs(&s, &embedded_book()).unwrap()[0];
    // Split 3:1 by base volume: Brazil 30,000 × 0.0625 = 1,875; Mexico 10,000 × 0.0397 = 397.
    let br = wacost::domain::Country::parse("BR").unwrap();
    let mx = wacost::domain::Country::parse("MX").unwrap();
    assert_eq!(c.on_line(br, ChargedCategory::Marketing), d("1875"));
    assert_eq!(c.on_line(mx, ChargedCategory::Marketing), d("397"));
    assert_eq!(c.cost, d("2272"));
}

//! Plans in every currency Meta bills in, on Meta's volume tiers (issue 14): derived cards,
//! quoted rows, the April 2026 ladders and their estimates on later cards, calibration with
//! `wacost rates derive`, and converting a plan's amounts between currencies.
//!
//! Expected figures are worked by hand from the source files in shared/rates-data (quoted in
//! each test), never read back from wacost's output.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;
use tempfile::TempDir;
use wacost::domain::category::ChargedCategory;
use wacost::domain::currencies::{converted_amounts, switch_currency};
use wacost::domain::projection::{Warning, project};
use wacost::domain::ratebook::{CardId, CellStatus, RateCell};
use wacost::domain::{Currency, Date, Scenario};
use wacost::io::rates::embedded_book;

mod common;
use common::wacost_with_rates_home;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn id(currency: &str, date: &str) -> CardId {
    CardId {
        currency: currency.parse().unwrap(),
        effective: date.parse().unwrap(),
    }
}

fn scenario(json: &str) -> Scenario {
    wacost::io::scenario_file::parse_scenario("test.json", json).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The marketing rate `estimate --format json` used for the plan's one line.
fn line_rate(out: &str) -> String {
    let v = json(out);
    v["months"][0]["lines"][0]["rate"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_brazil_plan_in_brl_for_october_2026_uses_metas_quoted_0_3217() {
    let home = TempDir::new().unwrap();
    let plan = write(
        home.path(),
        "brazil.json",
        r#"{"version": 1, "name": "Brazil", "currency": "BRL", "start_month": "2026-10",
            "months": 1, "countries": [{"country": "BR", "marketing": 10000}]}"#,
    );
    let out = wacost_with_rates_home(
        home.path(),
        ["estimate", plan.to_str().unwrap(), "--format", "json"],
    )
    .ok();
    // quoted-rows-2026-10-01.csv: BRL, Brazil, marketing 0.3217.
    assert_eq!(line_rate(&out), "0.3217");
    assert_eq!(json(&out)["total"], "3217.0000"); // 10,000 × 0.3217
    assert_eq!(json(&out)["months"][0]["rate_card_effective"], "2026-10-01");
}

#[test]
fn a_clp_plan_for_july_2026_uses_the_quoted_clp_rows() {
    let home = TempDir::new().unwrap();
    let plan = write(
        home.path(),
        "chile.json",
        r#"{"version": 1, "name": "Chile", "currency": "CLP", "start_month": "2026-07",
            "months": 1, "countries": [{"country": "CL", "marketing": 1000}]}"#,
    );
    let out = wacost_with_rates_home(
        home.path(),
        ["estimate", plan.to_str().unwrap(), "--format", "json"],
    )
    .ok();
    // 2026-07-01_CLP-partial.csv: Chile marketing 78.4917, where USD 0.0889 × 882.93 would
    // give 78.4925: the quoted row wins.
    assert_eq!(line_rate(&out), "78.4917");
    assert_eq!(json(&out)["total"], "78491.7000");
}

#[test]
fn every_billing_currency_has_a_card_or_a_calibration_row_for_every_usd_date() {
    let home = TempDir::new().unwrap();
    let out = wacost_with_rates_home(home.path(), ["rates", "list", "--format", "json"]).ok();
    let rows = json(&out);
    let rows = rows.as_array().unwrap();
    let usd_dates = [
        "2025-07-01",
        "2025-10-01",
        "2026-01-01",
        "2026-04-01",
        "2026-07-01",
        "2026-10-01",
    ];
    let sixteen = [
        "USD", "EUR", "GBP", "INR", "IDR", "BRL", "MXN", "ARS", "COP", "AED", "SAR", "AUD", "MYR",
        "PEN", "CLP", "SGD",
    ];
    let statuses: BTreeSet<&str> = ["official", "quoted", "inferred", "derived", "uncalibrated"]
        .into_iter()
        .collect();
    for c in sixteen {
        for date in usd_dates {
            let row = rows
                .iter()
                .find(|r| r["currency"] == c && r["effective"] == date)
                .unwrap_or_else(|| panic!("no row for {c} {date}"));
            let status = row["status"].as_str().unwrap();
            assert!(statuses.contains(status), "{c} {date}: {status}");
        }
    }
    let status = |c: &str, date: &str| {
        rows.iter()
            .find(|r| r["currency"] == c && r["effective"] == date)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // currency-factors.csv has no row for these six: the user calibrates them.
    for c in ["ARS", "COP", "PEN", "MYR", "SGD", "AUD"] {
        assert_eq!(status(c, "2026-10-01"), "uncalibrated", "{c}");
    }
    // Quoted where Meta's card was seen: EUR July (a whole card), CLP July (33 of 38 rows),
    // INR October 2025 (a whole card).
    assert_eq!(status("EUR", "2026-07-01"), "quoted");
    assert_eq!(status("CLP", "2026-07-01"), "quoted");
    assert_eq!(status("INR", "2025-10-01"), "quoted");
    assert_eq!(status("BRL", "2026-10-01"), "derived");
    assert_eq!(status("USD", "2026-10-01"), "quoted");
}

/// One country in every market of Meta's April 2026 tier file, with utility and
/// authentication volumes high enough to cross its first band.
fn april_markets_plan(month: &str, volume: u64) -> Scenario {
    let book = embedded_book();
    let april = book.card(id("USD", "2026-04-01")).unwrap();
    let on: Date = "2026-04-01".parse().unwrap();
    let markets = book.markets().markets_on(on);
    let mut countries = Vec::new();
    for m in &april.markets {
        let c = markets[&m.market][0];
        countries.push(format!(
            r#"{{"country": "{}", "utility": {volume}, "authentication": {volume}}}"#,
            c.code()
        ));
    }
    scenario(&format!(
        r#"{{"version": 1, "currency": "USD", "start_month": "{month}", "months": 1,
            "countries": [{}]}}"#,
        countries.join(",")
    ))
}

#[test]
fn the_32_markets_of_metas_april_file_have_ladders_and_no_upper_bound_warning() {
    let book = embedded_book();
    for month in ["2026-04", "2026-07", "2026-10"] {
        let p = project(&april_markets_plan(month, 2_000_000), &book).unwrap();
        let flagged: Vec<String> = p
            .warnings
            .iter()
            .filter(|w| matches!(w, Warning::NoTierData { .. }))
            .map(|w| w.to_string())
            .collect();
        assert!(flagged.is_empty(), "{month}: {flagged:#?}");
        assert!(
            p.months[0]
                .lines
                .iter()
                .filter(|l| l.volume > 0)
                .all(|l| l.tiered()),
            "{month}: every line prices on a ladder"
        );
    }
}

fn india_utility(month: &str, volume: u64) -> Decimal {
    let s = scenario(&format!(
        r#"{{"version": 1, "currency": "USD", "start_month": "{month}", "months": 1,
            "countries": [{{"country": "IN", "utility": {volume}}}]}}"#
    ));
    let p = project(&s, &embedded_book()).unwrap();
    p.months[0].meta_cost
}

#[test]
fn forty_million_india_utility_messages_price_band_by_band() {
    // tiers-2026-04-01_USD.csv, India utility: 0-25,000,000 at 0.0014 (list), 25,000,001-
    // 50,000,000 at 0.0013 (-6 %). 40,000,000 messages: 25,000,000 × 0.0014 = 35,000 and
    // 15,000,000 × 0.0013 = 19,500; 54,500 in all, against 56,000 at the list rate.
    assert_eq!(india_utility("2026-04", 40_000_000), d("54500"));
    // October 2026 (list 0.0014 again): the April limits and steps carried forward, each band
    // rate = 0.0014 × (1 - step) half-up: 0.0014 × 0.94 = 0.001316 -> 0.0013. The same.
    assert_eq!(india_utility("2026-10", 40_000_000), d("54500"));
    // 60,000,000 crosses into the third band: + 10,000,000 × 0.0012 (0.0014 × 0.88 =
    // 0.001232 -> 0.0012) = 35,000 + 32,500 + 12,000 = 79,500... in April:
    // 25M × 0.0014 = 35,000; 25M × 0.0013 = 32,500; 10M × 0.0012 = 12,000.
    assert_eq!(india_utility("2026-04", 60_000_000), d("79500"));
}

#[test]
fn a_later_card_carries_the_april_ladder_to_its_own_list_rate() {
    let book = embedded_book();
    // Mexico utility: 0.0085 on the October card. April's Mexico ladder (tier file, lines
    // "Mexico,USD,0,\"1,000,000\"..."): limits 1,000,000 / 5,000,000 / 10,000,000 / 20,000,000 /
    // 40,000,000, steps 0, -5, -10, -15, -20, -25 %. 0.0085 × 0.95 = 0.008075 -> 0.0081 (half-up); × 0.90 = 0.00765 -> 0.0077;
    // × 0.85 = 0.007225 -> 0.0072; × 0.80 = 0.0068; × 0.75 = 0.006375 -> 0.0064.
    let oct = book.card(id("USD", "2026-10-01")).unwrap();
    let ladder = oct.ladder("Mexico", ChargedCategory::Utility).unwrap();
    assert!(ladder.estimated.is_some());
    let rates: Vec<Decimal> = ladder.bands.iter().map(|b| b.rate).collect();
    assert_eq!(
        rates,
        ["0.0085", "0.0081", "0.0077", "0.0072", "0.0068", "0.0064"].map(d)
    );
    let limits: Vec<Option<u64>> = ladder.bands.iter().map(|b| b.to).collect();
    assert_eq!(
        limits,
        vec![
            Some(1_000_000),
            Some(5_000_000),
            Some(10_000_000),
            Some(20_000_000),
            Some(40_000_000),
            None
        ]
    );
    // The same ladder on the derived BRL card, on its own list rate: Mexico utility BRL =
    // 0.0085 × 5.1472 = 0.0437512 -> 0.0438; × 0.95 = 0.04161 -> 0.0416.
    let brl = book.card(id("BRL", "2026-10-01")).unwrap();
    let l = brl.ladder("Mexico", ChargedCategory::Utility).unwrap();
    assert_eq!(l.bands[0].rate, d("0.0438"));
    assert_eq!(l.bands[1].rate, d("0.0416"));
    // Meta's own April ladder is not an estimate.
    let april = book.card(id("USD", "2026-04-01")).unwrap();
    assert!(
        april
            .ladder("Mexico", ChargedCategory::Utility)
            .unwrap()
            .estimated
            .is_none()
    );
}

#[test]
fn the_two_october_cells_are_settled() {
    let book = embedded_book();
    let oct = book.card(id("USD", "2026-10-01")).unwrap();
    let ai = ChargedCategory::AuthenticationInternational;
    // India 0.0304: quoted (quoted-rows-2026-10-01.csv, Meta's USD row).
    assert_eq!(oct.cell("India", ai), Some(RateCell::Rate(d("0.0304"))));
    assert_eq!(oct.cell_status("India", ai), CellStatus::Quoted);
    // Indonesia 0.1360 = IDR 1940.13 / 14266, derived.
    assert_eq!(oct.cell("Indonesia", ai), Some(RateCell::Rate(d("0.1360"))));
    assert_eq!(oct.cell_status("Indonesia", ai), CellStatus::Derived);
}

#[test]
fn switching_usd_to_brl_converts_the_budget_at_the_factor_between_the_cards() {
    let book = embedded_book();
    let usd: Currency = "USD".parse().unwrap();
    let brl: Currency = "BRL".parse().unwrap();
    let s = scenario(
        r#"{"version": 1, "currency": "USD", "start_month": "2026-11", "months": 3,
            "budget_monthly": "20000",
            "provider": {"per_message_fee": "0.005", "monthly_fee": "99"},
            "countries": [{"country": "BR", "marketing": 10000}]}"#,
    );
    let date = book
        .plan_card_date(usd, s.rate_card, s.start_month)
        .unwrap();
    assert_eq!(date.to_string(), "2026-10-01");
    let conv = book.conversion(usd, brl, date).unwrap();
    assert_eq!(conv.factor, d("5.1472"));
    let amounts = converted_amounts(&s, &conv).unwrap();
    let after: Vec<(&str, Decimal)> = amounts.iter().map(|a| (a.what, a.after)).collect();
    // 20,000 × 5.1472 = 102,944; 0.005 × 5.1472 = 0.025736 -> 0.0257; 99 × 5.1472 = 509.5728
    // -> 509.57.
    assert_eq!(
        after,
        vec![
            ("the budget", d("102944")),
            ("the fee per message", d("0.0257")),
            ("the monthly platform fee", d("509.57")),
        ]
    );
    let switched = switch_currency(&s, &conv, true).unwrap();
    assert_eq!(switched.currency, brl);
    assert_eq!(switched.budget_monthly, Some(d("102944")));
    // The same card date prices it: October 2026 in BRL.
    let p = project(&switched, &book).unwrap();
    assert!(
        p.months
            .iter()
            .all(|m| m.card.effective.to_string() == "2026-10-01"),
    );
    // EUR to BRL on the July card: 5.1472 is October's; July's BRL factor is the nearest
    // known (5.1472), EUR's July factor 0.8286: 1 EUR = 5.1472 / 0.8286 BRL.
    let eur: Currency = "EUR".parse().unwrap();
    let july: Date = "2026-07-01".parse().unwrap();
    let c = book.conversion(eur, brl, july).unwrap();
    assert_eq!(c.factor, d("5.1472") / d("0.8286"));
    // A currency with no factor has no conversion.
    assert!(book.conversion(usd, "ARS".parse().unwrap(), date).is_none());
}

#[test]
fn rates_derive_calibrates_a_currency_from_one_known_rate() {
    let home = TempDir::new().unwrap();
    // A COP invoice line: Colombia marketing at 56.3 COP, where Meta's USD card says 0.0125:
    // 56.3 / 0.0125 = 4504 COP per US dollar.
    let out = wacost_with_rates_home(
        home.path(),
        [
            "rates",
            "derive",
            "COP",
            "2026-10-01",
            "--from",
            "Colombia marketing=56.3",
        ],
    )
    .ok();
    assert!(out.contains("× 4504"), "{out}");
    let stored = home.path().join("cards/2026-10-01_COP.toml");
    assert!(stored.is_file(), "{out}");
    // A COP plan now prices: Brazil marketing 0.0625 × 4504 = 281.5.
    let plan = write(
        home.path(),
        "cop.json",
        r#"{"version": 1, "name": "COP", "currency": "COP", "start_month": "2026-10",
            "months": 1, "countries": [{"country": "BR", "marketing": 2}]}"#,
    );
    let est = wacost_with_rates_home(
        home.path(),
        ["estimate", plan.to_str().unwrap(), "--format", "json"],
    )
    .ok();
    assert_eq!(line_rate(&est), "281.5000");
    let list =
        json(&wacost_with_rates_home(home.path(), ["rates", "list", "--format", "json"]).ok());
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["currency"] == "COP" && r["effective"] == "2026-10-01")
        .unwrap()
        .clone();
    assert_eq!(row["status"], "derived");
    assert_eq!(row["factor"], "4504");
    assert!(
        row["source"]
            .as_str()
            .unwrap()
            .contains("calibrated from your rate Colombia marketing 56.3"),
        "{row:#}"
    );
    let show = json(
        &wacost_with_rates_home(
            home.path(),
            ["rates", "show", "COP", "2026-10-01", "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(show["derivation"]["factor"], "4504");
    assert_eq!(show["derivation"]["from"]["effective"], "2026-10-01");

    // Two rates that no single factor gives back are refused, naming the misfit; nothing is
    // stored.
    let before = std::fs::read(&stored).unwrap();
    let bad = wacost_with_rates_home(
        home.path(),
        [
            "rates",
            "derive",
            "COP",
            "2026-10-01",
            "--from",
            "Colombia marketing=56.3",
            "--from",
            "Colombia utility=4",
        ],
    )
    .bad();
    assert!(bad.contains("Colombia utility 4"), "{bad}");
    assert_eq!(std::fs::read(&stored).unwrap(), before);

    // --check stores nothing.
    let check = wacost_with_rates_home(
        home.path(),
        [
            "rates",
            "derive",
            "PEN",
            "2026-10-01",
            "--factor",
            "3.7",
            "--check",
        ],
    )
    .ok();
    assert!(check.contains("nothing was stored"), "{check}");
    assert!(!home.path().join("cards/2026-10-01_PEN.toml").exists());
}

#[test]
fn a_derived_card_never_replaces_an_imported_one() {
    let home = TempDir::new().unwrap();
    let cards = home.path().join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    // An official card the user imported for BRL 2026-10-01 (one market is enough here).
    let official = "currency = \"BRL\"\neffective = \"2026-10-01\"\nstatus = \"official\"\n\n[rates]\n\"Brazil\" = { marketing = \"0.3217\", utility = \"0.0350\", authentication = \"0.0350\", service = \"0.0350\" }\n";
    let path = cards.join("2026-10-01_BRL.toml");
    std::fs::write(&path, official).unwrap();
    let bad = wacost_with_rates_home(
        home.path(),
        ["rates", "derive", "BRL", "2026-10-01", "--factor", "5.3"],
    )
    .bad();
    assert!(bad.contains("wins over a derived card"), "{bad}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), official);
}

#[test]
fn derived_inr_cards_keep_indias_own_row() {
    let book = embedded_book();
    // INR October 2026: India's row as Meta's INR sheet prints it (quoted-rows-2026-10-01.csv),
    // not 0.0118 × 73.2 = 0.8638.
    let oct = book.card(id("INR", "2026-10-01")).unwrap();
    assert_eq!(
        oct.cell("India", ChargedCategory::Marketing),
        Some(RateCell::Rate(d("0.8631")))
    );
    // INR July 2026: no INR row for India is known that month; the nearest (October 2026's,
    // 92 days on, against October 2025's 273 days back) is carried, and said so.
    let july = book.card(id("INR", "2026-07-01")).unwrap();
    assert_eq!(
        july.cell_status("India", ChargedCategory::Marketing),
        CellStatus::Carried
    );
    assert_eq!(
        july.cell("India", ChargedCategory::Marketing),
        Some(RateCell::Rate(d("0.8631")))
    );
    // Other markets are USD × 73.2 (the INR factor of the 2025-10-01 card, the nearest known):
    // Brazil marketing 0.0625 × 73.2 = 4.575.
    assert_eq!(
        july.cell("Brazil", ChargedCategory::Marketing),
        Some(RateCell::Rate(d("4.5750")))
    );
}

#[test]
fn estimate_currency_prices_a_usd_plan_in_brl_with_its_budget_converted() {
    let home = TempDir::new().unwrap();
    let plan = write(
        home.path(),
        "usd.json",
        r#"{"version": 1, "name": "Brazil", "currency": "USD", "start_month": "2026-11",
            "months": 2, "budget_monthly": "20000",
            "provider": {"per_message_fee": "0.005"},
            "countries": [{"country": "BR", "marketing": 10000}]}"#,
    );
    let out = wacost_with_rates_home(
        home.path(),
        [
            "estimate",
            plan.to_str().unwrap(),
            "--currency",
            "BRL",
            "--format",
            "json",
        ],
    )
    .ok();
    let v = json(&out);
    assert_eq!(v["currency"], "BRL");
    // The same date of Meta's rates: October 2026, now in BRL.
    assert_eq!(v["months"][0]["rate_card_effective"], "2026-10-01");
    assert_eq!(v["months"][0]["rate_card_currency"], "BRL");
    assert_eq!(v["converted"]["factor"], "5.1472");
    // 20,000 × 5.1472 = 102,944; 0.005 × 5.1472 = 0.025736 -> 0.0257.
    assert_eq!(d(v["budget_monthly"].as_str().unwrap()), d("102944"));
    assert_eq!(v["converted"]["amounts"][1]["after"], "0.0257");
    // A month: 10,000 × 0.3217 (Meta's BRL row) + 10,000 × 0.0257 = 3,217 + 257 = 3,474.
    assert_eq!(d(v["months"][0]["total"].as_str().unwrap()), d("3474"));

    let table = wacost_with_rates_home(
        home.path(),
        ["estimate", plan.to_str().unwrap(), "--currency", "BRL"],
    )
    .ok();
    assert!(
        table.starts_with("Priced in BRL: the plan is in USD; at 5.1472 BRL per USD (Meta's rates of 2026-10-01), the budget 20,000 USD is 102,944 BRL and the fee per message 0.005 USD is 0.0257 BRL."),
        "{table}"
    );
    // A currency without rates is refused with what to do; nothing is printed to stdout.
    let bad = wacost_with_rates_home(
        home.path(),
        ["estimate", plan.to_str().unwrap(), "--currency", "COP"],
    )
    .bad();
    assert!(bad.contains("wacost rates derive COP 2026-10-01"), "{bad}");
}

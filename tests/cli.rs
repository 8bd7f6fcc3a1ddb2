//! End-to-end tests of the built `wacost` binary: `wacost estimate` on the scenario files in
//! `tests/data/`, in every output format, with `--rates` overrides and on bad input.
//!
//! Every run gets `WACOST_RATES_HOME` pointing at an empty temporary folder, so the user's own
//! rates folder is never read. Expected amounts are computed here, by hand, from the rates in
//! `rates/cards/*.toml` (quoted next to each computation); none is copied from the program.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;
use std::process::Command;
use tempfile::TempDir;

mod common;
use common::{wacost, wacost_with_rates_home};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn bad_data(name: &str) -> PathBuf {
    data("bad").join(name)
}

/// An exact decimal from a literal.
fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?} is not a decimal: {e}"))
}

fn estimate(scenario: &Path, format: &str) -> String {
    wacost([
        OsStr::new("estimate"),
        scenario.as_os_str(),
        OsStr::new("--format"),
        OsStr::new(format),
    ])
    .ok()
}

fn estimate_json(scenario: &Path) -> Value {
    let out = estimate(scenario, "json");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
}

/// Runs `wacost estimate FILE --format json` on a bad file; returns stderr.
fn estimate_bad(scenario: &Path) -> String {
    wacost([
        OsStr::new("estimate"),
        scenario.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ])
    .bad()
}

/// A decimal field written as an exact string.
fn dec(v: &Value, key: &str) -> Decimal {
    let s = v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a decimal string in {v}"));
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{key} = {s:?} is not a decimal: {e}"))
}

fn int(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not a whole number in {v}"))
}

fn months(p: &Value) -> &Vec<Value> {
    p["months"].as_array().expect("months is an array")
}

fn month<'a>(p: &'a Value, name: &str) -> &'a Value {
    months(p)
        .iter()
        .find(|m| m["month"] == name)
        .unwrap_or_else(|| panic!("no month {name} in the projection"))
}

fn lines(m: &Value) -> &Vec<Value> {
    m["lines"].as_array().expect("lines is an array")
}

fn line<'a>(m: &'a Value, country: &str, category: &str) -> &'a Value {
    lines(m)
        .iter()
        .find(|l| l["country"] == country && l["category"] == category)
        .unwrap_or_else(|| panic!("no {country} {category} line in {}", m["month"]))
}

fn sum(items: &[Value], key: &str) -> Decimal {
    items.iter().map(|v| dec(v, key)).sum()
}

fn warnings(p: &Value) -> Vec<String> {
    p["warnings"]
        .as_array()
        .expect("warnings is an array")
        .iter()
        .map(|w| w.as_str().expect("a warning is a string").to_string())
        .collect()
}

/// CSV output as (header, rows of named fields).
fn parse_csv(text: &str) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed CSV record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

/// The shipped USD card of 2026-10-01 with India marketing changed from 0.0118 to 0.0200.
fn write_card_with_india_marketing_0_0200(dir: &Path) -> PathBuf {
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rates/cards/2026-10-01_USD.toml"),
    )
    .expect("the shipped 2026-10-01 USD card");
    let mut replaced = 0;
    let text: String = shipped
        .lines()
        .map(|l| {
            if l.starts_with("\"India\"") && l.contains("marketing = \"0.0118\"") {
                replaced += 1;
                l.replace("marketing = \"0.0118\"", "marketing = \"0.0200\"")
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    assert_eq!(replaced, 1, "the card's India row changed shape");
    let path = dir.join("2026-10-01_USD.toml");
    std::fs::write(&path, text).expect("write the card");
    path
}

// ---------------------------------------------------------------------------------------------
// tests/data/india_brazil.json, by hand (USD card 2026-10-01; months 2026-12 and 2027-01 are
// after it, so its rates are assumed unchanged; era pmp-2026; 1 phone number; no FEP/CSW; growth
// 0; provider fee 0.005 per message, no markup, monthly fee or tax):
//
//   India  (card: marketing 0.0118, utility 0.0014, authentication 0.0014, service 0.0014)
//   Brazil (card: marketing 0.0625, utility 0.0068, authentication 0.0068, service 0.0068)
//
//   2026-12  IN marketing      100,000 × 0.0118 = 1,180.00
//            IN utility         50,000 × 0.0014 =    70.00
//            IN authentication  20,000 × 0.0014 =    28.00
//            IN service  3,000: free 1,000 × 3,000/4,000 = 750, billable 2,250 × 0.0014 = 3.15
//            BR marketing       40,000 × 0.0625 = 2,500.00
//            BR utility         10,000 × 0.0068 =    68.00
//            BR service  1,000: free 1,000 × 1,000/4,000 = 250, billable   750 × 0.0068 = 5.10
//            (BR authentication 0: no line)
//            Meta 3,854.25; volume 224,000; provider 224,000 × 0.005 = 1,120; total 4,974.25
//   2027-01  the same, plus the campaign: BR marketing 60,000 × 0.0625 = 3,750.00 (+1,250)
//            Meta 5,104.25; volume 244,000; provider 1,220; total 6,324.25
//   Total    11,298.50
// ---------------------------------------------------------------------------------------------

const IN_MARKETING: &str = "0.0118";
const IN_UTILITY: &str = "0.0014";
const IN_AUTHENTICATION: &str = "0.0014";
const IN_SERVICE: &str = "0.0014";
const BR_MARKETING: &str = "0.0625";
const BR_UTILITY: &str = "0.0068";
const BR_SERVICE: &str = "0.0068";
const PER_MESSAGE_FEE: &str = "0.005";

/// (country, category, volume, billable volume, rate) of every line in a month of
/// india_brazil.json; `br_marketing` differs between the months (campaign in 2027-01).
fn india_brazil_lines(br_marketing: u64) -> Vec<(&'static str, &'static str, u64, u64, Decimal)> {
    vec![
        (
            "BR",
            "marketing",
            br_marketing,
            br_marketing,
            d(BR_MARKETING),
        ),
        ("BR", "utility", 10_000, 10_000, d(BR_UTILITY)),
        ("BR", "service", 1_000, 750, d(BR_SERVICE)),
        ("IN", "marketing", 100_000, 100_000, d(IN_MARKETING)),
        ("IN", "utility", 50_000, 50_000, d(IN_UTILITY)),
        ("IN", "authentication", 20_000, 20_000, d(IN_AUTHENTICATION)),
        ("IN", "service", 3_000, 2_250, d(IN_SERVICE)),
    ]
}

fn india_brazil_months() -> [(&'static str, u64); 2] {
    // Brazil marketing: 40,000 base, plus the 20,000 campaign in 2027-01.
    [("2026-12", 40_000), ("2027-01", 40_000 + 20_000)]
}

#[test]
fn json_lines_match_hand_computed_costs_from_the_2026_10_01_usd_card() {
    let p = estimate_json(&data("india_brazil.json"));
    assert_eq!(p["currency"], "USD");
    for (name, br_marketing) in india_brazil_months() {
        let m = month(&p, name);
        let expected = india_brazil_lines(br_marketing);
        assert_eq!(
            lines(m).len(),
            expected.len(),
            "{name}: one line per country and category with volume (none for BR authentication)"
        );
        for (country, category, volume, billable, rate) in expected {
            let l = line(m, country, category);
            assert_eq!(
                int(l, "volume"),
                volume,
                "{name} {country} {category} volume"
            );
            assert_eq!(
                int(l, "billable_volume"),
                billable,
                "{name} {country} {category} billable"
            );
            assert_eq!(dec(l, "rate"), rate, "{name} {country} {category} rate");
            assert_eq!(
                dec(l, "meta_cost"),
                Decimal::from(billable) * rate,
                "{name} {country} {category} meta cost"
            );
            // The provider fee applies to every delivered message, free ones included.
            assert_eq!(
                dec(l, "provider_cost"),
                Decimal::from(volume) * d(PER_MESSAGE_FEE),
                "{name} {country} {category} provider cost"
            );
            assert_eq!(dec(l, "tax"), Decimal::ZERO);
            assert_eq!(
                dec(l, "total"),
                dec(l, "meta_cost") + dec(l, "provider_cost")
            );
        }
    }
    // Decimals are exact, unrounded strings: 100,000 × 0.0118 keeps the rate's 4 places.
    assert_eq!(
        line(month(&p, "2026-12"), "IN", "marketing")["meta_cost"],
        "1180.0000"
    );
}

#[test]
fn json_month_and_grand_totals_add_up_and_match_hand_totals() {
    let p = estimate_json(&data("india_brazil.json"));
    let ms = months(&p);
    assert_eq!(ms.len(), 2);
    for m in ms {
        let ls = lines(m);
        assert_eq!(dec(m, "meta_cost"), sum(ls, "meta_cost"), "{}", m["month"]);
        assert_eq!(
            dec(m, "provider_cost"),
            sum(ls, "provider_cost") + dec(m, "platform_fee")
        );
        assert_eq!(dec(m, "tax"), sum(ls, "tax"));
        assert_eq!(
            dec(m, "total"),
            dec(m, "meta_cost") + dec(m, "provider_cost") + dec(m, "tax")
        );
        assert_eq!(dec(m, "free_savings"), sum(ls, "free_savings"));
        assert_eq!(
            int(m, "volume"),
            ls.iter().map(|l| int(l, "volume")).sum::<u64>()
        );
    }
    for key in ["meta_cost", "provider_cost", "tax", "total", "free_savings"] {
        assert_eq!(dec(&p, key), sum(ms, key), "top-level {key}");
    }

    // By hand (see the table above the constants).
    let meta_dec = d("100000") * d(IN_MARKETING)
        + d("50000") * d(IN_UTILITY)
        + d("20000") * d(IN_AUTHENTICATION)
        + d("2250") * d(IN_SERVICE)
        + d("40000") * d(BR_MARKETING)
        + d("10000") * d(BR_UTILITY)
        + d("750") * d(BR_SERVICE);
    assert_eq!(meta_dec, d("3854.25"));
    let meta_jan = meta_dec + d("20000") * d(BR_MARKETING);
    assert_eq!(meta_jan, d("5104.25"));
    let provider_dec = d("224000") * d(PER_MESSAGE_FEE); // 1,120
    let provider_jan = d("244000") * d(PER_MESSAGE_FEE); // 1,220
    assert_eq!(dec(month(&p, "2026-12"), "meta_cost"), meta_dec);
    assert_eq!(dec(month(&p, "2027-01"), "meta_cost"), meta_jan);
    assert_eq!(dec(month(&p, "2026-12"), "provider_cost"), provider_dec);
    assert_eq!(dec(month(&p, "2027-01"), "provider_cost"), provider_jan);
    assert_eq!(
        dec(&p, "total"),
        meta_dec + meta_jan + provider_dec + provider_jan
    );
    assert_eq!(dec(&p, "total"), d("11298.50"));
    assert_eq!(int(&p, "volume"), 224_000 + 244_000);
}

#[test]
fn json_service_free_tier_is_split_750_250_between_india_and_brazil() {
    let p = estimate_json(&data("india_brazil.json"));
    for m in months(&p) {
        let india = line(m, "IN", "service");
        let brazil = line(m, "BR", "service");
        // One phone number: 1,000 free units, in proportion 3,000 : 1,000.
        assert_eq!(int(india, "free_tier"), 750);
        assert_eq!(int(brazil, "free_tier"), 250);
        assert_eq!(int(india, "billable_volume"), 2_250);
        assert_eq!(int(brazil, "billable_volume"), 750);
        let cost = dec(india, "meta_cost") + dec(brazil, "meta_cost");
        assert_eq!(cost, d("2250") * d(IN_SERVICE) + d("750") * d(BR_SERVICE));
        assert_eq!(cost, d("8.25"));
        // What the free units would have cost: 750 × 0.0014 + 250 × 0.0068 = 2.75.
        assert_eq!(dec(&m["savings"], "free_tier"), d("2.75"));
        assert_eq!(dec(m, "free_savings"), d("2.75"));
    }
}

#[test]
fn json_months_name_era_pmp_2026_and_card_2026_10_01_assumed_unchanged() {
    let p = estimate_json(&data("india_brazil.json"));
    for m in months(&p) {
        assert_eq!(m["era"], "pmp-2026");
        assert_eq!(m["rate_card_effective"], "2026-10-01");
        assert_eq!(m["rates_assumed_unchanged"], true);
    }
    let w = warnings(&p);
    assert!(
        w.iter()
            .any(|w| w.contains("rates after 2026-10-01 assumed unchanged")
                && w.contains("2026-12 to 2027-01")),
        "{w:#?}"
    );
    // India and Brazil utility have ladders carried forward from Meta's April 2026 tier file:
    // no "list rate (upper bound)" warning for them.
    assert!(
        !w.iter()
            .any(|w| w.contains("no tier data for India utility")
                || w.contains("no tier data for Brazil utility")),
        "{w:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

const CSV_HEADER: [&str; 20] = [
    "month",
    "era",
    "rate_card",
    "country",
    "country_name",
    "market",
    "category",
    "volume",
    "free_volume",
    "free_entry_point",
    "free_customer_service",
    "free_tier",
    "billable_volume",
    "rate",
    "meta_cost",
    "provider_cost",
    "tax",
    "total",
    "free_savings",
    "currency",
];

#[test]
fn csv_rows_match_json_lines_one_to_one() {
    let scenario = data("india_brazil.json");
    let p = estimate_json(&scenario);
    let (header, rows) = parse_csv(&estimate(&scenario, "csv"));
    assert_eq!(header, CSV_HEADER);

    let json_lines: Vec<(&Value, &Value)> = months(&p)
        .iter()
        .flat_map(|m| lines(m).iter().map(move |l| (m, l)))
        .collect();
    // No monthly fee: no platform_fee rows, so exactly one row per line.
    assert_eq!(rows.len(), json_lines.len());
    for (row, (m, l)) in rows.iter().zip(&json_lines) {
        assert_eq!(row["month"], m["month"].as_str().unwrap());
        assert_eq!(row["era"], "pmp-2026");
        assert_eq!(row["rate_card"], "2026-10-01");
        assert_eq!(row["country"], l["country"].as_str().unwrap());
        assert_eq!(row["category"], l["category"].as_str().unwrap());
        assert_eq!(row["volume"], int(l, "volume").to_string());
        assert_eq!(
            row["billable_volume"],
            int(l, "billable_volume").to_string()
        );
        for key in ["rate", "meta_cost", "provider_cost", "tax", "total"] {
            assert_eq!(row[key], l[key].as_str().unwrap(), "{key}");
        }
        assert_eq!(row["currency"], "USD");
    }
    let total: Decimal = rows.iter().map(|r| d(&r["total"])).sum();
    assert_eq!(total, dec(&p, "total"));
    assert_eq!(total, d("11298.50"));
}

// tests/data/provider_fees.json, by hand: India marketing 10,000 in 2026-12 and 2027-01 (USD card
// 2026-10-01, 0.0118); provider 0.001 per message, 10 % markup, 49.99 a month, tax 5 %.
//   line:   meta 10,000 × 0.0118 = 118; provider 10,000 × 0.001 + 118 × 10 % = 10 + 11.80 = 21.80;
//           tax (118 + 21.80) × 5 % = 6.99; total 146.79
//   fee:    49.99, tax 49.99 × 5 % = 2.4995, total 52.4895
//   month:  146.79 + 52.4895 = 199.2795; two months 398.5590
#[test]
fn csv_platform_fee_rows_carry_the_monthly_fee_and_its_tax_so_totals_add_up() {
    let scenario = data("provider_fees.json");
    let p = estimate_json(&scenario);
    let (header, rows) = parse_csv(&estimate(&scenario, "csv"));
    assert_eq!(header, CSV_HEADER);

    let meta = d("10000") * d("0.0118");
    let provider = d("10000") * d("0.001") + meta * d("0.10");
    let tax = (meta + provider) * d("0.05");
    let line_total = meta + provider + tax;
    assert_eq!(line_total, d("146.79"));
    let fee = d("49.99");
    let fee_tax = fee * d("0.05");
    assert_eq!(fee + fee_tax, d("52.4895"));

    assert_eq!(
        rows.len(),
        4,
        "per month: one line and one platform_fee row"
    );
    for (i, month_name) in ["2026-12", "2027-01"].iter().enumerate() {
        let l = &rows[2 * i];
        assert_eq!(l["month"], *month_name);
        assert_eq!(l["country"], "IN");
        assert_eq!(l["category"], "marketing");
        assert_eq!(d(&l["meta_cost"]), meta);
        assert_eq!(d(&l["provider_cost"]), provider);
        assert_eq!(d(&l["tax"]), tax);
        assert_eq!(d(&l["total"]), line_total);

        let f = &rows[2 * i + 1];
        assert_eq!(f["month"], *month_name);
        assert_eq!(f["category"], "platform_fee");
        assert_eq!(f["country"], "");
        assert_eq!(d(&f["volume"]), Decimal::ZERO);
        assert_eq!(d(&f["meta_cost"]), Decimal::ZERO);
        assert_eq!(d(&f["provider_cost"]), fee);
        assert_eq!(d(&f["tax"]), fee_tax);
        assert_eq!(d(&f["total"]), fee + fee_tax);

        // JSON months agree: the fee is in provider_cost and its tax in tax, in no line.
        let m = month(&p, month_name);
        assert_eq!(dec(m, "platform_fee"), fee);
        assert_eq!(dec(m, "provider_cost"), provider + fee);
        assert_eq!(dec(m, "tax"), tax + fee_tax);
        assert_eq!(dec(m, "total"), line_total + fee + fee_tax);
    }
    let csv_total: Decimal = rows.iter().map(|r| d(&r["total"])).sum();
    assert_eq!(csv_total, dec(&p, "total"));
    assert_eq!(csv_total, (line_total + fee + fee_tax) * d("2"));
    assert_eq!(csv_total, d("398.559"));
}

// ---------------------------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------------------------

#[test]
fn table_shows_name_months_eras_cards_grand_total_and_warnings() {
    let table = estimate(&data("india_brazil.json"), "table");
    assert!(table.contains("India and Brazil launch"), "{table}");
    for needle in ["2026-12", "2027-01", "pmp-2026", "2026-10-01", "Total"] {
        assert!(table.contains(needle), "missing {needle:?}:\n{table}");
    }
    // 3,854.25 + 1,120 + 5,104.25 + 1,220 (see above), 2 decimals, thousands separated.
    assert!(table.contains("11,298.50"), "{table}");
    // The months' totals, too: 4,974.25 and 6,324.25.
    assert!(
        table.contains("4,974.25") && table.contains("6,324.25"),
        "{table}"
    );
    assert!(table.contains("Warnings:"), "{table}");
    assert!(
        table.contains("rates after 2026-10-01 assumed unchanged"),
        "{table}"
    );
    assert!(!table.contains("no tier data for India utility"), "{table}");
}

#[test]
fn table_is_the_default_format() {
    let out = wacost([
        OsStr::new("estimate"),
        data("india_brazil.json").as_os_str(),
    ])
    .ok();
    assert!(out.contains("11,298.50"), "{out}");
    assert!(out.contains("Warnings:"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// The worked checks of docs/PRICING.md, through the binary
// ---------------------------------------------------------------------------------------------

#[test]
fn worked_check_india_authentication_international_costs_4_60_inr() {
    // 2025-10-01 INR card: India authentication_international 2.3000. The business is eligible
    // and its primary country is AE, so India authentication is international.
    let p = estimate_json(&data("worked_auth_international_inr.json"));
    assert_eq!(p["currency"], "INR");
    let m = month(&p, "2025-10");
    assert_eq!(m["rate_card_effective"], "2025-10-01");
    assert_eq!(lines(m).len(), 1);
    let l = &lines(m)[0];
    assert_eq!(l["country"], "IN");
    assert_eq!(l["category"], "authentication_international");
    assert_eq!(int(l, "volume"), 2);
    assert_eq!(dec(l, "meta_cost"), d("2") * d("2.30"));
    assert_eq!(dec(l, "meta_cost"), d("4.6"));
    assert_eq!(dec(&p, "total"), d("4.6"));
}

#[test]
fn worked_check_uae_utility_1_200_000_in_july_2026_costs_17_800_with_tiers() {
    // 2026-07-01 USD card, UAE utility ladder: 0.0157 up to 100,000, 0.0149 to 1,000,000,
    // 0.0141 to 4,500,000.
    let p = estimate_json(&data("worked_uae_utility_tiers.json"));
    let m = month(&p, "2026-07");
    assert_eq!(m["era"], "pmp-2025");
    assert_eq!(m["rate_card_effective"], "2026-07-01");
    let l = line(m, "AE", "utility");
    assert_eq!(int(l, "billable_volume"), 1_200_000);
    assert_eq!(l["tiered"], true);
    let expected =
        d("100000") * d("0.0157") + d("900000") * d("0.0149") + d("200000") * d("0.0141");
    assert_eq!(expected, d("17800"));
    assert_eq!(dec(l, "meta_cost"), expected);
    // The list cost, 1,200,000 × 0.0157 = 18,840, is what the tiers save on.
    assert_eq!(dec(l, "list_cost"), d("1200000") * d("0.0157"));
    assert_eq!(dec(&p, "total"), expected);
}

#[test]
fn worked_check_service_free_tier_split_costs_8_25_usd() {
    // pmp-2026, 2026-10-01 USD card: India service 0.0014, Brazil service 0.0068.
    let p = estimate_json(&data("worked_service_free_tier.json"));
    let m = month(&p, "2026-10");
    assert_eq!(m["era"], "pmp-2026");
    assert_eq!(m["rate_card_effective"], "2026-10-01");
    assert_eq!(m["rates_assumed_unchanged"], false);
    let india = line(m, "IN", "service");
    let brazil = line(m, "BR", "service");
    assert_eq!(
        (int(india, "free_tier"), int(india, "billable_volume")),
        (750, 2_250)
    );
    assert_eq!(
        (int(brazil, "free_tier"), int(brazil, "billable_volume")),
        (250, 750)
    );
    assert_eq!(dec(india, "meta_cost"), d("2250") * d("0.0014")); // 3.15
    assert_eq!(dec(brazil, "meta_cost"), d("750") * d("0.0068")); // 5.10
    assert_eq!(dec(&p, "meta_cost"), d("8.25"));
    assert_eq!(dec(&p, "total"), d("8.25"));
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
}

// ---------------------------------------------------------------------------------------------
// Rate folders: --rates DIR and WACOST_RATES_HOME
// ---------------------------------------------------------------------------------------------

#[test]
fn rates_flag_card_replaces_the_shipped_card_and_says_so() {
    let dir = TempDir::new().unwrap();
    let card = write_card_with_india_marketing_0_0200(dir.path());
    let scenario = data("india_brazil.json");

    let json = wacost([
        OsStr::new("estimate"),
        scenario.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--rates"),
        dir.path().as_os_str(),
    ])
    .ok();
    let p: Value = serde_json::from_str(&json).unwrap();
    let l = line(month(&p, "2026-12"), "IN", "marketing");
    assert_eq!(dec(l, "rate"), d("0.0200"));
    assert_eq!(dec(l, "meta_cost"), d("100000") * d("0.0200")); // 2,000
    // Brazil is untouched: 40,000 × 0.0625.
    assert_eq!(
        dec(line(month(&p, "2026-12"), "BR", "marketing"), "meta_cost"),
        d("40000") * d(BR_MARKETING)
    );

    let table = wacost([
        OsStr::new("estimate"),
        scenario.as_os_str(),
        OsStr::new("--rates"),
        dir.path().as_os_str(),
    ])
    .ok();
    assert!(
        table.contains("replaces the shipped card"),
        "no notice of the replacement:\n{table}"
    );
    assert!(table.contains(&card.display().to_string()), "{table}");
}

#[test]
fn rates_home_env_card_replaces_the_shipped_card_and_says_so() {
    let home = TempDir::new().unwrap();
    let card = write_card_with_india_marketing_0_0200(home.path());
    let scenario = data("india_brazil.json");

    let json = wacost_with_rates_home(
        home.path(),
        [
            OsStr::new("estimate"),
            scenario.as_os_str(),
            OsStr::new("--format"),
            OsStr::new("json"),
        ],
    )
    .ok();
    let p: Value = serde_json::from_str(&json).unwrap();
    let l = line(month(&p, "2026-12"), "IN", "marketing");
    assert_eq!(dec(l, "rate"), d("0.0200"));
    assert_eq!(dec(l, "meta_cost"), d("100000") * d("0.0200"));

    let table =
        wacost_with_rates_home(home.path(), [OsStr::new("estimate"), scenario.as_os_str()]).ok();
    assert!(table.contains("replaces the shipped card"), "{table}");
    assert!(table.contains(&card.display().to_string()), "{table}");
}

#[test]
fn broken_rates_card_names_the_card_file_and_line() {
    let dir = TempDir::new().unwrap();
    let card = dir.path().join("2027-01-01_USD.toml");
    // Line 3 opens a string it never closes.
    std::fs::write(
        &card,
        "currency = \"USD\"\neffective = \"2027-01-01\"\nunit = \"message\nstatus = \"quoted\"\n",
    )
    .unwrap();
    let err = wacost([
        OsStr::new("estimate"),
        data("india_brazil.json").as_os_str(),
        OsStr::new("--rates"),
        dir.path().as_os_str(),
    ])
    .bad();
    assert!(
        err.contains(&format!("{}:3:", card.display())),
        "expected {}:3:… in {err}",
        card.display()
    );
}

#[test]
fn rates_flag_on_a_missing_folder_is_bad_input() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("no-such-folder");
    let err = wacost([
        OsStr::new("estimate"),
        data("india_brazil.json").as_os_str(),
        OsStr::new("--rates"),
        missing.as_os_str(),
    ])
    .bad();
    assert!(err.contains(&missing.display().to_string()), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Bad scenario files: exit 2, no panic, a message that says where and what
// ---------------------------------------------------------------------------------------------

/// Asserts the message gives the file followed by `at` (":7:" for line 7, ":6:3:" for line 6
/// column 3, ": " when no line applies), and that the message with the file name taken out (so
/// that "negative" cannot match `negative_volume.json`) contains every piece of `expected`.
/// Returns that message.
fn assert_bad_scenario(name: &str, at: &str, expected: &[&str]) -> String {
    let path = bad_data(name).display().to_string();
    let err = estimate_bad(&bad_data(name));
    assert!(
        err.contains(&format!("{path}{at}")),
        "the message does not start with {path}{at}:\n{err}"
    );
    let message = err.replace(&path, "<file>");
    for e in expected {
        assert!(message.contains(e), "missing {e:?} in:\n{err}");
    }
    message
}

#[test]
fn json_syntax_error_names_file_line_and_column() {
    // Line 5 lacks its comma; the parser stops at the key on line 6, column 3.
    assert_bad_scenario("syntax_error.json", ":6:3:", &["expected `,`"]);
}

#[test]
fn unknown_field_is_named() {
    assert_bad_scenario("unknown_field.json", ":6:", &["unknown field `colour`"]);
}

#[test]
fn negative_volume_names_the_field() {
    assert_bad_scenario(
        "negative_volume.json",
        ":7:",
        &["countries[0].marketing", "negative"],
    );
}

#[test]
fn fractional_volume_names_the_field() {
    assert_bad_scenario(
        "fractional_volume.json",
        ":7:",
        &["countries[0].utility", "whole number", "10.5"],
    );
}

#[test]
fn fep_share_above_100_is_refused() {
    assert_bad_scenario(
        "fep_share_over_100.json",
        ":6:",
        &["assumptions.fep_share_pct", "between 0 and 100", "120"],
    );
}

#[test]
fn growth_of_minus_100_percent_is_refused() {
    assert_bad_scenario(
        "growth_minus_100.json",
        ":6:",
        &["growth_pct.marketing", "above -100"],
    );
}

#[test]
fn unknown_country_suggests_the_closest() {
    assert_bad_scenario(
        "unknown_country.json",
        ":7:",
        &["countries[0].country", "\"Brasil\"", "BR (Brazil)"],
    );
}

#[test]
fn unknown_currency_lists_the_available_ones() {
    let err = assert_bad_scenario("unknown_currency.json", ": ", &["XYZ"]);
    for c in ["USD", "EUR", "INR"] {
        assert!(err.contains(c), "missing {c}:\n{err}");
    }
}

#[test]
fn start_month_before_the_first_card_is_refused() {
    // The oldest USD card is 2024-11-01.
    assert_bad_scenario(
        "before_first_card.json",
        ": ",
        &["2024-06", "before the first USD rate card", "2024-11-01"],
    );
}

#[test]
fn pinned_card_that_does_not_exist_lists_the_cards() {
    let err = assert_bad_scenario("pinned_missing_card.json", ": ", &["2026-02-01"]);
    // Every shipped USD card.
    for date in [
        "2024-11-01",
        "2025-07-01",
        "2025-10-01",
        "2026-01-01",
        "2026-04-01",
        "2026-07-01",
        "2026-10-01",
    ] {
        assert!(err.contains(date), "missing USD card {date}:\n{err}");
    }
}

#[test]
fn needed_rate_with_unknown_value_is_an_error_not_a_zero_with_strict() {
    // 2026-10-01 USD card: Iraq authentication_international = "unknown"; the business is
    // eligible with primary country AE, so Iraq authentication needs that rate. With --strict
    // it is refused (without, it is priced at an estimate: tests/cli_rules.rs).
    let path = bad_data("iraq_unknown_auth_international.json");
    let err = wacost([
        OsStr::new("estimate"),
        path.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--strict"),
    ])
    .bad();
    assert!(err.contains(&format!("{}: ", path.display())), "{err}");
    for e in [
        "2026-10-01",
        "Iraq",
        "authentication_international",
        "2026-12",
    ] {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
}

#[test]
fn volume_beyond_10_to_the_12_is_refused() {
    assert_bad_scenario(
        "volume_too_large.json",
        ":7:",
        &["countries[0].marketing", "10^12"],
    );
}

#[test]
fn growth_past_10_to_the_12_is_refused_in_the_month_it_happens() {
    // 900,000,000,000 × 1.1 = 990,000,000,000 in 2027-01 (allowed),
    // × 1.1² = 1,089,000,000,000 in 2027-02 (beyond 10^12).
    let err = assert_bad_scenario("growth_overflow.json", ": ", &["2027-02", "10^12"]);
    assert!(err.contains("1089000000000"), "{err}");
    assert!(!err.contains("2027-01"), "{err}");
}

#[test]
fn missing_scenario_file_is_named() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("no-such-plan.json");
    let err = estimate_bad(&path);
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn empty_scenario_file_is_bad_input_naming_the_file() {
    let path = bad_data("empty.json");
    let err = estimate_bad(&path);
    assert!(err.contains(&path.display().to_string()), "{err}");
}

#[test]
fn empty_scenario_file_says_it_is_empty() {
    let err = estimate_bad(&bad_data("empty.json"));
    assert!(err.contains("the file is empty"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_format_is_bad_input() {
    let err = wacost([
        OsStr::new("estimate"),
        data("india_brazil.json").as_os_str(),
        OsStr::new("--format"),
        OsStr::new("xml"),
    ])
    .bad();
    assert!(err.contains("xml"), "{err}");
}

#[test]
fn help_names_estimate_and_gui() {
    let out = wacost(["--help"]).ok();
    assert!(out.contains("estimate"), "{out}");
    assert!(out.contains("gui"), "{out}");
    assert!(out.contains("Usage"), "{out}");
}

#[test]
fn bare_wacost_without_a_display_says_so_instead_of_crashing() {
    // A bare `wacost` opens the window; with no display it must explain, not panic or hang.
    let out = Command::new(env!("CARGO_BIN_EXE_wacost"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .env("WACOST_RATES_HOME", TempDir::new().unwrap().path())
        .output()
        .expect("the wacost binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no display"), "{stderr}");
    assert!(stderr.contains("wacost --help"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn table_and_json_name_each_campaigns_own_cost_and_the_months_over_budget() {
    let dir = TempDir::new().unwrap();
    let plan = dir.path().join("walk.json");
    std::fs::write(
        &plan,
        r#"{"version": 1, "name": "Walk", "currency": "USD", "start_month": "2027-01", "months": 3,
  "countries": [
    {"country": "BR", "marketing": 200000, "utility": 50000},
    {"country": "MX", "marketing": 80000},
    {"country": "ID", "authentication": 120000}],
  "campaigns": [
    {"name": "Carnival", "month": "2027-02", "country": "BR", "category": "marketing", "volume": 300000},
    {"name": "Late", "month": "2027-06", "country": "BR", "category": "marketing", "volume": 1000}],
  "budget_monthly": "20000"}"#,
    )
    .unwrap();
    // 300,000 × 0.0625 = 18,750; February 19,016 + 18,750 = 37,766, over 20,000 by 17,766.
    let table = estimate(&plan, "table");
    assert!(
        table.contains("Carnival (2027-02, Brazil, marketing, 300,000 messages): 18,750.00 USD"),
        "{table}"
    );
    assert!(table.contains("Late (2027-06"), "{table}");
    assert!(table.contains("not counted"), "{table}");
    assert!(
        table.contains("Budget: 1 month over 20,000.00 USD (marked !): 2027-02 by 17,766.00 USD"),
        "{table}"
    );
    // The totals row: 19,016 × 3 + 18,750 = 75,798.
    let total_row = table.lines().find(|l| l.starts_with("Total ")).unwrap();
    assert!(total_row.contains("75,798.00"), "{table}");

    let p = estimate_json(&plan);
    let c = &p["campaigns"][0];
    assert_eq!(c["name"], "Carnival");
    assert_eq!(dec(c, "cost"), d("18750"));
    assert_eq!(c["counted"], true);
    assert_eq!(p["campaigns"][1]["outside_plan"], true);
    assert_eq!(dec(&p["campaigns"][1], "cost"), Decimal::ZERO);
    let over = &p["months_over_budget"][0];
    assert_eq!(over["month"], "2027-02");
    assert_eq!(dec(over, "over_by"), d("17766"));
    assert_eq!(dec(&p, "total"), d("75798"));
}

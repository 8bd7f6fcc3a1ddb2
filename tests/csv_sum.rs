//! The report CSV a spreadsheet can sum, written by the real binary: SUM of the `total` column
//! is `wacost estimate`'s total on every example plan, every row names its currency, and a
//! campaign's own cost is on its month's row without being counted twice.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::wacost;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn estimate_total(scenario: &Path) -> (Decimal, String) {
    let out = wacost(["estimate", scenario.to_str().unwrap(), "--format", "json"]).ok();
    let v: Value = serde_json::from_str(&out).unwrap();
    (
        d(v["total"].as_str().unwrap()),
        v["currency"].as_str().unwrap().to_string(),
    )
}

fn report_csv(scenario: &Path, dir: &Path) -> Vec<HashMap<String, String>> {
    let out = dir.join("out.csv");
    let r = wacost([
        "report",
        scenario.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(r.stderr.contains("wrote the CSV report"), "{}", r.stderr);
    r.ok();
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), headers.len(), "every row has every column");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// What a spreadsheet's SUM(total) gives: every non-empty cell of the column.
fn sum_total(rows: &[HashMap<String, String>]) -> Decimal {
    rows.iter()
        .filter(|r| !r["total"].is_empty())
        .map(|r| d(&r["total"]))
        .sum()
}

fn check_sums(scenario: &Path) -> Vec<HashMap<String, String>> {
    let dir = TempDir::new().unwrap();
    let rows = report_csv(scenario, dir.path());
    let (total, currency) = estimate_total(scenario);
    assert_eq!(sum_total(&rows), total, "{}", scenario.display());
    for r in &rows {
        assert_eq!(r["currency"], currency, "{r:?}");
        assert!(
            r["row"] == "line" || r["row"] == "platform_fee",
            "only rows that add up: {r:?}"
        );
    }
    rows
}

#[test]
fn sum_of_total_is_the_estimate_on_every_example_plan() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut plans: Vec<PathBuf> = vec![root.join("assets/example-scenario.json")];
    for e in std::fs::read_dir(root.join("assets/examples")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            plans.push(p);
        }
    }
    assert!(plans.len() >= 4, "{plans:?}");
    for p in plans {
        check_sums(&p);
    }
}

#[test]
fn a_campaign_and_a_platform_fee_add_up_and_the_campaign_is_picked_out() {
    let dir = TempDir::new().unwrap();
    let plan = dir.path().join("walk.json");
    std::fs::write(
        &plan,
        r#"{"version": 1, "name": "Q1 2027 Brazil Mexico Indonesia", "currency": "USD",
  "start_month": "2027-01", "months": 3, "business": {"phone_numbers": 2},
  "countries": [
    {"country": "BR", "marketing": 200000, "utility": 50000},
    {"country": "MX", "marketing": 80000},
    {"country": "ID", "authentication": 120000}],
  "campaigns": [{"name": "Carnival", "month": "2027-02", "country": "BR", "category": "marketing", "volume": 300000}],
  "provider": {"monthly_fee": "99"},
  "budget_monthly": "20000"}"#,
    )
    .unwrap();
    let rows = check_sums(&plan);
    // Meta: 19,016 a month (200,000 × 0.0625 + 50,000 × 0.0068 + 80,000 × 0.0397 +
    // 120,000 × 0.0250), × 3 + Carnival 300,000 × 0.0625 = 18,750 → 75,798; plus the provider's
    // 99 a month × 3 = 297 → 76,095.
    assert_eq!(sum_total(&rows), d("76095"));
    let fees: Vec<_> = rows.iter().filter(|r| r["row"] == "platform_fee").collect();
    assert_eq!(fees.len(), 3);
    // Carnival: on Brazil marketing in February only, 18,750 USD, inside that row's total
    // ((200,000 + 300,000) × 0.0625 = 31,250).
    let marked: Vec<_> = rows.iter().filter(|r| !r["campaign"].is_empty()).collect();
    assert_eq!(marked.len(), 1, "{marked:?}");
    let c = marked[0];
    assert_eq!(
        (
            c["month"].as_str(),
            c["country"].as_str(),
            c["category"].as_str()
        ),
        ("2027-02", "BR", "marketing")
    );
    assert_eq!(c["campaign"], "Carnival");
    assert_eq!(d(&c["campaign_cost"]), d("18750"));
    assert_eq!(d(&c["total"]), d("31250"));
    assert_eq!(c["volume"], "500000");
}

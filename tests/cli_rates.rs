//! `wacost rates list|show|import|diff` through the built binary, with a temporary per-user
//! rates folder: an imported card is stored there and prices later estimates.
//! Expected figures come from the fixtures' source (tests/data/rates-source and the changes
//! tools/gen_meta_fixtures.py lists), never from wacost's own output.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::wacost_with_rates_home;

fn meta(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/meta")
        .join(name)
}

fn run(home: &Path, args: &[&str]) -> common::Run {
    wacost_with_rates_home(home, args)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// India marketing, 10,000 messages a month for two months from 2027-01; nothing free.
fn india_scenario(dir: &Path) -> PathBuf {
    let path = dir.join("india.json");
    std::fs::write(
        &path,
        r#"{
  "version": 1,
  "name": "India promo",
  "currency": "USD",
  "start_month": "2027-01",
  "months": 2,
  "countries": [{"country": "IN", "marketing": 10000}]
}"#,
    )
    .unwrap();
    path
}

fn meta_cost(home: &Path, scenario: &Path) -> Vec<Decimal> {
    let out = run(
        home,
        &["estimate", scenario.to_str().unwrap(), "--format", "json"],
    )
    .ok();
    json(&out)["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| d(m["meta_cost"].as_str().unwrap()))
        .collect()
}

#[test]
fn an_imported_card_prices_the_next_estimate() {
    let home = TempDir::new().unwrap();
    let work = TempDir::new().unwrap();
    let scenario = india_scenario(work.path());
    // Before: the shipped 2026-10-01 card (India marketing 0.0118), assumed unchanged.
    assert_eq!(meta_cost(home.path(), &scenario), vec![d("118"), d("118")]);

    let xlsx = meta("meta-rates-USD-2027-01-01.xlsx");
    let out = run(home.path(), &["rates", "import", xlsx.to_str().unwrap()]).ok();
    assert!(
        out.contains("Read Meta's rate card USD 2027-01-01 (47 markets"),
        "{out}"
    );
    assert!(
        out.contains("kept as information: Meta Business Agent"),
        "{out}"
    );
    let stored = home.path().join("cards/2027-01-01_USD.toml");
    assert!(
        out.contains(&format!("Stored in {}", stored.display())),
        "{out}"
    );
    assert!(stored.is_file());
    // Four changed rates and six authentication-international rates that were unknown.
    assert!(
        out.contains("Against USD 2026-10-01 (the card before it): 3 rates up, 1 down, 0 added, 0 removed, 6 unknown on one side; 196 unchanged; 1 tier ladder differs"),
        "{out}"
    );

    // After: the imported card (India marketing 0.0125): 10,000 × 0.0125 = 125.
    assert_eq!(meta_cost(home.path(), &scenario), vec![d("125"), d("125")]);
    let list = run(home.path(), &["rates", "list", "--format", "json"]).ok();
    let cards = json(&list);
    let imported = cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["effective"] == "2027-01-01" && c["currency"] == "USD")
        .expect("the imported card is listed");
    assert_eq!(imported["status"], "official");
    assert_eq!(imported["origin"], stored.display().to_string());
}

#[test]
fn a_same_date_import_replaces_the_shipped_card_and_says_so() {
    let home = TempDir::new().unwrap();
    let csv = meta("meta-rates-USD-2026-10-01.csv");
    let out = run(home.path(), &["rates", "import", csv.to_str().unwrap()]).ok();
    assert!(
        out.contains("It replaces the shipped card for USD 2026-10-01."),
        "{out}"
    );
    let r = run(
        home.path(),
        &["rates", "show", "USD", "2026-10-01", "--format", "json"],
    );
    assert!(
        r.stderr.contains("replaces the shipped card"),
        "{}",
        r.stderr
    );
    let card = json(&r.ok());
    assert_eq!(card["status"], "official");
    let iraq = card["markets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["market"] == "Iraq")
        .unwrap();
    // Unknown on the shipped card; Meta's file gives it.
    assert_eq!(iraq["authentication_international"], "0.0750");
    assert_eq!(iraq["marketing"], "0.0341");
}

#[test]
fn tiers_import_onto_their_card_and_show_in_it() {
    let home = TempDir::new().unwrap();
    let tiers = meta("meta-tiers-USD-2026-10-01.xlsx");
    let out = run(home.path(), &["rates", "import", tiers.to_str().unwrap()]).ok();
    assert!(
        out.contains("Read Meta's volume tiers for USD 2026-10-01 (4 ladders)"),
        "{out}"
    );
    let card = json(
        &run(
            home.path(),
            &["rates", "show", "USD", "2026-10-01", "--format", "json"],
        )
        .ok(),
    );
    let india = card["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["market"] == "India" && t["category"] == "authentication_international")
        .unwrap();
    assert_eq!(india["bands"][0]["to"], 250000);
    assert_eq!(india["bands"][1]["from"], 250001);
    assert_eq!(india["bands"][1]["to"], Value::Null);
    assert_eq!(india["bands"][1]["rate"], "0.0289");
}

#[test]
fn check_validates_without_storing() {
    let home = TempDir::new().unwrap();
    let csv = meta("meta-rates-untitled.csv");
    let args = [
        "rates",
        "import",
        csv.to_str().unwrap(),
        "--effective",
        "2026-10-01",
        "--currency",
        "usd",
        "--check",
    ];
    let out = run(home.path(), &args).ok();
    assert!(
        out.contains("Checked only (--check): nothing was stored."),
        "{out}"
    );
    assert!(!home.path().join("cards").exists());
}

#[test]
fn broken_files_exit_2_with_the_cell_and_store_nothing() {
    let home = TempDir::new().unwrap();
    let work = TempDir::new().unwrap();
    let text = std::fs::read_to_string(meta("meta-rates-USD-2026-10-01.csv"))
        .unwrap()
        .replacen("Brazil,$US,0.0625", "Brazil,$US,-0.0625", 1);
    let bad = work.path().join("bad.csv");
    std::fs::write(&bad, text).unwrap();
    let err = run(home.path(), &["rates", "import", bad.to_str().unwrap()]).bad();
    assert!(
        err.contains(&format!(
            "{}:8: column C \"Marketing\": rate -0.0625 is not positive",
            bad.display()
        )),
        "{err}"
    );
    assert!(
        !home.path().join("cards").exists(),
        "nothing may be written"
    );

    let untitled = meta("meta-rates-untitled.csv");
    let err = run(
        home.path(),
        &["rates", "import", untitled.to_str().unwrap()],
    )
    .bad();
    assert!(err.contains("give it with --effective YYYY-MM-DD"), "{err}");
    let err = run(
        home.path(),
        &[
            "rates",
            "import",
            untitled.to_str().unwrap(),
            "--effective",
            "2026-10-32",
        ],
    )
    .bad();
    assert!(
        err.contains("--effective") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    let err = run(home.path(), &["rates", "import", "/no/such/file.csv"]).bad();
    assert!(err.contains("/no/such/file.csv"), "{err}");
    // A workbook that makes the XLSX reader panic (found by fuzzing): a message, no panic
    // output (`bad` checks stderr has none).
    let damaged = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/meta/fuzz-damaged-cell-reference.xlsx");
    let err = run(home.path(), &["rates", "import", damaged.to_str().unwrap()]).bad();
    assert!(err.contains("the file is damaged"), "{err}");
    assert!(!err.contains("overflow"), "{err}");
    let err = run(home.path(), &["rates", "show", "USD", "2026-10-02"]).bad();
    assert!(
        err.contains("no USD rate card effective 2026-10-02") && err.contains("2026-10-01"),
        "{err}"
    );
    let err = run(home.path(), &["rates", "show", "XYZW", "latest"]).bad();
    assert!(err.contains("not a currency code"), "{err}");
}

#[test]
fn diff_lists_exactly_the_changed_cells_with_their_percent() {
    let home = TempDir::new().unwrap();
    let xlsx = meta("meta-rates-USD-2027-01-01.xlsx");
    run(home.path(), &["rates", "import", xlsx.to_str().unwrap()]).ok();
    let out = run(
        home.path(),
        &[
            "rates",
            "diff",
            "USD",
            "2026-10-01",
            "latest",
            "--format",
            "json",
        ],
    )
    .ok();
    let v = json(&out);
    let changes = v["changes"].as_array().unwrap();
    let find = |m: &str, c: &str| {
        changes
            .iter()
            .find(|x| x["market"] == m && x["category"] == c)
    };
    // (0.0125 - 0.0118) / 0.0118 = 5.93 %; (0.0070 - 0.0068) / 0.0068 = 2.94 %;
    // (0.1300 - 0.1365) / 0.1365 = -4.76 %; (0.0042 - 0.0040) / 0.0040 = 5 %.
    for (m, c, before, after, pct, kind) in [
        ("India", "marketing", "0.0118", "0.0125", "5.93", "up"),
        ("Brazil", "utility", "0.0068", "0.0070", "2.94", "up"),
        ("Germany", "marketing", "0.1365", "0.1300", "-4.76", "down"),
        (
            "Rest of Africa",
            "service",
            "0.0040",
            "0.0042",
            "5.00",
            "up",
        ),
    ] {
        let x = find(m, c).unwrap_or_else(|| panic!("no change for {m} {c}"));
        assert_eq!(x["before"], before);
        assert_eq!(x["after"], after);
        assert_eq!(d(x["percent"].as_str().unwrap()), d(pct), "{m} {c}");
        assert_eq!(x["kind"], kind);
    }
    let iraq = find("Iraq", "authentication_international").unwrap();
    assert_eq!(iraq["before"], "unknown");
    assert_eq!(iraq["after"], "0.0750");
    assert_eq!(changes.len(), 10, "4 changed + 6 resolved: {changes:#?}");
    // Meta's 2027 file prints no ladders: the shipped Rest of Africa utility ladder is carried
    // to it as an estimate, which is not a change of Meta's, so no ladder is listed as changed.
    assert_eq!(v["tiers_changed"], serde_json::json!([]), "{v:#}");
    let show = json(
        &run(
            home.path(),
            &["rates", "show", "USD", "2027-01-01", "--format", "json"],
        )
        .ok(),
    );
    let africa = show["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["market"] == "Rest of Africa" && t["category"] == "utility")
        .expect("an estimated Rest of Africa utility ladder");
    assert!(
        africa["estimated"]
            .as_str()
            .unwrap()
            .contains("Meta's USD ladder of 2026-10-01"),
        "{africa:#}"
    );

    let table = run(
        home.path(),
        &["rates", "diff", "USD", "2026-10-01", "2027-01-01"],
    )
    .ok();
    assert!(
        table.contains("+5.9%") && table.contains("-4.8%"),
        "{table}"
    );
}

#[test]
fn diff_with_a_scenario_prices_the_plan_under_both_cards() {
    let home = TempDir::new().unwrap();
    let work = TempDir::new().unwrap();
    let xlsx = meta("meta-rates-USD-2027-01-01.xlsx");
    run(home.path(), &["rates", "import", xlsx.to_str().unwrap()]).ok();
    let scenario = india_scenario(work.path());
    let args = [
        "rates",
        "diff",
        "USD",
        "2026-10-01",
        "2027-01-01",
        "--scenario",
        scenario.to_str().unwrap(),
        "--format",
        "json",
    ];
    let v = json(&run(home.path(), &args).ok());
    let plan = &v["plan"];
    // 10,000 × 0.0118 = 118 and 10,000 × 0.0125 = 125 a month, two months.
    assert_eq!(d(plan["total_a"].as_str().unwrap()), d("236"));
    assert_eq!(d(plan["total_b"].as_str().unwrap()), d("250"));
    assert_eq!(d(plan["difference"].as_str().unwrap()), d("14"));
    assert_eq!(plan["months"][1]["month"], "2027-02");
    assert_eq!(d(plan["months"][1]["difference"].as_str().unwrap()), d("7"));
    assert_eq!(plan["countries"][0]["country"], "IN");
    assert_eq!(
        d(plan["countries"][0]["total_b"].as_str().unwrap()),
        d("250")
    );
}

/// Reliability probe D17: a good rate file whose card cannot be stored (the rates folder cannot
/// be made) exits 1, as a report that cannot be written does; bad input exits 2.
#[test]
fn a_card_that_cannot_be_stored_exits_1_like_a_report_that_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the rates folder should be").unwrap();
    let meta = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/meta/meta-rates-USD-2026-10-01.csv");
    let r = common::wacost_with_rates_home(
        &blocker.join("rates"),
        ["rates".as_ref(), "import".as_ref(), meta.as_os_str()],
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("not-a-folder"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&blocker).unwrap(),
        "a file where the rates folder should be"
    );
}

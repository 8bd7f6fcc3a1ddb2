//! `wacost import` through the real binary on the fixture files: the JSON contract of issue 4,
//! CSV and table output, presets, bad input, and `report --actuals` with a message log.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::wacost;
use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/usage")
        .join(name)
        .display()
        .to_string()
}

fn json(args: &[&str]) -> Value {
    let out = wacost(args).ok();
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"))
}

#[test]
fn json_output_has_the_fields_other_tools_rely_on() {
    let v = json(&[
        "import",
        &fixture("pricing_analytics.json"),
        "--format",
        "json",
    ]);
    assert_eq!(v["rows_used"], 10);
    assert_eq!(v["rows_skipped"], 0);
    assert_eq!(v["layout"], "pricing_analytics");
    let actuals = v["actuals"].as_array().unwrap();
    assert_eq!(actuals.len(), 10);
    for a in actuals {
        for key in [
            "month",
            "country",
            "category",
            "pricing_type",
            "volume",
            "reported_cost",
        ] {
            assert!(a.get(key).is_some(), "{key} missing in {a}");
        }
        let pt = a["pricing_type"].as_str().unwrap();
        assert!(
            [
                "regular",
                "free_customer_service",
                "free_entry_point",
                "free_tier"
            ]
            .contains(&pt),
            "{pt}"
        );
    }
    // The FEP point had no cost: null, not zero. Categories are spelled as in `estimate`.
    let fep = actuals
        .iter()
        .find(|a| a["pricing_type"] == "free_entry_point")
        .unwrap();
    assert_eq!(fep["reported_cost"], Value::Null);
    assert!(
        actuals
            .iter()
            .any(|a| a["category"] == "authentication_international")
    );
    let estimate = json(&[
        "estimate",
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example-scenario.json"),
        "--format",
        "json",
    ]);
    let estimate_categories: Vec<&str> = estimate["months"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["category"].as_str().unwrap())
        .collect();
    assert!(estimate_categories.contains(&"marketing"));
    let months = v["months"].as_array().unwrap();
    assert_eq!(months.len(), 2);
    for m in months {
        for key in ["month", "recomputed_cost", "reported_cost"] {
            assert!(m.get(key).is_some(), "{key} missing in {m}");
        }
    }
    // September: India marketing 400 × 0.0118 (July card), reported 4.72.
    assert_eq!(months[0]["month"], "2026-09");
    assert_eq!(months[0]["recomputed_cost"], "4.72");
    assert_eq!(months[0]["reported_cost"], "4.72");
    // October reported 155.56 (the data points' costs).
    assert_eq!(months[1]["reported_cost"], "155.56");
    // Meta's analytics do not state their currency: the reported costs are shown but not
    // compared until the currency is named.
    assert_eq!(v["reported_currency"], Value::Null);
    assert_eq!(v["reported_compared"], false);
    assert_eq!(months[1]["difference"], Value::Null);
    let rec = v["reconciliation"].as_array().unwrap();
    let mexico = rec.iter().find(|r| r["market"] == "Mexico").unwrap();
    assert_eq!(mexico["causes"], serde_json::json!([]));
    let named = json(&[
        "import",
        &fixture("pricing_analytics.json"),
        "--format",
        "json",
        "--currency",
        "USD",
    ]);
    assert_eq!(named["reported_currency"], "USD");
    assert_eq!(named["reported_compared"], true);
    let rec = named["reconciliation"].as_array().unwrap();
    let mexico = rec.iter().find(|r| r["market"] == "Mexico").unwrap();
    assert!(
        mexico["causes"][0]
            .as_str()
            .unwrap()
            .starts_with("rate change")
    );
}

#[test]
fn csv_and_table_outputs_carry_the_same_actuals() {
    let out = wacost(["import", &fixture("message_log.csv"), "--format", "csv"]).ok();
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "section");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let actual: Vec<_> = rows.iter().filter(|r| &r[0] == "actual").collect();
    // CA, IN marketing, IN utility, KZ, RU, US.
    assert_eq!(actual.len(), 6);
    let total: u64 = actual.iter().map(|r| r[5].parse::<u64>().unwrap()).sum();
    assert_eq!(total, 8);
    let table = wacost(["import", &fixture("message_log.csv")]).ok();
    assert!(table.contains("8 rows used, 2 skipped"), "{table}");
    assert!(
        table.contains("not counted: 1 rows with status \"failed\""),
        "{table}"
    );
    assert!(
        table.contains("skipped line 13: \"not-a-number\""),
        "{table}"
    );
}

#[test]
fn bad_files_and_flags_exit_2_with_the_file_named() {
    let e = wacost(["import", &fixture("broken/truncated.json")]).bad();
    assert!(e.contains("truncated.json:1:"), "{e}");
    assert!(e.contains("ends early"), "{e}");
    let e = wacost(["import", &fixture("broken/unknown_headers.csv")]).bad();
    assert!(e.contains("found the headers \"a, b, c\""), "{e}");
    let e = wacost(["import", "/no/such/file.csv"]).bad();
    assert!(e.contains("/no/such/file.csv"), "{e}");
    let e = wacost(["import", &fixture("provider_daily.csv")]).bad();
    assert!(e.contains("--country"), "{e}");
    let e = wacost([
        "import",
        &fixture("provider_daily.csv"),
        "--country",
        "Narnia",
    ])
    .bad();
    assert!(e.contains("--country \"Narnia\""), "{e}");
    let e = wacost(["import", &fixture("broken/ambiguous_dates.csv")]).bad();
    assert!(e.contains("--dates dmy"), "{e}");
    let out = wacost([
        "import",
        &fixture("broken/ambiguous_dates.csv"),
        "--dates",
        "mdy",
        "--format",
        "json",
    ])
    .ok();
    let v: Value = serde_json::from_str(&out).unwrap();
    // 03/04/2026 and 05/06/2026 month-first: March and May.
    let months: Vec<&str> = v["actuals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-03", "2026-05"]);
}

fn with_presets(presets: &Path, args: &[&str]) -> (i32, String, String) {
    let rates = tempfile::TempDir::new().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wacost"))
        .args(args)
        .env("WACOST_PRESETS", presets)
        .env("WACOST_RATES_HOME", rates.path())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_mapping_saved_as_a_preset_reads_the_next_file() {
    let dir = tempfile::TempDir::new().unwrap();
    let file: PathBuf = dir.path().join("crm.csv");
    // Headers no layout knows: the user maps them.
    std::fs::write(
        &file,
        "Kunde;Gesendet;Zustand\n+4915112345678;05.10.2026;zugestellt\n+4915112345679;06.10.2026;delivered\n",
    )
    .unwrap();
    let presets = dir.path().join("presets.json");
    let f = file.display().to_string();
    let (code, _, err) = with_presets(&presets, &["import", &f]);
    assert_eq!(code, 2);
    assert!(
        err.contains("found the headers \"Kunde, Gesendet, Zustand\""),
        "{err}"
    );
    let (code, out, err) = with_presets(
        &presets,
        &[
            "import",
            &f,
            "--map",
            "phone=Kunde",
            "--map",
            "date=Gesendet",
            "--map",
            "status=Zustand",
            "--category",
            "marketing",
            "--dates",
            "dmy",
            "--save-preset",
            "crm",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("saved preset \"crm\""), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows_used"], 1);
    assert_eq!(v["not_counted"]["zugestellt"], 1);
    assert_eq!(v["actuals"][0]["country"], "DE");
    // The saved preset reads the file again by name.
    let (code, out2, err) = with_presets(
        &presets,
        &["import", &f, "--preset", "crm", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v2: Value = serde_json::from_str(&out2).unwrap();
    assert_eq!(v2["actuals"], v["actuals"]);
    let (code, _, err) = with_presets(&presets, &["import", &f, "--preset", "nope"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no preset \"nope\"; saved presets: crm"),
        "{err}"
    );
}

#[test]
fn a_report_sets_a_message_log_beside_the_plan() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("r.csv");
    wacost([
        "report",
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example-scenario.json"),
        "-o",
        out.to_str().unwrap(),
        "--actuals",
        &fixture("message_log.csv"),
    ])
    .ok();
    let text = std::fs::read_to_string(&out).unwrap();
    let actual_rows: Vec<&str> = text.lines().filter(|l| l.contains(",actual,")).collect();
    assert!(!actual_rows.is_empty(), "{text}");
    // The log's eight counted messages, all in October 2026.
    assert!(
        actual_rows
            .iter()
            .any(|l| l.contains("2026-10") && l.contains(",8,")),
        "{actual_rows:?}"
    );
}

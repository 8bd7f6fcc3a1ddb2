//! The rules of late 2026 through the built binary (issue 14): a rate the card lists as unknown
//! is priced at the best estimate with a warning, and `--strict` keeps the refusal, in
//! `estimate`, `report`, `compare` and `solve`; a government's free service and the home
//! currency warning reach the JSON. Expected amounts are worked out by hand from the shipped
//! rates, quoted next to them.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::wacost;

/// Iraq authentication for a UAE business eligible for the international rate, December 2026:
/// the USD 2026-10-01 card lists Iraq's international rate as unknown (authentication 0.0079).
const IRAQ: &str = r#"{"version": 1, "currency": "USD", "start_month": "2026-12", "months": 1,
  "business": {"primary_country": "AE", "auth_international_eligible": true},
  "countries": [{"country": "IQ", "authentication": 100}]}"#;

/// The old refusal, word for word up to the country.
const REFUSAL: &str = "the USD 2026-10-01 card lists an authentication_international rate for Iraq but its value is not known; it is needed for IQ (Iraq) in 2026-12";

fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn args<'a>(path: &'a Path, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![path.to_str().unwrap()];
    v.extend_from_slice(rest);
    v
}

fn run(command: &str, path: &Path, rest: &[&str]) -> common::Run {
    let mut a = vec![command];
    a.extend(args(path, rest));
    wacost(&a)
}

#[test]
fn estimate_prices_an_unknown_rate_at_the_estimate_and_says_so() {
    let dir = TempDir::new().unwrap();
    let plan = write(&dir, "iraq.json", IRAQ);

    let table = run("estimate", &plan, &[]).ok();
    assert!(
        table.contains(
            "Iraq authentication_international on the USD 2026-10-01 card is not known: priced at 0.0079"
        ),
        "{table}"
    );
    assert!(table.contains("for IQ in 2026-12"), "{table}");
    assert!(table.contains("likely higher"), "{table}");

    let json: Value =
        serde_json::from_str(&run("estimate", &plan, &["--format", "json"]).ok()).unwrap();
    // 100 × 0.0079 = 0.79.
    assert_eq!(json["total"], "0.7900");
    let line = &json["months"][0]["lines"][0];
    assert_eq!(line["category"], "authentication_international");
    assert_eq!(line["rate"], "0.0079");
    let warnings: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("Iraq authentication_international") && w.contains("2026-12")),
        "{warnings:?}"
    );
}

#[test]
fn strict_keeps_the_refusal_in_every_command_that_prices_a_plan() {
    let dir = TempDir::new().unwrap();
    let plan = write(&dir, "iraq.json", IRAQ);
    let csv = dir.path().join("out.csv");
    let csv = csv.to_str().unwrap();
    let solve = [
        "--budget",
        "100",
        "--per",
        "month",
        "--scale",
        "country:IQ:authentication",
    ];

    let err = run("estimate", &plan, &["--strict"]).bad();
    assert!(err.contains(REFUSAL), "{err}");
    assert!(
        err.contains("import Meta's official card or change the plan"),
        "{err}"
    );

    let err = run("report", &plan, &["-o", csv, "--strict"]).bad();
    assert!(err.contains(REFUSAL), "{err}");
    assert!(!Path::new(csv).exists(), "nothing written");
    run("report", &plan, &["-o", csv]).ok();
    assert!(Path::new(csv).exists());

    let err = run("compare", &plan, &["--strict"]).bad();
    assert!(err.contains(REFUSAL), "{err}");
    run("compare", &plan, &[]).ok();

    let mut strict = solve.to_vec();
    strict.push("--strict");
    let err = run("solve", &plan, &strict).bad();
    assert!(err.contains(REFUSAL), "{err}");
    // 100 USD a month at 0.0079 buys 12,658 codes (12,658 × 0.0079 = 99.9982).
    let out = run(
        "solve",
        &plan,
        &[&solve[..], &["--format", "json"]].concat(),
    )
    .ok();
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["volume"], 12_658, "{json}");
}

#[test]
fn strict_is_explained_in_each_commands_help() {
    for command in ["estimate", "report", "compare", "solve"] {
        let help = wacost([command, "--help"]).ok();
        assert!(
            help.contains("--strict")
                && help.contains(
                    "Refuse a plan that needs a rate Meta lists but wacost does not know"
                ),
            "{command}:\n{help}"
        );
    }
}

#[test]
fn a_government_pays_no_service_and_an_india_based_plan_in_usd_is_warned() {
    let dir = TempDir::new().unwrap();
    // India service 5,000 a month, December 2026 and January 2027; USD 2026-10-01 India service
    // 0.0014. A government: 1,000 from the allowance, 4,000 free outright, nothing charged.
    let plan = write(
        &dir,
        "gov.json",
        r#"{"version": 1, "currency": "USD", "start_month": "2026-12", "months": 2,
            "business": {"primary_country": "IN", "government_or_nonprofit": true},
            "countries": [{"country": "IN", "service": 5000}]}"#,
    );
    let json: Value =
        serde_json::from_str(&run("estimate", &plan, &["--format", "json"]).ok()).unwrap();
    assert_eq!(json["total"], "0");
    for month in json["months"].as_array().unwrap() {
        assert_eq!(month["savings"]["free_tier"], "1.4000"); // 1,000 × 0.0014
        assert_eq!(month["savings"]["customer_service"], "5.6000"); // 4,000 × 0.0014
    }
    let warnings = json["warnings"].to_string();
    assert!(
        warnings.contains("billed in INR from 2027-01-01")
            && warnings.contains("the plan prices 2027-01 in USD"),
        "{warnings}"
    );
}

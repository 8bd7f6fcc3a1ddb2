//! `wacost solve` through the built binary: the answer's JSON, the solved plan written with
//! `-o` (the budget holds in every month, and one more message goes over it in the binding
//! month, checked with `wacost estimate`), no answer (exit 1, the reason), and bad input (exit
//! 2). Expected volumes are worked out by hand from the shipped rates, quoted next to them.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;
use tempfile::TempDir;
use wacost::io::scenario_file::read_plan;

mod common;
use common::wacost;

fn three() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/variants/three.json")
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?} is not a decimal: {e}"))
}

fn dec(v: &Value) -> Decimal {
    d(v.as_str()
        .unwrap_or_else(|| panic!("{v} is not a decimal string")))
}

fn parse(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
}

/// `wacost estimate FILE [--variant NAME] --format json`.
fn estimate(file: &Path, variant: Option<&str>) -> Value {
    let mut args = vec!["estimate", file.to_str().unwrap(), "--format", "json"];
    if let Some(v) = variant {
        args.extend(["--variant", v]);
    }
    parse(&wacost(&args).ok())
}

/// Each month's total from `estimate`'s JSON.
fn month_totals(estimate: &Value) -> Vec<(String, Decimal)> {
    estimate["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["month"].as_str().unwrap().to_string(), dec(&m["total"])))
        .collect()
}

/// A copy of the plan file with `add` more base messages of Brazil's marketing in `variant`.
fn with_more_brazil_marketing(file: &Path, variant: &str, add: u64, out: &Path) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let plan = v["variants"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["name"] == variant)
        .unwrap();
    let brazil = plan["countries"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["country"] == "BR")
        .unwrap();
    let now = brazil["marketing"].as_u64().unwrap();
    brazil["marketing"] = (now + add).into();
    std::fs::write(out, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[test]
fn the_solved_plan_keeps_every_month_within_the_budget_and_one_more_message_breaks_it() {
    let dir = TempDir::new().unwrap();
    let solved = dir.path().join("solved.json");
    let input = three();
    let before = std::fs::read(&input).unwrap();
    let run = wacost([
        "solve",
        input.to_str().unwrap(),
        "--budget",
        "5000",
        "--per",
        "month",
        "--scale",
        "country:BR:marketing",
        "--format",
        "json",
        "-o",
        solved.to_str().unwrap(),
    ]);
    assert!(run.stderr.contains("wrote the plan"), "{}", run.stderr);
    let answer = parse(&run.ok());
    let keys: Vec<&str> = answer
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "scale",
            "volume",
            "multiplier",
            "total",
            "binding_month",
            "headroom",
            "budget",
            "per",
            "unit",
            "within_budget",
            "reason",
            "variant",
            "currency"
        ]
    );
    assert_eq!(answer["scale"], "country:BR:marketing");
    // By hand: "Base" costs 4,515.80 USD every month; a marketing message to Brazil costs
    // 0.0625 (the 2026-10-01 USD card) + 0.005 provider fee = 0.0675 with no tax, so the
    // 484.20 left buys 7,173 more (7,173.33 rounded down) on top of the 40,000 planned.
    assert_eq!(answer["volume"], 47_173);
    assert!(answer["multiplier"].is_null());
    assert_eq!(dec(&answer["budget"]), d("5000"));
    assert_eq!(answer["per"], "month");
    assert_eq!(answer["unit"], "month");
    assert_eq!(answer["within_budget"], true);
    assert!(answer["reason"].is_null());
    assert_eq!(answer["variant"], "Base");
    assert_eq!(answer["currency"], "USD");
    // Every month costs the same, so the first to go over is the first.
    assert_eq!(answer["binding_month"], "2027-01");
    // 4,515.80 + 7,173 × 0.0675 = 4,999.9775: 0.0225 left.
    assert_eq!(dec(&answer["headroom"]), d("0.0225"));
    assert_eq!(dec(&answer["total"]), d("4999.9775") * Decimal::from(3));

    // The input is untouched; the solved file keeps every variant, only Base changed.
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let original = read_plan(&input).unwrap();
    let written = read_plan(&solved).unwrap();
    assert_eq!(written.names(), original.names());
    assert_eq!(written.variants[1], original.variants[1]);
    assert_eq!(written.variants[2], original.variants[2]);
    let brazil = written.variants[0]
        .countries
        .iter()
        .find(|c| c.country.code() == "BR")
        .unwrap();
    assert_eq!(brazil.marketing, 47_173);

    // The budget holds in every month of the solved plan...
    let budget = d("5000");
    let e = estimate(&solved, None);
    for (month, total) in month_totals(&e) {
        assert!(total <= budget, "{month}: {total} over {budget}");
    }
    // ...and one more message a month puts the binding month over it.
    let more = dir.path().join("more.json");
    with_more_brazil_marketing(&solved, "Base", 1, &more);
    let e = estimate(&more, None);
    let (month, total) = month_totals(&e)
        .into_iter()
        .find(|(m, _)| m == "2027-01")
        .unwrap();
    assert!(total > budget, "{month}: {total} within {budget}");
}

#[test]
fn a_per_day_line_is_solved_a_day_at_a_time_in_its_variant() {
    let dir = TempDir::new().unwrap();
    let solved = dir.path().join("daily.json");
    let answer = parse(
        &wacost([
            "solve",
            three().to_str().unwrap(),
            "--budget",
            "6k",
            "--per",
            "month",
            "--scale",
            "country:BR:marketing",
            "--variant",
            "daily brazil",
            "--format",
            "json",
            "-o",
            solved.to_str().unwrap(),
        ])
        .ok(),
    );
    assert_eq!(answer["variant"], "Daily Brazil");
    assert_eq!(answer["unit"], "day");
    assert_eq!(dec(&answer["budget"]), d("6000"));
    // By hand: January has 31 days, so it binds. It costs 5,462.92 USD (46,500 marketing at
    // 0.0625, 9,300 utility at 0.0068 less the free allowance, India's 100,000 marketing at
    // 0.0118 and 3,000 service, 0.005 a message, 20 platform fee, all + 10 % tax); one more
    // message a day adds 31 × 0.0675 × 1.1 = 2.30175, so 537.08 ÷ 2.30175 = 233.3: 1,733.
    assert_eq!(answer["volume"], 1_733);
    assert_eq!(answer["binding_month"], "2027-01");
    let written = read_plan(&solved).unwrap();
    assert_eq!(
        written.variants[0],
        read_plan(&three()).unwrap().variants[0]
    );
    let budget = d("6000");
    for (month, total) in month_totals(&estimate(&solved, Some("Daily Brazil"))) {
        assert!(total <= budget, "{month}: {total}");
    }
    let more = dir.path().join("more.json");
    with_more_brazil_marketing(&solved, "Daily Brazil", 1, &more);
    let over: Vec<String> = month_totals(&estimate(&more, Some("Daily Brazil")))
        .into_iter()
        .filter(|(_, t)| *t > budget)
        .map(|(m, _)| m)
        .collect();
    assert!(over.contains(&"2027-01".to_string()), "{over:?}");
}

#[test]
fn the_answer_in_words_names_the_budget_volume_and_binding_month() {
    let out = wacost([
        "solve",
        three().to_str().unwrap(),
        "--budget",
        "20k",
        "--per",
        "month",
        "--scale",
        "country:BR:marketing",
    ])
    .ok();
    // By hand: (20,000 − 4,515.80) ÷ 0.0675 = 229,395.5 → 229,395 more than the 40,000 planned.
    assert!(
        out.contains(
            "20,000 USD a month buys 269,395 marketing messages to Brazil a month; January 2027 binds."
        ),
        "{out}"
    );
    // A campaign: February without Carnival costs 4,515.80 as every month of Base does, so
    // (20,000 − 4,515.80) ÷ 0.0675 = 229,395.5 → 229,395 messages; named as the file spells it.
    let out = wacost([
        "solve",
        three().to_str().unwrap(),
        "--variant",
        "With Carnival",
        "--budget",
        "20000",
        "--per",
        "month",
        "--scale",
        "campaign:carnival",
    ])
    .ok();
    assert!(
        out.contains(
            "20,000 USD a month buys 229,395 messages in the campaign \"Carnival\"; February 2027 binds."
        ),
        "{out}"
    );
    let out = wacost([
        "solve",
        three().to_str().unwrap(),
        "--budget",
        "50000",
        "--per",
        "plan",
        "--scale",
        "plan",
        "--format",
        "json",
    ])
    .ok();
    let answer = parse(&out);
    assert_eq!(answer["per"], "plan");
    assert!(answer["binding_month"].is_null());
    let multiplier = dec(&answer["multiplier"]);
    assert!(multiplier > Decimal::ONE, "{multiplier}");
    assert!(dec(&answer["total"]) <= d("50000"));
    assert!(dec(&answer["headroom"]) >= Decimal::ZERO);
}

#[test]
fn when_even_no_volume_fits_it_says_why_and_exits_1() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("never.json");
    let run = wacost([
        "solve",
        three().to_str().unwrap(),
        "--budget",
        "100",
        "--per",
        "month",
        "--scale",
        "country:BR:marketing",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let answer = parse(&run.stdout);
    assert_eq!(answer["volume"], 0);
    assert_eq!(answer["within_budget"], false);
    let reason = answer["reason"].as_str().unwrap();
    // By hand: without Brazil's marketing, January still costs 4,515.80 − 40,000 × 0.0675 =
    // 1,815.80.
    assert!(
        reason.contains("even with none of marketing messages to Brazil")
            && reason.contains("1815.80 USD")
            && reason.contains("over the budget of 100 USD"),
        "{reason}"
    );
    assert!(run.stderr.contains(reason), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!out.exists(), "no solved plan is written without an answer");

    // In words: the reason on stderr, exit 1.
    let run = wacost([
        "solve",
        three().to_str().unwrap(),
        "--budget",
        "100",
        "--per",
        "month",
        "--scale",
        "country:BR:marketing",
    ]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("even with none of"), "{}", run.stderr);
}

#[test]
fn bad_budgets_targets_and_outputs_are_bad_input() {
    let input = three();
    let path = input.to_str().unwrap();
    let cases: [(&[&str], &str); 8] = [
        (
            &["--budget", "lots", "--per", "month", "--scale", "plan"],
            "--budget: \"lots\" is not a number",
        ),
        (
            &["--budget", "0", "--per", "month", "--scale", "plan"],
            "must be more than 0",
        ),
        (
            &["--budget", "-5", "--per", "month", "--scale", "plan"],
            "must be more than 0",
        ),
        (
            &["--budget", "100", "--per", "week", "--scale", "plan"],
            "--per: \"week\": expected month or plan",
        ),
        (
            &[
                "--budget",
                "100",
                "--per",
                "month",
                "--scale",
                "countries:BR",
            ],
            "--scale: \"countries:BR\": expected plan, country:BR",
        ),
        (
            &["--budget", "100", "--per", "month", "--scale", "country:XX"],
            "unknown country code \"XX\"",
        ),
        (
            &[
                "--budget",
                "100",
                "--per",
                "month",
                "--scale",
                "campaign:Black Friday",
            ],
            "none is called \"Black Friday\"",
        ),
        (
            &["--budget", "100", "--per", "month", "--scale", "country:DE"],
            "Germany is not in the plan",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["solve", path];
        all.extend_from_slice(args);
        let err = wacost(&all).bad();
        assert!(err.contains(want), "{args:?}: {want:?} not in {err}");
    }
    // A campaign of another variant is named with its file.
    let err = wacost([
        "solve",
        path,
        "--variant",
        "With Carnival",
        "--budget",
        "100",
        "--per",
        "month",
        "--scale",
        "campaign:Nope",
    ])
    .bad();
    assert!(
        err.contains("three.json") && err.contains("the plan's campaigns are: Carnival"),
        "{err}"
    );

    // -o naming the input is refused before anything is read or written.
    let dir = TempDir::new().unwrap();
    let copy = dir.path().join("plan.json");
    std::fs::copy(&input, &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let err = wacost([
        "solve",
        copy.to_str().unwrap(),
        "--budget",
        "5000",
        "--per",
        "month",
        "--scale",
        "country:BR:marketing",
        "-o",
        dir.path().join("./plan.json").to_str().unwrap(),
    ])
    .bad();
    assert!(err.contains("would overwrite the input plan"), "{err}");
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

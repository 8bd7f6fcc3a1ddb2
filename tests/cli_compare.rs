//! `wacost compare` and `--variant` through the built binary, on the hand-written three-variant
//! plan file `tests/data/variants/three.json` (version 2, as `plan_to_json` writes it).
//!
//! Expected numbers are worked out by hand (quoted next to each) or computed here with the
//! library's own `compare` on the shipped rates; none is copied from the program's output.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;
use wacost::domain::compare::{Comparison, DriverKind, VariantRef, compare};
use wacost::domain::variants::PlanSet;
use wacost::io::rates::embedded_book;
use wacost::io::scenario_file::read_plan;

mod common;
use common::wacost;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/variants")
        .join(name)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?} is not a decimal: {e}"))
}

/// A decimal written as an exact string.
fn dec(v: &Value) -> Decimal {
    d(v.as_str()
        .unwrap_or_else(|| panic!("{v} is not a decimal string")))
}

fn opt_dec(v: &Value) -> Option<Decimal> {
    if v.is_null() { None } else { Some(dec(v)) }
}

fn json(args: &[&str]) -> Value {
    let out = wacost(args).ok();
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
}

/// The library's comparison of a file's variants, labelled by their names.
fn library_comparison(set: &PlanSet) -> Comparison {
    let refs: Vec<VariantRef<'_>> = set
        .variants
        .iter()
        .map(|v| VariantRef {
            label: &v.name,
            scenario: v,
        })
        .collect();
    compare(&refs, &embedded_book()).unwrap()
}

#[test]
fn compare_json_has_every_variant_month_and_country_field_by_field() {
    let file = data("three.json");
    let path = file.to_str().unwrap();
    let v = json(&["compare", path, "--format", "json"]);
    let set = read_plan(&file).unwrap();
    assert_eq!(set.names(), ["Base", "With Carnival", "Daily Brazil"]);
    let c = library_comparison(&set);

    assert_eq!(v["currency"], "USD");
    let variants = v["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 3);
    for (i, (got, want)) in variants.iter().zip(&c.variants).enumerate() {
        assert_eq!(got["name"], set.variants[i].name.as_str());
        assert_eq!(got["file"], path);
        assert_eq!(got["currency"], "USD");
        assert_eq!(dec(&got["total"]), want.total, "{i}");
        assert_eq!(dec(&got["average_month"]), want.average_month, "{i}");
        assert_eq!(dec(&got["meta_cost"]), want.meta_cost, "{i}");
        assert_eq!(dec(&got["provider_cost"]), want.provider_cost, "{i}");
        assert_eq!(dec(&got["tax"]), want.tax, "{i}");
        assert_eq!(dec(&got["free_savings"]), want.free_savings, "{i}");
        assert_eq!(got["volume"].as_u64(), Some(want.volume), "{i}");
        assert_eq!(
            got["months_over_budget"].as_u64(),
            want.months_over_budget.map(|n| n as u64),
            "{i}"
        );
        // The first is compared with itself: 0.
        let diff = opt_dec(&got["difference_to_first"]);
        assert_eq!(diff, Some(want.difference.unwrap_or(Decimal::ZERO)), "{i}");
        assert_eq!(diff.unwrap(), want.total - c.variants[0].total, "{i}");
        let drivers = got["drivers"].as_array().unwrap();
        assert_eq!(drivers.len(), c.drivers[i].len(), "{i}");
        for (g, w) in drivers.iter().zip(&c.drivers[i]) {
            assert_eq!(dec(&g["amount"]), w.amount);
            let kind = g["kind"].as_str().unwrap();
            match w.kind {
                DriverKind::Country(country) => {
                    assert_eq!(kind, "country");
                    assert_eq!(g["name"], country.name());
                }
                DriverKind::Category(cat) => {
                    assert_eq!(kind, "category");
                    assert_eq!(g["name"], cat.label());
                }
                DriverKind::ProviderFees => assert_eq!(kind, "provider_fees"),
                DriverKind::Tax => assert_eq!(kind, "tax"),
                DriverKind::FreeAllowance => assert_eq!(kind, "free_allowance"),
                DriverKind::FreeWindows => assert_eq!(kind, "free_windows"),
                DriverKind::VolumeTiers => assert_eq!(kind, "volume_tiers"),
            }
        }
    }
    assert!(variants[0]["drivers"].as_array().unwrap().is_empty());

    // By hand: "With Carnival" is "Base" plus 150,000 marketing messages to Brazil in 2027-02,
    // at Brazil's marketing rate of 0.0625 USD (rates/cards/2026-10-01_USD.toml, assumed
    // unchanged after it) plus the provider's 0.005 a message: 150,000 × 0.0675 = 10,125.
    assert_eq!(dec(&variants[1]["difference_to_first"]), d("10125"));
    let carnival = variants[1]["drivers"].as_array().unwrap();
    assert!(
        carnival.iter().any(|x| x["kind"] == "country"
            && x["name"] == "Brazil"
            && dec(&x["amount"]) == d("10125")),
        "{carnival:?}"
    );
    assert!(
        carnival
            .iter()
            .any(|x| x["kind"] == "provider_fees" && dec(&x["amount"]) == d("750")),
        "150,000 × 0.005 = 750 of provider fees: {carnival:?}"
    );
    // The budget is 5,000 a month; only Carnival's month goes over it.
    assert_eq!(variants[0]["months_over_budget"], 0);
    assert_eq!(variants[1]["months_over_budget"], 1);

    // Months: the three months of the plan, each variant's cost and its difference to the first.
    let months = v["months"].as_array().unwrap();
    assert_eq!(months.len(), 3);
    for (got, want) in months.iter().zip(&c.months) {
        assert_eq!(got["month"], want.month.to_string());
        let costs = got["costs"].as_array().unwrap();
        let diffs = got["differences"].as_array().unwrap();
        assert_eq!(costs.len(), 3);
        for k in 0..3 {
            assert_eq!(opt_dec(&costs[k]), want.costs[k]);
            assert_eq!(opt_dec(&diffs[k]), c.month_difference(want, k));
            assert_eq!(
                opt_dec(&diffs[k]).unwrap(),
                want.costs[k].unwrap() - want.costs[0].unwrap()
            );
        }
    }
    assert_eq!(months[1]["month"], "2027-02");
    assert_eq!(dec(&months[1]["differences"][1]), d("10125"));
    assert_eq!(dec(&months[0]["differences"][1]), Decimal::ZERO);

    // Countries: Brazil first (dearest in the first variant), then India.
    let countries = v["countries"].as_array().unwrap();
    assert_eq!(countries.len(), c.countries.len());
    assert_eq!(countries[0]["country"], "BR");
    assert_eq!(countries[0]["name"], "Brazil");
    assert_eq!(countries[1]["country"], "IN");
    for (got, want) in countries.iter().zip(&c.countries) {
        assert_eq!(got["country"], want.country.code());
        for k in 0..3 {
            assert_eq!(dec(&got["costs"][k]), want.costs[k]);
            assert_eq!(dec(&got["differences"][k]), want.costs[k] - want.costs[0]);
        }
    }
    assert_eq!(dec(&countries[0]["differences"][1]), d("10125"));
    assert_eq!(dec(&countries[1]["differences"][1]), Decimal::ZERO);
    // The month and country costs add up to each variant's total.
    for k in 0..3 {
        let by_month: Decimal = months.iter().map(|m| dec(&m["costs"][k])).sum();
        assert_eq!(by_month, dec(&variants[k]["total"]), "{k}");
    }
    assert!(v["notes"].as_array().unwrap().is_empty());
}

#[test]
fn variants_of_several_files_are_labelled_and_another_currency_is_not_subtracted() {
    let three = data("three.json");
    let euro = data("euro.json");
    let v = json(&[
        "compare",
        three.to_str().unwrap(),
        euro.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let variants = v["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 4);
    assert_eq!(variants[0]["label"], "three.json: Base");
    assert_eq!(variants[0]["name"], "Base");
    assert_eq!(variants[3]["label"], "euro.json: Euro plan");
    assert_eq!(variants[3]["file"], euro.to_str().unwrap());
    assert_eq!(variants[3]["currency"], "EUR");
    assert!(variants[3]["difference_to_first"].is_null());
    assert!(variants[3]["drivers"].as_array().unwrap().is_empty());
    // Its months and countries have costs but no differences.
    for m in v["months"].as_array().unwrap() {
        assert!(m["differences"][3].is_null(), "{m}");
    }
    for c in v["countries"].as_array().unwrap() {
        assert!(c["differences"][3].is_null(), "{c}");
    }
    // 2027-03 is outside the euro plan's two months.
    let march = &v["months"][2];
    assert_eq!(march["month"], "2027-03");
    assert!(march["costs"][3].is_null());
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    let note = notes[0].as_str().unwrap();
    assert!(
        note.contains("euro.json: Euro plan is in EUR") && note.contains("do not subtract"),
        "{note}"
    );
    // Still a difference for the others.
    assert_eq!(dec(&variants[1]["difference_to_first"]), d("10125"));

    let table = wacost(["compare", three.to_str().unwrap(), euro.to_str().unwrap()]).ok();
    assert!(table.contains("in EUR, not USD; not compared"), "{table}");
    assert!(table.contains("do not subtract"), "{table}");
}

#[test]
fn compare_table_has_headlines_months_countries_and_drivers() {
    let file = data("three.json");
    let out = wacost(["compare", file.to_str().unwrap()]).ok();
    for want in [
        "3 variants compared with Base (USD)",
        "Free allowance saved",
        "Months over budget",
        "Difference to first",
        "+10,125.00",
        "By month (USD):",
        "2027-02",
        "By country (USD):",
        "Brazil",
        "What drives the difference:",
        "With Carnival (+10,125.00 USD against Base):",
        "- Brazil: +10,125.00 USD",
        "- Provider fees: +750.00 USD",
    ] {
        assert!(out.contains(want), "{want:?} missing:\n{out}");
    }
}

#[test]
fn compare_csv_is_one_tidy_table_that_adds_up() {
    let file = data("three.json");
    let out = wacost(["compare", file.to_str().unwrap(), "--format", "csv"]).ok();
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "section",
            "variant",
            "file",
            "month",
            "country",
            "driver",
            "cost",
            "difference_to_first",
            "currency"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let set = read_plan(&file).unwrap();
    let c = library_comparison(&set);
    for (i, v) in c.variants.iter().enumerate() {
        let of = |section: &str| {
            rows.iter()
                .filter(|r| &r[0] == section && r[1] == *v.label)
                .collect::<Vec<_>>()
        };
        let total = of("total");
        assert_eq!(total.len(), 1);
        assert_eq!(d(&total[0][6]), v.total);
        assert_eq!(&total[0][8], "USD");
        let months = of("month");
        assert_eq!(months.len(), 3);
        let sum: Decimal = months.iter().map(|r| d(&r[6])).sum();
        assert_eq!(sum, v.total, "{}", v.label);
        let countries = of("country");
        let sum: Decimal = countries.iter().map(|r| d(&r[6])).sum();
        // Countries leave out the provider's flat monthly fee: by hand, "Daily Brazil" pays
        // 20 a month plus 10 % tax for 3 months, 66; the others none.
        let platform_fee = if i == 2 { d("66") } else { Decimal::ZERO };
        assert_eq!(sum + platform_fee, v.total, "{}", v.label);
        let drivers = of("driver");
        assert_eq!(drivers.len(), c.drivers[i].len());
        if i > 0 {
            assert_eq!(d(&total[0][7]), v.difference.unwrap());
        }
    }
    assert!(rows.iter().any(|r| &r[0] == "driver"
        && &r[1] == "With Carnival"
        && &r[5] == "country:BR"
        && d(&r[7]) == d("10125")));
}

#[test]
fn per_day_volumes_are_shown_as_the_monthly_volumes_estimate_used() {
    let file = data("three.json");
    let path = file.to_str().unwrap();
    let v = json(&[
        "estimate",
        path,
        "--variant",
        "daily brazil",
        "--format",
        "json",
    ]);
    assert_eq!(v["variant"], "Daily Brazil");
    assert_eq!(v["variants"][0], "Base");
    let volumes = v["volumes"].as_array().unwrap();
    let brazil = volumes.iter().find(|c| c["country"] == "BR").unwrap();
    assert_eq!(brazil["unit"], "day");
    assert_eq!(brazil["base"]["marketing"], 1500);
    // By hand: 1,500 a day × 31 days (January, March) and × 28 (February 2027); utility 300 a
    // day likewise.
    let months = brazil["months"].as_array().unwrap();
    let expect = [
        ("2027-01", 46_500, 9_300),
        ("2027-02", 42_000, 8_400),
        ("2027-03", 46_500, 9_300),
    ];
    for (m, (month, marketing, utility)) in months.iter().zip(expect) {
        assert_eq!(m["month"], month);
        assert_eq!(m["marketing"], marketing);
        assert_eq!(m["utility"], utility);
    }
    let india = volumes.iter().find(|c| c["country"] == "IN").unwrap();
    assert_eq!(india["unit"], "month");
    assert_eq!(india["months"][1]["marketing"], 100_000);
    // The months' volumes are the ones priced: February's lines count 42,000 + 8,400 for
    // Brazil and 103,000 for India.
    assert_eq!(v["months"][1]["volume"], 42_000 + 8_400 + 100_000 + 3_000);

    let table = wacost(["estimate", path, "--variant", "Daily Brazil"]).ok();
    for want in [
        "Variant 3 of 3: Daily Brazil",
        "Monthly volumes used",
        "Brazil (1,500 marketing, 300 utility a day):",
        "2027-02     42,000",
    ] {
        assert!(table.contains(want), "{want:?} missing:\n{table}");
    }
    // A file's first variant is the default, and a one-variant file says nothing of variants.
    let first = json(&["estimate", path, "--format", "json"]);
    assert_eq!(first["variant"], "Base");
    let euro = wacost(["estimate", data("euro.json").to_str().unwrap()]).ok();
    assert!(!euro.contains("Variant"), "{euro}");
    assert!(!euro.contains("Monthly volumes used"), "{euro}");
}

#[test]
fn an_unknown_variant_lists_the_names_and_a_bad_file_is_named() {
    let file = data("three.json");
    let path = file.to_str().unwrap();
    for cmd in [
        vec!["estimate", path, "--variant", "Carnival"],
        vec![
            "report",
            path,
            "--variant",
            "Carnival",
            "-o",
            "/nonexistent/x.pdf",
        ],
        vec![
            "solve",
            path,
            "--variant",
            "Carnival",
            "--budget",
            "1000",
            "--per",
            "month",
            "--scale",
            "plan",
        ],
    ] {
        let err = wacost(&cmd).bad();
        assert!(
            err.contains("no variant is called \"Carnival\"")
                && err.contains("\"Base\", \"With Carnival\", \"Daily Brazil\""),
            "{cmd:?}: {err}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{\"version\": 2, \"variants\": []}").unwrap();
    let err = wacost(["compare", path, bad.to_str().unwrap()]).bad();
    assert!(err.contains("broken.json"), "{err}");
    assert!(err.contains("at least one variant"), "{err}");
}

#[test]
fn import_sets_the_named_variant_beside_the_actuals() {
    let actuals = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/actuals/generic.csv");
    let actuals = actuals.to_str().unwrap();
    let file = data("three.json");
    let plan = file.to_str().unwrap();
    let out = wacost([
        "import",
        actuals,
        "--plan",
        plan,
        "--variant",
        "daily brazil",
    ])
    .ok();
    assert!(
        out.contains("Plan against actuals: Daily Brazil ("),
        "no plan section for the variant:\n{out}"
    );
    let first = wacost(["import", actuals, "--plan", plan]).ok();
    assert!(first.contains("Plan against actuals: Base ("), "{first}");
    let err = wacost(["import", actuals, "--plan", plan, "--variant", "Nope"]).bad();
    assert!(err.contains("no variant is called \"Nope\""), "{err}");
    // --variant names a variant of --plan: alone it is a usage error.
    let run = wacost(["import", actuals, "--variant", "Base"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("--plan"), "{}", run.stderr);
}

#[test]
fn control_characters_in_variant_names_never_reach_the_terminal() {
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(data("three.json")).unwrap()).unwrap();
    v["variants"][1]["name"] = "\u{1b}[2J=Evil\u{7}".into();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("evil.json");
    std::fs::write(&plan, serde_json::to_string(&v).unwrap()).unwrap();
    let path = plan.to_str().unwrap();
    for args in [
        vec!["compare", path],
        vec!["compare", path, "--format", "csv"],
        vec!["estimate", path],
        vec![
            "solve",
            path,
            "--budget",
            "100k",
            "--per",
            "month",
            "--scale",
            "plan",
            "--variant",
            "\u{1b}[2J=Evil\u{7}",
        ],
    ] {
        let run = wacost(&args);
        assert!(
            !run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'),
            "{args:?}:\n{}\n{}",
            run.stdout,
            run.stderr
        );
        run.ok();
    }
    let err = wacost(["estimate", path, "--variant", "\u{1b}]0;x\u{7}"]).bad();
    assert!(!err.contains('\u{1b}'), "{err}");
}

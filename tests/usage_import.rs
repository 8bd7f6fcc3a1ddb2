//! Usage exports: every layout's fixture imports to the totals its rows add up to (worked out by
//! hand from tools/gen_usage_fixtures.py), JSON and CSV forms agree, the broken corpus gives its
//! precise error or skip report, and reconciliation prices with the rate cards' own figures.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;
use wacost::domain::actuals::PricingType;
use wacost::domain::category::ChargedCategory;
use wacost::domain::country::Country;
use wacost::domain::ratebook::Currency;
use wacost::domain::reconcile::reconcile;
use wacost::io::rates::load_rate_book;
use wacost::io::usage::layout::LayoutKind;
use wacost::io::usage::{
    CountryChoice, ImportError, ImportOptions, Question, UsageImport, import_bytes, import_path,
};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/usage")
        .join(name)
}

fn import(name: &str, options: &ImportOptions) -> Result<UsageImport, ImportError> {
    import_path(&fixture(name), options, None)
}

fn ok(name: &str) -> UsageImport {
    import(name, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// One actuals cell as text: month, country, category, pricing type, volume, reported cost.
type Cell = (
    String,
    String,
    &'static str,
    &'static str,
    u64,
    Option<Decimal>,
);

fn cells(u: &UsageImport) -> Vec<Cell> {
    u.actuals
        .rows()
        .map(|r| {
            (
                r.month.to_string(),
                r.country_code().to_string(),
                r.category.name(),
                r.pricing_type.name(),
                r.volume,
                r.reported_cost.map(|d| d.normalize()),
            )
        })
        .collect()
}

fn volume_of(u: &UsageImport, country: &str, category: ChargedCategory, pt: PricingType) -> u64 {
    u.actuals
        .rows()
        .filter(|r| r.country_code() == country && r.category == category && r.pricing_type == pt)
        .map(|r| r.volume)
        .sum()
}

fn usd() -> Currency {
    Currency::from_str("USD").unwrap()
}

#[test]
fn pricing_analytics_json_and_csv_give_identical_actuals_and_known_totals() {
    let json = ok("pricing_analytics.json");
    let csv = ok("pricing_analytics.csv");
    assert_eq!(json.layout, LayoutKind::PricingAnalytics);
    assert_eq!(csv.layout, LayoutKind::PricingAnalytics);
    assert_eq!(json.actuals, csv.actuals);
    assert_eq!((json.rows_used, json.rows_skipped), (10, 0));
    // Ten data points: 1,000 + 500 + 200 + 2,000 + 300 + 100 + 400 + 10 + 100 + 700 messages.
    let total: u64 = json.actuals.rows().map(|r| r.volume).sum();
    assert_eq!(total, 5_310);
    use ChargedCategory::*;
    assert_eq!(
        volume_of(&json, "IN", Utility, PricingType::FreeCustomerService),
        200
    );
    assert_eq!(
        volume_of(&json, "BR", Marketing, PricingType::FreeEntryPoint),
        300
    );
    assert_eq!(
        volume_of(
            &json,
            "ID",
            AuthenticationInternational,
            PricingType::Regular
        ),
        10
    );
    // The FEP point has no cost: its cell reports none.
    let fep = json
        .actuals
        .rows()
        .find(|r| r.pricing_type == PricingType::FreeEntryPoint)
        .unwrap();
    assert_eq!(fep.reported_cost, None);
    // October's reported cost: 11.8 + 0.7 + 0 + 125 + 3.05 + 1.36 + 13.65 + 0.
    let oct = wacost::domain::calendar::Month::new(2026, 10).unwrap();
    assert_eq!(json.actuals.reported_cost(oct), Some(dec("155.56")));
}

#[test]
fn reconciliation_prices_with_the_cards_and_explains_the_differences() {
    let book = load_rate_book(&[]).unwrap().book;
    let u = ok("pricing_analytics.json");
    let r = reconcile(&u.actuals, &book, usd());
    assert_eq!(r.months.len(), 2);
    // September 2026 is priced by the July card: India marketing 0.0118 × 400.
    let sep = &r.months[0];
    assert_eq!(sep.card.unwrap().to_string(), "USD 2026-07-01");
    assert_eq!(sep.recomputed_cost, Some(dec("4.72")));
    assert_eq!(sep.difference(), Some(Decimal::ZERO));
    // October by the October card (rates/cards/2026-10-01_USD.toml): India marketing 0.0118,
    // utility 0.0014; Brazil marketing 0.0625; Mexico marketing 0.0397; Indonesia
    // authentication-international 0.1360; Germany utility 0.0550. Free points cost nothing.
    let oct = &r.months[1];
    let expected = dec("1000") * dec("0.0118")
        + dec("500") * dec("0.0014")
        + dec("2000") * dec("0.0625")
        + dec("100") * dec("0.0397")
        + dec("10") * dec("0.1360")
        + dec("100") * dec("0.0550");
    assert_eq!(oct.recomputed_cost, Some(expected));
    assert_eq!((oct.billable_volume, oct.free_volume), (3_710, 1_200));
    let market = |name: &str| oct.markets.iter().find(|m| m.market == name).unwrap();
    // Mexico reported at July's 0.0305: a rate change.
    assert!(
        market("Mexico").causes[0].starts_with("rate change"),
        "{:?}",
        market("Mexico")
    );
    assert!(market("Mexico").causes[0].contains("USD 2026-07-01"));
    // Germany's utility reported at the marketing rate 0.1365.
    let de = &market("Germany").causes[0];
    assert!(de.contains("utility messages billed as marketing"), "{de}");
    // India agrees: no cause.
    assert!(market("India").causes.is_empty());
}

#[test]
fn a_month_without_a_card_says_so_and_nothing_else() {
    let book = load_rate_book(&[]).unwrap().book;
    let text = "month,country,category,count\n2020-01,IN,marketing,5\n";
    let u = import_bytes("old.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    let r = reconcile(&u.actuals, &book, usd());
    let m = &r.months[0];
    assert_eq!(m.recomputed_cost, None);
    assert_eq!(
        m.problems,
        [
            "2020-01 is before the first USD rate card (2024-11-01): no rates are known for it",
            "2020-01 is outside the pricing eras wacost knows",
        ]
    );
}

#[test]
fn free_units_charged_are_named_as_free_tier_use() {
    let book = load_rate_book(&[]).unwrap().book;
    // 100 regular and 50 free-tier service messages in India (0.0014 each in October 2026),
    // reported as if all 150 were charged.
    let text = "month,country,category,pricing_type,count,cost\n\
                2026-10,IN,service,REGULAR,100,0.21\n\
                2026-10,IN,service,FREE_TIER,50,\n";
    let u = import_bytes("t.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    let r = reconcile(&u.actuals, &book, usd());
    let causes = &r.months[0].markets[0].causes;
    assert!(causes[0].starts_with("free-tier use"), "{causes:?}");
    assert!(
        causes[0].contains("50 of them from the monthly free tier"),
        "{causes:?}"
    );
}

#[test]
fn conversation_analytics_json_and_csv_agree_and_price_per_conversation() {
    let json = ok("conversation_analytics.json");
    let csv = ok("conversation_analytics.csv");
    assert_eq!(json.layout, LayoutKind::ConversationAnalytics);
    assert_eq!(json.actuals, csv.actuals);
    assert_eq!(
        volume_of(&json, "IN", ChargedCategory::Service, PricingType::FreeTier),
        30
    );
    assert_eq!(
        volume_of(
            &json,
            "BR",
            ChargedCategory::Marketing,
            PricingType::FreeEntryPoint
        ),
        20
    );
    // March 2025 under the November 2024 card: India marketing 0.0107, utility 0.0014, Brazil
    // authentication 0.0315 per conversation.
    let book = load_rate_book(&[]).unwrap().book;
    let r = reconcile(&json.actuals, &book, usd());
    let expected =
        dec("100") * dec("0.0107") + dec("50") * dec("0.0014") + dec("10") * dec("0.0315");
    assert_eq!(r.months[0].recomputed_cost, Some(expected));
    assert_eq!(r.months[0].reported_cost, Some(dec("1.455")));
}

#[test]
fn a_message_log_counts_delivered_and_read_by_the_recipients_country() {
    let u = ok("message_log.csv");
    assert_eq!(u.layout, LayoutKind::MessageLog);
    assert_eq!((u.rows_used, u.rows_skipped), (8, 2));
    assert_eq!(
        u.not_counted
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        vec![("failed", 1), ("sent", 1), ("undelivered", 1)]
    );
    assert_eq!(
        u.skipped[0],
        "line 13: \"not-a-number\" is not an international phone number: it is not written as an international number (+ and digits)"
    );
    assert!(u.skipped[1].starts_with("line 14: \"yesterday\" is not a date"));
    use ChargedCategory::*;
    let r = PricingType::Regular;
    // whatsapp:+91..., "+91 98765 43211", 0091..., 9198... are India; +1 514 Canada and
    // +1 212 the US by area code; +7 701 Kazakhstan and +7 495 Russia.
    assert_eq!(volume_of(&u, "IN", Marketing, r), 2);
    assert_eq!(volume_of(&u, "IN", Utility, r), 2);
    assert_eq!(volume_of(&u, "CA", Marketing, r), 1);
    assert_eq!(volume_of(&u, "US", Marketing, r), 1);
    assert_eq!(volume_of(&u, "KZ", Marketing, r), 1);
    assert_eq!(volume_of(&u, "RU", Marketing, r), 1);
    // The per-message prices add up.
    let ru = u.actuals.rows().find(|x| x.country_code() == "RU").unwrap();
    assert_eq!(ru.reported_cost, Some(dec("0.0802")));
    // The same log saved as UTF-16, tab-separated with CRLF gives the same actuals.
    let utf16 = ok("message_log_utf16_tab.csv");
    assert!(utf16.format.contains("UTF-16LE"), "{}", utf16.format);
    assert_eq!(utf16.actuals, u.actuals);
}

#[test]
fn provider_daily_usage_needs_its_country_and_keeps_meta_fees_per_month() {
    let e = import("provider_daily.csv", &ImportOptions::default()).unwrap_err();
    assert!(
        matches!(
            e,
            ImportError::Needs {
                question: Question::Country,
                ..
            }
        ),
        "{e}"
    );
    let options = ImportOptions {
        country: Some(CountryChoice::Country(Country::from_code("IN").unwrap())),
        ..ImportOptions::default()
    };
    let u = import("provider_daily.csv", &options).unwrap();
    assert_eq!(u.layout, LayoutKind::ProviderDaily);
    assert_eq!(u.currency, Some(usd()));
    use ChargedCategory::*;
    assert_eq!(volume_of(&u, "IN", Marketing, PricingType::Regular), 1_300);
    assert_eq!(volume_of(&u, "IN", Utility, PricingType::Regular), 50);
    assert_eq!(volume_of(&u, "IN", Service, PricingType::FreeEntryPoint), 5);
    assert_eq!(volume_of(&u, "IN", Service, PricingType::FreeTier), 3);
    let oct = wacost::domain::calendar::Month::new(2026, 10).unwrap();
    // waFees of the two October days.
    assert_eq!(u.actuals.reported_cost(oct), Some(dec("3.652")));
    // "unknown" keeps the volumes without a country.
    let unknown = ImportOptions {
        country: Some(CountryChoice::Unknown),
        ..ImportOptions::default()
    };
    let u = import("provider_daily.csv", &unknown).unwrap();
    assert!(u.actuals.rows().all(|r| r.country.is_none()));
    let book = load_rate_book(&[]).unwrap().book;
    let r = reconcile(&u.actuals, &book, usd());
    assert_eq!(r.months[0].recomputed_cost, None);
    assert!(
        r.months[0].problems[0].contains("name no country"),
        "{:?}",
        r.months[0].problems
    );
}

#[test]
fn generic_tables_in_other_encodings_delimiters_and_date_orders() {
    let u = ok("generic_semicolon_cp1252.csv");
    assert!(
        u.format.contains("Windows-1252") && u.format.contains("';'"),
        "{}",
        u.format
    );
    use ChargedCategory::*;
    let r = PricingType::Regular;
    // "98.000" with a decimal comma file is 98,000; "1.156,40" is 1156.40.
    assert_eq!(volume_of(&u, "IN", Marketing, r), 98_000);
    assert_eq!(volume_of(&u, "CI", Utility, r), 1_200);
    let india = u.actuals.rows().find(|x| x.country_code() == "IN").unwrap();
    assert_eq!(india.reported_cost, Some(dec("1156.40")));
    // Day-first dates (25/12/2026 decides), '|' and a BOM.
    let u = ok("generic_pipe_bom_dmy.csv");
    let months: Vec<String> = u.actuals.months().iter().map(|m| m.to_string()).collect();
    assert_eq!(months, ["2026-12", "2027-01"]);
    assert_eq!(volume_of(&u, "IN", Marketing, r), 15);
    assert_eq!(volume_of(&u, "BR", Utility, r), 7);
}

/// Every broken file: an error naming the file and the problem, or rows skipped with their line
/// and reason. At least 25 of them.
#[test]
fn the_broken_corpus_reports_each_problem() {
    enum Want {
        Error(&'static str),
        Skips(u64, &'static str),
    }
    use Want::*;
    let corpus: &[(&str, Want)] = &[
        ("empty.csv", Error("the file is empty")),
        ("blank.csv", Error("the file is empty")),
        ("garbage.bin", Error("binary data, not a usage export")),
        ("workbook.xlsx", Error("an Excel workbook or zip archive")),
        ("document.pdf", Error("a PDF document")),
        (
            "unknown_headers.csv",
            Error("no known usage layout: found the headers \"a, b, c\""),
        ),
        (
            "missing_count_column.csv",
            Error("found the headers \"month, country, category\""),
        ),
        ("truncated.json", Error("the JSON ends early (truncated?)")),
        (
            "wrong_root.json",
            Error("found the headers \"foo, paging\""),
        ),
        (
            "syntax_error.json",
            Error("syntax_error.json:1:71: key must be a string"),
        ),
        (
            "bad_points.json",
            Error("no usable row (2 skipped; data point 1: \"abc\" is not a count)"),
        ),
        (
            "points_not_objects.json",
            Skips(1, "data point 1: a data point is not an object"),
        ),
        (
            "both_kinds.json",
            Error("holds both pricing_analytics and conversation_analytics"),
        ),
        (
            "negative_counts.csv",
            Skips(1, "line 2: count \"-5\" is negative"),
        ),
        (
            "huge_count.csv",
            Skips(
                1,
                "line 2: count \"5000000000000\" is larger than 1000000000000",
            ),
        ),
        (
            "bad_dates.csv",
            Skips(2, "line 2: \"2026-13\" is not a date"),
        ),
        (
            "ambiguous_dates.csv",
            Error("dates such as 03/04/2026, 05/06/2026 could be day-first or month-first"),
        ),
        (
            "log_without_category.csv",
            Error("the file has no category column"),
        ),
        (
            "daily_without_country.csv",
            Error("name the country with --country"),
        ),
        (
            "unknown_country.csv",
            Skips(1, "line 2: \"XX\" is not a country"),
        ),
        (
            "bad_phone_log.csv",
            Skips(1, "line 2: \"12\" is not an international phone number"),
        ),
        (
            "bad_pricing_type.csv",
            Skips(1, "line 2: \"DISCOUNTED\" is not a pricing type"),
        ),
        (
            "bad_category.csv",
            Skips(1, "line 2: unknown category \"promotional\""),
        ),
        (
            "negative_cost.csv",
            Skips(1, "line 2: amount \"-1.00\" is negative"),
        ),
        (
            "truncated_row.csv",
            Skips(1, "line 3: the row has 3 fields, the header has 4"),
        ),
        ("only_header.csv", Error("no usable row (0 skipped)")),
        (
            "all_bad_rows.csv",
            Error("no usable row (2 skipped; line 2: \"x\" is not a count)"),
        ),
        (
            "unterminated_quote.csv",
            Skips(
                1,
                "line 3: the row has 1 field, the header has 4 (a quote that never closes?)",
            ),
        ),
        ("invalid_utf8_row.csv", Skips(1, "line 3:")),
        ("utf16_no_bom.csv", Skips(0, "")),
    ];
    assert!(corpus.len() >= 25);
    let dir = fixture("broken");
    let mut listed: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "mixed_currency_daily.csv")
        .collect();
    listed.sort();
    let mut named: Vec<String> = corpus.iter().map(|(n, _)| n.to_string()).collect();
    named.sort();
    assert_eq!(listed, named, "every broken file has an expectation");
    for (name, want) in corpus {
        let path = dir.join(name);
        let got = import_path(&path, &ImportOptions::default(), None);
        match (want, got) {
            (Error(msg), Err(e)) => {
                let text = e.to_string();
                assert!(
                    text.starts_with(&path.display().to_string()),
                    "{name}: {text}"
                );
                assert!(text.contains(msg), "{name}: {text}");
            }
            (Skips(n, first), Ok(u)) => {
                assert_eq!(u.rows_skipped, *n, "{name}: {:?}", u.skipped);
                if *n > 0 {
                    assert!(u.skipped[0].starts_with(first), "{name}: {:?}", u.skipped);
                }
                assert!(u.rows_used > 0, "{name}");
            }
            (Error(msg), Ok(u)) => panic!("{name}: expected {msg:?}, imported {:?}", cells(&u)),
            (Skips(..), Err(e)) => panic!("{name}: expected skips, got {e}"),
        }
    }
    // Rows in a second currency are skipped when the country is given.
    let options = ImportOptions {
        country: Some(CountryChoice::Unknown),
        ..ImportOptions::default()
    };
    let u = import_path(&dir.join("mixed_currency_daily.csv"), &options, None).unwrap();
    assert_eq!(u.rows_skipped, 1);
    assert!(
        u.skipped[0].contains("currency EUR differs from the file's USD"),
        "{:?}",
        u.skipped
    );
}

#[test]
fn dates_the_user_orders_and_skips_listed_up_to_a_hundred() {
    let ambiguous = "date,country,category,count\n03/04/2026,IN,marketing,5\n";
    let options = ImportOptions {
        date_order: Some(wacost::io::usage::values::DateOrder::MonthFirst),
        ..ImportOptions::default()
    };
    let u = import_bytes("d.csv", ambiguous.as_bytes(), &options).unwrap();
    assert_eq!(u.actuals.months()[0].to_string(), "2026-03");
    let mut text = String::from("month,country,category,count\n2026-10,IN,marketing,1\n");
    for _ in 0..150 {
        text.push_str("2026-10,IN,marketing,-1\n");
    }
    let u = import_bytes("m.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!((u.rows_used, u.rows_skipped), (1, 150));
    assert_eq!(u.skipped.len(), 100);
    assert!(u.skipped[99].starts_with("line 102:"), "{}", u.skipped[99]);
}

#[test]
fn a_record_that_never_ends_is_refused_before_it_fills_memory() {
    // An unterminated quote on line 3, then 3 MB without a closing quote.
    let mut text = String::from("month,country,category,count\n2026-10,IN,marketing,10\n\"2026-10");
    text.push_str(&",IN,marketing,5\n".repeat(200_000));
    let e = import_bytes("q.csv", text.as_bytes(), &ImportOptions::default()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("q.csv: line 3: a record longer than 1 MB"),
        "{msg}"
    );
    // A long file of short records is fine.
    let mut text = String::from("month,country,category,count\n");
    text.push_str(&"2026-10,IN,marketing,5\n".repeat(200_000));
    let u = import_bytes("long.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(u.rows_used, 200_000);
}

#[test]
fn cancel_stops_the_import_with_nothing_returned() {
    let progress = wacost::io::usage::Progress::default();
    progress
        .cancel
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let e = import_path(
        &fixture("message_log.csv"),
        &ImportOptions::default(),
        Some(&progress),
    )
    .unwrap_err();
    assert!(matches!(e, ImportError::Cancelled { .. }), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any bytes are imported or refused with a message: never a panic.
    #[test]
    fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = import_bytes("fuzz.csv", &bytes, &ImportOptions::default());
    }

    /// A number written in any accepted form finds a country with that calling code: every
    /// country's code (+1 and +7 share theirs) with national digits of a length libphonenumber's
    /// metadata (the `phonenumber` crate) gives that code, prefixed with "+", "00",
    /// "whatsapp:+" or nothing, with or without spaces. A length the metadata does not give is
    /// never counted.
    #[test]
    fn a_phone_number_maps_to_a_country_of_its_calling_code(
        index in 0usize..249,
        national in 1_000_000_000_000u64..9_999_999_999_999,
        pick in any::<prop::sample::Index>(),
        prefix in prop::sample::select(vec!["+", "00", "whatsapp:+", ""]),
        spaced in any::<bool>(),
    ) {
        let country = Country::all().nth(index).unwrap();
        if let Some(code) = country.calling_code() {
            let lengths = possible_lengths(code);
            prop_assume!(!lengths.is_empty());
            let write = |len: usize| {
                let digits = format!("{code}{}", &national.to_string()[..len.min(13)]);
                let digits = format!("{digits:0<width$}", width = code.to_string().len() + len);
                if spaced && digits.len() > 3 {
                    format!("{prefix}{} {}", &digits[..3], &digits[3..])
                } else {
                    format!("{prefix}{digits}")
                }
            };
            let written = write(*pick.get(&lengths));
            let found = Country::from_phone_number(&written);
            prop_assert!(found.is_some(), "{written}");
            prop_assert_eq!(found.unwrap().calling_code(), Some(code), "{}", written);
            prop_assert_eq!(Country::from_phone_bytes(written.as_bytes()), found);
            // E.164 numbers have at most 15 digits in all.
            for bad in [1usize, 2, 18, 20] {
                if !lengths.contains(&bad) {
                    prop_assert_eq!(Country::from_phone_number(&write(bad)), None, "{}", write(bad));
                }
            }
        }
    }

    /// Generic rows with random volumes aggregate to their sum, whatever the delimiter.
    #[test]
    fn volumes_add_up_whatever_the_delimiter(
        volumes in proptest::collection::vec(0u64..1_000_000, 1..40),
        delimiter in prop::sample::select(vec![',', ';', '\t', '|']),
    ) {
        let d = delimiter;
        let mut text = format!("month{d}country{d}category{d}count\n");
        for (i, v) in volumes.iter().enumerate() {
            let country = ["IN", "BR", "DE"][i % 3];
            text.push_str(&format!("2026-10{d}{country}{d}marketing{d}{v}\n"));
        }
        let u = import_bytes("p.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
        let total: u64 = u.actuals.rows().map(|r| r.volume).sum();
        prop_assert_eq!(total, volumes.iter().sum::<u64>());
        prop_assert_eq!(u.rows_used, volumes.len() as u64);
    }
}

/// The national number lengths libphonenumber's metadata gives a calling code (ten for the
/// North American plan dialled from abroad).
fn possible_lengths(code: u16) -> Vec<usize> {
    if code == 1 {
        return vec![10];
    }
    let mut out: Vec<usize> = phonenumber::metadata::DATABASE
        .by_code(&code)
        .unwrap_or_default()
        .iter()
        .flat_map(|m| {
            let d = m.descriptors();
            [d.mobile(), d.fixed_line()]
                .into_iter()
                .flatten()
                .flat_map(|k| k.possible_length().iter().map(|&l| l as usize))
                .collect::<Vec<_>>()
        })
        .filter(|l| (4..=13).contains(l))
        .collect();
    out.sort();
    out.dedup();
    out
}

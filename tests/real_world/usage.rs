//! Graph API analytics responses and providers' usage exports, as found: each gives the
//! outcome `../shared/real-world/README.md` states for it. Expected cells are the README's
//! (worked out from the files by hand), never the reader's own output.

use std::str::FromStr;

use rust_decimal::Decimal;
use wacost::domain::category::ChargedCategory;
use wacost::domain::country::Country;
use wacost::io::usage::layout::LayoutKind;
use wacost::io::usage::{
    CountryChoice, ImportError, ImportOptions, Question, UsageImport, import_bytes, import_path,
};

use crate::common;
use crate::real;

/// One actuals cell: month, country, category, pricing type, volume, reported cost.
type Cell = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u64,
    Option<&'static str>,
);

fn import(path: &str, options: &ImportOptions) -> Result<UsageImport, ImportError> {
    import_path(&real(path), options, None)
}

fn ok(path: &str, options: &ImportOptions) -> UsageImport {
    import(path, options).unwrap_or_else(|e| panic!("{e}"))
}

/// The import's cells, sorted, with costs normalised ("0.070" and "0.07" are one amount).
fn cells(u: &UsageImport) -> Vec<(String, String, String, String, u64, Option<Decimal>)> {
    let mut v: Vec<_> = u
        .actuals
        .rows()
        .map(|r| {
            (
                r.month.to_string(),
                r.country_code().to_string(),
                r.category.name().to_string(),
                r.pricing_type.name().to_string(),
                r.volume,
                r.reported_cost.map(|d| d.normalize()),
            )
        })
        .collect();
    v.sort();
    v
}

fn want(cells: &[Cell]) -> Vec<(String, String, String, String, u64, Option<Decimal>)> {
    let mut v: Vec<_> = cells
        .iter()
        .map(|&(m, c, k, p, n, cost)| {
            (
                m.to_string(),
                c.to_string(),
                k.to_string(),
                p.to_string(),
                n,
                cost.map(|s| Decimal::from_str(s).unwrap().normalize()),
            )
        })
        .collect();
    v.sort();
    v
}

fn total(u: &UsageImport) -> u64 {
    u.actuals.rows().map(|r| r.volume).sum()
}

fn country(code: &str) -> ImportOptions {
    ImportOptions {
        country: Some(CountryChoice::Country(Country::from_code(code).unwrap())),
        ..Default::default()
    }
}

#[test]
fn meta_docs_pricing_analytics_with_tiers_and_pacific_buckets() {
    let u = ok(
        "pricing-analytics/meta-docs-2025-12_daily-tier-country.json",
        &ImportOptions::default(),
    );
    assert_eq!(u.layout, LayoutKind::PricingAnalytics);
    assert_eq!((u.rows_used, u.rows_skipped), (14, 0));
    assert_eq!(total(&u), 26);
    assert_eq!(
        cells(&u),
        want(&[
            // 1 + 4 marketing and 1 marketing lite, at the docs' toy cost of 10 each.
            ("2025-06", "US", "marketing", "regular", 6, Some("60")),
            ("2025-06", "US", "utility", "regular", 1, Some("10")),
            (
                "2025-06",
                "US",
                "utility",
                "free_customer_service",
                1,
                Some("0")
            ),
            ("2025-06", "US", "authentication", "regular", 2, Some("20")),
            (
                "2025-06",
                "US",
                "service",
                "free_customer_service",
                3,
                Some("0")
            ),
            ("2025-06", "US", "service", "free_entry_point", 6, Some("0")),
            (
                "2025-06",
                "IN",
                "authentication_international",
                "regular",
                3,
                Some("6.9")
            ),
            (
                "2025-06",
                "IN",
                "service",
                "free_customer_service",
                4,
                Some("0")
            ),
        ])
    );
}

#[test]
fn the_edge_response_without_wrapper_key_imports_and_its_currency_stays_unknown() {
    let path = "pricing-analytics/gustavoner1_readme_edge-endpoint-brl.json";
    let u = ok(path, &ImportOptions::default());
    assert_eq!(u.layout, LayoutKind::PricingAnalytics);
    assert_eq!(
        cells(&u),
        want(&[
            (
                "2026-10",
                "BR",
                "service",
                "free_customer_service",
                8,
                Some("0")
            ),
            ("2026-10", "BR", "utility", "regular", 2, Some("0.07")),
        ])
    );
    assert_eq!(u.currency, None);
    assert!(u.currency_unknown());

    // Through the binary: the reported BRL figure is never set against USD rates.
    let home = tempfile::tempdir().unwrap();
    let out = common::wacost_with_rates_home(
        home.path(),
        [
            "import".as_ref(),
            real(path).as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    )
    .ok();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reported_currency"], serde_json::Value::Null);
    assert_eq!(v["reported_compared"], false);
    assert_eq!(v["months"][0]["reported_cost"], "0.07");
    assert_eq!(v["months"][0]["difference"], serde_json::Value::Null);
    let notes = v["notes"].to_string();
    assert!(notes.contains("without saying their currency"), "{notes}");
    let table =
        common::wacost_with_rates_home(home.path(), ["import".as_ref(), real(path).as_os_str()])
            .ok();
    assert!(
        table.contains("note: The file reports costs without saying their currency"),
        "{table}"
    );

    // Naming the currency compares in it.
    let out = common::wacost_with_rates_home(
        home.path(),
        [
            "import".as_ref(),
            real(path).as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "--currency".as_ref(),
            "USD".as_ref(),
        ],
    )
    .ok();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reported_currency"], "USD");
    assert_eq!(v["reported_compared"], true);
}

#[test]
fn conversation_analytics_without_country_count_under_an_unknown_country_or_the_one_named() {
    for path in [
        "conversation-analytics/meta-docs-2025-12_half-hour-by-category.json",
        "conversation-analytics/meta-docs-2025-12_half-hour-by-category-and-type.json",
    ] {
        let u = ok(path, &ImportOptions::default());
        assert_eq!(u.layout, LayoutKind::ConversationAnalytics, "{path}");
        assert_eq!(
            cells(&u),
            want(&[
                (
                    "2023-05",
                    "unknown",
                    "marketing",
                    "regular",
                    3,
                    Some("0.0432")
                ),
                (
                    "2023-05",
                    "unknown",
                    "authentication",
                    "regular",
                    2,
                    Some("0.0128")
                ),
            ]),
            "{path}"
        );
        assert!(
            u.notes.iter().any(|n| n.contains("no country breakdown")),
            "{:?}",
            u.notes
        );
        let named = ok(path, &country("IN"));
        assert_eq!(total(&named), 5);
        assert!(named.actuals.rows().all(|r| r.country_code() == "IN"));
        assert!(named.notes.is_empty(), "{:?}", named.notes);
    }
}

/// The four invalid responses copied from documentation: refused with the line and column of
/// the mistake and a sentence that says what it is.
#[test]
fn invalid_json_as_documentation_publishes_it_is_refused_with_place_and_reason() {
    let cases: &[(&str, &str)] = &[
        (
            "conversation-analytics/meta-docs-2025-12_monthly-all-dimensions_invalid-trailing-comma.json",
            ":101:26: trailing comma: a comma before a closing bracket: examples copied from documentation often have one; remove it",
        ),
        (
            "conversation-analytics/positus-quickdocs_conversation-analytics_trailing-comma.json",
            ":101:28: trailing comma: a comma before a closing bracket",
        ),
        (
            "conversation-analytics/meta-docs-2025-12_half-hour-one-phone_invalid-comment.json",
            ":28:10: expected value: a comment line: JSON has no comments",
        ),
        (
            "conversation-analytics/meta-docs-2025-12_monthly-by-type_invalid-quotes-commas.json",
            ":15:11: control character (\\u0000-\\u001F) found while parsing a string: a text that does not end on its line: a closing quote (\") is missing",
        ),
        (
            "provider-usage/gupshup-partner-docs_pmp-changes_after-pmp_invalid-escapes.json",
            ":1:1: expected value: a backslash before a bracket",
        ),
        (
            "provider-usage/gupshup-partner-docs_pmp-changes_current-response_invalid-escapes-curly-quotes.json",
            ":1:1: expected value: a backslash before a bracket",
        ),
    ];
    for (path, message) in cases {
        let e = import(path, &ImportOptions::default()).unwrap_err();
        assert!(matches!(e, ImportError::Json { .. }), "{path}: {e}");
        let text = e.to_string();
        let file = real(path).display().to_string();
        assert!(text.starts_with(&file), "{text}");
        assert!(text.contains(message), "{path}: {text}");
    }
    // The missing quote: where the text runs on, and what is missing.
    let e = import(cases[3].0, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("a closing quote (\") is missing"), "{e}");

    // Through the binary: exit 2, the message on stderr, nothing on stdout.
    let home = tempfile::tempdir().unwrap();
    let err = common::wacost_with_rates_home(
        home.path(),
        ["import".as_ref(), real(cases[0].0).as_os_str()],
    )
    .bad();
    assert!(err.contains(":101:26: trailing comma"), "{err}");
}

/// Gupshup's documentation, with the Markdown escapes removed, is its usage API's response.
fn gupshup_unescaped(path: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(real(path)).unwrap();
    text.replace("\\{", "{").replace("\\[", "[").into_bytes()
}

#[test]
fn gupshup_usage_json_imports_once_the_escapes_are_gone() {
    let after = gupshup_unescaped(
        "provider-usage/gupshup-partner-docs_pmp-changes_after-pmp_invalid-escapes.json",
    );
    // One app: its country is asked.
    let e = import_bytes("after.json", &after, &ImportOptions::default()).unwrap_err();
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
    let u = import_bytes(
        "after.json",
        &after,
        &ImportOptions {
            country: Some(CountryChoice::Unknown),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(u.layout, LayoutKind::GupshupUsage);
    assert_eq!(u.currency.map(|c| c.to_string()).as_deref(), Some("USD"));
    // utility 1, freeUtility 2, internationalAuthentication 1, ftc 1; gsFees and
    // cumulativeBill are Gupshup's own and a running sum: not Meta's cost.
    assert_eq!(
        cells(&u),
        want(&[
            ("2024-01", "unknown", "utility", "regular", 1, None),
            (
                "2024-01",
                "unknown",
                "utility",
                "free_customer_service",
                2,
                None
            ),
            (
                "2024-01",
                "unknown",
                "authentication_international",
                "regular",
                1,
                None
            ),
            ("2024-01", "unknown", "service", "free_tier", 1, None),
        ])
    );

    // The current response also has a key in typographic quotes: said where and what.
    let current = gupshup_unescaped(
        "provider-usage/gupshup-partner-docs_pmp-changes_current-response_invalid-escapes-curly-quotes.json",
    );
    let e = import_bytes("current.json", &current, &ImportOptions::default()).unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("current.json:22:4: "), "{text}");
    assert!(text.contains("typographic quotes"), "{text}");
    let straight = String::from_utf8(current)
        .unwrap()
        .replace(['\u{201c}', '\u{201d}'], "\"");
    let u = import_bytes("current.json", straight.as_bytes(), &country("IN")).unwrap();
    assert_eq!(
        cells(&u),
        want(&[
            (
                "2024-01",
                "IN",
                "authentication_international",
                "regular",
                1,
                None
            ),
            ("2024-01", "IN", "service", "free_tier", 1, None),
        ])
    );
}

#[test]
fn a_providers_monthly_breakdown_imports_per_category_once_the_country_is_given() {
    let path = "other/positus-quickdocs_pricing-analytics_bsp-shape.json";
    let e = import(path, &ImportOptions::default()).unwrap_err();
    assert!(e.to_string().contains("--country"), "{e}");
    let u = ok(path, &country("BR"));
    assert_eq!(u.layout, LayoutKind::ProviderMonthly);
    assert_eq!(u.currency.map(|c| c.to_string()).as_deref(), Some("USD"));
    assert_eq!(
        cells(&u),
        want(&[
            ("2024-06", "BR", "marketing", "regular", 1000, Some("80.00")),
            ("2024-06", "BR", "utility", "regular", 400, Some("30.00")),
            (
                "2024-06",
                "BR",
                "authentication",
                "regular",
                100,
                Some("10.50")
            ),
            ("2024-07", "BR", "marketing", "regular", 1100, Some("90.00")),
            ("2024-07", "BR", "utility", "regular", 450, Some("35.00")),
            (
                "2024-07",
                "BR",
                "authentication",
                "regular",
                50,
                Some("10.75")
            ),
        ])
    );
}

#[test]
fn a_status_webhook_event_is_one_marketing_message() {
    let path = "other/meta-docs-2025-12_status-webhook-sent-pmp-marketing.json";
    let u = ok(path, &ImportOptions::default());
    assert_eq!(u.layout, LayoutKind::WebhookEvents);
    assert_eq!(
        cells(&u),
        want(&[("2025-06", "US", "marketing", "regular", 1, None)])
    );
}

/// Status events in the other forms businesses keep them (one object per line, an array, bare
/// objects), built from Meta's documented status object: a message reported sent, delivered
/// and read counts once; a failed one and read receipts without pricing are not counted.
#[test]
fn webhook_events_count_each_message_once_in_every_form() {
    let envelope = std::fs::read_to_string(real(
        "other/meta-docs-2025-12_status-webhook-sent-pmp-marketing.json",
    ))
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&envelope).unwrap();
    let sent = v["entry"][0]["changes"][0]["value"]["statuses"][0].clone();
    let with = |status: &str, id: &str, pricing: bool| {
        let mut s = sent.clone();
        s["status"] = status.into();
        s["id"] = id.into();
        if !pricing {
            s.as_object_mut().unwrap().remove("pricing");
        }
        s
    };
    let mut service = with("delivered", "wamid.B", true);
    service["pricing"]["category"] = "service".into();
    service["pricing"]["type"] = "free_customer_service".into();
    service["recipient_id"] = "919876543210".into();
    let events = [
        with("sent", "wamid.A", true),
        with("delivered", "wamid.A", true),
        with("read", "wamid.A", false),
        service,
        with("failed", "wamid.C", true),
    ];
    let lines: String = events.iter().map(|e| format!("{e}\n")).collect();
    let array = serde_json::to_string_pretty(&serde_json::Value::Array(events.to_vec())).unwrap();
    let mut nested = v.clone();
    nested["entry"][0]["changes"][0]["value"]["statuses"] =
        serde_json::Value::Array(events.to_vec());
    let nested = nested.to_string();
    for (form, bytes) in [
        ("lines", lines.as_bytes()),
        ("array", array.as_bytes()),
        ("envelope", nested.as_bytes()),
    ] {
        let u = import_bytes(form, bytes, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{form}: {e}"));
        assert_eq!(
            cells(&u),
            want(&[
                ("2025-06", "US", "marketing", "regular", 1, None),
                ("2025-06", "IN", "service", "free_customer_service", 1, None),
            ]),
            "{form}"
        );
        assert_eq!(u.not_counted.get("failed"), Some(&1), "{form}");
        assert!(
            u.notes
                .iter()
                .any(|n| n.starts_with("1 status events carry no pricing")),
            "{form}: {:?}",
            u.notes
        );
    }
}

#[test]
fn a_twilio_log_counts_outbound_delivered_messages_and_reads_negative_prices_as_charges() {
    for reordered in [false, true] {
        let log = common::twilio_log(reordered, 1);
        // No category column: asked.
        let e = import_bytes("twilio.csv", log.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert!(
            matches!(
                e,
                ImportError::Needs {
                    question: Question::Category,
                    ..
                }
            ),
            "{e}"
        );
        let u = import_bytes(
            "twilio.csv",
            log.as_bytes(),
            &ImportOptions {
                category: Some(ChargedCategory::Utility),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(u.layout, LayoutKind::MessageLog);
        assert_eq!(u.currency.map(|c| c.to_string()).as_deref(), Some("USD"));
        assert_eq!(
            cells(&u),
            want(&[
                ("2026-11", "IN", "utility", "regular", 2, Some("0.0214")),
                // Delivered, not priced yet: counted, cost unknown.
                ("2026-11", "BR", "utility", "regular", 1, None),
                ("2026-12", "US", "utility", "regular", 1, Some("0.0250")),
            ])
        );
        assert_eq!(u.rows_used, 4);
        assert_eq!(u.not_counted.get("inbound"), Some(&1));
        assert_eq!(u.not_counted.get("undelivered"), Some(&1));
        assert!(
            u.notes
                .iter()
                .any(|n| n.starts_with("3 prices were negative, as Twilio writes a charge")),
            "{:?}",
            u.notes
        );
        assert!(
            u.notes
                .iter()
                .any(|n| n.starts_with("1 counted messages have no price yet")),
            "{:?}",
            u.notes
        );
    }
}

#[test]
fn the_binary_imports_a_twilio_log_with_its_category_and_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("twilio-messages.csv");
    std::fs::write(&file, common::twilio_log(false, 1)).unwrap();
    let out = common::wacost_with_rates_home(
        dir.path(),
        [
            "import".as_ref(),
            file.as_os_str(),
            "--category".as_ref(),
            "utility".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    )
    .ok();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows_used"], 4);
    assert_eq!(v["not_counted"]["inbound"], 1);
    assert_eq!(v["reported_currency"], "USD");
    assert!(
        v["notes"][0].as_str().unwrap().contains("negative"),
        "{}",
        v["notes"]
    );
    // Without the category: exit 2 and the question in plain words.
    let err =
        common::wacost_with_rates_home(dir.path(), ["import".as_ref(), file.as_os_str()]).bad();
    assert!(err.contains("the file has no category column"), "{err}");
}

/// Every file in the folder is one this suite (or the rates module) reads: a file added there
/// without a test fails here.
#[test]
fn every_real_world_file_has_its_test() {
    let known = [
        "meta-rate-card/usd-2026-04-01_scraper-raw-crlf.csv",
        "meta-rate-card/usd-2026-04-01_scraper-lf.csv",
        "meta-tiers/usd-2026-04-01_tiers_scraper-raw-crlf.csv",
        "meta-tiers/usd-2026-04-01_tiers_scraper-lf.csv",
        "pricing-analytics/meta-docs-2025-12_daily-tier-country.json",
        "pricing-analytics/gustavoner1_readme_edge-endpoint-brl.json",
        "conversation-analytics/meta-docs-2025-12_half-hour-by-category.json",
        "conversation-analytics/meta-docs-2025-12_half-hour-by-category-and-type.json",
        "conversation-analytics/meta-docs-2025-12_monthly-all-dimensions_invalid-trailing-comma.json",
        "conversation-analytics/meta-docs-2025-12_half-hour-one-phone_invalid-comment.json",
        "conversation-analytics/meta-docs-2025-12_monthly-by-type_invalid-quotes-commas.json",
        "conversation-analytics/positus-quickdocs_conversation-analytics_trailing-comma.json",
        "provider-usage/gupshup-partner-docs_pmp-changes_current-response_invalid-escapes-curly-quotes.json",
        "provider-usage/gupshup-partner-docs_pmp-changes_after-pmp_invalid-escapes.json",
        "other/positus-quickdocs_pricing-analytics_bsp-shape.json",
        "other/meta-docs-2025-12_status-webhook-sent-pmp-marketing.json",
    ];
    let mut found = Vec::new();
    for dir in std::fs::read_dir(crate::real_world()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            found.push(format!(
                "{}/{}",
                dir.file_name().unwrap().to_string_lossy(),
                f.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    found.sort();
    let mut known: Vec<String> = known.iter().map(|s| s.to_string()).collect();
    known.sort();
    assert_eq!(found, known);
}

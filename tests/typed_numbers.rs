//! Numbers as marketers type them into the window's fields: magnitude suffixes, thousands
//! separators in both conventions, and the mistakes that must be refused rather than misread.

#![allow(clippy::unwrap_used)]

use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;
use wacost::domain::scenario::rules::parse_typed;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn suffixes_and_separators_as_people_type_them() {
    for (text, comma, want) in [
        ("200k", false, "200000"),
        ("200K", false, "200000"),
        ("1.5M", false, "1500000"),
        ("1.5m", false, "1500000"),
        ("2bn", false, "2000000000"),
        ("1,200,000", false, "1200000"),
        ("1 200 000", false, "1200000"),
        ("1.200.000", true, "1200000"),
        ("1.200.000", false, "1200000"), // two points can only be grouping
        ("1,200,000", true, "1200000"),  // two commas likewise
        ("1,5M", true, "1500000"),
        ("0,0625", true, "0.0625"),
        ("0.0625", false, "0.0625"),
        ("20,000.50", false, "20000.50"),
        ("20.000,50", true, "20000.50"),
        (" 31000 ", false, "31000"),
        (".5", false, "0.5"),
        ("-3", false, "-3"),
    ] {
        assert_eq!(
            parse_typed(text, comma).unwrap(),
            d(want),
            "{text:?} with decimal comma {comma}"
        );
    }
}

#[test]
fn ambiguous_or_wrong_text_is_refused_in_words() {
    // "1,5" with a decimal point must not become 15.
    let e = parse_typed("1,5", false).unwrap_err();
    assert!(e.contains("point for decimals"), "{e}");
    for text in [
        "",
        "abc",
        "12abc",
        "1,20,000",
        "1.2.3,4.5",
        "k",
        "--5",
        "1.5.k",
    ] {
        assert!(parse_typed(text, false).is_err(), "{text:?} was accepted");
    }
    assert!(parse_typed("99999999999999999999999999999bn", false).is_err());
}

proptest! {
    #[test]
    fn any_volume_written_with_thousands_separators_reads_back(v in 0u64..1_000_000_000_000) {
        let plain = v.to_string();
        let grouped = |sep: char| {
            let mut out = String::new();
            for (i, ch) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i) % 3 == 0 {
                    out.push(sep);
                }
                out.push(ch);
            }
            out
        };
        prop_assert_eq!(parse_typed(&grouped(','), false).unwrap(), Decimal::from(v));
        prop_assert_eq!(parse_typed(&grouped(' '), true).unwrap(), Decimal::from(v));
        if v >= 1_000_000 {
            prop_assert_eq!(parse_typed(&grouped('.'), true).unwrap(), Decimal::from(v));
        }
    }
}

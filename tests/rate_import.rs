//! Meta's rate and tier files (tests/data/meta, written by tools/gen_meta_fixtures.py from the
//! transcribed source data) import to exactly the source figures; broken variants are refused
//! with the line or cell and the reason.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use wacost::domain::ratebook::{CellStatus, RateCard, RateCell, TierBand, Unit};
use wacost::domain::{ChargedCategory, Date, RateBook};
use wacost::io::meta_rates::{
    FileKind, ImportHints, MetaFile, PreparedImport, RateFileError, prepare_import, read_meta_file,
    store_import,
};
use wacost::io::rates::{card_files, embedded_book, parse_card};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}/meta/{name}")).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(s: &str) -> Date {
    Date::from_str(s).unwrap()
}

/// The transcribed source card: market → five cells ("" = none), read without wacost's code.
fn source(name: &str) -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(format!("{DATA}/rates-source/{name}")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<String> = l.split(',').map(str::to_string).collect();
            (cells[0].clone(), cells[1..].to_vec())
        })
        .collect()
}

const CATS: [ChargedCategory; 5] = ChargedCategory::ALL;

fn import(
    book: &RateBook,
    name: &str,
    hints: ImportHints,
) -> Result<PreparedImport, RateFileError> {
    prepare_import(book, name, fixture(name), hints, today())
}

fn rate(card: &RateCard, market: &str, cat: ChargedCategory) -> Option<Decimal> {
    match card.cell(market, cat) {
        Some(RateCell::Rate(r)) => Some(r),
        Some(RateCell::Unknown) => panic!("{market} {cat}: unknown in an imported card"),
        None => None,
    }
}

/// Asserts the card holds exactly the source figures, with `overrides` in place.
fn assert_matches_source(card: &RateCard, src: &str, overrides: &[(&str, ChargedCategory, &str)]) {
    let source = source(src);
    assert_eq!(card.markets.len(), source.len(), "market count");
    for (market, cells) in &source {
        for (k, cat) in CATS.iter().enumerate() {
            let want = overrides
                .iter()
                .find(|(m, c, _)| m == market && c == cat)
                .map(|(_, _, v)| v.to_string())
                .unwrap_or_else(|| cells.get(k).cloned().unwrap_or_default());
            let got = rate(card, market, *cat);
            assert_eq!(got, (!want.is_empty()).then(|| d(&want)), "{market} {cat}");
        }
    }
}

const FILLED: [(&str, ChargedCategory, &str); 6] = [
    (
        "Iraq",
        ChargedCategory::AuthenticationInternational,
        "0.0750",
    ),
    (
        "Kuwait",
        ChargedCategory::AuthenticationInternational,
        "0.0621",
    ),
    (
        "Nepal",
        ChargedCategory::AuthenticationInternational,
        "0.0463",
    ),
    (
        "Oman",
        ChargedCategory::AuthenticationInternational,
        "0.0710",
    ),
    (
        "Sri Lanka",
        ChargedCategory::AuthenticationInternational,
        "0.0530",
    ),
    (
        "Ukraine",
        ChargedCategory::AuthenticationInternational,
        "0.0640",
    ),
];

#[test]
fn meta_csv_with_title_rows_and_a_broken_header_imports_exactly() {
    let book = embedded_book();
    let p = import(
        &book,
        "meta-rates-USD-2026-10-01.csv",
        ImportHints::default(),
    )
    .unwrap();
    assert_eq!(p.kind, FileKind::Rates);
    let card = &p.card;
    assert_eq!(card.currency.as_str(), "USD");
    assert_eq!(card.effective, date("2026-10-01"));
    assert_eq!(card.unit, Unit::Message);
    assert_eq!(card.status, CellStatus::Official);
    assert!(
        card.source.contains("effective October 1, 2026"),
        "{}",
        card.source
    );
    assert_matches_source(card, "2026-10-01_USD.csv", &FILLED);
    // Same currency and date as a shipped card: it replaces it, keeping the shipped ladder
    // whose first band still equals the list rate.
    assert_eq!(p.replaces.as_deref(), Some("the shipped card"));
    assert_eq!(card.tiers.len(), 1);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("kept the Rest of Africa utility")),
        "{:?}",
        p.notes
    );
}

#[test]
fn rupee_symbols_and_a_card_without_service_rates() {
    let p = import(
        &embedded_book(),
        "meta-rates-INR-2025-10-01.csv",
        ImportHints::default(),
    )
    .unwrap();
    assert_eq!(p.card.currency.as_str(), "INR");
    assert_eq!(p.card.effective, date("2025-10-01"));
    assert!(!p.card.has_service_rates());
    // The source has a service column of blanks (service was free): nothing to override.
    assert_matches_source(&p.card, "2025-10-01_INR.csv", &[]);
}

#[test]
fn the_xlsx_workbook_reads_its_list_rates_sheet_and_keeps_the_agent_column() {
    let p = import(
        &embedded_book(),
        "meta-rates-USD-2027-01-01.xlsx",
        ImportHints::default(),
    )
    .unwrap();
    let card = &p.card;
    assert_eq!(card.effective, date("2027-01-01"));
    assert!(p.replaces.is_none());
    let mut changes = FILLED.to_vec();
    changes.extend([
        ("India", ChargedCategory::Marketing, "0.0125"),
        ("Brazil", ChargedCategory::Utility, "0.0070"),
        ("Germany", ChargedCategory::Marketing, "0.1300"),
        ("Rest of Africa", ChargedCategory::Service, "0.0042"),
    ]);
    assert_matches_source(card, "2026-10-01_USD.csv", &changes);
    assert_eq!(card.info.len(), 1);
    let agent = &card.info[0];
    assert_eq!(agent.name, "Meta Business Agent (per 1,000 tokens)");
    assert_eq!(agent.value("India"), Some("0.0030"));
    assert_eq!(agent.value("Brazil"), Some("0.0030"));
    assert_eq!(agent.value("Argentina"), None, "n/a cells are left out");
    assert_eq!(agent.values.len(), 3);
}

#[test]
fn an_untitled_file_needs_currency_and_date_from_the_user() {
    let book = embedded_book();
    let err = import(&book, "meta-rates-untitled.csv", ImportHints::default()).unwrap_err();
    let e = err.to_string();
    assert!(e.contains("give it with --effective"), "{e}");
    // The window asks with a form: its text names no command-line flag.
    assert!(err.needs_hints);
    assert_eq!(
        err.window_text(),
        "meta-rates-untitled.csv: the file does not say when its rates take effect (no title like \"... effective October 1, 2026\")"
    );
    let hints = ImportHints {
        currency: None,
        effective: Some(date("2026-10-01")),
    };
    // The currency cells all say $US, so the currency follows from them.
    let p = import(&book, "meta-rates-untitled.csv", hints).unwrap();
    assert_eq!(p.card.currency.as_str(), "USD");
    let hints = ImportHints {
        currency: Some("EUR".parse().unwrap()),
        effective: Some(date("2026-10-01")),
    };
    let e = import(&book, "meta-rates-untitled.csv", hints)
        .unwrap_err()
        .to_string();
    assert!(e.contains("differs from the card's EUR"), "{e}");
    // A flag that contradicts the title is refused, not silently preferred.
    let hints = ImportHints {
        currency: None,
        effective: Some(date("2026-07-01")),
    };
    let err = import(&book, "meta-rates-USD-2026-10-01.csv", hints).unwrap_err();
    let e = err.to_string();
    assert!(
        e.contains(
            "the title says the card is effective 2026-10-01 but --effective says 2026-07-01"
        ),
        "{e}"
    );
    assert!(
        err.window_text()
            .ends_with("the title says the card is effective 2026-10-01, not 2026-07-01 as given"),
        "{}",
        err.window_text()
    );
}

fn expected_ladders() -> Vec<(&'static str, ChargedCategory, Vec<TierBand>)> {
    let band = |from: u64, to: Option<u64>, rate: &str, vs: &str| TierBand {
        from,
        to,
        rate: d(rate),
        vs_list_rate: Some(vs.to_string()),
    };
    vec![
        (
            "India",
            ChargedCategory::Utility,
            vec![
                band(0, Some(100_000), "0.0014", "0%"),
                band(100_001, Some(1_000_000), "0.0014", "-5%"),
                band(1_000_001, None, "0.0013", "-10%"),
            ],
        ),
        (
            "India",
            ChargedCategory::AuthenticationInternational,
            vec![
                band(0, Some(250_000), "0.0304", "0%"),
                band(250_001, None, "0.0289", "-5%"),
            ],
        ),
        (
            "Rest of Africa",
            ChargedCategory::Utility,
            vec![
                band(0, Some(100_000), "0.0040", "0%"),
                band(100_001, Some(1_000_000), "0.0038", "-5%"),
                band(1_000_001, Some(4_500_000), "0.0036", "-10%"),
                band(4_500_001, Some(40_000_000), "0.0034", "-15%"),
                band(40_000_001, Some(80_000_000), "0.0032", "-20%"),
                band(80_000_001, None, "0.0030", "-25%"),
            ],
        ),
        (
            "Rest of Africa",
            ChargedCategory::Authentication,
            vec![
                band(0, Some(100_000), "0.0040", "0%"),
                band(100_001, Some(1_000_000), "0.0038", "-5%"),
                band(1_000_001, None, "0.0036", "-10%"),
            ],
        ),
    ]
}

#[test]
fn the_seventeen_column_tier_file_fills_markets_down_in_csv_and_xlsx_alike() {
    let book = embedded_book();
    let mut cards = Vec::new();
    for name in [
        "meta-tiers-USD-2026-10-01.csv",
        "meta-tiers-USD-2026-10-01.xlsx",
    ] {
        let p = import(&book, name, ImportHints::default()).unwrap();
        assert_eq!(p.kind, FileKind::Tiers);
        assert_eq!(p.replaces.as_deref(), Some("the shipped card"));
        let card = p.card;
        assert_eq!(card.effective, date("2026-10-01"));
        let want = expected_ladders();
        assert_eq!(card.tiers.len(), want.len(), "{name}");
        for (market, cat, bands) in want {
            assert_eq!(
                card.ladder(market, cat).unwrap().bands,
                bands,
                "{name}: {market} {cat}"
            );
        }
        // The rates themselves are the shipped card's, untouched.
        assert_eq!(
            rate(&card, "India", ChargedCategory::Marketing),
            Some(d("0.0118"))
        );
        cards.push(card);
    }
    assert_eq!(cards[0].tiers, cards[1].tiers);
}

#[test]
fn tiers_for_a_card_wacost_lacks_are_refused() {
    let text = String::from_utf8(fixture("meta-tiers-USD-2026-10-01.csv"))
        .unwrap()
        .replace("October 1, 2026", "April 1, 2027");
    let e = prepare_import(
        &embedded_book(),
        "t.csv",
        text.into_bytes(),
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("import Meta's rate file for USD 2027-04-01 first"),
        "{e}"
    );
}

/// The fixture with one text replacement, imported; returns the error text.
fn broken(name: &str, from: &str, to: &str) -> String {
    let text = String::from_utf8(fixture(name)).unwrap();
    assert!(text.contains(from), "{from:?} not in {name}");
    let text = text.replacen(from, to, 1);
    prepare_import(
        &embedded_book(),
        "broken.csv",
        text.into_bytes(),
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string()
}

const RATES: &str = "meta-rates-USD-2026-10-01.csv";
const TIERS: &str = "meta-tiers-USD-2026-10-01.csv";

#[test]
fn each_kind_of_broken_rate_file_names_its_cell_and_reason() {
    // Line numbers: title 1, note 2, blank 3, header 4-5, Argentina 6, Bangladesh 7, Brazil 8.
    let cases = [
        (
            "Brazil,$US,0.0625",
            "Brazil,$US,-0.0625",
            "broken.csv:8: column C \"Marketing\": rate -0.0625 is not positive",
        ),
        (
            "Brazil,$US,0.0625",
            "Brazil,$US,0",
            "broken.csv:8: column C \"Marketing\": rate 0 is not positive",
        ),
        (
            "Brazil,$US,0.0625",
            "Brazil,$US,abc",
            "broken.csv:8: column C \"Marketing\": \"abc\" is not a rate",
        ),
        (
            "Brazil,$US,0.0625,0.0068",
            "Brazil,$US,0.0625,",
            "broken.csv:8: column D \"Utility\": Brazil has no utility rate (the cell is empty)",
        ),
        (
            "Brazil,$US,0.0625,0.0068",
            "Brazil,$US,0.0625,n/a",
            "broken.csv:8: column D \"Utility\": Brazil must have a utility rate, not \"n/a\"",
        ),
        (
            "Brazil,$US",
            "Brazil,€",
            "broken.csv:8: column B \"Currency\": currency \"€\" (EUR) differs from the card's USD",
        ),
        (
            "Brazil,$US",
            "Brazil,XX",
            "broken.csv:8: column B \"Currency\": \"XX\" is not a currency",
        ),
        (
            "Brazil,$US",
            "Brasil,$US",
            "broken.csv:8: column A \"Market\": market \"Brasil\" is not in the market mapping on 2026-10-01 (did you mean \"Brazil\"?)",
        ),
        (
            "Brazil,$US",
            "Argentina,$US",
            "broken.csv:8: column A \"Market\": market \"Argentina\" appears twice",
        ),
        (
            "Argentina,$US,0.0618,0.0260,0.0260,n/a,0.0260",
            "Argentina,$US,0.0618,0.0260,0.0260,n/a,",
            "broken.csv:6: column G \"Service\": Argentina has no service rate",
        ),
        (
            "effective October 1, 2026",
            "effective Octember 1, 2026",
            "give it with --effective",
        ),
    ];
    for (from, to, want) in cases {
        let e = broken(RATES, from, to);
        assert!(e.contains(want), "{from} -> {to}:\n{e}\nwanted: {want}");
        assert!(!e.contains("panicked"), "{e}");
    }
}

#[test]
fn a_missing_market_is_named_with_its_countries() {
    let text = String::from_utf8(fixture(RATES)).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("Rest of Africa,"))
        .unwrap()
        .to_string();
    let cut = text.replace(&format!("{line}\r\n"), "");
    let e = prepare_import(
        &embedded_book(),
        "cut.csv",
        cut.into_bytes(),
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("cut.csv: market \"Rest of Africa\" (")
            && e.contains("has no row: every market of the mapping on 2026-10-01 must be priced"),
        "{e}"
    );
}

#[test]
fn several_problems_are_all_listed_and_nothing_is_accepted() {
    let text = String::from_utf8(fixture(RATES))
        .unwrap()
        .replacen("0.0625", "-1", 1)
        .replacen("Chile,$US,0.0889", "Chile,$US,x", 1);
    let e = prepare_import(
        &embedded_book(),
        "two.csv",
        text.into_bytes(),
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("two.csv: 2 problems; nothing was imported"),
        "{e}"
    );
    assert!(
        e.contains("two.csv:8: column C") && e.contains("two.csv:9: column C"),
        "{e}"
    );
}

#[test]
fn each_kind_of_broken_tier_file_names_its_cell_and_reason() {
    // Line numbers: title 1, blank 2, groups 3, header 4, India 5-7, Rest of Africa 8-13.
    let cases = [
        (
            "\"100,001\",\"1,000,000\",Tier rate,0.0038,-5%,\"100,001\"",
            "\"100,002\",\"1,000,000\",Tier rate,0.0038,-5%,\"100,001\"",
            "broken.csv:9: column C \"From\": Rest of Africa utility: this band starts at 100002 but the band above ends at 100000; bands must be contiguous",
        ),
        (
            ",,\"1,000,001\",--,Tier rate,0.0013",
            ",,\"1,000,001\",--,Tier rate,0.0015",
            "broken.csv:7: column F \"Rate\": India utility: rate 0.0015 is higher than the band above (0.0014); tier rates never rise",
        ),
        (
            "India,USD,0,",
            "India,USD,1,",
            "broken.csv:5: column C \"From\": India utility: the first band starts at 1, not 0",
        ),
        (
            ",,\"80,000,001\",--,",
            ",,\"80,000,001\",\"90,000,000\",",
            "broken.csv:13: column D \"To\": Rest of Africa utility: the last band must be open-ended",
        ),
        (
            ",,\"80,000,001\",--,",
            ",,\"80,000,001\",lots,",
            "broken.csv:13: column D \"To\": \"lots\" is not a whole number of messages (or -- for no upper bound)",
        ),
        (
            ",,\"80,000,001\",--,Tier rate,0.0030",
            ",,\"80,000,001\",--,Tier rate,zero",
            "broken.csv:13: column F \"Rate\": \"zero\" is not a rate",
        ),
        (
            "Rest of Africa,USD",
            "Rest of Afrika,USD",
            "broken.csv:8: column A \"Market\": market \"Rest of Afrika\" is not in the market mapping on 2026-10-01 (did you mean \"Rest of Africa\"?)",
        ),
        (
            "Rest of Africa,USD",
            "Rest of Africa,EUR",
            "broken.csv:8: column B \"Currency\": currency \"EUR\" differs from the file's USD",
        ),
        // Brazil has no authentication-international rate, so it cannot have tiers for it.
        (
            "India,USD",
            "Brazil,USD",
            "broken.csv:5: column P \"Rate\": the USD card 2026-10-01 has no authentication-international rate for Brazil",
        ),
    ];
    for (from, to, want) in cases {
        let e = broken(TIERS, from, to);
        assert!(e.contains(want), "{from} -> {to}:\n{e}\nwanted: {want}");
    }
}

#[test]
fn files_in_no_known_layout_say_what_they_found() {
    let book = embedded_book();
    let cases: [(&str, Vec<u8>, &str); 7] = [
        ("empty.csv", Vec::new(), "empty.csv: the file is empty"),
        (
            "blank.csv",
            b"\n\n  \n".to_vec(),
            "blank.csv: the file is empty",
        ),
        (
            "garbage.csv",
            vec![0, 159, 146, 150, 0, 1, 2, 3],
            "garbage.csv: this is not a text file",
        ),
        (
            "usage.csv",
            b"date,country,category,count\n2026-10-01,IN,marketing,5\n".to_vec(),
            "usage.csv: not one of Meta's rate files: expected a header row \"Market, Currency, Marketing",
        ),
        (
            "not-a-rate-card.xlsx",
            fixture("not-a-rate-card.xlsx"),
            "found: sheet \"Summary\": Month, Spend",
        ),
        (
            "cut.xlsx",
            fixture("meta-rates-USD-2027-01-01.xlsx")[..2000].to_vec(),
            "cut.xlsx: not a readable Excel workbook",
        ),
        // Found by the fuzzer: a cell reference whose column overflows the XLSX reader.
        (
            "damaged.xlsx",
            fixture("fuzz-damaged-cell-reference.xlsx"),
            "damaged.xlsx: not a readable Excel workbook: the file is damaged",
        ),
    ];
    for (name, bytes, want) in cases {
        let e = prepare_import(&book, name, bytes, ImportHints::default(), today())
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{name}: {e}");
    }
    let e = broken(RATES, "Marketing,", "Sales,");
    assert!(
        e.contains("not one of Meta's rate files") && e.contains("Market, Currency, Sales"),
        "{e}"
    );
}

#[test]
fn an_accepted_card_is_stored_and_loads_like_a_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    let book = embedded_book();
    let p = import(
        &book,
        "meta-rates-USD-2027-01-01.xlsx",
        ImportHints::default(),
    )
    .unwrap();
    let (path, stored) = store_import(dir.path(), &p).unwrap();
    assert_eq!(path, dir.path().join("cards").join("2027-01-01_USD.toml"));
    assert_eq!(card_files(dir.path()).unwrap(), vec![path.clone()]);
    let text = std::fs::read_to_string(&path).unwrap();
    let again = parse_card("x", &text, stored.origin.clone()).unwrap();
    assert_eq!(again, stored);
    // No temporary file is left beside it.
    assert_eq!(
        std::fs::read_dir(dir.path().join("cards")).unwrap().count(),
        1
    );
}

#[test]
fn read_meta_file_tells_rates_from_tiers() {
    let book = embedded_book();
    let rates = read_meta_file(
        RATES,
        fixture(RATES),
        ImportHints::default(),
        book.markets(),
        today(),
    )
    .unwrap();
    assert!(matches!(rates, MetaFile::Rates(_)));
    let tiers = read_meta_file(
        TIERS,
        fixture(TIERS),
        ImportHints::default(),
        book.markets(),
        today(),
    )
    .unwrap();
    assert!(matches!(tiers, MetaFile::Tiers(_)));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Cells Meta's files are made of, and some they are not.
    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Market".to_string()),
            Just("Currency".to_string()),
            Just("Marketing".to_string()),
            Just("\"Authentication-\nInternational\"".to_string()),
            Just("From".to_string()),
            Just("To".to_string()),
            Just("Rate".to_string()),
            Just("Utility".to_string()),
            Just("n/a".to_string()),
            Just("--".to_string()),
            Just("$US".to_string()),
            Just("India".to_string()),
            Just("Rest of Africa".to_string()),
            Just("effective October 1, 2026 in USD".to_string()),
            "[0-9,.\\-]{0,12}",
            "\\PC{0,8}",
        ]
    }

    fn file() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::collection::vec(cell(), 0..9), 0..14).prop_map(|rows| {
            rows.iter()
                .map(|r| r.join(","))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_grid_of_meta_like_cells_is_read_or_refused(text in file()) {
            let book = embedded_book();
            let _ = prepare_import(&book, "p.csv", text.into_bytes(), ImportHints::default(), today());
        }

        #[test]
        fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let book = embedded_book();
            let _ = prepare_import(&book, "p.bin", bytes, ImportHints::default(), today());
        }

        #[test]
        fn a_damaged_workbook_is_refused(cut in 0usize..5000, flip in 0usize..5000) {
            let mut bytes = fixture("meta-rates-USD-2027-01-01.xlsx");
            if flip < bytes.len() {
                bytes[flip] ^= 0x55;
            }
            bytes.truncate(cut.max(4));
            let _ = prepare_import(&embedded_book(), "p.xlsx", bytes, ImportHints::default(), today());
        }
    }
}

/// Issue 11: files that are well formed but cannot be true are refused with the reason.
#[test]
fn implausible_rate_files_are_refused_with_the_reason() {
    let cases = [
        (
            RATES,
            "Brazil,$US,0.0625",
            "Brazil,$US,9999999999999999999999999999",
            "broken.csv:8: column C \"Marketing\": rate 9999999999999999999999999999 is above 100 USD",
        ),
        (
            RATES,
            "in USD on",
            "in XYZ on",
            "XYZ is not a currency Meta bills in",
        ),
        (
            RATES,
            "October 1, 2026",
            "October 1, 9999",
            "9999-10-01 is not plausible",
        ),
        (
            RATES,
            "October 1, 2026",
            "October 1, 2030",
            "more than two years from today",
        ),
        (
            RATES,
            "effective October 1, 2026",
            "effective February 30, 2027",
            "February 30, 2027, a day that does not exist (February 2027 has 28 days)",
        ),
        (
            TIERS,
            "India,USD,0,\"100,000\",List rate",
            "India,USD,0,\"18,446,744,073,709,551,615\",List rate",
            "India utility: a band follows a band that ends at 18446744073709551615",
        ),
    ];
    for (file, from, to, want) in cases {
        let text = String::from_utf8(fixture(file)).unwrap();
        assert!(text.contains(from), "{from:?} not in {file}");
        // The tier case also makes the next band start at 0, as a wrapped `to + 1` would allow.
        let text = text.replacen(from, to, 1).replacen(
            "\"100,001\",\"1,000,000\",Tier",
            "0,\"1,000,000\",Tier",
            1,
        );
        let e = prepare_import(
            &embedded_book(),
            "broken.csv",
            text.into_bytes(),
            ImportHints::default(),
            today(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains(want), "{from} -> {to}:\n{e}\nwanted: {want}");
    }
}

/// D6: a card from 2026-10-01 without its Service column (an older layout, or a file cut
/// short) would replace the shipped card and break every plan with service volume.
#[test]
fn a_card_from_october_2026_needs_its_service_column() {
    let text = String::from_utf8(fixture(RATES)).unwrap();
    let cut: Vec<String> = text
        .lines()
        .map(|l| {
            if l.ends_with("International\",Service") {
                l.trim_end_matches(",Service").to_string()
            } else if l.matches(',').count() >= 6 {
                l.rsplit_once(',').unwrap().0.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    let e = prepare_import(
        &embedded_book(),
        "noservice.csv",
        cut.join("\n").into_bytes(),
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("noservice.csv:4: the header has no Service column"),
        "{e}"
    );
}

#[test]
fn an_empty_zip_is_named_as_such() {
    let mut empty = b"PK\x05\x06".to_vec();
    empty.resize(22, 0);
    let e = prepare_import(
        &embedded_book(),
        "empty.xlsx",
        empty,
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("empty.xlsx: an empty zip archive"), "{e}");
    assert!(!e.contains("NUL"), "{e}");
}

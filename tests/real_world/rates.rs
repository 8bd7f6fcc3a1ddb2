//! Meta's own rate and tier downloads (README: "Meta's rate files"), read as Meta serves them:
//! a title, notes with links in other columns, for the tiers a section row and a sub-header
//! above the header, CRLF records with a bare LF inside quoted headings, no final newline.
//! Expected ladders are literals copied by hand from the real CSV; the card is compared with
//! the shipped card, cell for cell. The XLSX forms are written at test time from the same CSV.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use tempfile::TempDir;
use wacost::domain::ratebook::{CardId, MarketRates, RateCard, TierBand, TierLadder};
use wacost::domain::{ChargedCategory, Date, RateBook};
use wacost::io::meta_rates::{FileKind, ImportHints, PreparedImport, prepare_import};
use wacost::io::rates::embedded_book;

use crate::common::wacost_with_rates_home;
use crate::real;

const CARD_CRLF: &str = "meta-rate-card/usd-2026-04-01_scraper-raw-crlf.csv";
const CARD_LF: &str = "meta-rate-card/usd-2026-04-01_scraper-lf.csv";
const TIERS_CRLF: &str = "meta-tiers/usd-2026-04-01_tiers_scraper-raw-crlf.csv";
const TIERS_LF: &str = "meta-tiers/usd-2026-04-01_tiers_scraper-lf.csv";

const UTILITY: ChargedCategory = ChargedCategory::Utility;
const AUTH: ChargedCategory = ChargedCategory::Authentication;
const AUTH_INTL: ChargedCategory = ChargedCategory::AuthenticationInternational;

/// The markets of the tier file whose Authentication-International block is not n/a.
const AUTH_INTL_MARKETS: [&str; 9] = [
    "Egypt",
    "India",
    "Indonesia",
    "Malaysia",
    "Nigeria",
    "Pakistan",
    "Saudi Arabia",
    "South Africa",
    "United Arab Emirates",
];

fn april() -> CardId {
    CardId {
        currency: "USD".parse().unwrap(),
        effective: Date::from_str("2026-04-01").unwrap(),
    }
}

fn today() -> Date {
    Date::from_str("2026-11-23").unwrap()
}

fn import_bytes(book: &RateBook, name: &str, bytes: Vec<u8>) -> PreparedImport {
    prepare_import(book, name, bytes, ImportHints::default(), today())
        .unwrap_or_else(|e| panic!("{name} was refused:\n{e}"))
}

fn import_file(book: &RateBook, path: &Path) -> PreparedImport {
    let bytes = std::fs::read(path).unwrap();
    import_bytes(book, &path.display().to_string(), bytes)
}

/// A band as the file prints it: from, to ("--" = open), rate, vs. list rate.
type Printed = (u64, Option<u64>, &'static str, &'static str);

fn bands(printed: &[Printed]) -> Vec<TierBand> {
    printed
        .iter()
        .map(|&(from, to, rate, vs)| TierBand {
            from,
            to,
            rate: Decimal::from_str(rate).unwrap(),
            vs_list_rate: Some(vs.to_string()),
        })
        .collect()
}

/// Ladders copied from the real CSV (usd-2026-04-01_tiers_scraper-lf.csv, lines 13-18, 49-54,
/// 115-120 and 169-174), digits as printed.
fn expected_ladders() -> Vec<(&'static str, ChargedCategory, Vec<TierBand>)> {
    vec![
        (
            "India",
            UTILITY,
            bands(&[
                (0, Some(25_000_000), "0.0014", "0%"),
                (25_000_001, Some(50_000_000), "0.0013", "-6%"),
                (50_000_001, Some(100_000_000), "0.0012", "-12%"),
                (100_000_001, Some(200_000_000), "0.0011", "-18%"),
                (200_000_001, Some(300_000_000), "0.0011", "-24%"),
                (300_000_001, None, "0.0010", "-30%"),
            ]),
        ),
        (
            "India",
            AUTH,
            bands(&[
                (0, Some(750_000), "0.0014", "0%"),
                (750_001, Some(15_000_000), "0.0013", "-6%"),
                (15_000_001, Some(20_000_000), "0.0012", "-12%"),
                (20_000_001, Some(50_000_000), "0.0011", "-18%"),
                (50_000_001, Some(100_000_000), "0.0011", "-24%"),
                (100_000_001, None, "0.0010", "-30%"),
            ]),
        ),
        (
            "India",
            AUTH_INTL,
            bands(&[
                (0, Some(750_000), "0.0304", "0%"),
                (750_001, Some(15_000_000), "0.0286", "-6%"),
                (15_000_001, Some(20_000_000), "0.0268", "-12%"),
                (20_000_001, Some(50_000_000), "0.0249", "-18%"),
                (50_000_001, Some(100_000_000), "0.0231", "-24%"),
                (100_000_001, None, "0.0213", "-30%"),
            ]),
        ),
        (
            "Brazil",
            UTILITY,
            bands(&[
                (0, Some(250_000), "0.0068", "0%"),
                (250_001, Some(2_000_000), "0.0065", "-5%"),
                (2_000_001, Some(17_000_000), "0.0061", "-10%"),
                (17_000_001, Some(35_000_000), "0.0058", "-15%"),
                (35_000_001, Some(70_000_000), "0.0054", "-20%"),
                (70_000_001, None, "0.0051", "-25%"),
            ]),
        ),
        (
            "Brazil",
            AUTH,
            bands(&[
                (0, Some(500_000), "0.0068", "0%"),
                (500_001, Some(3_000_000), "0.0065", "-5%"),
                (3_000_001, Some(5_250_000), "0.0061", "-10%"),
                (5_250_001, Some(10_000_000), "0.0058", "-15%"),
                (10_000_001, Some(20_000_000), "0.0054", "-20%"),
                (20_000_001, None, "0.0051", "-25%"),
            ]),
        ),
        (
            "Rest of Central & Eastern Europe",
            UTILITY,
            bands(&[
                (0, Some(100_000), "0.0212", "0%"),
                (100_001, Some(1_000_000), "0.0201", "-5%"),
                (1_000_001, Some(4_500_000), "0.0190", "-10%"),
                (4_500_001, Some(40_000_000), "0.0180", "-15%"),
                (40_000_001, Some(80_000_000), "0.0169", "-20%"),
                (80_000_001, None, "0.0159", "-25%"),
            ]),
        ),
        (
            "Rest of Central & Eastern Europe",
            AUTH,
            bands(&[
                (0, Some(300_000), "0.0212", "0%"),
                (300_001, Some(2_000_000), "0.0201", "-5%"),
                (2_000_001, Some(10_000_000), "0.0190", "-10%"),
                (10_000_001, Some(20_000_000), "0.0180", "-15%"),
                (20_000_001, Some(40_000_000), "0.0169", "-20%"),
                (40_000_001, None, "0.0159", "-25%"),
            ]),
        ),
        (
            "Saudi Arabia",
            AUTH_INTL,
            bands(&[
                (0, Some(300_000), "0.0598", "0%"),
                (300_001, Some(2_000_000), "0.0568", "-5%"),
                (2_000_001, Some(10_000_000), "0.0538", "-10%"),
                (10_000_001, Some(20_000_000), "0.0508", "-15%"),
                (20_000_001, Some(40_000_000), "0.0478", "-20%"),
                (40_000_001, None, "0.0449", "-25%"),
            ]),
        ),
    ]
}

fn ladder<'c>(card: &'c RateCard, market: &str, category: ChargedCategory) -> &'c TierLadder {
    card.ladder(market, category)
        .unwrap_or_else(|| panic!("no {market} {category} ladder"))
}

/// Everything a tier import must give for the April 2026 file, whatever its form.
fn assert_april_tiers(p: &PreparedImport) {
    assert_eq!(p.kind, FileKind::Tiers);
    let card = &p.card;
    assert_eq!(card.id(), april());
    assert_eq!(p.replaces.as_deref(), Some("the shipped card"));
    // 32 markets, each with a utility and an authentication ladder of 6 bands; 9 with an
    // authentication-international ladder of 6 bands; nothing else.
    assert_eq!(card.markets.len(), 32);
    for m in &card.markets {
        for cat in [UTILITY, AUTH] {
            assert_eq!(
                ladder(card, &m.market, cat).bands.len(),
                6,
                "{} {cat}",
                m.market
            );
        }
    }
    let count = |cat: ChargedCategory| card.tiers.iter().filter(|l| l.category == cat).count();
    assert_eq!(count(UTILITY), 32);
    assert_eq!(count(AUTH), 32);
    assert_eq!(count(AUTH_INTL), 9);
    assert_eq!(card.tiers.len(), 73);
    let mut intl: Vec<&str> = card
        .tiers
        .iter()
        .filter(|l| l.category == AUTH_INTL)
        .map(|l| l.market.as_str())
        .collect();
    intl.sort();
    assert_eq!(intl, AUTH_INTL_MARKETS);
    assert!(card.tiers.iter().all(|l| l.bands.len() == 6));
    assert!(card.ladder("Brazil", AUTH_INTL).is_none());
    for (market, cat, want) in expected_ladders() {
        assert_eq!(ladder(card, market, cat).bands, want, "{market} {cat}");
    }
    // Each ladder's first band is the card's list rate: nothing to warn about.
    assert!(p.notes.is_empty(), "{:?}", p.notes);
}

/// The card's prices market by market, in file order (for comparing two imports).
fn prices(card: &RateCard) -> Vec<MarketRates> {
    card.markets.clone()
}

/// Asserts the card holds the shipped USD 2026-04-01 card's rates, cell for cell.
fn assert_is_the_shipped_april_card(p: &PreparedImport) {
    assert_eq!(p.kind, FileKind::Rates);
    let card = &p.card;
    assert_eq!(card.id(), april());
    assert_eq!(card.markets.len(), 32);
    assert_eq!(p.replaces.as_deref(), Some("the shipped card"));
    let book = embedded_book();
    let shipped = book.card(april()).unwrap();
    let names = |c: &RateCard| {
        let mut n: Vec<String> = c.markets.iter().map(|m| m.market.to_string()).collect();
        n.sort();
        n
    };
    assert_eq!(names(card), names(shipped));
    for m in &shipped.markets {
        for cat in ChargedCategory::ALL {
            assert_eq!(
                card.cell(&m.market, cat),
                shipped.cell(&m.market, cat),
                "{} {cat}",
                m.market
            );
        }
    }
    // A few cells as printed in the file, so the comparison is not only with wacost's data.
    let rate = |m: &str, c| match card.cell(m, c) {
        Some(wacost::domain::ratebook::RateCell::Rate(r)) => r.to_string(),
        other => format!("{other:?}"),
    };
    assert_eq!(rate("India", ChargedCategory::Marketing), "0.0118");
    assert_eq!(rate("India", AUTH_INTL), "0.0304");
    assert_eq!(rate("Rest of Central & Eastern Europe", UTILITY), "0.0212");
    assert_eq!(rate("Other", ChargedCategory::Marketing), "0.0604");
    assert_eq!(card.cell("Brazil", AUTH_INTL), None);
    assert_eq!(card.cell("Brazil", ChargedCategory::Service), None);
    assert!(
        card.source.contains("effective April 1, 2026\"") && !card.source.contains("https://"),
        "the source is the title, not the notes: {}",
        card.source
    );
}

#[test]
fn meta_april_2026_card_csv_imports_as_the_shipped_card() {
    let book = embedded_book();
    let crlf = import_file(&book, &real(CARD_CRLF));
    let lf = import_file(&book, &real(CARD_LF));
    assert_is_the_shipped_april_card(&crlf);
    assert_is_the_shipped_april_card(&lf);
    assert_eq!(prices(&crlf.card), prices(&lf.card));
}

#[test]
fn meta_april_2026_tier_csv_imports_every_ladder_as_printed() {
    let book = embedded_book();
    let crlf = import_file(&book, &real(TIERS_CRLF));
    let lf = import_file(&book, &real(TIERS_LF));
    assert_april_tiers(&crlf);
    assert_april_tiers(&lf);
    assert_eq!(crlf.card.tiers, lf.card.tiers);
    assert_eq!(prices(&crlf.card), prices(&lf.card));
}

// ---- The XLSX forms ---------------------------------------------------------------------------

/// A cell of the CSV as Excel would hold it: counts and rates as numbers, "-5%" as the
/// fraction -0.05 formatted as a percentage, everything else as text.
enum Cell {
    Empty,
    Number(f64),
    Percent(f64),
    Text(String),
}

fn excel_cell(text: &str) -> Cell {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    if text.is_empty() {
        Cell::Empty
    } else if let Some(p) = text.strip_suffix('%')
        && let Ok(v) = p.parse::<f64>()
    {
        Cell::Percent(v / 100.0)
    } else if digits(&text.replace(',', "")) && text.matches('.').count() <= 1 {
        Cell::Number(text.replace(',', "").parse().unwrap())
    } else {
        Cell::Text(text.to_string())
    }
}

/// Writes the real CSV's cells, row for row, into one sheet of a new workbook.
fn xlsx_from_csv(csv_file: &Path, sheet: &str, dir: &Path) -> PathBuf {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(csv_file)
        .unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let mut rows = 0;
    for (r, record) in reader.records().enumerate() {
        let record = record.unwrap();
        let r = u32::try_from(r).unwrap();
        for (c, text) in record.iter().enumerate() {
            let c = u16::try_from(c).unwrap();
            match excel_cell(text) {
                Cell::Empty => {}
                Cell::Number(v) => {
                    ws.write_number(r, c, v).unwrap();
                }
                Cell::Percent(v) => {
                    ws.write_number_with_format(r, c, v, &percent).unwrap();
                }
                Cell::Text(t) => {
                    ws.write_string(r, c, t).unwrap();
                }
            }
        }
        rows += 1;
    }
    assert!(rows > 5, "{} has {rows} records", csv_file.display());
    let stem = csv_file.file_stem().unwrap().to_string_lossy();
    let out = dir.join(format!("{stem}.xlsx"));
    book.save(&out).unwrap();
    out
}

#[test]
fn the_xlsx_forms_import_like_the_csv() {
    let dir = TempDir::new().unwrap();
    let book = embedded_book();
    let card_csv = import_file(&book, &real(CARD_CRLF));
    let card_xlsx = import_file(
        &book,
        &xlsx_from_csv(&real(CARD_CRLF), "List rates", dir.path()),
    );
    assert_is_the_shipped_april_card(&card_xlsx);
    assert_eq!(prices(&card_xlsx.card), prices(&card_csv.card));

    let tiers_csv = import_file(&book, &real(TIERS_CRLF));
    let tiers_xlsx = import_file(
        &book,
        &xlsx_from_csv(&real(TIERS_LF), "Volume tiers", dir.path()),
    );
    assert_april_tiers(&tiers_xlsx);
    assert_eq!(tiers_xlsx.card.tiers, tiers_csv.card.tiers);
}

// ---- Through the binary -----------------------------------------------------------------------

#[test]
fn wacost_rates_import_reads_the_card_then_its_tiers() {
    let home = TempDir::new().unwrap();
    let card = real(CARD_CRLF);
    let out = wacost_with_rates_home(home.path(), ["rates", "import", card.to_str().unwrap()]).ok();
    assert!(
        out.contains(&format!(
            "Read Meta's rate card USD 2026-04-01 (32 markets) from {}.",
            card.display()
        )),
        "{out}"
    );
    assert!(
        out.contains("It replaces the shipped card for USD 2026-04-01."),
        "{out}"
    );
    // The same rates as the shipped card; its own ladders (if any) carried over.
    assert!(
        out.contains(": 0 rates up, 0 down, 0 added, 0 removed"),
        "{out}"
    );
    let stored = home.path().join("cards/2026-04-01_USD.toml");
    assert!(
        out.contains(&format!("Stored in {}", stored.display())),
        "{out}"
    );

    let tiers = real(TIERS_CRLF);
    let out =
        wacost_with_rates_home(home.path(), ["rates", "import", tiers.to_str().unwrap()]).ok();
    assert!(
        out.contains(&format!(
            "Read Meta's volume tiers for USD 2026-04-01 (73 ladders) from {}.",
            tiers.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "It replaces {} for USD 2026-04-01.",
            stored.display()
        )),
        "{out}"
    );
    assert!(!out.contains("note:"), "{out}");

    // What is stored is what the file prints: the card file holds the ladders, and the next
    // command reads them back.
    let text = std::fs::read_to_string(&stored).unwrap();
    assert_eq!(text.matches("[[tiers]]").count(), 73, "{text}");
    let show = wacost_with_rates_home(
        home.path(),
        ["rates", "show", "USD", "2026-04-01", "--format", "json"],
    )
    .ok();
    let show: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(show["origin"], stored.display().to_string());
    let tiers = show["tiers"].as_array().unwrap();
    assert_eq!(tiers.len(), 73);
    let rcee = tiers
        .iter()
        .find(|t| t["market"] == "Rest of Central & Eastern Europe" && t["category"] == "utility")
        .expect("the Rest of Central & Eastern Europe utility ladder");
    let printed: Vec<(u64, Option<u64>, &str)> = rcee["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["from"].as_u64().unwrap(),
                b["to"].as_u64(),
                b["rate"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        printed,
        [
            (0, Some(100_000), "0.0212"),
            (100_001, Some(1_000_000), "0.0201"),
            (1_000_001, Some(4_500_000), "0.0190"),
            (4_500_001, Some(40_000_000), "0.0180"),
            (40_000_001, Some(80_000_000), "0.0169"),
            (80_000_001, None, "0.0159"),
        ]
    );
}

// ---- The same layout, made worse ----------------------------------------------------------------

fn real_text(path: &str) -> String {
    std::fs::read_to_string(real(path)).unwrap()
}

/// The text with `extra` inserted before record `index` (0-based; records end in CRLF).
fn insert_records(text: &str, index: usize, extra: &[&str]) -> String {
    let mut records: Vec<&str> = text.split("\r\n").collect();
    for (k, r) in extra.iter().enumerate() {
        records.insert(index + k, r);
    }
    records.join("\r\n")
}

#[test]
fn more_notes_above_the_header_change_nothing() {
    let book = embedded_book();
    let notes = [
        "Rates effective April 1, 2026. See also:,,,,,,,,,,,,https://developers.facebook.com/docs/whatsapp/pricing,,,,",
        ",,,,,,,,,,,,,,,,",
        "\"Note: \"\"Rest of\"\" regions, see the link\",,,,,,,,,,,,,,,,https://developers.facebook.com/docs/whatsapp/pricing#country-calling-codes",
        "Prices exclude taxes.,,,,,,,,,,,,,,,,",
        "Market names follow the rate card.,,Utility,,,,,,,,,,,,,,",
    ];
    let tiers = insert_records(&real_text(TIERS_CRLF), 2, &notes);
    let p = import_bytes(&book, "more-notes.csv", tiers.into_bytes());
    assert_april_tiers(&p);

    let card_notes = [
        "Prices exclude taxes. Learn more here:,,,,https://developers.facebook.com/docs/whatsapp/pricing,,",
        ",,,,,,",
        "Published by Meta.,,,,,,https://www.facebook.com",
    ];
    let card = insert_records(&real_text(CARD_CRLF), 5, &card_notes);
    let p = import_bytes(&book, "more-notes-card.csv", card.into_bytes());
    assert_is_the_shipped_april_card(&p);
}

#[test]
fn an_extra_url_column_changes_nothing() {
    let book = embedded_book();
    let url = "https://developers.facebook.com/docs/whatsapp/pricing/volume-tiers";
    let text = real_text(TIERS_CRLF);
    let widened: Vec<String> = text
        .split("\r\n")
        .enumerate()
        .map(|(i, r)| match i {
            0..=3 => format!("{r},"),
            4 => format!("{r},Learn more"),
            _ => format!("{r},{url}"),
        })
        .collect();
    let p = import_bytes(&book, "url-column.csv", widened.join("\r\n").into_bytes());
    assert_april_tiers(&p);

    // The card's notes with their links moved out to a column of their own, far right.
    let card: Vec<String> = real_text(CARD_CRLF)
        .split("\r\n")
        .map(|r| match r.split_once(",,,,https://") {
            Some((note, link)) => format!("{note},,,,,,,,,,https://{link}"),
            None => r.to_string(),
        })
        .collect();
    let p = import_bytes(&book, "url-far-right.csv", card.join("\r\n").into_bytes());
    assert_is_the_shipped_april_card(&p);
}

#[test]
fn a_file_with_only_the_title_and_notes_is_refused_saying_what_is_missing() {
    let book = embedded_book();
    let text = real_text(TIERS_CRLF);
    let head: Vec<&str> = text.split("\r\n").take(2).collect();
    let e = prepare_import(
        &book,
        "tiers-cut.csv",
        head.join("\r\n").into_bytes(),
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("tiers-cut.csv: "), "{e}");
    assert!(
        e.contains("the title says this is Meta's volume-tier file"),
        "{e}"
    );
    assert!(e.contains("the header row is missing"), "{e}");
    assert!(
        e.contains("none of its 2 rows has a Market column and From, To, Rate type, Rate and vs. List rate columns"),
        "{e}"
    );
    assert!(e.contains("was it cut short?"), "{e}");

    // The title, note, section and sub-header rows without the header: the same.
    let head: Vec<&str> = text.split("\r\n").take(4).collect();
    let e = prepare_import(
        &book,
        "tiers-no-header.csv",
        head.join("\r\n").into_bytes(),
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("tiers-no-header.csv: the title says this is Meta's volume-tier file"),
        "{e}"
    );
    assert!(e.contains("none of its 4 rows"), "{e}");

    // The card's title and notes alone.
    let card = real_text(CARD_CRLF);
    let head: Vec<&str> = card.split("\r\n").take(5).collect();
    let e = prepare_import(
        &book,
        "card-cut.csv",
        head.join("\r\n").into_bytes(),
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("card-cut.csv: not one of Meta's rate files: expected a header row \"Market, Currency, Marketing"),
        "{e}"
    );
}

#[test]
fn a_tier_block_without_its_group_name_is_refused_at_the_section_row() {
    let book = embedded_book();
    // The Authentication name taken off the section row (line 3): which block is which is
    // no longer known, so nothing is guessed.
    let text = real_text(TIERS_CRLF).replacen(",,,,,Authentication,,,,", ",,,,,,,,,", 1);
    let e = prepare_import(
        &book,
        "no-group.csv",
        text.into_bytes(),
        ImportHints::default(),
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("no-group.csv:3: column H: the section row should name one group (Utility, Authentication or Authentication-International) over the block of columns H to L; it names none"),
        "{e}"
    );
}

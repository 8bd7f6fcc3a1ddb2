//! Every shipped figure against the collected source files (shared/rates-data, with a verbatim
//! copy in tests/data/rates-source for checkouts without shared/), so no transcription slip
//! survives.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use wacost::domain::category::ChargedCategory;
use wacost::domain::ratebook::{CardId, CardOrigin, CellStatus, RateCell};
use wacost::domain::{Country, Currency, Date};
use wacost::io::rates::{EMBEDDED_CARDS, embedded_book};

fn source_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("tests/data/rates-source")];
    let shared = root.join("../shared/rates-data");
    if shared.is_dir() {
        dirs.push(shared);
    }
    dirs
}

fn card_sources(dir: &Path) -> Vec<(CardId, PathBuf)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let Some((date, currency)) = name.split_once('_') else {
            continue;
        };
        let Ok(effective) = Date::from_str(date) else {
            continue;
        };
        // "2026-07-01_CLP-partial.csv" and the like are partial collections, not cards the
        // book ships.
        let Ok(currency) = Currency::from_str(currency) else {
            continue;
        };
        out.push((
            CardId {
                currency,
                effective,
            },
            path,
        ));
    }
    out.sort();
    out
}

#[test]
fn the_reference_copy_matches_shared_when_present() {
    let dirs = source_dirs();
    // Every file of the copy stands in shared/ with the same bytes. shared/ may hold more
    // (sources collected for rate data the book does not ship yet).
    if let [copy, shared] = dirs.as_slice() {
        for entry in fs::read_dir(copy).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap();
            assert_eq!(
                fs::read(&path).unwrap(),
                fs::read(shared.join(name)).unwrap_or_default(),
                "tests/data/rates-source/{} differs from shared/rates-data",
                name.to_string_lossy()
            );
        }
    }
}

#[test]
fn every_card_cell_matches_the_source_csv() {
    let book = embedded_book();
    for dir in source_dirs() {
        let sources = card_sources(&dir);
        assert_eq!(sources.len(), 9, "nine cards in {}", dir.display());
        // The cards shipped as files; the ones derived from them are checked below.
        let shipped: BTreeSet<CardId> = book
            .cards()
            .iter()
            .filter(|c| c.origin != CardOrigin::Derived)
            .map(|c| c.id())
            .collect();
        let expected: BTreeSet<CardId> = sources.iter().map(|(id, _)| *id).collect();
        assert_eq!(
            shipped,
            expected,
            "shipped cards differ from {}",
            dir.display()
        );

        let mut cells = 0;
        for (id, path) in &sources {
            let card = book.card(*id).unwrap();
            let mut reader = csv::Reader::from_path(path).unwrap();
            let headers = reader.headers().unwrap().clone();
            assert_eq!(
                headers.iter().collect::<Vec<_>>(),
                [
                    "market",
                    "marketing",
                    "utility",
                    "authentication",
                    "authentication_international",
                    "service"
                ]
            );
            let mut markets = Vec::new();
            for record in reader.records() {
                let record = record.unwrap();
                let market = &record[0];
                markets.push(market.to_string());
                let row = card
                    .market(market)
                    .unwrap_or_else(|| panic!("{id}: market {market} missing"));
                for (i, cat) in ChargedCategory::ALL.iter().enumerate() {
                    let text = &record[i + 1];
                    let shipped = row.cells[cat.index()];
                    if text.is_empty() {
                        // Empty in the source: no rate, or a rate whose value is unknown.
                        assert!(
                            matches!(shipped, None | Some(RateCell::Unknown)),
                            "{id} {market} {cat}: source empty, shipped {shipped:?}"
                        );
                        if shipped == Some(RateCell::Unknown) {
                            let e = card
                                .estimate(market, *cat)
                                .expect("unknown cells are explained");
                            assert_eq!(e.status.name(), "unknown");
                        }
                    } else {
                        let expected = Decimal::from_str_exact(text).unwrap();
                        match shipped {
                            Some(RateCell::Rate(r)) => {
                                assert_eq!(r, expected, "{id} {market} {cat}");
                                // Same digits, trailing zeros included.
                                assert_eq!(r.to_string(), text, "{id} {market} {cat}");
                            }
                            other => {
                                panic!("{id} {market} {cat}: source {text}, shipped {other:?}")
                            }
                        }
                        cells += 1;
                    }
                }
            }
            let shipped_markets: Vec<String> =
                card.markets.iter().map(|m| m.market.to_string()).collect();
            assert_eq!(shipped_markets, markets, "{id}: market list and order");
        }
        assert_eq!(cells, 1101, "non-empty source cells checked");
    }
}

#[test]
fn tier_ladders_match_the_source() {
    let book = embedded_book();
    for dir in source_dirs() {
        let mut reader = csv::Reader::from_path(dir.join("tiers-partial.csv")).unwrap();
        let mut rows = 0;
        for record in reader.records() {
            let r = record.unwrap();
            let id = CardId {
                currency: Currency::from_str(&r[1]).unwrap(),
                effective: Date::from_str(&r[0]).unwrap(),
            };
            let card = book.card(id).unwrap();
            let category = ChargedCategory::from_str(&r[3]).unwrap();
            let ladder = card.ladder(&r[2], category).unwrap();
            let from: u64 = r[4].parse().unwrap();
            let band = ladder
                .bands
                .iter()
                .find(|b| b.from == from)
                .unwrap_or_else(|| panic!("{id} {} band from {from}", &r[2]));
            let to: Option<u64> = if r[5].is_empty() {
                None
            } else {
                Some(r[5].parse().unwrap())
            };
            assert_eq!(band.to, to);
            assert_eq!(band.rate.to_string(), &r[6]);
            assert_eq!(band.vs_list_rate.as_deref(), Some(&r[7]));
            rows += 1;
        }
        assert_eq!(rows, 12);
        // Meta's own ladders on the shipped cards: these two and the April 2026 file's 73;
        // every other ladder in the book is an estimate carried from them.
        let known: usize = book
            .cards()
            .iter()
            .flat_map(|c| &c.tiers)
            .filter(|t| t.estimated.is_none())
            .count();
        assert_eq!(known, 2 + 73);
    }
}

#[test]
fn market_mapping_matches_the_source() {
    let book = embedded_book();
    for dir in source_dirs() {
        let text = fs::read_to_string(dir.join("markets.csv")).unwrap();
        assert_eq!(
            text,
            wacost::io::rates::EMBEDDED_MARKETS,
            "rates/markets.csv differs from {}",
            dir.display()
        );
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            let r = record.unwrap();
            let country = Country::from_code(&r[0]).unwrap();
            // Every row's market holds on its first valid day (or on a day it is valid).
            let day = if r[5].is_empty() {
                if r[6].is_empty() {
                    Date::new(2026, 1, 1).unwrap()
                } else {
                    Date::from_str(&r[6]).unwrap()
                }
            } else {
                Date::from_str(&r[5]).unwrap()
            };
            assert_eq!(
                &*book.markets().market_for(country, day),
                &r[4],
                "{} on {day}",
                &r[0]
            );
            assert_eq!(
                country.calling_code().map(|c| c.to_string()).as_deref(),
                Some(&r[2]),
                "{} calling code",
                &r[0]
            );
        }
    }
}

#[test]
fn every_card_file_in_rates_is_embedded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rates/cards");
    let mut on_disk: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let embedded: Vec<String> = EMBEDDED_CARDS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, embedded);
    for (name, text) in EMBEDDED_CARDS {
        let on_disk = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("rates/cards")
                .join(name),
        )
        .unwrap();
        assert_eq!(&on_disk, text);
    }
}

#[test]
fn shipped_cards_are_well_formed() {
    let book = embedded_book();
    for card in book.cards() {
        assert!(
            card.problems().is_empty(),
            "{}: {:?}",
            card.id(),
            card.problems()
        );
        assert!(
            !card.source.is_empty(),
            "{} has a provenance note",
            card.id()
        );
        // Tier ladders start at the list rate.
        for t in &card.tiers {
            let Some(RateCell::Rate(list)) = card.cell(&t.market, t.category) else {
                panic!()
            };
            assert_eq!(t.bands[0].rate, list);
        }
    }
}

#[test]
fn zero_is_only_the_conversation_era_free_service() {
    // A zero rate means free: only the 2024-11-01 card's service column is allowed to be zero.
    let book = embedded_book();
    for card in book.cards() {
        for m in &card.markets {
            for c in ChargedCategory::ALL {
                if let Some(RateCell::Rate(r)) = m.cells[c.index()]
                    && r.is_zero()
                {
                    assert_eq!(
                        (card.effective.to_string().as_str(), c),
                        ("2024-11-01", ChargedCategory::Service),
                        "{} {}",
                        m.market,
                        c
                    );
                }
            }
        }
    }
}

/// A source CSV's rows: market -> [cell text per category].
fn source_rows(path: &Path) -> Vec<(String, Vec<String>)> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let cols: Vec<usize> = ChargedCategory::ALL.iter().map(|c| col(c.name())).collect();
    let market = col("market");
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[market].to_string(),
                cols.iter().map(|&i| r[i].to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn derived_cards_are_the_usd_source_times_the_factor_file_with_quoted_rows_in_place() {
    let book = embedded_book();
    for dir in source_dirs() {
        // currency-factors.csv: currency -> (card date, units per US dollar).
        let mut factors: Vec<(Currency, Date, Decimal)> = Vec::new();
        let mut reader = csv::Reader::from_path(dir.join("currency-factors.csv")).unwrap();
        for r in reader.records() {
            let r = r.unwrap();
            factors.push((
                r[0].parse().unwrap(),
                r[1].parse().unwrap(),
                Decimal::from_str_exact(&r[2]).unwrap(),
            ));
        }
        // Quoted rows: (currency, date, market) -> cells.
        let mut quoted: Vec<(Currency, Date, String, Vec<String>)> = Vec::new();
        let oct: Date = "2026-10-01".parse().unwrap();
        let mut reader = csv::Reader::from_path(dir.join("quoted-rows-2026-10-01.csv")).unwrap();
        let headers = reader.headers().unwrap().clone();
        for r in reader.records() {
            let r = r.unwrap();
            let cells = ChargedCategory::ALL
                .iter()
                .map(|c| r[headers.iter().position(|h| h == c.name()).unwrap()].to_string())
                .collect();
            quoted.push((r[0].parse().unwrap(), oct, r[1].to_string(), cells));
        }
        let clp: Currency = "CLP".parse().unwrap();
        for (market, cells) in source_rows(&dir.join("2026-07-01_CLP-partial.csv")) {
            quoted.push((clp, "2026-07-01".parse().unwrap(), market, cells));
        }

        let first: Date = "2025-07-01".parse().unwrap();
        let usd_cards: Vec<(CardId, PathBuf)> = card_sources(&dir)
            .into_iter()
            .filter(|(id, _)| id.currency.as_str() == "USD" && id.effective >= first)
            .collect();
        assert_eq!(usd_cards.len(), 6);
        let currencies: BTreeSet<Currency> = factors.iter().map(|f| f.0).collect();
        let mut derived_cells = 0;
        let mut quoted_cells = 0;
        for (usd, path) in &usd_cards {
            let rows = source_rows(path);
            for &currency in &currencies {
                let id = CardId {
                    currency,
                    effective: usd.effective,
                };
                let card = book.card(id).unwrap_or_else(|| panic!("no {id} card"));
                if card.origin != CardOrigin::Derived {
                    continue; // a card shipped as a file (EUR July, INR October 2025)
                }
                // The nearest date's factor, the earlier on a tie.
                let days = |d: Date| d.unix_days() - usd.effective.unix_days();
                let factor = factors
                    .iter()
                    .filter(|f| f.0 == currency)
                    .min_by_key(|f| (days(f.1).abs(), days(f.1) > 0))
                    .unwrap()
                    .2;
                for (market, cells) in &rows {
                    if currency.as_str() == "INR" && market == "India" {
                        continue; // priced locally: derived_inr_cards_keep_indias_own_row
                    }
                    for (i, cat) in ChargedCategory::ALL.iter().enumerate() {
                        let text = &cells[i];
                        if text.is_empty() {
                            continue;
                        }
                        let q = quoted
                            .iter()
                            .find(|q| q.0 == currency && q.1 == usd.effective && q.2 == *market);
                        let expected = match q.map(|q| &q.3[i]).filter(|t| !t.is_empty()) {
                            Some(t) => {
                                quoted_cells += 1;
                                assert_eq!(card.cell_status(market, *cat), CellStatus::Quoted);
                                Decimal::from_str_exact(t).unwrap()
                            }
                            None => {
                                derived_cells += 1;
                                (Decimal::from_str_exact(text).unwrap() * factor)
                                    .round_dp_with_strategy(
                                        4,
                                        RoundingStrategy::MidpointAwayFromZero,
                                    )
                            }
                        };
                        assert_eq!(
                            card.cell(market, *cat),
                            Some(RateCell::Rate(expected)),
                            "{id} {market} {cat}: USD {text} × {factor}"
                        );
                    }
                }
            }
        }
        // 9 currencies with factors (EUR, GBP, BRL, AED, SAR, CLP, IDR, INR, MXN) over six USD
        // cards of 105 to 200 cells, less the two cards shipped as files.
        assert!(derived_cells > 6_000, "{derived_cells}");
        // CLP July: 33 rows × 3 categories; BRL, IDR: one row each; INR's India row is skipped.
        assert_eq!(quoted_cells, 33 * 3 + 4 + 5, "{quoted_cells}");
    }
}

#[test]
fn the_shipped_april_tier_file_is_metas_as_downloaded_and_on_its_card() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in source_dirs() {
        assert_eq!(
            fs::read(root.join("rates/tiers/2026-04-01_USD.csv")).unwrap(),
            fs::read(dir.join("tiers-2026-04-01_USD.csv")).unwrap()
        );
        for (shipped, source) in [
            ("rates/currencies/factors.csv", "currency-factors.csv"),
            (
                "rates/currencies/quoted-rows-2026-10-01.csv",
                "quoted-rows-2026-10-01.csv",
            ),
            (
                "rates/currencies/2026-07-01_CLP-quoted.csv",
                "2026-07-01_CLP-partial.csv",
            ),
        ] {
            assert_eq!(
                fs::read(root.join(shipped)).unwrap(),
                fs::read(dir.join(source)).unwrap(),
                "{shipped}"
            );
        }
    }
    let book = embedded_book();
    let april = book
        .card(CardId {
            currency: "USD".parse().unwrap(),
            effective: "2026-04-01".parse().unwrap(),
        })
        .unwrap();
    // 32 utility + 32 authentication + 9 authentication-international ladders, none estimated.
    assert_eq!(april.tiers.len(), 73);
    assert!(april.tiers.iter().all(|t| t.estimated.is_none()));
    // Rest of Central & Eastern Europe utility, -10 % band: Meta prints 0.0190 where the list
    // rate 0.0212 × 0.90 = 0.01908 would round half-up to 0.0191; the printed figure is kept.
    let cee = april
        .ladder("Rest of Central & Eastern Europe", ChargedCategory::Utility)
        .unwrap();
    assert!(
        cee.bands
            .iter()
            .any(|b| b.rate == Decimal::from_str_exact("0.0190").unwrap())
    );
}

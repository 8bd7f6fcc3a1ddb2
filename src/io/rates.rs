//! Rate data on disk: card files (TOML, one per currency and effective date), the market
//! mapping (CSV), the embedded defaults and the folders that add to or override them.

use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::meta_rates::{ImportHints, MetaFile, attach_tiers, read_meta_file};
use super::{Location, currency_data, display, line_col};
use crate::domain::calendar::Date;
use crate::domain::category::ChargedCategory;
use crate::domain::country::Country;
use crate::domain::market::{MarketMap, MarketName, MarketRule};
use crate::domain::ratebook::{
    CardId, CardOrigin, CellStatus, Currency, Derivation, Estimate, InfoColumn, MAX_RATE_USD,
    MarketRates, RateBook, RateCard, RateCell, TierBand, TierLadder, Unit, plausible_effective,
};

/// The shipped cards, embedded at build time so a fresh install needs nothing else.
pub const EMBEDDED_CARDS: &[(&str, &str)] = &[
    (
        "2024-11-01_USD.toml",
        include_str!("../../rates/cards/2024-11-01_USD.toml"),
    ),
    (
        "2025-07-01_USD.toml",
        include_str!("../../rates/cards/2025-07-01_USD.toml"),
    ),
    (
        "2025-10-01_INR.toml",
        include_str!("../../rates/cards/2025-10-01_INR.toml"),
    ),
    (
        "2025-10-01_USD.toml",
        include_str!("../../rates/cards/2025-10-01_USD.toml"),
    ),
    (
        "2026-01-01_USD.toml",
        include_str!("../../rates/cards/2026-01-01_USD.toml"),
    ),
    (
        "2026-04-01_USD.toml",
        include_str!("../../rates/cards/2026-04-01_USD.toml"),
    ),
    (
        "2026-07-01_EUR.toml",
        include_str!("../../rates/cards/2026-07-01_EUR.toml"),
    ),
    (
        "2026-07-01_USD.toml",
        include_str!("../../rates/cards/2026-07-01_USD.toml"),
    ),
    (
        "2026-10-01_USD.toml",
        include_str!("../../rates/cards/2026-10-01_USD.toml"),
    ),
];

/// Meta's own volume-tier files, as downloaded: read with the importer of Meta's files and put
/// on the card of their currency and date.
pub const EMBEDDED_TIERS: &[(&str, &str)] = &[(
    "2026-04-01_USD.csv",
    include_str!("../../rates/tiers/2026-04-01_USD.csv"),
)];

pub const EMBEDDED_MARKETS: &str = include_str!("../../rates/markets.csv");
pub const EMBEDDED_PROVENANCE: &str = include_str!("../../rates/PROVENANCE.md");

/// Environment variable naming the per-user rates folder (default: the platform's data folder,
/// `~/.local/share/wacost/rates` on Linux).
pub const USER_RATES_ENV: &str = "WACOST_RATES_HOME";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct RatesError {
    pub location: Location,
    pub message: String,
}

impl RatesError {
    fn at(file: &str, text: &str, span: Option<std::ops::Range<usize>>, message: String) -> Self {
        let (line, column) = match span {
            Some(s) => {
                let (l, c) = line_col(text, s.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        RatesError {
            location: Location {
                file: file.to_string(),
                line,
                column,
            },
            message,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCard {
    currency: Spanned<String>,
    effective: Spanned<String>,
    #[serde(default)]
    unit: Option<Spanned<String>>,
    #[serde(default)]
    status: Option<Spanned<String>>,
    #[serde(default)]
    source: String,
    #[serde(default)]
    note: String,
    rates: toml::Table,
    #[serde(default)]
    estimates: Vec<RawEstimate>,
    #[serde(default)]
    tiers: Vec<RawLadder>,
    #[serde(default)]
    info: Vec<RawInfo>,
    /// A card made from another currency's card (`wacost rates derive`): that card, as
    /// "USD 2026-10-01", and the factor it was multiplied by.
    #[serde(default)]
    derived_from: Option<Spanned<String>>,
    #[serde(default)]
    factor: Option<Spanned<String>>,
    #[serde(default)]
    basis: String,
}

/// A column kept as information: `[[info]] name = "..."` and `values = { "Market" = "text" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    name: String,
    values: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEstimate {
    market: Spanned<String>,
    category: Spanned<String>,
    status: Spanned<String>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLadder {
    market: Spanned<String>,
    category: Spanned<String>,
    bands: Spanned<Vec<RawBand>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    from: u64,
    #[serde(default)]
    to: Option<u64>,
    rate: Spanned<String>,
    #[serde(default)]
    vs_list_rate: Option<String>,
}

fn parse_rate(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    Decimal::from_str_exact(t)
        .map_err(|_| {
            format!("{text:?} is not a rate (write it as a decimal string like \"0.0118\")")
        })
        .and_then(|d| {
            if d < Decimal::ZERO {
                Err(format!("rate {text} is negative"))
            } else {
                Ok(d)
            }
        })
}

/// Parses one card file. `file` names it in errors.
pub fn parse_card(file: &str, text: &str, origin: CardOrigin) -> Result<RateCard, RatesError> {
    let err =
        |span: Option<std::ops::Range<usize>>, msg: String| RatesError::at(file, text, span, msg);
    let raw: RawCard = toml::from_str(text).map_err(|e| err(e.span(), e.message().to_string()))?;

    let currency = Currency::from_str(raw.currency.get_ref())
        .map_err(|e| err(Some(raw.currency.span()), e.to_string()))?;
    let Some(max_rate) = currency.max_rate() else {
        return Err(err(
            Some(raw.currency.span()),
            format!(
                "{currency} is not a currency Meta bills in (for example USD, EUR, GBP, INR, IDR, BRL, MXN)"
            ),
        ));
    };
    let effective = Date::from_str(raw.effective.get_ref())
        .map_err(|e| err(Some(raw.effective.span()), e.to_string()))?;
    plausible_effective(effective).map_err(|e| err(Some(raw.effective.span()), e))?;
    // A rate of 0 is refused (a category without a rate is left out), except service before
    // 2026-10-01, when it was free and older cards write it as 0; no rate may pass the
    // currency's bound.
    let service_priced = effective >= Date::new(2026, 10, 1).expect("valid");
    let bounded = |rate: Decimal, category: Option<ChargedCategory>| -> Result<Decimal, String> {
        if rate.is_zero() && (category != Some(ChargedCategory::Service) || service_priced) {
            return Err(
                "rate 0: leave a category without a rate out of the row (a missing rate is an error when used, never a zero)"
                    .into(),
            );
        }
        if rate > max_rate {
            return Err(format!(
                "rate {rate} is above {max_rate} {currency}, more than any message costs ({MAX_RATE_USD} US dollars); check the figure"
            ));
        }
        Ok(rate)
    };
    let unit = match &raw.unit {
        None => {
            if effective >= Date::new(2025, 7, 1).expect("valid") {
                Unit::Message
            } else {
                Unit::Conversation
            }
        }
        Some(u) => match u.get_ref().as_str() {
            "message" => Unit::Message,
            "conversation" => Unit::Conversation,
            other => {
                return Err(err(
                    Some(u.span()),
                    format!("unit {other:?}: expected \"message\" or \"conversation\""),
                ));
            }
        },
    };
    let status = match &raw.status {
        None => CellStatus::Quoted,
        Some(s) => CellStatus::from_str(s.get_ref()).map_err(|e| err(Some(s.span()), e))?,
    };

    // Market rows keep the file's order; tables lose spans, so find each row's line by its key.
    let mut markets = Vec::with_capacity(raw.rates.len());
    for (name, row) in &raw.rates {
        let row_span = find_key(text, name);
        let table = row.as_table().ok_or_else(|| {
            err(
                row_span.clone(),
                format!("[rates] {name:?} must be a table like {{ marketing = \"0.0118\", ... }}"),
            )
        })?;
        let mut cells: [Option<RateCell>; 5] = [None; 5];
        for (key, value) in table {
            let category = ChargedCategory::from_str(key)
                .ok()
                .filter(|c| c.name() == key)
                .ok_or_else(|| {
                    err(
                        row_span.clone(),
                        format!(
                            "{name}: unknown category {key:?} (expected marketing, utility, authentication, authentication_international or service)"
                        ),
                    )
                })?;
            let s = value.as_str().ok_or_else(|| {
                err(
                    row_span.clone(),
                    format!("{name} {key}: write the rate as a string, e.g. \"0.0118\", so no digit is lost"),
                )
            })?;
            cells[category.index()] = Some(if s.trim() == "unknown" {
                RateCell::Unknown
            } else {
                RateCell::Rate(
                    parse_rate(s)
                        .and_then(|r| bounded(r, Some(category)))
                        .map_err(|m| err(row_span.clone(), format!("{name} {key}: {m}")))?,
                )
            });
        }
        markets.push(MarketRates {
            market: MarketName::new(name.as_str()),
            cells,
        });
    }

    let mut estimates = Vec::new();
    for e in raw.estimates {
        let category = ChargedCategory::from_str(e.category.get_ref())
            .map_err(|x| err(Some(e.category.span()), x.to_string()))?;
        let status =
            CellStatus::from_str(e.status.get_ref()).map_err(|x| err(Some(e.status.span()), x))?;
        estimates.push(Estimate {
            market: MarketName::new(e.market.get_ref().as_str()),
            category,
            status,
            note: e.note.trim().to_string(),
        });
    }

    let mut tiers = Vec::new();
    for t in raw.tiers {
        let category = ChargedCategory::from_str(t.category.get_ref())
            .map_err(|x| err(Some(t.category.span()), x.to_string()))?;
        let bands_span = t.bands.span();
        let mut bands = Vec::new();
        for b in t.bands.into_inner() {
            bands.push(TierBand {
                from: b.from,
                to: b.to,
                rate: parse_rate(b.rate.get_ref())
                    .and_then(|r| bounded(r, None))
                    .map_err(|m| err(Some(b.rate.span()), m))?,
                vs_list_rate: b.vs_list_rate,
            });
        }
        let ladder = TierLadder {
            market: MarketName::new(t.market.get_ref().as_str()),
            category,
            bands,
            estimated: None,
        };
        if let Some(p) = ladder.problems().into_iter().next() {
            return Err(err(
                Some(bands_span),
                format!("{} {category} tiers: {p}", ladder.market),
            ));
        }
        tiers.push(ladder);
    }

    let mut info = Vec::new();
    for column in raw.info {
        let mut values = Vec::new();
        for (market, value) in column.values {
            let text = value.as_str().ok_or_else(|| {
                err(
                    None,
                    format!(
                        "info column {:?}, {market}: write the value as a string",
                        column.name
                    ),
                )
            })?;
            values.push((MarketName::new(&market), text.to_string()));
        }
        info.push(InfoColumn {
            name: column.name,
            values,
        });
    }

    let derivation = match (&raw.derived_from, &raw.factor) {
        (None, None) => None,
        (Some(from), Some(factor)) => {
            let id = parse_card_id(from.get_ref()).ok_or_else(|| {
                err(
                    Some(from.span()),
                    format!(
                        "derived_from {:?}: expected a currency and a date, such as \"USD 2026-10-01\"",
                        from.get_ref()
                    ),
                )
            })?;
            let f = Decimal::from_str(factor.get_ref().trim())
                .ok()
                .filter(|f| *f > Decimal::ZERO)
                .ok_or_else(|| {
                    err(
                        Some(factor.span()),
                        format!(
                            "factor {:?}: expected a positive number such as \"5.1472\"",
                            factor.get_ref()
                        ),
                    )
                })?;
            Some(Derivation {
                from: id,
                factor: f,
                basis: raw.basis.trim().to_string(),
            })
        }
        (Some(s), None) | (None, Some(s)) => {
            return Err(err(
                Some(s.span()),
                "a derived card needs both derived_from and factor".into(),
            ));
        }
    };
    let card = RateCard {
        currency,
        effective,
        unit,
        status,
        source: raw.source.trim().to_string(),
        note: raw.note.trim().to_string(),
        markets,
        estimates,
        tiers,
        info,
        origin,
        derivation,
    };
    if let Some(p) = card.problems().into_iter().next() {
        return Err(err(None, p));
    }
    Ok(card)
}

/// "USD 2026-10-01" as a card id.
pub fn parse_card_id(text: &str) -> Option<CardId> {
    let (currency, date) = text.trim().split_once(char::is_whitespace)?;
    Some(CardId {
        currency: Currency::from_str(currency).ok()?,
        effective: Date::from_str(date.trim()).ok()?,
    })
}

/// The span of a market's `"key" =` row in the `[rates]` table, for errors about rows (toml
/// drops the spans of inline tables read into a `Table`).
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let table = text.find("[rates]")?;
    let quoted = format!("\"{key}\"");
    let bare = format!("\n{key} ");
    let after = &text[table..];
    after
        .find(&quoted)
        .map(|i| (i, quoted.len()))
        .or_else(|| after.find(&bare).map(|i| (i + 1, key.len())))
        .map(|(i, len)| table + i..table + i + len)
}

/// Parses the market mapping CSV: `iso2,country,calling_code,nanp_area_codes,market,valid_from,valid_until`.
pub fn parse_markets(file: &str, text: &str) -> Result<MarketMap, RatesError> {
    let at_line = |line: u64, msg: String| RatesError {
        location: Location {
            file: file.to_string(),
            line: Some(line as usize),
            column: None,
        },
        message: msg,
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| at_line(1, e.to_string()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                at_line(
                    1,
                    format!(
                        "missing column {name:?} (found: {})",
                        headers.iter().collect::<Vec<_>>().join(", ")
                    ),
                )
            })
    };
    let (iso, market, from, until) = (
        col("iso2")?,
        col("market")?,
        col("valid_from")?,
        col("valid_until")?,
    );
    // Optional: when given, a calling code must be the country's own (India is 91, never 1).
    let calling = headers.iter().position(|h| h.trim() == "calling_code");
    let mut rules = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            at_line(line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let country = Country::parse(field(iso)).map_err(|e| at_line(line, e.to_string()))?;
        let date = |i: usize| -> Result<Option<Date>, RatesError> {
            let s = field(i);
            if s.is_empty() {
                Ok(None)
            } else {
                Date::from_str(s)
                    .map(Some)
                    .map_err(|e| at_line(line, e.to_string()))
            }
        };
        if let Some(i) = calling
            && !field(i).is_empty()
        {
            let given = field(i).trim_start_matches('+');
            let known = country.calling_code();
            if given.parse::<u16>().ok() != known {
                return Err(at_line(
                    line,
                    match known {
                        Some(code) => format!(
                            "{country}: calling code {:?} is wrong; {} is reached on +{code}",
                            display::clip_line(field(i)),
                            country.name()
                        ),
                        None => format!(
                            "{country}: calling code {:?} is wrong; {} has no calling code of its own (leave it empty)",
                            display::clip_line(field(i)),
                            country.name()
                        ),
                    },
                ));
            }
        }
        let m = field(market);
        if m.is_empty() {
            return Err(at_line(line, format!("{country}: empty market")));
        }
        let (valid_from, valid_until) = (date(from)?, date(until)?);
        if let (Some(a), Some(b)) = (valid_from, valid_until)
            && a >= b
        {
            return Err(at_line(
                line,
                format!(
                    "{country}: valid_from {a} is not before valid_until {b} (valid_until is the first day the row no longer applies)"
                ),
            ));
        }
        rules.push(MarketRule {
            country,
            market: MarketName::new(m),
            valid_from,
            valid_until,
        });
    }
    MarketMap::new(rules).map_err(|e| RatesError {
        location: Location {
            file: file.to_string(),
            line: None,
            column: None,
        },
        message: e.to_string(),
    })
}

/// The rate book of the shipped data alone: the cards, Meta's own tier file on its card, and
/// every card derived from them (see `domain::currencies`).
pub fn embedded_book() -> RateBook {
    let mut book = shipped_cards();
    book.rederive();
    book
}

/// The shipped cards with Meta's tier ladders on them, before anything is derived.
fn shipped_cards() -> RateBook {
    let markets = parse_markets("rates/markets.csv (embedded)", EMBEDDED_MARKETS)
        .expect("the shipped market mapping parses (tested)");
    let mut book = RateBook::new(markets);
    for (name, text) in EMBEDDED_CARDS {
        let card = parse_card(
            &format!("rates/cards/{name} (embedded)"),
            text,
            CardOrigin::Shipped,
        )
        .expect("every shipped card parses (tested)");
        book.insert(card);
    }
    for (name, text) in EMBEDDED_TIERS {
        let file = format!("rates/tiers/{name} (embedded)");
        let Ok(MetaFile::Tiers(tiers)) = read_meta_file(
            &file,
            text.as_bytes().to_vec(),
            ImportHints::default(),
            book.markets(),
            tiers_date(),
        ) else {
            panic!("{file}: the shipped tier file reads as Meta's tier file (tested)");
        };
        let id = CardId {
            currency: tiers.currency,
            effective: tiers.effective,
        };
        let card = book
            .card(id)
            .unwrap_or_else(|| panic!("{file}: the card {id} is shipped (tested)"));
        let (card, _) =
            attach_tiers(card, &tiers, &file).expect("the shipped tiers fit their card (tested)");
        book.insert(card);
    }
    book.set_currency_data(
        currency_data::embedded().expect("the shipped currency data reads (tested)"),
    );
    book
}

/// The day the shipped tier file was downloaded (it is dated in its title, not here).
fn tiers_date() -> Date {
    Date::new(2026, 12, 1).expect("valid")
}

/// The per-user rates folder, if one is configured or the platform has a data folder.
pub fn user_rates_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(USER_RATES_ENV) {
        return Some(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join("wacost").join("rates"))
}

/// A rate book and what loading it said (cards replaced by a folder's).
#[derive(Debug, Clone)]
pub struct LoadedRates {
    pub book: RateBook,
    pub notices: Vec<String>,
}

/// The shipped data, then the user's rates folder (if it exists), then each `extra` folder:
/// a later card of the same currency and date replaces an earlier one, and a folder's
/// `markets.csv` replaces the mapping.
pub fn load_rate_book(extra: &[PathBuf]) -> Result<LoadedRates, RatesError> {
    let mut loaded = LoadedRates {
        book: shipped_cards(),
        notices: Vec::new(),
    };
    if let Some(user) = user_rates_dir()
        && user.is_dir()
    {
        add_user_folder(&mut loaded, &user)?;
    }
    for dir in extra {
        if !dir.is_dir() {
            return Err(RatesError {
                location: Location {
                    file: dir.display().to_string(),
                    line: None,
                    column: None,
                },
                message: "not a folder of rate cards".into(),
            });
        }
        add_folder(&mut loaded, dir)?;
    }
    // Cards in other currencies and estimated ladders follow the cards now loaded (a user's
    // imported USD card is converted like a shipped one; an imported card in any currency
    // replaces the derived one).
    loaded.book.rederive();
    Ok(loaded)
}

/// Card files in `dir` and `dir/cards`, sorted by name.
pub fn card_files(dir: &Path) -> Result<Vec<PathBuf>, RatesError> {
    let mut files = Vec::new();
    for d in [dir.to_path_buf(), dir.join("cards")] {
        if !d.is_dir() {
            continue;
        }
        let entries = fs::read_dir(&d).map_err(|e| io_error(&d, e))?;
        for entry in entries {
            let path = entry.map_err(|e| io_error(&d, e))?.path();
            if path.extension().is_some_and(|x| x == "toml") && path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn io_error(path: &Path, e: std::io::Error) -> RatesError {
    RatesError {
        location: Location {
            file: path.display().to_string(),
            line: None,
            column: None,
        },
        message: e.to_string(),
    }
}

/// What to tell the user after an error about a file in their own rates folder.
pub const FIX_OR_REMOVE: &str = "(fix or remove this file from your rates folder)";

/// Adds a folder given with `--rates`: any unreadable file stops the command.
pub fn add_folder(loaded: &mut LoadedRates, dir: &Path) -> Result<(), RatesError> {
    add_cards(loaded, dir, false)
}

/// Adds the user's rates folder. A card there that cannot be read is skipped with a warning
/// naming it, so one damaged file (a hand edit, a cut-short copy) does not stop every command,
/// least of all the `rates import` that would replace it.
pub fn add_user_folder(loaded: &mut LoadedRates, dir: &Path) -> Result<(), RatesError> {
    add_cards(loaded, dir, true)
}

/// A file's text, read through the input cap.
fn read_text(path: &Path, what: &str) -> Result<String, String> {
    let bytes = super::read_capped(path, super::MAX_INPUT_BYTES, what)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        format!(
            "the {what} is not UTF-8 text (byte {} is not)",
            e.utf8_error().valid_up_to() + 1
        )
    })
}

fn add_cards(loaded: &mut LoadedRates, dir: &Path, skip_bad: bool) -> Result<(), RatesError> {
    let hint = |e: RatesError| {
        if skip_bad {
            RatesError {
                message: format!("{} {FIX_OR_REMOVE}", e.message),
                ..e
            }
        } else {
            e
        }
    };
    let markets = dir.join("markets.csv");
    if markets.is_file() {
        let text = read_text(&markets, "market mapping").map_err(|m| {
            hint(RatesError {
                location: Location {
                    file: markets.display().to_string(),
                    line: None,
                    column: None,
                },
                message: m,
            })
        })?;
        let map = parse_markets(&markets.display().to_string(), &text).map_err(hint)?;
        loaded.book.set_markets(map);
        loaded
            .notices
            .push(format!("market mapping from {}", markets.display()));
    }
    for path in card_files(dir)? {
        let label = path.display().to_string();
        let card = read_text(&path, "rate card")
            .map_err(|m| RatesError {
                location: Location {
                    file: label.clone(),
                    line: None,
                    column: None,
                },
                message: m,
            })
            .and_then(|text| parse_card(&label, &text, CardOrigin::File(label.clone())));
        let card = match card {
            Ok(card) => card,
            Err(e) if skip_bad => {
                loaded.notices.push(format!(
                    "skipped the rate card {label}, which cannot be read: {} {FIX_OR_REMOVE}",
                    display::clip_line(&e.to_string())
                ));
                continue;
            }
            Err(e) => return Err(e),
        };
        let id = card.id();
        let expected = card_file_name(&card);
        if path.file_name().is_some_and(|n| n != expected.as_str()) {
            loaded.notices.push(format!(
                "{label} holds the {id} card, but its name does not say so; name it {expected}"
            ));
        }
        if let Some(old) = loaded.book.insert(card) {
            let was = match old.origin {
                CardOrigin::Shipped => "the shipped card".to_string(),
                CardOrigin::File(f) => f,
                CardOrigin::Derived => "the derived card".to_string(),
            };
            loaded
                .notices
                .push(format!("rate card {id} from {label} replaces {was}"));
        }
    }
    Ok(())
}

/// A TOML string literal (quoted and escaped).
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Writes a card in the shipped files' layout; `parse_card` reads it back to an equal card
/// (tested), which is how imported cards are stored in the user's rates folder.
pub fn card_to_toml(card: &RateCard, comment: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# WhatsApp Business Platform rate card: {}, effective {}.",
        card.currency, card.effective
    );
    for line in comment.lines() {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out, "currency = {}", toml_str(card.currency.as_str()));
    let _ = writeln!(out, "effective = \"{}\"", card.effective);
    let _ = writeln!(out, "unit = \"{}\"", card.unit.name());
    let _ = writeln!(out, "status = \"{}\"", card.status.name());
    let _ = writeln!(out, "source = {}", toml_str(&card.source));
    let _ = writeln!(out, "note = {}", toml_str(&card.note));
    if let Some(d) = &card.derivation {
        let _ = writeln!(out, "derived_from = {}", toml_str(&d.from.to_string()));
        let _ = writeln!(out, "factor = \"{}\"", d.factor);
        let _ = writeln!(out, "basis = {}", toml_str(&d.basis));
    }
    let _ = writeln!(out, "\n[rates]");
    let width = card
        .markets
        .iter()
        .map(|m| toml_str(m.market.as_str()).chars().count())
        .max()
        .unwrap_or(0);
    for m in &card.markets {
        let cells: Vec<String> = ChargedCategory::ALL
            .iter()
            .filter_map(|c| {
                let text = match m.cells[c.index()]? {
                    RateCell::Rate(r) => r.to_string(),
                    RateCell::Unknown => "unknown".to_string(),
                };
                Some(format!("{} = \"{text}\"", c.name()))
            })
            .collect();
        let key = toml_str(m.market.as_str());
        let _ = writeln!(out, "{key:<width$} = {{ {} }}", cells.join(", "));
    }
    for e in &card.estimates {
        let _ = writeln!(
            out,
            "\n[[estimates]]\nmarket = {}\ncategory = \"{}\"\nstatus = \"{}\"\nnote = {}",
            toml_str(e.market.as_str()),
            e.category.name(),
            e.status.name(),
            toml_str(&e.note)
        );
    }
    // Estimated ladders are made afresh whenever a book is loaded; only known ones are kept.
    for t in card.tiers.iter().filter(|t| t.estimated.is_none()) {
        let _ = writeln!(
            out,
            "\n[[tiers]]\nmarket = {}\ncategory = \"{}\"\nbands = [",
            toml_str(t.market.as_str()),
            t.category.name()
        );
        for b in &t.bands {
            let to = b.to.map(|to| format!("to = {to}, ")).unwrap_or_default();
            let vs = b
                .vs_list_rate
                .as_deref()
                .map(|v| format!(", vs_list_rate = {}", toml_str(v)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {{ from = {}, {to}rate = \"{}\"{vs} }},",
                b.from, b.rate
            );
        }
        let _ = writeln!(out, "]");
    }
    for column in &card.info {
        let _ = writeln!(
            out,
            "\n# Kept as information; wacost does not price with it.\n[[info]]\nname = {}\nvalues = {{ {} }}",
            toml_str(&column.name),
            column
                .values
                .iter()
                .map(|(m, v)| format!("{} = {}", toml_str(m.as_str()), toml_str(v)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out
}

/// The file name a card is stored under in a rates folder: `cards/2026-10-01_USD.toml`.
pub fn card_file_name(card: &RateCard) -> String {
    format!("{}_{}.toml", card.effective, card.currency)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "currency = \"USD\"\neffective = \"2026-10-01\"\nsource = \"India is mentioned here first\"\n";

    fn card(body: &str) -> Result<RateCard, RatesError> {
        parse_card("card.toml", &format!("{HEAD}{body}"), CardOrigin::Shipped)
    }

    fn err(body: &str) -> String {
        card(body).unwrap_err().to_string()
    }

    #[test]
    fn a_good_card_reads_exactly() {
        let c = card(
            "[rates]\n\"India\" = { marketing = \"0.0118\", authentication_international = \"unknown\" }\n",
        )
        .unwrap();
        assert_eq!(c.unit, Unit::Message);
        assert_eq!(c.status, CellStatus::Quoted);
        let india = c.market("India").unwrap();
        assert_eq!(
            india.cells[ChargedCategory::Marketing.index()],
            Some(RateCell::Rate(Decimal::new(118, 4)))
        );
        assert_eq!(
            india.cells[ChargedCategory::AuthenticationInternational.index()],
            Some(RateCell::Unknown)
        );
        assert_eq!(india.cells[ChargedCategory::Utility.index()], None);
    }

    #[test]
    fn row_errors_name_the_row_line_not_an_earlier_mention() {
        let e = err(
            "[rates]\n\"Brazil\" = { marketing = \"0.06\" }\n\"India\" = { marketing = \"abc\" }\n",
        );
        assert!(e.starts_with("card.toml:6:"), "{e}");
        assert!(
            e.contains("India marketing") && e.contains("\"abc\""),
            "{e}"
        );
        let e = err("[rates]\n\"India\" = { marketing = 0.0118 }\n");
        assert!(e.contains("write the rate as a string"), "{e}");
        let e = err("[rates]\n\"India\" = { sales = \"0.01\" }\n");
        assert!(e.contains("unknown category \"sales\""), "{e}");
        let e = err("[rates]\n\"India\" = { marketing = \"-0.01\" }\n");
        assert!(e.contains("negative"), "{e}");
    }

    #[test]
    fn header_errors_point_at_their_value() {
        let e = parse_card(
            "c.toml",
            "currency = \"US\"\neffective = \"2026-10-01\"\n[rates]\n",
            CardOrigin::Shipped,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("c.toml:1:12:"), "{e}");
        let e = parse_card(
            "c.toml",
            "currency = \"USD\"\neffective = \"2026-13-01\"\n[rates]\n",
            CardOrigin::Shipped,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("c.toml:2:") && e.contains("YYYY-MM-DD"),
            "{e}"
        );
        let e = err("colour = \"red\"\n[rates]\n");
        assert!(e.contains("colour"), "{e}");
        let e = err("status = \"guessed\"\n[rates]\n");
        assert!(e.contains("unknown status \"guessed\""), "{e}");
    }

    #[test]
    fn malformed_tier_ladders_are_refused() {
        let rates = "[rates]\n\"India\" = { utility = \"0.0014\" }\n";
        let ladder = |bands: &str| {
            err(&format!(
                "{rates}[[tiers]]\nmarket = \"India\"\ncategory = \"utility\"\nbands = [{bands}]\n"
            ))
        };
        let e =
            ladder("{ from = 0, to = 10, rate = \"0.0014\" }, { from = 12, rate = \"0.0013\" }");
        assert!(e.contains("contiguous"), "{e}");
        let e =
            ladder("{ from = 0, to = 10, rate = \"0.0014\" }, { from = 11, rate = \"0.0015\" }");
        assert!(e.contains("higher"), "{e}");
        let e = ladder("{ from = 0, to = 10, rate = \"0.0014\" }");
        assert!(e.contains("open-ended"), "{e}");
        let e = ladder("{ from = 5, rate = \"0.0014\" }");
        assert!(e.contains("starts at 5"), "{e}");
        let e = err(&format!(
            "{rates}[[tiers]]\nmarket = \"India\"\ncategory = \"marketing\"\nbands = [{{ from = 0, rate = \"0.01\" }}]\n"
        ));
        assert!(
            e.contains("only utility and authentication have tiers"),
            "{e}"
        );
    }

    #[test]
    fn market_mapping_errors_name_the_line() {
        let head = "iso2,country,calling_code,nanp_area_codes,market,valid_from,valid_until\n";
        let e = parse_markets(
            "m.csv",
            &format!("{head}IN,India,91,,India,,\nXX,Nowhere,0,,Other,,\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("m.csv:3:") && e.contains("\"XX\""), "{e}");
        let e = parse_markets("m.csv", &format!("{head}IN,India,91,,India,2026-02-30,\n"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("m.csv:2:"), "{e}");
        let e = parse_markets(
            "m.csv",
            &format!("{head}PL,Poland,48,,Poland,2026-07-01,\nPL,Poland,48,,Rest of Central & Eastern Europe,,2026-07-01\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("two markets"), "{e}");
        let e = parse_markets("m.csv", "iso2,market\nIN,India\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing column \"valid_from\""), "{e}");
    }

    /// Reliability finding D16: India given calling code 1 was accepted.
    #[test]
    fn a_calling_code_that_is_not_the_countrys_is_refused() {
        let head = "iso2,country,calling_code,nanp_area_codes,market,valid_from,valid_until\n";
        let e = parse_markets(
            "m.csv",
            &format!("{head}BR,Brazil,55,,Brazil,,\nIN,India,1,,India,,\n"),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "m.csv:3: IN: calling code \"1\" is wrong; India is reached on +91"
        );
        let e = parse_markets("m.csv", &format!("{head}IN,India,ninety,,India,,\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("calling code \"ninety\" is wrong"), "{e}");
        // Given with a plus, or left empty, it is fine; so is a file without the column.
        assert!(
            parse_markets(
                "m.csv",
                &format!("{head}IN,India,+91,,India,,\nBR,Brazil,,,Brazil,,\n")
            )
            .is_ok()
        );
        assert!(parse_markets("m.csv", "iso2,market,valid_from,valid_until\nIN,India,,\n").is_ok());
    }

    #[test]
    fn a_folder_card_replaces_the_shipped_one_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let shipped = EMBEDDED_CARDS
            .iter()
            .find(|(n, _)| *n == "2026-10-01_USD.toml")
            .unwrap()
            .1;
        std::fs::write(
            dir.path().join("mine.toml"),
            shipped.replace("\"0.0118\"", "\"0.0200\""),
        )
        .unwrap();
        let mut loaded = LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        };
        add_folder(&mut loaded, dir.path()).unwrap();
        assert!(
            loaded
                .notices
                .iter()
                .any(|n| n.contains("replaces the shipped card")),
            "{:?}",
            loaded.notices
        );
        let card = loaded
            .book
            .cards()
            .iter()
            .find(|c| c.effective.to_string() == "2026-10-01" && c.currency.as_str() == "USD")
            .unwrap();
        assert_eq!(
            card.cell("India", ChargedCategory::Marketing),
            Some(RateCell::Rate(Decimal::new(200, 4)))
        );
    }

    #[test]
    fn every_shipped_card_round_trips_through_the_writer() {
        for (name, text) in EMBEDDED_CARDS {
            let card = parse_card(name, text, CardOrigin::Shipped).unwrap();
            let written = card_to_toml(&card, "round trip");
            let back = parse_card(name, &written, CardOrigin::Shipped)
                .unwrap_or_else(|e| panic!("{name}: {e}\n{written}"));
            assert_eq!(back, card, "{name}");
        }
    }

    #[test]
    fn the_writer_escapes_names_and_keeps_info_columns() {
        let mut card = card("[rates]\n\"India\" = { marketing = \"0.0118\" }\n").unwrap();
        card.source = "Meta's \"official\" file\nline two".into();
        card.info.push(InfoColumn {
            name: "Meta Business Agent (per 1,000 tokens)".into(),
            values: vec![(MarketName::new("India"), "0.0005".into())],
        });
        let written = card_to_toml(&card, "test");
        let back = parse_card("w.toml", &written, CardOrigin::Shipped).unwrap();
        assert_eq!(back, card);
        assert_eq!(back.info[0].value("India"), Some("0.0005"));
    }

    #[test]
    fn rates_are_positive_and_bounded_per_currency() {
        let e = err("[rates]\n\"India\" = { marketing = \"0\" }\n");
        assert!(e.starts_with("card.toml:5:"), "{e}");
        assert!(e.contains("India marketing: rate 0"), "{e}");
        let e = err("[rates]\n\"India\" = { marketing = \"9999999999999999999999999999\" }\n");
        assert!(e.contains("is above 100 USD"), "{e}");
        // Service was free before 2026-10-01; the shipped 2024 card writes it as 0.
        parse_card(
            "old.toml",
            "currency = \"USD\"\neffective = \"2024-11-01\"\n[rates]\n\"India\" = { marketing = \"0.0107\", service = \"0\" }\n",
            CardOrigin::Shipped,
        )
        .unwrap();
        let e = err("[rates]\n\"India\" = { marketing = \"0.0118\", service = \"0\" }\n");
        assert!(e.contains("India service: rate 0"), "{e}");
        // The bound follows the currency: 150 is absurd in USD, a fair figure in IDR terms.
        let idr = parse_card(
            "idr.toml",
            "currency = \"IDR\"\neffective = \"2026-10-01\"\n[rates]\n\"Indonesia\" = { marketing = \"586.5\" }\n",
            CardOrigin::Shipped,
        );
        assert!(idr.is_ok(), "{idr:?}");
        let e = err(
            "[rates]\n\"India\" = { marketing = \"0.01\" }\n[[tiers]]\nmarket = \"India\"\ncategory = \"utility\"\nbands = [{ from = 0, rate = \"0\" }]\n",
        );
        assert!(e.contains("rate 0"), "{e}");
    }

    #[test]
    fn currency_and_effective_date_must_be_plausible() {
        let e = parse_card(
            "c.toml",
            "currency = \"XYZ\"\neffective = \"2026-10-01\"\n[rates]\n",
            CardOrigin::Shipped,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("c.toml:1:12:"), "{e}");
        assert!(e.contains("XYZ is not a currency Meta bills in"), "{e}");
        let e = parse_card(
            "c.toml",
            "currency = \"USD\"\neffective = \"9999-10-01\"\n[rates]\n",
            CardOrigin::Shipped,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("c.toml:2:"), "{e}");
        assert!(e.contains("9999-10-01 is not plausible"), "{e}");
    }

    #[test]
    fn a_band_after_the_largest_count_is_refused_not_wrapped() {
        let e = err(&format!(
            "[rates]\n\"India\" = {{ utility = \"0.0014\" }}\n[[tiers]]\nmarket = \"India\"\ncategory = \"utility\"\nbands = [{{ from = 0, to = {}, rate = \"0.0014\" }}, {{ from = 0, rate = \"0.0013\" }}]\n",
            u64::MAX
        ));
        assert!(e.contains("the largest count there is"), "{e}");
    }

    #[test]
    fn market_rows_must_start_before_they_end() {
        let head = "iso2,country,calling_code,nanp_area_codes,market,valid_from,valid_until\n";
        let e = parse_markets(
            "m.csv",
            &format!("{head}IN,India,91,,India,2027-01-01,2026-07-01\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("m.csv:2:"), "{e}");
        assert!(
            e.contains("valid_from 2027-01-01 is not before valid_until 2026-07-01"),
            "{e}"
        );
    }

    #[test]
    fn a_damaged_card_in_the_user_folder_is_skipped_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("cards")).unwrap();
        let bad = dir.path().join("cards").join("2026-10-01_USD.toml");
        std::fs::write(&bad, "x").unwrap();
        let mut loaded = LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        };
        add_user_folder(&mut loaded, dir.path()).unwrap();
        assert_eq!(loaded.notices.len(), 1, "{:?}", loaded.notices);
        let n = &loaded.notices[0];
        assert!(n.contains(&bad.display().to_string()), "{n}");
        assert!(n.ends_with(FIX_OR_REMOVE), "{n}");
        // The shipped card stays in use.
        assert!(matches!(
            loaded
                .book
                .cards()
                .iter()
                .find(|c| c.effective.to_string() == "2026-10-01" && c.currency.as_str() == "USD")
                .unwrap()
                .origin,
            CardOrigin::Shipped
        ));
        // A folder given with --rates still stops at it.
        let e = add_folder(&mut loaded, dir.path()).unwrap_err();
        assert!(e.to_string().contains("2026-10-01_USD.toml"), "{e}");
    }

    #[test]
    fn a_card_named_for_another_card_is_named_in_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let shipped = EMBEDDED_CARDS
            .iter()
            .find(|(n, _)| *n == "2026-07-01_EUR.toml")
            .unwrap()
            .1;
        std::fs::write(dir.path().join("2026-07-01_USD.toml"), shipped).unwrap();
        let mut loaded = LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        };
        add_folder(&mut loaded, dir.path()).unwrap();
        assert!(
            loaded.notices.iter().any(|n| n
                .contains("2026-07-01_USD.toml holds the EUR 2026-07-01 card")
                && n.contains("name it 2026-07-01_EUR.toml")),
            "{:?}",
            loaded.notices
        );
    }
}

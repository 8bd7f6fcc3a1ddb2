//! `wacost rates list|show|import|diff|derive`: the rate cards wacost knows, one card in full, Meta's
//! own files brought in, and what changes from one card to the next.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::str::FromStr;

use serde_json::{Value, json};

use super::{CliError, RatesArgs};
use crate::domain::calendar::Date;
use crate::domain::card_diff::{CardDiff, ChangeKind, PlanComparison, compare_plan, diff_cards};
use crate::domain::category::ChargedCategory;
use crate::domain::currencies::{
    Calibration, KnownRate, META_CURRENCIES, calibrated_card, first_derived_date, meta_currencies,
};
use crate::domain::ratebook::{CardId, CardOrigin, Currency, RateBook, RateCard, RateCell};
use crate::io::display;
use crate::io::display::rate_cell as cell_text;
use crate::io::meta_rates::{
    ImportHints, PreparedImport, prepare_import, read_rate_file, store_derived, store_import,
};
use crate::io::rates::{LoadedRates, card_file_name, load_rate_book, parse_card, user_rates_dir};
use crate::io::scenario_file::read_scenario;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RatesCmd {
    #[command(subcommand)]
    pub command: RatesCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum RatesCommand {
    /// List every rate card wacost knows: shipped, in your rates folder and in --rates folders
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        #[command(flatten)]
        rates: RatesArgs,
    },
    /// Show one card: each market's rates, how sure each figure is, and its volume tiers
    Show {
        /// Currency code, e.g. USD
        currency: String,
        /// Effective date (YYYY-MM-DD), or "latest"
        effective: String,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        #[command(flatten)]
        rates: RatesArgs,
    },
    /// Import Meta's rate file or volume-tier file (CSV or XLSX) into your rates folder
    Import {
        /// Meta's file: the rate card (CSV, or XLSX with a "List rates" sheet) or the tier file
        file: PathBuf,
        /// The card's currency, when the file's title does not give it
        #[arg(long, value_name = "XXX")]
        currency: Option<String>,
        /// The card's effective date, when the file's title does not give it
        #[arg(long, value_name = "YYYY-MM-DD")]
        effective: Option<String>,
        /// Validate and report only; store nothing
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        rates: RatesArgs,
    },
    /// Make a card in another currency from Meta's USD card of the same date × one factor:
    /// calibrated from a rate you know (your invoice, Meta's card) or given; stored in your
    /// rates folder, where an imported card of Meta's always wins over it
    Derive {
        /// The card's currency, e.g. COP
        currency: String,
        /// The date of the USD card to derive from (YYYY-MM-DD), or "latest"
        effective: String,
        /// A rate you know in that currency, e.g. "Colombia marketing=56.3". Repeat it to
        /// check more rates against the same factor
        #[arg(
            long = "from",
            value_name = "MARKET CATEGORY=RATE",
            required_unless_present = "factor",
            conflicts_with = "factor"
        )]
        from: Vec<String>,
        /// The factor itself: units of the currency per US dollar on Meta's card
        #[arg(long, value_name = "F")]
        factor: Option<String>,
        /// Show the card that would be stored; store nothing
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        rates: RatesArgs,
    },
    /// What changes from card A to card B (effective dates), and with --scenario what it does
    /// to a plan
    Diff {
        /// Currency code, e.g. USD
        currency: String,
        /// The earlier card's effective date (YYYY-MM-DD), or "latest"
        a: String,
        /// The later card's effective date (YYYY-MM-DD), or "latest"
        b: String,
        /// A scenario to price under both cards
        #[arg(long, value_name = "SCENARIO.json")]
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        #[command(flatten)]
        rates: RatesArgs,
    },
}

/// The headings of a card's grid.
const GRID_HEADERS: [&str; 6] = [
    "Market",
    "Marketing",
    "Utility",
    "Authentication",
    "Auth-international",
    "Service",
];

pub fn run(cmd: &RatesCmd, today: Date) -> Result<(), CliError> {
    let out = match &cmd.command {
        RatesCommand::List { format, rates } => load(rates).map(|l| list(&l, *format)),
        RatesCommand::Show {
            currency,
            effective,
            format,
            rates,
        } => load(rates).and_then(|l| {
            let card = find_card(&l.book, currency, effective)?;
            Ok(show(card, &l.book, *format))
        }),
        RatesCommand::Import {
            file,
            currency,
            effective,
            check,
            rates,
        } => load(rates).and_then(|l| import(&l, file, currency, effective, *check, today)),
        RatesCommand::Derive {
            currency,
            effective,
            from,
            factor,
            check,
            rates,
        } => load(rates)
            .and_then(|l| derive(&l, currency, effective, from, factor.as_deref(), *check)),
        RatesCommand::Diff {
            currency,
            a,
            b,
            scenario,
            format,
            rates,
        } => load(rates).and_then(|l| diff(&l.book, currency, a, b, scenario.as_ref(), *format)),
    }?;
    super::write_stdout(&out)
}

fn load(rates: &RatesArgs) -> Result<LoadedRates, CliError> {
    let loaded = load_rate_book(&rates.rates).map_err(|e| CliError::bad(format!("rates: {e}")))?;
    for n in &loaded.notices {
        eprintln!("wacost: note: {}", display::clip_line(n));
    }
    Ok(loaded)
}

fn parse_currency(text: &str) -> Result<Currency, CliError> {
    Currency::from_str(text).map_err(|e| CliError::bad(e.to_string()))
}

fn find_card<'b>(
    book: &'b RateBook,
    currency: &str,
    effective: &str,
) -> Result<&'b RateCard, CliError> {
    let currency = parse_currency(currency)?;
    if effective.eq_ignore_ascii_case("latest") {
        return book.cards_of(currency).next_back().ok_or_else(|| {
            CliError::bad(format!(
                "no rate cards in {currency}; available currencies: {}",
                book.currencies()
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        });
    }
    let date = Date::from_str(effective).map_err(|e| CliError::bad(e.to_string()))?;
    book.pinned(currency, date)
        .map_err(|e| CliError::bad(e.to_string()))
}

fn origin(card: &RateCard) -> String {
    match &card.origin {
        CardOrigin::Shipped => "shipped".into(),
        CardOrigin::File(f) => f.clone(),
        CardOrigin::Derived => "derived".into(),
    }
}

/// A billing currency and USD card date with no card: no factor is known to derive one.
struct Missing {
    currency: Currency,
    effective: Date,
}

/// Every (currency, date) of the 16 billing currencies × the USD cards since per-message pricing
/// that has no card, for `rates list` to show with what to do.
fn missing_cards(book: &RateBook) -> Vec<Missing> {
    let usd: Currency = "USD".parse().expect("valid");
    let dates: Vec<Date> = book
        .cards_of(usd)
        .map(|c| c.effective)
        .filter(|d| *d >= first_derived_date())
        .collect();
    let mut out = Vec::new();
    for currency in meta_currencies() {
        for &effective in &dates {
            if book
                .card(CardId {
                    currency,
                    effective,
                })
                .is_none()
            {
                out.push(Missing {
                    currency,
                    effective,
                });
            }
        }
    }
    out
}

const UNCALIBRATED: &str = "no factor known";

fn calibrate_hint(m: &Missing) -> String {
    format!(
        "wacost rates derive {} {} --from \"MARKET CATEGORY=RATE\"",
        m.currency, m.effective
    )
}

fn list(loaded: &LoadedRates, format: Format) -> String {
    let cards = loaded.book.cards();
    let missing = missing_cards(&loaded.book);
    match format {
        Format::Json => {
            let mut rows: Vec<(CardId, Value)> = cards
                .iter()
                .map(|c| {
                    (
                        c.id(),
                        json!({
                            "currency": c.currency.as_str(),
                            "effective": c.effective.to_string(),
                            "unit": c.unit.name(),
                            "status": c.status.name(),
                            "markets": c.markets.len(),
                            "estimated_cells": c.estimates.len(),
                            "tier_ladders": c.tiers.len(),
                            "estimated_tier_ladders": c.tiers.iter().filter(|t| t.estimated.is_some()).count(),
                            "origin": origin(c),
                            "source": c.source,
                            "factor": c.derivation.as_ref().map(|d| d.factor.to_string()),
                        }),
                    )
                })
                .collect();
            for m in &missing {
                rows.push((
                    CardId {
                        currency: m.currency,
                        effective: m.effective,
                    },
                    json!({
                        "currency": m.currency.as_str(),
                        "effective": m.effective.to_string(),
                        "status": "uncalibrated",
                        "markets": 0,
                        "source": format!("{UNCALIBRATED}: Meta's {} rows were not found; calibrate with `{}` (a rate from your invoice or Meta's card) or --factor F", m.currency, calibrate_hint(m)),
                    }),
                ));
            }
            rows.sort_by_key(|(id, _)| *id);
            pretty(&Value::Array(rows.into_iter().map(|(_, v)| v).collect()))
        }
        Format::Table => {
            let mut rows: Vec<(CardId, Vec<String>)> = cards
                .iter()
                .map(|c| {
                    let estimated = c.tiers.iter().filter(|t| t.estimated.is_some()).count();
                    (
                        c.id(),
                        vec![
                            c.currency.to_string(),
                            c.effective.to_string(),
                            c.unit.name().into(),
                            c.status.name().into(),
                            c.markets.len().to_string(),
                            c.estimates.len().to_string(),
                            if estimated > 0 {
                                format!("{} ({estimated} est.)", c.tiers.len())
                            } else {
                                c.tiers.len().to_string()
                            },
                            c.derivation
                                .as_ref()
                                .map_or_else(String::new, |d| d.factor.to_string()),
                            origin(c),
                        ],
                    )
                })
                .collect();
            for m in &missing {
                rows.push((
                    CardId {
                        currency: m.currency,
                        effective: m.effective,
                    },
                    vec![
                        m.currency.to_string(),
                        m.effective.to_string(),
                        String::new(),
                        UNCALIBRATED.into(),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        String::new(),
                        calibrate_hint(m),
                    ],
                ));
            }
            rows.sort_by_key(|(id, _)| *id);
            let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
            let mut out = display::text_table(
                &[
                    "Currency",
                    "Effective",
                    "Unit",
                    "Status",
                    "Markets",
                    "Estimated cells",
                    "Tier ladders",
                    "Factor",
                    "From",
                ],
                &rows,
                4,
            );
            let _ = writeln!(
                out,
                "\n{} cards. Status: official = Meta's own file; quoted = copied from Meta's card; derived = Meta's USD card of the same date × the currency's factor (rates/currencies/factors.csv); {UNCALIBRATED} = no rate of that currency was found: calibrate it from one rate you know. \"est.\" tier ladders carry a known ladder's limits and discounts to the card's list rates. Your rates folder: {}",
                cards.len(),
                user_rates_dir().map_or("none".into(), |d| d.display().to_string())
            );
            out
        }
    }
}

fn cell_json(cell: Option<RateCell>) -> Value {
    match cell {
        Some(RateCell::Rate(r)) => Value::String(r.to_string()),
        Some(RateCell::Unknown) => Value::String("unknown".into()),
        None => Value::Null,
    }
}

fn show(card: &RateCard, book: &RateBook, format: Format) -> String {
    let countries = book.markets().markets_on(card.effective);
    match format {
        Format::Json => pretty(&json!({
            "currency": card.currency.as_str(),
            "effective": card.effective.to_string(),
            "unit": card.unit.name(),
            "status": card.status.name(),
            "source": card.source,
            "note": card.note,
            "derivation": card.derivation.as_ref().map(|d| json!({
                "from": id_json(d.from),
                "factor": d.factor.to_string(),
                "basis": d.basis,
            })),
            "origin": origin(card),
            "markets": card.markets.iter().map(|m| {
                let mut row = serde_json::Map::new();
                row.insert("market".into(), json!(m.market.as_str()));
                for c in ChargedCategory::ALL {
                    row.insert(c.name().into(), cell_json(m.cells[c.index()]));
                }
                row.insert("countries".into(), json!(countries.get(&m.market).map(|cs| cs.iter().map(|c| c.code()).collect::<Vec<_>>()).unwrap_or_default()));
                Value::Object(row)
            }).collect::<Vec<_>>(),
            "estimates": card.estimates.iter().map(|e| json!({
                "market": e.market.as_str(), "category": e.category.name(),
                "status": e.status.name(), "note": e.note,
            })).collect::<Vec<_>>(),
            "tiers": card.tiers.iter().map(|t| json!({
                "market": t.market.as_str(), "category": t.category.name(),
                "estimated": t.estimated,
                "bands": t.bands.iter().map(|b| json!({
                    "from": b.from, "to": b.to, "rate": b.rate.to_string(), "vs_list_rate": b.vs_list_rate,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "info": card.info.iter().map(|i| json!({
                "name": i.name,
                "values": i.values.iter().map(|(m, v)| (m.as_str().to_string(), Value::String(v.clone()))).collect::<serde_json::Map<_, _>>(),
            })).collect::<Vec<_>>(),
        })),
        Format::Table => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{} rate card effective {} (per {}), status {}, from {}",
                card.currency,
                card.effective,
                card.unit.name(),
                card.status.name(),
                origin(card)
            );
            if !card.source.is_empty() {
                let _ = writeln!(out, "Source: {}", card.source);
            }
            if !card.note.is_empty() {
                let _ = writeln!(out, "Note: {}", card.note);
            }
            if let Some(d) = &card.derivation {
                let _ = writeln!(out, "Factor: {} × {}", d.from, d.basis);
            }
            let _ = writeln!(out);
            let mut headers: Vec<&str> = GRID_HEADERS.to_vec();
            for i in &card.info {
                headers.push(&i.name);
            }
            let rows: Vec<Vec<String>> = card
                .markets
                .iter()
                .map(|m| {
                    let mut row = vec![m.market.to_string()];
                    for c in ChargedCategory::ALL {
                        let mut text = cell_text(m.cells[c.index()]);
                        if card.estimate(&m.market, c).is_some() {
                            text.push('*');
                        }
                        if card.ladder(&m.market, c).is_some() {
                            text.push('^');
                        }
                        row.push(text);
                    }
                    for i in &card.info {
                        row.push(i.value(&m.market).unwrap_or("").to_string());
                    }
                    row
                })
                .collect();
            out.push_str(&display::text_table(&headers, &rows, 1));
            if !card.estimates.is_empty() {
                let _ = writeln!(
                    out,
                    "\n* how each marked figure was obtained (the rest are {}):",
                    card.status.name()
                );
                for e in &card.estimates {
                    let _ = writeln!(
                        out,
                        "  {} {}: {} — {}",
                        e.market,
                        e.category.label().to_lowercase(),
                        e.status.name(),
                        e.note
                    );
                }
            }
            for t in &card.tiers {
                let _ = writeln!(
                    out,
                    "\n^ volume tiers, {} {} (graduated: each band's rate applies to the messages inside it){}:",
                    t.market,
                    t.category.label().to_lowercase(),
                    t.estimated
                        .as_deref()
                        .map_or_else(String::new, |how| format!("; {how}"))
                );
                let rows: Vec<Vec<String>> = t
                    .bands
                    .iter()
                    .map(|b| {
                        vec![
                            display::count(b.from),
                            b.to.map_or("and up".into(), display::count),
                            b.rate.to_string(),
                            b.vs_list_rate.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                for line in
                    display::text_table(&["From", "To", "Rate", "vs. list rate"], &rows, 0).lines()
                {
                    let _ = writeln!(out, "  {line}");
                }
            }
            out
        }
    }
}

/// "Brazil marketing=0.3217" as a known rate; the market is matched to the card's names
/// whatever the case.
fn known_rate(text: &str, usd: &RateCard) -> Result<KnownRate, CliError> {
    let bad = |why: &str| {
        CliError::bad(format!(
            "--from {text:?}: {why}; write it as \"MARKET CATEGORY=RATE\", e.g. \"Brazil marketing=0.3217\""
        ))
    };
    let (left, rate) = text.rsplit_once('=').ok_or_else(|| bad("no \"=\""))?;
    let rate = rust_decimal::Decimal::from_str(rate.trim())
        .ok()
        .filter(|r| *r > rust_decimal::Decimal::ZERO)
        .ok_or_else(|| bad(&format!("{:?} is not a positive rate", rate.trim())))?;
    let (market, category) = left
        .trim()
        .rsplit_once(char::is_whitespace)
        .ok_or_else(|| bad("no category after the market"))?;
    let category = ChargedCategory::from_str(category).map_err(|e| bad(&e.to_string()))?;
    let market = usd
        .markets
        .iter()
        .find(|m| m.market.as_str().eq_ignore_ascii_case(market.trim()))
        .map(|m| m.market)
        .ok_or_else(|| {
            bad(&format!(
                "Meta's USD card of {} has no market {:?} (its markets: {})",
                usd.effective,
                market.trim(),
                usd.markets
                    .iter()
                    .map(|m| m.market.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    Ok(KnownRate {
        market,
        category,
        rate,
    })
}

fn derive(
    loaded: &LoadedRates,
    currency: &str,
    effective: &str,
    from: &[String],
    factor: Option<&str>,
    check: bool,
) -> Result<String, CliError> {
    let currency = parse_currency(currency)?;
    if currency.as_str() == "USD" {
        return Err(CliError::bad(
            "USD cards are Meta's own: import Meta's file with `wacost rates import` instead",
        ));
    }
    if !META_CURRENCIES.contains(&currency.as_str()) {
        return Err(CliError::bad(format!(
            "Meta does not bill WhatsApp in {currency}; its currencies are {}",
            META_CURRENCIES.join(", ")
        )));
    }
    let usd = find_card(&loaded.book, "USD", effective)?;
    let how = match factor {
        Some(f) => Calibration::Factor(
            rust_decimal::Decimal::from_str(f.trim())
                .ok()
                .filter(|f| *f > rust_decimal::Decimal::ZERO)
                .ok_or_else(|| {
                    CliError::bad(format!(
                        "--factor {f:?}: expected a positive number of {currency} per US dollar, e.g. 5.1472"
                    ))
                })?,
        ),
        None => Calibration::Rates(
            from.iter()
                .map(|t| known_rate(t, usd))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let mut card = calibrated_card(
        usd,
        currency,
        &how,
        loaded.book.cards(),
        loaded.book.currency_data(),
    )
    .map_err(CliError::bad)?;
    card.origin = CardOrigin::File("(not stored)".into());
    let factor = card
        .derivation
        .as_ref()
        .map_or(rust_decimal::Decimal::ONE, |d| d.factor);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{currency} card of {}: Meta's USD card × {factor}, each rate rounded to 4 decimals.",
        usd.effective
    );
    if check {
        let _ = writeln!(out, "Checked only; nothing was stored.\n");
        out.push_str(&show(&card, &loaded.book, Format::Table));
        return Ok(out);
    }
    let dir = user_rates_dir().ok_or_else(|| {
        CliError::bad("no rates folder: set WACOST_RATES_HOME to a folder to store cards in")
    })?;
    let (path, stored) = store_derived(&dir, &card).map_err(|e| CliError::bad(e.to_string()))?;
    let _ = writeln!(
        out,
        "Stored in {}; every plan in {currency} from {} on is now priced with it (an imported card of Meta's for the same date replaces it).\n",
        path.display(),
        usd.effective
    );
    out.push_str(&show(&stored, &loaded.book, Format::Table));
    Ok(out)
}

fn import(
    loaded: &LoadedRates,
    file: &std::path::Path,
    currency: &Option<String>,
    effective: &Option<String>,
    check: bool,
    today: Date,
) -> Result<String, CliError> {
    let hints = ImportHints {
        currency: currency.as_deref().map(parse_currency).transpose()?,
        effective: effective
            .as_deref()
            .map(|e| Date::from_str(e).map_err(|e| CliError::bad(format!("--effective: {e}"))))
            .transpose()?,
    };
    let label = file.display().to_string();
    let bytes = read_rate_file(file).map_err(|e| CliError::bad(e.to_string()))?;
    let prepared = prepare_import(&loaded.book, &label, bytes, hints, today)
        .map_err(|e| CliError::bad(e.to_string()))?;
    let mut out = summary(&prepared, &label);
    // A card of the same currency and date that could not be read was skipped when loading;
    // this import writes over it.
    if let Some(dir) = user_rates_dir() {
        let target = dir.join("cards").join(card_file_name(&prepared.card));
        if target.is_file() {
            let label = target.display().to_string();
            let readable = crate::io::read_capped(&target, crate::io::MAX_INPUT_BYTES, "rate card")
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .is_some_and(|t| parse_card(&label, &t, CardOrigin::File(label.clone())).is_ok());
            if !readable {
                let _ = writeln!(
                    out,
                    "note: {} the unreadable card {label}",
                    if check { "would replace" } else { "replaces" }
                );
            }
        }
    }
    if check {
        let _ = writeln!(out, "Checked only (--check): nothing was stored.");
    } else {
        let dir = user_rates_dir().ok_or_else(|| {
            CliError::bad("there is no per-user data folder to store the card in; set WACOST_RATES_HOME to a folder")
        })?;
        // The input was good; the folder could not take it (full disk, no permission).
        let (path, _) =
            store_import(&dir, &prepared).map_err(|e| CliError::write_failed(e.to_string()))?;
        let _ = writeln!(
            out,
            "Stored in {}; from now on it prices {} months from {} on, like a shipped card.",
            path.display(),
            prepared.card.currency,
            prepared.card.effective.month()
        );
    }
    // What the card changes against the card before it (or the one it replaces).
    let id = prepared.card.id();
    let before = loaded.book.card_or_previous(id);
    if let Some(before) = before {
        let d = diff_cards(before, &prepared.card);
        let _ = writeln!(
            out,
            "Against {} ({}): {}.",
            before.id(),
            if before.id() == id {
                "the card it replaces"
            } else {
                "the card before it"
            },
            d.summary()
        );
        if before.id() != id {
            let _ = writeln!(
                out,
                "See `wacost rates diff {} {} {}`.",
                id.currency, before.effective, id.effective
            );
        }
    }
    Ok(out)
}

fn summary(p: &PreparedImport, label: &str) -> String {
    let mut out = String::new();
    let card = &p.card;
    let what = match p.kind {
        crate::io::meta_rates::FileKind::Rates => format!(
            "rate card {} ({} markets{})",
            card.id(),
            card.markets.len(),
            if card.info.is_empty() {
                String::new()
            } else {
                format!(
                    "; kept as information: {}",
                    card.info
                        .iter()
                        .map(|i| i.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ),
        crate::io::meta_rates::FileKind::Tiers => format!(
            "volume tiers for {} ({} ladders)",
            card.id(),
            card.tiers.len()
        ),
    };
    let _ = writeln!(out, "Read Meta's {what} from {label}.");
    if let Some(r) = &p.replaces {
        let _ = writeln!(out, "It replaces {r} for {}.", card.id());
    }
    for n in &p.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

fn diff(
    book: &RateBook,
    currency: &str,
    a: &str,
    b: &str,
    scenario: Option<&PathBuf>,
    format: Format,
) -> Result<String, CliError> {
    let ca = find_card(book, currency, a)?;
    let cb = find_card(book, currency, b)?;
    let d = diff_cards(ca, cb);
    let plan = match scenario {
        None => None,
        Some(path) => {
            let s = read_scenario(path).map_err(|e| CliError::bad(e.to_string()))?;
            if s.currency != ca.currency {
                return Err(CliError::bad(format!(
                    "{}: the plan is in {} but the cards are {}",
                    path.display(),
                    s.currency,
                    ca.currency
                )));
            }
            Some(
                compare_plan(&s, book, ca.id(), cb.id())
                    .map_err(|e| CliError::bad(format!("{}: {e}", path.display())))?,
            )
        }
    };
    Ok(match format {
        Format::Json => pretty(&diff_json(&d, plan.as_ref())),
        Format::Table => diff_table(&d, plan.as_ref()),
    })
}

fn id_json(id: CardId) -> Value {
    json!({"currency": id.currency.as_str(), "effective": id.effective.to_string()})
}

fn diff_json(d: &CardDiff, plan: Option<&PlanComparison>) -> Value {
    let mut v = json!({
        "a": id_json(d.a),
        "b": id_json(d.b),
        "changes": d.changes.iter().map(|c| json!({
            "market": c.market.as_str(),
            "category": c.category.name(),
            "before": cell_json(c.before),
            "after": cell_json(c.after),
            "percent": c.percent().map(|p| p.to_string()),
            "kind": c.kind().name(),
        })).collect::<Vec<_>>(),
        "unchanged": d.unchanged,
        "markets_added": d.markets_added.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
        "markets_removed": d.markets_removed.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
        "tiers_changed": d.tiers_changed.iter().map(|(m, c)| json!({"market": m.as_str(), "category": c.name()})).collect::<Vec<_>>(),
    });
    if let Some(p) = plan {
        v["plan"] = json!({
            "total_a": p.total_a.to_string(),
            "total_b": p.total_b.to_string(),
            "difference": (p.total_b - p.total_a).to_string(),
            "months": p.months.iter().map(|(m, a, b)| json!({
                "month": m.to_string(), "total_a": a.to_string(), "total_b": b.to_string(),
                "difference": (b - a).to_string(),
            })).collect::<Vec<_>>(),
            "countries": p.countries.iter().map(|(c, a, b)| json!({
                "country": c.code(), "total_a": a.to_string(), "total_b": b.to_string(),
                "difference": (b - a).to_string(),
            })).collect::<Vec<_>>(),
        });
    }
    v
}

fn signed_percent(c: &crate::domain::card_diff::CellChange) -> String {
    c.percent().map_or_else(
        || c.describe().to_string(),
        |p| display::signed_percent(p, 1),
    )
}

fn diff_table(d: &CardDiff, plan: Option<&PlanComparison>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}: {}.\n", d.a, d.b.effective, d.summary());
    // Changed prices first, then rates added to or removed from markets both cards have;
    // markets only one card has are listed after, whole.
    let mut rows: Vec<(u8, Vec<String>)> = d
        .changes
        .iter()
        .filter(|c| !d.markets_added.contains(&c.market) && !d.markets_removed.contains(&c.market))
        .map(|c| {
            let order = match c.kind() {
                ChangeKind::Up | ChangeKind::Down => 0,
                _ => 1,
            };
            let row = vec![
                c.market.to_string(),
                c.category.label().to_string(),
                cell_text(c.before),
                cell_text(c.after),
                signed_percent(c),
            ];
            (order, row)
        })
        .collect();
    rows.sort_by_key(|(order, _)| *order);
    if rows.is_empty() {
        let _ = writeln!(out, "No rate of a market on both cards differs.");
    } else {
        let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
        out.push_str(&display::text_table(
            &[
                "Market",
                "Category",
                &d.a.effective.to_string(),
                &d.b.effective.to_string(),
                "Change",
            ],
            &rows,
            2,
        ));
    }
    for (label, list, after) in [
        ("New markets", &d.markets_added, true),
        ("Markets gone", &d.markets_removed, false),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{label} ({}):", list.len());
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|m| {
                let mut row = vec![m.to_string()];
                for c in ChargedCategory::ALL {
                    let change = d.change(m, c);
                    row.push(cell_text(
                        change.and_then(|c| if after { c.after } else { c.before }),
                    ));
                }
                row
            })
            .collect();
        out.push_str(&display::text_table(&GRID_HEADERS, &rows, 1));
    }
    if !d.tiers_changed.is_empty() {
        let _ = writeln!(
            out,
            "\nVolume tiers differ for: {}",
            d.tiers_changed
                .iter()
                .map(|(m, c)| format!("{m} {}", c.label().to_lowercase()))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(p) = plan {
        let cur = d.a.currency;
        let _ = writeln!(
            out,
            "\nThe plan under each card ({cur}; each card pinned for every month):\n"
        );
        let row = |label: String, a: rust_decimal::Decimal, b: rust_decimal::Decimal| {
            vec![
                label,
                display::amount(a),
                display::amount(b),
                display::amount(b - a),
            ]
        };
        let a_label = d.a.effective.to_string();
        let b_label = d.b.effective.to_string();
        let headers = ["Month", a_label.as_str(), b_label.as_str(), "Difference"];
        let mut rows: Vec<Vec<String>> = p
            .months
            .iter()
            .map(|(m, a, b)| row(m.to_string(), *a, *b))
            .collect();
        rows.push(row("Total".into(), p.total_a, p.total_b));
        out.push_str(&display::text_table(&headers, &rows, 1));
        let _ = writeln!(out);
        let rows: Vec<Vec<String>> = p
            .countries
            .iter()
            .map(|(c, a, b)| row(format!("{} {}", c.code(), c.name()), *a, *b))
            .collect();
        let headers = ["Country", a_label.as_str(), b_label.as_str(), "Difference"];
        out.push_str(&display::text_table(&headers, &rows, 1));
        let _ = writeln!(
            out,
            "(Country rows leave out the provider's flat monthly fee, which belongs to no country.)"
        );
    }
    out
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON of plain values");
    s.push('\n');
    s
}

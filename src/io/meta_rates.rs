//! Meta's own rate files: the per-currency rate card (CSV with title rows and a header broken
//! over two lines, or the XLSX workbook with a "List rates" sheet) and the volume-tier file
//! (17 columns, the market named only on the first row of its block). Each is read into the
//! rate book's types and validated against the market mapping of its effective date before it
//! is accepted; every problem names its line or cell.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::display;
use super::rates::{card_file_name, card_to_toml, parse_card};
use super::sheet::{self, Grid, GridRow, Place, SheetError, header_key as norm};
use crate::domain::calendar::{Date, month_name, month_number};
use crate::domain::category::ChargedCategory;
use crate::domain::era::Era;
use crate::domain::market::{MarketMap, MarketName};
use crate::domain::ratebook::{
    CardOrigin, CellStatus, Currency, InfoColumn, MAX_RATE_USD, MarketRates, RateBook, RateCard,
    RateCell, TierBand, TierLadder, Unit, plausible_effective,
};

/// What the user says about a file whose title does not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportHints {
    pub currency: Option<Currency>,
    pub effective: Option<Date>,
}

/// One thing wrong with a file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Option<Place>,
    pub message: String,
}

/// Problems listed in an error before "... and N more".
const LISTED_PROBLEMS: usize = 40;

/// Why a file was not accepted: every problem found, not just the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateFileError {
    pub file: String,
    pub problems: Vec<Problem>,
    /// The file does not say its currency or effective date (or contradicts what was given):
    /// reading it again with [`ImportHints`] may succeed.
    pub needs_hints: bool,
    /// How the command line says the one problem, when it names its flags (`--currency`,
    /// `--effective`); the problems keep the window's words, where a form asks instead.
    pub command_line: Option<String>,
}

impl RateFileError {
    /// A card identity the file does not give: `window` in the window's words (its form asks for
    /// the currency and date), `command_line` naming the flag that gives it.
    fn needing_hints(
        file: &str,
        window: impl Into<String>,
        command_line: impl Into<String>,
    ) -> RateFileError {
        RateFileError {
            needs_hints: true,
            command_line: Some(command_line.into()),
            ..RateFileError::one(file, None, window)
        }
    }

    /// The error in the window's words: as [`Display`](fmt::Display), without command-line flags.
    pub fn window_text(&self) -> String {
        RateFileError {
            command_line: None,
            ..self.clone()
        }
        .to_string()
    }

    fn one(file: &str, place: Option<Place>, message: impl Into<String>) -> RateFileError {
        RateFileError {
            file: file.to_string(),
            problems: vec![Problem {
                place,
                message: message.into(),
            }],
            needs_hints: false,
            command_line: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A message may quote the file's text: keep it to a line a person can read.
        let message = display::clip_line(&self.message);
        match &self.place {
            Some(p) => write!(f, "{}: {message}", display::clip_line(&p.to_string())),
            None => f.write_str(&message),
        }
    }
}

/// Reads a rate file from disk: a regular file of at most 16 MB (Meta's are under 100 KB).
pub fn read_rate_file(path: &Path) -> Result<Vec<u8>, RateFileError> {
    let label = path.display().to_string();
    super::read_capped(path, super::MAX_INPUT_BYTES, "rate file")
        .map_err(|m| RateFileError::one(&label, None, m))
}

impl fmt::Display for RateFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [only] if only.place.is_some() => write!(f, "{only}"),
            [only] => {
                let message = self.command_line.as_deref().unwrap_or(&only.message);
                write!(f, "{}: {}", self.file, display::clip_line(message))
            }
            many => {
                write!(
                    f,
                    "{}: {} problems; nothing was imported",
                    self.file,
                    many.len()
                )?;
                for p in many.iter().take(LISTED_PROBLEMS) {
                    write!(f, "\n  {p}")?;
                }
                if many.len() > LISTED_PROBLEMS {
                    write!(f, "\n  ... and {} more", many.len() - LISTED_PROBLEMS)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RateFileError {}

impl From<SheetError> for RateFileError {
    fn from(e: SheetError) -> RateFileError {
        RateFileError::one(&e.file, None, e.message)
    }
}

/// Which of Meta's two files a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Rates,
    Tiers,
}

/// A rate file read and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRates {
    pub card: RateCard,
}

/// A tier file read and validated (on its own; [`attach_tiers`] checks it against its card).
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedTiers {
    pub currency: Currency,
    pub effective: Date,
    pub ladders: Vec<TierLadder>,
    /// Where each ladder's first band is, for problems found against the card.
    places: Vec<Place>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MetaFile {
    Rates(ParsedRates),
    Tiers(ParsedTiers),
}

trait Words {
    /// The category as a sentence writes it: "authentication-international".
    fn words(self) -> String;
}

impl Words for ChargedCategory {
    fn words(self) -> String {
        self.label().to_lowercase()
    }
}

/// Whitespace runs (including the line break inside Meta's header) become one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rows searched for the header: Meta puts a title, notes (with links in other columns), a
/// section row and a sub-header above it, and a person may add more.
const HEADER_SEARCH_ROWS: usize = 60;

/// A market column's heading: "Market", "Markets", "Market\n(per rate card)"; not "Marketing".
fn is_market_heading(cell: &str) -> bool {
    let first = cell
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    first == "market" || first == "markets"
}

/// What a row is, if it is one of the two headers: the rate card's (a market column and a
/// Marketing column) or the tier file's (a market column and From / To / Rate columns).
fn header_kinds(row: &GridRow) -> (bool, bool) {
    if !row.cells.iter().any(|c| is_market_heading(c)) {
        return (false, false);
    }
    let cells: Vec<String> = row.cells.iter().map(|c| norm(c)).collect();
    let rates = cells.iter().any(|c| c == "marketing");
    let tiers = cells.iter().any(|c| c.ends_with("from"))
        && cells.iter().any(|c| c == "to" || c.ends_with("to"))
        && cells.iter().any(|c| c.ends_with("rate"));
    (rates, tiers)
}

/// Which layout the grid is in, and its header row: the first row, within the first
/// [`HEADER_SEARCH_ROWS`], whose cells are one of the two headers, wherever it is and whatever
/// is above it. A row that could be either is read as the title says ("... volume tiers").
pub fn detect(grid: &Grid) -> Option<(FileKind, usize)> {
    grid.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, row)| match header_kinds(row) {
            (true, true) if title_of(grid, i).tiers => Some((FileKind::Tiers, i)),
            (true, _) => Some((FileKind::Rates, i)),
            (false, true) => Some((FileKind::Tiers, i)),
            (false, false) => None,
        })
}

/// A date as a title writes it: "October 1, 2026", "1 October 2026", "Oct 1 2026", "2026-10-01".
pub fn parse_title_date(text: &str) -> Option<Date> {
    let (year, month, day) = title_date_parts(text)?;
    Date::new(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?)
}

/// Year, month and day as a title writes them, whether or not they make a date.
fn title_date_parts(text: &str) -> Option<(u32, u8, u32)> {
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(3)
        .collect();
    let [a, b, c] = tokens.as_slice() else {
        return None;
    };
    let num = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = if let Some(m) = month_number(a) {
        (num(c)?, m, num(b)?)
    } else if let Some(m) = month_number(b) {
        (num(c)?, m, num(a)?)
    } else if a.len() == 4 {
        (num(a)?, u8::try_from(num(b)?).ok()?, num(c)?)
    } else {
        return None;
    };
    (1..=12).contains(&month).then_some((year, month, day))
}

/// What is wrong with a title's effective date that names a day the month does not have
/// ("effective February 30, 2027").
fn impossible_title_date(title: &str) -> Option<String> {
    let lower = title.to_ascii_lowercase();
    let at = lower.find("effective")?;
    let rest = title[at + "effective".len()..].trim_start_matches(|c: char| !c.is_alphanumeric());
    let rest = ["from ", "on ", "as of "]
        .iter()
        .find_map(|p| {
            let head = rest.get(..p.len())?;
            head.eq_ignore_ascii_case(p).then(|| &rest[p.len()..])
        })
        .unwrap_or(rest);
    let (year, month, day) = title_date_parts(rest)?;
    let year = i32::try_from(year).ok()?;
    if Date::new(year, month, 1).is_none()
        || Date::new(year, month, u8::try_from(day).ok()?).is_some()
    {
        return None;
    }
    let days = (28..=31u8)
        .rev()
        .find(|d| Date::new(year, month, *d).is_some())?;
    let name = month_name(month);
    let name = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
    Some(format!(
        "the title says the rates take effect on {name} {day}, {year}, a day that does not exist ({name} {year} has {days} days)"
    ))
}

/// What a title row says: currency, effective date and unit, each if present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Title {
    pub text: String,
    pub currency: Option<Currency>,
    pub effective: Option<Date>,
    pub unit: Option<Unit>,
    /// The title names volume tiers ("... - Reflecting volume tiers for utility and
    /// authentication messages"): the file is Meta's tier file, though it starts like a card's.
    pub tiers: bool,
}

/// Reads "Cost per message in USD on the WhatsApp Business Platform, effective October 1, 2026".
pub fn parse_title(text: &str) -> Title {
    // ASCII lowercase keeps byte offsets, so positions found in `lower` index `text`.
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let is_code = |w: &str| w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase());
    let currency = words
        .windows(2)
        .find(|w| w[0].eq_ignore_ascii_case("in") && is_code(w[1]))
        .map(|w| w[1])
        .or_else(|| {
            // "(USD)"
            text.split('(')
                .skip(1)
                .filter_map(|s| s.split_once(')'))
                .map(|(inside, _)| inside.trim())
                .find(|w| is_code(w))
        })
        .and_then(|c| c.parse().ok());
    let effective = lower.find("effective").and_then(|i| {
        let rest = &text[i + "effective".len()..];
        let rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        let rest = ["from ", "on ", "as of "]
            .iter()
            .find_map(|p| {
                let head = rest.get(..p.len())?;
                head.eq_ignore_ascii_case(p).then(|| &rest[p.len()..])
            })
            .unwrap_or(rest);
        parse_title_date(rest)
    });
    let unit = if lower.contains("per conversation") {
        Some(Unit::Conversation)
    } else if lower.contains("per message") {
        Some(Unit::Message)
    } else {
        None
    };
    let tiers = lower.contains("volume tier");
    Title {
        text: squash(text),
        currency,
        effective,
        unit,
        tiers,
    }
}

/// Currency cells as Meta prints them: "$US", "A$", "£", "₹", "RP", or an ISO code.
pub fn currency_cell(text: &str) -> Option<Currency> {
    let t = text.trim();
    let code = match t.to_uppercase().as_str() {
        "$US" | "US$" | "$" | "US DOLLAR" => "USD",
        "A$" | "AU$" | "$A" => "AUD",
        "£" | "GB£" => "GBP",
        "€" => "EUR",
        "₹" | "RS" | "RS." => "INR",
        "RP" => "IDR",
        "R$" => "BRL",
        "MX$" => "MXN",
        "S$" => "SGD",
        _ => t,
    };
    code.parse().ok()
}

/// Texts that mean "no rate here".
fn is_not_applicable(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "n/a" | "na" | "--" | "-" | "–" | "—" | "not applicable" | "#na" | "#n/a"
    )
}

/// A count or rate with optional thousands separators ("1,000,001", "1 000 001", "2,345.50").
fn strip_grouping(text: &str) -> Option<String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t.as_str(), None),
    };
    let int = if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let well_formed = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if well_formed {
            groups.concat()
        } else if frac.is_none() && groups.len() == 2 {
            // "0,0118": a decimal comma, unambiguous because it is not a thousands group.
            return Some(format!("{}.{}", groups[0], groups[1]));
        } else {
            return None;
        }
    } else {
        int.to_string()
    };
    Some(match frac {
        Some(f) => format!("{int}.{f}"),
        None => int,
    })
}

/// A rate no message can cost: above the currency's bound (see [`Currency::max_rate`]).
fn bounded(rate: Decimal, currency: Currency) -> Result<Decimal, String> {
    match currency.max_rate() {
        Some(max) if rate > max => Err(format!(
            "rate {rate} is above {max} {currency}, more than any message costs ({MAX_RATE_USD} US dollars); check the figure"
        )),
        _ => Ok(rate),
    }
}

/// A rate cell: `Ok(None)` for "n/a" and its kin, else a positive decimal.
fn parse_rate(text: &str) -> Result<Option<Decimal>, String> {
    if is_not_applicable(text) {
        return Ok(None);
    }
    let t = text.trim();
    let digits = t
        .trim_start_matches(|c: char| "$£€₹".contains(c))
        .trim_end_matches(|c: char| "$£€₹".contains(c));
    let rate = strip_grouping(digits)
        .and_then(|s| Decimal::from_str_exact(&s).ok())
        .ok_or_else(|| {
            format!(
                "{:?} is not a rate (expected a number like 0.0118, or n/a)",
                display::clip(t)
            )
        })?;
    if rate <= Decimal::ZERO {
        return Err(format!("rate {} is not positive", display::clip(t)));
    }
    // Meta prints rates to four places; a workbook stores 0.0260 as the number 0.026.
    let mut rate = rate;
    if rate.scale() < 4 {
        rate.rescale(4);
    }
    Ok(Some(rate))
}

/// A "vs. List rate" cell as Meta prints it ("-5%"). A workbook stores a percentage as its
/// fraction (-0.05, formatted as a percentage), which is read back as "-5%".
fn percent_text(text: &str) -> String {
    if text.ends_with('%') {
        return text.to_string();
    }
    match Decimal::from_str_exact(text) {
        Ok(f) if f.abs() <= Decimal::ONE => format!("{}%", (f * Decimal::ONE_HUNDRED).normalize()),
        _ => text.to_string(),
    }
}

/// A volume: a whole number with optional thousands separators.
fn parse_count(text: &str) -> Result<u64, String> {
    let t = text.trim();
    strip_grouping(t)
        .and_then(|s| {
            let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
            s.parse::<u64>().ok()
        })
        .ok_or_else(|| format!("{:?} is not a whole number of messages", display::clip(t)))
}

/// Columns of the rate file's header.
struct RateColumns {
    market: usize,
    currency: Option<usize>,
    categories: Vec<(ChargedCategory, usize)>,
    info: Vec<(String, usize)>,
}

fn rate_columns(header: &GridRow) -> RateColumns {
    let mut cols = RateColumns {
        market: 0,
        currency: None,
        categories: Vec::new(),
        info: Vec::new(),
    };
    let mut market_found = false;
    for (i, cell) in header.cells.iter().enumerate() {
        if !market_found && is_market_heading(cell) {
            market_found = true;
            cols.market = i;
            continue;
        }
        let category = match norm(cell).as_str() {
            "currency" => {
                cols.currency = Some(i);
                continue;
            }
            "" => continue,
            "marketing" => ChargedCategory::Marketing,
            "utility" => ChargedCategory::Utility,
            "authentication" => ChargedCategory::Authentication,
            "authenticationinternational" => ChargedCategory::AuthenticationInternational,
            "service" => ChargedCategory::Service,
            _ => {
                cols.info.push((squash(cell), i));
                continue;
            }
        };
        cols.categories.push((category, i));
    }
    cols
}

/// The title: the first text above the header. What it does not say (currency, date, unit) is
/// looked for in the notes below it, as before Meta's files had links in their note rows.
fn title_of(grid: &Grid, header: usize) -> Title {
    let texts: Vec<&str> = grid.rows[..header]
        .iter()
        .flat_map(|r| r.cells.iter())
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let Some(first) = texts.first() else {
        return Title::default();
    };
    let mut title = parse_title(first);
    let all = parse_title(&texts.join(" "));
    title.currency = title.currency.or(all.currency);
    title.effective = title.effective.or(all.effective);
    title.unit = title.unit.or(all.unit);
    title
}

struct Collector<'g> {
    grid: &'g Grid,
    problems: Vec<Problem>,
}

impl Collector<'_> {
    fn at(&mut self, row: usize, col: Option<usize>, header: Option<&str>, msg: String) {
        let place = self.grid.place(row, col, header);
        self.problems.push(Problem {
            place: Some(place),
            message: msg,
        });
    }

    fn general(&mut self, msg: String) {
        self.problems.push(Problem {
            place: None,
            message: msg,
        });
    }
}

/// The card's currency and date: title, then the user's flags, then (currency only) the cells.
fn resolve_identity(
    grid: &Grid,
    title: &Title,
    hints: ImportHints,
    cell_currencies: &[Currency],
) -> Result<(Currency, Date), RateFileError> {
    let file = &grid.file;
    let currency = match (title.currency, hints.currency) {
        (Some(t), Some(h)) if t != h => {
            return Err(RateFileError::needing_hints(
                file,
                format!("the title says the card is in {t}, not {h} as given"),
                format!("the title says the card is in {t} but --currency says {h}"),
            ));
        }
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => {
            let mut distinct = cell_currencies.to_vec();
            distinct.sort();
            distinct.dedup();
            match distinct.as_slice() {
                [one] => *one,
                _ => {
                    const WHY: &str = "the file does not say its currency (no title like \"Cost per message in USD ..., effective October 1, 2026\")";
                    return Err(RateFileError::needing_hints(
                        file,
                        WHY,
                        format!("{WHY}; give it with --currency XXX"),
                    ));
                }
            }
        }
    };
    let effective = match (title.effective, hints.effective) {
        (Some(t), Some(h)) if t != h => {
            return Err(RateFileError::needing_hints(
                file,
                format!("the title says the card is effective {t}, not {h} as given"),
                format!("the title says the card is effective {t} but --effective says {h}"),
            ));
        }
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => {
            let why = impossible_title_date(&title.text).unwrap_or_else(|| {
                "the file does not say when its rates take effect (no title like \"... effective October 1, 2026\")".to_string()
            });
            let flag = if why.contains("does not exist") {
                "give the date with --effective YYYY-MM-DD"
            } else {
                "give it with --effective YYYY-MM-DD"
            };
            return Err(RateFileError::needing_hints(
                file,
                why.clone(),
                format!("{why}; {flag}"),
            ));
        }
    };
    if !currency.is_billed() {
        return Err(RateFileError::one(
            file,
            None,
            format!(
                "{currency} is not a currency Meta bills in (for example USD, EUR, GBP, INR, IDR, BRL, MXN); is the title right?"
            ),
        ));
    }
    plausible_effective(effective).map_err(|e| RateFileError::one(file, None, e))?;
    Ok((currency, effective))
}

/// Matches market names as Meta and the mapping write them ("&" or "and", any case or spacing).
fn market_key(name: &str) -> String {
    norm(&name.replace('&', " and "))
}

struct MarketLookup {
    date: Date,
    by_key: BTreeMap<String, MarketName>,
    all: BTreeMap<MarketName, Vec<String>>,
}

impl MarketLookup {
    fn new(map: &MarketMap, date: Date) -> MarketLookup {
        let all: BTreeMap<MarketName, Vec<String>> = map
            .markets_on(date)
            .into_iter()
            .map(|(m, cs)| (m, cs.iter().map(|c| c.code().to_string()).collect()))
            .collect();
        MarketLookup {
            date,
            by_key: all.keys().map(|m| (market_key(m), *m)).collect(),
            all,
        }
    }

    fn find(&self, name: &str) -> Result<MarketName, String> {
        if let Some(m) = self.by_key.get(&market_key(name)) {
            return Ok(*m);
        }
        let best = self
            .all
            .keys()
            .map(|m| {
                (
                    strsim::jaro_winkler(&m.to_lowercase(), &name.to_lowercase()),
                    m,
                )
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .filter(|(score, _)| *score > 0.85)
            .map(|(_, m)| format!(" (did you mean {:?}?)", m.as_str()))
            .unwrap_or_default();
        Err(format!(
            "market {:?} is not in the market mapping on {}{best}; if Meta added it, add its countries to markets.csv in your rates folder first",
            display::clip(name),
            self.date
        ))
    }

    fn missing<'a>(&'a self, seen: &'a [MarketName]) -> impl Iterator<Item = String> + 'a {
        self.all.iter().filter(|(m, _)| !seen.contains(m)).map(|(m, cs)| {
            let shown: Vec<&str> = cs.iter().take(6).map(String::as_str).collect();
            let more = if cs.len() > 6 {
                format!(" and {} more", cs.len() - 6)
            } else {
                String::new()
            };
            format!(
                "market {:?} ({}{more}) has no row: every market of the mapping on {} must be priced",
                m.as_str(),
                shown.join(", "),
                self.date
            )
        })
    }
}

/// Rows that carry no data: blank, or a note in the first cell alone.
fn is_note(row: &GridRow) -> bool {
    row.cells.iter().skip(1).all(|c| c.trim().is_empty())
}

/// Reads a rate file's grid (header at `header`) into a validated card.
pub fn parse_rate_grid(
    grid: &Grid,
    header: usize,
    hints: ImportHints,
    markets: &MarketMap,
    imported_on: Date,
) -> Result<ParsedRates, RateFileError> {
    let head = &grid.rows[header];
    let cols = rate_columns(head);
    let title = title_of(grid, header);
    let heading = |i: usize| squash(head.cell(i));
    let body: Vec<&GridRow> = grid.rows[header + 1..]
        .iter()
        .filter(|r| !is_note(r))
        .collect();

    let mut c = Collector {
        grid,
        problems: Vec::new(),
    };
    for want in [
        ChargedCategory::Marketing,
        ChargedCategory::Utility,
        ChargedCategory::Authentication,
    ] {
        if !cols.categories.iter().any(|(cat, _)| *cat == want) {
            c.at(
                head.number,
                None,
                None,
                format!(
                    "the header has no {} column (found: {})",
                    want.label(),
                    head.cells
                        .iter()
                        .map(|h| squash(h))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    let cell_currencies: Vec<Currency> = match cols.currency {
        Some(ci) => body
            .iter()
            .filter_map(|r| currency_cell(r.cell(ci)))
            .collect(),
        None => Vec::new(),
    };
    let (currency, effective) = resolve_identity(grid, &title, hints, &cell_currencies)?;
    let unit = title.unit.unwrap_or(
        if Era::for_month(effective.month()).is_some_and(Era::is_per_message) {
            Unit::Message
        } else {
            Unit::Conversation
        },
    );
    let lookup = MarketLookup::new(markets, effective);
    let service_required = effective >= Era::Pmp2026.start().first_day();
    if service_required
        && !cols
            .categories
            .iter()
            .any(|(cat, _)| *cat == ChargedCategory::Service)
    {
        c.at(
            head.number,
            None,
            None,
            format!(
                "the header has no Service column; from 2026-10-01 Meta prices service messages and its card has one (is this an older layout, or was the file cut short?) (found: {})",
                head.cells
                    .iter()
                    .map(|h| squash(h))
                    .filter(|h| !h.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    if effective > imported_on.month().plus(24).first_day() {
        c.general(format!(
            "the card takes effect on {effective}, more than two years from today ({imported_on}); Meta announces rates a few months ahead: is the date right?"
        ));
    }

    let mut rows: Vec<MarketRates> = Vec::new();
    let mut info: Vec<InfoColumn> = cols
        .info
        .iter()
        .map(|(name, _)| InfoColumn {
            name: name.clone(),
            values: Vec::new(),
        })
        .collect();
    for row in &body {
        let name = row.cell(cols.market);
        if name.is_empty() {
            c.at(
                row.number,
                Some(cols.market),
                Some(&heading(cols.market)),
                "the market name is empty".into(),
            );
            continue;
        }
        let market = match lookup.find(name) {
            Ok(m) => m,
            Err(e) => {
                c.at(
                    row.number,
                    Some(cols.market),
                    Some(&heading(cols.market)),
                    e,
                );
                continue;
            }
        };
        if rows.iter().any(|r| r.market == market) {
            c.at(
                row.number,
                Some(cols.market),
                Some(&heading(cols.market)),
                format!("market {:?} appears twice", market.as_str()),
            );
            continue;
        }
        if let Some(ci) = cols.currency {
            let text = row.cell(ci);
            match currency_cell(text) {
                Some(cur) if cur == currency => {}
                Some(cur) => c.at(
                    row.number,
                    Some(ci),
                    Some(&heading(ci)),
                    format!("currency {text:?} ({cur}) differs from the card's {currency}"),
                ),
                None => c.at(
                    row.number,
                    Some(ci),
                    Some(&heading(ci)),
                    format!("{:?} is not a currency wacost knows (expected {currency}, $US, A$, £, ₹, RP or an ISO code)", display::clip(text)),
                ),
            }
        }
        let mut cells: [Option<RateCell>; 5] = [None; 5];
        for &(category, ci) in &cols.categories {
            let text = row.cell(ci);
            let required = match category {
                ChargedCategory::AuthenticationInternational => false,
                ChargedCategory::Service => service_required,
                _ => true,
            };
            if text.is_empty() {
                if required {
                    c.at(
                        row.number,
                        Some(ci),
                        Some(&heading(ci)),
                        format!(
                            "{} has no {} rate (the cell is empty)",
                            market.as_str(),
                            category.words()
                        ),
                    );
                }
                continue;
            }
            if category == ChargedCategory::Service
                && !service_required
                && text.eq_ignore_ascii_case("free")
            {
                continue;
            }
            match parse_rate(text).and_then(|r| r.map(|r| bounded(r, currency)).transpose()) {
                Ok(Some(rate)) => cells[category.index()] = Some(RateCell::Rate(rate)),
                Ok(None) if required => c.at(
                    row.number,
                    Some(ci),
                    Some(&heading(ci)),
                    format!(
                        "{} must have a {} rate, not {text:?}",
                        market.as_str(),
                        category.words()
                    ),
                ),
                Ok(None) => {}
                Err(e) => c.at(row.number, Some(ci), Some(&heading(ci)), e),
            }
        }
        for (k, (_, ci)) in cols.info.iter().enumerate() {
            let text = row.cell(*ci);
            if !text.is_empty() && !is_not_applicable(text) {
                info[k].values.push((market, squash(text)));
            }
        }
        rows.push(MarketRates { market, cells });
    }
    let seen: Vec<MarketName> = rows.iter().map(|r| r.market).collect();
    for missing in lookup.missing(&seen) {
        c.general(missing);
    }
    if !c.problems.is_empty() {
        return Err(RateFileError {
            file: grid.file.clone(),
            problems: c.problems,
            needs_hints: false,
            command_line: None,
        });
    }
    info.retain(|col| !col.values.is_empty());
    let source = if title.text.is_empty() {
        format!("Meta's rate file {}", base_name(&grid.file))
    } else {
        format!(
            "Meta's rate file {}: \"{}\"",
            base_name(&grid.file),
            title.text
        )
    };
    Ok(ParsedRates {
        card: RateCard {
            currency,
            effective,
            unit,
            status: CellStatus::Official,
            source,
            note: format!("imported with `wacost rates import` on {imported_on}"),
            markets: rows,
            estimates: Vec::new(),
            tiers: Vec::new(),
            info,
            origin: CardOrigin::File(grid.file.clone()),
            derivation: None,
        },
    })
}

fn base_name(file: &str) -> String {
    Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned())
}

/// A ladder's bands, each with the row it came from.
type BandRows = Vec<(TierBand, usize)>;

/// One category's block of five columns in the tier file.
struct TierBlock {
    category: ChargedCategory,
    from: usize,
    to: usize,
    rate: usize,
    vs: Option<usize>,
}

const TIER_ORDER: [ChargedCategory; 3] = [
    ChargedCategory::Utility,
    ChargedCategory::Authentication,
    ChargedCategory::AuthenticationInternational,
];

fn category_in(text: &str) -> Option<ChargedCategory> {
    let n = norm(text);
    if n.contains("authenticationinternational") || n.contains("authinternational") {
        Some(ChargedCategory::AuthenticationInternational)
    } else if n.contains("authentication") {
        Some(ChargedCategory::Authentication)
    } else if n.contains("utility") {
        Some(ChargedCategory::Utility)
    } else {
        None
    }
}

/// A section row's group name: "Utility", "Authentication", "Authentication-International"
/// (or with "messages", "rates" or "tiers" after it). Whole cells only: a title or note that
/// mentions utility and authentication messages is not a section row.
fn section_category(text: &str) -> Option<ChargedCategory> {
    let mut n = norm(text);
    for suffix in ["messages", "message", "rates", "volumetiers", "tiers"] {
        if let Some(stem) = n.strip_suffix(suffix) {
            n = stem.to_string();
        }
    }
    match n.as_str() {
        "utility" => Some(ChargedCategory::Utility),
        "authentication" | "auth" => Some(ChargedCategory::Authentication),
        "authenticationinternational" | "authinternational" => {
            Some(ChargedCategory::AuthenticationInternational)
        }
        _ => None,
    }
}

/// The section row above the header: the nearest row that names a group over its block
/// (Meta's file has a sub-header row, "Messages (per month)" and "What we charge", between
/// them). Its row index and the group named in each column.
fn section_row(grid: &Grid, header: usize) -> Option<(usize, Vec<(usize, ChargedCategory)>)> {
    (0..header).rev().find_map(|r| {
        let names: Vec<(usize, ChargedCategory)> = grid.rows[r]
            .cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| section_category(c).map(|cat| (i, cat)))
            .collect();
        (!names.is_empty()).then_some((r, names))
    })
}

fn tier_blocks(grid: &Grid, header: usize, c: &mut Collector<'_>) -> Vec<TierBlock> {
    let head = &grid.rows[header];
    let section = section_row(grid, header);
    let starts: Vec<usize> = head
        .cells
        .iter()
        .enumerate()
        .filter(|(_, h)| norm(h).ends_with("from"))
        .map(|(i, _)| i)
        .collect();
    let mut blocks: Vec<TierBlock> = Vec::new();
    for (k, &from) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(head.cells.len());
        // The group's name: in the header cell ("Utility From"), else over the block in the
        // section row; only a file without a section row is read in Meta's order.
        let category = match (category_in(head.cell(from)), &section) {
            (Some(cat), _) => Some(cat),
            (None, Some((row, names))) => {
                let over: Vec<ChargedCategory> = names
                    .iter()
                    .filter(|(i, _)| (from..end).contains(i))
                    .map(|(_, cat)| *cat)
                    .collect();
                match over.as_slice() {
                    [one] => Some(*one),
                    _ => {
                        c.at(
                            grid.rows[*row].number,
                            Some(from),
                            None,
                            format!(
                                "the section row should name one group (Utility, Authentication or Authentication-International) over the block of columns {} to {}; it names {}",
                                sheet::column_letters(from),
                                sheet::column_letters(end - 1),
                                if over.is_empty() {
                                    "none".to_string()
                                } else {
                                    over.iter().map(|c| c.label()).collect::<Vec<_>>().join(" and ")
                                }
                            ),
                        );
                        continue;
                    }
                }
            }
            (None, None) => TIER_ORDER.get(k).copied(),
        };
        let Some(category) = category else {
            c.at(
                head.number,
                Some(from),
                None,
                "a From column beyond Utility, Authentication and Authentication-International"
                    .into(),
            );
            continue;
        };
        if blocks.iter().any(|b| b.category == category) {
            c.at(
                head.number,
                Some(from),
                None,
                format!("a second block of {} tiers", category.words()),
            );
            continue;
        }
        let find =
            |pred: &dyn Fn(&str) -> bool| (from + 1..end).find(|&i| pred(&norm(head.cell(i))));
        let to = find(&|n| n == "to" || n.ends_with("to"));
        let rate = find(&|n| {
            n == "rate" || (n.ends_with("rate") && !n.contains("type") && !n.starts_with("vs"))
        });
        let vs = find(&|n| n.starts_with("vs"));
        match (to, rate) {
            (Some(to), Some(rate)) => blocks.push(TierBlock {
                category,
                from,
                to,
                rate,
                vs,
            }),
            _ => c.at(
                head.number,
                Some(from),
                None,
                format!(
                    "the {} block needs From, To and Rate columns",
                    category.words()
                ),
            ),
        }
    }
    if blocks.is_empty() && c.problems.is_empty() {
        c.at(
            head.number,
            None,
            None,
            "the header has no From / To / Rate columns".into(),
        );
    }
    blocks
}

/// Reads a volume-tier file's grid (header at `header`).
pub fn parse_tier_grid(
    grid: &Grid,
    header: usize,
    hints: ImportHints,
    markets: &MarketMap,
) -> Result<ParsedTiers, RateFileError> {
    let head = &grid.rows[header];
    let mut c = Collector {
        grid,
        problems: Vec::new(),
    };
    let blocks = tier_blocks(grid, header, &mut c);
    let heading = |i: usize| squash(head.cell(i));
    let market_col = head
        .cells
        .iter()
        .position(|h| is_market_heading(h))
        .unwrap_or(0);
    let currency_col = head.cells.iter().position(|h| norm(h) == "currency");
    let body: Vec<&GridRow> = grid.rows[header + 1..]
        .iter()
        .filter(|r| !is_note(r))
        .collect();
    let cell_currencies: Vec<Currency> = match currency_col {
        Some(ci) => body
            .iter()
            .filter_map(|r| currency_cell(r.cell(ci)))
            .collect(),
        None => Vec::new(),
    };
    let title = title_of(grid, header);
    let (currency, effective) = resolve_identity(grid, &title, hints, &cell_currencies)?;
    let lookup = MarketLookup::new(markets, effective);

    // (market, category) → bands with the row each came from.
    let mut ladders: Vec<(MarketName, ChargedCategory, BandRows)> = Vec::new();
    let mut current: Option<MarketName> = None;
    let mut finished: Vec<MarketName> = Vec::new();
    for row in &body {
        let name = row.cell(market_col);
        if !name.is_empty() {
            match lookup.find(name) {
                Ok(m) => {
                    if finished.contains(&m) {
                        c.at(
                            row.number,
                            Some(market_col),
                            Some(&heading(market_col)),
                            format!("market {:?} has a second block", m.as_str()),
                        );
                    }
                    if let Some(prev) = current.replace(m) {
                        finished.push(prev);
                    }
                }
                Err(e) => {
                    c.at(row.number, Some(market_col), Some(&heading(market_col)), e);
                    current = None;
                    continue;
                }
            }
        }
        let Some(market) = current else {
            if name.is_empty() {
                c.at(
                    row.number,
                    Some(market_col),
                    Some(&heading(market_col)),
                    "a tier row before any market is named".into(),
                );
            }
            continue;
        };
        if let Some(ci) = currency_col {
            let text = row.cell(ci);
            if !text.is_empty() && currency_cell(text) != Some(currency) {
                c.at(
                    row.number,
                    Some(ci),
                    Some(&heading(ci)),
                    format!(
                        "currency {:?} differs from the file's {currency}",
                        display::clip(text)
                    ),
                );
            }
        }
        for b in &blocks {
            let cells = [row.cell(b.from), row.cell(b.to), row.cell(b.rate)];
            // A group that does not apply to the market: "n/a" (or nothing) for From and Rate.
            let absent = |t: &str| t.is_empty() || is_not_applicable(t);
            if absent(cells[0]) && absent(cells[2]) {
                continue;
            }
            let from = match parse_count(cells[0]) {
                Ok(v) => v,
                Err(e) => {
                    c.at(row.number, Some(b.from), Some(&heading(b.from)), e);
                    continue;
                }
            };
            let to = if cells[1].is_empty() || is_not_applicable(cells[1]) || cells[1] == "∞" {
                None
            } else {
                match parse_count(cells[1]) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        c.at(
                            row.number,
                            Some(b.to),
                            Some(&heading(b.to)),
                            format!("{e} (or -- for no upper bound)"),
                        );
                        continue;
                    }
                }
            };
            let rate = match parse_rate(cells[2])
                .and_then(|r| r.map(|r| bounded(r, currency)).transpose())
            {
                Ok(Some(r)) => r,
                Ok(None) => {
                    c.at(
                        row.number,
                        Some(b.rate),
                        Some(&heading(b.rate)),
                        format!("a band needs a rate, not {:?}", cells[2]),
                    );
                    continue;
                }
                Err(e) => {
                    c.at(row.number, Some(b.rate), Some(&heading(b.rate)), e);
                    continue;
                }
            };
            let vs =
                b.vs.map(|v| row.cell(v))
                    .filter(|t| !t.is_empty())
                    .map(percent_text);
            let band = TierBand {
                from,
                to,
                rate,
                vs_list_rate: vs,
            };
            match ladders
                .iter_mut()
                .find(|(m, cat, _)| *m == market && *cat == b.category)
            {
                Some((_, _, bands)) => bands.push((band, row.number)),
                None => ladders.push((market, b.category, vec![(band, row.number)])),
            }
        }
    }

    // Shape of each ladder, with the cell of each problem.
    for (market, category, bands) in &ladders {
        let block = blocks
            .iter()
            .find(|b| b.category == *category)
            .expect("bands come from blocks");
        let who = format!("{} {}", market.as_str(), category.words());
        if let Some((first, row)) = bands.first()
            && first.from != 0
        {
            c.at(
                *row,
                Some(block.from),
                Some(&heading(block.from)),
                format!("{who}: the first band starts at {}, not 0", first.from),
            );
        }
        for pair in bands.windows(2) {
            let ((a, _), (b, row)) = (&pair[0], &pair[1]);
            match a.to {
                None => c.at(*row, Some(block.from), Some(&heading(block.from)), format!("{who}: a band follows an open-ended band (-- in To)")),
                Some(u64::MAX) => c.at(*row, Some(block.from), Some(&heading(block.from)), format!("{who}: a band follows a band that ends at {}, the largest count there is", u64::MAX)),
                Some(to) if to.checked_add(1) != Some(b.from) => c.at(
                    *row,
                    Some(block.from),
                    Some(&heading(block.from)),
                    format!("{who}: this band starts at {} but the band above ends at {to}; bands must be contiguous", b.from),
                ),
                Some(_) => {}
            }
            if b.rate > a.rate {
                c.at(
                    *row,
                    Some(block.rate),
                    Some(&heading(block.rate)),
                    format!(
                        "{who}: rate {} is higher than the band above ({}); tier rates never rise",
                        b.rate, a.rate
                    ),
                );
            }
        }
        for (band, row) in bands {
            if let Some(to) = band.to
                && to < band.from
            {
                c.at(
                    *row,
                    Some(block.to),
                    Some(&heading(block.to)),
                    format!(
                        "{who}: the band ends ({to}) before it starts ({})",
                        band.from
                    ),
                );
            }
        }
        if let Some((last, row)) = bands.last()
            && last.to.is_some()
        {
            c.at(
                *row,
                Some(block.to),
                Some(&heading(block.to)),
                format!("{who}: the last band must be open-ended (-- in To)"),
            );
        }
    }
    if ladders.is_empty() && c.problems.is_empty() {
        c.general("the file has no tier bands".into());
    }
    if !c.problems.is_empty() {
        return Err(RateFileError {
            file: grid.file.clone(),
            problems: c.problems,
            needs_hints: false,
            command_line: None,
        });
    }
    let places = ladders
        .iter()
        .map(|(_, category, bands)| {
            let block = blocks
                .iter()
                .find(|b| b.category == *category)
                .expect("bands come from blocks");
            grid.place(bands[0].1, Some(block.rate), Some(&heading(block.rate)))
        })
        .collect();
    Ok(ParsedTiers {
        currency,
        effective,
        ladders: ladders
            .into_iter()
            .map(|(market, category, bands)| TierLadder {
                market,
                category,
                bands: bands.into_iter().map(|(b, _)| b).collect(),
                estimated: None,
            })
            .collect(),
        places,
    })
}

/// Reads a file (CSV, or XLSX: its "List rates" sheet or a tier sheet) in either of Meta's
/// layouts.
pub fn read_meta_file(
    file: &str,
    bytes: Vec<u8>,
    hints: ImportHints,
    markets: &MarketMap,
    imported_on: Date,
) -> Result<MetaFile, RateFileError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(RateFileError::one(file, None, "the file is empty"));
    }
    let grids: Vec<Grid> = if sheet::is_workbook(&bytes) {
        let mut book = sheet::Workbook::open(file, bytes)?;
        let mut names = book.sheet_names();
        // "List rates" first, then tier sheets, then the rest.
        names.sort_by_key(|n| {
            let n = norm(n);
            if n == "listrates" {
                0
            } else if n.contains("tier") {
                1
            } else {
                2
            }
        });
        let mut grids = Vec::new();
        for name in names {
            grids.push(book.grid(&name)?);
        }
        grids
    } else {
        vec![sheet::read_csv(file, &bytes)?]
    };
    for grid in &grids {
        match detect(grid) {
            Some((FileKind::Rates, h)) => {
                return parse_rate_grid(grid, h, hints, markets, imported_on).map(MetaFile::Rates);
            }
            Some((FileKind::Tiers, h)) => {
                return parse_tier_grid(grid, h, hints, markets).map(MetaFile::Tiers);
            }
            None => {}
        }
    }
    let found = grids
        .iter()
        .map(|g| {
            let first = g
                .rows
                .iter()
                .find(|r| !r.is_blank() && !is_note(r))
                .or(g.rows.first());
            let cells = first.map_or_else(String::new, |r| {
                r.cells
                    .iter()
                    .map(|c| squash(c))
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            match &g.sheet {
                Some(s) => format!("sheet {s:?}: {cells}"),
                None => cells,
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    // A title that names volume tiers tells what the file is, so say what is missing from it.
    let tier_title = grids.iter().find_map(|g| {
        let end = g.rows.len().min(HEADER_SEARCH_ROWS);
        let title = title_of(g, end);
        title.tiers.then_some((g, title, end))
    });
    if let Some((g, title, searched)) = tier_title {
        let rows = g.rows[..searched].iter().filter(|r| !r.is_blank()).count();
        return Err(RateFileError::one(
            file,
            None,
            format!(
                "the title says this is Meta's volume-tier file (\"{}\"), but the header row is missing: none of its {}{rows} rows{} has a Market column and From, To, Rate type, Rate and vs. List rate columns for Utility, Authentication and Authentication-International{}",
                title.text,
                if searched < g.rows.len() {
                    "first "
                } else {
                    ""
                },
                match &g.sheet {
                    Some(s) => format!(" on sheet {s:?}"),
                    None => String::new(),
                },
                if searched == g.rows.len() {
                    " (the file ends there: was it cut short?)"
                } else {
                    ""
                }
            ),
        ));
    }
    Err(RateFileError::one(
        file,
        None,
        format!(
            "not one of Meta's rate files: expected a header row \"Market, Currency, Marketing, Utility, Authentication, Authentication-International, Service\" (rate card) or \"Market, Currency, From, To, Rate type, Rate, vs. List rate, ...\" (volume tiers); found: {}",
            if found.is_empty() {
                "nothing".to_string()
            } else {
                found
            }
        ),
    ))
}

/// Puts a tier file's ladders on their card: every ladder must price a cell the card has.
/// Returns the card with its ladders replaced, and notes for the user.
pub fn attach_tiers(
    card: &RateCard,
    tiers: &ParsedTiers,
    file: &str,
) -> Result<(RateCard, Vec<String>), RateFileError> {
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for (ladder, place) in tiers.ladders.iter().zip(&tiers.places) {
        match card.cell(&ladder.market, ladder.category) {
            Some(RateCell::Rate(list)) => {
                let first = ladder.bands[0].rate;
                if first != list {
                    notes.push(format!(
                        "{} {}: the first tier rate {first} differs from the card's list rate {list}",
                        ladder.market, ladder.category.words()
                    ));
                }
            }
            Some(RateCell::Unknown) => {}
            None => problems.push(Problem {
                place: Some(place.clone()),
                message: format!(
                    "the {} card {} has no {} rate for {}, so it cannot have tiers",
                    card.currency,
                    card.effective,
                    ladder.category.words(),
                    ladder.market
                ),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(RateFileError {
            file: file.to_string(),
            problems,
            needs_hints: false,
            command_line: None,
        });
    }
    let mut out = card.clone();
    // Estimated ladders are not the card's own: they give way without a word, and ladders the
    // same as the file's are not "replaced".
    let known: Vec<&TierLadder> = out.tiers.iter().filter(|t| t.estimated.is_none()).collect();
    let same =
        known.len() == tiers.ladders.len() && known.iter().all(|k| tiers.ladders.contains(k));
    if !known.is_empty() && !same {
        notes.push(format!(
            "replaces the card's {} earlier tier ladder(s)",
            known.len()
        ));
    }
    out.tiers = tiers.ladders.clone();
    let from = format!("volume tiers from Meta's file {}", base_name(file));
    out.note = if out.note.is_empty() {
        from
    } else {
        format!("{}\n{from}", out.note)
    };
    Ok((out, notes))
}

/// Tier ladders of the card being replaced that still fit the new card: same market and
/// category priced, first band at the new list rate.
fn carry_tiers(old: &RateCard, new: &mut RateCard, notes: &mut Vec<String>) {
    // Estimated ladders are made afresh for the new card when the book is loaded.
    for ladder in old.tiers.iter().filter(|t| t.estimated.is_none()) {
        match new.cell(&ladder.market, ladder.category) {
            Some(RateCell::Rate(list)) if ladder.bands[0].rate == list => {
                new.tiers.push(ladder.clone());
                notes.push(format!(
                    "kept the {} {} volume tiers of the replaced card (import Meta's tier file to update them)",
                    ladder.market,
                    ladder.category.words()
                ));
            }
            _ => notes.push(format!(
                "dropped the {} {} volume tiers of the replaced card: their first band no longer matches the list rate",
                ladder.market,
                ladder.category.words()
            )),
        }
    }
}

/// A validated import, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedImport {
    pub kind: FileKind,
    pub card: RateCard,
    /// What the import replaces, e.g. "the shipped card" or a file path.
    pub replaces: Option<String>,
    pub notes: Vec<String>,
    /// How `card` was made from the card it replaces, to make it again from the card stored
    /// when the import is written (another process may have stored one since).
    merge: Merge,
}

/// What an import adds to the card it replaces.
#[derive(Debug, Clone, PartialEq)]
enum Merge {
    /// Meta's rate card as read, before the replaced card's tiers were carried over.
    Rates(RateCard),
    /// Meta's tier ladders, and the file they came from.
    Tiers(ParsedTiers, String),
}

/// Reads and validates `bytes` against the book; nothing is written.
pub fn prepare_import(
    book: &RateBook,
    file: &str,
    bytes: Vec<u8>,
    hints: ImportHints,
    imported_on: Date,
) -> Result<PreparedImport, RateFileError> {
    let describe = |c: &RateCard| match &c.origin {
        CardOrigin::Shipped => "the shipped card".to_string(),
        CardOrigin::File(f) => f.clone(),
        CardOrigin::Derived => "the card derived from the USD card".to_string(),
    };
    match read_meta_file(file, bytes, hints, book.markets(), imported_on)? {
        MetaFile::Rates(parsed) => {
            let mut card = parsed.card;
            let mut notes = Vec::new();
            let old = book.card(card.id());
            let merge = Merge::Rates(card.clone());
            if let Some(old) = old {
                carry_tiers(old, &mut card, &mut notes);
            }
            Ok(PreparedImport {
                kind: FileKind::Rates,
                replaces: old.map(describe),
                card,
                notes,
                merge,
            })
        }
        MetaFile::Tiers(tiers) => {
            let id = crate::domain::ratebook::CardId {
                currency: tiers.currency,
                effective: tiers.effective,
            };
            let Some(base) = book.card(id) else {
                return Err(RateFileError::one(
                    file,
                    None,
                    format!(
                        "these are volume tiers for the {id} card, which wacost does not have; import Meta's rate file for {id} first"
                    ),
                ));
            };
            let (card, notes) = attach_tiers(base, &tiers, file)?;
            Ok(PreparedImport {
                kind: FileKind::Tiers,
                replaces: Some(describe(base)),
                card,
                notes,
                merge: Merge::Tiers(tiers, file.to_string()),
            })
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct StoreError {
    pub path: String,
    pub message: String,
}

/// The lock file of a rates folder: every writer of the folder holds it from reading the card
/// it replaces to renaming the new one into place.
pub const RATES_LOCK: &str = ".lock";

/// Where `card` is stored in the rates folder `dir` (`cards/<date>_<CUR>.toml`, its folder made),
/// and the folder's lock, held until the guard drops: every writer of the folder takes it
/// before reading the card it replaces.
fn lock_for_card(
    dir: &Path,
    card: &RateCard,
) -> Result<(PathBuf, super::atomic::FileLock), StoreError> {
    let path = dir.join("cards").join(card_file_name(card));
    std::fs::create_dir_all(path.parent().expect("has a parent")).map_err(|e| StoreError {
        path: path.display().to_string(),
        message: format!("cannot create the folder: {e}"),
    })?;
    let lock_path = dir.join(RATES_LOCK);
    let lock = super::atomic::FileLock::acquire(&lock_path).map_err(|e| StoreError {
        path: lock_path.display().to_string(),
        message: format!("cannot lock the rates folder: {e}"),
    })?;
    Ok((path, lock))
}

/// Writes the card to `dir/cards/<date>_<CUR>.toml` (atomically), after checking that the
/// text reads back to the same card. Returns the path and the card as it now loads.
///
/// The folder's lock is held throughout, and the card is merged again with the one stored at
/// that path now (not the one read when the import was prepared): a rate import and a tier
/// import of the same card running at once keep both the new rates and the new tiers.
pub fn store_import(
    dir: &Path,
    prepared: &PreparedImport,
) -> Result<(PathBuf, RateCard), StoreError> {
    let (path, _lock) = lock_for_card(dir, &prepared.card)?;
    let label = path.display().to_string();
    let fail = |message: String| StoreError {
        path: label.clone(),
        message,
    };
    let mut card = remerge(prepared, &path).map_err(|e| fail(e.to_string()))?;
    // Estimated ladders are made afresh whenever the book is loaded; a file keeps Meta's own.
    card.tiers.retain(|t| t.estimated.is_none());
    let comment = match prepared.kind {
        FileKind::Rates => "Imported from Meta's rate file by `wacost rates import`.",
        FileKind::Tiers => "Volume tiers imported from Meta's tier file by `wacost rates import`.",
    };
    let text = card_to_toml(&card, comment);
    let stored = parse_card(&label, &text, CardOrigin::File(label.clone())).map_err(|e| {
        fail(format!(
            "the card would not read back ({e}); nothing was written"
        ))
    })?;
    let mut same = stored.clone();
    same.origin = card.origin.clone();
    if same != card {
        return Err(fail(
            "the card would not read back unchanged; nothing was written".into(),
        ));
    }
    super::atomic::write_atomic(&path, text.as_bytes()).map_err(|e| fail(e.to_string()))?;
    Ok((path, stored))
}

/// Stores a card the user derived (`wacost rates derive`, the Rates tab's calibration) in
/// `dir/cards/`, atomically and under the folder's lock. A card imported from Meta's file (or
/// any card not itself derived) already stored for that currency and date is never replaced:
/// an official card always wins over a derived one.
pub fn store_derived(dir: &Path, card: &RateCard) -> Result<(PathBuf, RateCard), StoreError> {
    let (path, _lock) = lock_for_card(dir, card)?;
    let label = path.display().to_string();
    let fail = |message: String| StoreError {
        path: label.clone(),
        message,
    };
    if path.exists() {
        let current = super::read_capped(&path, super::MAX_INPUT_BYTES, "rate card")
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|text| parse_card(&label, &text, CardOrigin::File(label.clone())).ok());
        match current {
            Some(c) if c.derivation.is_none() => {
                return Err(fail(format!(
                    "your rates folder already holds the {} card, {} (not derived); it wins over a derived card, so nothing was written",
                    c.id(),
                    if c.status == CellStatus::Official {
                        "imported from Meta's file"
                    } else {
                        "stored there by hand"
                    }
                )));
            }
            None => {
                return Err(fail(
                    "a file that is not a readable rate card is stored at this name; move it away first, nothing was written"
                        .into(),
                ));
            }
            Some(_) => {}
        }
    }
    let text = card_to_toml(
        card,
        "Derived by `wacost rates derive`: Meta's USD card of the same date × one factor.",
    );
    let stored = parse_card(&label, &text, CardOrigin::File(label.clone())).map_err(|e| {
        fail(format!(
            "the card would not read back ({e}); nothing was written"
        ))
    })?;
    super::atomic::write_atomic(&path, text.as_bytes()).map_err(|e| fail(e.to_string()))?;
    Ok((path, stored))
}

/// The prepared card, made again from the card stored at `path` if there is one (read under
/// the folder's lock). An unreadable stored card is replaced, as before.
fn remerge(prepared: &PreparedImport, path: &Path) -> Result<RateCard, RateFileError> {
    let label = path.display().to_string();
    let current = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| parse_card(&label, &text, CardOrigin::File(label.clone())).ok());
    let Some(current) = current else {
        return Ok(prepared.card.clone());
    };
    match &prepared.merge {
        Merge::Rates(fresh) => {
            let mut card = fresh.clone();
            carry_tiers(&current, &mut card, &mut Vec::new());
            Ok(card)
        }
        Merge::Tiers(tiers, file) => {
            let (mut card, _) = attach_tiers(&current, tiers, file)?;
            // The stored card's origin is its file; the import's card keeps the origin it was
            // prepared with, which the read-back check compares against.
            card.origin = prepared.card.origin.clone();
            Ok(card)
        }
    }
}

impl FileKind {
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::Rates => "rate card",
            FileKind::Tiers => "volume tiers",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Option<Date> {
        Date::new(y, m, d)
    }

    #[test]
    fn titles_give_currency_date_and_unit() {
        let t = parse_title(
            "Cost per message in USD on the WhatsApp Business Platform, effective October 1, 2026",
        );
        assert_eq!(t.currency, "USD".parse().ok());
        assert_eq!(t.effective, date(2026, 10, 1));
        assert_eq!(t.unit, Some(Unit::Message));
        let t = parse_title("Rate card (EUR) per conversation, effective from 1 Feb 2024.");
        assert_eq!(t.currency, "EUR".parse().ok());
        assert_eq!(t.effective, date(2024, 2, 1));
        assert_eq!(t.unit, Some(Unit::Conversation));
        let t = parse_title("Prices in INR effective 2025-10-01");
        assert_eq!(t.effective, date(2025, 10, 1));
        assert_eq!(parse_title("Effective September 31, 2026").effective, None);
        assert_eq!(parse_title("Prices in dollars").currency, None);
        assert_eq!(parse_title_date("Sept 5 2026"), date(2026, 9, 5));
        assert_eq!(parse_title_date("Ma 5 2026"), None);
    }

    #[test]
    fn currency_cells_as_meta_prints_them() {
        for (cell, code) in [
            ("$US", "USD"),
            ("A$", "AUD"),
            ("£", "GBP"),
            ("₹", "INR"),
            ("RP", "IDR"),
            ("Rp", "IDR"),
            ("€", "EUR"),
            (" usd ", "USD"),
        ] {
            assert_eq!(currency_cell(cell), code.parse().ok(), "{cell}");
        }
        assert_eq!(currency_cell("XX"), None);
        assert_eq!(currency_cell("$$$$"), None);
    }

    #[test]
    fn numbers_with_grouping_and_decimal_commas() {
        assert_eq!(parse_count("1,000,001"), Ok(1_000_001));
        assert_eq!(parse_count("1 000 001"), Ok(1_000_001));
        assert_eq!(parse_count("250000.0"), Ok(250_000));
        assert!(parse_count("1,00,001").is_err());
        assert!(parse_count("-5").is_err());
        assert_eq!(parse_rate("0.0118"), Ok(Some(Decimal::new(118, 4))));
        assert_eq!(parse_rate("0,0118"), Ok(Some(Decimal::new(118, 4))));
        assert_eq!(parse_rate("1,234.50"), Ok(Some(Decimal::new(12345000, 4))));
        // A workbook's 0.026 is Meta's 0.0260; more places are kept as they are.
        assert_eq!(parse_rate("0.026").unwrap().unwrap().to_string(), "0.0260");
        assert_eq!(
            parse_rate("0.012345").unwrap().unwrap().to_string(),
            "0.012345"
        );
        assert_eq!(parse_rate("$0.0250"), Ok(Some(Decimal::new(250, 4))));
        assert_eq!(parse_rate("n/a"), Ok(None));
        assert_eq!(parse_rate("--"), Ok(None));
        assert!(parse_rate("1,5,0").is_err());
        assert!(parse_rate("0").is_err());
    }

    #[test]
    fn a_title_reflecting_volume_tiers_marks_a_tier_file() {
        let t = parse_title(
            "Cost per message in USD on the WhatsApp Business Platform, effective April 1, 2026 - Reflecting volume tiers for utility and authentication messages",
        );
        assert!(t.tiers);
        assert_eq!(t.currency, "USD".parse().ok());
        assert_eq!(t.effective, date(2026, 4, 1));
        let card = parse_title(
            "Cost per message in USD on the WhatsApp Business Platform, effective April 1, 2026",
        );
        assert!(!card.tiers);
    }

    #[test]
    fn market_headings_and_section_names() {
        for h in ["Market", "Markets", "Market\n(per rate card)", " market "] {
            assert!(is_market_heading(h), "{h:?}");
        }
        for h in ["Marketing", "Currency", "", "Rate"] {
            assert!(!is_market_heading(h), "{h:?}");
        }
        assert_eq!(
            section_category("Authentication-International"),
            Some(ChargedCategory::AuthenticationInternational)
        );
        assert_eq!(section_category("Utility"), Some(ChargedCategory::Utility));
        assert_eq!(
            section_category("Authentication messages"),
            Some(ChargedCategory::Authentication)
        );
        // A sentence that mentions the groups is not a section name.
        assert_eq!(
            section_category("Volume tiers apply only to utility and authentication messages."),
            None
        );
        assert_eq!(section_category("Messages (per month)"), None);
    }

    #[test]
    fn percentages_read_as_printed_or_from_a_workbook_fraction() {
        assert_eq!(percent_text("-5%"), "-5%");
        assert_eq!(percent_text("-0.05"), "-5%");
        assert_eq!(percent_text("-0.3"), "-30%");
        assert_eq!(percent_text("0"), "0%");
        assert_eq!(percent_text("List rate"), "List rate");
    }

    #[test]
    fn market_names_match_across_ampersand_and_case() {
        assert_eq!(
            market_key("Rest of Central & Eastern Europe"),
            market_key("rest of central and eastern europe")
        );
    }
}

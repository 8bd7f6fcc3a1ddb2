//! Cards in every currency Meta bills WhatsApp in, and volume-tier ladders on every card.
//!
//! Meta prints its rate card natively in 16 currencies, but within one card every row seen so
//! far is the USD row × one constant, rounded to 4 decimals (33 of 33 rows of the CLP July 2026
//! card; the BRL, IDR and AED rows of October 2026): `rates/currencies/factors.csv` holds that
//! constant per currency and card, with its evidence. The one exception is a currency's home
//! market priced locally (India in INR). So a card missing from the book is *derived*: the USD
//! card of the same date × the currency's factor, with the rows Meta was seen to print (quoted)
//! put in place of the derived ones.
//!
//! Meta publishes volume-tier ladders (band limits in messages, discount steps of 5 %) that carry
//! over from card to card unless Meta announces otherwise. A card without a known ladder for a
//! market gets an *estimated* one: the latest known ladder's limits and steps applied to the
//! card's own list rate, rounded half-up to 4 decimals.
//!
//! [`rederive`] does both whenever the book's cards change; nothing here is written to a file.

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::calendar::Date;
use super::category::ChargedCategory;
use super::market::MarketName;
use super::ratebook::{
    CardId, CardOrigin, CellStatus, Currency, Derivation, Estimate, MarketRates, RateCard,
    RateCell, TierBand, TierLadder,
};
use super::scenario::Scenario;

/// The currencies Meta bills WhatsApp Business accounts in (its rate cards come in these).
pub const META_CURRENCIES: [&str; 16] = [
    "USD", "EUR", "GBP", "INR", "IDR", "BRL", "MXN", "ARS", "COP", "AED", "SAR", "AUD", "MYR",
    "PEN", "CLP", "SGD",
];

/// The 16 billing currencies, USD first.
pub fn meta_currencies() -> Vec<Currency> {
    META_CURRENCIES
        .iter()
        .map(|c| c.parse().expect("the list holds currency codes"))
        .collect()
}

/// The first USD card other currencies are derived from: per-message pricing began then.
pub fn first_derived_date() -> Date {
    Date::new(2025, 7, 1).expect("valid")
}

/// A currency's markets priced locally, not as USD × factor: India on INR cards.
pub fn home_market(currency: Currency) -> Option<&'static str> {
    (currency.as_str() == "INR").then_some("India")
}

/// One currency's factor on one card: `units_per_usd` units of the currency per US dollar.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    pub currency: Currency,
    pub card_effective: Date,
    pub units_per_usd: Decimal,
    pub evidence: String,
    pub confidence: String,
}

/// A row of one of Meta's cards in another currency, seen printed (the CLP July 2026 card, the
/// October 2026 BRL, INR and IDR rows): it replaces the derived row's cells it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotedRow {
    pub currency: Currency,
    pub effective: Date,
    pub market: MarketName,
    /// Indexed by `ChargedCategory::index()`; `None` where the source gives no figure.
    pub cells: [Option<Decimal>; 5],
    pub source: String,
}

/// What derived cards are made from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CurrencyData {
    pub factors: Vec<Factor>,
    pub quoted: Vec<QuotedRow>,
}

/// How far `date` is from `target`, for `min_by_key`: the nearest first, and on a tie the
/// earlier date.
fn nearness(date: Date, target: Date) -> (i64, bool) {
    let days = date.unix_days() - target.unix_days();
    (days.abs(), days > 0)
}

/// The factor used for a card, and whether it was known for that very card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactorChoice<'a> {
    pub factor: &'a Factor,
    /// `false`: no factor is known for the card's date; this is the nearest date's.
    pub exact: bool,
}

impl CurrencyData {
    /// The currency's factor for a card: the card's own date, else the nearest date known
    /// (the earlier one on a tie). `None` when the currency has no factor at all.
    pub fn factor(&self, currency: Currency, effective: Date) -> Option<FactorChoice<'_>> {
        self.factors
            .iter()
            .filter(|f| f.currency == currency)
            .min_by_key(|f| nearness(f.card_effective, effective))
            .map(|f| FactorChoice {
                factor: f,
                exact: f.card_effective == effective,
            })
    }

    fn quoted_rows(&self, id: CardId) -> Vec<&QuotedRow> {
        self.quoted
            .iter()
            .filter(|q| q.currency == id.currency && q.effective == id.effective)
            .collect()
    }
}

/// `usd × factor`, rounded half-up to 4 decimals as Meta's cards are; never rounded to 0 (a
/// rate that small keeps the smallest step, 0.0001). `None` if it does not fit a decimal.
pub fn convert_rate(usd: Decimal, factor: Decimal) -> Option<Decimal> {
    let r = usd
        .checked_mul(factor)?
        .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    if r.is_zero() && !usd.is_zero() {
        return Some(Decimal::new(1, 4));
    }
    Some(r)
}

/// A discount step as Meta prints it ("-5%", "0%", "−10 %"): the fraction off the list rate.
pub fn parse_step(text: &str) -> Option<Decimal> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let number = t.strip_suffix('%')?;
    let pct: Decimal = number.parse().ok()?;
    if pct > Decimal::ZERO || pct <= Decimal::from(-100) {
        return None;
    }
    Some(-pct / Decimal::from(100))
}

/// A card in `currency` made from `usd` × the factor, with quoted rows and the home market put
/// in place. `home` is the home market's row from the nearest card that prices it locally, with
/// that card's id.
pub fn derive_card(
    usd: &RateCard,
    currency: Currency,
    choice: FactorChoice<'_>,
    quoted: &[&QuotedRow],
    home: Option<(&MarketRates, CardId)>,
) -> Option<RateCard> {
    let factor = choice.factor.units_per_usd;
    let id = CardId {
        currency,
        effective: usd.effective,
    };
    let mut markets = Vec::with_capacity(usd.markets.len());
    // Each cell's status and, where it is not plainly "USD × factor", how it was obtained.
    let mut how: HashMap<(MarketName, ChargedCategory), (CellStatus, String)> = HashMap::new();
    for row in &usd.markets {
        let mut cells = [None; 5];
        for c in ChargedCategory::ALL {
            cells[c.index()] = match row.cells[c.index()] {
                Some(RateCell::Rate(r)) => Some(RateCell::Rate(convert_rate(r, factor)?)),
                other => other,
            };
            if row.cells[c.index()].is_none() {
                continue;
            }
            // A USD cell that stands out from its card (unknown, carried, computed) stays so;
            // the card's own default status is said once, in the source.
            let status = usd.cell_status(&row.market, c);
            let entry = match usd.estimate(&row.market, c) {
                Some(e) if status == CellStatus::Unknown => (status, e.note.clone()),
                Some(e) => (
                    CellStatus::Derived,
                    format!(
                        "USD × {factor}; the USD figure is {}: {}",
                        status.name(),
                        e.note
                    ),
                ),
                None => (CellStatus::Derived, String::new()),
            };
            how.insert((row.market, c), entry);
        }
        markets.push(MarketRates {
            market: row.market,
            cells,
        });
    }
    let mut set = |market: &MarketName,
                   c: ChargedCategory,
                   rate: Decimal,
                   status: CellStatus,
                   note: String,
                   markets: &mut Vec<MarketRates>| {
        let Some(row) = markets.iter_mut().find(|m| m.market == *market) else {
            return;
        };
        row.cells[c.index()] = Some(RateCell::Rate(rate));
        how.insert((*market, c), (status, note));
    };
    if let Some((row, from)) = home {
        for c in ChargedCategory::ALL {
            if let Some(RateCell::Rate(r)) = row.cells[c.index()] {
                let (status, note) = if from == id {
                    (CellStatus::Quoted, "priced locally in INR".to_string())
                } else {
                    (
                        CellStatus::Carried,
                        format!(
                            "{} is priced locally in {currency}, not as USD × factor: carried from the {from} card",
                            row.market
                        ),
                    )
                };
                set(&row.market, c, r, status, note, &mut markets);
            }
        }
    }
    for q in quoted {
        for c in ChargedCategory::ALL {
            if let Some(r) = q.cells[c.index()] {
                set(
                    &q.market,
                    c,
                    r,
                    CellStatus::Quoted,
                    format!("quoted: {}", q.source),
                    &mut markets,
                );
            }
        }
    }
    let quoted_cells = how
        .values()
        .filter(|(s, _)| *s == CellStatus::Quoted)
        .count();
    let f = choice.factor;
    let f_is_users = |f: &Factor| f.confidence == CALIBRATED;
    let when = if f_is_users(choice.factor) {
        choice.factor.evidence.clone()
    } else if choice.exact {
        format!("its factor on the {} card", f.card_effective)
    } else {
        format!(
            "no factor is known for {}: the nearest known, of the {} card",
            usd.effective, f.card_effective
        )
    };
    let basis = format!(
        "{factor} {currency} per US dollar ({when}; evidence: {}; confidence: {})",
        f.evidence, f.confidence
    );
    let short = format!("{factor} {currency} per US dollar ({when})");
    // Mostly quoted (the CLP July card): the card is "quoted" and the derived cells are listed;
    // otherwise "derived" with the quoted cells listed.
    let mostly_quoted = quoted_cells * 2 >= how.len().max(1);
    let status = if mostly_quoted {
        CellStatus::Quoted
    } else {
        CellStatus::Derived
    };
    let mut estimates: Vec<Estimate> = how
        .into_iter()
        .filter(|(_, (s, note))| *s != status || !note.is_empty() && *s != CellStatus::Quoted)
        .map(|((market, category), (status, note))| Estimate {
            market,
            category,
            status,
            note: if note.is_empty() {
                format!("not on the quoted rows: USD × {factor}")
            } else {
                note
            },
        })
        .collect();
    let order = |m: &MarketName| usd.market_index(m).unwrap_or(usize::MAX);
    estimates.sort_by_key(|e| (order(&e.market), e.category.index()));
    let usd_status = if usd.status.is_sourced() {
        String::new()
    } else {
        format!(
            " (that card is itself {}: {})",
            usd.status.name(),
            crate::domain::ratebook::first_line(&usd.source)
        )
    };
    let source = if mostly_quoted {
        format!(
            "Meta's {currency} card of {}, {quoted_cells} of its cells quoted; the rest derived from Meta's USD card of the same date{usd_status} × {short}",
            usd.effective
        )
    } else {
        format!(
            "derived: Meta's USD card of {}{usd_status} × {short}, each rate rounded to 4 decimals (within one of Meta's cards every row seen is the USD row × one constant)",
            usd.effective
        )
    };
    Some(RateCard {
        currency,
        effective: usd.effective,
        unit: usd.unit,
        status,
        source,
        note: String::new(),
        markets,
        estimates,
        tiers: Vec::new(),
        info: Vec::new(),
        origin: CardOrigin::Derived,
        derivation: Some(Derivation {
            from: usd.id(),
            factor,
            basis,
        }),
    })
}

/// A ladder for `list` (a card's list rate) with the band limits and discount steps of
/// `known`; `None` if a step of `known` cannot be read or a band would be priced at 0.
pub fn estimate_ladder(known: &TierLadder, list: Decimal, how: String) -> Option<TierLadder> {
    let mut bands = Vec::with_capacity(known.bands.len());
    for b in &known.bands {
        let step = parse_step(b.vs_list_rate.as_deref()?)?;
        let rate = list
            .checked_mul(Decimal::ONE - step)?
            .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
        if rate.is_zero() {
            return None;
        }
        bands.push(TierBand {
            from: b.from,
            to: b.to,
            rate,
            vs_list_rate: b.vs_list_rate.clone(),
        });
    }
    Some(TierLadder {
        market: known.market,
        category: known.category,
        bands,
        estimated: Some(how),
    })
}

/// The confidence of a factor the user gave or calibrated.
const CALIBRATED: &str = "calibrated by you";

/// One rate a user read on their invoice or on Meta's card in their currency, to calibrate a
/// currency wacost has no factor for.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownRate {
    pub market: MarketName,
    pub category: ChargedCategory,
    pub rate: Decimal,
}

/// The factor that turns `usd` into the card the user's rates come from: from the rate with the
/// largest USD figure (the most digits), checked against every other rate given. The factor
/// keeps the fewest decimals (at least 4 significant digits) that give back every rate given.
pub fn factor_from_rates(usd: &RateCard, known: &[KnownRate]) -> Result<Decimal, String> {
    let mut points = Vec::new();
    for k in known {
        match usd.cell(&k.market, k.category) {
            Some(RateCell::Rate(u)) if !u.is_zero() => points.push((k, u)),
            Some(_) => {
                return Err(format!(
                    "Meta's USD card of {} does not give a {} rate for {} to compare with",
                    usd.effective,
                    k.category.label().to_lowercase(),
                    k.market
                ));
            }
            None => {
                return Err(format!(
                    "Meta's USD card of {} has no {} rate for {} (markets are named as on Meta's card, e.g. \"Brazil\", \"Rest of Africa\")",
                    usd.effective,
                    k.category.label().to_lowercase(),
                    k.market
                ));
            }
        }
    }
    let Some((best, usd_rate)) = points.iter().max_by_key(|(_, u)| *u).copied() else {
        return Err("give at least one rate".into());
    };
    let exact = best
        .rate
        .checked_div(usd_rate)
        .ok_or("the rate is too large to divide")?;
    let fits = |f: Decimal| {
        points
            .iter()
            .all(|(k, u)| convert_rate(*u, f) == Some(k.rate))
    };
    let digits = exact.trunc().to_string().trim_start_matches('0').len() as u32;
    for dp in 0..=12u32 {
        let f = exact.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven);
        if digits + dp >= 4 && f > Decimal::ZERO && fits(f) {
            return Ok(f.normalize());
        }
    }
    let misfit: Vec<String> = points
        .iter()
        .filter(|(k, u)| convert_rate(*u, exact) != Some(k.rate))
        .map(|(k, u)| {
            format!(
                "{} {} {} (USD {u} × {} = {})",
                k.market,
                k.category.label().to_lowercase(),
                k.rate,
                exact.round_dp(6),
                convert_rate(*u, exact).map_or("?".into(), |r| r.to_string())
            )
        })
        .collect();
    Err(format!(
        "no single factor gives back every rate given: {} does not fit {} {} {} (check the figures, or give one rate or --factor)",
        misfit.join(", "),
        best.market,
        best.category.label().to_lowercase(),
        best.rate
    ))
}

/// What a user calibrates a currency with: rates they know in it, or the factor itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Calibration {
    Rates(Vec<KnownRate>),
    Factor(Decimal),
}

/// The card a user asks for (`wacost rates derive`, the Rates tab's "Rates in another
/// currency"): Meta's USD card `usd` × the factor the calibration gives, labelled with what it
/// came from and checked usable. Its origin is left for the caller to set (where it is stored).
pub fn calibrated_card(
    usd: &RateCard,
    currency: Currency,
    how: &Calibration,
    book_cards: &[RateCard],
    data: &CurrencyData,
) -> Result<RateCard, String> {
    let (factor, evidence) = match how {
        Calibration::Factor(f) => (*f, format!("the factor {f} given by you")),
        Calibration::Rates(known) => {
            let f = factor_from_rates(usd, known)?;
            let said = known
                .iter()
                .map(|k| {
                    format!(
                        "{} {} {}",
                        k.market,
                        k.category.label().to_lowercase(),
                        k.rate
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let s = if known.len() == 1 { "" } else { "s" };
            (f, format!("calibrated from your rate{s} {said}"))
        }
    };
    let mut card = derive_for_user(usd, currency, factor, evidence, book_cards, data)
        .ok_or("the factor is too large: a rate would not fit")?;
    card.origin = CardOrigin::File(String::new());
    if let Some(p) = card.problems().into_iter().next() {
        return Err(format!("the derived card is not usable: {p}"));
    }
    Ok(card)
}

/// A card the user asked for: `usd` × `factor`, with the home market carried from the book's
/// nearest card in `currency`, and `evidence` saying where the factor comes from.
fn derive_for_user(
    usd: &RateCard,
    currency: Currency,
    factor: Decimal,
    evidence: String,
    book_cards: &[RateCard],
    data: &CurrencyData,
) -> Option<RateCard> {
    let f = Factor {
        currency,
        card_effective: usd.effective,
        units_per_usd: factor,
        evidence,
        confidence: CALIBRATED.into(),
    };
    let id = CardId {
        currency,
        effective: usd.effective,
    };
    let home = home_market(currency).and_then(|m| home_row(book_cards, data, id, m));
    derive_card(
        usd,
        currency,
        FactorChoice {
            factor: &f,
            exact: true,
        },
        &[],
        home.as_ref().map(|(row, from)| (row, *from)),
    )
}

/// How amounts a plan states in one currency (budget, provider fees) become another's: at the
/// factor between the two currencies' cards of one date (each card's units per US dollar).
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub from: Currency,
    pub to: Currency,
    /// The card date both factors are of.
    pub card: Date,
    /// Units of `to` per unit of `from`.
    pub factor: Decimal,
    /// Each side's units per US dollar, for the words ("5.1472 BRL per US dollar").
    pub from_per_usd: Decimal,
    pub to_per_usd: Decimal,
}

/// Units of the card's currency per US dollar: 1 on a USD card, a derived card's own factor,
/// else the currency's factor for that date (nearest date known). `None` when no factor is
/// known.
pub fn usd_factor(card: &RateCard, data: &CurrencyData) -> Option<Decimal> {
    if card.currency.as_str() == "USD" {
        return Some(Decimal::ONE);
    }
    if let Some(d) = &card.derivation {
        return Some(d.factor);
    }
    data.factor(card.currency, card.effective)
        .map(|c| c.factor.units_per_usd)
}

/// One amount a plan states in its currency, for the question before a currency switch.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertedAmount {
    /// "the budget", "the fee per message", "the monthly platform fee".
    pub what: &'static str,
    pub before: Decimal,
    pub after: Decimal,
}

/// The plan's amounts in `conv.to`: the monthly budget and monthly fee to 2 decimals, the fee
/// per message to 4 (as rates are), each half-up. Zero amounts are left out.
pub fn converted_amounts(s: &Scenario, conv: &Conversion) -> Option<Vec<ConvertedAmount>> {
    let mut out = Vec::new();
    let mut add = |what: &'static str, before: Decimal, dp: u32| -> Option<()> {
        if before.is_zero() {
            return Some(());
        }
        let after = before
            .checked_mul(conv.factor)?
            .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
        out.push(ConvertedAmount {
            what,
            before,
            after,
        });
        Some(())
    };
    if let Some(b) = s.budget_monthly {
        add("the budget", b, 2)?;
    }
    add("the fee per message", s.provider.per_message_fee, 4)?;
    add("the monthly platform fee", s.provider.monthly_fee, 2)?;
    Some(out)
}

/// The plan in `conv.to`, its amounts converted (`convert_amounts`) or kept as typed.
pub fn switch_currency(s: &Scenario, conv: &Conversion, convert_amounts: bool) -> Option<Scenario> {
    let mut out = s.clone();
    out.currency = conv.to;
    if convert_amounts {
        for a in converted_amounts(s, conv)? {
            match a.what {
                "the budget" => out.budget_monthly = Some(a.after),
                "the fee per message" => out.provider.per_message_fee = a.after,
                _ => out.provider.monthly_fee = a.after,
            }
        }
    }
    Some(out)
}

const TIERED: [ChargedCategory; 3] = [
    ChargedCategory::Utility,
    ChargedCategory::Authentication,
    ChargedCategory::AuthenticationInternational,
];

/// The book's cards with every derived card and estimated ladder made afresh: derived cards and
/// estimated ladders of `cards` are dropped first, so this can run after any change.
pub fn rederive(mut cards: Vec<RateCard>, data: &CurrencyData) -> Vec<RateCard> {
    cards.retain(|c| c.origin != CardOrigin::Derived);
    for c in &mut cards {
        c.tiers.retain(|t| t.estimated.is_none());
    }
    let have: std::collections::HashSet<CardId> = cards.iter().map(RateCard::id).collect();
    let usd: Currency = "USD".parse().expect("valid");
    let mut derived = Vec::new();
    for base in cards
        .iter()
        .filter(|c| c.currency == usd && c.effective >= first_derived_date())
    {
        for currency in meta_currencies().into_iter().filter(|c| *c != usd) {
            let id = CardId {
                currency,
                effective: base.effective,
            };
            if have.contains(&id) {
                continue;
            }
            let Some(choice) = data.factor(currency, base.effective) else {
                continue;
            };
            let home = home_market(currency).and_then(|m| home_row(&cards, data, id, m));
            let quoted = data.quoted_rows(id);
            let home = home.as_ref().map(|(row, from)| (row, *from));
            if let Some(card) = derive_card(base, currency, choice, &quoted, home) {
                derived.push(card);
            }
        }
    }
    cards.extend(derived);
    cards.sort_by_key(RateCard::id);
    add_estimated_ladders(&mut cards);
    cards
}

/// The home market's locally priced row nearest to `id` (same currency): a loaded card's row
/// or a quoted row (the earlier on a tie), with the card it is of.
fn home_row(
    cards: &[RateCard],
    data: &CurrencyData,
    id: CardId,
    market: &str,
) -> Option<(MarketRates, CardId)> {
    let from_cards = cards
        .iter()
        .filter(|c| c.currency == id.currency && c.origin != CardOrigin::Derived)
        .filter_map(|c| c.market(market).map(|row| (row.clone(), c.id())));
    let from_quoted = data
        .quoted
        .iter()
        .filter(|q| q.currency == id.currency && q.market == market)
        .map(|q| {
            let mut cells = [None; 5];
            for c in ChargedCategory::ALL {
                cells[c.index()] = q.cells[c.index()].map(RateCell::Rate);
            }
            (
                MarketRates {
                    market: q.market,
                    cells,
                },
                CardId {
                    currency: q.currency,
                    effective: q.effective,
                },
            )
        });
    from_cards
        .chain(from_quoted)
        .min_by_key(|(_, from)| nearness(from.effective, id.effective))
}

/// A ladder Meta gave, with the date and currency of its card.
type KnownLadder = (Date, Currency, TierLadder);

fn add_estimated_ladders(cards: &mut [RateCard]) {
    // Every ladder Meta's files (or a card's sources) give: (market, category) → (date,
    // currency, ladder), oldest first.
    let mut known: HashMap<(MarketName, ChargedCategory), Vec<KnownLadder>> = HashMap::new();
    for c in cards.iter() {
        for t in &c.tiers {
            known.entry((t.market, t.category)).or_default().push((
                c.effective,
                c.currency,
                t.clone(),
            ));
        }
    }
    for list in known.values_mut() {
        list.sort_by_key(|(d, cur, _)| (*d, *cur));
    }
    for card in cards.iter_mut() {
        let mut added = Vec::new();
        for row in &card.markets {
            for c in TIERED {
                let Some(RateCell::Rate(list)) = row.cells[c.index()] else {
                    continue;
                };
                if card.ladder(&row.market, c).is_some() {
                    continue;
                }
                let Some(sources) = known.get(&(row.market, c)) else {
                    continue;
                };
                // The latest ladder on or before the card's date, the card's own currency
                // first on a tie (its steps were printed for it).
                let Some((date, cur, ladder)) = sources
                    .iter()
                    .filter(|(d, _, _)| *d <= card.effective)
                    .max_by_key(|(d, cur, _)| (*d, *cur == card.currency))
                else {
                    continue;
                };
                let how = format!(
                    "estimated: the band limits and discount steps of Meta's {cur} ladder of {date} applied to this card's list rate {list}, rounded half-up to 4 decimals"
                );
                if let Some(l) = estimate_ladder(ladder, list, how) {
                    added.push(l);
                }
            }
        }
        card.tiers.extend(added);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_as_meta_prints_them() {
        assert_eq!(parse_step("-5%"), Some(Decimal::new(5, 2)));
        assert_eq!(parse_step("0%"), Some(Decimal::ZERO));
        assert_eq!(parse_step("\u{2212}25 %"), Some(Decimal::new(25, 2)));
        assert_eq!(parse_step("5%"), None);
        assert_eq!(parse_step("-5"), None);
        assert_eq!(parse_step("n/a"), None);
    }

    #[test]
    fn converted_rates_round_half_up_and_never_to_zero() {
        let f: Decimal = "5.1472".parse().unwrap();
        assert_eq!(
            convert_rate("0.0625".parse().unwrap(), f),
            Some("0.3217".parse().unwrap())
        );
        // 0.0068 × 5.1472 = 0.03500096
        assert_eq!(
            convert_rate("0.0068".parse().unwrap(), f),
            Some("0.0350".parse().unwrap())
        );
        // 0.00005 exactly rounds up, away from zero.
        assert_eq!(
            convert_rate("0.0001".parse().unwrap(), "0.5".parse().unwrap()),
            Some("0.0001".parse().unwrap())
        );
        assert_eq!(
            convert_rate("0.0001".parse().unwrap(), "0.1".parse().unwrap()),
            Some("0.0001".parse().unwrap())
        );
    }

    fn factor(currency: &str, date: &str, f: &str) -> Factor {
        Factor {
            currency: currency.parse().unwrap(),
            card_effective: date.parse().unwrap(),
            units_per_usd: f.parse().unwrap(),
            evidence: String::new(),
            confidence: String::new(),
        }
    }

    #[test]
    fn the_nearest_factor_is_used_and_said_to_be_not_exact() {
        let data = CurrencyData {
            factors: vec![
                factor("EUR", "2026-01-01", "0.8278"),
                factor("EUR", "2026-07-01", "0.8286"),
            ],
            quoted: Vec::new(),
        };
        let eur: Currency = "EUR".parse().unwrap();
        let at = |d: &str| data.factor(eur, d.parse().unwrap()).unwrap();
        assert!(at("2026-07-01").exact);
        let oct = at("2026-10-01");
        assert!(!oct.exact);
        assert_eq!(oct.factor.units_per_usd, "0.8286".parse().unwrap());
        assert_eq!(
            at("2025-07-01").factor.units_per_usd,
            "0.8278".parse().unwrap()
        );
        // 2026-04-01 is 90 days after January and 91 before July.
        assert_eq!(
            at("2026-04-01").factor.units_per_usd,
            "0.8278".parse().unwrap()
        );
        assert!(
            data.factor("ARS".parse().unwrap(), "2026-07-01".parse().unwrap())
                .is_none()
        );
    }
}

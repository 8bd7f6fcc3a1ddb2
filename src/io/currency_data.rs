//! The currency data shipped in `rates/currencies/`: each currency's factor per card
//! (`factors.csv`) and the rows of Meta's cards in other currencies that were seen printed
//! (`*-quoted.csv`, `quoted-rows-*.csv`). Read into `domain::currencies::CurrencyData`.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::Location;
use super::rates::RatesError;
use crate::domain::calendar::Date;
use crate::domain::category::ChargedCategory;
use crate::domain::currencies::{CurrencyData, Factor, QuotedRow};
use crate::domain::market::MarketName;
use crate::domain::ratebook::Currency;

pub const EMBEDDED_FACTORS: &str = include_str!("../../rates/currencies/factors.csv");

/// Quoted rows: file name, the currency and date when the file does not give them per row.
pub const EMBEDDED_QUOTED: &[(&str, &str)] = &[
    (
        "2026-07-01_CLP-quoted.csv",
        include_str!("../../rates/currencies/2026-07-01_CLP-quoted.csv"),
    ),
    (
        "quoted-rows-2026-10-01.csv",
        include_str!("../../rates/currencies/quoted-rows-2026-10-01.csv"),
    ),
];

fn error(file: &str, line: Option<u64>, message: String) -> RatesError {
    RatesError {
        location: Location {
            file: file.to_string(),
            line: line.map(|l| l as usize),
            column: None,
        },
        message,
    }
}

fn records(
    file: &str,
    text: &str,
) -> Result<(csv::StringRecord, Vec<csv::StringRecord>), RatesError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| error(file, Some(1), e.to_string()))?
        .clone();
    let mut rows = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| error(file, e.position().map(|p| p.line()), e.to_string()))?;
        rows.push(r);
    }
    Ok((header, rows))
}

fn column(file: &str, header: &csv::StringRecord, name: &str) -> Result<usize, RatesError> {
    header
        .iter()
        .position(|h| h.trim() == name)
        .ok_or_else(|| error(file, Some(1), format!("no {name:?} column in the header")))
}

fn line(r: &csv::StringRecord) -> Option<u64> {
    r.position().map(|p| p.line())
}

/// `factors.csv`: currency, card_effective, units_per_usd, evidence, confidence.
pub fn parse_factors(file: &str, text: &str) -> Result<Vec<Factor>, RatesError> {
    let (header, rows) = records(file, text)?;
    let [cur, eff, per, ev, conf] = [
        "currency",
        "card_effective",
        "units_per_usd",
        "evidence",
        "confidence",
    ]
    .map(|n| column(file, &header, n));
    let (cur, eff, per, ev, conf) = (cur?, eff?, per?, ev?, conf?);
    let mut out = Vec::new();
    for r in &rows {
        let at = |m: String| error(file, line(r), m);
        let get = |i: usize| r.get(i).unwrap_or("").trim();
        let currency = Currency::from_str(get(cur)).map_err(|e| at(e.to_string()))?;
        let card_effective = Date::from_str(get(eff)).map_err(|e| at(e.to_string()))?;
        let units_per_usd = Decimal::from_str(get(per))
            .ok()
            .filter(|d| *d > Decimal::ZERO)
            .ok_or_else(|| {
                at(format!(
                    "units_per_usd {:?} is not a positive number",
                    get(per)
                ))
            })?;
        out.push(Factor {
            currency,
            card_effective,
            units_per_usd,
            evidence: get(ev).to_string(),
            confidence: get(conf).to_string(),
        });
    }
    Ok(out)
}

/// Quoted rows: a `market` column and one per category (empty = not given); a `currency`
/// column or `currency` for the whole file; a `sources` column or `source` for the whole file.
pub fn parse_quoted(
    file: &str,
    text: &str,
    currency: Option<Currency>,
    effective: Date,
    source: &str,
) -> Result<Vec<QuotedRow>, RatesError> {
    let (header, rows) = records(file, text)?;
    let market = column(file, &header, "market")?;
    let cur = header.iter().position(|h| h.trim() == "currency");
    let sources = header.iter().position(|h| h.trim() == "sources");
    let mut cats = Vec::new();
    for c in ChargedCategory::ALL {
        cats.push((c, column(file, &header, c.name())?));
    }
    let mut out = Vec::new();
    for r in &rows {
        let at = |m: String| error(file, line(r), m);
        let get = |i: usize| r.get(i).unwrap_or("").trim();
        let currency = match (cur, currency) {
            (Some(i), _) => Currency::from_str(get(i)).map_err(|e| at(e.to_string()))?,
            (None, Some(c)) => c,
            (None, None) => return Err(at("no currency column and none given".into())),
        };
        let mut cells = [None; 5];
        for (c, i) in &cats {
            let t = get(*i);
            if !t.is_empty() {
                cells[c.index()] = Some(
                    Decimal::from_str(t)
                        .ok()
                        .filter(|d| *d > Decimal::ZERO)
                        .ok_or_else(|| at(format!("{} {t:?} is not a positive rate", c.name())))?,
                );
            }
        }
        out.push(QuotedRow {
            currency,
            effective,
            market: MarketName::new(get(market)),
            cells,
            source: sources.map_or(source, |i| get(i)).to_string(),
        });
    }
    Ok(out)
}

/// The shipped currency data.
pub fn embedded() -> Result<CurrencyData, RatesError> {
    let factors = parse_factors("rates/currencies/factors.csv (embedded)", EMBEDDED_FACTORS)?;
    let mut quoted = Vec::new();
    for (name, text) in EMBEDDED_QUOTED {
        let file = format!("rates/currencies/{name} (embedded)");
        let date_of = |s: &str| Date::from_str(s).ok();
        let (effective, currency, source) = if let Some(rest) = name.strip_prefix("quoted-rows-") {
            (date_of(rest.trim_end_matches(".csv")), None, "")
        } else {
            let (date, rest) = name.split_once('_').unwrap_or((name, ""));
            (
                date_of(date),
                Currency::from_str(&rest[..rest.len().min(3)]).ok(),
                "Meta's CLP card of July 2026 as one public data file copies it (33 of 38 markets)",
            )
        };
        let effective = effective
            .ok_or_else(|| error(&file, None, "the file name does not give a date".into()))?;
        quoted.extend(parse_quoted(&file, text, currency, effective, source)?);
    }
    Ok(CurrencyData { factors, quoted })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_currency_data_reads() {
        let data = embedded().unwrap();
        assert_eq!(data.factors.len(), 11);
        let clp: Vec<_> = data
            .quoted
            .iter()
            .filter(|q| q.currency.as_str() == "CLP")
            .collect();
        assert_eq!(clp.len(), 33);
        assert!(clp.iter().all(|q| q.effective.to_string() == "2026-07-01"));
        let brl = data
            .quoted
            .iter()
            .find(|q| q.currency.as_str() == "BRL")
            .unwrap();
        assert_eq!(brl.market, "Brazil");
        assert_eq!(
            brl.cells[ChargedCategory::Marketing.index()],
            Some("0.3217".parse().unwrap())
        );
        assert_eq!(
            brl.cells[ChargedCategory::AuthenticationInternational.index()],
            None
        );
    }

    #[test]
    fn a_bad_factor_names_its_line() {
        let e = parse_factors(
            "f.csv",
            "currency,card_effective,units_per_usd,evidence,confidence\nBRL,2026-10-01,abc,x,y\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("f.csv:2"), "{e}");
        assert!(e.contains("not a positive number"), "{e}");
    }
}

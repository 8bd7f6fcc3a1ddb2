//! Usage exports read into [`Actuals`]: for now the generic layout (a date or month, a
//! country, a category, a count and optionally a cost and a pricing type), which also covers
//! Meta's `pricing_analytics` data points flattened to CSV (`start`, `country`,
//! `pricing_category`, `pricing_type`, `volume`, `cost`). Bad rows are skipped, counted and
//! listed with their line; a file in no known layout says which headers it found.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::sheet::{self, GridRow, header_key as norm};
use crate::domain::actuals::{Actuals, PricingType};
use crate::domain::calendar::{Date, Month};
use crate::domain::category::ChargedCategory;
use crate::domain::country::Country;

/// Skipped rows listed with their reason (more are only counted).
pub const LISTED_SKIPS: usize = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct ActualsFile {
    pub actuals: Actuals,
    pub rows_used: u64,
    pub rows_skipped: u64,
    /// "line 7: ..." for the first [`LISTED_SKIPS`] skipped rows.
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ActualsError {
    pub file: String,
    pub message: String,
}

struct Columns {
    when: usize,
    country: usize,
    category: usize,
    volume: usize,
    cost: Option<usize>,
    pricing_type: Option<usize>,
}

fn columns(header: &GridRow) -> Option<Columns> {
    let find = |names: &[&str]| {
        header
            .cells
            .iter()
            .position(|h| names.contains(&norm(h).as_str()))
    };
    Some(Columns {
        when: find(&["month", "date", "start", "day", "timestamp"])?,
        country: find(&["country", "countrycode", "country_code", "market"])?,
        category: find(&[
            "category",
            "pricingcategory",
            "conversationcategory",
            "messagecategory",
        ])?,
        volume: find(&[
            "volume",
            "count",
            "messages",
            "conversation",
            "conversations",
            "quantity",
        ])?,
        cost: find(&["cost", "amount", "spend"]),
        pricing_type: find(&["pricingtype", "conversationtype", "type"]),
    })
}

/// "2026-10", "2026-10-05", "2026-10-05T10:00:00Z" or unix seconds.
fn month_of(text: &str) -> Result<Month, String> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = t.parse().map_err(|_| format!("{t:?} is not a date"))?;
        return Ok(Date::from_unix_days(secs.div_euclid(86_400)).month());
    }
    if let Some(day) = t.get(..10)
        && let Ok(d) = Date::from_str(day)
    {
        return Ok(d.month());
    }
    Month::from_str(t)
        .map_err(|_| format!("{t:?} is not a date (expected YYYY-MM, YYYY-MM-DD or unix seconds)"))
}

fn category_of(text: &str) -> Result<ChargedCategory, String> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.strip_prefix("group_").unwrap_or(&t);
    let t = if t == "marketing_lite" {
        "marketing"
    } else {
        t
    };
    ChargedCategory::from_str(t).map_err(|e| e.to_string())
}

fn count_of(text: &str) -> Result<u64, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_'))
        .collect();
    t.strip_suffix(".0")
        .unwrap_or(&t)
        .parse::<u64>()
        .map_err(|_| format!("{:?} is not a whole, non-negative count", text.trim()))
}

fn cost_of(text: &str) -> Result<Option<Decimal>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("null") {
        return Ok(None);
    }
    let d = Decimal::from_str_exact(&t.replace(',', ""))
        .map_err(|_| format!("{t:?} is not an amount"))?;
    if d < Decimal::ZERO {
        return Err(format!("cost {t} is negative"));
    }
    Ok(Some(d))
}

/// Reads a usage export.
pub fn read_actuals(file: &str, bytes: &[u8]) -> Result<ActualsFile, ActualsError> {
    let err = |message: String| ActualsError {
        file: file.to_string(),
        message,
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err("the file is empty".into()));
    }
    let grid = sheet::read_csv(file, bytes).map_err(|e| err(e.message))?;
    let Some((h, cols)) = grid
        .rows
        .iter()
        .take(20)
        .enumerate()
        .find_map(|(i, r)| columns(r).map(|c| (i, c)))
    else {
        let found = grid
            .rows
            .first()
            .map(|r| r.cells.join(", "))
            .unwrap_or_default();
        return Err(err(format!(
            "no known usage layout: found the headers \"{found}\"; expected a date or month, a country, a category and a count (generic layout, or Meta's pricing_analytics data points as CSV: start, country, pricing_category, pricing_type, volume, cost)"
        )));
    };
    let mut out = ActualsFile {
        actuals: Actuals::default(),
        rows_used: 0,
        rows_skipped: 0,
        skipped: Vec::new(),
    };
    for row in &grid.rows[h + 1..] {
        if row.is_blank() {
            continue;
        }
        let parsed = (|| -> Result<(), String> {
            let month = month_of(row.cell(cols.when))?;
            let country_text = row.cell(cols.country);
            let country = Country::from_code(country_text)
                .or_else(|| Country::search(country_text).into_iter().next())
                .or_else(|| Country::from_phone_number(country_text))
                .ok_or_else(|| format!("{country_text:?} is not a country"))?;
            let category = category_of(row.cell(cols.category))?;
            let volume = count_of(row.cell(cols.volume))?;
            let cost = match cols.cost {
                Some(c) => cost_of(row.cell(c))?,
                None => None,
            };
            let pricing_type = match cols.pricing_type {
                Some(c) => PricingType::parse(row.cell(c))
                    .ok_or_else(|| format!("{:?} is not a pricing type", row.cell(c)))?,
                None => PricingType::Regular,
            };
            out.actuals
                .add(month, country, category, pricing_type, volume, cost);
            Ok(())
        })();
        match parsed {
            Ok(()) => out.rows_used += 1,
            Err(reason) => {
                out.rows_skipped += 1;
                if out.skipped.len() < LISTED_SKIPS {
                    out.skipped.push(format!("line {}: {reason}", row.number));
                }
            }
        }
    }
    if out.rows_used == 0 {
        let first = out.skipped.first().cloned().unwrap_or_default();
        return Err(err(format!(
            "no usable row ({} skipped{})",
            out.rows_skipped,
            if first.is_empty() {
                String::new()
            } else {
                format!("; {first}")
            }
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_rows_aggregate_and_bad_rows_are_counted_with_their_line() {
        let text = "month,country,category,count,cost\n\
                    2026-12,IN,marketing,\"1,000\",11.80\n\
                    2026-12,India,marketing,500,5.90\n\
                    2026-12,BR,utility,-3,\n\
                    2027-01,+5511999990000,utility,200,\n\
                    2027-01,XX,utility,5,\n";
        let f = read_actuals("u.csv", text.as_bytes()).unwrap();
        assert_eq!((f.rows_used, f.rows_skipped), (3, 2));
        assert_eq!(
            f.skipped[0],
            "line 4: \"-3\" is not a whole, non-negative count"
        );
        assert!(f.skipped[1].starts_with("line 6: \"XX\" is not a country"));
        let rows: Vec<_> = f.actuals.rows().collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].volume, 1_500);
        assert_eq!(rows[0].reported_cost, Some(Decimal::new(1770, 2)));
        assert_eq!(rows[1].country.code(), "BR");
        assert_eq!(rows[1].reported_cost, None);
    }

    #[test]
    fn meta_pricing_analytics_points_flattened_to_csv() {
        let text = "start,end,country,phone_number,tier,pricing_type,pricing_category,volume,cost\n\
                    1790812800,1790899200,IN,+15550001,0:750000,REGULAR,MARKETING,120,1.416\n\
                    1790812800,1790899200,IN,+15550001,0:750000,FREE_ENTRY_POINT,UTILITY,40,\n";
        let f = read_actuals("p.csv", text.as_bytes()).unwrap();
        let rows: Vec<_> = f.actuals.rows().collect();
        // 1790812800 is 2026-10-01T00:00:00Z.
        assert_eq!(rows[0].month.to_string(), "2026-10");
        assert_eq!(rows[1].pricing_type, PricingType::FreeEntryPoint);
        assert_eq!(rows[1].reported_cost, None);
    }

    #[test]
    fn a_file_in_no_layout_lists_its_headers() {
        let e = read_actuals("x.csv", b"a,b,c\n1,2,3\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("found the headers \"a, b, c\""), "{e}");
        let e = read_actuals("x.csv", b"").unwrap_err().to_string();
        assert!(e.contains("empty"), "{e}");
        let e = read_actuals(
            "x.csv",
            b"month,country,category,count\nbad,IN,marketing,1\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("no usable row (1 skipped; line 2:"), "{e}");
    }
}

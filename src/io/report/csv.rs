//! The report as CSV for spreadsheets. Every row adds up: one `line` row per month × country ×
//! charged category and one `platform_fee` row per month with the provider's flat fee, so the
//! SUM of the `total` column (and of `meta_cost`, `provider_cost`, `tax`, `volume`, ...) is the
//! plan's total exactly; there are no subtotal rows. Every row names its `currency`.
//!
//! `campaign` and `campaign_cost` pick out the one-off campaigns: on the line rows of a
//! campaign's month that it changes (its country and category), the campaign's name and its
//! own cost there (the plan with it minus the plan without it, `domain::campaign_cost`). That
//! cost is already inside the row's `total`: do not add the column to it.
//!
//! With actuals, one `actual` row per month carries the usage file's volume and reported cost
//! in `actual_volume` and `actual_reported_cost` (its `currency` is the file's, or `unknown`
//! when the file does not say), and nothing in the plan's columns, so their sums stay the plan's.
//!
//! Amounts are exact decimals with a '.' point (the delimiter may be ';' for spreadsheets that
//! read ',' as a decimal comma); text that a spreadsheet would run as a formula is made inert.

use rust_decimal::Decimal;

use crate::domain::actuals::{Actuals, compare_months};
use crate::domain::campaign_cost::CampaignCost;
use crate::domain::projection::Projection;
use crate::domain::ratebook::Currency;

/// The columns, in order. The first fifteen are the original contract; later ones are added
/// at the end, never renamed.
pub const HEADERS: [&str; 20] = [
    "plan",
    "row",
    "month",
    "country",
    "country_name",
    "market",
    "category",
    "volume",
    "free_volume",
    "billable_volume",
    "rate",
    "meta_cost",
    "provider_cost",
    "tax",
    "total",
    "currency",
    "campaign",
    "campaign_cost",
    "actual_volume",
    "actual_reported_cost",
];

const N: usize = HEADERS.len();

/// A text cell that starts with =, +, -, @, tab or carriage return would be evaluated by a
/// spreadsheet: a leading apostrophe makes it text.
pub fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The report CSV (RFC 4180: quoted where needed, CRLF line ends), in memory.
pub fn report(
    p: &Projection,
    delimiter: u8,
    plan: &str,
    actuals: Option<(&Actuals, Option<Currency>)>,
    campaigns: &[CampaignCost],
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and the cells are UTF-8.
    let _ = write_report(&mut out, p, delimiter, plan, actuals, campaigns);
    String::from_utf8_lossy(&out).into_owned()
}

/// The report CSV written row by row to `out`: memory stays one row, whatever the plan's size.
pub fn write_report<W: std::io::Write>(
    out: W,
    p: &Projection,
    delimiter: u8,
    plan: &str,
    actuals: Option<(&Actuals, Option<Currency>)>,
    campaigns: &[CampaignCost],
) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let plan = inert(plan);
    let currency = p.currency.to_string();
    let d = |v: Decimal| v.to_string();
    let blank = || -> [String; N] { std::array::from_fn(|_| String::new()) };
    w.write_record(HEADERS)?;
    for m in &p.months {
        let month = m.month.to_string();
        let in_month: Vec<&CampaignCost> =
            campaigns.iter().filter(|c| c.month == m.month).collect();
        for l in &m.lines {
            let mut names: Vec<&str> = Vec::new();
            let mut campaign_cost = Decimal::ZERO;
            for c in &in_month {
                if let Some(part) = c
                    .lines
                    .iter()
                    .find(|x| x.country == l.country && x.category == l.category)
                {
                    names.push(&c.name);
                    campaign_cost = campaign_cost
                        .checked_add(part.cost)
                        .unwrap_or(campaign_cost);
                }
            }
            let mut r = blank();
            r[0] = plan.clone();
            r[1] = "line".into();
            r[2] = month.clone();
            r[3] = l.country.code().into();
            r[4] = inert(l.country.name());
            r[5] = inert(l.market.as_str());
            r[6] = l.category.name().into();
            r[7] = l.volume.to_string();
            r[8] = l.free_volume().to_string();
            r[9] = l.billable_volume.to_string();
            r[10] = l.rate().map(d).unwrap_or_default();
            r[11] = d(l.meta_cost);
            r[12] = d(l.provider_cost(&p.terms));
            r[13] = d(l.tax(&p.terms));
            r[14] = d(l.total(&p.terms));
            r[15] = currency.clone();
            if !names.is_empty() {
                r[16] = inert(&names.join("; "));
                r[17] = d(campaign_cost);
            }
            w.write_record(&r)?;
        }
        if !m.platform_fee.is_zero() || !m.platform_fee_tax.is_zero() {
            let mut r = blank();
            r[0] = plan.clone();
            r[1] = "platform_fee".into();
            r[2] = month.clone();
            for cell in &mut r[7..=9] {
                *cell = "0".into();
            }
            r[11] = "0".into();
            r[12] = d(m.platform_fee);
            r[13] = d(m.platform_fee_tax);
            r[14] = d(m.platform_fee + m.platform_fee_tax);
            r[15] = currency.clone();
            w.write_record(&r)?;
        }
    }
    // Actuals per month: their volume and the source's reported cost, in their own columns.
    if let Some((a, reported_in)) = actuals {
        // The reported cost is in the file's currency, which a file may not state.
        let reported_in = reported_in.map_or_else(|| "unknown".to_string(), |c| c.to_string());
        for m in compare_months(p, a) {
            let mut r = blank();
            r[0] = plan.clone();
            r[1] = "actual".into();
            r[2] = m.month.to_string();
            r[15] = reported_in.clone();
            r[18] = m.actual_volume.to_string();
            r[19] = m.reported_cost.map(d).unwrap_or_default();
            w.write_record(&r)?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for s in ["+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(inert(s).starts_with('\''), "{s}");
        }
        assert_eq!(inert("India"), "India");
        assert_eq!(inert("Côte d'Ivoire"), "Côte d'Ivoire");
    }
}

//! The report as CSV for spreadsheets: one row per line item (month × country × category),
//! the provider's monthly fee rows, then a total row per month and one for the plan. Amounts
//! are exact decimals with a '.' point (the delimiter may be ';' for spreadsheets that read ','
//! as a decimal comma); text that a spreadsheet would run as a formula is made inert.

use rust_decimal::Decimal;

use crate::domain::actuals::{Actuals, compare_months};
use crate::domain::projection::Projection;

pub const HEADERS: [&str; 15] = [
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
];

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
pub fn report(p: &Projection, delimiter: u8, plan: &str, actuals: Option<&Actuals>) -> String {
    let mut out = Vec::new();
    write_report(&mut out, p, delimiter, plan, actuals).expect("writing to memory");
    String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
}

/// The report CSV written row by row to `out`: memory stays one row, whatever the plan's size.
pub fn write_report<W: std::io::Write>(
    out: W,
    p: &Projection,
    delimiter: u8,
    plan: &str,
    actuals: Option<&Actuals>,
) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let plan = inert(plan);
    let d = |v: Decimal| v.to_string();
    let row = |w: &mut csv::Writer<W>, cells: [String; 15]| w.write_record(&cells);
    row(&mut w, HEADERS.map(String::from))?;
    for m in &p.months {
        let month = m.month.to_string();
        for l in &m.lines {
            row(
                &mut w,
                [
                    plan.clone(),
                    "line".into(),
                    month.clone(),
                    l.country.code().into(),
                    inert(l.country.name()),
                    inert(l.market.as_str()),
                    l.category.name().into(),
                    l.volume.to_string(),
                    l.free_volume().to_string(),
                    l.billable_volume.to_string(),
                    l.rate().map(d).unwrap_or_default(),
                    d(l.meta_cost),
                    d(l.provider_cost(&p.terms)),
                    d(l.tax(&p.terms)),
                    d(l.total(&p.terms)),
                ],
            )?;
        }
        if !m.platform_fee.is_zero() || !m.platform_fee_tax.is_zero() {
            row(
                &mut w,
                [
                    plan.clone(),
                    "platform_fee".into(),
                    month.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "0".into(),
                    d(m.platform_fee),
                    d(m.platform_fee_tax),
                    d(m.platform_fee + m.platform_fee_tax),
                ],
            )?;
        }
    }
    for m in &p.months {
        row(
            &mut w,
            [
                plan.clone(),
                "month_total".into(),
                m.month.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                m.volume.to_string(),
                m.free_volume.to_string(),
                m.billable_volume.to_string(),
                String::new(),
                d(m.meta_cost),
                d(m.provider_cost),
                d(m.tax),
                d(m.total),
            ],
        )?;
    }
    // Actuals per month: their volume, and the source's reported cost in `meta_cost`.
    if let Some(a) = actuals {
        for m in compare_months(p, a) {
            row(
                &mut w,
                [
                    plan.clone(),
                    "actual".into(),
                    m.month.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    m.actual_volume.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    m.reported_cost.map(d).unwrap_or_default(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
            )?;
        }
    }
    let free: u64 = p.months.iter().map(|m| m.free_volume).sum();
    let billable: u64 = p.months.iter().map(|m| m.billable_volume).sum();
    row(
        &mut w,
        [
            plan,
            "total".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            p.volume.to_string(),
            free.to_string(),
            billable.to_string(),
            String::new(),
            d(p.meta_cost),
            d(p.provider_cost),
            d(p.tax),
            d(p.total),
        ],
    )?;
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

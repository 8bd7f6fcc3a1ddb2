//! An import and its reconciliation as `wacost import` prints them: JSON (decimals as exact
//! strings, like `estimate`), CSV (one section per table) and a text table.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::domain::reconcile::Reconciliation;
use crate::io::display::{amount, count, text_table};
use crate::io::usage::UsageImport;

fn dec(d: Decimal) -> Value {
    Value::String(d.normalize().to_string())
}

fn opt(d: Option<Decimal>) -> Value {
    d.map_or(Value::Null, dec)
}

pub fn to_json(file: &str, u: &UsageImport, r: &Reconciliation) -> Value {
    let actuals: Vec<Value> = u
        .actuals
        .rows()
        .map(|a| {
            json!({
                "month": a.month.to_string(),
                "country": a.country_code(),
                "category": a.category.name(),
                "pricing_type": a.pricing_type.name(),
                "volume": a.volume,
                "reported_cost": opt(a.reported_cost),
            })
        })
        .collect();
    let months: Vec<Value> = r
        .months
        .iter()
        .map(|m| {
            json!({
                "month": m.month.to_string(),
                "rate_card": m.card.map(|c| c.to_string()),
                "volume": m.volume,
                "billable_volume": m.billable_volume,
                "free_volume": m.free_volume,
                "recomputed_cost": opt(m.recomputed_cost),
                "reported_cost": opt(m.reported_cost),
                "difference": opt(m.difference()),
                "problems": m.problems,
            })
        })
        .collect();
    let markets: Vec<Value> = r
        .months
        .iter()
        .flat_map(|m| {
            m.markets.iter().map(move |k| {
                json!({
                    "month": m.month.to_string(),
                    "market": k.market,
                    "countries": k.countries.iter().map(|c| c.code()).collect::<Vec<_>>(),
                    "volume": k.volume,
                    "billable_volume": k.billable_volume,
                    "free_volume": k.free_volume,
                    "recomputed_cost": opt(k.recomputed_cost),
                    "reported_cost": opt(k.reported_cost),
                    "difference": opt(k.difference()),
                    "causes": k.causes,
                })
            })
        })
        .collect();
    json!({
        "file": file,
        "layout": u.layout.name(),
        "format": u.format,
        "bytes": u.bytes,
        "rows_used": u.rows_used,
        "rows_skipped": u.rows_skipped,
        "skipped": u.skipped,
        "not_counted": u.not_counted,
        "currency": r.currency.to_string(),
        "reported_currency": r.reported_currency.map(|c| c.to_string()),
        "reported_compared": r.comparison_note().is_none(),
        "notes": notes(u, r),
        "actuals": actuals,
        "months": months,
        "reconciliation": markets,
    })
}

/// What the reader decided and what cannot be compared, in plain words.
fn notes(u: &UsageImport, r: &Reconciliation) -> Vec<String> {
    u.notes.iter().cloned().chain(r.comparison_note()).collect()
}

fn show(d: Option<Decimal>) -> String {
    d.map_or("-".into(), amount)
}

/// The summary, actuals, months and reconciliation as text tables.
pub fn to_table(file: &str, u: &UsageImport, r: &Reconciliation) -> String {
    let mut out = format!(
        "{file}: {} ({}), {} rows used, {} skipped\n",
        u.layout.describe(),
        u.format,
        count(u.rows_used),
        count(u.rows_skipped)
    );
    for (status, n) in &u.not_counted {
        out += &match status.as_str() {
            "inbound" => format!(
                "  not counted: {} inbound rows (messages customers sent)\n",
                count(*n)
            ),
            _ => format!("  not counted: {} rows with status {status:?}\n", count(*n)),
        };
    }
    for note in notes(u, r) {
        out += &format!("  note: {note}\n");
    }
    for s in &u.skipped {
        out += &format!("  skipped {s}\n");
    }
    if u.rows_skipped > u.skipped.len() as u64 {
        out += &format!(
            "  ... and {} more skipped rows\n",
            count(u.rows_skipped - u.skipped.len() as u64)
        );
    }
    out += "\nActuals\n";
    let rows: Vec<Vec<String>> = u
        .actuals
        .rows()
        .map(|a| {
            vec![
                a.month.to_string(),
                a.country_code().to_string(),
                a.category.name().to_string(),
                a.pricing_type.name().to_string(),
                count(a.volume),
                a.reported_cost
                    .map_or("-".into(), |d| d.normalize().to_string()),
            ]
        })
        .collect();
    out += &text_table(
        &[
            "Month",
            "Country",
            "Category",
            "Pricing type",
            "Volume",
            "Reported",
        ],
        &rows,
        4,
    );
    out += &format!("\nRecomputed with the {} rate cards\n", r.currency);
    let rows: Vec<Vec<String>> = r
        .months
        .iter()
        .map(|m| {
            vec![
                m.month.to_string(),
                m.card.map_or("-".into(), |c| c.to_string()),
                count(m.billable_volume),
                count(m.free_volume),
                show(m.recomputed_cost),
                show(m.reported_cost),
                show(m.difference()),
            ]
        })
        .collect();
    out += &text_table(
        &[
            "Month",
            "Card",
            "Billable",
            "Free",
            "Recomputed",
            "Reported",
            "Difference",
        ],
        &rows,
        2,
    );
    let mut lines = Vec::new();
    for m in &r.months {
        for p in &m.problems {
            lines.push(format!("  {p}"));
        }
        for k in &m.markets {
            for c in &k.causes {
                lines.push(format!(
                    "  {} {}: reported {} vs recomputed {}: {c}",
                    m.month,
                    k.market,
                    show(k.reported_cost),
                    show(k.recomputed_cost)
                ));
            }
        }
    }
    if !lines.is_empty() {
        out += "\nReconciliation\n";
        out += &lines.join("\n");
        out += "\n";
    }
    out
}

/// CSV: the actuals rows, then the months (a `section` column tells them apart).
pub fn to_csv(u: &UsageImport, r: &Reconciliation) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let cell = |d: Option<Decimal>| d.map_or(String::new(), |d| d.normalize().to_string());
    let _ = w.write_record([
        "section",
        "month",
        "country",
        "category",
        "pricing_type",
        "volume",
        "reported_cost",
        "recomputed_cost",
        "difference",
    ]);
    for a in u.actuals.rows() {
        let _ = w.write_record([
            "actual".to_string(),
            a.month.to_string(),
            a.country_code().to_string(),
            a.category.name().to_string(),
            a.pricing_type.name().to_string(),
            a.volume.to_string(),
            cell(a.reported_cost),
            String::new(),
            String::new(),
        ]);
    }
    for m in &r.months {
        for k in &m.markets {
            let _ = w.write_record([
                "market".to_string(),
                m.month.to_string(),
                k.market.clone(),
                String::new(),
                String::new(),
                k.volume.to_string(),
                cell(k.reported_cost),
                cell(k.recomputed_cost),
                cell(k.difference()),
            ]);
        }
        let _ = w.write_record([
            "month".to_string(),
            m.month.to_string(),
            String::new(),
            String::new(),
            String::new(),
            m.volume.to_string(),
            cell(m.reported_cost),
            cell(m.recomputed_cost),
            cell(m.difference()),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

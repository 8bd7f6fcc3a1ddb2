//! An import and its reconciliation as `wacost import` prints them: JSON (decimals as exact
//! strings, like `estimate`), CSV (one section per table) and a text table.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::domain::reconcile::Reconciliation;
use crate::domain::variance::Variance;
use crate::io::display::{amount, count, signed_percent, text_table};
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
    csv_with(u, r, None)
}

/// [`to_csv`] with the plan beside the actuals: three more columns
/// ([`VARIANCE_CSV_COLUMNS`]), empty in the other sections, and a `variance` row per month
/// (`volume` the actual messages, `recomputed_cost` at Meta's rates, `reported_cost` the
/// file's) then a `variance_total` row over the months both have.
pub fn to_csv_with_plan(u: &UsageImport, r: &Reconciliation, v: &Variance) -> String {
    csv_with(u, r, Some(v))
}

fn csv_with(u: &UsageImport, r: &Reconciliation, v: Option<&Variance>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let cell = |d: Option<Decimal>| d.map_or(String::new(), |d| d.normalize().to_string());
    let mut headers = vec![
        "section",
        "month",
        "country",
        "category",
        "pricing_type",
        "volume",
        "reported_cost",
        "recomputed_cost",
        "difference",
    ];
    if v.is_some() {
        headers.extend(VARIANCE_CSV_COLUMNS);
    }
    let width = headers.len();
    let _ = w.write_record(&headers);
    // Every row as wide as the header: the plan's columns stay empty outside its sections.
    let mut row = |cells: Vec<String>| {
        let mut cells = cells;
        cells.resize(width, String::new());
        let _ = w.write_record(&cells);
    };
    for a in u.actuals.rows() {
        row(vec![
            "actual".to_string(),
            a.month.to_string(),
            a.country_code().to_string(),
            a.category.name().to_string(),
            a.pricing_type.name().to_string(),
            a.volume.to_string(),
            cell(a.reported_cost),
        ]);
    }
    for m in &r.months {
        for k in &m.markets {
            row(vec![
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
        row(vec![
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
    if let Some(v) = v {
        for m in &v.months {
            row(vec![
                "variance".to_string(),
                m.month.to_string(),
                String::new(),
                String::new(),
                String::new(),
                m.actual_volume.to_string(),
                cell(m.reported_cost),
                cell(m.recomputed_cost),
                String::new(),
                m.planned_volume.map_or(String::new(), |p| p.to_string()),
                cell(m.planned_meta_cost),
                cell(m.actual_minus_plan),
            ]);
        }
        if let Some(t) = &v.total {
            row(vec![
                "variance_total".to_string(),
                format!("{} to {}", t.first, t.last),
                String::new(),
                String::new(),
                String::new(),
                t.actual_volume.map_or(String::new(), |p| p.to_string()),
                cell(t.reported_cost),
                cell(t.recomputed_cost),
                String::new(),
                t.planned_volume.map_or(String::new(), |p| p.to_string()),
                cell(t.planned_meta_cost),
                cell(t.actual_minus_plan),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The plan a `--plan` import is set beside: its file, its name and the variance.
pub struct PlanBeside<'a> {
    pub file: &'a str,
    pub name: &'a str,
    pub variance: &'a Variance,
}

fn percent_text(p: Option<Decimal>) -> String {
    p.map_or("-".into(), |p| signed_percent(p, 1))
}

/// Actual − plan as shown: the amount, "too large" when it does not fit, else "-".
fn difference_text(d: Option<Decimal>, too_large: bool) -> String {
    match d {
        Some(d) => amount(d),
        None if too_large => "too large".into(),
        None => "-".into(),
    }
}

/// What the plan against actuals cannot show, in plain words: reported costs not compared, no
/// month in common, figures too large.
fn variance_notes(v: &Variance) -> Vec<String> {
    let mut notes: Vec<String> = v.note.iter().cloned().collect();
    notes.extend(v.no_common_months_note());
    if v.months.iter().any(|m| m.too_large) || v.total.is_some_and(|t| t.too_large) {
        notes.push(
            "Some amounts are too large to add up or subtract exactly: they are shown as \"too large\"; check the file's figures."
                .into(),
        );
    }
    notes
}

/// The `"variance"` object of `wacost import --plan --format json`.
pub fn variance_json(plan: &PlanBeside<'_>) -> Value {
    let v = plan.variance;
    let months: Vec<Value> = v
        .months
        .iter()
        .map(|m| {
            json!({
                "month": m.month.to_string(),
                "planned_volume": m.planned_volume,
                "actual_volume": m.actual_volume,
                "has_actuals": m.has_actuals,
                "planned_meta_cost": opt(m.planned_meta_cost),
                "recomputed_cost": opt(m.recomputed_cost),
                "reported_cost": opt(m.reported_cost),
                "actual_cost": opt(m.actual_cost),
                "actual_minus_plan": opt(m.actual_minus_plan),
                "too_large": m.too_large,
            })
        })
        .collect();
    let total = v.total.map_or(Value::Null, |t| {
        json!({
            "months": t.months,
            "first_month": t.first.to_string(),
            "last_month": t.last.to_string(),
            "planned_volume": t.planned_volume,
            "actual_volume": t.actual_volume,
            "planned_meta_cost": opt(t.planned_meta_cost),
            "recomputed_cost": opt(t.recomputed_cost),
            "reported_cost": opt(t.reported_cost),
            "actual_cost": opt(t.actual_cost),
            "actual_minus_plan": opt(t.actual_minus_plan),
            "too_large": t.too_large,
        })
    });
    json!({
        "plan_file": plan.file,
        "plan_name": plan.name,
        "currency": v.currency.to_string(),
        "reported_currency": v.reported_currency.map(|c| c.to_string()),
        "reported_compared": v.comparable,
        "notes": variance_notes(v),
        "months": months,
        "total": total,
    })
}

/// The plan against actuals as a text table, with its totals line and notes.
pub fn variance_table(plan: &PlanBeside<'_>) -> String {
    let v = plan.variance;
    let mut out = format!(
        "\nPlan against actuals: {} ({}), costs in {}\n",
        plan.name, plan.file, v.currency
    );
    // Months with neither plan nor actuals (between the plan and later actuals) are left out
    // of the text: rows of dashes.
    let mut rows: Vec<Vec<String>> = v
        .months
        .iter()
        .filter(|m| m.planned_volume.is_some() || m.has_actuals)
        .map(|m| {
            vec![
                m.month.to_string(),
                m.planned_volume.map_or("-".into(), count),
                count(m.actual_volume),
                show(m.planned_meta_cost),
                show(m.recomputed_cost),
                show(m.reported_cost),
                difference_text(m.actual_minus_plan, m.too_large),
                percent_text(m.percent_of_plan()),
            ]
        })
        .collect();
    if let Some(t) = v.total {
        rows.push(vec![
            format!(
                "Total, {} month{} in both",
                t.months,
                if t.months == 1 { "" } else { "s" }
            ),
            t.planned_volume.map_or("-".into(), count),
            t.actual_volume.map_or("-".into(), count),
            show(t.planned_meta_cost),
            show(t.recomputed_cost),
            show(t.reported_cost),
            difference_text(t.actual_minus_plan, t.too_large),
            percent_text(t.percent_of_plan()),
        ]);
    }
    out += &text_table(
        &[
            "Month",
            "Planned messages",
            "Actual messages",
            "Planned Meta cost",
            "At Meta's rates",
            "Reported",
            "Actual − plan",
            "% of plan",
        ],
        &rows,
        1,
    );
    out += &format!(
        "  At Meta's rates: what the messages sent cost at Meta's {} rates. Reported: the file's own figure. Actual − plan uses the reported figure when it is in {}, else the one at Meta's rates.\n",
        v.currency, v.currency
    );
    for note in variance_notes(v) {
        out += &format!("  note: {note}\n");
    }
    out
}

/// The CSV columns `wacost import --plan --format csv` adds after the others.
pub const VARIANCE_CSV_COLUMNS: [&str; 3] =
    ["planned_volume", "planned_meta_cost", "actual_minus_plan"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::variance::{VarianceMonth, VarianceTotal};

    #[test]
    fn an_amount_too_large_to_subtract_shows_as_too_large_with_a_note() {
        let month = "2026-12".parse().unwrap();
        let m = VarianceMonth {
            month,
            planned_volume: Some(1),
            actual_volume: 1,
            has_actuals: true,
            planned_meta_cost: Some(Decimal::ONE),
            recomputed_cost: None,
            reported_cost: Some(Decimal::MIN),
            actual_cost: Some(Decimal::MIN),
            actual_minus_plan: None,
            too_large: true,
        };
        let v = Variance {
            currency: "USD".parse().unwrap(),
            reported_currency: Some("USD".parse().unwrap()),
            comparable: true,
            months: vec![m],
            total: Some(VarianceTotal {
                months: 1,
                first: month,
                last: month,
                planned_volume: Some(1),
                actual_volume: Some(1),
                planned_meta_cost: Some(Decimal::ONE),
                recomputed_cost: None,
                reported_cost: Some(Decimal::MIN),
                actual_cost: Some(Decimal::MIN),
                actual_minus_plan: None,
                too_large: true,
            }),
            note: None,
        };
        let plan = PlanBeside {
            file: "plan.json",
            name: "Plan",
            variance: &v,
        };
        let text = variance_table(&plan);
        let row = text.lines().find(|l| l.starts_with("2026-12")).unwrap();
        assert!(row.contains("too large"), "{text}");
        assert!(text.contains("note: Some amounts are too large"), "{text}");
        let json = variance_json(&plan);
        assert_eq!(json["months"][0]["too_large"], true);
        assert_eq!(json["months"][0]["actual_minus_plan"], Value::Null);
    }
}

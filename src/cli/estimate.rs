//! `wacost estimate SCENARIO.json [--variant NAME] [--currency XXX] [--format table|csv|json]
//! [--strict] [--rates DIR]`

use std::fmt::Write as _;
use std::path::PathBuf;

use rust_decimal::Decimal;

use super::{CliError, RatesArgs};
use crate::domain::campaign_cost::{CampaignCost, campaign_costs};
use crate::domain::category::ChargedCategory;
use crate::domain::projection::Projection;
use crate::domain::ratebook::Currency;
use crate::domain::scenario::Scenario;
use crate::io::display;
use crate::io::estimate_output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct EstimateArgs {
    /// The scenario file (JSON)
    pub scenario: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// The variant to price, by name (default: the file's first)
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Price the plan in another of Meta's billing currencies (e.g. BRL): the same date of
    /// Meta's rates, the budget and provider fees converted at the factor between the two cards
    #[arg(long, value_name = "XXX")]
    pub currency: Option<Currency>,
    #[arg(long, help = super::STRICT_HELP)]
    pub strict: bool,
    #[command(flatten)]
    pub rates: RatesArgs,
}

/// One sentence on how the plan was converted: "Priced in BRL: the plan is in USD; at 5.1472
/// BRL per USD (Meta's rates of 2026-10-01), the budget 20,000 USD is 102,944 BRL."
pub fn conversion_note(
    conv: &crate::domain::currencies::Conversion,
    amounts: &[crate::domain::currencies::ConvertedAmount],
) -> String {
    let per_usd = if conv.from.as_str() == "USD" || conv.to.as_str() == "USD" {
        String::new()
    } else {
        format!(
            ": {} {} and {} {} per US dollar",
            conv.from_per_usd.normalize(),
            conv.from,
            conv.to_per_usd.normalize(),
            conv.to
        )
    };
    let mut out = format!(
        "Priced in {to}: the plan is in {from}; at {} {to} per {from} (Meta's rates of {}{per_usd})",
        conv.factor.round_dp(6).normalize(),
        conv.card,
        to = conv.to,
        from = conv.from,
    );
    let parts: Vec<String> = amounts
        .iter()
        .map(|a| {
            format!(
                "{} {} {} is {} {}",
                a.what,
                display::as_typed(a.before),
                conv.from,
                display::as_typed(a.after),
                conv.to
            )
        })
        .collect();
    match parts.as_slice() {
        [] => out.push_str(": the plan states no amounts to convert."),
        [one] => out.push_str(&format!(", {one}.")),
        [init @ .., last] => out.push_str(&format!(", {} and {last}.", init.join(", "))),
    }
    out
}

pub fn run(args: &EstimateArgs) -> Result<(), CliError> {
    let picked = super::load_and_project_variant_as(
        &args.scenario,
        &args.rates,
        args.variant.as_deref(),
        args.strict,
        args.currency,
    )?;
    let note = picked
        .conversion
        .as_ref()
        .map(|(c, a)| conversion_note(c, a));
    let (loaded, scenario, projection) = (&picked.rates, &picked.scenario, &picked.projection);
    // The plan was just projected with this book: projecting it again without each campaign
    // does not fail in practice, and if it did the campaigns' costs would only be left out.
    let campaigns = campaign_costs(scenario, &loaded.book).unwrap_or_default();
    let out = match args.format {
        Format::Json => {
            let mut value = estimate_output::to_json(projection, &loaded.notices);
            estimate_output::add_campaigns_and_budget(&mut value, projection, &campaigns);
            estimate_output::add_volumes_and_variant(
                &mut value,
                scenario,
                projection,
                &picked.set.names(),
            );
            if let (Some((c, amounts)), Some(obj)) = (&picked.conversion, value.as_object_mut()) {
                obj.insert(
                    "converted".into(),
                    serde_json::json!({
                        "from": c.from.as_str(),
                        "to": c.to.as_str(),
                        "card_effective": c.card.to_string(),
                        "factor": c.factor.round_dp(10).normalize().to_string(),
                        "from_per_usd": c.from_per_usd.normalize().to_string(),
                        "to_per_usd": c.to_per_usd.normalize().to_string(),
                        "amounts": amounts.iter().map(|a| serde_json::json!({
                            "what": a.what,
                            "before": a.before.to_string(),
                            "after": a.after.to_string(),
                        })).collect::<Vec<_>>(),
                    }),
                );
            }
            let mut s = serde_json::to_string_pretty(&value).expect("JSON of plain values");
            s.push('\n');
            s
        }
        Format::Csv => {
            // CSV has no place for prose: notices go to stderr so the numbers' source is known.
            for n in &loaded.notices {
                eprintln!("wacost: note: {}", display::clip_line(n));
            }
            if let Some(n) = &note {
                eprintln!("wacost: note: {n}");
            }
            if picked.has_variants() {
                eprintln!(
                    "wacost: note: priced the variant {}",
                    display::clip_line(&format!(
                        "\"{}\" ({} of {})",
                        scenario.name,
                        picked.index + 1,
                        picked.set.variants.len()
                    ))
                );
            }
            estimate_output::to_csv(projection)
        }
        Format::Table => {
            let mut out = String::new();
            if let Some(n) = &note {
                let _ = writeln!(out, "{n}\n");
            }
            if picked.has_variants() {
                let names = picked.set.names();
                let _ = writeln!(
                    out,
                    "Variant {} of {}: {} (the file's variants: {}; pick one with --variant NAME)",
                    picked.index + 1,
                    names.len(),
                    display::clip_line(&scenario.name),
                    display::clip_line(&names.join(", "))
                );
            }
            out.push_str(&table_with_campaigns(
                scenario,
                projection,
                &loaded.notices,
                &campaigns,
            ));
            out
        }
    };
    super::write_stdout(&out)
}

/// A month × category summary with totals, the card and era of each month, and every warning.
pub fn table(scenario: &Scenario, p: &Projection, notices: &[String]) -> String {
    table_with_campaigns(scenario, p, notices, &[])
}

/// [`table`] with each campaign's own cost listed before the warnings.
pub fn table_with_campaigns(
    scenario: &Scenario,
    p: &Projection,
    notices: &[String],
    campaigns: &[CampaignCost],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}, {} to {} ({} month{})",
        display::terminal_safe(&scenario.name),
        p.currency,
        scenario.start_month,
        scenario.end_month(),
        scenario.months,
        if scenario.months == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        out,
        "Meta cost by category, then provider fees, tax and total ({}):\n",
        p.currency
    );

    let headers = [
        "Month",
        "Era",
        "Card",
        "Marketing",
        "Utility",
        "Auth",
        "Auth-intl",
        "Service",
        "Meta cost",
        "Provider",
        "Tax",
        "Total",
        "Free savings",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cat_totals = [Decimal::ZERO; 5];
    for m in &p.months {
        let by_cat = m.meta_by_category();
        for (t, v) in cat_totals.iter_mut().zip(by_cat) {
            *t += v;
        }
        let mut card = m.card.effective.to_string();
        if m.assumed_unchanged {
            card.push('*');
        }
        let mut row = vec![m.month.to_string(), m.era.id().to_string(), card];
        row.extend(by_cat.iter().map(|d| display::amount(*d)));
        row.extend(
            [m.meta_cost, m.provider_cost, m.tax, m.total, m.free_savings].map(display::amount),
        );
        if m.over_budget == Some(true) {
            row[11].push_str(" !");
        }
        rows.push(row);
    }
    let mut total_row = vec!["Total".to_string(), String::new(), String::new()];
    total_row.extend(cat_totals.iter().map(|d| display::amount(*d)));
    total_row.extend(
        [p.meta_cost, p.provider_cost, p.tax, p.total, p.free_savings].map(display::amount),
    );

    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows.iter().chain(std::iter::once(&total_row)) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let render = |cells: &[String], out: &mut String| {
        let mut line = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            if i < 3 {
                let _ = write!(line, "{cell:<w$}");
            } else {
                let _ = write!(line, "{cell:>w$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    render(&headers.map(String::from), &mut out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    render(&rule, &mut out);
    for row in &rows {
        render(row, &mut out);
    }
    render(&rule, &mut out);
    render(&total_row, &mut out);

    let months = p.months.len().max(1) as u64;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Total:                {} {}",
        display::amount(p.total),
        p.currency
    );
    let _ = writeln!(
        out,
        "Average month:        {} {}",
        display::amount(p.total / Decimal::from(months)),
        p.currency
    );
    let _ = writeln!(
        out,
        "Free-allowance savings: {} {} (list-rate value of free units)",
        display::amount(p.free_savings),
        p.currency
    );
    if p.volume > 0 {
        let _ = writeln!(
            out,
            "Cost per 1,000 messages: {} {} ({} messages)",
            display::amount(p.total * Decimal::from(1000) / Decimal::from(p.volume)),
            p.currency,
            display::count(p.volume)
        );
    }
    if let Some(budget) = scenario.budget_monthly {
        let over: Vec<String> = p
            .months
            .iter()
            .filter(|m| m.over_budget == Some(true))
            .map(|m| m.month.to_string())
            .collect();
        if over.is_empty() {
            let _ = writeln!(
                out,
                "Budget: every month within {} {}",
                display::amount(budget),
                p.currency
            );
        } else {
            let by: Vec<String> = p
                .months_over_budget()
                .iter()
                .map(|m| {
                    format!(
                        "{} by {} {}",
                        m.month,
                        display::amount(m.over_by),
                        p.currency
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "Budget: {} month{} over {} {} (marked !): {}",
                over.len(),
                if over.len() == 1 { "" } else { "s" },
                display::amount(budget),
                p.currency,
                by.join(", ")
            );
        }
    }
    if p.months.iter().any(|m| m.assumed_unchanged) {
        let _ = writeln!(out, "* rates assumed unchanged after the newest card");
    }
    let auth_intl = p
        .months
        .iter()
        .flat_map(|m| &m.lines)
        .any(|l| l.category == ChargedCategory::AuthenticationInternational);
    if auth_intl {
        let _ = writeln!(
            out,
            "Authentication to countries other than the primary country is charged as authentication-international."
        );
    }
    out.push_str(&campaigns_table(campaigns, p.currency));
    out.push_str(&volumes_table(scenario, p));
    if !p.warnings.is_empty() || !notices.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        // Names and cells from someone else's file reach the terminal only escaped.
        for n in notices {
            let _ = writeln!(out, "  - {}", display::clip_line(n));
        }
        for w in &p.warnings {
            let _ = writeln!(out, "  - {}", display::clip_line(&w.to_string()));
        }
    }
    out
}

/// For the countries whose volumes are per day or per week: the monthly volumes the engine
/// priced (the base turned into each month's by its days, grown, with campaigns); nothing when
/// every country counts per month.
pub fn volumes_table(scenario: &Scenario, p: &Projection) -> String {
    use crate::domain::Category;
    let countries: Vec<_> = scenario
        .countries
        .iter()
        .filter(|c| !c.unit.is_month())
        .collect();
    if countries.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\nMonthly volumes used (the file gives these countries' volumes per day or per week; with growth and campaigns):\n",
    );
    for c in countries {
        let base: Vec<String> = Category::ALL
            .iter()
            .filter(|k| c.volume(**k) > 0)
            .map(|k| format!("{} {}", display::count(c.volume(*k)), k.name()))
            .collect();
        let _ = writeln!(
            out,
            "  {} ({} {}):",
            c.country.name(),
            if base.is_empty() {
                "no base volumes".to_string()
            } else {
                base.join(", ")
            },
            c.unit.per()
        );
        let rows: Vec<Vec<String>> = estimate_output::monthly_volumes(p, c.country)
            .into_iter()
            .map(|(month, v)| {
                let mut row = vec![month.to_string()];
                row.extend(v.iter().map(|n| display::count(*n)));
                row
            })
            .collect();
        let table = display::text_table(
            &["Month", "Marketing", "Utility", "Auth", "Service"],
            &rows,
            1,
        );
        for line in table.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

/// The campaigns with their own cost (the plan with each minus the plan without it), after
/// the table; nothing without campaigns.
pub fn campaigns_table(campaigns: &[CampaignCost], currency: Currency) -> String {
    if campaigns.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nCampaigns (each one's own cost, inside the totals above):\n");
    for c in campaigns {
        let cost = if c.outside_plan {
            "outside the plan's months: not counted".to_string()
        } else if c.without_countries {
            "the plan has no countries: not counted".to_string()
        } else {
            format!("{} {currency}", display::amount(c.cost))
        };
        let _ = writeln!(
            out,
            "  - {} ({}, {}, {}, {} messages): {cost}",
            display::clip_line(&c.name),
            c.month,
            c.country.label(),
            c.category.name(),
            display::count(c.volume)
        );
    }
    out
}

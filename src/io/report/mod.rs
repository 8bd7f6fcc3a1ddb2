//! Reports to share: a PDF, a CSV for spreadsheets and a PNG of the chart. Each renders the
//! engine's projection as it is (never recomputed), so every figure matches the window and
//! `wacost estimate` to the cent. Files are written whole or not at all (write, then rename).

pub mod canvas;
pub mod chart;
pub mod csv;
pub mod pdf;
pub mod png;

use std::path::Path;

use rust_decimal::Decimal;

use self::canvas::{Align, Page, Rgb, Weight};
use self::pdf::{Column, Flow, Paper};
use crate::domain::calendar::Date;
use crate::domain::campaign_cost::{CampaignCost, campaign_costs};
use crate::domain::compare::Comparison;
use crate::domain::projection::{Projection, country_totals, summary};
use crate::domain::ratebook::RateBook;
use crate::domain::scenario::{CampaignTarget, Scenario};
use crate::domain::variance::Variance;
use crate::glossary;
use crate::io::display;
use crate::io::money::Money;
use crate::io::usage::UsageImport;

/// What a report is made from.
pub struct ReportInput<'a> {
    pub scenario: &'a Scenario,
    pub projection: &'a Projection,
    pub book: &'a RateBook,
    /// Notes about the rates loaded (cards replaced by a folder's).
    pub notices: &'a [String],
    pub generated: Date,
    /// Imported actuals and the file they came from, set beside the plan.
    pub actuals: Option<(&'a str, &'a UsageImport)>,
}

impl ReportInput<'_> {
    /// Each campaign's own cost (`domain::campaign_cost`); none when the plan cannot be
    /// projected again (it was, to make `projection`, so that does not happen in practice).
    pub fn campaign_costs(&self) -> Vec<CampaignCost> {
        campaign_costs(self.scenario, self.book).unwrap_or_default()
    }

    /// The plan against the actuals, reconciled here with the book in the plan's currency (the
    /// reported costs in the currency the import states): for a caller without a [`Variance`]
    /// of its own. `None` without actuals.
    pub fn variance(&self) -> Option<Variance> {
        let (_, a) = self.actuals?;
        Some(Variance::reconciled(
            self.projection,
            &a.actuals,
            self.book,
            a.currency,
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Pdf,
    Csv,
    Png,
}

impl ReportFormat {
    /// From the file name's extension.
    pub fn of(path: &Path) -> Option<ReportFormat> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "pdf" => Some(ReportFormat::Pdf),
            "csv" => Some(ReportFormat::Csv),
            "png" => Some(ReportFormat::Png),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "PDF",
            ReportFormat::Csv => "CSV",
            ReportFormat::Png => "PNG",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    pub paper: Paper,
    /// `b','` or `b';'` (for spreadsheets that use a decimal comma).
    pub delimiter: u8,
}

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions {
            paper: Paper::A4,
            delimiter: b',',
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}: the report's file name must end in .pdf, .csv or .png")]
    UnknownFormat(String),
    #[error("{path}: {message}")]
    Write { path: String, message: String },
    #[error("{0}")]
    Render(String),
}

/// The report's bytes; the PDF's plan against actuals is [`ReportInput::variance`].
pub fn render(
    input: &ReportInput<'_>,
    format: ReportFormat,
    options: ReportOptions,
) -> Result<Vec<u8>, ReportError> {
    // Only the PDF shows the variance: the other formats do not reconcile.
    let variance = match format {
        ReportFormat::Pdf => input.variance(),
        _ => None,
    };
    render_with(input, variance.as_ref(), format, options)
}

/// The report's bytes, the PDF's plan against actuals being `variance` (the caller's, e.g. the
/// window's, reconciled as its Actuals tab shows it). With `input.actuals` but no variance, the
/// PDF names the file without the table.
pub fn render_with(
    input: &ReportInput<'_>,
    variance: Option<&Variance>,
    format: ReportFormat,
    options: ReportOptions,
) -> Result<Vec<u8>, ReportError> {
    match format {
        ReportFormat::Pdf => pdf::render(&pdf_pages(input, variance, options.paper), &title(input))
            .map_err(|e| ReportError::Render(e.to_string())),
        ReportFormat::Csv => {
            let actuals = input.actuals.map(|(_, a)| (&a.actuals, a.currency));
            Ok(csv::report(
                input.projection,
                options.delimiter,
                &input.scenario.name,
                actuals,
                &input.campaign_costs(),
            )
            .into_bytes())
        }
        ReportFormat::Png => png::chart_png(input).map_err(ReportError::Render),
    }
}

/// Renders and writes the report to `path` (format from its extension), atomically; the PDF's
/// plan against actuals is [`ReportInput::variance`].
pub fn write_report(
    path: &Path,
    input: &ReportInput<'_>,
    options: ReportOptions,
) -> Result<ReportFormat, ReportError> {
    let variance = match ReportFormat::of(path) {
        Some(ReportFormat::Pdf) => input.variance(),
        _ => None,
    };
    write_report_with(path, input, variance.as_ref(), options)
}

/// [`write_report_with`], the PDF with a page comparing the plan file's variants when
/// `comparison` is given (see [`pdf_pages_compared`]); the CSV and PNG stay single-variant.
pub fn write_report_compared(
    path: &Path,
    input: &ReportInput<'_>,
    variance: Option<&Variance>,
    options: ReportOptions,
    comparison: Option<&Comparison>,
) -> Result<ReportFormat, ReportError> {
    let (Some(c), Some(ReportFormat::Pdf)) = (comparison, ReportFormat::of(path)) else {
        return write_report_with(path, input, variance, options);
    };
    let pages = pdf_pages_compared(input, variance, options.paper, Some(c));
    let bytes =
        pdf::render(&pages, &title(input)).map_err(|e| ReportError::Render(e.to_string()))?;
    super::atomic::write_atomic(path, &bytes).map_err(|e| ReportError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(ReportFormat::Pdf)
}

/// [`write_report`] with the caller's plan against actuals (see [`render_with`]).
pub fn write_report_with(
    path: &Path,
    input: &ReportInput<'_>,
    variance: Option<&Variance>,
    options: ReportOptions,
) -> Result<ReportFormat, ReportError> {
    let label = path.display().to_string();
    let format = ReportFormat::of(path).ok_or_else(|| ReportError::UnknownFormat(label.clone()))?;
    let written = match format {
        // The CSV streams into the temporary: a long plan is never held whole in memory.
        ReportFormat::Csv => {
            let campaigns = input.campaign_costs();
            super::atomic::write_atomic_with(path, |w| {
                csv::write_report(
                    w,
                    input.projection,
                    options.delimiter,
                    &input.scenario.name,
                    input.actuals.map(|(_, a)| (&a.actuals, a.currency)),
                    &campaigns,
                )
            })
        }
        _ => {
            let bytes = render_with(input, variance, format, options)?;
            super::atomic::write_atomic(path, &bytes)
        }
    };
    written.map_err(|e| ReportError::Write {
        path: label,
        message: e.to_string(),
    })?;
    Ok(format)
}

fn title(input: &ReportInput<'_>) -> String {
    format!("{}: WhatsApp cost plan", input.scenario.name)
}

fn percent(d: Decimal) -> String {
    format!("{} %", d.normalize())
}

/// The PDF's pages: first the headline numbers (the budget naming the months over it), the
/// chart and the assumptions in sentences; then the per-country, per-month and campaign tables
/// (each campaign with its own cost), the warnings in plain words, and an appendix on where the
/// rates come from.
pub fn pdf_pages(input: &ReportInput<'_>, variance: Option<&Variance>, paper: Paper) -> Vec<Page> {
    pdf_pages_compared(input, variance, paper, None)
}

/// [`pdf_pages`] with a page comparing the plan file's variants when `comparison` is given
/// (the variants' headline numbers and differences to the first, and what drives each
/// difference), after the assumptions.
pub fn pdf_pages_compared(
    input: &ReportInput<'_>,
    variance: Option<&Variance>,
    paper: Paper,
    comparison: Option<&Comparison>,
) -> Vec<Page> {
    let s = input.scenario;
    let p = input.projection;
    let cur = p.currency.to_string();
    // Amounts with the currency's symbol and usual decimals (the PDF keeps the decimal point);
    // table cells are bare numbers, the currency named above them.
    let money = Money::new(p.currency);
    let own_cost_title = format!("Own cost ({})", money.symbol());
    let mut flow = Flow::new(paper);
    let width = flow.text_width();
    let m = pdf::MARGIN;

    // Title block.
    flow.advance(18.0);
    let y = flow.y();
    flow.page().text(
        m,
        y,
        18.0,
        Weight::Bold,
        Rgb::BLACK,
        "WhatsApp Business Platform cost plan",
    );
    flow.advance(20.0);
    let y = flow.y();
    // A long name is cut to the line, not run off the page.
    let name = canvas::ellipsize(&s.name, 13.0, Weight::Bold, width);
    flow.page()
        .text(m, y, 13.0, Weight::Bold, Rgb::BLACK, &name);
    flow.advance(14.0);
    let months = s.months;
    flow.paragraph(
        &format!(
            "Amounts in {} · {} to {} ({} month{}) · prepared {}",
            money.unit(),
            s.start_month,
            s.end_month(),
            months,
            if months == 1 { "" } else { "s" },
            input.generated
        ),
        9.5,
        Weight::Regular,
        Rgb::GREY,
    );
    flow.advance(10.0);

    // Headline numbers in five boxes.
    let sum = summary(p);
    let over = p.months_over_budget();
    let budget = match (s.budget_monthly, over.len()) {
        (Some(_), 0) => "every month within".to_string(),
        (Some(_), n) => format!("{n} month{} over", if n == 1 { "" } else { "s" }),
        _ => "none set".to_string(),
    };
    // Under the budget box's value: the month over (the one most over when several) and by
    // how much; the sentence under the boxes lists them all.
    let budget_detail = over.iter().max_by_key(|m| m.over_by).map(|m| {
        format!(
            "{}{} by {}",
            if over.len() > 1 { "most: " } else { "" },
            m.month,
            money.amount(m.over_by)
        )
    });
    let boxes = [
        ("Total", money.amount(sum.total)),
        ("Average month", money.amount(sum.average_month)),
        ("Free-allowance savings", money.amount(sum.free_savings)),
        (
            "Cost per 1,000 messages",
            sum.per_thousand
                .map_or("-".to_string(), |v| money.amount(v)),
        ),
        ("Monthly budget", budget),
    ];
    let bw = (width - 4.0 * 6.0) / 5.0;
    let inner = bw - 10.0;
    // One size for every box: the largest (up to 11 pt) at which every value fits.
    let widest = boxes
        .iter()
        .map(|(_, v)| canvas::text_width(v, 1.0, Weight::Bold))
        .fold(0.0, f32::max);
    let size = (inner / widest).clamp(6.5, 11.0);
    let label_widest = boxes
        .iter()
        .map(|(l, _)| canvas::text_width(l, 1.0, Weight::Regular))
        .fold(0.0, f32::max);
    let label_size = (inner / label_widest).clamp(5.5, 7.5);
    let y = flow.y();
    let box_h = if budget_detail.is_some() { 52.0 } else { 42.0 };
    for (i, (label, value)) in boxes.iter().enumerate() {
        let x = m + i as f32 * (bw + 6.0);
        let page = flow.page();
        page.rect(x, y, bw, box_h, Rgb::STRIPE);
        if i == boxes.len() - 1
            && let Some(detail) = &budget_detail
        {
            let size = (inner / canvas::text_width(detail, 1.0, Weight::Regular)).clamp(5.5, 7.5);
            page.text_in(
                x + 5.0,
                inner,
                y + 44.0,
                size,
                Weight::Regular,
                OVER,
                Align::Left,
                detail,
            );
        }
        page.text_in(
            x + 5.0,
            inner,
            y + 14.0,
            label_size,
            Weight::Regular,
            Rgb::GREY,
            Align::Left,
            label,
        );
        page.text_in(
            x + 5.0,
            inner,
            y + 32.0,
            size,
            Weight::Bold,
            Rgb::BLACK,
            Align::Left,
            value,
        );
    }
    flow.advance(box_h + 4.0);
    // The months over the budget, each by how much, in a sentence.
    if !over.is_empty()
        && let Some(sentence) = glossary::budget(s.budget_monthly, &over, p.currency)
    {
        flow.paragraph(&sentence, BODY_SMALL, Weight::Bold, OVER);
    }
    flow.advance(8.0);

    // The chart.
    let chart_h = 230.0;
    flow.ensure(chart_h);
    let y = flow.y();
    chart::draw(
        flow.page(),
        p,
        s.budget_monthly,
        Some("Cost by month"),
        m,
        y,
        width,
        chart_h,
        1.0,
    );
    flow.advance(chart_h + 8.0);

    // Assumptions, in sentences; where the rates come from is the appendix.
    flow.heading("Assumptions");
    flow.facts(&assumptions(s, p));

    if let Some(c) = comparison {
        comparison_page(&mut flow, c, &s.name);
    }

    // Per country.
    flow.heading("By country");
    let mut rows: Vec<Vec<String>> = Vec::new();
    let per_country = country_totals(p);
    for c in &per_country {
        rows.push(vec![
            format!("{} ({})", c.country.name(), c.country.code()),
            c.markets
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            display::count(c.volume),
            display::count(c.free_volume),
            money.number(c.meta_cost),
            money.number(c.provider_cost),
            money.number(c.tax),
            money.number(c.total),
        ]);
    }
    let fee: Decimal = p
        .months
        .iter()
        .map(|mp| mp.platform_fee + mp.platform_fee_tax)
        .sum();
    if !fee.is_zero() {
        rows.push(vec![
            "Provider monthly fee".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            money.number(p.months.iter().map(|mp| mp.platform_fee).sum()),
            money.number(p.months.iter().map(|mp| mp.platform_fee_tax).sum()),
            money.number(fee),
        ]);
    }
    rows.push(total_row(p));
    flow.table(
        &[
            Column::left("Country", 1.9),
            Column::left("Market", 1.5),
            Column::right("Messages", 1.0),
            Column::right("Free", 0.9),
            Column::right("Meta cost", 1.1),
            Column::right("Provider", 1.1),
            Column::right("Tax", 1.1),
            Column::right("Total", 1.1),
        ],
        &rows,
        true,
    );

    // Per month.
    flow.heading("By month");
    let mut rows: Vec<Vec<String>> = p
        .months
        .iter()
        .map(|mp| {
            vec![
                mp.month.to_string(),
                format!(
                    "{}{}",
                    mp.card.effective,
                    if mp.assumed_unchanged { "*" } else { "" }
                ),
                display::count(mp.volume),
                display::count(mp.free_volume),
                money.number(mp.meta_cost),
                money.number(mp.provider_cost),
                money.number(mp.tax),
                format!(
                    "{}{}",
                    money.number(mp.total),
                    if mp.over_budget == Some(true) {
                        " !"
                    } else {
                        ""
                    }
                ),
            ]
        })
        .collect();
    rows.push(total_row(p));
    flow.table(
        &[
            Column::left("Month", 1.0),
            Column::left("Meta rates of", 1.1),
            Column::right("Messages", 1.1),
            Column::right("Free", 1.0),
            Column::right("Meta cost", 1.1),
            Column::right("Provider", 1.1),
            Column::right("Tax", 1.1),
            Column::right("Total", 1.1),
        ],
        &rows,
        true,
    );
    if p.months.iter().any(|mp| mp.assumed_unchanged) {
        flow.paragraph(
            "* Meta has not published rates for this month yet: priced at the newest rates known.",
            8.0,
            Weight::Regular,
            Rgb::GREY,
        );
    }
    if p.months.iter().any(|mp| mp.over_budget == Some(true)) {
        flow.paragraph(
            "! over the monthly budget.",
            8.0,
            Weight::Regular,
            Rgb::GREY,
        );
    }

    // Campaigns, each with its own cost.
    if !s.campaigns.is_empty() {
        flow.heading("One-off campaigns");
        let costs = input.campaign_costs();
        let rows: Vec<Vec<String>> = s
            .campaigns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cost = costs.iter().find(|k| k.index == i);
                let (own, note) = match cost {
                    Some(k) if k.outside_plan => (
                        String::new(),
                        "outside the plan's months: not counted".to_string(),
                    ),
                    Some(k) if k.without_countries => (
                        String::new(),
                        "the plan has no countries: not counted".to_string(),
                    ),
                    Some(k) => (money.number(k.cost), String::new()),
                    None => (String::new(), String::new()),
                };
                vec![
                    c.name.clone(),
                    c.month.to_string(),
                    match c.country {
                        CampaignTarget::Country(country) => country.name().to_string(),
                        CampaignTarget::AllSelected => "every planned country".into(),
                    },
                    c.category.label().to_string(),
                    display::count(c.volume),
                    own,
                    note,
                ]
            })
            .collect();
        flow.table(
            &[
                Column::left("Campaign", 1.6),
                Column::left("Month", 0.8),
                Column::left("Countries", 1.4),
                Column::left("Category", 1.0),
                Column::right("Messages", 1.0),
                Column::right(&own_cost_title, 1.1),
                Column::left("Note", 1.6),
            ],
            &rows,
            false,
        );
        flow.paragraph(
            "A campaign's own cost is what the plan costs with it minus what it costs without it (Meta, provider fees and tax); it is already in the totals above.",
            8.0,
            Weight::Regular,
            Rgb::GREY,
        );
    }

    // Plan against actuals.
    if let Some((file, a)) = input.actuals {
        flow.heading("Plan against actuals");
        flow.paragraph(
            &format!(
                "Actuals from {file}: {} rows used, {} skipped. Recomputed is what Meta's rates charge for the volumes the file reports; reported is the file's own figure where it gives one; actual − plan takes the reported figure when it is in the plan's currency, else the recomputed one.",
                a.rows_used, a.rows_skipped
            ),
            BODY_SMALL,
            Weight::Regular,
            Rgb::GREY,
        );
        flow.advance(6.0);
        if let Some(v) = variance {
            variance_table(&mut flow, v);
        }
    }

    // Warnings.
    if !p.warnings.is_empty() || !input.notices.is_empty() {
        flow.heading("Warnings");
        for n in input.notices {
            flow.paragraph(&format!("- {n}"), BODY_SMALL, Weight::Regular, Rgb::BLACK);
        }
        // Missing volume discounts of one card are one sentence.
        for w in glossary::warnings_for_plan(&p.warnings, s) {
            flow.paragraph(&format!("- {w}"), BODY_SMALL, Weight::Regular, Rgb::BLACK);
        }
    }

    // Appendix: where the rates come from.
    flow.heading("Where the rates come from");
    for text in rate_sources(input) {
        flow.paragraph(&text, BODY_SMALL, Weight::Regular, Rgb::BLACK);
        flow.advance(3.0);
    }
    flow.finish(
        &canvas::ellipsize(
            &format!("wacost · {}", s.name),
            8.0,
            Weight::Regular,
            width * 0.6,
        ),
        &format!("{cur} · prepared {}", input.generated),
    )
}

const BODY_SMALL: f32 = 8.5;

/// The variants side by side on a page of their own: a table of headline numbers and the
/// difference to the first, then a few sentences on what drives each difference.
fn comparison_page(flow: &mut Flow, c: &Comparison, priced: &str) {
    let Some(first) = c.variants.first() else {
        return;
    };
    flow.new_page();
    flow.heading("Variants compared");
    flow.paragraph(
        &format!(
            "The plan file holds {} variants; this report prices \"{priced}\". Each variant is compared with the first, \"{}\".",
            c.variants.len(),
            first.label
        ),
        BODY_SMALL,
        Weight::Regular,
        Rgb::GREY,
    );
    flow.advance(6.0);
    let rows: Vec<Vec<String>> = c
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let money = Money::new(v.currency);
            vec![
                v.label.clone(),
                money.amount(v.total),
                money.amount(v.average_month),
                money.amount(v.free_savings),
                v.months_over_budget
                    .map_or("no budget".into(), |n| n.to_string()),
                match (i, v.difference) {
                    (0, _) => "-".into(),
                    (_, Some(d)) => money.signed(d),
                    (_, None) => "other currency".into(),
                },
            ]
        })
        .collect();
    flow.table(
        &[
            Column::left("Variant", 1.8),
            Column::right("Total", 1.2),
            Column::right("Average month", 1.2),
            Column::right("Free allowance saved", 1.2),
            Column::right("Months over budget", 0.9),
            Column::right("Difference to first", 1.2),
        ],
        &rows,
        false,
    );
    flow.heading("What drives the difference");
    for (i, v) in c.variants.iter().enumerate().skip(1) {
        let money = Money::new(v.currency);
        let text = match (v.difference, c.drivers.get(i)) {
            (None, _) => format!(
                "{} is in {}, the first variant in {}: amounts in two currencies are not compared.",
                v.label, v.currency, first.currency
            ),
            (Some(d), Some(ds)) if !ds.is_empty() => {
                let causes: Vec<String> = ds
                    .iter()
                    .take(4)
                    .map(|x| x.describe(&|a| money.amount(a)))
                    .collect();
                format!(
                    "{} costs {} {} than {}. {}.",
                    v.label,
                    money.amount(d.abs()),
                    if d >= Decimal::ZERO { "more" } else { "less" },
                    first.label,
                    causes.join("; ")
                )
            }
            _ => format!("{} costs the same as {}.", v.label, first.label),
        };
        flow.paragraph(&text, BODY_SMALL, Weight::Regular, Rgb::BLACK);
        flow.advance(3.0);
    }
    flow.paragraph(
        "Countries and categories are two views of one change: each set adds up to the difference less the change in the provider's monthly fee.",
        8.0,
        Weight::Regular,
        Rgb::GREY,
    );
}

/// The colour of what is over the budget (the chart's budget line).
const OVER: Rgb = chart::palette::BUDGET;

/// The assumptions as label and sentence, in a marketer's words (the glossary's).
fn assumptions(s: &Scenario, p: &Projection) -> Vec<(String, String)> {
    let money = Money::new(p.currency);
    let mut facts: Vec<(String, String)> = Vec::new();
    // Rates: one sentence per card, naming the months it prices.
    let mut cards: Vec<_> = p.months.iter().map(|mp| (mp.card, mp.pinned)).collect();
    cards.dedup();
    let mut rates: Vec<String> = Vec::new();
    for (id, pinned) in cards {
        let months: Vec<_> = p.months.iter().filter(|mp| mp.card == id).collect();
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            continue;
        };
        let newer: Vec<_> = months.iter().filter(|mp| mp.assumed_unchanged).collect();
        let mut text = format!(
            "{}: {}{}.",
            glossary::month_span(first.month, last.month),
            glossary::card(id),
            if pinned {
                ", chosen for every month"
            } else {
                ""
            }
        );
        if let (Some(a), Some(b)) = (newer.first(), newer.last()) {
            text.push_str(&format!(
                " Meta has not published rates for {} yet, so the newest known are used.",
                glossary::month_span(a.month, b.month)
            ));
        }
        rates.push(text);
    }
    facts.push(("Rates".into(), rates.join(" ")));
    let mut eras: Vec<_> = p.months.iter().map(|mp| mp.era).collect();
    eras.dedup();
    for era in eras {
        facts.push((
            "How Meta charges".into(),
            format!("{}: {}", glossary::era_name(era), glossary::era_rules(era)),
        ));
    }
    facts.push((
        "Click-to-WhatsApp ads".into(),
        format!(
            "{} of the messages are sent within 72 hours after a customer taps a click-to-WhatsApp ad or a Page button; Meta does not charge for them.",
            percent(s.assumptions.fep_share_pct)
        ),
    ));
    if p.months
        .iter()
        .any(|mp| mp.era == crate::domain::era::Era::Pmp2025)
    {
        facts.push((
            "Chats already open".into(),
            format!(
                "{} of utility messages are sent while the customer's chat is open; Meta did not charge for them from July 2025 to September 2026.",
                percent(s.assumptions.csw_utility_share_pct)
            ),
        ));
    }
    let g = &s.growth_pct;
    facts.push((
        "Growth".into(),
        if [g.marketing, g.utility, g.authentication, g.service]
            .iter()
            .all(|v| v.is_zero())
        {
            "Volumes stay the same every month.".into()
        } else {
            format!(
                "Each month the volumes grow by: marketing {}, utility {}, authentication {}, service {}.",
                percent(g.marketing),
                percent(g.utility),
                percent(g.authentication),
                percent(g.service)
            )
        },
    ));
    let n = s.business.phone_numbers;
    facts.push((
        "Business".into(),
        format!(
            "{n} phone number{} ({} free replies to customers a month){}.",
            if n == 1 { "" } else { "s" },
            display::count(u64::from(n) * crate::domain::projection::FREE_TIER_UNITS),
            s.business
                .primary_country
                .map(|c| format!("; based in {}", c.name()))
                .unwrap_or_default()
        ),
    ));
    let pr = &s.provider;
    facts.push((
        "Provider fees".into(),
        if pr.per_message_fee.is_zero() && pr.markup_pct.is_zero() && pr.monthly_fee.is_zero() {
            "None: Meta's charges only.".into()
        } else {
            let mut parts: Vec<String> = Vec::new();
            if !pr.per_message_fee.is_zero() {
                parts.push(format!(
                    "{} {} per message",
                    money.symbol(),
                    pr.per_message_fee.normalize()
                ));
            }
            if !pr.markup_pct.is_zero() {
                parts.push(format!(
                    "a markup of {} on Meta's charges",
                    percent(pr.markup_pct)
                ));
            }
            if !pr.monthly_fee.is_zero() {
                parts.push(format!("{} a month", money.amount(pr.monthly_fee)));
            }
            format!("{}.", capitalise(&parts.join(", ")))
        },
    ));
    facts.push((
        "Tax".into(),
        if pr.tax_pct.is_zero() {
            "None added.".into()
        } else {
            format!(
                "{} on Meta's charges and the provider's fees.",
                percent(pr.tax_pct)
            )
        },
    ));
    if let Some(b) = s.budget_monthly {
        facts.push(("Monthly budget".into(), money.amount(b)));
    }
    facts
}

/// The appendix: for each card the plan uses, where its rates come from, in the card's words.
fn rate_sources(input: &ReportInput<'_>) -> Vec<String> {
    let mut ids: Vec<_> = input.projection.months.iter().map(|mp| mp.card).collect();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        if out.iter().any(|(i, _)| *i == id) {
            continue;
        }
        let text = match input.book.card(id) {
            Some(card) => {
                let mut t = format!(
                    "{}: {}. {}",
                    glossary::card(id),
                    glossary::rate_source(card.status),
                    capitalise(card.source.trim().trim_end_matches('.'))
                );
                t.push('.');
                let note = card.note.trim();
                if !note.is_empty() {
                    t.push(' ');
                    t.push_str(note);
                }
                // A derived card: the factor and what it rests on, so the reader knows how sure.
                if let Some(d) = &card.derivation {
                    t.push_str(&format!(" Factor: {}.", d.basis.trim_end_matches('.')));
                }
                t
            }
            None => glossary::card(id),
        };
        out.push((id, text));
    }
    let mut texts: Vec<String> = out.into_iter().map(|(_, t)| t).collect();
    texts.push(
        "Rates are Meta's list prices as loaded in wacost; check them against Meta's official rate card before you commit a budget.".into(),
    );
    texts
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The plan against actuals: one row a month, the totals over the months both have, and what
/// cannot be compared.
fn variance_table(flow: &mut Flow, v: &Variance) {
    // Reported costs in another or an unknown currency are shown, never subtracted.
    if let Some(note) = &v.note {
        flow.paragraph(note, BODY_SMALL, Weight::Regular, Rgb::GREY);
        flow.advance(4.0);
    }
    if let Some(note) = v.no_common_months_note() {
        flow.paragraph(&note, BODY_SMALL, Weight::Regular, Rgb::GREY);
        flow.advance(4.0);
    }
    let opt_count = |v: Option<u64>| v.map_or("-".to_string(), display::count);
    let money = Money::new(v.currency);
    let opt_amount = |v: Option<Decimal>| v.map_or("-".to_string(), |d| money.number(d));
    // A reported cost in another currency keeps two decimals, not the plan currency's.
    let comparable = v.comparable;
    let reported = |r: Option<Decimal>| match r {
        Some(d) if !comparable => display::amount(d),
        r => opt_amount(r),
    };
    let diff = |d: Option<Decimal>, too_large: bool| match d {
        Some(d) => money.number(d),
        None if too_large => "too large".into(),
        None => "-".into(),
    };
    let mut rows: Vec<Vec<String>> = v
        .months
        .iter()
        .map(|m| {
            vec![
                m.month.to_string(),
                opt_count(m.planned_volume),
                display::count(m.actual_volume),
                opt_amount(m.planned_meta_cost),
                opt_amount(m.recomputed_cost),
                reported(m.reported_cost),
                diff(m.actual_minus_plan, m.too_large),
            ]
        })
        .collect();
    if let Some(t) = &v.total {
        rows.push(vec![
            format!(
                "Total, {} month{} in both",
                t.months,
                if t.months == 1 { "" } else { "s" }
            ),
            opt_count(t.planned_volume),
            opt_count(t.actual_volume),
            opt_amount(t.planned_meta_cost),
            opt_amount(t.recomputed_cost),
            reported(t.reported_cost),
            diff(t.actual_minus_plan, t.too_large),
        ]);
    }
    flow.table(
        &[
            Column::left("Month", 1.0),
            Column::right("Planned messages", 1.3),
            Column::right("Actual messages", 1.3),
            Column::right("Planned Meta cost", 1.3),
            Column::right("Recomputed", 1.2),
            Column::right("Reported", 1.2),
            Column::right("Actual − plan", 1.2),
        ],
        &rows,
        v.total.is_some(),
    );
}

/// The plan's totals under the two tables' eight columns.
fn total_row(p: &Projection) -> Vec<String> {
    let money = Money::new(p.currency);
    vec![
        "Total".into(),
        String::new(),
        display::count(p.volume),
        display::count(p.months.iter().map(|mp| mp.free_volume).sum()),
        money.number(p.meta_cost),
        money.number(p.provider_cost),
        money.number(p.tax),
        money.number(p.total),
    ]
}

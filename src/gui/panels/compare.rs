//! Compare: the plan's variants side by side. A summary per variant (total, average month, free
//! allowance saved, months over budget, difference to the first), one line per variant on a
//! monthly chart, a table per month and one per country with each variant's cost and its
//! difference to the first, and what drives each difference. The comparison itself is made by
//! `domain::compare` in the app's recompute (only while this tab is open), never here.

use egui::{RichText, Ui};
use egui_plot::{HLine, Line, Plot, PlotPoints};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::compare::{Comparison, VariantSummary};
use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;
use crate::gui::widgets::Money;
use crate::gui::widgets::plot::{month_axis, month_marks};
use crate::gui::widgets::table_copy::{self, Column};

/// The Compare tab's view state: each table's sort (column, descending).
#[derive(Debug, Default)]
pub struct ComparePanel {
    pub month_sort: Option<(usize, bool)>,
    pub country_sort: Option<(usize, bool)>,
}

impl ComparePanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        show(self, cx, ui);
    }
}

/// A difference with its sign, as a table's cell: "+1,234.50", "−80.00", "0.00" (the
/// currency's decimals and the user's decimal mark; the note above the table names the
/// currency).
pub fn signed(d: Decimal, money: Money) -> String {
    if d > Decimal::ZERO {
        format!("+{}", money.number(d))
    } else if d < Decimal::ZERO {
        format!("−{}", money.number(-d))
    } else {
        money.number(d)
    }
}

fn show(view: &mut ComparePanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    if cx.doc.variants.len() < 2 {
        ui.add_space(8.0);
        ui.heading("Only one variant");
        ui.add(
            egui::Label::new(
                "Compare weighs versions of this plan side by side: \"Base\" against \"With \
                 Carnival\", or this year's volumes against 20 % more. To make another version, \
                 click \"Duplicate variant\" above the plan on the left, change the copy, and \
                 come back here.",
            )
            .wrap(),
        );
        return;
    }
    let derived = cx.derived;
    let comparison = match &derived.comparison {
        Some(Ok(c)) => c,
        Some(Err(why)) => {
            ui.label(
                RichText::new(format!("The variants cannot be compared: {why}."))
                    .color(theme::ERROR.on(ui)),
            );
            return;
        }
        None => {
            ui.label("Working out the comparison…");
            return;
        }
    };
    let shown = cx.doc.shown;
    let comma = cx.settings.decimal_comma;
    // The tables are in the first variant's currency (a variant in another one has no
    // difference column).
    let Some(money) = comparison
        .variants
        .first()
        .map(|v| Money::new(v.currency).decimal_comma(comma))
    else {
        ui.label("No variant to compare.");
        return;
    };
    let mut pick = None;
    egui::ScrollArea::vertical()
        .id_salt("compare scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            pick = summaries(ui, comparison, shown, comma);
            ui.add_space(6.0);
            chart(ui, comparison, comma);
            ui.add_space(6.0);
            drivers(ui, comparison, comma);
            ui.add_space(6.0);
            ui.heading("Cost per month");
            let months = month_table(comparison, money);
            table(ui, "compare months", &months, &mut view.month_sort);
            ui.add_space(6.0);
            ui.heading("Cost per country");
            let countries = country_table(comparison, money);
            table(ui, "compare countries", &countries, &mut view.country_sort);
            ui.add_space(4.0);
            ui.label(
                RichText::new(
                    "Countries' costs leave out the provider's platform fee, which belongs to no \
                     country.",
                )
                .small()
                .weak(),
            );
        });
    if let Some(i) = pick {
        cx.run(Command::ShowVariant(i));
    }
}

/// One box per variant with its headline numbers.
/// Returns the variant the user asked to show in the plan, if any.
fn summaries(ui: &mut Ui, c: &Comparison, shown: usize, comma: bool) -> Option<usize> {
    let first = c
        .variants
        .first()
        .map(|v| v.label.clone())
        .unwrap_or_default();
    // Rows of as many boxes as fit (a frame does not wrap in a wrapping row by itself).
    let gap = ui.spacing().item_spacing.x;
    let outer = BOX_WIDTH + 2.0 * 7.0 + gap;
    let per_row = (((ui.available_width() + gap) / outer).floor() as usize).max(1);
    let indexed: Vec<(usize, &VariantSummary)> = c.variants.iter().enumerate().collect();
    let mut show = None;
    for row in indexed.chunks(per_row) {
        ui.horizontal(|ui| summary_row(ui, row, &first, shown, comma, &mut show));
    }
    show
}

/// The width of a variant's box, inside its frame.
const BOX_WIDTH: f32 = 190.0;

fn summary_row(
    ui: &mut Ui,
    row: &[(usize, &VariantSummary)],
    first: &str,
    shown: usize,
    comma: bool,
    show: &mut Option<usize>,
) {
    {
        for &(i, v) in row {
            let cur = v.currency.to_string();
            let m = Money::new(v.currency).decimal_comma(comma);
            let money = |d: Decimal| m.amount(d);
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(BOX_WIDTH);
                ui.vertical(|ui| {
                    let mut name = RichText::new(&v.label).strong();
                    name = name.color(theme::variant(i).on(ui));
                    ui.add(egui::Label::new(name).truncate());
                    ui.label(RichText::new(money(v.total)).size(18.0).strong());
                    ui.label(format!("Average month: {}", money(v.average_month)));
                    ui.label(format!("Free allowance saves {}", money(v.free_savings)));
                    ui.label(match v.months_over_budget {
                        None => "No monthly budget".to_string(),
                        Some(0) => "Within budget every month".to_string(),
                        Some(1) => "1 month over budget".to_string(),
                        Some(n) => format!("{n} months over budget"),
                    });
                    let diff = if i == 0 {
                        "The variant the others are compared with".to_string()
                    } else {
                        match v.difference {
                            Some(d) => format!("Difference to {first}: {}", m.signed(d)),
                            None => format!("In {cur}: not comparable with {first}"),
                        }
                    };
                    ui.add(egui::Label::new(RichText::new(diff).weak()).wrap());
                    if i == shown {
                        ui.label(RichText::new("Shown in the plan").small().weak());
                    } else if ui
                        .small_button("Show in the plan")
                        .accessible_name(format!("Edit variant {}", v.label))
                        .on_hover_text("Shows this variant on the left, to change it")
                        .clicked()
                    {
                        *show = Some(i);
                    }
                });
            });
        }
    }
}

/// One line per variant: its total cost per month.
fn chart(ui: &mut Ui, c: &Comparison, comma: bool) {
    let labels: Vec<String> = c.months.iter().map(|m| m.month.to_string()).collect();
    let n = labels.len();
    let lines: Vec<(String, egui::Color32, Vec<[f64; 2]>)> = c
        .variants
        .iter()
        .enumerate()
        .map(|(v, s)| {
            let points = c
                .months
                .iter()
                .enumerate()
                .filter_map(|(i, row)| {
                    let cost = row.costs.get(v).copied().flatten()?;
                    Some([i as f64, cost.to_f64().unwrap_or(0.0)])
                })
                .collect();
            (s.label.clone(), theme::variant(v).on(ui), points)
        })
        .collect();
    let currency = c
        .variants
        .first()
        .map(|v| v.currency.to_string())
        .unwrap_or_default();
    let money = c
        .variants
        .first()
        .map(|v| Money::new(v.currency).decimal_comma(comma));
    // The monthly budget, drawn when every variant has the same one (else each card says its
    // own).
    let budgets: Vec<Option<Decimal>> = c.projections.iter().map(|p| p.budget_monthly).collect();
    let budget = match budgets.first() {
        Some(Some(b)) if budgets.iter().all(|x| *x == Some(*b)) => Some(*b),
        _ => None,
    };
    let budget_colour = theme::BUDGET.on(ui);
    // The legend above the plot, so it never covers a line.
    ui.horizontal_wrapped(|ui| {
        for (name, colour, _) in &lines {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 4.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 1.0, *colour);
            ui.label(name);
            ui.add_space(6.0);
        }
        if let Some(b) = budget {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 4.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 1.0, budget_colour);
            ui.label(format!(
                "Budget: {} a month",
                money.map_or_else(|| b.to_string(), |m| m.amount(b))
            ));
        }
    });
    Plot::new("compare chart")
        .height(220.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .y_axis_label(crate::gui::widgets::plot::axis_title(
            "Cost per month",
            &currency,
        ))
        .x_axis_formatter(month_axis(labels))
        .x_grid_spacer(month_marks(n))
        .y_axis_formatter(move |mark, range| match money {
            Some(m) => crate::gui::widgets::plot::money_axis(m)(mark, range),
            None => String::new(),
        })
        .include_y(budget.map_or(0.0, |b| b.to_f64().unwrap_or(0.0)))
        .show(ui, |plot| {
            if let Some(b) = budget {
                plot.hline(
                    HLine::new("Budget", b.to_f64().unwrap_or(0.0))
                        .color(budget_colour)
                        .style(egui_plot::LineStyle::dashed_loose())
                        .width(1.5)
                        .allow_hover(false),
                );
            }
            for (name, colour, points) in lines {
                plot.line(
                    Line::new(name, PlotPoints::from(points))
                        .color(colour)
                        .width(2.0),
                );
            }
        });
}

/// What drives each variant's difference to the first, largest first.
fn drivers(ui: &mut Ui, c: &Comparison, comma: bool) {
    let first = c
        .variants
        .first()
        .map(|v| v.label.clone())
        .unwrap_or_default();
    ui.heading("What drives the difference");
    for (v, summary) in c.variants.iter().enumerate().skip(1) {
        let cur = summary.currency.to_string();
        let m = Money::new(summary.currency).decimal_comma(comma);
        let money = |d: Decimal| m.amount(d);
        ui.label(RichText::new(format!("{} against {first}", summary.label)).strong());
        let list = c.drivers.get(v).map(Vec::as_slice).unwrap_or_default();
        if !c.comparable(v) {
            ui.label(format!(
                "Priced in {cur}, not in {first}'s currency: the amounts do not subtract."
            ));
        } else if list.is_empty() {
            ui.label("Nothing: it costs the same.");
        }
        for d in list.iter().take(6) {
            ui.label(format!("• {}", d.describe(&money)));
        }
        ui.add_space(4.0);
    }
}

/// One row: its cells on screen, for a spreadsheet, and the amounts the columns sort by.
type Cells = (Vec<String>, Vec<String>, Vec<Option<Decimal>>);

/// A table of rows with a label column, then each variant's cost and (after the first) its
/// difference to the first.
struct Table {
    columns: Vec<Column>,
    /// The headings of the copied table.
    copied: Vec<String>,
    /// On screen, for a spreadsheet, and the key each numeric column sorts by.
    rows: Vec<Cells>,
    total: (Vec<String>, Vec<String>),
    /// What the amounts are in: "R$ (BRL)".
    unit: String,
}

/// The columns on screen (a difference is headed "Difference", right after its variant, so the
/// headings stay short) and the headings of the copied table, which say what each is.
fn heads(c: &Comparison, first: &str) -> (Vec<Column>, Vec<String>) {
    let currency = currency(c);
    let mut columns = vec![Column::text(first.to_string(), 80.0)];
    let mut copied = vec![first.to_string()];
    for (v, s) in c.variants.iter().enumerate() {
        columns.push(Column::number(s.label.clone()));
        copied.push(format!("{} ({currency})", s.label));
        if v > 0 && c.comparable(v) {
            columns.push(Column::number("Difference"));
            copied.push(format!(
                "{} − {} ({currency})",
                s.label, c.variants[0].label
            ));
        }
    }
    (columns, copied)
}

/// The cells of one row: each variant's cost and, after the first, its difference.
fn cells(
    c: &Comparison,
    money: Money,
    costs: &[Option<Decimal>],
    diff: impl Fn(usize) -> Option<Decimal>,
) -> Cells {
    let (mut shown, mut plain, mut keys) = (Vec::new(), Vec::new(), Vec::new());
    for v in 0..c.variants.len() {
        let cost = costs.get(v).copied().flatten();
        shown.push(cost.map_or("—".into(), |d| money.number(d)));
        plain.push(cost.map(table_copy::amount).unwrap_or_default());
        keys.push(cost);
        if v > 0 && c.comparable(v) {
            let d = diff(v);
            shown.push(d.map_or("—".into(), |d| signed(d, money)));
            plain.push(d.map(table_copy::amount).unwrap_or_default());
            keys.push(d);
        }
    }
    (shown, plain, keys)
}

fn totals(c: &Comparison, money: Money, sums: &[Decimal]) -> (Vec<String>, Vec<String>) {
    let costs: Vec<Option<Decimal>> = sums.iter().copied().map(Some).collect();
    let first = sums.first().copied().unwrap_or_default();
    let (mut shown, mut plain, _) = cells(c, money, &costs, |v| sums.get(v).map(|s| *s - first));
    shown.insert(0, "Total".into());
    plain.insert(0, "Total".into());
    (shown, plain)
}

fn currency(c: &Comparison) -> String {
    c.variants
        .first()
        .map(|v| v.currency.to_string())
        .unwrap_or_default()
}

/// The table per month, amounts written with `money` (the first variant's currency).
fn month_table(c: &Comparison, money: Money) -> Table {
    let (columns, copied) = heads(c, "Month");
    let mut sums = vec![Decimal::ZERO; c.variants.len()];
    let rows = c
        .months
        .iter()
        .map(|row| {
            for (s, cost) in sums.iter_mut().zip(&row.costs) {
                *s += cost.unwrap_or_default();
            }
            let (mut shown, mut plain, keys) =
                cells(c, money, &row.costs, |v| c.month_difference(row, v));
            shown.insert(0, row.month.to_string());
            plain.insert(0, row.month.to_string());
            (shown, plain, keys)
        })
        .collect();
    Table {
        columns,
        copied,
        rows,
        total: totals(c, money, &sums),
        unit: money.unit(),
    }
}

/// The table per country, amounts written with `money` (the first variant's currency).
fn country_table(c: &Comparison, money: Money) -> Table {
    let (columns, copied) = heads(c, "Country");
    let mut sums = vec![Decimal::ZERO; c.variants.len()];
    let rows = c
        .countries
        .iter()
        .map(|row| {
            for (s, cost) in sums.iter_mut().zip(&row.costs) {
                *s += *cost;
            }
            let costs: Vec<Option<Decimal>> = row.costs.iter().copied().map(Some).collect();
            let (mut shown, mut plain, keys) =
                cells(c, money, &costs, |v| c.country_difference(row, v));
            shown.insert(0, row.country.name().to_string());
            plain.insert(0, row.country.name().to_string());
            (shown, plain, keys)
        })
        .collect();
    Table {
        columns,
        copied,
        rows,
        total: totals(c, money, &sums),
        unit: money.unit(),
    }
}

/// Row order for a sort: the label column keeps the comparison's order (months in time,
/// countries dearest first), reversed when descending; the others by amount.
fn order(t: &Table, sort: Option<(usize, bool)>) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..t.rows.len()).collect();
    let Some((col, desc)) = sort else {
        return idx;
    };
    if col > 0 {
        idx.sort_by_key(|i| t.rows[*i].2.get(col - 1).copied().flatten());
    }
    if desc {
        idx.reverse();
    }
    idx
}

fn table(ui: &mut Ui, id: &str, t: &Table, sort: &mut Option<(usize, bool)>) {
    let mut copy = false;
    ui.horizontal_wrapped(|ui| {
        copy = table_copy::copy_button(ui);
        ui.label(
            RichText::new(format!(
                "Amounts in {}; a difference is the variant before it minus the first. Click a \
                 heading to sort.",
                t.unit
            ))
            .weak(),
        );
    });
    if copy {
        let titles: Vec<&str> = t.copied.iter().map(String::as_str).collect();
        let mut rows: Vec<Vec<String>> = order(t, *sort)
            .into_iter()
            .map(|i| t.rows[i].1.clone())
            .collect();
        rows.push(t.total.1.clone());
        ui.ctx().copy_text(table_copy::tsv(&titles, &rows));
    }
    let mut columns = t.columns.clone();
    let mut samples: Vec<Vec<String>> = t.rows.iter().map(|r| r.0.clone()).collect();
    samples.push(t.total.0.clone());
    let available = ui.available_width() - ui.spacing().scroll.bar_width - 8.0;
    table_copy::fit(ui, &mut columns, &samples, available);
    let width = table_copy::row_width(&columns);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut clicked = None;
    egui::ScrollArea::horizontal().id_salt(id).show(ui, |ui| {
        ui.vertical(|ui| {
            ui.set_min_width(width);
            clicked = table_copy::headings(ui, &columns, *sort);
            ui.separator();
            for i in order(t, *sort) {
                table_copy::row(ui, &columns, &t.rows[i].0, false, row_height);
            }
            ui.separator();
            table_copy::row(ui, &columns, &t.total.0, true, row_height);
        });
    });
    if let Some(i) = clicked {
        *sort = Some(match *sort {
            Some((c, d)) if c == i => (i, !d),
            _ => (i, i > 0),
        });
    }
}

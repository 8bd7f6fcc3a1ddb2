//! The projection tab: headline cards that say what each figure covers (which months are over
//! the budget and by how much, why the free allowance saves nothing), and the stacked monthly
//! chart: solid layers, the free allowance drawn hollow on top, the budget line with the months
//! over it outlined, markers where cards or rules change, a legend above the plot, and the
//! cumulative spend (View menu) in a small plot of its own under it.

use egui::{Color32, RichText, Ui};
use egui_plot::{BarChart, HLine, Line, LineStyle, Plot, PlotPoint, PlotPoints, Text, VLine};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::era::Era;
use crate::domain::projection::{ChartLayer, MonthOverBudget, Projection, chart_layers};
use crate::domain::{ChargedCategory, Scenario};
use crate::glossary::{month_long, month_short};
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;
use crate::gui::widgets::Money;
use crate::gui::widgets::card::{Card, card_rows};
use crate::gui::widgets::plot::{
    BAR_WIDTH, LegendEntry, Scale, StackedMonth, Swatch, axis_title, hollow_bars, hover_months,
    legend_row, money_axis, month_axis, month_marks, solid_bars, stack,
};

pub use crate::domain::projection::{Summary, summary};

/// The Projection tab (its state lives in the settings: the cumulative line).
#[derive(Debug, Default)]
pub struct ProjectionPanel;

impl ProjectionPanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        show(cx, ui);
    }
}

fn show(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let Some(p) = cx.projection else {
        ui.label("Nothing to show yet.");
        return;
    };
    let money = Money::new(p.currency).decimal_comma(cx.settings.decimal_comma);
    let cards = headline_cards(p, cx.scenario, money, ui.visuals().dark_mode);
    card_rows(ui, &cards);
    ui.add_space(6.0);
    chart(cx, ui);
}

/// The five headline cards of a projection, amounts written with `money` (the projection's
/// currency, in the user's decimal mark).
pub fn headline_cards(p: &Projection, scenario: &Scenario, money: Money, dark: bool) -> Vec<Card> {
    let s = summary(p);
    let months = p.months.len();
    let span = match (p.months.first(), p.months.last()) {
        (Some(a), Some(b)) if months > 1 => {
            format!(": {} – {}", month_short(a.month), month_short(b.month))
        }
        (Some(a), _) => format!(": {}", month_short(a.month)),
        _ => String::new(),
    };
    let total = Card::new("Total", money.amount(s.total))
        .note(format!("{months} month{}{span}", plural(months)))
        .hover(format!(
            "Meta {}\nProvider fees {}\nTax {}",
            money.amount(p.meta_cost),
            money.amount(p.provider_cost),
            money.amount(p.tax)
        ));

    let highest = p.months.iter().max_by_key(|m| m.total);
    let mut average = Card::new("Average month", money.amount(s.average_month));
    if let Some(h) = highest {
        average = average
            .note(format!(
                "highest: {} ({})",
                month_short(h.month),
                money.amount(h.total)
            ))
            .hover("Meta + provider fees + tax, averaged over the plan's months");
    }

    let messages = money.count(p.volume);
    let free_volume: u64 = p.months.iter().map(|m| m.free_volume).sum();
    let per_thousand = Card::new(
        "Cost per 1,000 messages",
        s.per_thousand
            .map(|d| money.amount(d))
            .unwrap_or_else(|| "—".into()),
    )
    .note(format!("{messages} messages"))
    .hover(format!(
        "Everything paid divided by every message sent, the {} free ones included",
        money.count(free_volume)
    ));

    vec![
        total,
        average,
        free_card(p, scenario, money),
        per_thousand,
        budget_card(p, &p.months_over_budget(), money, dark),
    ]
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The Budget card: which months are over and by how much.
pub fn budget_card(p: &Projection, over: &[MonthOverBudget], money: Money, dark: bool) -> Card {
    let title = "Budget";
    let Some(budget) = p.budget_monthly else {
        return Card::new(title, "no budget")
            .note("tick “Set a monthly budget” in the plan to check each month against it");
    };
    let per_month = format!("Budget {} a month", money.amount(budget));
    if over.is_empty() {
        let mut c = Card::new(title, "within budget");
        if let Some(h) = p.months.iter().max_by_key(|m| m.total) {
            c = c
                .note(format!(
                    "highest: {} ({})",
                    month_short(h.month),
                    money.amount(h.total)
                ))
                .hover(format!(
                    "{per_month}; the highest month leaves {} to spare",
                    money.amount(budget - h.total)
                ));
        }
        return c;
    }
    let n = over.len();
    let note = match over {
        [one] => format!(
            "{} over by {}",
            month_long(one.month),
            money.amount(one.over_by)
        ),
        [a, b] => format!(
            "{} by {}, {} by {}",
            month_short(a.month),
            money.amount(a.over_by),
            month_short(b.month),
            money.amount(b.over_by)
        ),
        _ => over
            .iter()
            .map(|m| format!("{} (by {})", month_short(m.month), money.amount(m.over_by)))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let list = over
        .iter()
        .map(|m| {
            format!(
                "{}: {}, over by {}",
                month_long(m.month),
                money.amount(m.total),
                money.amount(m.over_by)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Card::new(title, format!("{n} month{} over", plural(n)))
        .note(note)
        .hover(format!("{per_month}\n{list}"))
        .tone(theme::ERROR.pick(dark))
}

/// The free-allowance card: what the allowance covers, and why it saves nothing when it does.
pub fn free_card(p: &Projection, scenario: &Scenario, money: Money) -> Card {
    let title = "Free-allowance savings";
    let value = money.amount(p.free_savings);
    let eras: Vec<Era> = p.months.iter().map(|m| m.era).collect();
    let has_service = p
        .months
        .iter()
        .flat_map(|m| &m.lines)
        .any(|l| l.category == ChargedCategory::Service && l.volume > 0);
    let phones = scenario.business.phone_numbers;
    let wabas = scenario.business.wabas;
    let (covers, count) = if eras.contains(&Era::Pmp2026) {
        (
            "service messages, 1,000 free per phone number a month".to_string(),
            format!(
                "With {phones} phone number{}: {} free service messages a month.",
                plural(phones as usize),
                money.count(u64::from(phones) * 1000)
            ),
        )
    } else if eras.contains(&Era::Cbp2023) {
        (
            "service conversations, 1,000 free per WABA a month".to_string(),
            format!(
                "With {wabas} WABA{}: {} free service conversations a month.",
                plural(wabas as usize),
                money.count(u64::from(wabas) * 1000)
            ),
        )
    } else {
        (
            "service messages, free in these months".to_string(),
            "Meta charged no service message in these months.".to_string(),
        )
    };
    let mut savings = [Decimal::ZERO; 3];
    for m in &p.months {
        savings[0] += m.savings.free_tier;
        savings[1] += m.savings.customer_service;
        savings[2] += m.savings.entry_point;
    }
    if p.free_savings.is_zero() {
        let why = if has_service {
            "0: no message in this plan is free"
        } else {
            "0: this plan has no service messages, the only ones the allowance covers"
        };
        return Card::new(title, value)
            .note(why)
            .hover(format!("The allowance covers {covers}. {count}"));
    }
    let mut hover = vec![format!("The allowance covers {covers}. {count}")];
    for (amount, what) in [
        (savings[0], "from the monthly free allowance"),
        (
            savings[1],
            "service (and utility in an open service window) free",
        ),
        (savings[2], "inside free entry point windows"),
    ] {
        if !amount.is_zero() {
            hover.push(format!("{}: {what}", money.amount(amount)));
        }
    }
    hover.push("The chart draws it hollow on top of each bar: what it would cost without.".into());
    Card::new(title, value).note(covers).hover(hover.join("\n"))
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// One stacked layer of the chart.
struct Layer {
    name: String,
    color: Color32,
    values: Vec<Decimal>,
    hollow: bool,
    hover: Option<&'static str>,
}

fn chart(cx: &PanelCtx<'_>, ui: &mut Ui) {
    let Some(p) = cx.projection else { return };
    if p.total.is_zero() && p.free_savings.is_zero() {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("Nothing to chart yet").size(18.0));
            ui.label("Add countries and monthly volumes on the left; the projection updates as you type.");
        });
        return;
    }
    let currency = p.currency.to_string();
    let money = Money::new(p.currency).decimal_comma(cx.settings.decimal_comma);
    let labels: Vec<String> = p.months.iter().map(|m| m.month.to_string()).collect();
    let n = labels.len();

    // One series per stacked layer: Meta cost by category, provider, tax, then the free part.
    let layers: Vec<Layer> = chart_layers(p)
        .into_iter()
        .map(|(layer, values)| {
            let (color, hollow, hover) = match layer {
                ChartLayer::Meta(c) => (theme::category(c).on(ui), false, None),
                ChartLayer::Provider => (theme::PROVIDER.on(ui), false, None),
                ChartLayer::Tax => (theme::TAX.on(ui), false, None),
                ChartLayer::FreeAllowance => (
                    theme::FREE.on(ui),
                    true,
                    Some("What the free messages would cost: not in the totals"),
                ),
            };
            Layer {
                name: layer.name(),
                color,
                values,
                hollow,
                hover,
            }
        })
        .collect();

    let budget = p.budget_monthly;
    let over = p.months_over_budget();
    let months: Vec<StackedMonth> = p
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| StackedMonth {
            label: labels[i].clone(),
            total: m.total,
            parts: layers
                .iter()
                .map(|l| (l.name.clone(), l.values.get(i).copied().unwrap_or_default()))
                .collect(),
            over_by: over.iter().find(|o| o.month == m.month).map(|o| o.over_by),
        })
        .collect();
    let tallest = p
        .months
        .iter()
        .map(|m| f(m.total + m.free_savings))
        .fold(0.0, f64::max)
        .max(budget.map(f).unwrap_or(0.0));

    let mut markers: Vec<(f64, String, String)> = Vec::new();
    for (i, pair) in p.months.windows(2).enumerate() {
        if pair[0].card != pair[1].card {
            markers.push((
                i as f64 + 0.5,
                format!("from {}: rate card {}", labels[i + 1], pair[1].card),
                "Meta's rates change here".into(),
            ));
        }
        if pair[0].era != pair[1].era {
            markers.push((
                i as f64 + 0.5,
                format!("from {}: new Meta pricing rules", labels[i + 1]),
                format!("Meta's charging rules change here ({})", pair[1].era),
            ));
        }
    }

    let (budget_colour, cumulative_colour, marker_colour) = (
        theme::BUDGET.on(ui),
        theme::CUMULATIVE.on(ui),
        theme::WARNING.on(ui),
    );

    // The legend, above the plot: it never covers a bar.
    let mut legend: Vec<LegendEntry> = layers
        .iter()
        .map(|l| {
            let e = LegendEntry::new(
                if l.hollow {
                    Swatch::Outline(l.color)
                } else {
                    Swatch::Fill(l.color)
                },
                l.name.clone(),
            );
            match l.hover {
                Some(h) => e.hover(h),
                None => e,
            }
        })
        .collect();
    if let Some(b) = budget {
        legend.push(
            LegendEntry::new(Swatch::Line(budget_colour), "Budget")
                .hover(format!("{} a month", money.amount(b))),
        );
        if !over.is_empty() {
            legend.push(
                LegendEntry::new(Swatch::Outline(budget_colour), "Over budget")
                    .hover("Outlined, with the overrun above the bar"),
            );
        }
    }
    for (_, label, hover) in &markers {
        legend.push(
            LegendEntry::new(Swatch::Dashed(marker_colour), label.clone()).hover(hover.clone()),
        );
    }
    legend_row(ui, &legend);
    // Room for the top axis label, drawn half above the plot: wider with the currency's
    // symbol ("R$ 200k"), it would otherwise touch the legend's last row.
    ui.add_space(6.0);

    let show_cumulative = cx.settings.show_cumulative;
    let cumulative_height = if show_cumulative { 130.0 } else { 0.0 };
    let height = (ui.available_height() - cumulative_height).max(160.0);
    let scale = Scale::for_max(tallest, ((height / 70.0) as usize).clamp(3, 8));
    let x_range = -0.6..=(n as f64 - 0.4);
    let y_axis_width = 44.0;

    let mut charts: Vec<BarChart> = Vec::new();
    for l in &layers {
        let values: Vec<f64> = l.values.iter().map(|v| f(*v)).collect();
        let bars = if l.hollow {
            hollow_bars(&values, l.color)
        } else {
            solid_bars(&values, l.color)
        };
        stack(
            &mut charts,
            BarChart::new(l.name.clone(), bars)
                .color(l.color)
                .allow_hover(false),
        );
    }
    // The months over the budget: an outline round the paid bar and the overrun above it.
    let overruns: Vec<(f64, f64, Decimal)> = over
        .iter()
        .filter_map(|o| {
            let i = p.months.iter().position(|m| m.month == o.month)?;
            Some((
                i as f64,
                f(p.months[i].total + p.months[i].free_savings),
                o.over_by,
            ))
        })
        .collect();
    let paid: Vec<f64> = p.months.iter().map(|m| f(m.total)).collect();

    let x_range_bars = x_range.clone();
    let response = Plot::new("monthly spend")
        .height(height)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .show_grid([false, true])
        .y_axis_min_width(y_axis_width)
        .y_axis_label(axis_title("per month", &currency))
        .x_axis_formatter(month_axis(labels.clone()))
        .x_grid_spacer(month_marks(n))
        .y_grid_spacer(scale.marks())
        .y_axis_formatter(money_axis(money))
        .show(ui, |plot| {
            plot.set_plot_bounds_x(x_range_bars);
            plot.set_plot_bounds_y(0.0..=scale.top);
            for chart in charts {
                plot.bar_chart(chart);
            }
            if let Some(b) = budget {
                plot.hline(
                    HLine::new("Budget", f(b))
                        .color(budget_colour)
                        .width(2.0)
                        .allow_hover(false),
                );
            }
            let half = BAR_WIDTH / 2.0 + 0.03;
            for (x, top, over_by) in &overruns {
                let base = paid[*x as usize];
                let outline = vec![
                    [x - half, 0.0],
                    [x - half, base],
                    [x + half, base],
                    [x + half, 0.0],
                ];
                plot.line(
                    Line::new(format!("over {x}"), PlotPoints::from(outline))
                        .color(budget_colour)
                        .width(2.0)
                        .allow_band(false)
                        .allow_hover(false),
                );
                plot.text(
                    Text::new(
                        format!("overrun {x}"),
                        PlotPoint::new(*x, *top),
                        // Without the symbol (the axis carries it): the labels of neighbouring
                        // months stay apart.
                        RichText::new(format!("+{}", money.compact_bare(f(*over_by))))
                            .small()
                            .strong()
                            .color(budget_colour),
                    )
                    .color(budget_colour)
                    .anchor(egui::Align2::CENTER_BOTTOM)
                    .allow_hover(false),
                );
            }
            for (x, label, _) in markers {
                plot.vline(
                    VLine::new(label, x)
                        .color(marker_colour)
                        .style(LineStyle::dashed_dense())
                        .allow_hover(false),
                );
            }
        });
    hover_months(&response.response, &response.transform, &months, money);

    if show_cumulative {
        cumulative_plot(
            ui,
            p,
            money,
            &labels,
            x_range,
            y_axis_width,
            cumulative_colour,
        );
    }
}

/// The running total in a small plot of its own under the bars (same months, its own axis).
fn cumulative_plot(
    ui: &mut Ui,
    p: &Projection,
    money: Money,
    labels: &[String],
    x_range: std::ops::RangeInclusive<f64>,
    y_axis_width: f32,
    colour: Color32,
) {
    let currency = p.currency.to_string();
    let running: Vec<Decimal> = p
        .months
        .iter()
        .scan(Decimal::ZERO, |acc, m| {
            *acc += m.total;
            Some(*acc)
        })
        .collect();
    let points: Vec<[f64; 2]> = running
        .iter()
        .enumerate()
        .map(|(i, v)| [i as f64, f(*v)])
        .collect();
    let top = running.last().map(|v| f(*v)).unwrap_or(0.0);
    let height = (ui.available_height() - 4.0).max(90.0);
    let scale = Scale::for_max(top, 3);
    let response = Plot::new("cumulative spend")
        .height(height)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .show_grid([false, true])
        .y_axis_min_width(y_axis_width)
        .y_axis_label(axis_title("cumulative", &currency))
        .x_axis_formatter(month_axis(labels.to_vec()))
        .x_grid_spacer(month_marks(labels.len()))
        .y_grid_spacer(scale.marks())
        .y_axis_formatter(money_axis(money))
        .show(ui, |plot| {
            plot.set_plot_bounds_x(x_range);
            plot.set_plot_bounds_y(0.0..=scale.top);
            plot.line(
                Line::new("Cumulative", PlotPoints::from(points.clone()))
                    .color(colour)
                    .width(2.0)
                    .allow_hover(false),
            );
            plot.points(
                egui_plot::Points::new("Cumulative months", PlotPoints::from(points))
                    .color(colour)
                    .radius(3.0)
                    .allow_hover(false),
            );
        });
    if let Some(pos) = response.response.hover_pos() {
        let x = response.transform.value_from_position(pos).x.round();
        if x >= 0.0
            && let Some(v) = running.get(x as usize)
        {
            let text = format!(
                "{} · cumulative {}",
                labels.get(x as usize).cloned().unwrap_or_default(),
                money.amount(*v)
            );
            response.response.on_hover_ui_at_pointer(|ui| {
                ui.label(text);
            });
        }
    }
}

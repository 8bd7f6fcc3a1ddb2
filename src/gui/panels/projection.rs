//! The projection tab: summary cards and the stacked monthly chart with the free allowance drawn
//! on top, a budget line, an optional cumulative line and markers where cards or rules change.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, HLine, Legend, Line, Plot, PlotPoints, VLine};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::projection::{ChartLayer, chart_layers};
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;
use crate::gui::widgets::plot::{month_axis, stack};
use crate::gui::widgets::{headline_card, money};
use crate::io::display;

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
    let currency = p.currency.to_string();
    let s = summary(p);
    ui.horizontal_wrapped(|ui| {
        headline_card(
            ui,
            "Total",
            money(s.total, &currency),
            Some(&format!("over {} months", p.months.len())),
        );
        headline_card(
            ui,
            "Average month",
            money(s.average_month, &currency),
            Some("Meta + provider + tax"),
        );
        headline_card(
            ui,
            "Free-allowance savings",
            money(s.free_savings, &currency),
            Some("list-rate value of free messages"),
        );
        headline_card(
            ui,
            "Cost per 1,000 messages",
            s.per_thousand
                .map(|d| money(d, &currency))
                .unwrap_or_else(|| "—".into()),
            Some(&format!("{} messages", display::count(p.volume))),
        );
        let budget = match (s.months_over_budget, cx.scenario.budget_monthly) {
            (Some(0), Some(b)) => (
                "within budget".to_string(),
                format!("every month at most {}", money(b, &currency)),
            ),
            (Some(n), Some(b)) => (
                format!("{n} month(s) over"),
                format!("budget {} a month", money(b, &currency)),
            ),
            _ => ("no budget".to_string(), "set one in the plan".to_string()),
        };
        headline_card(ui, "Budget", budget.0, Some(&budget.1));
    });
    ui.add_space(6.0);
    chart(cx, ui);
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
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
    let labels: Vec<String> = p.months.iter().map(|m| m.month.to_string()).collect();

    // One series per stacked layer: Meta cost by category, provider, tax, then the free part.
    let mut layers: Vec<(String, egui::Color32, Vec<Decimal>)> = Vec::new();
    let mut free: Vec<Decimal> = Vec::new();
    for (layer, values) in chart_layers(p) {
        let color = match layer {
            ChartLayer::Meta(c) => theme::category(c).on(ui),
            ChartLayer::Provider => theme::PROVIDER.on(ui),
            ChartLayer::Tax => theme::TAX.on(ui),
            ChartLayer::FreeAllowance => {
                free = values;
                continue;
            }
        };
        layers.push((layer.name(), color, values));
    }
    let has_free = !free.is_empty();

    let mut charts: Vec<BarChart> = Vec::new();
    for (name, color, values) in layers {
        let bars = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                Bar::new(i as f64, f(*v)).width(0.7).name(format!(
                    "{}: {}",
                    labels[i],
                    money(*v, &currency)
                ))
            })
            .collect();
        stack(&mut charts, BarChart::new(name, bars).color(color));
    }
    if has_free {
        let bars = free
            .iter()
            .enumerate()
            .map(|(i, v)| {
                Bar::new(i as f64, f(*v)).width(0.7).name(format!(
                    "{}: {} saved (gross {} − free = net {})",
                    labels[i],
                    money(*v, &currency),
                    money(p.months[i].total + *v, &currency),
                    money(p.months[i].total, &currency)
                ))
            })
            .collect();
        stack(
            &mut charts,
            BarChart::new(ChartLayer::FreeAllowance.name(), bars).color(theme::FREE.on(ui)),
        );
    }

    let budget = cx.scenario.budget_monthly;
    let cumulative: Vec<[f64; 2]> = p
        .months
        .iter()
        .scan(Decimal::ZERO, |acc, m| {
            *acc += m.total;
            Some(*acc)
        })
        .enumerate()
        .map(|(i, v)| [i as f64, f(v)])
        .collect();
    let mut markers: Vec<(f64, String)> = Vec::new();
    for (i, pair) in p.months.windows(2).enumerate() {
        if pair[0].card != pair[1].card {
            markers.push((i as f64 + 0.5, format!("{} card", pair[1].card)));
        }
        if pair[0].era != pair[1].era {
            markers.push((i as f64 + 0.5, format!("{} rules", pair[1].era)));
        }
    }
    let show_cumulative = cx.settings.show_cumulative;
    let x_labels = labels.clone();
    let currency_axis = currency.clone();
    let (budget_colour, cumulative_colour, marker_colour) = (
        theme::BUDGET.on(ui),
        theme::CUMULATIVE.on(ui),
        theme::WARNING.on(ui),
    );
    Plot::new("monthly spend")
        .legend(Legend::default())
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_y(0.0)
        .y_axis_label(format!("per month ({currency})"))
        .x_axis_formatter(month_axis(x_labels))
        .y_axis_formatter(move |mark, range| {
            // Whole amounts on a large scale, cents on a small one.
            let places = if range.end() - range.start() < 20.0 {
                2
            } else {
                0
            };
            let value = Decimal::from_f64_retain(mark.value).unwrap_or_default();
            format!("{} {currency_axis}", display::fixed(value, places))
        })
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
            if let Some(b) = budget {
                plot.hline(HLine::new("Budget", f(b)).color(budget_colour).width(2.0));
            }
            if show_cumulative {
                plot.line(
                    Line::new("Cumulative", PlotPoints::from(cumulative)).color(cumulative_colour),
                );
            }
            for (x, label) in markers {
                plot.vline(VLine::new(label, x).color(marker_colour));
            }
        });
}

//! By country: horizontal bars sorted by cost with the category split, and a table of totals.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Plot};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::ChargedCategory;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;
use crate::gui::widgets::money;
use crate::io::display;

pub use crate::domain::projection::{CountryTotal, country_totals as totals};

/// The By country tab.
#[derive(Debug, Default)]
pub struct ByCountryPanel;

impl ByCountryPanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        show(cx, ui);
    }
}

fn show(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let Some(p) = cx.projection else { return };
    let currency = p.currency.to_string();
    let rows = totals(p);
    let lines_total: Decimal = rows.iter().map(|r| r.total).sum();
    if rows.is_empty() {
        ui.label("No country has any volume yet.");
        return;
    }
    let height = (rows.len() as f32 * 28.0 + 60.0).clamp(160.0, ui.available_height() * 0.55);
    let n = rows.len();
    let names: Vec<String> = rows.iter().map(|r| r.country.name().to_string()).collect();
    let mut charts: Vec<BarChart> = Vec::new();
    for c in ChargedCategory::ALL {
        if rows.iter().all(|r| r.meta_by_category[c.index()].is_zero()) {
            continue;
        }
        let bars = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let v = r.meta_by_category[c.index()];
                Bar::new((n - 1 - i) as f64, v.to_f64().unwrap_or(0.0))
                    .width(0.7)
                    .name(format!("{}: {}", r.country.name(), money(v, &currency)))
            })
            .collect();
        crate::gui::widgets::plot::stack(
            &mut charts,
            BarChart::new(format!("Meta: {}", c.label()), bars)
                .color(theme::category(c).on(ui))
                .horizontal(),
        );
    }
    Plot::new("by country")
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_x(0.0)
        .x_axis_formatter({
            let currency = currency.clone();
            move |mark, _| {
                let value = Decimal::from_f64_retain(mark.value).unwrap_or_default();
                format!("{} {currency}", display::fixed(value, 0))
            }
        })
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                names[n - 1 - i as usize].clone()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
    ui.add_space(6.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("country totals").striped(true).num_columns(6).show(ui, |ui| {
            for h in ["Country", "Market", "Messages", "Meta cost", "Total", "Share"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for r in &rows {
                let meta = r.meta_cost;
                ui.label(format!("{} ({})", r.country.name(), r.country.code()));
                let markets: Vec<&str> = r.markets.iter().map(|m| m.as_str()).collect();
                ui.label(markets.join(", "));
                ui.label(display::count(r.volume));
                ui.label(money(meta, &currency));
                ui.label(money(r.total, &currency));
                let share = if lines_total.is_zero() {
                    Decimal::ZERO
                } else {
                    r.total * Decimal::ONE_HUNDRED / lines_total
                };
                ui.label(format!("{} %", display::fixed(share, 1)));
                ui.end_row();
            }
        });
        if !p.months.iter().all(|m| m.platform_fee.is_zero()) {
            ui.label(RichText::new("The provider's monthly platform fee belongs to no country and is not in these totals.").small().weak());
        }
    });
}

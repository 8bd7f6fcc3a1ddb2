//! One file per panel. Each panel is a struct holding its own view state, drawn by
//! `fn ui(&mut self, ui, cx: &mut PanelCtx)`: it edits the scenario, its fields and the settings
//! through the context and asks for everything else with a command. No panel knows the app.
//!
//! A new panel: a file here, a field in [`Panels`], a line in `app/frame.rs` where it is drawn
//! (and a [`Tab`](crate::gui::settings::Tab) if it is a tab).

pub mod actuals;
pub mod by_country;
pub mod confirm;
pub mod menu;
pub mod plan;
pub mod projection;
pub mod rates;
pub mod status;
pub mod table;

/// Every panel of the window, with its view state.
#[derive(Default)]
pub struct Panels {
    pub menu: menu::MenuBar,
    pub status: status::StatusBar,
    pub plan: plan::PlanPanel,
    pub projection: projection::ProjectionPanel,
    pub by_country: by_country::ByCountryPanel,
    pub table: table::TablePanel,
    pub rates: rates::RatesPanel,
    pub actuals: actuals::ActualsPanel,
    pub confirm: confirm::ConfirmDialog,
}

use egui_plot::BarChart;
use rust_decimal::Decimal;

use crate::io::display;

/// "1,234.56 USD"
pub fn money(d: Decimal, currency: &str) -> String {
    format!("{} {currency}", display::amount(d))
}

/// Adds `chart` on top of the charts already stacked, with a hover text of its name and the
/// bar's own text (which carries the exact amount).
pub fn stack(charts: &mut Vec<BarChart>, chart: BarChart) {
    let mut chart = chart.element_formatter(Box::new(|bar, chart| {
        format!("{}\n{}", egui_plot::PlotItem::name(chart), bar.name)
    }));
    if !charts.is_empty() {
        let below: Vec<&BarChart> = charts.iter().collect();
        chart = chart.stack_on(&below);
    }
    charts.push(chart);
}

/// The x axis of a monthly chart: bar i is labelled with month i, other marks are blank.
pub fn month_axis(
    labels: Vec<String>,
) -> impl Fn(egui_plot::GridMark, &std::ops::RangeInclusive<f64>) -> String {
    move |mark, _| {
        let i = mark.value.round();
        if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
            labels.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
}

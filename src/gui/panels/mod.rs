//! One file per panel; each reads the app state and edits only the scenario and view settings.

pub mod actuals;
pub mod by_country;
pub mod confirm;
pub mod menu;
pub mod plan;
pub mod projection;
pub mod rates;
pub mod status;
pub mod table;

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

//! The money charts' presets: bars stacked with hover text, month labels on the x axis.

use egui_plot::BarChart;

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

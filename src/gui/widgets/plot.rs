//! The money charts' presets, for every tab that charts money by month: solid stacked bars, a
//! y scale that starts at zero with room above the tallest bar, compact axis labels with the
//! currency's symbol (R$ 20k, Rp 1.5M, ₹ 20 lakh), month labels on the x axis, a legend drawn
//! outside the plot, and the hover text of a stacked month (its total and the part under the
//! pointer).

use egui::{Color32, Response, RichText, Stroke, Ui, Vec2};
use egui_plot::{Bar, BarChart, GridInput, GridMark, PlotTransform};
use rust_decimal::Decimal;

use crate::io::money::Money;

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

/// How wide a month's bar is, in months.
pub const BAR_WIDTH: f64 = 0.7;

/// Bars of one solid colour (egui_plot's own `BarChart::color` fills at 20 % opacity, which is
/// near-black on the dark plot), one per value, at x = 0, 1, 2, ...
pub fn solid_bars(values: &[f64], color: Color32) -> Vec<Bar> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            Bar::new(i as f64, *v)
                .width(BAR_WIDTH)
                .fill(color)
                .stroke(Stroke::NONE)
        })
        .collect()
}

/// Bars drawn hollow: a faint tint inside an outline of `color`, for amounts shown but not paid
/// (the free allowance).
pub fn hollow_bars(values: &[f64], color: Color32) -> Vec<Bar> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            Bar::new(i as f64, *v)
                .width(BAR_WIDTH)
                .fill(color.gamma_multiply(0.25))
                .stroke(Stroke::new(1.5, color))
        })
        .collect()
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

/// The x marks of `n` months: one per month; every third and every twelfth month carry a larger
/// step, so when the labels would crowd only quarters (or years) are labelled.
pub fn month_marks(n: usize) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |_| {
        (0..n)
            .map(|i| GridMark {
                value: i as f64,
                step_size: if i % 12 == 0 {
                    12.0
                } else if i % 3 == 0 {
                    3.0
                } else {
                    1.0
                },
            })
            .collect()
    }
}

/// A y scale from zero: the step between labelled gridlines and the top of the plot, which is
/// a gridline above the tallest value with some room to spare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub step: f64,
    pub top: f64,
}

impl Scale {
    /// At most `ticks` + 1 steps of 1, 2, 2.5 or 5 times a power of ten, up to the lowest top
    /// at least 8 % above `max` (room for a label over the tallest bar); between steps that
    /// reach the same top, the one nearer `ticks` steps.
    pub fn for_max(max: f64, ticks: usize) -> Scale {
        let max = if max.is_finite() && max > 0.0 {
            max
        } else {
            1.0
        };
        let ticks = ticks.max(2) as f64;
        let wanted = max * 1.08;
        let e0 = wanted.log10().floor() as i32;
        let mut best: Option<(f64, f64, f64)> = None; // (top, distance from ticks, step)
        for e in (e0 - 2)..=(e0 + 1) {
            for n in [1.0, 2.0, 2.5, 5.0] {
                let step = n * 10f64.powi(e);
                let count = (wanted / step - 1e-9).ceil().max(1.0);
                if count > ticks + 1.0 {
                    continue;
                }
                let top = count * step;
                let candidate = (top, (count - ticks).abs(), step);
                let better = match best {
                    None => true,
                    Some((t, d, _)) => {
                        top < t * (1.0 - 1e-9) || (top <= t * (1.0 + 1e-9) && candidate.1 < d)
                    }
                };
                if better {
                    best = Some(candidate);
                }
            }
        }
        let (top, _, step) = best.unwrap_or((wanted, 0.0, wanted));
        Scale { step, top }
    }

    /// The y gridlines: every step from zero to the top, nothing under zero.
    pub fn marks(self) -> impl Fn(GridInput) -> Vec<GridMark> {
        move |_| {
            let n = (self.top / self.step).round() as usize;
            (0..=n)
                .map(|k| GridMark {
                    value: k as f64 * self.step,
                    step_size: self.step,
                })
                .collect()
        }
    }
}

/// The y axis label formatter: compact amounts with the symbol ("R$ 20k", "₹ 20 lakh").
pub fn money_axis(money: Money) -> impl Fn(GridMark, &std::ops::RangeInclusive<f64>) -> String {
    move |mark, _| money.compact(mark.value)
}

/// What the y axis is in, with the Indian units spelled out where they are used.
pub fn axis_title(what: &str, currency: &str) -> String {
    if currency.eq_ignore_ascii_case("INR") {
        format!("{what} ({currency}; 1 lakh = 100,000, 1 crore = 100 lakh)")
    } else {
        format!("{what} ({currency})")
    }
}

/// What a legend entry looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A filled square (a bar layer).
    Fill(Color32),
    /// An outlined square with a faint tint (a hollow layer, or the over-budget outline).
    Outline(Color32),
    /// A short line (budget, cumulative).
    Line(Color32),
    /// A short dashed line (a marker such as a rate-card change).
    Dashed(Color32),
}

/// One legend entry: its swatch, its name and (optionally) a hover text that explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub swatch: Swatch,
    pub name: String,
    pub hover: Option<String>,
}

impl LegendEntry {
    pub fn new(swatch: Swatch, name: impl Into<String>) -> LegendEntry {
        LegendEntry {
            swatch,
            name: name.into(),
            hover: None,
        }
    }

    pub fn hover(mut self, text: impl Into<String>) -> LegendEntry {
        self.hover = Some(text.into());
        self
    }
}

/// The legend as a wrapped row of swatches and names, drawn above (or below) the plot with
/// egui, so it never covers a bar.
pub fn legend_row(ui: &mut Ui, entries: &[LegendEntry]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 5.0;
        let size = ui.text_style_height(&egui::TextStyle::Body);
        for (i, e) in entries.iter().enumerate() {
            // Swatch and name as one piece: a row breaks between entries, never inside one.
            let name = egui::WidgetText::from(RichText::new(&e.name)).into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Body,
            );
            let width = size + ui.spacing().item_spacing.x + name.size().x;
            if i > 0 && width > ui.available_size_before_wrap().x {
                ui.end_row();
            }
            let (rect, _) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
            let painter = ui.painter();
            let r = rect.shrink(2.0);
            match e.swatch {
                Swatch::Fill(c) => {
                    painter.rect_filled(r, 2.0, c);
                }
                Swatch::Outline(c) => {
                    painter.rect_filled(r, 2.0, c.gamma_multiply(0.25));
                    painter.rect_stroke(r, 2.0, Stroke::new(1.5, c), egui::StrokeKind::Inside);
                }
                Swatch::Line(c) => {
                    painter.line_segment([r.left_center(), r.right_center()], Stroke::new(2.5, c));
                }
                Swatch::Dashed(c) => {
                    painter.extend(egui::Shape::dashed_line(
                        &[r.left_center(), r.right_center()],
                        Stroke::new(2.0, c),
                        3.0,
                        2.0,
                    ));
                }
            }
            let label = ui.add(egui::Label::new(name));
            if let Some(h) = &e.hover {
                label.on_hover_text(h);
            }
            ui.add_space(8.0);
        }
    });
}

/// One stacked month as the hover text reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedMonth {
    pub label: String,
    pub total: Decimal,
    /// Each layer's name and amount, bottom first (hollow layers too, last).
    pub parts: Vec<(String, Decimal)>,
    /// By how much the month is over the budget, if it is.
    pub over_by: Option<Decimal>,
}

/// The hover text of a month: "2027-02 · total US$ 37,766.00", then the part under the pointer
/// ("Marketing: US$ 34,426.00") or, above the bar, every non-zero part; and the overrun.
pub fn hover_text(month: &StackedMonth, part: Option<usize>, money: Money) -> String {
    let mut text = format!("{} · total {}", month.label, money.amount(month.total));
    match part.and_then(|i| month.parts.get(i)) {
        Some((name, amount)) => text.push_str(&format!("\n{name}: {}", money.amount(*amount))),
        None => {
            for (name, amount) in month.parts.iter().filter(|(_, a)| !a.is_zero()) {
                text.push_str(&format!("\n{name}: {}", money.amount(*amount)));
            }
        }
    }
    if let Some(over) = month.over_by {
        text.push_str(&format!("\nover the budget by {}", money.amount(over)));
    }
    text
}

/// Which month and which stacked part a plot point falls on: the month whose bar spans `x`,
/// and the part whose segment spans `y` (`None` above or below the bar).
pub fn hit(x: f64, y: f64, stacks: &[Vec<f64>]) -> Option<(usize, Option<usize>)> {
    let i = x.round();
    if i < 0.0 || (x - i).abs() > BAR_WIDTH / 2.0 {
        return None;
    }
    let i = i as usize;
    let parts = stacks.get(i)?;
    let mut base = 0.0;
    for (k, v) in parts.iter().enumerate() {
        if *v > 0.0 && y >= base && y <= base + v {
            return Some((i, Some(k)));
        }
        base += v.max(0.0);
    }
    Some((i, None))
}

/// Shows the hover text of the month under the pointer, at the pointer (a tooltip layer above
/// the plot, so it never runs into the legend row outside it).
pub fn hover_months(
    response: &Response,
    transform: &PlotTransform,
    months: &[StackedMonth],
    money: Money,
) {
    let Some(pos) = response.hover_pos() else {
        return;
    };
    let point = transform.value_from_position(pos);
    let stacks: Vec<Vec<f64>> = months
        .iter()
        .map(|m| {
            m.parts
                .iter()
                .map(|(_, a)| rust_decimal::prelude::ToPrimitive::to_f64(a).unwrap_or(0.0))
                .collect()
        })
        .collect();
    if let Some((i, part)) = hit(point.x, point.y, &stacks)
        && let Some(month) = months.get(i)
    {
        let text = hover_text(month, part, money);
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(text);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_starts_at_zero_and_labels_above_the_tallest_bar() {
        // The walk's February: 37,766 USD; the axis stopped labelling at 30,000.
        let s = Scale::for_max(37_766.0, 5);
        assert_eq!(
            s,
            Scale {
                step: 10_000.0,
                top: 50_000.0
            }
        );
        let marks = s.marks()(GridInput {
            bounds: (0.0, 50_000.0),
            base_step_size: 1.0,
        });
        let values: Vec<f64> = marks.iter().map(|m| m.value).collect();
        assert_eq!(
            values,
            [0.0, 10_000.0, 20_000.0, 30_000.0, 40_000.0, 50_000.0]
        );
        assert!(marks.iter().all(|m| m.value >= 0.0), "no label under zero");

        assert_eq!(
            Scale::for_max(23.6, 5),
            Scale {
                step: 5.0,
                top: 30.0
            }
        );
        assert_eq!(
            Scale::for_max(1.0, 4),
            Scale {
                step: 0.25,
                top: 1.25
            }
        );
        assert_eq!(
            Scale::for_max(4_600_000.0, 5),
            Scale {
                step: 1_000_000.0,
                top: 5_000_000.0
            }
        );
        // Nothing to chart still gives a usable scale.
        let empty = Scale::for_max(0.0, 5);
        assert!(empty.step > 0.0 && empty.top >= 1.0, "{empty:?}");
    }

    fn usd() -> Money {
        Money::of_code("USD").unwrap()
    }

    #[test]
    fn axis_labels_carry_the_symbol() {
        let label = |m: Money, v: f64| {
            money_axis(m)(
                GridMark {
                    value: v,
                    step_size: 1.0,
                },
                &(0.0..=1.0),
            )
        };
        assert_eq!(label(usd(), 20_000.0), "US$\u{a0}20k");
        assert_eq!(
            label(Money::of_code("BRL").unwrap(), 20_000.0),
            "R$\u{a0}20k"
        );
        assert_eq!(
            label(Money::of_code("IDR").unwrap(), 1_500_000.0),
            "Rp\u{a0}1.5M"
        );
        assert_eq!(
            label(Money::of_code("INR").unwrap(), 2_000_000.0),
            "₹\u{a0}20\u{a0}lakh"
        );
        assert_eq!(
            label(Money::of_code("INR").unwrap(), 15_000_000.0),
            "₹\u{a0}1.5\u{a0}crore"
        );
    }

    fn february() -> StackedMonth {
        StackedMonth {
            label: "2027-02".into(),
            total: Decimal::new(3_776_600, 2),
            parts: vec![
                ("Marketing".into(), Decimal::new(3_442_600, 2)),
                ("Utility".into(), Decimal::new(334_000, 2)),
                ("Tax".into(), Decimal::ZERO),
            ],
            over_by: Some(Decimal::new(1_776_600, 2)),
        }
    }

    #[test]
    fn the_hover_names_the_month_total_and_the_part() {
        assert_eq!(
            hover_text(&february(), Some(0), usd()),
            "2027-02 · total US$\u{a0}37,766.00\nMarketing: US$\u{a0}34,426.00\nover the budget by US$\u{a0}17,766.00"
        );
        // Above the bar: every part that is not zero.
        assert_eq!(
            hover_text(&february(), None, usd()),
            "2027-02 · total US$\u{a0}37,766.00\nMarketing: US$\u{a0}34,426.00\nUtility: US$\u{a0}3,340.00\nover the budget by US$\u{a0}17,766.00"
        );
        // In reais, with the decimal comma the View menu offers.
        let brl = Money::of_code("BRL").unwrap().decimal_comma(true);
        assert_eq!(
            hover_text(&february(), Some(1), brl),
            "2027-02 · total R$\u{a0}37.766,00\nUtility: R$\u{a0}3.340,00\nover the budget by R$\u{a0}17.766,00"
        );
    }

    #[test]
    fn a_point_hits_the_month_and_the_segment_under_it() {
        let stacks = vec![vec![10.0, 5.0], vec![20.0, 0.0, 2.0]];
        assert_eq!(hit(0.1, 3.0, &stacks), Some((0, Some(0))));
        assert_eq!(hit(-0.2, 12.0, &stacks), Some((0, Some(1))));
        assert_eq!(hit(0.0, 40.0, &stacks), Some((0, None)));
        assert_eq!(hit(1.0, 21.0, &stacks), Some((1, Some(2))));
        assert_eq!(hit(0.5, 3.0, &stacks), None, "between the bars");
        assert_eq!(hit(5.0, 3.0, &stacks), None, "no such month");
    }
}

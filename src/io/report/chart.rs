//! The monthly stacked chart of a report, drawn as vectors: Meta cost per category, provider
//! fees and tax stacked per month, the free allowance as a lighter segment on top, the budget
//! as a line, axis labels and a legend. The window draws the same series (gui::panels::projection).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::canvas::{Align, Page, Rgb, Weight, text_width};
use crate::domain::category::ChargedCategory;
use crate::domain::projection::{ChartLayer, Projection, chart_layers};
use crate::io::money::Money;

/// Colours shared by the window and the reports.
pub mod palette {
    use super::{ChargedCategory, Rgb};

    /// Okabe–Ito based: told apart with the common colour-blindnesses, 3:1 on white (the
    /// window's light theme uses the same, `gui::theme` tests both).
    pub fn category(c: ChargedCategory) -> Rgb {
        match c {
            ChargedCategory::Marketing => Rgb(0x00, 0x9e, 0x73),
            ChargedCategory::Utility => Rgb(0x00, 0x72, 0xb2),
            ChargedCategory::Authentication => Rgb(0xb4, 0x51, 0x8f),
            ChargedCategory::AuthenticationInternational => Rgb(0x33, 0x22, 0x88),
            ChargedCategory::Service => Rgb(0xc2, 0x54, 0x00),
        }
    }

    pub const PROVIDER: Rgb = Rgb(0x6b, 0x72, 0x80);
    pub const TAX: Rgb = Rgb(0x30, 0x36, 0x3f);
    pub const FREE: Rgb = Rgb(0xa8, 0xdc, 0xb9);
    pub const BUDGET: Rgb = Rgb(0xd0, 0x3a, 0x2f);
}

/// One stacked series: its legend name, colour and value per month.
struct Series {
    name: String,
    color: Rgb,
    values: Vec<Decimal>,
}

fn series(p: &Projection) -> Vec<Series> {
    chart_layers(p)
        .into_iter()
        .map(|(layer, values)| Series {
            name: layer.name(),
            color: match layer {
                ChartLayer::Meta(c) => palette::category(c),
                ChartLayer::Provider => palette::PROVIDER,
                ChartLayer::Tax => palette::TAX,
                ChartLayer::FreeAllowance => palette::FREE,
            },
            values,
        })
        .collect()
}

/// A "nice" step for about `target` intervals up to `max`: 1, 2 or 5 × 10^k.
fn nice_step(max: f64, target: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / target;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Draws the chart in the box (`x`, `y`, `w`, `h`) of `page`, title included when given.
/// `scale` multiplies text sizes and line widths (2 for the PNG).
#[allow(clippy::too_many_arguments)]
pub fn draw(
    page: &mut Page,
    p: &Projection,
    budget: Option<Decimal>,
    title: Option<&str>,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    scale: f32,
) {
    let money = Money::new(p.currency);
    let small = 7.0 * scale;
    let mut top = y;
    if let Some(t) = title {
        page.text(
            x,
            top + 12.0 * scale,
            12.0 * scale,
            Weight::Bold,
            Rgb::BLACK,
            t,
        );
        top += 20.0 * scale;
    }
    let all = series(p);
    // Legend: wrapped rows of swatch + name.
    let mut lx = x;
    let mut ly = top + small;
    for s in &all {
        let item = text_width(&s.name, small, Weight::Regular) + 16.0 * scale;
        if lx + item > x + w && lx > x {
            lx = x;
            ly += small * 1.7;
        }
        page.rect(
            lx,
            ly - small * 0.8,
            8.0 * scale,
            8.0 * scale * 0.8,
            s.color,
        );
        page.text(
            lx + 10.0 * scale,
            ly,
            small,
            Weight::Regular,
            Rgb::BLACK,
            &s.name,
        );
        lx += item;
    }
    if budget.is_some() {
        let name = "Monthly budget";
        if lx + text_width(name, small, Weight::Regular) + 20.0 * scale > x + w {
            lx = x;
            ly += small * 1.7;
        }
        page.line(
            lx,
            ly - small * 0.35,
            lx + 10.0 * scale,
            ly - small * 0.35,
            1.5 * scale,
            palette::BUDGET,
        );
        page.text(
            lx + 13.0 * scale,
            ly,
            small,
            Weight::Regular,
            Rgb::BLACK,
            name,
        );
    }
    let plot_top = ly + small * 1.5;

    let n = p.months.len().max(1);
    let stacks: Vec<f64> = (0..p.months.len())
        .map(|i| all.iter().map(|s| f(s.values[i])).sum())
        .collect();
    let mut max = stacks.iter().copied().fold(0.0, f64::max);
    if let Some(b) = budget {
        max = max.max(f(b));
    }
    let step = nice_step(max * 1.05, 5.0);
    let y_max = ((max * 1.05) / step).ceil().max(1.0) * step;

    let labels: Vec<String> = (0..)
        .map(|k| k as f64 * step)
        .take_while(|v| *v <= y_max + step * 1e-9)
        // Compact, with the symbol: "R$ 20k", "Rp 1.5M", "₹ 20 lakh" (as the window's axes).
        .map(|v| money.compact(v))
        .collect();
    let axis_w = labels
        .iter()
        .map(|l| text_width(l, small, Weight::Regular))
        .fold(0.0, f32::max)
        + 6.0 * scale;
    let px = x + axis_w;
    let pw = (w - axis_w).max(10.0);
    let plot_bottom = y + h - small * 2.2;
    let ph = (plot_bottom - plot_top).max(10.0);
    let to_y = |v: f64| plot_bottom - (v / y_max) as f32 * ph;

    for (k, label) in labels.iter().enumerate() {
        let gy = to_y(k as f64 * step);
        page.line(px, gy, px + pw, gy, 0.5 * scale, Rgb::RULE);
        page.text_in(
            x,
            axis_w - 4.0 * scale,
            gy + small * 0.35,
            small,
            Weight::Regular,
            Rgb::GREY,
            Align::Right,
            label,
        );
    }
    let slot = pw / n as f32;
    let bar = slot * 0.7;
    // Label every month when they fit, else every k-th.
    let label_w = text_width("2026-12", small, Weight::Regular) + 4.0 * scale;
    let every = ((label_w / slot).ceil() as usize).max(1);
    for (i, m) in p.months.iter().enumerate() {
        let bx = px + slot * i as f32 + (slot - bar) / 2.0;
        let mut acc = 0.0;
        for s in &all {
            let v = f(s.values[i]);
            if v <= 0.0 {
                continue;
            }
            let y0 = to_y(acc);
            let y1 = to_y(acc + v);
            page.rect(bx, y1, bar, (y0 - y1).max(0.2 * scale), s.color);
            acc += v;
        }
        if i % every == 0 {
            // Centred under its bar.
            let centre = px + slot * i as f32 + slot / 2.0;
            page.text_in(
                centre - label_w / 2.0,
                label_w,
                plot_bottom + small * 1.5,
                small,
                Weight::Regular,
                Rgb::GREY,
                Align::Center,
                &m.month.to_string(),
            );
        }
    }
    page.line(
        px,
        plot_bottom,
        px + pw,
        plot_bottom,
        0.8 * scale,
        Rgb::GREY,
    );
    if let Some(b) = budget {
        let by = to_y(f(b));
        page.line(px, by, px + pw, by, 1.5 * scale, palette::BUDGET);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels_are_centred_under_their_bars() {
        use crate::domain::projection::project;
        use crate::io::rates::embedded_book;
        use crate::io::report::canvas::Op;
        let s = crate::io::scenario_file::parse_scenario(
            "t.json",
            r#"{"version": 1, "currency": "USD", "start_month": "2027-01", "months": 3,
                "countries": [{"country": "BR", "marketing": 1000}]}"#,
        )
        .unwrap();
        let p = project(&s, &embedded_book()).unwrap();
        let mut page = Page::new(600.0, 400.0);
        draw(&mut page, &p, None, None, 0.0, 0.0, 600.0, 300.0, 1.0);
        // Each bar's centre, and each label's.
        let bars: Vec<f32> = page
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Rect { x, w, h, .. } if *h > 10.0 => Some(x + w / 2.0),
                _ => None,
            })
            .collect();
        let labels: Vec<f32> = page
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Text {
                    x,
                    text,
                    size,
                    weight,
                    ..
                } if text.starts_with("2027-") => Some(x + text_width(text, *size, *weight) / 2.0),
                _ => None,
            })
            .collect();
        assert_eq!(bars.len(), 3, "{bars:?}");
        assert_eq!(labels.len(), 3);
        for (b, l) in bars.iter().zip(&labels) {
            assert!((b - l).abs() < 0.5, "bar at {b}, label at {l}");
        }
    }

    #[test]
    fn axis_labels_are_compact_with_the_symbol() {
        use crate::domain::projection::project;
        use crate::io::rates::embedded_book;
        use crate::io::report::canvas::Op;
        let labels = |currency: &str| -> Vec<String> {
            let s = crate::io::scenario_file::parse_scenario(
                "t.json",
                &format!(
                    r#"{{"version": 1, "currency": "{currency}", "start_month": "2026-11", "months": 2,
                        "countries": [{{"country": "IN", "marketing": 2000000}}]}}"#
                ),
            )
            .unwrap();
            let p = project(&s, &embedded_book()).unwrap();
            let mut page = Page::new(600.0, 400.0);
            draw(&mut page, &p, None, None, 0.0, 0.0, 600.0, 300.0, 1.0);
            page.ops
                .iter()
                .filter_map(|op| match op {
                    Op::Text { text, .. } if !text.starts_with("20") && !text.contains(':') => {
                        Some(text.clone())
                    }
                    _ => None,
                })
                .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
                .collect()
        };
        // 2,000,000 marketing messages to India at 0.0118 USD: 23,600 a month.
        assert_eq!(
            labels("USD"),
            [
                "US$\u{a0}0",
                "US$\u{a0}5k",
                "US$\u{a0}10k",
                "US$\u{a0}15k",
                "US$\u{a0}20k",
                "US$\u{a0}25k"
            ]
        );
        let inr = labels("INR");
        assert!(inr.iter().all(|l| l.starts_with("₹\u{a0}")), "{inr:?}");
        assert!(inr.iter().any(|l| l.ends_with("\u{a0}lakh")), "{inr:?}");
    }

    #[test]
    fn axis_steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(100.0, 5.0), 20.0);
        assert_eq!(nice_step(16_500.0, 5.0), 5_000.0);
        assert_eq!(nice_step(0.0, 5.0), 1.0);
        assert_eq!(nice_step(9.0, 5.0), 2.0);
    }
}

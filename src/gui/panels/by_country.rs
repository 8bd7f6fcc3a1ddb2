//! By country: horizontal bars sorted by cost with the category split, and a table of totals
//! (split by category, cost per message, share) that sorts by any heading and copies for a
//! spreadsheet.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::ChargedCategory;
use crate::domain::projection::Projection;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;
use crate::gui::widgets::Money;
use crate::gui::widgets::table_copy::{self, Column};
use crate::io::display;

pub use crate::domain::projection::{CountryTotal, country_totals as totals};

/// The By country tab and its sort (a view state: not remembered across restarts).
#[derive(Debug, Default)]
pub struct ByCountryPanel {
    /// Column of [`heads`] sorted by; `None` = dearest first, as the chart.
    pub sort: Option<(ByCountryColumn, bool)>,
}

impl ByCountryPanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        show(self, cx, ui);
    }
}

/// A column of the By country table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByCountryColumn {
    Country,
    Market,
    Messages,
    Category(ChargedCategory),
    MetaCost,
    Total,
    PerMessage,
    Share,
}

impl ByCountryColumn {
    pub fn title(self) -> &'static str {
        match self {
            ByCountryColumn::Country => "Country",
            ByCountryColumn::Market => "Market",
            ByCountryColumn::Messages => "Messages",
            ByCountryColumn::Category(c) => match c {
                ChargedCategory::AuthenticationInternational => "Auth. intl",
                c => c.label(),
            },
            ByCountryColumn::MetaCost => "Meta cost",
            ByCountryColumn::Total => "Total",
            ByCountryColumn::PerMessage => "Per message",
            ByCountryColumn::Share => "Share",
        }
    }
}

/// The columns for this projection: a category's column only when some country uses it
/// (Marketing, Utility, Authentication and Service always).
pub fn heads(rows: &[CountryTotal]) -> Vec<ByCountryColumn> {
    let mut out = vec![
        ByCountryColumn::Country,
        ByCountryColumn::Market,
        ByCountryColumn::Messages,
    ];
    for c in ChargedCategory::ALL {
        let used = rows
            .iter()
            .any(|r| !r.meta_by_category[c.index()].is_zero());
        if used || c != ChargedCategory::AuthenticationInternational {
            out.push(ByCountryColumn::Category(c));
        }
    }
    out.extend([
        ByCountryColumn::MetaCost,
        ByCountryColumn::Total,
        ByCountryColumn::PerMessage,
        ByCountryColumn::Share,
    ]);
    out
}

pub use crate::domain::mix::percent_shares as shares;

/// The table's rows: the countries and, when the plan has one, the provider's platform fee
/// (in no country); their shares are of the plan's total and add up to 100.0 %.
struct Table {
    rows: Vec<CountryTotal>,
    shares: Vec<Decimal>,
    /// Platform fee and its tax over the plan, with its share.
    fee: Option<(Decimal, Decimal)>,
}

/// The table of `rows` (the projection's per-country sums), with shares and the platform fee.
fn table(p: &Projection, rows: Vec<CountryTotal>) -> Table {
    let fee: Decimal = p
        .months
        .iter()
        .map(|m| m.platform_fee + m.platform_fee_tax)
        .sum();
    let mut parts: Vec<Decimal> = rows.iter().map(|r| r.total).collect();
    if !fee.is_zero() {
        parts.push(fee);
    }
    let mut shares = shares(&parts);
    let fee = (!fee.is_zero()).then(|| {
        let share = shares.pop().unwrap_or_default();
        (fee, share)
    });
    Table { rows, shares, fee }
}

fn per_message(total: Decimal, volume: u64) -> Option<Decimal> {
    (volume > 0).then(|| total / Decimal::from(volume))
}

/// A cell's text: on screen, written with `screen` (the currency's decimals, the user's
/// decimal mark), or for a spreadsheet (`None`).
fn cell(col: ByCountryColumn, r: &CountryTotal, share: Decimal, screen: Option<Money>) -> String {
    let plain = screen.is_none();
    let amount = |d: Decimal| match screen {
        Some(m) => m.number(d),
        None => table_copy::amount(d),
    };
    match col {
        ByCountryColumn::Country => {
            if plain {
                r.country.name().to_string()
            } else {
                format!("{} ({})", r.country.name(), r.country.code())
            }
        }
        ByCountryColumn::Market => r
            .markets
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        ByCountryColumn::Messages => match screen {
            Some(m) => m.count(r.volume),
            None => r.volume.to_string(),
        },
        ByCountryColumn::Category(c) => amount(r.meta_by_category[c.index()]),
        ByCountryColumn::MetaCost => amount(r.meta_cost),
        ByCountryColumn::Total => amount(r.total),
        ByCountryColumn::PerMessage => per_message(r.total, r.volume)
            .map(|d| per_message_cell(d, screen))
            .unwrap_or_default(),
        ByCountryColumn::Share => share_cell(share, screen),
    }
}

/// A cost per message: four decimals (grouped on screen, plain for a spreadsheet).
fn per_message_cell(d: Decimal, screen: Option<Money>) -> String {
    match screen {
        Some(m) => m.rate(d),
        None => table_copy::plain(d, 4),
    }
}

/// A share: "12.5 %" on screen (in the user's decimal mark), "12.5" for a spreadsheet.
fn share_cell(share: Decimal, screen: Option<Money>) -> String {
    match screen {
        Some(m) => m.percent(share, 1),
        None => display::fixed(share, 1),
    }
}

/// The totals row: the plan's own totals (platform fee included when the table shows it).
fn total_cell(col: ByCountryColumn, p: &Projection, t: &Table, screen: Option<Money>) -> String {
    let amount = |d: Decimal| match screen {
        Some(m) => m.number(d),
        None => table_copy::amount(d),
    };
    match col {
        ByCountryColumn::Country => "Total".into(),
        ByCountryColumn::Market => String::new(),
        ByCountryColumn::Messages => match screen {
            Some(m) => m.count(p.volume),
            None => p.volume.to_string(),
        },
        ByCountryColumn::Category(c) => {
            amount(t.rows.iter().map(|r| r.meta_by_category[c.index()]).sum())
        }
        ByCountryColumn::MetaCost => amount(p.meta_cost),
        // The countries and the platform fee row add up to it.
        ByCountryColumn::Total => amount(p.total),
        ByCountryColumn::PerMessage => per_message(p.total, p.volume)
            .map(|d| per_message_cell(d, screen))
            .unwrap_or_default(),
        ByCountryColumn::Share => share_cell(Decimal::ONE_HUNDRED, screen),
    }
}

fn fee_cell(col: ByCountryColumn, fee: Decimal, share: Decimal, screen: Option<Money>) -> String {
    match col {
        ByCountryColumn::Country => "Platform fee (no country)".into(),
        ByCountryColumn::Total => match screen {
            Some(m) => m.number(fee),
            None => table_copy::amount(fee),
        },
        ByCountryColumn::Share => share_cell(share, screen),
        _ => String::new(),
    }
}

/// Row order for a sort (stable: ties keep dearest first).
fn order(t: &Table, sort: Option<(ByCountryColumn, bool)>) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..t.rows.len()).collect();
    let Some((col, desc)) = sort else {
        return idx;
    };
    let rows = &t.rows;
    match col {
        ByCountryColumn::Country => idx.sort_by_key(|i| rows[*i].country.name()),
        ByCountryColumn::Market => idx.sort_by_key(|i| rows[*i].markets.first().copied()),
        ByCountryColumn::Messages => idx.sort_by_key(|i| rows[*i].volume),
        ByCountryColumn::Category(c) => idx.sort_by_key(|i| rows[*i].meta_by_category[c.index()]),
        ByCountryColumn::MetaCost => idx.sort_by_key(|i| rows[*i].meta_cost),
        ByCountryColumn::Total | ByCountryColumn::Share => idx.sort_by_key(|i| rows[*i].total),
        ByCountryColumn::PerMessage => {
            idx.sort_by_key(|i| per_message(rows[*i].total, rows[*i].volume))
        }
    }
    if desc {
        idx.reverse();
    }
    idx
}

/// The By country table as tab-separated text, in the order given, with the platform fee and
/// the totals row; amounts in the currency named in the headings.
pub fn country_tsv(p: &Projection, sort: Option<(ByCountryColumn, bool)>) -> String {
    let t = table(p, totals(p));
    let cols = heads(&t.rows);
    let cur = p.currency.to_string();
    let titles: Vec<String> = cols
        .iter()
        .map(|c| match c {
            ByCountryColumn::Country | ByCountryColumn::Market | ByCountryColumn::Messages => {
                c.title().to_string()
            }
            ByCountryColumn::Share => "Share (%)".into(),
            ByCountryColumn::Category(cat) => format!("{} ({cur})", cat.label()),
            _ => format!("{} ({cur})", c.title()),
        })
        .collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let mut rows: Vec<Vec<String>> = order(&t, sort)
        .into_iter()
        .map(|i| {
            cols.iter()
                .map(|c| cell(*c, &t.rows[i], t.shares[i], None))
                .collect()
        })
        .collect();
    if let Some((fee, share)) = t.fee {
        rows.push(
            cols.iter()
                .map(|c| fee_cell(*c, fee, share, None))
                .collect(),
        );
    }
    rows.push(cols.iter().map(|c| total_cell(*c, p, &t, None)).collect());
    table_copy::tsv(&titles, &rows)
}

fn show(view: &mut ByCountryPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let Some(p) = cx.projection else { return };
    let money = Money::new(p.currency).decimal_comma(cx.settings.decimal_comma);
    let screen = Some(money);
    // The sums kept with the projection, not added up again every frame.
    let t = table(p, cx.derived.country_totals.clone());
    if t.rows.is_empty() {
        ui.label("No country has any volume yet.");
        return;
    }
    chart(ui, &t.rows, money);
    ui.add_space(6.0);

    let mut copy = table_copy::copy_requested(ui);
    ui.horizontal_wrapped(|ui| {
        copy |= table_copy::copy_button(ui);
        ui.label(
            RichText::new(format!(
                "Amounts in {}; categories are Meta's cost; per message = total ÷ messages. Click a heading to sort.",
                money.unit()
            ))
            .weak(),
        );
    });
    if copy {
        ui.ctx().copy_text(country_tsv(p, view.sort));
    }

    let cols = heads(&t.rows);
    let mut columns: Vec<Column> = cols
        .iter()
        .map(|c| match c {
            ByCountryColumn::Country => Column::text(c.title(), 90.0),
            ByCountryColumn::Market => Column::text(c.title(), 56.0),
            _ => Column::number(c.title()),
        })
        .collect();
    let total_row: Vec<String> = cols.iter().map(|c| total_cell(*c, p, &t, screen)).collect();
    let mut samples: Vec<Vec<String>> = t
        .rows
        .iter()
        .zip(&t.shares)
        .map(|(r, s)| cols.iter().map(|c| cell(*c, r, *s, screen)).collect())
        .collect();
    samples.push(total_row.clone());
    let fee_row: Option<Vec<String>> = t.fee.map(|(fee, share)| {
        cols.iter()
            .map(|c| fee_cell(*c, fee, share, screen))
            .collect()
    });
    let available = ui.available_width() - ui.spacing().scroll.bar_width - 8.0;
    table_copy::fit(ui, &mut columns, &samples, available);
    let width = table_copy::row_width(&columns);
    let sorted = view
        .sort
        .and_then(|(c, d)| cols.iter().position(|x| *x == c).map(|i| (i, d)));
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut clicked = None;
    ui.spacing_mut().scroll.floating = false;
    egui::ScrollArea::both()
        .id_salt("country table")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.set_min_width(width);
            clicked = table_copy::headings(ui, &columns, sorted);
            ui.separator();
            for i in order(&t, view.sort) {
                let cells: Vec<String> = cols
                    .iter()
                    .map(|c| cell(*c, &t.rows[i], t.shares[i], screen))
                    .collect();
                table_copy::row(ui, &columns, &cells, false, row_height);
            }
            if let Some(r) = &fee_row {
                table_copy::row(ui, &columns, r, false, row_height);
            }
            ui.separator();
            table_copy::row(ui, &columns, &total_row, true, row_height);
        });
    if let Some(i) = clicked {
        let col = cols[i];
        view.sort = Some(match view.sort {
            Some((c, d)) if c == col => (col, !d),
            _ => (
                col,
                !matches!(col, ByCountryColumn::Country | ByCountryColumn::Market),
            ),
        });
    }
}

/// Horizontal bars, dearest on top, stacked by category; the legend is drawn above the plot,
/// so it never covers a bar.
fn chart(ui: &mut Ui, rows: &[CountryTotal], money: Money) {
    let n = rows.len();
    let names: Vec<String> = rows.iter().map(|r| r.country.name().to_string()).collect();
    let mut charts: Vec<BarChart> = Vec::new();
    let mut legend: Vec<(ChargedCategory, egui::Color32)> = Vec::new();
    for c in ChargedCategory::ALL {
        if rows.iter().all(|r| r.meta_by_category[c.index()].is_zero()) {
            continue;
        }
        let colour = theme::category(c).on(ui);
        legend.push((c, colour));
        let bars = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let v = r.meta_by_category[c.index()];
                // Filled solid: `BarChart::color` fills at a fifth of the colour, which in
                // the dark theme left near-black bars.
                Bar::new((n - 1 - i) as f64, v.to_f64().unwrap_or(0.0))
                    .width(0.7)
                    .fill(colour)
                    .stroke(egui::Stroke::NONE)
                    .name(format!("{}: {}", r.country.name(), money.amount(v)))
            })
            .collect();
        crate::gui::widgets::plot::stack(
            &mut charts,
            BarChart::new(format!("Meta: {}", c.label()), bars)
                .color(colour)
                .horizontal(),
        );
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Meta cost by category:").weak());
        for (c, colour) in &legend {
            let size = egui::vec2(12.0, 12.0);
            let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, *colour);
            ui.label(c.label());
            ui.add_space(6.0);
        }
    });
    let height = (n as f32 * 28.0 + 60.0).clamp(140.0, ui.available_height() * 0.45);
    Plot::new("by country")
        .height(height)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_x(0.0)
        .x_axis_formatter(crate::gui::widgets::plot::money_axis(money))
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
}

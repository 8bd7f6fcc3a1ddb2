//! The month × country × category detail, sortable by every heading, with a totals row and a
//! copy for spreadsheets; the figures are the ones `wacost estimate` prints.

use egui::{RichText, Ui};
use rust_decimal::Decimal;

use crate::domain::projection::Projection;
use crate::domain::{Line, Month};
use crate::gui::ctx::PanelCtx;
use crate::gui::settings::SortColumn;
use crate::gui::widgets::Money;
use crate::gui::widgets::table_copy::{self, Column};

/// The columns on screen, with the setting each sorts by. The market and the billable count
/// are in the copied table (and the country's hover), not on screen: that keeps every column
/// in view on a 1024-pixel window.
const SCREEN: [(&str, SortColumn); 10] = [
    ("Month", SortColumn::Month),
    ("Country", SortColumn::Country),
    ("Category", SortColumn::Category),
    ("Messages", SortColumn::Volume),
    ("Free", SortColumn::Free),
    ("Rate", SortColumn::Rate),
    ("Meta cost", SortColumn::MetaCost),
    ("Provider", SortColumn::Provider),
    ("Tax", SortColumn::Tax),
    ("Total", SortColumn::Total),
];

/// The Table tab (its sort lives in the settings).
#[derive(Debug, Default)]
pub struct TablePanel;

impl TablePanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        show(cx, ui);
    }
}

/// The lines in the order of `sort` (ties keep the projection's order: month, country,
/// category).
pub fn sorted_lines(p: &Projection, sort: SortColumn, descending: bool) -> Vec<(Month, &Line)> {
    let mut rows: Vec<(Month, &Line)> = p
        .months
        .iter()
        .flat_map(|m| m.lines.iter().map(move |l| (m.month, l)))
        .collect();
    let t = &p.terms;
    match sort {
        SortColumn::Month => {}
        SortColumn::Country => rows.sort_by_key(|(_, l)| l.country.name()),
        SortColumn::Category => rows.sort_by_key(|(_, l)| l.category),
        SortColumn::Volume => rows.sort_by_key(|(_, l)| l.volume),
        SortColumn::Free => rows.sort_by_key(|(_, l)| l.free_volume()),
        SortColumn::Rate => rows.sort_by_key(|(_, l)| l.rate()),
        SortColumn::MetaCost => rows.sort_by_key(|(_, l)| l.meta_cost),
        SortColumn::Provider => rows.sort_by_key(|(_, l)| l.provider_cost(t)),
        SortColumn::Tax => rows.sort_by_key(|(_, l)| l.tax(t)),
        SortColumn::Total => rows.sort_by_key(|(_, l)| l.total(t)),
    }
    if descending {
        rows.reverse();
    }
    rows
}

/// The provider's flat monthly fee over the plan and its tax: in no line, so a row of its own
/// between the lines and the totals (`None` when the plan has none).
fn platform_fee(p: &Projection) -> Option<(Decimal, Decimal)> {
    let fee: Decimal = p.months.iter().map(|m| m.platform_fee).sum();
    let tax: Decimal = p.months.iter().map(|m| m.platform_fee_tax).sum();
    (!fee.is_zero() || !tax.is_zero()).then_some((fee, tax))
}

fn free_total(p: &Projection) -> u64 {
    p.months.iter().map(|m| m.free_volume).sum()
}

fn billable_total(p: &Projection) -> u64 {
    p.months.iter().map(|m| m.billable_volume).sum()
}

/// The whole table as tab-separated text for a spreadsheet: every line in the order shown, the
/// platform fee, then the plan's totals (the projection's own). Amounts carry their currency in
/// the heading and have no thousands separators.
pub fn table_tsv(p: &Projection, sort: SortColumn, descending: bool) -> String {
    let cur = p.currency.to_string();
    let heads = [
        "Month".to_string(),
        "Country".into(),
        "Market".into(),
        "Category".into(),
        "Messages".into(),
        "Free".into(),
        "Billable".into(),
        format!("Rate ({cur})"),
        format!("Meta cost ({cur})"),
        format!("Provider ({cur})"),
        format!("Tax ({cur})"),
        format!("Total ({cur})"),
    ];
    let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
    let t = &p.terms;
    let amount = table_copy::amount;
    let mut rows: Vec<Vec<String>> = sorted_lines(p, sort, descending)
        .into_iter()
        .map(|(m, l)| {
            vec![
                m.to_string(),
                l.country.name().to_string(),
                l.market.to_string(),
                l.category.label().to_string(),
                l.volume.to_string(),
                l.free_volume().to_string(),
                l.billable_volume.to_string(),
                l.rate()
                    .map(|r| r.normalize().to_string())
                    .unwrap_or_default(),
                amount(l.meta_cost),
                amount(l.provider_cost(t)),
                amount(l.tax(t)),
                amount(l.total(t)),
            ]
        })
        .collect();
    if let Some((fee, tax)) = platform_fee(p) {
        let mut r = vec![String::new(); 12];
        r[0] = "Platform fee".into();
        r[9] = amount(fee);
        r[10] = amount(tax);
        r[11] = amount(fee + tax);
        rows.push(r);
    }
    rows.push(vec![
        "Total".into(),
        String::new(),
        String::new(),
        String::new(),
        p.volume.to_string(),
        free_total(p).to_string(),
        billable_total(p).to_string(),
        String::new(),
        amount(p.meta_cost),
        amount(p.provider_cost),
        amount(p.tax),
        amount(p.total),
    ]);
    table_copy::tsv(&heads, &rows)
}

/// A line's cells on screen: amounts with the currency's decimals (the note above names it),
/// every number in the user's decimal mark.
fn screen_cells(m: Month, l: &Line, p: &Projection, money: Money) -> Vec<String> {
    let t = &p.terms;
    vec![
        m.to_string(),
        l.country.name().to_string(),
        l.category.label().to_string(),
        money.count(l.volume),
        money.count(l.free_volume()),
        l.rate().map(|r| money.rate(r)).unwrap_or_default(),
        money.number(l.meta_cost),
        money.number(l.provider_cost(t)),
        money.number(l.tax(t)),
        money.number(l.total(t)),
    ]
}

fn show(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let Some(p) = cx.projection else { return };
    let money = Money::new(p.currency).decimal_comma(cx.settings.decimal_comma);
    let (sort, descending) = (cx.settings.sort, cx.settings.sort_descending);
    let rows = sorted_lines(p, sort, descending);

    // A plan without provider fees or tax has two columns of zeros: they leave the screen
    // (not the copy), which keeps the rest in view on a small window.
    let no_provider = p.provider_cost.is_zero() && p.tax.is_zero();
    let mut copy = table_copy::copy_requested(ui);
    ui.horizontal_wrapped(|ui| {
        copy |= table_copy::copy_button(ui);
        ui.label(
            RichText::new(format!(
                "Amounts in {}; rates per message. Click a heading to sort.{}",
                money.unit(),
                if no_provider {
                    " No provider fees or tax in this plan: those columns are hidden."
                } else {
                    ""
                }
            ))
            .weak(),
        );
    });
    if copy {
        ui.ctx().copy_text(table_tsv(p, sort, descending));
    }

    // Totals: the projection's own, never a sum of what is shown.
    let fee = platform_fee(p);
    let totals = vec![
        "Total".to_string(),
        String::new(),
        String::new(),
        money.count(p.volume),
        money.count(free_total(p)),
        String::new(),
        money.number(p.meta_cost),
        money.number(p.provider_cost),
        money.number(p.tax),
        money.number(p.total),
    ];
    let fee_row = fee.map(|(f, t)| {
        let mut r = vec![String::new(); SCREEN.len()];
        r[0] = "Platform fee".into();
        r[1] = "(no country)".into();
        r[7] = money.number(f);
        r[8] = money.number(t);
        r[9] = money.number(f + t);
        r
    });

    // Widths from what decides them: the totals for numbers, each distinct text.
    let columns: Vec<Column> = SCREEN
        .iter()
        .map(|(title, s)| match s {
            SortColumn::Month => Column::text(*title, 66.0),
            SortColumn::Country => Column::text(*title, 60.0),
            SortColumn::Category => Column::text(*title, 60.0),
            _ => Column::number(*title),
        })
        .collect();
    let mut samples = vec![totals.clone()];
    samples.extend(fee_row.clone());
    let mut seen = std::collections::BTreeSet::new();
    for (_, l) in &rows {
        if seen.insert((l.country, l.category)) {
            let mut r = vec![String::new(); SCREEN.len()];
            r[1] = l.country.name().to_string();
            r[2] = l.category.label().to_string();
            r[5] = l.rate().map(|r| money.rate(r)).unwrap_or_default();
            samples.push(r);
        }
    }
    if let Some(first) = rows.first() {
        samples.push(screen_cells(first.0, first.1, p, money));
    }
    // Indices of the columns shown.
    let shown: Vec<usize> = (0..SCREEN.len())
        .filter(|i| {
            !(no_provider && matches!(SCREEN[*i].1, SortColumn::Provider | SortColumn::Tax))
        })
        .collect();
    let pick =
        |cells: &[String]| -> Vec<String> { shown.iter().map(|i| cells[*i].clone()).collect() };
    let mut columns: Vec<Column> = shown.iter().map(|i| columns[*i].clone()).collect();
    let samples: Vec<Vec<String>> = samples.iter().map(|r| pick(r)).collect();
    let totals = pick(&totals);
    let fee_row = fee_row.map(|r| pick(&r));
    let available = ui.available_width() - ui.spacing().scroll.bar_width - 8.0;
    table_copy::fit(ui, &mut columns, &samples, available);
    let width = table_copy::row_width(&columns);

    let sorted = shown.iter().position(|i| SCREEN[*i].1 == sort);
    let mut clicked = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    // A solid scroll bar (not egui's floating one) says there is more to the right.
    ui.spacing_mut().scroll.floating = false;
    egui::ScrollArea::horizontal()
        .id_salt("table h")
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded)
        .show(ui, |ui| {
            ui.set_min_width(width);
            clicked = table_copy::headings(ui, &columns, sorted.map(|i| (i, descending)));
            ui.separator();
            let foot = row_height * (1.0 + f32::from(fee_row.is_some())) + 24.0;
            egui::ScrollArea::vertical()
                .id_salt("table rows")
                .auto_shrink([false, true])
                .max_height((ui.available_height() - foot).max(row_height * 3.0))
                .show_rows(ui, row_height, rows.len(), |ui, range| {
                    for (month, l) in &rows[range] {
                        let cells = pick(&screen_cells(*month, l, p, money));
                        table_copy::row(ui, &columns, &cells, false, row_height);
                    }
                });
            ui.separator();
            if let Some(r) = &fee_row {
                table_copy::row(ui, &columns, r, false, row_height)
            }
            table_copy::row(ui, &columns, &totals, true, row_height);
        });
    if let Some(i) = clicked {
        let col = SCREEN[shown[i]].1;
        if cx.settings.sort == col {
            cx.settings.sort_descending = !cx.settings.sort_descending;
        } else {
            cx.settings.sort = col;
            // Amounts and counts open dearest/largest first; names and months in order.
            cx.settings.sort_descending = !matches!(
                col,
                SortColumn::Month | SortColumn::Country | SortColumn::Category
            );
        }
    }
}

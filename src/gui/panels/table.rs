//! The month × country × category detail, sortable, with the figures `wacost estimate` prints.

use egui::{RichText, Ui};

use crate::domain::{Line, Month};
use crate::gui::ctx::PanelCtx;
use crate::gui::settings::SortColumn;
use crate::io::display;

const COLUMNS: [(&str, f32, Option<SortColumn>); 12] = [
    ("Month", 62.0, Some(SortColumn::Month)),
    ("Country", 96.0, Some(SortColumn::Country)),
    ("Market", 96.0, None),
    ("Category", 112.0, Some(SortColumn::Category)),
    ("Volume", 78.0, Some(SortColumn::Volume)),
    ("Free", 60.0, None),
    ("Billable", 78.0, None),
    ("Rate", 52.0, None),
    ("Meta cost", 96.0, Some(SortColumn::MetaCost)),
    ("Provider", 84.0, None),
    ("Tax", 70.0, None),
    ("Total", 96.0, Some(SortColumn::Total)),
];

/// The Table tab (its sort lives in the settings).
#[derive(Debug, Default)]
pub struct TablePanel;

impl TablePanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        show(cx, ui);
    }
}

fn show(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let Some(p) = cx.projection else { return };
    let currency = p.currency.to_string();
    let mut rows: Vec<(Month, &Line)> = p
        .months
        .iter()
        .flat_map(|m| m.lines.iter().map(move |l| (m.month, l)))
        .collect();
    let t = &p.terms;
    match cx.settings.sort {
        SortColumn::Month => {}
        SortColumn::Country => rows.sort_by_key(|(m, l)| (l.country.name(), *m, l.category)),
        SortColumn::Category => rows.sort_by_key(|(m, l)| (l.category, *m, l.country)),
        SortColumn::Volume => rows.sort_by_key(|(_, l)| l.volume),
        SortColumn::MetaCost => rows.sort_by_key(|(_, l)| l.meta_cost),
        SortColumn::Total => rows.sort_by_key(|(_, l)| l.total(t)),
    }
    if cx.settings.sort_descending {
        rows.reverse();
    }
    let mut clicked = None;
    ui.label(
        RichText::new(format!("Amounts in {currency}; rates per message."))
            .small()
            .weak(),
    );
    egui::ScrollArea::horizontal().show(ui, |ui| {
        ui.horizontal(|ui| {
            for (title, width, sort) in COLUMNS {
                match sort {
                    Some(col) => {
                        let arrow = if cx.settings.sort == col {
                            if cx.settings.sort_descending {
                                " (desc)"
                            } else {
                                " (asc)"
                            }
                        } else {
                            ""
                        };
                        let button =
                            egui::Button::new(RichText::new(format!("{title}{arrow}")).strong());
                        if ui
                            .add_sized([width, 20.0], button)
                            .accessible_name(format!("Sort by {}", title.to_lowercase()))
                            .clicked()
                        {
                            clicked = Some(col);
                        }
                    }
                    None => {
                        ui.add_sized(
                            [width, 20.0],
                            egui::Label::new(RichText::new(title).strong()),
                        );
                    }
                }
            }
        });
        ui.separator();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                for (month, l) in &rows[range] {
                    ui.horizontal(|ui| {
                        let cells = [
                            month.to_string(),
                            l.country.name().to_string(),
                            l.market.to_string(),
                            l.category.label().to_string(),
                            display::count(l.volume),
                            display::count(l.free_volume()),
                            display::count(l.billable_volume),
                            l.rate().map(display::rate).unwrap_or_default(),
                            display::amount(l.meta_cost),
                            display::amount(l.provider_cost(t)),
                            display::amount(l.tax(t)),
                            display::amount(l.total(t)),
                        ];
                        for (text, (_, width, _)) in cells.into_iter().zip(COLUMNS) {
                            ui.add_sized([width, row_height], egui::Label::new(text).truncate());
                        }
                    });
                }
            });
    });
    if let Some(col) = clicked {
        if cx.settings.sort == col {
            cx.settings.sort_descending = !cx.settings.sort_descending;
        } else {
            cx.settings.sort = col;
            cx.settings.sort_descending = matches!(
                col,
                SortColumn::Volume | SortColumn::MetaCost | SortColumn::Total
            );
        }
    }
}

//! Tables people reuse: a table put on the clipboard the way a spreadsheet reads it
//! (tab-separated cells, one row a line, the header first, numbers without thousands
//! separators), and the plain drawing the Table and By country tabs share (a heading that sorts
//! with its direction shown, cells in fitted columns, numbers right-aligned, a totals row).

use egui::{Align, Layout, RichText, Ui};
use rust_decimal::Decimal;

use crate::io::display;

/// Tab-separated values: the header, then each row, every line ended by "\n". A tab or line
/// break inside a cell would start a new cell or row when pasted, so it becomes a space.
pub fn tsv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut first = true;
        for cell in cells {
            if !first {
                out.push('\t');
            }
            first = false;
            out.extend(cell.chars().map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c => c,
            }));
        }
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// A decimal as a spreadsheet reads it: rounded as on screen (half-even) to `places`, with no
/// thousands separators ("75798.00", "-0.0305").
pub fn plain(d: Decimal, places: u32) -> String {
    display::fixed(d, places).replace(',', "")
}

/// Money with two decimals and no separators: "1234.50".
pub fn amount(d: Decimal) -> String {
    plain(d, 2)
}

/// Whether the user asked to copy (Ctrl+C / Cmd+C, or the Copy key) while no text field has
/// focus: a field's own copy comes first.
pub fn copy_requested(ui: &Ui) -> bool {
    !ui.ctx().text_edit_focused()
        && ui.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)))
}

/// The "Copy table" button (hover says what it does); true when clicked.
pub fn copy_button(ui: &mut Ui) -> bool {
    ui.button("Copy table")
        .on_hover_text(
            "Puts the whole table on the clipboard, tab-separated, ready to paste into a \
             spreadsheet (Ctrl+C does the same while the table is shown)",
        )
        .clicked()
}

/// A column on screen: its heading, whether it holds numbers (right-aligned), its width.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    pub numeric: bool,
    /// Narrowest it may be squeezed to (text columns truncate, with the full text on hover).
    pub min: f32,
    pub width: f32,
}

impl Column {
    pub fn text(title: impl Into<String>, min: f32) -> Column {
        Column {
            title: title.into(),
            numeric: false,
            min,
            width: 0.0,
        }
    }

    pub fn number(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            numeric: true,
            min: 0.0,
            width: 0.0,
        }
    }
}

/// Gap between two columns.
pub const GAP: f32 = 8.0;
/// Room the sort arrow and a heading's padding take.
const HEADING_EXTRA: f32 = 2.0;

fn text_width(ui: &Ui, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    ui.fonts_mut(|f| {
        f.layout_no_wrap(text.to_string(), font, egui::Color32::WHITE)
            .size()
            .x
    })
}

/// Sizes each column to its heading and the widest of `samples` (the cells that decide the
/// width: the totals row for numbers, each distinct text for text columns), then, if they do
/// not fit in `available`, squeezes the text columns down to their minimum.
pub fn fit(ui: &Ui, columns: &mut [Column], samples: &[Vec<String>], available: f32) {
    let mut content = Vec::with_capacity(columns.len());
    for (i, c) in columns.iter_mut().enumerate() {
        let widest = samples
            .iter()
            .filter_map(|row| row.get(i))
            .map(|t| text_width(ui, t))
            .fold(0.0_f32, f32::max)
            + 4.0;
        let heading = text_width(ui, &format!("{}   ", c.title))
            + 2.0 * ui.spacing().button_padding.x
            + HEADING_EXTRA;
        c.width = heading.max(widest).ceil();
        content.push(widest.ceil());
    }
    let total: f32 = columns.iter().map(|c| c.width).sum::<f32>() + GAP * columns.len() as f32;
    let mut excess = total - available;
    // First the text columns, down to their minimum (they truncate, hover shows all) ...
    for c in columns.iter_mut().filter(|c| !c.numeric) {
        if excess <= 0.0 {
            return;
        }
        let give = (c.width - c.min).max(0.0).min(excess);
        c.width -= give;
        excess -= give;
    }
    // ... then a number column's heading, down to its figures (the heading truncates).
    for (c, content) in columns.iter_mut().zip(content) {
        if excess <= 0.0 {
            return;
        }
        if c.numeric {
            let give = (c.width - content).max(0.0).min(excess);
            c.width -= give;
            excess -= give;
        }
    }
}

/// Width of a row of `columns`, gaps included.
pub fn row_width(columns: &[Column]) -> f32 {
    columns.iter().map(|c| c.width + GAP).sum()
}

/// The headings, each a button that sorts by it; the sorted one is highlighted with a triangle
/// pointing up (ascending) or down (descending), drawn rather than typed: the window's font has
/// no arrow glyphs. Returns the column clicked. Each button's accessible name is "Sort by …".
pub fn headings(ui: &mut Ui, columns: &[Column], sorted: Option<(usize, bool)>) -> Option<usize> {
    let mut clicked = None;
    let height = ui.spacing().interact_size.y;
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = GAP;
        for (i, c) in columns.iter().enumerate() {
            let direction = match sorted {
                Some((s, desc)) if s == i => Some(desc),
                _ => None,
            };
            // Room for the triangle on the right of the title.
            let text = RichText::new(format!("{}   ", c.title)).strong();
            let layout = if c.numeric {
                Layout::right_to_left(Align::Center)
            } else {
                Layout::left_to_right(Align::Center)
            };
            ui.allocate_ui_with_layout(egui::vec2(c.width, height), layout, |ui| {
                ui.set_min_width(c.width);
                let r = ui
                    .add(egui::Button::selectable(direction.is_some(), text).truncate())
                    .on_hover_text(format!(
                        "Sort by {}; click again to reverse",
                        c.title.to_lowercase()
                    ))
                    .accessible_name(format!("Sort by {}", c.title.to_lowercase()));
                if let Some(desc) = direction {
                    let colour = ui.visuals().strong_text_color();
                    let centre = egui::pos2(r.rect.right() - 8.0, r.rect.center().y);
                    let (tip, base) = if desc { (3.5, -3.5) } else { (-3.5, 3.5) };
                    ui.painter().add(egui::Shape::convex_polygon(
                        vec![
                            centre + egui::vec2(0.0, tip),
                            centre + egui::vec2(4.5, base),
                            centre + egui::vec2(-4.5, base),
                        ],
                        colour,
                        egui::Stroke::NONE,
                    ));
                }
                if r.clicked() {
                    clicked = Some(i);
                }
            });
        }
    });
    clicked
}

/// One row of cells; `hover` gives a cell its tooltip (a truncated text shows in full anyway).
pub fn row(ui: &mut Ui, columns: &[Column], cells: &[String], strong: bool, height: f32) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = GAP;
        for (c, text) in columns.iter().zip(cells) {
            let layout = if c.numeric {
                Layout::right_to_left(Align::Center)
            } else {
                Layout::left_to_right(Align::Center)
            };
            ui.allocate_ui_with_layout(egui::vec2(c.width, height), layout, |ui| {
                ui.set_min_width(c.width);
                let text = if strong {
                    RichText::new(text).strong()
                } else {
                    RichText::new(text)
                };
                ui.add(egui::Label::new(text).truncate().selectable(false));
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn cells_are_tab_separated_rows_are_lines_header_first() {
        let out = tsv(
            &["Country", "Total (USD)"],
            &[
                vec!["Brazil".into(), "12840.00".into()],
                vec!["Mexico".into(), "3176.00".into()],
            ],
        );
        assert_eq!(
            out,
            "Country\tTotal (USD)\nBrazil\t12840.00\nMexico\t3176.00\n"
        );
    }

    #[test]
    fn tabs_and_line_breaks_inside_a_cell_do_not_split_it() {
        let out = tsv(&["a\tb"], &[vec!["one\ntwo\r\nthree".into()]]);
        assert_eq!(out, "a b\none two  three\n");
        assert_eq!(out.lines().count(), 2);
    }

    #[test]
    fn numbers_have_no_thousands_separators() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(amount(d("75798")), "75798.00");
        assert_eq!(amount(d("1234.5")), "1234.50");
        assert_eq!(amount(d("-1234567.015")), "-1234567.02");
        assert_eq!(amount(d("12.345")), "12.34"); // half-even, as on screen
        assert_eq!(plain(d("0.0397"), 4), "0.0397");
    }
}

//! The PDF report: pages laid out as ops (so the page count is known for "Page i of n"), then
//! written with krilla and the embedded DejaVu Sans (subset, so text is selectable and
//! searchable in any viewer).

use std::sync::OnceLock;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};

use super::canvas::{Align, BOLD, Op, Page, REGULAR, Rgb, Weight, text_width, wrap};

/// Paper sizes in points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

pub const MARGIN: f32 = 48.0;
const HEADER_Y: f32 = 30.0;
const BODY: f32 = 9.0;

/// A table column: heading, share of the text width, alignment.
pub struct Column<'a> {
    pub title: &'a str,
    pub width: f32,
    pub align: Align,
}

impl<'a> Column<'a> {
    pub fn left(title: &'a str, width: f32) -> Column<'a> {
        Column {
            title,
            width,
            align: Align::Left,
        }
    }

    /// Figures are right-aligned.
    pub fn right(title: &'a str, width: f32) -> Column<'a> {
        Column {
            title,
            width,
            align: Align::Right,
        }
    }
}

/// Flows content down pages, starting a new page when the next block does not fit.
pub struct Flow {
    pub pages: Vec<Page>,
    width: f32,
    height: f32,
    y: f32,
}

impl Flow {
    pub fn new(paper: Paper) -> Flow {
        let (width, height) = paper.size();
        let mut f = Flow {
            pages: Vec::new(),
            width,
            height,
            y: 0.0,
        };
        f.new_page();
        f
    }

    pub fn text_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::new(self.width, self.height));
        self.y = MARGIN + 8.0;
    }

    pub fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page is always open")
    }

    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn advance(&mut self, h: f32) {
        self.y += h;
    }

    /// Starts a new page unless `h` more points fit on this one.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() {
            self.new_page();
        }
    }

    /// A section heading, kept with at least three lines of what follows.
    pub fn heading(&mut self, text: &str) {
        self.ensure(80.0);
        self.y += 18.0;
        let y = self.y;
        self.page()
            .text(MARGIN, y, 13.0, Weight::Bold, Rgb::BLACK, text);
        self.y += 10.0;
    }

    /// Wrapped text.
    pub fn paragraph(&mut self, text: &str, size: f32, weight: Weight, color: Rgb) {
        let width = self.text_width();
        for line in wrap(text, size, weight, width) {
            self.ensure(size * 1.4);
            self.y += size * 1.4;
            let y = self.y;
            self.page().text(MARGIN, y, size, weight, color, &line);
        }
    }

    /// "Label: value" lines with the labels in a column.
    pub fn facts(&mut self, facts: &[(String, String)]) {
        let label_w = facts
            .iter()
            .map(|(l, _)| text_width(l, BODY, Weight::Bold))
            .fold(0.0, f32::max)
            + 10.0;
        let value_w = self.text_width() - label_w;
        for (label, value) in facts {
            let lines = wrap(value, BODY, Weight::Regular, value_w);
            self.ensure(BODY * 1.45 * lines.len() as f32);
            for (i, line) in lines.iter().enumerate() {
                self.y += BODY * 1.45;
                let y = self.y;
                if i == 0 {
                    self.page()
                        .text(MARGIN, y, BODY, Weight::Bold, Rgb::BLACK, label);
                }
                self.page()
                    .text(MARGIN + label_w, y, BODY, Weight::Regular, Rgb::BLACK, line);
            }
        }
    }

    /// A table that breaks across pages, its header repeated on each; the last row is bold
    /// when `total_row`.
    pub fn table(&mut self, columns: &[Column<'_>], rows: &[Vec<String>], total_row: bool) {
        // The largest size (9 pt down to 7 pt) at which every column fits whole.
        let size = [9.0, 8.5, 8.0, 7.5, 7.0]
            .into_iter()
            .find(|&s| natural_widths(columns, rows, s).iter().sum::<f32>() <= self.text_width())
            .unwrap_or(7.0);
        let row_h = size * 1.75;
        let widths = column_widths(columns, rows, self.text_width(), size);
        let pad = 3.0;
        let header = |flow: &mut Flow| {
            let y = flow.y;
            let mut x = MARGIN;
            let w = flow.text_width();
            flow.page().rect(MARGIN, y, w, row_h, Rgb::RULE);
            for (c, w) in columns.iter().zip(&widths) {
                flow.page().text_in(
                    x + pad,
                    w - 2.0 * pad,
                    y + row_h - size * 0.5,
                    size,
                    Weight::Bold,
                    Rgb::BLACK,
                    c.align,
                    c.title,
                );
                x += w;
            }
            flow.y += row_h;
        };
        self.ensure(row_h * 3.0);
        header(self);
        for (i, row) in rows.iter().enumerate() {
            if self.y + row_h > self.bottom() {
                self.new_page();
                header(self);
            }
            let y = self.y;
            let bold = total_row && i + 1 == rows.len();
            if i % 2 == 1 {
                let w = self.text_width();
                self.page().rect(MARGIN, y, w, row_h, Rgb::STRIPE);
            }
            if bold {
                let w = self.text_width();
                self.page().line(MARGIN, y, MARGIN + w, y, 0.8, Rgb::GREY);
            }
            let mut x = MARGIN;
            for ((cell, c), w) in row.iter().zip(columns).zip(&widths) {
                let weight = if bold { Weight::Bold } else { Weight::Regular };
                // Too long for its column: cut with an ellipsis (the CSV has the whole text).
                let mut text = cell.clone();
                while text_width(&text, size, weight) > w - 2.0 * pad && text.chars().count() > 2 {
                    text = text
                        .chars()
                        .take(text.chars().count() - 2)
                        .collect::<String>()
                        + "…";
                }
                self.page().text_in(
                    x + pad,
                    w - 2.0 * pad,
                    y + row_h - size * 0.55,
                    size,
                    weight,
                    Rgb::BLACK,
                    c.align,
                    &text,
                );
                x += w;
            }
            self.y += row_h;
        }
        self.y += 6.0;
    }

    /// Adds the running header and the "Page i of n" footer to every page.
    pub fn finish(mut self, header_left: &str, header_right: &str) -> Vec<Page> {
        let n = self.pages.len();
        let width = self.width;
        let height = self.height;
        for (i, page) in self.pages.iter_mut().enumerate() {
            page.text(
                MARGIN,
                HEADER_Y,
                8.0,
                Weight::Regular,
                Rgb::GREY,
                header_left,
            );
            page.text_in(
                MARGIN,
                width - 2.0 * MARGIN,
                HEADER_Y,
                8.0,
                Weight::Regular,
                Rgb::GREY,
                Align::Right,
                header_right,
            );
            page.line(
                MARGIN,
                HEADER_Y + 5.0,
                width - MARGIN,
                HEADER_Y + 5.0,
                0.5,
                Rgb::RULE,
            );
            let fy = height - MARGIN / 2.0;
            page.line(MARGIN, fy - 11.0, width - MARGIN, fy - 11.0, 0.5, Rgb::RULE);
            page.text(MARGIN, fy, 8.0, Weight::Regular, Rgb::GREY, "Made with wacost. Rates: Meta's list prices as loaded; verify against Meta's official card.");
            page.text_in(
                MARGIN,
                width - 2.0 * MARGIN,
                fy,
                8.0,
                Weight::Regular,
                Rgb::GREY,
                Align::Right,
                &format!("Page {} of {n}", i + 1),
            );
        }
        self.pages
    }
}

/// Column widths that fit the text width: each column as wide as its widest cell, then the
/// spare room shared by the weights, or the shortfall taken from the left-aligned (text)
/// columns, whose cells are cut with an ellipsis.
fn natural_widths(columns: &[Column<'_>], rows: &[Vec<String>], size: f32) -> Vec<f32> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|cell| text_width(cell, size, Weight::Bold))
                .fold(text_width(c.title, size, Weight::Bold), f32::max)
                + 8.0
        })
        .collect()
}

fn column_widths(columns: &[Column<'_>], rows: &[Vec<String>], total: f32, size: f32) -> Vec<f32> {
    let natural = natural_widths(columns, rows, size);
    let sum: f32 = natural.iter().sum();
    if sum <= total {
        let weights: f32 = columns.iter().map(|c| c.width).sum();
        return natural
            .iter()
            .zip(columns)
            .map(|(n, c)| n + (total - sum) * c.width / weights)
            .collect();
    }
    let text: f32 = natural
        .iter()
        .zip(columns)
        .filter(|(_, c)| c.align == Align::Left)
        .map(|(n, _)| n)
        .sum();
    let fixed = sum - text;
    let room = (total - fixed).max(total * 0.2);
    natural
        .iter()
        .zip(columns)
        .map(|(n, c)| {
            if c.align == Align::Left && text > 0.0 {
                n * room / text
            } else if fixed + room > total {
                n * (total - room) / fixed
            } else {
                *n
            }
        })
        .collect()
}

fn fonts() -> &'static (Font, Font) {
    static FONTS: OnceLock<(Font, Font)> = OnceLock::new();
    FONTS.get_or_init(|| {
        (
            Font::new(REGULAR.into(), 0).expect("the embedded regular font parses (tested)"),
            Font::new(BOLD.into(), 0).expect("the embedded bold font parses (tested)"),
        )
    })
}

fn color(c: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write the PDF: {0}")]
pub struct PdfError(String);

/// Writes the pages as a PDF.
pub fn render(pages: &[Page], title: &str) -> Result<Vec<u8>, PdfError> {
    let (regular, bold) = fonts();
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("wacost".to_string()),
    );
    for p in pages {
        let settings = PageSettings::from_wh(p.width, p.height)
            .ok_or_else(|| PdfError("bad page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in &p.ops {
            match op {
                Op::Rect { x, y, w, h, fill } => {
                    let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill {
                            paint: color(*fill),
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color: c,
                } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: color(*c),
                            width: *width,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Op::Text {
                    x,
                    y,
                    size,
                    weight,
                    color: c,
                    text,
                } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill {
                        paint: color(*c),
                        ..Default::default()
                    }));
                    let font = match weight {
                        Weight::Regular => regular.clone(),
                        Weight::Bold => bold.clone(),
                    };
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        font,
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PdfError(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &Page) -> Vec<&str> {
        page.ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_table_breaks_across_pages_and_repeats_its_header() {
        let mut flow = Flow::new(Paper::A4);
        flow.heading("By country");
        let rows: Vec<Vec<String>> = (0..200)
            .map(|i| vec![format!("Country {i}"), format!("{i}.00")])
            .collect();
        flow.table(
            &[Column::left("Country", 2.0), Column::right("Total", 1.0)],
            &rows,
            true,
        );
        let pages = flow.finish("left", "right");
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let n = pages.len();
        let mut seen = 0;
        for (i, page) in pages.iter().enumerate() {
            let t = texts(page);
            assert!(
                t.contains(&"Country") && t.contains(&"Total"),
                "page {i} has the header"
            );
            assert!(t.contains(&format!("Page {} of {n}", i + 1).as_str()));
            seen += t.iter().filter(|s| s.starts_with("Country ")).count();
            // Nothing is drawn below the bottom margin.
            for op in &page.ops {
                if let Op::Text { y, text, .. } = op
                    && text.starts_with("Country ")
                {
                    assert!(*y <= page.height - MARGIN, "{text} at {y}");
                }
            }
        }
        assert_eq!(seen, 200, "every row once");
    }

    #[test]
    fn the_embedded_fonts_parse_and_a_pdf_is_written() {
        let mut flow = Flow::new(Paper::Letter);
        flow.paragraph(
            "Côte d'Ivoire, Curaçao, Réunion, Türkiye: 1,234.56 USD",
            9.0,
            Weight::Regular,
            Rgb::BLACK,
        );
        let pages = flow.finish("l", "r");
        let pdf = render(&pages, "t").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(String::from_utf8_lossy(&pdf).contains("MediaBox[0 0 612 792]"));
    }
}

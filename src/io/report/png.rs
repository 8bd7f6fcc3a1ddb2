//! The chart as a PNG for slides: drawn at 2× scale (1800 × 1000 pixels for a 900 × 500 chart)
//! with its title and legend, rasterised with tiny-skia; text is drawn from the embedded font's
//! glyph outlines, so the image looks the same on every machine.

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Stroke, Transform};

use super::ReportInput;
use super::canvas::{BOLD, Op, Page, REGULAR, Rgb, Weight, text_width};
use super::chart;

/// The chart's size in points; the image is twice that in pixels.
pub const CHART_SIZE: (f32, f32) = (900.0, 500.0);
pub const SCALE: f32 = 2.0;

fn paint(c: Rgb) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(Color::from_rgba8(c.0, c.1, c.2, 255));
    p.anti_alias = true;
    p
}

/// Collects a glyph outline into a tiny-skia path, placed at (x, baseline) with y flipped.
struct Pen<'a> {
    pb: &'a mut PathBuilder,
    x: f32,
    y: f32,
}

impl OutlinePen for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.pb.move_to(self.x + x, self.y - y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.pb.line_to(self.x + x, self.y - y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.pb
            .quad_to(self.x + cx0, self.y - cy0, self.x + x, self.y - y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.pb.cubic_to(
            self.x + cx0,
            self.y - cy0,
            self.x + cx1,
            self.y - cy1,
            self.x + x,
            self.y - y,
        );
    }
    fn close(&mut self) {
        self.pb.close();
    }
}

fn draw_text(
    pixmap: &mut Pixmap,
    x: f32,
    y: f32,
    size: f32,
    weight: Weight,
    color: Rgb,
    text: &str,
) {
    let data = match weight {
        Weight::Regular => REGULAR,
        Weight::Bold => BOLD,
    };
    let Ok(font) = FontRef::new(data) else { return };
    let charmap = font.charmap();
    let outlines = font.outline_glyphs();
    let mut pb = PathBuilder::new();
    let mut pen_x = x;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let gid = charmap.map(c).unwrap_or_default();
        if let Some(glyph) = outlines.get(gid) {
            let mut pen = Pen {
                pb: &mut pb,
                x: pen_x,
                y,
            };
            let _ = glyph.draw(
                DrawSettings::unhinted(Size::new(size), LocationRef::default()),
                &mut pen,
            );
        }
        pen_x += text_width(c.encode_utf8(&mut buf), size, weight);
    }
    if let Some(path) = pb.finish() {
        pixmap.fill_path(
            &path,
            &paint(color),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

/// Draws recorded page ops into a pixmap of the page's size (1 unit = 1 pixel).
pub fn rasterise(page: &Page) -> Option<Pixmap> {
    let mut pixmap = Pixmap::new(page.width.ceil() as u32, page.height.ceil() as u32)?;
    pixmap.fill(Color::WHITE);
    for op in &page.ops {
        match op {
            Op::Rect { x, y, w, h, fill } => {
                if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                    pixmap.fill_rect(r, &paint(*fill), Transform::identity(), None);
                }
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                let mut pb = PathBuilder::new();
                pb.move_to(*x1, *y1);
                pb.line_to(*x2, *y2);
                if let Some(path) = pb.finish() {
                    let stroke = Stroke {
                        width: *width,
                        ..Stroke::default()
                    };
                    pixmap.stroke_path(&path, &paint(*color), &stroke, Transform::identity(), None);
                }
            }
            Op::Text {
                x,
                y,
                size,
                weight,
                color,
                text,
            } => draw_text(&mut pixmap, *x, *y, *size, *weight, *color, text),
        }
    }
    Some(pixmap)
}

/// PNG bytes of an opaque pixmap.
pub fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        // Every pixel is opaque (white background), so premultiplied equals straight alpha.
        writer
            .write_image_data(pixmap.data())
            .map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The report's chart as PNG bytes.
pub fn chart_png(input: &ReportInput<'_>) -> Result<Vec<u8>, String> {
    let (w, h) = (CHART_SIZE.0 * SCALE, CHART_SIZE.1 * SCALE);
    let mut page = Page::new(w, h);
    let pad = 24.0 * SCALE;
    let title = format!(
        "{}: cost by month ({}, {} to {})",
        input.scenario.name,
        input.projection.currency,
        input.scenario.start_month,
        input.scenario.end_month()
    );
    chart::draw(
        &mut page,
        input.projection,
        input.scenario.budget_monthly,
        Some(&title),
        pad,
        pad,
        w - 2.0 * pad,
        h - 2.0 * pad,
        SCALE,
    );
    let pixmap = rasterise(&page).ok_or("the chart has no pixels")?;
    encode(&pixmap)
}

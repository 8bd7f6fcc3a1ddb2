//! The headline card: a figure a marketer reads first, with its title and an optional note.
//! Every card of a row has the same size whatever its text, so a longer note never moves the
//! cards beside it or the chart under them: the note wraps to two lines and ends in "…" beyond
//! them, and the card's hover text says the rest.

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontSelection, Response, RichText, TextStyle, Ui, Vec2};

/// One headline card.
#[derive(Debug, Clone, Default)]
pub struct Card {
    pub title: String,
    pub value: String,
    /// Under the figure: what it covers or why it is what it is (at most two lines shown).
    pub note: Option<String>,
    /// On hover: what the card cannot show (the full list, the breakdown), never its caption.
    pub hover: Option<String>,
    /// The figure's colour (`None`: the text colour), e.g. the error colour for a budget overrun.
    pub tone: Option<Color32>,
}

impl Card {
    pub fn new(title: impl Into<String>, value: impl Into<String>) -> Card {
        Card {
            title: title.into(),
            value: value.into(),
            ..Card::default()
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Card {
        self.note = Some(note.into());
        self
    }

    pub fn hover(mut self, hover: impl Into<String>) -> Card {
        self.hover = Some(hover.into());
        self
    }

    pub fn tone(mut self, colour: Color32) -> Card {
        self.tone = Some(colour);
        self
    }
}

/// The narrowest a card gets; a row of cards shares the width it has above this.
pub const MIN_CARD_WIDTH: f32 = 170.0;
const NOTE_ROWS: usize = 2;
const MARGIN: f32 = 8.0;

/// The card's outer height: title, figure and two note lines, the same for every card.
pub fn card_height(ui: &Ui) -> f32 {
    let small = ui.text_style_height(&TextStyle::Small);
    let figure = ui.fonts_mut(|f| f.row_height(&egui::FontId::proportional(FIGURE_SIZE)));
    let spacing = ui.spacing().item_spacing.y;
    2.0 * MARGIN + small + figure + NOTE_ROWS as f32 * small + 3.0 * spacing + 2.0
}

const FIGURE_SIZE: f32 = 18.0;

/// Draws `card` at exactly `width` × [`card_height`].
pub fn card(ui: &mut Ui, card: &Card, width: f32) -> Response {
    let height = card_height(ui);
    let inner = Vec2::new(width - 2.0 * MARGIN, height - 2.0 * MARGIN);
    let response = egui::Frame::group(ui.style())
        .inner_margin(MARGIN)
        .show(ui, |ui| {
            ui.set_min_size(inner);
            ui.set_max_size(inner);
            ui.vertical(|ui| {
                ui.add(egui::Label::new(RichText::new(&card.title).small().weak()).truncate());
                let mut figure = RichText::new(&card.value).size(FIGURE_SIZE).strong();
                if let Some(c) = card.tone {
                    figure = figure.color(c);
                }
                ui.add(egui::Label::new(figure).truncate());
                if let Some(note) = &card.note {
                    let mut job = LayoutJob::default();
                    RichText::new(note).small().weak().append_to(
                        &mut job,
                        ui.style(),
                        FontSelection::Default,
                        egui::Align::Min,
                    );
                    job.wrap = TextWrapping {
                        max_width: inner.x,
                        max_rows: NOTE_ROWS,
                        break_anywhere: false,
                        overflow_character: Some('…'),
                    };
                    ui.add(egui::Label::new(job).wrap());
                }
            });
        })
        .response;
    match &card.hover {
        Some(h) => response.on_hover_text(h),
        None => response,
    }
}

/// Lays `cards` out in rows that fill the width: as many per row as fit at
/// [`MIN_CARD_WIDTH`], all of one width, so a fourth or fifth card wraps to a new row instead of
/// running off a narrow window.
pub fn card_rows(ui: &mut Ui, cards: &[Card]) {
    if cards.is_empty() {
        return;
    }
    let gap = ui.spacing().item_spacing.x;
    let available = ui.available_width();
    let per_row =
        (((available + gap) / (MIN_CARD_WIDTH + gap)).floor() as usize).clamp(1, cards.len());
    let rows = cards.len().div_ceil(per_row);
    // Balance the rows (5 cards on a 3-wide window: 3 + 2; on a 4-wide one: 3 + 2, not 4 + 1).
    let per_row = cards.len().div_ceil(rows);
    let width = ((available - gap * (per_row as f32 - 1.0)) / per_row as f32)
        .clamp(MIN_CARD_WIDTH.min(available), 260.0);
    for row in cards.chunks(per_row) {
        ui.horizontal(|ui| {
            for c in row {
                card(ui, c, width);
            }
        });
    }
}

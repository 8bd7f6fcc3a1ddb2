//! Text fields bound to values, validated as the user types: an invalid entry keeps its text,
//! the field is outlined and marked, and the value (and so the projection) keeps its last valid
//! state. The reason is listed by [`Fields::problems`] in a place of its own (the plan panel's
//! foot), so a message never widens a panel or moves the fields under the pointer.

use std::collections::HashMap;

use egui::Ui;

#[derive(Debug, Default)]
pub struct Fields {
    text: HashMap<String, String>,
    /// The reason an entry is refused, with the field's name, by key.
    errors: HashMap<String, (String, String)>,
}

impl Fields {
    /// Forget every edit buffer, so fields show the values again (after undo, open, new).
    pub fn reset(&mut self) {
        self.text.clear();
        self.errors.clear();
    }

    /// Forget the buffers of keys starting with `prefix` (a removed row).
    pub fn forget(&mut self, prefix: &str) {
        self.text.retain(|k, _| !k.starts_with(prefix));
        self.errors.retain(|k, _| !k.starts_with(prefix));
    }

    pub fn error(&self, key: &str) -> Option<&str> {
        self.errors.get(key).map(|(_, e)| e.as_str())
    }

    /// Every refused entry as "Field name: reason", sorted by field name.
    pub fn problems(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .errors
            .values()
            .map(|(name, e)| format!("{name}: {e}"))
            .collect();
        out.sort();
        out
    }

    /// A single-line field for `value`, named `name` for screen readers and tests. Returns
    /// whether the value changed.
    #[allow(clippy::too_many_arguments)] // each is one aspect of the field; a builder adds nothing
    pub fn edit<T: PartialEq>(
        &mut self,
        ui: &mut Ui,
        key: &str,
        name: &str,
        width: f32,
        value: &mut T,
        show: impl Fn(&T) -> String,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> bool {
        let id = ui.make_persistent_id(("field", key));
        let focused = ui.memory(|m| m.has_focus(id));
        let shown = show(value);
        let buffer = self
            .text
            .entry(key.to_string())
            .or_insert_with(|| shown.clone());
        // Outside edits (undo, open, another field) show up unless the user is typing here or
        // the text holds an error they have not fixed yet.
        if !focused && !self.errors.contains_key(key) && *buffer != shown {
            *buffer = shown;
        }
        let height = ui.spacing().interact_size.y;
        let response = ui
            .add_sized([width, height], egui::TextEdit::singleline(buffer).id(id))
            .accessible_name(name);
        let mut changed = false;
        if response.changed() {
            match parse(buffer) {
                Ok(v) => {
                    self.errors.remove(key);
                    if *value != v {
                        *value = v;
                        changed = true;
                    }
                }
                Err(e) => {
                    self.errors.insert(key.to_string(), (name.to_string(), e));
                }
            }
        }
        if response.lost_focus() && !self.errors.contains_key(key) {
            // Show the value as wacost reads it ("1200000" -> "1,200,000").
            self.text.insert(key.to_string(), show(value));
        }
        if let Some((_, e)) = self.errors.get(key) {
            // Drawn over the field, so the layout stays exactly as it was.
            let colour = crate::gui::theme::ERROR.on(ui);
            let rect = response.rect;
            ui.painter().rect_stroke(
                rect,
                ui.visuals().widgets.inactive.corner_radius,
                egui::Stroke::new(2.0, colour),
                egui::StrokeKind::Outside,
            );
            ui.painter().text(
                rect.right_center() - egui::vec2(4.0, 0.0),
                egui::Align2::RIGHT_CENTER,
                "!",
                egui::FontId::proportional(14.0),
                colour,
            );
            response.on_hover_text(e.clone());
        }
        changed
    }
}

//! Text fields bound to values, validated as the user types: an invalid entry keeps its text
//! and shows the reason next to the field, and the value (and so the projection) keeps its last
//! valid state.

use std::collections::HashMap;

use egui::{RichText, Ui};

#[derive(Debug, Default)]
pub struct Fields {
    text: HashMap<String, String>,
    errors: HashMap<String, String>,
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
        self.errors.get(key).map(String::as_str)
    }

    pub fn errors(&self) -> impl Iterator<Item = (&String, &String)> {
        self.errors.iter()
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
                    self.errors.insert(key.to_string(), e);
                }
            }
        }
        if response.lost_focus() && !self.errors.contains_key(key) {
            // Show the value as wacost reads it ("1200000" -> "1,200,000").
            self.text.insert(key.to_string(), show(value));
        }
        if let Some(e) = self.errors.get(key) {
            ui.label(RichText::new(e.clone()).color(crate::gui::theme::ERROR.on(ui)))
                .on_hover_text(e.clone());
        }
        changed
    }
}

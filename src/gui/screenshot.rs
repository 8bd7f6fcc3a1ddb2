//! `wacost gui --screenshot OUT.png`: render the real window for a few frames, capture it, write
//! the PNG (atomically) and close.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::app::WacostApp;
use crate::io::atomic::write_atomic;

/// Frames drawn before the capture, so that layout and fonts have settled.
const SETTLE_FRAMES: u32 = 6;

pub struct ScreenshotApp {
    pub inner: WacostApp,
    out: PathBuf,
    frames: u32,
    requested: bool,
    result: Arc<Mutex<Option<Result<(), String>>>>,
}

impl ScreenshotApp {
    pub fn new(
        inner: WacostApp,
        out: PathBuf,
        result: Arc<Mutex<Option<Result<(), String>>>>,
    ) -> Self {
        ScreenshotApp {
            inner,
            out,
            frames: 0,
            requested: false,
            result,
        }
    }
}

/// Encodes an egui image as PNG bytes.
pub fn png_bytes(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [w, h] = image.size;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w as u32, h as u32);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        let data: Vec<u8> = image
            .pixels
            .iter()
            .flat_map(|c| c.to_srgba_unmultiplied())
            .collect();
        writer.write_image_data(&data).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

pub fn write_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let bytes = png_bytes(image)?;
    write_atomic(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))
}

impl eframe::App for ScreenshotApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.inner.frame(ui);
        let ctx = ui.ctx().clone();
        // An import started with the window is waited for: the picture shows its result.
        if !self.inner.usage_import_running() {
            self.frames += 1;
        }
        if self.frames >= SETTLE_FRAMES && !self.requested {
            self.requested = true;
            let out = self.out.clone();
            let result = self.result.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                *result.lock().expect("not poisoned") = Some(write_png(&out, &image));
                repaint.request_repaint();
            });
        }
        if self.result.lock().expect("not poisoned").is_some() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        ctx.request_repaint();
    }
}

//! wacost's app icon (`assets/icon/`): the window's icon, and the small one at the left of the
//! menu bar, so that a window without a title bar (a screenshot, a kiosk) still shows whose it
//! is. Both come from the PNGs that `tools/gen_icons.sh` renders from `assets/icon/wacost.svg`,
//! embedded in the binary and decoded with the `png` crate (no image loaders needed).

/// The icon's PNGs embedded in the binary, by side in pixels: the small ones for the menu bar
/// (one drawn for each screen scale, so the icon stays crisp) and 256 px for the window.
pub const EMBEDDED: [(u32, &[u8]); 6] = [
    (
        16,
        include_bytes!("../../assets/icon/hicolor/16x16/apps/wacost.png"),
    ),
    (
        24,
        include_bytes!("../../assets/icon/hicolor/24x24/apps/wacost.png"),
    ),
    (
        32,
        include_bytes!("../../assets/icon/hicolor/32x32/apps/wacost.png"),
    ),
    (
        48,
        include_bytes!("../../assets/icon/hicolor/48x48/apps/wacost.png"),
    ),
    (
        64,
        include_bytes!("../../assets/icon/hicolor/64x64/apps/wacost.png"),
    ),
    (
        256,
        include_bytes!("../../assets/icon/hicolor/256x256/apps/wacost.png"),
    ),
];

/// The side of the window's icon, in pixels.
pub const WINDOW_ICON_SIDE: u32 = 256;

/// The height of the icon in the menu bar, in points.
pub const MENU_ICON_SIDE: f32 = 16.0;

/// What a screen reader says for the icon in the menu bar.
pub const ICON_LABEL: &str = "wacost";

/// A decoded image: 8-bit RGBA, row after row, not premultiplied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rgba {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

/// Decodes a PNG into 8-bit RGBA (grey, palette and 16-bit images are converted).
pub fn decode_png(bytes: &[u8]) -> Result<Rgba, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(
        png::Transformations::normalize_to_color8() | png::Transformations::ALPHA,
    );
    let mut reader = decoder.read_info().map_err(|e| format!("not a PNG: {e}"))?;
    let size = reader
        .output_buffer_size()
        .ok_or("the PNG is too large to decode")?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("the PNG is damaged: {e}"))?;
    buf.truncate(info.buffer_size());
    let pixels = match info.color_type {
        png::ColorType::Rgba => buf,
        // A grey image with alpha: spread the grey over red, green and blue.
        png::ColorType::GrayscaleAlpha => buf
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        other => return Err(format!("unexpected PNG colour type {other:?}")),
    };
    Ok(Rgba {
        width: info.width,
        height: info.height,
        pixels,
    })
}

/// The embedded PNG to draw `pixels` pixels high: the smallest one at least that large (drawn
/// at its own size or shrunk a little), else the largest.
pub fn png_for(pixels: f32) -> (u32, &'static [u8]) {
    EMBEDDED
        .iter()
        .copied()
        .find(|(side, _)| *side as f32 >= pixels.round())
        .unwrap_or(EMBEDDED[EMBEDDED.len() - 1])
}

/// The window's icon (the 256 px PNG).
pub fn window_icon() -> egui::IconData {
    let (_, bytes) = png_for(WINDOW_ICON_SIDE as f32);
    let image = decode_png(bytes).expect("the embedded icon decodes (tests/icon.rs checks it)");
    egui::IconData {
        rgba: image.pixels,
        width: image.width,
        height: image.height,
    }
}

/// The icon as a texture, made once per screen scale.
pub struct MenuIcon {
    /// The side of the PNG it was made from, in pixels.
    side: u32,
    texture: egui::TextureHandle,
}

impl std::fmt::Debug for MenuIcon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MenuIcon")
            .field("side", &self.side)
            .field("texture", &self.texture.id())
            .finish()
    }
}

/// Draws the icon [`MENU_ICON_SIDE`] points high, on whole pixels, labelled "wacost" for screen
/// readers; `cache` keeps its texture between frames (made again only if the screen's scale
/// asks for another PNG).
pub fn show(ui: &mut egui::Ui, cache: &mut Option<MenuIcon>) -> egui::Response {
    let (side, bytes) = png_for(MENU_ICON_SIDE * ui.pixels_per_point());
    if cache.as_ref().is_none_or(|c| c.side != side) {
        *cache = decode_png(bytes).ok().map(|image| MenuIcon {
            side,
            texture: ui.ctx().load_texture(
                "wacost-icon",
                egui::ColorImage::from_rgba_unmultiplied(
                    [image.width as usize, image.height as usize],
                    &image.pixels,
                ),
                egui::TextureOptions::LINEAR,
            ),
        });
    }
    let size = egui::Vec2::splat(MENU_ICON_SIDE);
    match cache {
        Some(icon) => ui.add(
            egui::Image::from_texture((icon.texture.id(), size))
                .fit_to_exact_size(size)
                .alt_text(ICON_LABEL),
        ),
        // Cannot happen with the embedded PNGs (a test decodes each); keep the place anyway.
        None => ui.allocate_exact_size(size, egui::Sense::hover()).1,
    }
}

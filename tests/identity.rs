//! wacost's identity on a desktop (issue 16, "Identity"): the app icon in every size a desktop
//! asks for, the icon in the window's menu bar, the desktop entry, the AppStream metainfo and the
//! plan files' MIME type (all in `packaging/linux/`), and the `.wacost.json` ending that Save As
//! suggests. The packaging files are read as text: the real validators (desktop-file-validate,
//! appstreamcli) run in CI.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use wacost::gui::APP_ID;
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::{CannedDialogs, DialogPurpose};
use wacost::gui::icon::{self, EMBEDDED, WINDOW_ICON_SIDE};
use wacost::io::scenario_file::read_plan;

/// Every size of the icon in the repository (`assets/icon/hicolor/<N>x<N>/apps/wacost.png`).
const SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn icon_png(side: u32) -> PathBuf {
    root().join(format!("assets/icon/hicolor/{side}x{side}/apps/wacost.png"))
}

fn packaging(name: &str) -> String {
    std::fs::read_to_string(root().join("packaging/linux").join(name)).unwrap()
}

/// Width, height, colour type and bit depth of a PNG file, read with the png crate.
fn png_header(path: &Path) -> (u32, u32, png::ColorType, png::BitDepth) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    (info.width, info.height, info.color_type, info.bit_depth)
}

#[test]
fn every_icon_size_exists_at_its_size_with_transparency() {
    for side in SIZES {
        let path = icon_png(side);
        assert!(path.is_file(), "missing {}", path.display());
        let (w, h, colour, depth) = png_header(&path);
        assert_eq!((w, h), (side, side), "{}", path.display());
        assert_eq!(colour, png::ColorType::Rgba, "{}", path.display());
        assert_eq!(depth, png::BitDepth::Eight, "{}", path.display());
    }
    // The script that makes them names the same sizes.
    let script = std::fs::read_to_string(root().join("tools/gen_icons.sh")).unwrap();
    let listed = SIZES.map(|s| s.to_string()).join(" ");
    assert!(
        script.contains(&format!("sizes=\"{listed}\"")),
        "tools/gen_icons.sh renders other sizes than {listed}"
    );
}

#[test]
fn the_embedded_icons_decode_to_their_size_and_are_the_files_in_the_repository() {
    for (side, bytes) in EMBEDDED {
        assert_eq!(bytes, std::fs::read(icon_png(side)).unwrap().as_slice());
        let image = icon::decode_png(bytes).unwrap();
        assert_eq!((image.width, image.height), (side, side));
        assert_eq!(image.pixels.len(), (side * side * 4) as usize);
        // Drawn, not blank: its corners are clear and its middle is not.
        let alpha = |x: u32, y: u32| image.pixels[((y * side + x) * 4 + 3) as usize];
        assert_eq!(alpha(0, 0), 0, "{side} px: the corner is painted");
        assert!(
            alpha(side / 2, side / 2) > 200,
            "{side} px: the middle is empty"
        );
    }
    // The window's icon: square, 256 px.
    let window = icon::window_icon();
    assert_eq!(
        (window.width, window.height),
        (WINDOW_ICON_SIDE, WINDOW_ICON_SIDE)
    );
    assert_eq!(window.rgba.len(), (256 * 256 * 4) as usize);
}

#[test]
fn the_menu_bar_takes_the_icon_drawn_for_the_screens_scale() {
    assert_eq!(icon::png_for(16.0).0, 16);
    assert_eq!(icon::png_for(24.0).0, 24);
    assert_eq!(icon::png_for(32.0).0, 32);
    // 1.25 × 16 = 20 px: the 24 px icon, shrunk a little (never one stretched).
    assert_eq!(icon::png_for(20.0).0, 24);
    assert_eq!(icon::png_for(1000.0).0, 256);
    assert!(icon::decode_png(b"not a png").is_err());
}

#[test]
fn the_menu_bar_shows_the_app_icon_labelled_wacost_left_of_the_file_menu() {
    let h = common::gui_harness(CannedDialogs::default(), None);
    let image = h.get_by_role_and_label(Role::Image, "wacost");
    let file = h.get_by_label("File");
    let (icon, file) = (image.rect(), file.rect());
    assert!(
        icon.right() <= file.left(),
        "{icon:?} is not left of {file:?}"
    );
    assert_eq!(icon.height(), icon::MENU_ICON_SIDE);
    assert_eq!(icon.width(), icon::MENU_ICON_SIDE);
    // In the bar, beside File: the two overlap vertically, centred within a point.
    assert!((icon.center().y - file.center().y).abs() <= 1.0);
}

/// The `Key=value` lines of a desktop entry's `[Desktop Entry]` group.
fn desktop_keys(text: &str) -> Vec<(String, String)> {
    let mut group = "";
    let mut keys = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            group = line;
        } else if group == "[Desktop Entry]"
            && let Some((k, v)) = line.split_once('=')
        {
            keys.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    keys
}

#[test]
fn the_desktop_entry_opens_plans_with_wacost_and_its_icon() {
    let name = format!("{APP_ID}.desktop");
    let text = packaging(&name);
    let keys = desktop_keys(&text);
    let get = |k: &str| {
        let found: Vec<&str> = keys
            .iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(found.len(), 1, "{name}: {k} appears {} times", found.len());
        found[0].to_string()
    };
    assert_eq!(get("Type"), "Application");
    assert_eq!(get("Name"), "wacost");
    assert_eq!(get("GenericName"), "WhatsApp cost planner");
    assert!(!get("Comment").is_empty());
    // The file a double-click hands over: one file, %f.
    let exec = get("Exec");
    assert!(exec.starts_with("wacost "), "{exec}");
    assert!(exec.split_whitespace().any(|a| a == "%f"), "{exec}");
    assert_eq!(get("Icon"), "wacost");
    assert_eq!(get("Terminal"), "false");
    assert_eq!(get("MimeType"), "application/x-wacost-plan+json;");
    assert_eq!(get("Categories"), "Office;Finance;");
    let keywords = get("Keywords");
    for k in ["WhatsApp", "cost", "budget", "Meta", "pricing"] {
        assert!(keywords.split(';').any(|w| w == k), "Keywords lacks {k}");
    }
    // The window says which entry it belongs to.
    assert_eq!(get("StartupWMClass"), APP_ID);
    // Icon=wacost names the icons the package installs.
    assert!(icon_png(48).is_file());
}

#[test]
fn the_mime_type_claims_the_plan_ending_over_plain_json() {
    let text = packaging("wacost-mime.xml");
    assert!(text.contains(r#"<mime-type type="application/x-wacost-plan+json">"#));
    assert!(text.contains("<comment>wacost plan</comment>"));
    assert!(text.contains(r#"<sub-class-of type="application/json"/>"#));
    assert!(text.contains(r#"<icon name="wacost"/>"#));
    let glob = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("<glob "))
        .unwrap();
    assert!(glob.contains(r#"pattern="*.wacost.json""#), "{glob}");
    // Heavier than the *.json of application/json (50, shared-mime-info's default).
    let weight: u32 = glob
        .split("weight=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(weight > 50, "{glob}");
    // The ending Save As suggests is the one the desktop knows.
    assert!(glob.contains(&format!("*.{}", wacost::gui::dialogs::PLAN_EXTENSION)));
}

#[test]
fn the_metainfo_names_the_app_its_entry_its_binary_and_its_plan_files() {
    let name = format!("{APP_ID}.metainfo.xml");
    let text = packaging(&name);
    for needle in [
        format!("<id>{APP_ID}</id>"),
        format!(r#"<launchable type="desktop-id">{APP_ID}.desktop</launchable>"#),
        "<metadata_license>CC0-1.0</metadata_license>".to_string(),
        "<project_license>MIT OR Apache-2.0</project_license>".to_string(),
        "<binary>wacost</binary>".to_string(),
        "<mediatype>application/x-wacost-plan+json</mediatype>".to_string(),
        r#"<content_rating type="oars-1.1"/>"#.to_string(),
        format!(
            r#"<release version="{}" date="2026-12-02">"#,
            env!("CARGO_PKG_VERSION")
        ),
    ] {
        assert!(text.contains(&needle), "{name} lacks {needle}");
    }
    // The screenshots it shows are the repository's own.
    for line in text.lines().filter(|l| l.contains("<image>")) {
        let file = line
            .split("/main/")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        assert!(
            root().join(file).is_file(),
            "{name} shows {file}, not in the repository"
        );
    }
}

#[test]
fn save_as_suggests_the_plan_ending_and_adds_it_to_a_bare_name() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = CannedDialogs::default();
    let mut h = common::gui_harness(dialogs.clone(), None);
    let title = h.state().scenario().name.clone();
    // The example plan has no file: its name with the plan ending.
    dialogs.answer(Some(dir.path().join("Q1 launch")));
    h.state_mut().run(Command::SaveAs);
    common::run_until(&mut h, |app| app.document().path.is_some());
    assert_eq!(
        dialogs.names.lock().unwrap().as_slice(),
        &[format!("{title}.wacost.json")]
    );
    assert_eq!(
        dialogs.asked.lock().unwrap().as_slice(),
        &[DialogPurpose::SaveAs]
    );
    let saved = dir.path().join("Q1 launch.wacost.json");
    assert_eq!(h.state().document().path.as_deref(), Some(saved.as_path()));
    assert!(read_plan(&saved).is_ok());
}

#[test]
fn a_plan_opened_from_plain_json_keeps_its_name_and_saves_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("q1.json");
    std::fs::copy(root().join("assets/example-scenario.json"), &plain).unwrap();
    let dialogs = CannedDialogs::default();
    let mut h = common::gui_harness(dialogs.clone(), None);
    dialogs.answer(Some(plain.clone()));
    h.state_mut().run(Command::Open);
    common::run_until(&mut h, |app| app.document().path.is_some());
    assert_eq!(h.state().document().path.as_deref(), Some(plain.as_path()));
    // Save As offers the file's own name, and a name typed with .json stays .json.
    let copy = dir.path().join("q1-copy.json");
    dialogs.answer(Some(copy.clone()));
    h.state_mut().run(Command::SaveAs);
    common::run_until(&mut h, |app| {
        app.document().path.as_deref() == Some(copy.as_path())
    });
    assert_eq!(
        dialogs.names.lock().unwrap().last().map(String::as_str),
        Some("q1.json")
    );
    assert!(copy.is_file());
    assert!(!dir.path().join("q1-copy.json.wacost.json").exists());
}

#[test]
fn wacosts_own_file_picker_suggests_the_plan_ending_too() {
    let mut h = common::gui_harness(CannedDialogs::default(), None);
    h.state_mut().settings_mut().own_file_picker = true;
    let title = h.state().scenario().name.clone();
    h.state_mut().run(Command::SaveAs);
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "File name");
    assert_eq!(
        field.accesskit_node().value().unwrap_or_default(),
        format!("{title}.wacost.json")
    );
}

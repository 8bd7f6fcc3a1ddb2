//! Variants of one plan in the window (issue 13): duplicate the plan shown, change the copy,
//! weigh both in the Compare tab; rename and delete with Undo; a plan of several variants saved,
//! reopened and restored after a crash with every variant.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use wacost::domain::compare::{VariantRef, compare};
use wacost::domain::projection::project;
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::CannedDialogs;
use wacost::gui::{AppOptions, StartWith, Tab, WacostApp};
use wacost::io::display;
use wacost::io::rates::{LoadedRates, embedded_book};
use wacost::io::scenario_file::read_plan;

fn app(data_dir: Option<PathBuf>, start: StartWith) -> WacostApp {
    WacostApp::new(AppOptions {
        rates: LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(CannedDialogs::default()),
        data_dir,
        start,
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings: Default::default(),
    })
}

fn harness_with(app: WacostApp, size: [f32; 2]) -> Harness<'static, WacostApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .build_eframe(move |_cc| app);
    h.run();
    h
}

fn harness() -> Harness<'static, WacostApp> {
    harness_with(app(None, StartWith::Example), [1400.0, 900.0])
}

fn type_into(h: &mut Harness<'_, WacostApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

fn brazil_marketing(s: &wacost::domain::Scenario) -> u64 {
    s.countries
        .iter()
        .find(|c| c.country.code() == "BR")
        .unwrap()
        .marketing
}

/// "+1,234.50" / "−80.00", as a difference is written on screen.
fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", display::amount(d))
    } else if d < Decimal::ZERO {
        format!("−{}", display::amount(-d))
    } else {
        display::amount(d)
    }
}

fn copied(h: &Harness<'_, WacostApp>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

/// An amount as the copied table writes it: two decimals, no separators.
fn plain(d: Decimal) -> String {
    display::fixed(d, 2).replace(',', "")
}

#[test]
fn a_duplicated_variant_changed_shows_the_engines_difference_in_compare() {
    // At the smallest window the layout must hold.
    let mut h = harness_with(app(None, StartWith::Example), [1024.0, 700.0]);
    // One variant: the Compare tab says how to make another.
    h.get_by_label("Compare").click();
    h.run();
    assert!(
        h.query_by_label_contains("click \"Duplicate variant\" above the plan")
            .is_some()
    );
    h.get_by_label("Duplicate variant").click();
    h.run();
    let plan = h.state().plan().clone();
    assert_eq!(plan.variants.len(), 2);
    assert_eq!(h.state().document().shown(), 1, "the copy is shown");
    assert_eq!(
        h.state().document().undo_label().as_deref(),
        Some("duplicate variant Q1 India + Brazil")
    );
    // The variant buttons stay inside the plan panel, on the heading's line.
    let panel_right = h.get_by_label("Add country").rect().max.x;
    for button in ["Duplicate variant", "Rename…", "Delete"] {
        let r = h.get_by_label(button).rect();
        assert!(r.max.x <= panel_right + 1.0, "{button} at {r:?}");
        assert!(r.min.x >= 0.0, "{button} at {r:?}");
    }
    let copy = plan.variants[1].name.clone();
    assert_eq!(copy, "Q1 India + Brazil (copy)");
    let copy = copy.as_str();
    assert!(h.state().document().title().contains(&format!("— {copy}")));

    // The edit goes to the copy only.
    type_into(&mut h, "Brazil marketing volume", "250k");
    let plan = h.state().plan().clone();
    assert_eq!(brazil_marketing(&plan.variants[1]), 250_000);
    assert_eq!(brazil_marketing(&plan.variants[0]), 40_000);

    // The difference on screen is the engine's.
    let book = embedded_book();
    let refs: Vec<VariantRef<'_>> = plan
        .variants
        .iter()
        .map(|v| VariantRef {
            label: &v.name,
            scenario: v,
        })
        .collect();
    let engine = compare(&refs, &book).unwrap();
    let by_totals = project(&plan.variants[1], &book).unwrap().total
        - project(&plan.variants[0], &book).unwrap().total;
    let difference = engine.variants[1].difference.unwrap();
    assert_eq!(difference, by_totals);
    assert!(difference > Decimal::ZERO);
    h.run();
    // The summary writes it with the symbol: "+US$ 10,125.00".
    let text = format!(
        "Difference to {}: +US$\u{a0}{}",
        plan.variants[0].name,
        display::amount(difference)
    );
    assert!(h.query_by_label(&text).is_some(), "{text} is not on screen");
    // The first month's row shows its own difference, as the engine has it.
    let first = &engine.months[0];
    let month_difference = first.costs[1].unwrap() - first.costs[0].unwrap();
    assert!(
        h.query_all_by_label(&signed(month_difference))
            .next()
            .is_some(),
        "{} is not in the month table",
        signed(month_difference)
    );
    // And what drives it: Brazil, in plain words.
    assert!(h.query_by_label_contains("• Brazil: +").is_some());
    // The month table copies as a spreadsheet reads it, in the order on screen.
    h.query_all_by_label("Copy table")
        .next()
        .unwrap()
        .scroll_to_me();
    h.run();
    h.query_all_by_label("Copy table").next().unwrap().click();
    h.step();
    let text = copied(&h).expect("the button copies");
    let base = &plan.variants[0].name;
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        format!("Month\t{base} (USD)\t{copy} (USD)\t{copy} − {base} (USD)")
    );
    assert_eq!(
        lines.next().unwrap(),
        format!(
            "{}\t{}\t{}\t{}",
            first.month,
            plain(first.costs[0].unwrap()),
            plain(first.costs[1].unwrap()),
            plain(month_difference)
        )
    );
    assert_eq!(
        text.lines().count(),
        engine.months.len() + 2,
        "header, months, total"
    );
    assert!(text.lines().last().unwrap().starts_with("Total\t"));
    // Sorted by the difference, largest first.
    h.query_all_by_label("Sort by difference")
        .next()
        .unwrap()
        .scroll_to_me();
    h.run();
    h.query_all_by_label("Sort by difference")
        .next()
        .unwrap()
        .click();
    h.run();
    h.query_all_by_label("Copy table")
        .next()
        .unwrap()
        .scroll_to_me();
    h.run();
    h.query_all_by_label("Copy table").next().unwrap().click();
    h.step();
    let text = copied(&h).unwrap();
    let largest = engine
        .months
        .iter()
        .max_by_key(|m| m.costs[1].unwrap() - m.costs[0].unwrap())
        .unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with(&largest.month.to_string()),
        "{text}"
    );

    // A variant's box shows it in the plan.
    h.get_by_label(&format!("Edit variant {}", plan.variants[0].name))
        .scroll_to_me();
    h.run();
    h.get_by_label(&format!("Edit variant {}", plan.variants[0].name))
        .click();
    h.run();
    assert_eq!(h.state().document().shown(), 0);
    assert_eq!(brazil_marketing(h.state().scenario()), 40_000);
}

#[test]
fn rename_and_delete_variants_and_undo_restores_them() {
    let mut h = harness();
    h.get_by_label("Duplicate variant").click();
    h.run();
    let original = h.state().plan().variants[0].name.clone();

    h.get_by_label("Rename…").click();
    h.run();
    type_into(&mut h, "Variant name", "Carnival");
    assert_eq!(h.state().plan().variants[1].name, "Carnival");
    assert_eq!(
        h.state().document().undo_label().as_deref(),
        Some("rename variant")
    );
    assert!(
        h.query_by_label("Variant name").is_none(),
        "the field closed"
    );

    // A taken name and an empty one are refused in plain words; nothing changes.
    h.get_by_label("Rename…").click();
    h.run();
    type_into(&mut h, "Variant name", &original.to_uppercase());
    assert!(
        h.query_by_label_contains("Not renamed: another variant is already called")
            .is_some()
    );
    type_into(&mut h, "Variant name", "  ");
    assert!(
        h.query_by_label_contains("Not renamed: a variant needs a name")
            .is_some()
    );
    assert_eq!(h.state().plan().variants[1].name, "Carnival");
    h.get_by_label("Cancel").click();
    h.run();

    // Delete the variant shown (Carnival), then undo.
    h.get_by_label("Delete").click();
    h.run();
    assert_eq!(h.state().plan().variants.len(), 1);
    assert_eq!(
        h.state().document().undo_label().as_deref(),
        Some("delete variant Carnival")
    );
    // With one variant left, Delete does nothing.
    h.state_mut().run(Command::DeleteVariant(0));
    assert_eq!(h.state().plan().variants.len(), 1);

    h.state_mut().run(Command::Undo);
    h.run();
    assert_eq!(h.state().plan().variants.len(), 2);
    assert_eq!(h.state().plan().variants[1].name, "Carnival");
    assert_eq!(
        h.state().document().shown(),
        1,
        "the restored variant is shown"
    );
    h.state_mut().run(Command::Undo);
    h.run();
    assert_eq!(
        h.state().plan().variants[1].name,
        format!("{original} (copy)")
    );
    h.state_mut().run(Command::Undo);
    h.run();
    assert_eq!(h.state().plan().variants.len(), 1);
    assert!(!h.state().document().is_dirty());
    h.state_mut().run(Command::Redo);
    h.run();
    assert_eq!(h.state().plan().variants.len(), 2);

    // Switching variants is not an undo step, and edits stay with their variant.
    h.get_by_label(&format!("Show variant {original}")).click();
    h.run();
    assert_eq!(h.state().document().shown(), 0);
    assert_eq!(
        h.state().document().undo_label().as_deref(),
        Some(format!("duplicate variant {original}").as_str())
    );
}

#[test]
fn a_plan_of_two_variants_is_saved_as_version_2_reopened_and_restored_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    let mut h = harness();
    h.get_by_label("Duplicate variant").click();
    h.run();
    type_into(&mut h, "Brazil marketing volume", "77000");
    h.state_mut().run(Command::SaveTo(path.clone()));
    h.run();
    assert!(!h.state().document().is_dirty());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"version\": 2"), "{text}");
    let saved = read_plan(&path).unwrap();
    assert_eq!(saved, *h.state().plan());
    assert_eq!(saved.variants.len(), 2);
    drop(h);

    // Reopened: both variants, the first shown, nothing to save.
    let data = dir.path().join("data");
    let mut h = harness_with(
        app(Some(data.clone()), StartWith::File(path.clone())),
        [1400.0, 900.0],
    );
    assert_eq!(*h.state().plan(), saved);
    assert_eq!(h.state().document().shown(), 0);
    assert!(!h.state().document().is_dirty());
    assert!(
        h.state()
            .document()
            .title()
            .contains("— Q1 India + Brazil (")
    );

    // An edit in the second variant, then a crash: both come back, the second shown.
    h.get_by_label("Show variant Q1 India + Brazil (copy)")
        .click();
    h.run();
    type_into(&mut h, "Brazil marketing volume", "88000");
    assert!(data.join("recovery.json").exists());
    drop(h);
    let h = harness_with(app(Some(data), StartWith::Restore), [1400.0, 900.0]);
    let restored = h.state().plan();
    assert_eq!(restored.variants.len(), 2);
    assert_eq!(brazil_marketing(&restored.variants[0]), 40_000);
    assert_eq!(brazil_marketing(&restored.variants[1]), 88_000);
    assert_eq!(h.state().document().shown(), 1);
    assert_eq!(h.state().document().path.as_deref(), Some(path.as_path()));
    assert!(h.state().document().is_dirty());
    assert_eq!(h.state().tab(), Tab::Projection);
}

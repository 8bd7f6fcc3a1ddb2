//! File → Export… in the window, through injected paths: the report is written on a worker
//! thread and the status bar says where; its figures are the window's projection.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::str::FromStr;

use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::CannedDialogs;

mod common;
use common::{gui_harness, run_until};

#[test]
fn export_writes_the_pdf_and_the_csv_of_the_projection_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = CannedDialogs::default();
    let mut h = gui_harness(dialogs.clone(), None);
    let total = h.state().projection().unwrap().total;

    let pdf = dir.path().join("plan.pdf");
    dialogs.answer(Some(pdf.clone()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export… (PDF, CSV or PNG)").click();
    h.step();
    run_until(&mut h, |app| {
        app.notice().is_some_and(|n| n.text.starts_with("Exported"))
    });
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The no-break space between symbol and amount read back as a space.
    let text = pdf_extract::extract_text_from_mem(&bytes)
        .unwrap()
        .replace("\u{a0} ", " ")
        .replace('\u{a0}', " ");
    assert!(text.contains(&format!("US$ {}", wacost::io::display::amount(total))));
    let notice = h.state().notice().cloned().unwrap();
    assert!(!notice.is_error, "{notice:?}");
    assert_eq!(
        notice.text,
        format!("Exported the PDF report to {}", pdf.display())
    );
    assert!(h.query_by_label(&notice.text).is_some());

    // A name without an extension becomes a PDF.
    dialogs.answer(Some(dir.path().join("summary")));
    h.state_mut().run(Command::Export);
    h.step();
    let written = dir.path().join("summary.pdf");
    run_until(&mut h, move |app| written.exists() && !app.export_running());

    // The sum of a CSV's total column is the window's total.
    let csv = dir.path().join("plan.csv");
    dialogs.answer(Some(csv.clone()));
    h.state_mut().run(Command::Export);
    h.step();
    let written = csv.clone();
    run_until(&mut h, move |app| written.exists() && !app.export_running());
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut rows = ::csv::Reader::from_reader(text.as_bytes());
    let column = rows
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "total")
        .unwrap();
    let csv_total: Decimal = rows
        .records()
        .map(|r| Decimal::from_str(&r.unwrap()[column]).unwrap())
        .sum();
    assert_eq!(csv_total, total);

    // An unknown extension is refused with a message and nothing is written.
    let doc = dir.path().join("plan.docx");
    dialogs.answer(Some(doc.clone()));
    h.state_mut().run(Command::Export);
    h.run();
    let notice = h.state().notice().cloned().unwrap();
    assert!(
        notice.is_error && notice.text.contains("must end in .pdf, .csv or .png"),
        "{notice:?}"
    );
    assert!(!doc.exists());
}

#[test]
fn a_pdf_of_a_plan_with_variants_has_the_page_comparing_them() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = CannedDialogs::default();
    let mut h = gui_harness(dialogs.clone(), None);
    let pdf = dir.path().join("one.pdf");
    dialogs.answer(Some(pdf.clone()));
    h.state_mut().run(Command::Export);
    h.step();
    let written = pdf.clone();
    run_until(&mut h, move |app| written.exists() && !app.export_running());
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(!text.contains("Variants compared"), "one variant, no page");

    h.get_by_label("Duplicate variant").click();
    h.run();
    let pdf = dir.path().join("two.pdf");
    dialogs.answer(Some(pdf.clone()));
    h.state_mut().run(Command::Export);
    h.step();
    let written = pdf.clone();
    run_until(&mut h, move |app| written.exists() && !app.export_running());
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(text.contains("Variants compared"), "{text}");
    assert!(
        text.contains("(copy)"),
        "the copy is named on the page: {text}"
    );
}

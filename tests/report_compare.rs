//! `wacost report` of a plan file with several variants: the PDF gains a page comparing them
//! (headline numbers, differences to the first, what drives each), read back with pdf-extract;
//! a one-variant plan has no such page, and the CSV stays the one variant's.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use tempfile::TempDir;

mod common;
use common::wacost;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/variants")
        .join(name)
}

fn read_pages(pdf: &Path) -> Vec<String> {
    let bytes = std::fs::read(pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("the PDF reads back")
}

/// Text with its whitespace runs made single spaces (pdf-extract breaks lines in its own way).
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_plan_with_variants_gets_a_comparison_page_in_its_pdf() {
    let dir = TempDir::new().unwrap();
    let pdf = dir.path().join("three.pdf");
    let run = wacost([
        "report",
        data("three.json").to_str().unwrap(),
        "--variant",
        "With Carnival",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(
        run.stderr.contains("wrote the PDF report"),
        "{}",
        run.stderr
    );
    run.ok();
    let pages = read_pages(&pdf);
    let page = pages
        .iter()
        .map(|p| squash(p))
        .find(|p| p.contains("Variants compared"))
        .unwrap_or_else(|| panic!("no comparison page in {pages:?}"));
    for want in [
        "this report prices \"With Carnival\"",
        "compared with the first, \"Base\"",
        "Difference to first",
        "Base",
        "Daily Brazil",
        // Totals as `compare` has them (see tests/cli_compare.rs for how they are checked).
        "US$ 13,547.40",
        "US$ 23,672.40",
        // By hand: the Carnival campaign, 150,000 × (0.0625 + 0.005).
        "+US$ 10,125.00",
        "What drives the difference",
        "With Carnival costs US$ 10,125.00 more than Base.",
        "Brazil: +US$ 10,125.00",
        "Provider fees: +US$ 750.00",
    ] {
        assert!(page.contains(want), "{want:?} missing from:\n{page}");
    }
    // The rest of the report is the variant's own: its title and its totals.
    let all = squash(&pages.join("\n"));
    assert!(all.contains("With Carnival"), "{all}");

    // One variant: no comparison page.
    let single = dir.path().join("euro.pdf");
    wacost([
        "report",
        data("euro.json").to_str().unwrap(),
        "-o",
        single.to_str().unwrap(),
    ])
    .ok();
    let text = squash(&read_pages(&single).join("\n"));
    assert!(!text.contains("Variants compared"), "{text}");

    // The CSV is the picked variant's alone.
    let csv = dir.path().join("three.csv");
    wacost([
        "report",
        data("three.json").to_str().unwrap(),
        "--variant",
        "daily brazil",
        "-o",
        csv.to_str().unwrap(),
    ])
    .ok();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("Daily Brazil"), "{text}");
    assert!(!text.contains("With Carnival"), "{text}");
}

#[test]
fn a_variant_that_cannot_be_priced_leaves_the_page_out_not_the_report() {
    let dir = TempDir::new().unwrap();
    // "With Carnival" moved to INR from 2024-01, before the first INR card (2025-10-01).
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data("three.json")).unwrap()).unwrap();
    v["variants"][1]["currency"] = "INR".into();
    v["variants"][1]["start_month"] = "2024-01".into();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let pdf = dir.path().join("plan.pdf");
    let run = wacost([
        "report",
        plan.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(
        run.stderr
            .contains("variant \"With Carnival\" cannot be priced")
            && run.stderr.contains("no page comparing the variants"),
        "{}",
        run.stderr
    );
    run.ok();
    let text = squash(&read_pages(&pdf).join("\n"));
    assert!(!text.contains("Variants compared"), "{text}");
    // Asked for by name, it is bad input naming the variant.
    let err = wacost([
        "report",
        plan.to_str().unwrap(),
        "--variant",
        "with carnival",
        "-o",
        pdf.to_str().unwrap(),
    ])
    .bad();
    assert!(
        err.contains("variant \"With Carnival\"") && err.contains("before the first INR"),
        "{err}"
    );
}

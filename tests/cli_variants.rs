//! `wacost variants` through the built binary: what the window's Duplicate variant, Rename… and
//! Delete do, for scripts. The file is replaced whole (back in place, or at `-o`), a plan of one
//! variant is written as a plain version 1 file, and bad requests change nothing (exit 2).

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;
use wacost::io::scenario_file::read_plan;

mod common;
use common::wacost;

/// A copy of the three-variant fixture (Base, With Carnival, Daily Brazil) in its own folder.
fn three(dir: &TempDir) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/variants/three.json");
    let path = dir.path().join("plan.json");
    std::fs::copy(src, &path).unwrap();
    path
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn variants_are_listed_duplicated_renamed_and_deleted_like_the_window_does() {
    let dir = TempDir::new().unwrap();
    let plan = three(&dir);
    let out = wacost(["variants", s(&plan)]).ok();
    assert!(out.contains("(3 variants):"), "{out}");
    assert!(
        out.contains("1. Base: USD, 3 months from 2027-01, BR, IN"),
        "{out}"
    );
    assert!(
        out.contains("2. With Carnival:") && out.contains("1 campaign"),
        "{out}"
    );
    let listed: Value =
        serde_json::from_str(&wacost(["variants", s(&plan), "--format", "json"]).ok()).unwrap();
    let names: Vec<&str> = listed["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Base", "With Carnival", "Daily Brazil"]);

    // Duplicate into another file: the input stays as it was.
    let before = std::fs::read(&plan).unwrap();
    let copy = dir.path().join("copy.json");
    wacost([
        "variants",
        s(&plan),
        "--duplicate",
        "base",
        "--as",
        "Base + 20 %",
        "-o",
        s(&copy),
    ])
    .ok();
    assert_eq!(std::fs::read(&plan).unwrap(), before);
    let set = read_plan(&copy).unwrap();
    assert_eq!(
        set.names(),
        ["Base", "Base + 20 %", "With Carnival", "Daily Brazil"]
    );
    assert_eq!(set.variants[1].countries, set.variants[0].countries);

    // Rename and delete in place.
    wacost([
        "variants",
        s(&copy),
        "--rename",
        "Daily Brazil",
        "--to",
        "Brazil per day",
    ])
    .ok();
    assert_eq!(read_plan(&copy).unwrap().variants[3].name, "Brazil per day");
    for name in ["With Carnival", "Base + 20 %", "Brazil per day"] {
        wacost(["variants", s(&copy), "--delete", name]).ok();
    }
    // One variant left: a plain version 1 plan, which older readers take as it is.
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&copy).unwrap()).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["name"], "Base");
    assert!(v.get("variants").is_none());
    // A file in which nothing is left but stray temporaries would be a half write.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_bad_request_changes_nothing_and_says_why() {
    let dir = TempDir::new().unwrap();
    let plan = three(&dir);
    let before = std::fs::read(&plan).unwrap();
    let e = wacost(["variants", s(&plan), "--delete", "Nope"]).bad();
    assert!(e.contains("no variant is called \"Nope\""), "{e}");
    assert!(e.contains("\"With Carnival\""), "{e}");
    let e = wacost([
        "variants",
        s(&plan),
        "--rename",
        "Base",
        "--to",
        "with carnival",
    ])
    .bad();
    assert!(e.contains("another variant is already called"), "{e}");
    let e = wacost(["variants", s(&plan), "--duplicate", "Base", "--as", " "]).bad();
    assert!(e.contains("needs a name"), "{e}");
    assert_eq!(std::fs::read(&plan).unwrap(), before, "nothing was written");

    // The last variant cannot go.
    let single = dir.path().join("single.json");
    std::fs::write(
        &single,
        r#"{"version": 1, "name": "Only", "currency": "USD", "start_month": "2027-01"}"#,
    )
    .unwrap();
    let e = wacost(["variants", s(&single), "--delete", "Only"]).bad();
    assert!(e.contains("only variant"), "{e}");
    // Two actions at once are refused by the flags themselves.
    wacost([
        "variants",
        s(&plan),
        "--delete",
        "Base",
        "--duplicate",
        "Base",
    ])
    .bad();
}

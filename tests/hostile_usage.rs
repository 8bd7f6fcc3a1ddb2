//! Hostile and unusual usage exports (reliability probe of December 2026: D3, D4, D13, D15,
//! D16, D17), generated at test time and given to the real binary: each exits as it should,
//! with a message naming the file and the problem, within 10 s and 256 MB (measured in the
//! child), and changes nothing on disk.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use common::{Measured, snapshot, wacost_measured};

const LIMIT: Duration = Duration::from_secs(10);
const PEAK_KB: u64 = 256 * 1024;

/// Runs `wacost import FILE ARGS…` in `dir` and checks the bounds every hostile input keeps.
fn import(dir: &Path, file: &str, args: &[&str]) -> Measured {
    let before = snapshot(dir);
    let mut all = vec!["import", file];
    all.extend_from_slice(args);
    let m = wacost_measured(dir, all, LIMIT);
    assert!(
        !m.run.stderr.contains("panicked"),
        "{file}: panicked:\n{}",
        m.run.stderr
    );
    assert!(m.elapsed < LIMIT, "{file}: took {:?}", m.elapsed);
    assert!(m.peak_kb < PEAK_KB, "{file}: peak {} KB", m.peak_kb);
    assert_eq!(snapshot(dir), before, "{file}: the folder changed");
    m
}

fn bad(m: &Measured, file: &str, message: &str) {
    assert_eq!(m.run.code, Some(2), "{file}: {}", m.run.stderr);
    assert!(m.run.stdout.is_empty(), "{file}: {}", m.run.stdout);
    assert!(
        m.run.stderr.contains(file) && m.run.stderr.contains(message),
        "{file}: want {message:?} in\n{}",
        m.run.stderr
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn a_gigabyte_on_one_line_is_refused_at_a_megabyte() {
    let dir = tempfile::tempdir().unwrap();
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(dir.path().join("line.csv")).unwrap());
    f.write_all(b"month,country,category,count\n").unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..1024 {
        f.write_all(&chunk).unwrap();
    }
    drop(f);
    let m = import(dir.path(), "line.csv", &[]);
    bad(&m, "line.csv", "line 2: a record longer than 1 MB");
}

#[test]
fn dates_over_three_thousand_years_are_skipped_outside_the_window_and_memory_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let countries = ["IN", "BR", "MX", "DE", "ID", "US", "GB", "FR", "IT", "ES"];
    let mut text =
        std::io::BufWriter::new(std::fs::File::create(dir.path().join("span.csv")).unwrap());
    text.write_all(b"month,country,category,count,cost\n")
        .unwrap();
    let mut inside = 0u64;
    let this_year = 1970
        + (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            / 31_556_952) as i32;
    for y in (1970..5000).step_by(1) {
        for m in 1..=12 {
            for c in countries {
                writeln!(text, "{y}-{m:02},{c},marketing,1,0.01").unwrap();
                if (2018..=this_year + 1).contains(&y) {
                    inside += 1;
                }
            }
        }
    }
    drop(text);
    let m = import(dir.path(), "span.csv", &["--format", "json"]);
    assert_eq!(m.run.code, Some(0), "{}", m.run.stderr);
    let v: serde_json::Value = serde_json::from_str(&m.run.stdout).unwrap();
    assert_eq!(v["rows_used"], inside);
    let rows = 3030 * 12 * countries.len() as u64;
    assert_eq!(v["rows_skipped"], rows - inside);
    let first = v["skipped"][0].as_str().unwrap();
    assert!(
        first.starts_with("line 2: date 1970-01 is outside 2018-01 … "),
        "{first}"
    );
    // The reading itself stays within 64 MB.
    assert!(m.peak_kb < 64 * 1024, "peak {} KB", m.peak_kb);
}

#[test]
fn more_cells_than_wacost_adds_up_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("month,country,category,pricing_type,count\n");
    let codes: Vec<&str> = wacost::domain::Country::all().map(|c| c.code()).collect();
    let mut cells = 0usize;
    'fill: for y in 2018..=2026 {
        for m in 1..=12 {
            for c in &codes {
                for cat in ["marketing", "utility", "authentication", "service"] {
                    text += &format!("{y}-{m:02},{c},{cat},regular,1\n");
                    cells += 1;
                    if cells > 100_000 {
                        break 'fill;
                    }
                }
            }
        }
    }
    write(dir.path(), "cells.csv", text.as_bytes());
    let m = import(dir.path(), "cells.csv", &[]);
    bad(
        &m,
        "cells.csv",
        "the file spreads over more than 100,000 months × countries × categories",
    );
}

#[test]
fn costs_too_large_to_add_are_refused_rows_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // D4's reproduction: two amounts that each parse and overflow when added.
    write(
        dir.path(),
        "cost.csv",
        b"month,country,category,count,cost\n2026-12,IN,marketing,5,50000000000000000000000000000\n2026-12,BR,marketing,5,5e28\n",
    );
    let m = import(dir.path(), "cost.csv", &[]);
    bad(
        &m,
        "cost.csv",
        "no usable row (2 skipped; line 2: amount \"50000000000000000000000000000\" is larger than 1000000000000000, the most wacost takes in one row)",
    );
}

#[test]
fn volumes_are_never_saturated() {
    // D13: a cell's volume stops at 10^15 with the row that passes it refused.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("month,country,category,count\n");
    for _ in 0..1001 {
        text += "2026-12,IN,marketing,1000000000000\n";
    }
    write(dir.path(), "sat.csv", text.as_bytes());
    let m = import(dir.path(), "sat.csv", &["--format", "json"]);
    assert_eq!(m.run.code, Some(0), "{}", m.run.stderr);
    let v: serde_json::Value = serde_json::from_str(&m.run.stdout).unwrap();
    assert_eq!(v["actuals"][0]["volume"], 1_000_000_000_000_000u64);
    assert_eq!(v["rows_skipped"], 1);
    assert_eq!(
        v["skipped"][0],
        "line 1002: the 2026-12 total of this country and category passes 1000000000000000 messages, more than wacost adds up"
    );
}

#[test]
fn numbers_of_impossible_length_are_skipped_with_the_reason() {
    // D15.
    let dir = tempfile::tempdir().unwrap();
    let long = format!("+91{}", "9".repeat(1000));
    let text = format!(
        "to,date_sent,status,category,price\n+1111,2026-12-05,delivered,marketing,0.01\n{long},2026-12-05,delivered,marketing,0.01\n+919876543210,2026-12-05,delivered,marketing,0.01\n"
    );
    write(dir.path(), "p.csv", text.as_bytes());
    let m = import(dir.path(), "p.csv", &["--format", "json"]);
    assert_eq!(m.run.code, Some(0), "{}", m.run.stderr);
    let v: serde_json::Value = serde_json::from_str(&m.run.stdout).unwrap();
    assert_eq!(v["rows_used"], 1);
    assert_eq!(
        v["skipped"][0],
        "line 2: \"+1111\" is not an international phone number: it has 3 digits after +1; numbers with calling code 1 have 10"
    );
    // A refused cell is quoted cut short, not whole.
    let second = v["skipped"][1].as_str().unwrap();
    assert!(second.starts_with("line 3: \"+9199999"), "{second}");
    assert!(second.len() < 300, "{second}");
    assert!(
        second.contains("…\" is not an international phone number: it has 1000 digits after +91"),
        "{second}"
    );
}

#[test]
fn devices_other_encodings_and_doubled_columns_are_refused_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let m = import(dir.path(), "/dev/zero", &[]);
    bad(&m, "/dev/zero", "binary data, not a usage export");

    // D17: UTF-32, with and without its byte order mark.
    let text = "month,country,category,count\n2026-12,IN,marketing,5\n";
    let utf32: Vec<u8> = text
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    write(dir.path(), "u32.csv", &utf32);
    let mut bom = vec![0xFF, 0xFE, 0, 0];
    bom.extend_from_slice(&utf32);
    write(dir.path(), "u32bom.csv", &bom);
    for f in ["u32.csv", "u32bom.csv"] {
        let m = import(dir.path(), f, &[]);
        bad(
            &m,
            f,
            "UTF-32 text, which wacost does not read (save it as UTF-8)",
        );
    }

    // D16: a column named twice is not read as the first of the two.
    write(
        dir.path(),
        "twice.csv",
        b"month,country,category,count,count\n2026-12,IN,marketing,5,7\n",
    );
    let m = import(dir.path(), "twice.csv", &[]);
    bad(
        &m,
        "twice.csv",
        "the header \"count\" stands twice (columns D and E): rename one, or map the columns with --map",
    );

    // A JSON data point with a key twice is skipped, not read with its last value.
    write(
        dir.path(),
        "twice.json",
        br#"{"pricing_analytics":{"data":[{"data_points":[
{"start":1790812800,"end":1790899200,"country":"IN","pricing_type":"REGULAR","pricing_category":"MARKETING","volume":5,"volume":7},
{"start":1790812800,"end":1790899200,"country":"IN","pricing_type":"REGULAR","pricing_category":"MARKETING","volume":3}]}]}}"#,
    );
    let m = import(dir.path(), "twice.json", &["--format", "json"]);
    assert_eq!(m.run.code, Some(0), "{}", m.run.stderr);
    let v: serde_json::Value = serde_json::from_str(&m.run.stdout).unwrap();
    assert_eq!(v["actuals"][0]["volume"], 3);
    assert_eq!(
        v["skipped"][0],
        "data point 1: \"volume\" stands twice in this data point"
    );
}

#[test]
fn flags_that_cannot_work_exit_2_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "c.csv",
        b"when,where,what,howmany\n2026-12-01,IN,marketing,100\n",
    );
    // D17: a currency without cards is an error, as in `estimate`.
    let m = import(
        dir.path(),
        "c.csv",
        &[
            "--map",
            "date=when",
            "--map",
            "country=where",
            "--map",
            "category=what",
            "--map",
            "volume=howmany",
            "--currency",
            "XYZ",
        ],
    );
    assert_eq!(m.run.code, Some(2), "{}", m.run.stdout);
    assert!(
        m.run
            .stderr
            .contains("--currency XYZ: no rate cards in XYZ; the rate book has"),
        "{}",
        m.run.stderr
    );
    // --category stands for a category column; a map without a count names what to add.
    let m = import(
        dir.path(),
        "c.csv",
        &[
            "--map",
            "date=when",
            "--map",
            "country=where",
            "--map",
            "volume=howmany",
            "--category",
            "utility",
            "--format",
            "json",
        ],
    );
    assert_eq!(m.run.code, Some(0), "{}", m.run.stderr);
    let m = import(
        dir.path(),
        "c.csv",
        &[
            "--map",
            "date=when",
            "--map",
            "country=where",
            "--map",
            "category=what",
        ],
    );
    assert_eq!(m.run.code, Some(2));
    assert!(
        m.run.stderr.contains("the columns given with --map name no phone column: add --map phone=HEADER (without a volume column the file is read as a per-message log, which needs the recipient's number)"),
        "{}",
        m.run.stderr
    );
}

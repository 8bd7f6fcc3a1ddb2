//! Issue 11: hostile input is refused within bounded time and memory. Every input is made
//! here, at test time, from the shipped fixtures; each run is the real binary in a clean HOME
//! (tests/common), measured by the kernel: exit status 2 with a message naming the file and
//! the problem, no panic, under 10 s and 256 MB, and nothing on disk changed.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Measured, snapshot, wacost_measured, wacost_with_rates_home};
use tempfile::TempDir;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
/// The child is killed after this; the assertion below is tighter.
const KILL_AFTER: Duration = Duration::from_secs(30);
const MAX_SECONDS: u64 = 10;
const MAX_PEAK_KB: u64 = 256 * 1024;
const MIB: usize = 1024 * 1024;

/// Runs `args` in `dir` and asserts a bounded refusal whose message holds every `want`, with
/// nothing in `dir` changed.
fn refused(dir: &Path, args: &[&str], want: &[&str]) -> String {
    let before = snapshot(dir);
    let m = wacost_measured(dir, args, KILL_AFTER);
    bounded(&m, args);
    assert_eq!(snapshot(dir), before, "{args:?} changed files in {dir:?}");
    let stderr = m.run.bad();
    for w in want {
        assert!(stderr.contains(w), "{args:?}: wanted {w:?} in:\n{stderr}");
    }
    stderr
}

fn bounded(m: &Measured, args: &[&str]) {
    assert!(
        !m.run.stderr.contains("panicked"),
        "{args:?} panicked:\n{}",
        m.run.stderr
    );
    assert!(
        m.elapsed < Duration::from_secs(MAX_SECONDS),
        "{args:?} took {:?}",
        m.elapsed
    );
    assert!(
        m.peak_kb < MAX_PEAK_KB,
        "{args:?} peaked at {} KB",
        m.peak_kb
    );
}

/// Meta's 2027 workbook rewritten with `extra` written into the "List rates" sheet
/// (xl/worksheets/sheet2.xml) just before `</sheetData>`; `extra` streams, so a part of a
/// gigabyte never sits in the test's memory.
fn workbook_with(out: &Path, extra: impl FnOnce(&mut dyn Write)) {
    workbook_with_parts(out, extra, &[]);
}

/// [`workbook_with`], plus whole parts added to the zip.
fn workbook_with_parts(out: &Path, extra: impl FnOnce(&mut dyn Write), parts: &[(&str, &[u8])]) {
    let src = std::fs::File::open(format!("{DATA}/meta/meta-rates-USD-2027-01-01.xlsx")).unwrap();
    let mut src = zip::ZipArchive::new(src).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let mut extra = Some(extra);
    for i in 0..src.len() {
        let mut part = src.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        zip.start_file(name.as_str(), options).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let (head, tail) = text.split_once("</sheetData>").unwrap();
            zip.write_all(head.as_bytes()).unwrap();
            (extra.take().unwrap())(&mut zip);
            zip.write_all(b"</sheetData>").unwrap();
            zip.write_all(tail.as_bytes()).unwrap();
        } else {
            zip.write_all(&bytes).unwrap();
        }
    }
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    assert!(extra.is_none(), "the fixture has a List rates sheet");
}

/// Writes `len` copies of `byte` in 1 MiB chunks.
fn repeat(w: &mut dyn Write, byte: u8, len: usize) {
    let chunk = vec![byte; MIB];
    let mut left = len;
    while left > 0 {
        let n = left.min(MIB);
        w.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
}

fn folder() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// D1: one stray cell far out asked calamine for a dense grid of 512 GiB (abort) or 7.7 GB.
#[test]
fn a_far_cell_in_a_workbook_is_named_not_allocated() {
    let (_keep, dir) = folder();
    for cell in ["XFD1048576", "ZZ200000"] {
        let row = cell.trim_start_matches(char::is_alphabetic);
        let file = format!("far-{cell}.xlsx");
        workbook_with(&dir.join(&file), |w| {
            write!(w, "<row r=\"{row}\"><c r=\"{cell}\"><v>1</v></c></row>").unwrap();
        });
        refused(
            &dir,
            &["rates", "import", &file, "--check"],
            &[
                &file,
                &format!("sheet \"List rates\": uses cell {cell}"),
                "at most 2000 rows and 64 columns",
            ],
        );
    }
}

/// D7: a sheet that inflates to far more than a rate file could hold is refused from the
/// size its zip entry declares, before anything is unpacked.
#[test]
fn a_zip_bomb_of_whitespace_is_refused_before_unpacking() {
    let (_keep, dir) = folder();
    workbook_with(&dir.join("bomb.xlsx"), |w| repeat(w, b' ', 100 * MIB));
    assert!(std::fs::metadata(dir.join("bomb.xlsx")).unwrap().len() < 2 * MIB as u64);
    refused(
        &dir,
        &["rates", "import", "bomb.xlsx", "--check"],
        &[
            "bomb.xlsx",
            "\"xl/worksheets/sheet2.xml\" would unpack to",
            "at most 64 MB",
        ],
    );
}

/// D7: a 1 GiB cell (3.1 GB of memory before).
#[test]
fn a_gigabyte_cell_is_refused_before_unpacking() {
    let (_keep, dir) = folder();
    workbook_with(&dir.join("big-cell.xlsx"), |w| {
        w.write_all(b"<row r=\"60\"><c r=\"A60\" t=\"inlineStr\"><is><t>")
            .unwrap();
        repeat(w, b'A', 1024 * MIB);
        w.write_all(b"</t></is></c></row>").unwrap();
    });
    refused(
        &dir,
        &["rates", "import", "big-cell.xlsx", "--check"],
        &["big-cell.xlsx", "would unpack to", "at most 64 MB"],
    );
}

/// Shared strings announcing four billion entries: calamine reserves room for them all before
/// reading one (96 GB, an abort).
#[test]
fn a_workbook_announcing_billions_of_texts_is_refused() {
    let (_keep, dir) = folder();
    let sst: &[u8] = b"<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"4000000000\"><si><t>x</t></si></sst>";
    workbook_with_parts(
        &dir.join("sst.xlsx"),
        |_| {},
        &[("xl/sharedStrings.xml", sst)],
    );
    refused(
        &dir,
        &["rates", "import", "sst.xlsx", "--check"],
        &["sst.xlsx", "announces 4000000000 distinct texts"],
    );
}

/// A cell longer than Excel allows, inside a part of ordinary size.
#[test]
fn a_cell_longer_than_excel_allows_is_named() {
    let (_keep, dir) = folder();
    workbook_with(&dir.join("long-cell.xlsx"), |w| {
        w.write_all(b"<row r=\"60\"><c r=\"B60\" t=\"inlineStr\"><is><t>")
            .unwrap();
        repeat(w, b'A', 40_000);
        w.write_all(b"</t></is></c></row>").unwrap();
    });
    refused(
        &dir,
        &["rates", "import", "long-cell.xlsx", "--check"],
        &[
            "long-cell.xlsx",
            "cell B60 holds 40000 characters; a cell holds at most 32767",
        ],
    );
}

/// D17: an empty zip was "not a text file (it contains NUL bytes)".
#[test]
fn an_empty_zip_says_so() {
    let (_keep, dir) = folder();
    let mut empty = b"PK\x05\x06".to_vec();
    empty.resize(22, 0);
    std::fs::write(dir.join("empty.xlsx"), empty).unwrap();
    let e = refused(
        &dir,
        &["rates", "import", "empty.xlsx", "--check"],
        &["empty.xlsx: an empty zip archive, not an Excel workbook"],
    );
    assert!(!e.contains("NUL"), "{e}");
}

/// D8: /dev/zero grew by 1 GB a second until the OOM killer came; a huge file was read whole.
#[test]
fn devices_and_huge_files_are_refused_as_scenarios_and_rate_files() {
    let (_keep, dir) = folder();
    refused(
        &dir,
        &["estimate", "/dev/zero"],
        &["/dev/zero", "the scenario is not a regular file"],
    );
    refused(
        &dir,
        &["rates", "import", "/dev/zero", "--check"],
        &["/dev/zero", "the rate file is not a regular file"],
    );
    // 17 MB of spaces: valid JSON whitespace, over the cap.
    let mut f = std::fs::File::create(dir.join("huge.json")).unwrap();
    repeat(&mut f, b' ', 17 * MIB);
    f.write_all(b"{}").unwrap();
    drop(f);
    refused(
        &dir,
        &["estimate", "huge.json"],
        &["huge.json", "the scenario is larger than 16 MB"],
    );
    std::fs::copy(dir.join("huge.json"), dir.join("huge.csv")).unwrap();
    refused(
        &dir,
        &["rates", "import", "huge.csv", "--check"],
        &["huge.csv", "the rate file is larger than 16 MB"],
    );
}

fn india_brazil() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{DATA}/india_brazil.json")).unwrap())
        .unwrap()
}

/// D12: a 100,000-character name made a 3.6 GB CSV report.
#[test]
fn a_name_longer_than_200_characters_is_refused_with_its_place() {
    let (_keep, dir) = folder();
    let mut plan = india_brazil();
    plan["name"] = serde_json::json!("N".repeat(100_000));
    std::fs::write(
        dir.join("long.json"),
        serde_json::to_string_pretty(&plan).unwrap(),
    )
    .unwrap();
    let e = refused(
        &dir,
        &["report", "long.json", "-o", "long.csv"],
        &[
            "long.json:",
            "name",
            "100000 characters; a name has at most 200",
        ],
    );
    assert!(
        e.len() < 2_000,
        "the message echoes the name: {} bytes",
        e.len()
    );
    assert!(!dir.join("long.csv").exists());
}

/// D16: months "10000-01" and later.
#[test]
fn a_plan_past_the_year_9999_is_refused() {
    let (_keep, dir) = folder();
    let mut plan = india_brazil();
    plan["start_month"] = serde_json::json!("9999-12");
    std::fs::write(dir.join("far.json"), plan.to_string()).unwrap();
    refused(
        &dir,
        &["estimate", "far.json"],
        &["far.json", "start_month", "past 9999-12"],
    );
}

/// D18: the plan name reached the terminal raw (retitle, clear screen, hidden text).
#[test]
fn control_characters_in_names_never_reach_the_terminal() {
    let (_keep, dir) = folder();
    let mut plan = india_brazil();
    plan["name"] = serde_json::json!("\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}8m plan");
    std::fs::write(dir.join("esc.json"), plan.to_string()).unwrap();
    let m = wacost_measured(&dir, ["estimate", "esc.json"], KILL_AFTER);
    bounded(&m, &["estimate", "esc.json"]);
    let out = m.run.ok();
    assert!(
        !out.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{out:?}"
    );
    assert!(
        out.starts_with("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{9b}8m plan — USD"),
        "{out}"
    );
}

/// D18 again: a file name with terminal escapes, named in an error of `import`, `report` or
/// the window's command line, reached the terminal raw.
#[test]
fn control_characters_in_file_names_never_reach_the_terminal() {
    let (_keep, dir) = folder();
    std::fs::write(dir.join("plan.json"), india_brazil().to_string()).unwrap();
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J.csv";
    for args in [
        vec!["import", evil],
        vec!["report", "plan.json", "--actuals", evil, "-o", "out.pdf"],
        vec!["report", "plan.json", "-o", "\u{1b}[31mout.txt"],
    ] {
        let stderr = refused(&dir, &args, &["\\u{1b}"]);
        assert!(
            !stderr
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{args:?}: {stderr:?}"
        );
    }
}

/// D17: a BOM made "1:1: expected value".
#[test]
fn a_scenario_with_a_byte_order_mark_reads() {
    let (_keep, dir) = folder();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(std::fs::read(format!("{DATA}/india_brazil.json")).unwrap());
    std::fs::write(dir.join("bom.json"), bytes).unwrap();
    let m = wacost_measured(&dir, ["estimate", "bom.json"], KILL_AFTER);
    bounded(&m, &["estimate", "bom.json"]);
    assert!(m.run.ok().contains("India and Brazil"));
}

/// D5: a 28-digit rate was stored as official, then panicked `import` and the window.
#[test]
fn an_absurd_rate_is_refused_and_nothing_is_stored() {
    let (_keep, dir) = folder();
    let text = std::fs::read_to_string(format!("{DATA}/meta/meta-rates-USD-2026-10-01.csv"))
        .unwrap()
        .replacen(
            "India,$US,0.0118",
            "India,$US,9999999999999999999999999999",
            1,
        );
    std::fs::write(dir.join("r.csv"), text).unwrap();
    refused(
        &dir,
        &["rates", "import", "r.csv"],
        &[
            "r.csv:",
            "column C \"Marketing\": rate 9999999999999999999999999999 is above 100 USD",
        ],
    );
}

/// D19: `cards/2026-10-01_USD.toml` holding `x` stopped every command, including the import
/// that would replace it.
#[test]
fn a_damaged_card_is_skipped_and_replaced_by_the_import() {
    let home = TempDir::new().unwrap();
    let cards = home.path().join("cards");
    std::fs::create_dir(&cards).unwrap();
    let card = cards.join("2026-10-01_USD.toml");
    std::fs::write(&card, "x").unwrap();
    let run = wacost_with_rates_home(
        home.path(),
        ["estimate", &format!("{DATA}/india_brazil.json")],
    );
    let out = run.ok();
    assert!(
        out.contains(&format!("skipped the rate card {}", card.display()))
            && out.contains("(fix or remove this file from your rates folder)"),
        "{out}"
    );
    let run = wacost_with_rates_home(
        home.path(),
        [
            "rates",
            "import",
            &format!("{DATA}/meta/meta-rates-USD-2026-10-01.csv"),
        ],
    );
    let out = run.ok();
    assert!(
        out.contains(&format!("replaces the unreadable card {}", card.display())),
        "{out}"
    );
    let text = std::fs::read_to_string(&card).unwrap();
    assert!(text.contains("currency = \"USD\""), "{text}");
}

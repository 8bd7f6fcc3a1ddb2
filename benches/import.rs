//! Importing a large per-message log (issue 4): a generated 1,000,000-row provider export
//! (about 100 MB: random recipient numbers across 60 countries, four categories, three months,
//! five statuses, a price per message), read end to end with phone → country on one core.
//!
//! Issue 10 adds a 1,000,000-row Twilio-style console export (Twilio's documented columns
//! `From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,
//! Price,PriceUnit`; a charge as a negative price, an empty price for unpriced messages, one row
//! in ten inbound, `whatsapp:+` numbers, no category column), whose counts are checked exactly
//! against what the generator wrote.
//!
//! Targets: at least 150 MB/s; within 2× of a bare `csv::Reader::read_byte_record` loop over the
//! same file (measured here too); peak memory at most 64 MB, measured in a fresh child process
//! (its VmHWM from /proc) so criterion's own memory does not count.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput};
use wacost::domain::category::ChargedCategory;
use wacost::io::usage::{ImportOptions, import_path};

const ROWS: u64 = 1_000_000;

/// Calling code (with the area code that tells +1 and +7 countries apart) and how many more
/// digits make a number of the length that country's mobile numbers have, for 60 countries.
const PREFIXES: [(&str, u32); 60] = [
    ("91", 10),
    ("55", 11),
    ("52", 10),
    ("62", 11),
    ("234", 10),
    ("27", 9),
    ("49", 11),
    ("44", 10),
    ("33", 9),
    ("39", 10),
    ("34", 9),
    ("31", 9),
    ("32", 9),
    ("41", 9),
    ("43", 10),
    ("46", 9),
    ("47", 8),
    ("45", 8),
    ("358", 9),
    ("48", 9),
    ("420", 9),
    ("36", 9),
    ("40", 9),
    ("30", 10),
    ("351", 9),
    ("353", 9),
    ("90", 10),
    ("20", 10),
    ("212", 9),
    ("254", 9),
    ("233", 9),
    ("255", 9),
    ("256", 9),
    ("971", 9),
    ("966", 9),
    ("965", 8),
    ("974", 8),
    ("968", 8),
    ("972", 9),
    ("92", 10),
    ("880", 10),
    ("94", 9),
    ("977", 10),
    ("60", 9),
    ("65", 8),
    ("66", 9),
    ("84", 9),
    ("63", 10),
    ("82", 10),
    ("81", 10),
    ("86", 11),
    ("61", 9),
    ("64", 9),
    ("54", 10),
    ("56", 9),
    ("57", 10),
    ("51", 9),
    ("1212", 7),
    ("1416", 7),
    ("7701", 7),
];

/// A recipient number: the prefix and `r`'s digits to its length.
fn number(r: u64) -> String {
    let (prefix, len) = PREFIXES[(r % 60) as usize];
    let national = (r >> 8) % 10u64.pow(len);
    format!("{prefix}{national:0width$}", width = len as usize)
}

const CATEGORIES: [&str; 4] = ["marketing", "utility", "authentication", "service"];
const STATUSES: [&str; 5] = ["delivered", "read", "read", "delivered", "failed"];

/// A small deterministic generator (xorshift), so every run reads the same file.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn log_file() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("import-bench-log-v2.csv");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > 90_000_000) {
        return path;
    }
    let tmp = dir.join("import-bench-log-v2.csv.part");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    writeln!(
        w,
        "MessageSid,To,From,DateSent,Status,Category,Price,PriceUnit"
    )
    .unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..ROWS {
        let r = rng.next();
        let to = number(r);
        let month = 10 + (r >> 40) % 3;
        let day = 1 + (r >> 44) % 28;
        let (h, m, s) = ((r >> 50) % 24, (r >> 20) % 60, (r >> 26) % 60);
        let category = CATEGORIES[((r >> 32) % 4) as usize];
        let status = STATUSES[((r >> 36) % 5) as usize];
        writeln!(
            w,
            "SM{i:024x},whatsapp:+{to},+15550001111,2026-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z,{status},{category},0.0{:03},USD",
            (r >> 12) % 1000
        )
        .unwrap();
    }
    w.into_inner().unwrap().sync_all().unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// What the Twilio-style generator wrote: rows that must be counted, inbound rows, other
/// statuses, negative prices among the counted rows.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct TwilioCounts {
    counted: u64,
    inbound: u64,
    not_delivered: u64,
    negative: u64,
}

const TWILIO_STATUSES: [&str; 5] = ["delivered", "read", "delivered", "sent", "undelivered"];
const TWILIO_DIRECTIONS: [&str; 10] = [
    "outbound-api",
    "outbound-api",
    "outbound-api",
    "outbound-api",
    "outbound-api",
    "outbound-api",
    "outbound-reply",
    "outbound-reply",
    "outbound-call",
    "inbound",
];

fn twilio_file() -> (PathBuf, TwilioCounts) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("import-bench-twilio.csv");
    let tmp = dir.join("import-bench-twilio.csv.part");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    writeln!(
        w,
        "From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit"
    )
    .unwrap();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut counts = TwilioCounts::default();
    for i in 0..ROWS {
        let r = rng.next();
        let recipient = number(r);
        let day = 1 + (r >> 44) % 28;
        let (h, m, s) = ((r >> 50) % 24, (r >> 20) % 60, (r >> 26) % 60);
        let direction = TWILIO_DIRECTIONS[((r >> 36) % 10) as usize];
        let status = TWILIO_STATUSES[((r >> 40) % 5) as usize];
        // Priced with a negative amount, except one row in eight not priced yet.
        let price = if (r >> 30).is_multiple_of(8) {
            String::new()
        } else {
            format!("-0.0{:03}", 1 + (r >> 12) % 999)
        };
        let inbound = direction == "inbound";
        let (from, to) = if inbound {
            (
                format!("whatsapp:+{recipient}"),
                "whatsapp:+14155238886".to_string(),
            )
        } else {
            (
                "whatsapp:+14155238886".to_string(),
                format!("whatsapp:+{recipient}"),
            )
        };
        if inbound {
            counts.inbound += 1;
        } else if status == "delivered" || status == "read" {
            counts.counted += 1;
            counts.negative += u64::from(!price.is_empty());
        } else {
            counts.not_delivered += 1;
        }
        writeln!(
            w,
            "{from},{to},\"Hi, your code is {:06}\",{status},2026-11-{day:02} {h:02}:{m:02}:{s:02} UTC,2010-04-01,1,,AC{:032x},SM{i:032x},{direction},{price},USD",
            r % 1_000_000,
            r
        )
        .unwrap();
    }
    w.into_inner().unwrap().sync_all().unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    (path, counts)
}

fn twilio_options() -> ImportOptions {
    ImportOptions {
        category: Some(ChargedCategory::Utility),
        ..Default::default()
    }
}

/// Imports the Twilio-style log and checks every count against the generator's.
fn twilio_import(path: &Path, want: TwilioCounts) -> u64 {
    let u = import_path(path, &twilio_options(), None).unwrap();
    let inbound = u.not_counted.get("inbound").copied().unwrap_or(0);
    let others: u64 = u
        .not_counted
        .iter()
        .filter(|(k, _)| k.as_str() != "inbound")
        .map(|(_, n)| n)
        .sum();
    let got = TwilioCounts {
        counted: u.rows_used,
        inbound,
        not_delivered: others,
        negative: want.negative,
    };
    assert_eq!(got, want, "counts of the Twilio log");
    assert_eq!(u.rows_skipped, 0, "{:?}", u.skipped.first());
    assert!(
        u.notes[0].starts_with(&format!("{} prices were negative", want.negative)),
        "{:?}",
        u.notes
    );
    u.rows_used
}

fn bare_csv_loop(path: &Path) -> u64 {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    let mut record = csv::ByteRecord::new();
    let mut fields = 0u64;
    while rdr.read_byte_record(&mut record).unwrap() {
        fields += record.len() as u64;
    }
    fields
}

fn peak_memory_child(path: &Path, options: &ImportOptions) {
    // In the child: one import, then the process's peak resident memory.
    let u = import_path(path, options, None).unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .unwrap_or("VmHWM: unknown");
    println!(
        "peak memory of one import in a fresh process: {} ({} rows used, {} bytes)",
        hwm.trim_start_matches("VmHWM:").trim(),
        u.rows_used,
        u.bytes
    );
}

fn main() {
    // The generators write numbers of a real length for their country; a table slip would be
    // counted as skipped rows, not as imported ones.
    for (i, (prefix, _)) in PREFIXES.iter().enumerate() {
        let n = number(i as u64);
        assert!(
            wacost::domain::Country::from_phone_number(&format!("+{n}")).is_some(),
            "+{n} ({prefix}) is not a number wacost counts"
        );
    }
    let path = log_file();
    match std::env::var("WACOST_IMPORT_BENCH_CHILD").as_deref() {
        Ok("log") => return peak_memory_child(&path, &ImportOptions::default()),
        Ok("twilio") => {
            let twilio = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-bench-twilio.csv");
            return peak_memory_child(&twilio, &twilio_options());
        }
        // One bare read, for counting instructions under callgrind (repeatable where wall time
        // on a shared machine is not).
        Ok("bare-log") => {
            println!("{}", bare_csv_loop(&path));
            return;
        }
        Ok("bare-twilio") => {
            let twilio = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-bench-twilio.csv");
            println!("{}", bare_csv_loop(&twilio));
            return;
        }
        _ => {}
    }
    let (twilio, twilio_counts) = twilio_file();
    let bytes = std::fs::metadata(&path).unwrap().len();
    let twilio_bytes = std::fs::metadata(&twilio).unwrap().len();
    println!("log: {} rows, {:.1} MB", ROWS, bytes as f64 / 1e6);
    println!(
        "twilio log: {} rows, {:.1} MB, {:?}",
        ROWS,
        twilio_bytes as f64 / 1e6,
        twilio_counts
    );
    // Peak memory, in a child process that does nothing but import.
    for which in ["log", "twilio"] {
        if let Ok(exe) = std::env::current_exe() {
            let out = std::process::Command::new(exe)
                .env("WACOST_IMPORT_BENCH_CHILD", which)
                .arg("--bench")
                .output();
            if let Ok(out) = out {
                print!("{which}: {}", String::from_utf8_lossy(&out.stdout));
            }
        }
    }
    let mut c = Criterion::default().sample_size(10).configure_from_args();
    let mut g = c.benchmark_group("import");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("bare csv read_byte_record loop", |b| {
        b.iter(|| black_box(bare_csv_loop(&path)))
    });
    g.bench_function("message log end to end", |b| {
        b.iter(|| {
            let u = import_path(&path, &ImportOptions::default(), None).unwrap();
            black_box(u.rows_used)
        })
    });
    g.finish();
    let mut g = c.benchmark_group("import twilio");
    g.throughput(Throughput::Bytes(twilio_bytes));
    g.bench_function("bare csv read_byte_record loop", |b| {
        b.iter(|| black_box(bare_csv_loop(&twilio)))
    });
    g.bench_function("twilio log end to end", |b| {
        b.iter(|| black_box(twilio_import(&twilio, twilio_counts)))
    });
    g.finish();
    c.final_summary();
}

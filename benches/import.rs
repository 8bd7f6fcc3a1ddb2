//! Importing a large per-message log (issue 4): a generated 1,000,000-row provider export
//! (about 100 MB: random recipient numbers across 60 countries, four categories, three months,
//! five statuses, a price per message), read end to end with phone → country on one core.
//!
//! Targets: at least 150 MB/s; within 2× of a bare `csv::Reader::read_byte_record` loop over the
//! same file (measured here too); peak memory at most 64 MB, measured in a fresh child process
//! (its VmHWM from /proc) so criterion's own memory does not count.

use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput};
use wacost::io::usage::{ImportOptions, import_path};

const ROWS: u64 = 1_000_000;

/// Calling code and a national number prefix for 60 countries (+1 and +7 with the area codes
/// that tell their countries apart).
const PREFIXES: [&str; 60] = [
    "91", "55", "52", "62", "234", "27", "49", "44", "33", "39", "34", "31", "32", "41", "43",
    "46", "47", "45", "358", "48", "420", "36", "40", "30", "351", "353", "90", "20", "212", "254",
    "233", "255", "256", "971", "966", "965", "974", "968", "972", "92", "880", "94", "977", "60",
    "65", "66", "84", "63", "82", "81", "86", "61", "64", "54", "56", "57", "51", "1212", "1416",
    "7701",
];
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
    let path = dir.join("import-bench-log.csv");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > 90_000_000) {
        return path;
    }
    let tmp = dir.join("import-bench-log.csv.part");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    writeln!(
        w,
        "MessageSid,To,From,DateSent,Status,Category,Price,PriceUnit"
    )
    .unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..ROWS {
        let r = rng.next();
        let prefix = PREFIXES[(r % 60) as usize];
        let national = (r >> 8) % 10_000_000_000;
        let month = 10 + (r >> 40) % 3;
        let day = 1 + (r >> 44) % 28;
        let (h, m, s) = ((r >> 50) % 24, (r >> 20) % 60, (r >> 26) % 60);
        let category = CATEGORIES[((r >> 32) % 4) as usize];
        let status = STATUSES[((r >> 36) % 5) as usize];
        writeln!(
            w,
            "SM{i:024x},whatsapp:+{prefix}{national:010},+15550001111,2026-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z,{status},{category},0.0{:03},USD",
            (r >> 12) % 1000
        )
        .unwrap();
    }
    w.into_inner().unwrap().sync_all().unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
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

fn peak_memory_child(path: &Path) {
    // In the child: one import, then the process's peak resident memory.
    let u = import_path(path, &ImportOptions::default(), None).unwrap();
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
    let path = log_file();
    if std::env::var_os("WACOST_IMPORT_BENCH_CHILD").is_some() {
        peak_memory_child(&path);
        return;
    }
    let bytes = std::fs::metadata(&path).unwrap().len();
    println!("log: {} rows, {:.1} MB", ROWS, bytes as f64 / 1e6);
    // Peak memory, in a child process that does nothing but import.
    if let Ok(exe) = std::env::current_exe() {
        let out = std::process::Command::new(exe)
            .env("WACOST_IMPORT_BENCH_CHILD", "1")
            .arg("--bench")
            .output();
        if let Ok(out) = out {
            print!("{}", String::from_utf8_lossy(&out.stdout));
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
    c.final_summary();
}

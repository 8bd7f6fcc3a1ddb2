//! Usage exports read into [`Actuals`], streaming: the file is read once, in chunks, and only
//! the aggregate (a few cells per month, country, category and pricing type) is kept, so a
//! 10 GB log takes as much memory as a small one.
//!
//! The text is taken in any common encoding (UTF-8 with or without BOM, UTF-16 with BOM or
//! recognisable by its zero bytes, else Windows-1252) and delimiter (`,` `;` tab `|`), and its
//! layout is recognised from its headers (see [`layout`]), or given by a saved preset. Bad rows
//! are skipped and counted, the first [`LISTED_SKIPS`] listed with their line and reason.

mod json;
pub mod layout;
pub mod values;

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use csv::ByteRecord;
use rust_decimal::Decimal;

use self::layout::{KNOWN_LAYOUTS, LayoutKind, Mapping, Preset, Role, Shape};
use self::values::{DateError, DateOrder};
use crate::domain::actuals::{Actuals, PricingType};
use crate::domain::calendar::Month;
use crate::domain::category::ChargedCategory;
use crate::domain::country::Country;
use crate::domain::ratebook::Currency;

/// Skipped rows listed with their reason (more are only counted).
pub const LISTED_SKIPS: usize = 100;
/// Bytes read ahead to recognise the encoding, delimiter and JSON.
const HEAD: usize = 64 * 1024;
/// Rows read ahead to settle date order and decimal comma; they are kept, then used.
pub(crate) const SAMPLE_ROWS: usize = 1000;
/// Rows before the header that may hold titles or notes.
const HEADER_SEARCH_ROWS: usize = 30;
/// The longest record read: longer means an unterminated quote or not a table at all, and
/// reading on would hold the rest of the file in memory.
const MAX_RECORD_BYTES: usize = 1 << 20;
/// The most the sample of rows may hold.
const SAMPLE_BYTES: usize = 4 << 20;

/// The country of a file that covers one app (a provider's daily usage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryChoice {
    Country(Country),
    Unknown,
}

impl CountryChoice {
    pub fn parse(text: &str) -> Option<CountryChoice> {
        if text.trim().eq_ignore_ascii_case("unknown") {
            return Some(CountryChoice::Unknown);
        }
        Country::from_code(text).map(CountryChoice::Country)
    }

    fn country(self) -> Option<Country> {
        match self {
            CountryChoice::Country(c) => Some(c),
            CountryChoice::Unknown => None,
        }
    }
}

/// What the user told the import (each `None` unless asked or given).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOptions {
    pub preset: Option<Preset>,
    pub date_order: Option<DateOrder>,
    /// The category of a log's messages when it has no category column.
    pub category: Option<ChargedCategory>,
    pub country: Option<CountryChoice>,
}

/// Shared with a worker thread: how far the import is, and the user's Cancel.
#[derive(Debug, Default)]
pub struct Progress {
    pub bytes: AtomicU64,
    pub rows: AtomicU64,
    pub cancel: AtomicBool,
}

/// An imported usage file.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageImport {
    pub layout: LayoutKind,
    /// JSON or CSV, and for CSV its encoding and delimiter: "CSV, UTF-8, ';'".
    pub format: String,
    pub actuals: Actuals,
    pub rows_used: u64,
    pub rows_skipped: u64,
    /// "line 7: ..." for the first [`LISTED_SKIPS`] skipped rows.
    pub skipped: Vec<String>,
    /// Log rows not counted because of their status (sent, failed, ...), per status.
    pub not_counted: BTreeMap<String, u64>,
    /// The currency the file reports its costs in, when it says.
    pub currency: Option<Currency>,
    pub bytes: u64,
    /// What the import decided that the user should know, in plain words (negative prices read
    /// as charges, messages without a price yet, a country the file does not give).
    pub notes: Vec<String>,
}

impl UsageImport {
    /// Whether the file reports any cost at all.
    pub fn reports_cost(&self) -> bool {
        self.actuals.rows().any(|r| r.reported_cost.is_some()) || self.actuals.has_unattributed()
    }

    /// Reported costs in a currency the file does not state: they cannot be set beside
    /// recomputed costs until the user names the currency.
    pub fn currency_unknown(&self) -> bool {
        self.currency.is_none() && self.reports_cost()
    }
}

/// What the user must choose before the file can be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Dates like "03/04/2026": day first or month first.
    DateOrder { examples: Vec<String> },
    /// A log without a category column.
    Category,
    /// Conversations from before categories: the category of the business-initiated ones.
    InitiatedCategory,
    /// A provider's daily usage file: which country its app sends to.
    Country,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {message}")]
    Unreadable { file: String, message: String },
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: {what}, not a usage export in CSV or JSON")]
    Binary { file: String, what: String },
    #[error(
        "{file}: no known usage layout: found the headers \"{}\"; known layouts: {KNOWN_LAYOUTS}. Map the columns yourself with --map ROLE=HEADER (saved with --save-preset NAME)",
        headers.join(", ")
    )]
    NoLayout { file: String, headers: Vec<String> },
    #[error("{file}: {}", question_text(question))]
    Needs { file: String, question: Question },
    #[error("{file}:{line}:{column}: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: no usable row ({skipped} skipped{})", first.as_ref().map(|f| format!("; {f}")).unwrap_or_default())]
    NoUsableRow {
        file: String,
        skipped: u64,
        first: Option<String>,
    },
    #[error("{file}: import cancelled")]
    Cancelled { file: String },
}

impl Question {
    /// The question as the window asks it, beside the buttons that answer it (no flags).
    pub fn ask(&self) -> String {
        match self {
            Question::DateOrder { examples } => format!(
                "Dates such as {} could be day-first or month-first. Which are they?",
                examples.join(", ")
            ),
            Question::Category => {
                "The file does not say which category its messages are (a Twilio log never does). Which are they?".into()
            }
            Question::InitiatedCategory => {
                "The file splits conversations only into business-initiated and user-initiated; user-initiated ones count as service. Which category were the business-initiated ones?".into()
            }
            Question::Country => {
                "The file does not say which country its messages went to (a provider's usage covers one app). Which country is it?".into()
            }
        }
    }
}

fn question_text(q: &Question) -> String {
    match q {
        Question::DateOrder { examples } => format!(
            "dates such as {} could be day-first or month-first: choose with --dates dmy or --dates mdy",
            examples.join(", ")
        ),
        Question::Category => {
            "the file has no category column: choose the category of its messages with --category marketing|utility|authentication|service".into()
        }
        Question::InitiatedCategory => {
            "the conversations are split only into business-initiated and user-initiated (user-initiated count as service): choose the category of the business-initiated ones with --category marketing|utility|authentication".into()
        }
        Question::Country => {
            "the file does not say which country its messages went to (a provider's usage covers one app): name the country with --country XX (or --country unknown)".into()
        }
    }
}

/// Reads a usage file from disk.
pub fn import_path(
    path: &Path,
    options: &ImportOptions,
    progress: Option<&Progress>,
) -> Result<UsageImport, ImportError> {
    let label = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| ImportError::Unreadable {
        file: label.clone(),
        message: e.to_string(),
    })?;
    import_reader(&label, file, options, progress)
}

/// Reads a usage file held in memory (tests, fuzzing).
pub fn import_bytes(
    label: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<UsageImport, ImportError> {
    import_reader(label, bytes, options, None)
}

/// Counts bytes for the progress bar and stops at Cancel.
struct Counting<'p, R> {
    inner: R,
    progress: Option<&'p Progress>,
    count: &'p std::cell::Cell<u64>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(p) = self.progress
            && p.cancel.load(Ordering::Relaxed)
        {
            return Err(io::Error::other(CANCELLED));
        }
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        if let Some(p) = self.progress {
            p.bytes.store(self.count.get(), Ordering::Relaxed);
        }
        Ok(n)
    }
}

const CANCELLED: &str = "import cancelled";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8 { bom: bool },
    Utf16Le { bom: bool },
    Utf16Be { bom: bool },
    Windows1252,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 { .. } => "UTF-8",
            Encoding::Utf16Le { .. } => "UTF-16LE",
            Encoding::Utf16Be { .. } => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

fn sniff_encoding(head: &[u8]) -> Result<Encoding, String> {
    const UTF32: &str = "UTF-32 text, which wacost does not read (save it as UTF-8)";
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) || head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(UTF32.into());
    }
    // Without a BOM: three zero bytes in every four (ASCII text in UTF-32).
    let quads = head.len() / 4;
    if quads > 0 {
        let zeros_at = |k: usize| head.iter().skip(k).step_by(4).filter(|&&b| b == 0).count();
        let text_le = zeros_at(1) + zeros_at(2) + zeros_at(3);
        let text_be = zeros_at(0) + zeros_at(1) + zeros_at(2);
        // …and text in the fourth: all zeros is binary data, not UTF-32.
        if (text_le * 10 >= quads * 3 * 9 && zeros_at(0) * 10 < quads)
            || (text_be * 10 >= quads * 3 * 9 && zeros_at(3) * 10 < quads)
        {
            return Err(UTF32.into());
        }
    }
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(Encoding::Utf8 { bom: true });
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok(Encoding::Utf16Le { bom: true });
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Ok(Encoding::Utf16Be { bom: true });
    }
    if head.starts_with(b"PK\x03\x04") {
        return Err("an Excel workbook or zip archive (save the usage as CSV)".into());
    }
    if head.starts_with(b"%PDF") {
        return Err("a PDF document".into());
    }
    let zeros = head.iter().filter(|&&b| b == 0).count();
    if zeros > 0 {
        // Text in UTF-16 without a BOM has a zero in every other byte.
        let pairs = head.len() / 2;
        let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
        if pairs > 0 && odd * 10 >= pairs * 9 && even * 10 < pairs {
            return Ok(Encoding::Utf16Le { bom: false });
        }
        if pairs > 0 && even * 10 >= pairs * 9 && odd * 10 < pairs {
            return Ok(Encoding::Utf16Be { bom: false });
        }
        return Err("binary data".into());
    }
    match std::str::from_utf8(head) {
        Ok(_) => Ok(Encoding::Utf8 { bom: false }),
        // Cut mid-character at the end of the head: still UTF-8.
        Err(e) if e.error_len().is_none() => Ok(Encoding::Utf8 { bom: false }),
        Err(_) => {
            let controls = head
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
                .count();
            if controls * 20 > head.len() {
                Err("binary data".into())
            } else {
                Ok(Encoding::Windows1252)
            }
        }
    }
}

/// The delimiter the first lines agree on: most consistent count outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let count = |line: &str, d: u8| {
        let mut quoted = false;
        line.bytes()
            .filter(|&b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                !quoted && b == d
            })
            .count()
    };
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        // The delimiter of the header and rows: its count on the line where it is highest,
        // weighted by how many lines have that count.
        let counts: Vec<usize> = lines.iter().map(|l| count(l, d)).collect();
        let Some(&max) = counts.iter().max() else {
            continue;
        };
        let agreeing = counts.iter().filter(|&&c| c == max && c > 0).count();
        let score = agreeing * 1000 + max;
        if max > 0 && score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Reads a usage export from any reader.
pub fn import_reader<R: Read>(
    label: &str,
    reader: R,
    options: &ImportOptions,
    progress: Option<&Progress>,
) -> Result<UsageImport, ImportError> {
    let total = std::cell::Cell::new(0u64);
    let mut counting = Counting {
        inner: reader,
        progress,
        count: &total,
    };
    let io_error = |e: io::Error| {
        if e.to_string() == CANCELLED {
            ImportError::Cancelled {
                file: label.to_string(),
            }
        } else {
            ImportError::Unreadable {
                file: label.to_string(),
                message: e.to_string(),
            }
        }
    };
    let mut head = Vec::with_capacity(HEAD);
    (&mut counting)
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(io_error)?;
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty {
            file: label.to_string(),
        });
    }
    let encoding = sniff_encoding(&head).map_err(|what| ImportError::Binary {
        file: label.to_string(),
        what,
    })?;
    let head_text: String = match encoding {
        Encoding::Utf8 { .. } => String::from_utf8_lossy(&head).into_owned(),
        Encoding::Utf16Le { .. } => encoding_rs::UTF_16LE.decode(&head).0.into_owned(),
        Encoding::Utf16Be { .. } => encoding_rs::UTF_16BE.decode(&head).0.into_owned(),
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252.decode(&head).0.into_owned(),
    };
    let head_text = head_text.trim_start_matches('\u{feff}');
    if head_text.trim().is_empty() {
        return Err(ImportError::Empty {
            file: label.to_string(),
        });
    }
    if matches!(encoding, Encoding::Utf8 { bom: true }) {
        head.drain(..3);
    }
    let rest = io::Cursor::new(head).chain(counting);
    let decoded: Box<dyn Read + '_> = match encoding {
        Encoding::Utf8 { .. } => Box::new(rest),
        other => {
            let enc = match other {
                Encoding::Utf16Le { .. } => encoding_rs::UTF_16LE,
                Encoding::Utf16Be { .. } => encoding_rs::UTF_16BE,
                _ => encoding_rs::WINDOWS_1252,
            };
            Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(enc))
                    .bom_override(true)
                    .build(rest),
            )
        }
    };
    let mut state = Aggregate::new(label, options, progress);
    // JSON, also as documentation pages publish it (`\{` escaped for Markdown): the JSON
    // reader then says what is wrong, where.
    let start = head_text.trim_start();
    let format =
        if start.starts_with(['{', '[']) || start.starts_with("\\{") || start.starts_with("\\[") {
            json::read(label, decoded, &mut state).map_err(|e| match e {
                json::Failure::Io(e) => io_error(e),
                json::Failure::Import(e) => e,
            })?;
            "JSON".to_string()
        } else {
            let delimiter = sniff_delimiter(head_text);
            read_csv(label, decoded, delimiter, &mut state).map_err(|e| match e {
                CsvFailure::Io(e) => io_error(e),
                CsvFailure::Import(e) => e,
            })?;
            format!(
                "CSV, {}, {}",
                encoding.name(),
                match delimiter {
                    b'\t' => "tab-separated".to_string(),
                    d => format!("'{}'-separated", d as char),
                }
            )
        };
    state.bytes = total.get();
    state.finish(format)
}

/// Stops a CSV whose record never ends (an unterminated quote, a file without line breaks)
/// before the CSV reader buffers the whole rest of it: tracks quotes and line breaks with
/// memchr, which costs little on a normal file.
struct RecordGuard<R> {
    inner: R,
    quoted: bool,
    since_break: usize,
}

const RECORD_TOO_LONG: &str = "wacost: record too long";

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        let mut last = 0usize;
        for i in memchr::memchr2_iter(b'"', b'\n', chunk) {
            if chunk[i] == b'"' {
                self.quoted = !self.quoted;
            } else if !self.quoted {
                self.since_break = 0;
                last = i + 1;
            }
        }
        self.since_break += n - last;
        if self.since_break > MAX_RECORD_BYTES {
            return Err(io::Error::other(RECORD_TOO_LONG));
        }
        Ok(n)
    }
}

enum CsvFailure {
    Io(io::Error),
    Import(ImportError),
}

fn csv_error(label: &str, line: u64, e: csv::Error) -> CsvFailure {
    match e.into_kind() {
        csv::ErrorKind::Io(e) if e.to_string() == RECORD_TOO_LONG => {
            CsvFailure::Import(ImportError::Unreadable {
                file: label.to_string(),
                message: format!(
                    "line {line}: a record longer than {} MB (a quote that never closes, or not a table): nothing was imported",
                    MAX_RECORD_BYTES >> 20
                ),
            })
        }
        csv::ErrorKind::Io(e) => CsvFailure::Io(e),
        other => CsvFailure::Io(io::Error::other(format!("{other:?}"))),
    }
}

fn read_csv<R: Read>(
    label: &str,
    reader: R,
    delimiter: u8,
    state: &mut Aggregate<'_>,
) -> Result<(), CsvFailure> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(RecordGuard {
            inner: reader,
            quoted: false,
            since_break: 0,
        });
    // Reads the next record; one that never ends is reported at the line it starts on.
    let read = |rdr: &mut csv::Reader<RecordGuard<R>>, record: &mut ByteRecord| {
        let line = rdr.position().line();
        rdr.read_byte_record(record)
            .map_err(|e| csv_error(label, line, e))
    };
    let mut record = ByteRecord::new();
    // The header: the first row (after any title rows) a layout or the preset recognises.
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mapping = loop {
        if !read(&mut rdr, &mut record)? {
            // The widest row, the first of equals: most likely the header.
            let headers = seen
                .iter()
                .rev()
                .max_by_key(|r| r.iter().filter(|c| !c.trim().is_empty()).count())
                .cloned()
                .unwrap_or_default();
            return Err(CsvFailure::Import(no_layout(label, headers, state.options)));
        }
        let cells: Vec<String> = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim().to_string())
            .collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let found = match &state.options.preset {
            Some(p) => p.mapping(&cells).ok(),
            None => layout::detect(&cells),
        };
        if let Some(m) = found {
            duplicate_header(label, &cells, &m).map_err(CsvFailure::Import)?;
            break m;
        }
        seen.push(cells);
        if seen.len() >= HEADER_SEARCH_ROWS {
            let headers = seen.swap_remove(0);
            return Err(CsvFailure::Import(no_layout(label, headers, state.options)));
        }
    };
    // A sample of rows settles date order and decimal comma before any row is used.
    let mut sample: Vec<(ByteRecord, u64)> = Vec::new();
    let mut sample_bytes = 0usize;
    while sample.len() < SAMPLE_ROWS && sample_bytes < SAMPLE_BYTES {
        let mut r = ByteRecord::new();
        if !read(&mut rdr, &mut r)? {
            break;
        }
        let line = r.position().map_or(0, |p| p.line());
        sample_bytes += r.as_slice().len();
        sample.push((r, line));
    }
    state
        .start(mapping, sample.iter().map(|(r, _)| r))
        .map_err(CsvFailure::Import)?;
    let stop = |state: &mut Aggregate<'_>| state.fatal.take().map(CsvFailure::Import);
    for (r, line) in &sample {
        state.row(r, *line);
        if let Some(e) = stop(state) {
            return Err(e);
        }
    }
    drop(sample);
    while read(&mut rdr, &mut record)? {
        let line = record.position().map_or(0, |p| p.line());
        state.row(&record, line);
        if let Some(e) = stop(state) {
            return Err(e);
        }
    }
    Ok(())
}

/// A header the mapping reads that stands twice ("count,count"): which column holds the value
/// is the user's to say, not the first one's.
fn duplicate_header(label: &str, headers: &[String], m: &Mapping) -> Result<(), ImportError> {
    let keys: Vec<String> = headers
        .iter()
        .map(|h| crate::io::sheet::header_key(h))
        .collect();
    for role in Role::ALL {
        let Some(c) = m.column(role) else { continue };
        if let Some(other) = (0..keys.len()).find(|&i| i != c && keys[i] == keys[c]) {
            let (a, b) = (c.min(other), c.max(other));
            return Err(ImportError::Unreadable {
                file: label.to_string(),
                message: format!(
                    "the header {:?} stands twice (columns {} and {}): rename one, or map the columns with --map",
                    headers[c],
                    crate::io::sheet::column_letters(a),
                    crate::io::sheet::column_letters(b)
                ),
            });
        }
    }
    Ok(())
}

fn no_layout(label: &str, headers: Vec<String>, options: &ImportOptions) -> ImportError {
    match &options.preset {
        Some(p) => ImportError::Unreadable {
            file: label.to_string(),
            message: format!(
                "preset {:?} expects the columns {}, but the file's headers are \"{}\"",
                p.name,
                p.columns
                    .values()
                    .map(|h| format!("{h:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                headers.join(", ")
            ),
        },
        None => ImportError::NoLayout {
            file: label.to_string(),
            headers,
        },
    }
}

/// Key of an aggregate cell: month, country (+1, 0 for none), category, pricing type.
type Key = (Month, u16, u8, u8);

/// A multiplicative hash for the few small integers of a [`Key`]: the default SipHash costs
/// more than the rest of a log row together, and the keys come from the file, not an attacker
/// (there are at most a few thousand of them).
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(n as u64);
    }
    fn write_u16(&mut self, n: u16) {
        self.write_u64(n as u64);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }
    fn write_i32(&mut self, n: i32) {
        self.write_u64(n as u32 as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Rows turned into aggregate cells; shared by the CSV and JSON readers so both give identical
/// actuals.
pub(crate) struct Aggregate<'a> {
    label: &'a str,
    options: &'a ImportOptions,
    progress: Option<&'a Progress>,
    mapping: Option<Mapping>,
    date_order: Option<DateOrder>,
    decimal_comma: bool,
    category: Option<ChargedCategory>,
    country: Option<CountryChoice>,
    cells: HashMap<Key, (u64, Option<Decimal>), BuildHasherDefault<KeyHasher>>,
    unattributed: BTreeMap<(Month, u16), Decimal>,
    currency: Option<Currency>,
    rows_used: u64,
    rows_skipped: u64,
    skipped: Vec<String>,
    not_counted: BTreeMap<String, u64>,
    rows_seen: u64,
    bytes: u64,
    /// How a skipped row is named: "line" (CSV) or "data point" (JSON).
    pub(crate) row_unit: &'static str,
    /// Log rows whose price was negative (a charge, as Twilio writes it), read as charges.
    negative_prices: u64,
    /// Counted log rows with an empty price (not priced yet): their cost is unknown.
    unpriced: u64,
    /// Status events without pricing (read receipts and the like): never billed.
    unpriced_events: u64,
    /// Rows counted under an unknown country because the file has no country at all.
    country_assumed: Option<&'static str>,
    /// Hashes of the message ids already counted, so a message reported several times (sent,
    /// delivered, read) counts once: 8 bytes a message, not its id string.
    seen_ids: std::collections::HashSet<u64, BuildHasherDefault<KeyHasher>>,
    /// The months a usage date may fall in: a date outside is a mistake (a message id read as
    /// a timestamp), and accepting it would let memory grow with the span.
    window: (Month, Month),
    /// Why reading must stop (too many aggregate cells): set by a row, returned by the reader.
    pub(crate) fatal: Option<ImportError>,
    /// The columns a row must have (the highest mapped column + 1).
    width: usize,
}

fn country_key(c: Option<Country>) -> u16 {
    c.map_or(0, |c| c.index() as u16 + 1)
}

fn country_of_key(k: u16) -> Option<Country> {
    (k > 0)
        .then(|| Country::from_index(k as usize - 1))
        .flatten()
}

/// `PricingType::ALL` is in declaration order, so the discriminant indexes it.
fn pricing_index(p: PricingType) -> u8 {
    p as u8
}

impl<'a> Aggregate<'a> {
    fn new(label: &'a str, options: &'a ImportOptions, progress: Option<&'a Progress>) -> Self {
        Aggregate {
            label,
            options,
            progress,
            mapping: None,
            date_order: options.date_order,
            decimal_comma: false,
            category: options.category,
            country: options.country,
            cells: HashMap::default(),
            unattributed: BTreeMap::new(),
            currency: None,
            rows_used: 0,
            rows_skipped: 0,
            skipped: Vec::new(),
            not_counted: BTreeMap::new(),
            rows_seen: 0,
            bytes: 0,
            row_unit: "line",
            negative_prices: 0,
            unpriced: 0,
            unpriced_events: 0,
            country_assumed: None,
            seen_ids: Default::default(),
            window: usage_window(),
            fatal: None,
            width: 0,
        }
    }

    fn needs(&self, question: Question) -> ImportError {
        ImportError::Needs {
            file: self.label.to_string(),
            question,
        }
    }

    /// Settles what the header and a sample of rows decide: the mapping, date order, decimal
    /// comma, and what the user must still choose.
    pub(crate) fn start<'r>(
        &mut self,
        mapping: Mapping,
        sample: impl Iterator<Item = &'r ByteRecord> + Clone,
    ) -> Result<(), ImportError> {
        let preset = self.options.preset.as_ref();
        if self.date_order.is_none() {
            self.date_order = preset
                .and_then(|p| p.date_order.as_deref())
                .and_then(DateOrder::parse);
        }
        if self.category.is_none() {
            self.category = preset
                .and_then(|p| p.category.as_deref())
                .and_then(|c| values::parse_category(c.as_bytes()).ok())
                .map(|c| c.0);
        }
        if self.country.is_none() {
            self.country = preset
                .and_then(|p| p.country.as_deref())
                .and_then(CountryChoice::parse);
        }
        if let Some(date) = mapping.column(Role::Date)
            && self.date_order.is_none()
        {
            let cells = sample.clone().filter_map(|r| r.get(date));
            match values::sniff_date_order(cells.clone()) {
                Some(Ok(order)) => self.date_order = Some(order),
                Some(Err(())) => {
                    let examples: Vec<String> = cells
                        .filter(|c| {
                            matches!(values::parse_month(c, None), Err(DateError::Ambiguous))
                        })
                        .take(3)
                        .map(|c| String::from_utf8_lossy(c).trim().to_string())
                        .collect();
                    if !examples.is_empty() {
                        return Err(self.needs(Question::DateOrder { examples }));
                    }
                }
                None => {}
            }
        }
        let amount_columns: Vec<usize> = [Role::Cost, Role::WaFees]
            .into_iter()
            .filter_map(|r| mapping.column(r))
            .collect();
        self.decimal_comma = values::sniff_decimal_comma(
            sample
                .clone()
                .flat_map(|r| amount_columns.iter().filter_map(move |&c| r.get(c))),
        );
        let has = |role: Role| mapping.column(role).is_some();
        match mapping.shape {
            Shape::Log if !has(Role::Category) && self.category.is_none() => {
                return Err(self.needs(Question::Category));
            }
            Shape::Daily if self.country.is_none() => {
                return Err(self.needs(Question::Country));
            }
            // Meta's analytics asked without the COUNTRY breakdown are still a valid response:
            // counted under an unknown country unless the user names one.
            Shape::Aggregated
                if !has(Role::Country) && !has(Role::Phone) && self.country.is_none() =>
            {
                if matches!(
                    mapping.kind,
                    LayoutKind::PricingAnalytics | LayoutKind::ConversationAnalytics
                ) {
                    self.country = Some(CountryChoice::Unknown);
                    self.country_assumed = Some(
                        "the file has no country breakdown (the analytics were asked without the COUNTRY dimension): its messages are counted under an unknown country",
                    );
                } else {
                    return Err(self.needs(Question::Country));
                }
            }
            _ => {}
        }
        if mapping.shape == Shape::Aggregated && !has(Role::Category) && self.category.is_none() {
            match mapping.column(Role::Direction) {
                Some(dir) => {
                    if sample
                        .clone()
                        .filter_map(|r| r.get(dir))
                        .any(|c| !is_user_initiated(c))
                    {
                        return Err(self.needs(Question::InitiatedCategory));
                    }
                }
                None => return Err(self.needs(Question::Category)),
            }
        }
        self.width = Role::ALL
            .iter()
            .filter_map(|&r| mapping.column(r))
            .max()
            .map_or(0, |c| c + 1);
        self.mapping = Some(mapping);
        Ok(())
    }

    pub(crate) fn skip(&mut self, line: u64, reason: String) {
        self.rows_skipped += 1;
        if self.skipped.len() < LISTED_SKIPS {
            self.skipped
                .push(format!("{} {line}: {reason}", self.row_unit));
        }
    }

    /// Adds a row's volume and cost to its cell; a sum too large for wacost is the row's error,
    /// never a wrapped or saturated number.
    fn add(
        &mut self,
        month: Month,
        country: Option<Country>,
        category: ChargedCategory,
        pricing: PricingType,
        volume: u64,
        cost: Option<Decimal>,
    ) -> Result<(), String> {
        let key = (
            month,
            country_key(country),
            category.index() as u8,
            pricing_index(pricing),
        );
        if self.cells.len() >= MAX_CELLS && !self.cells.contains_key(&key) {
            if self.fatal.is_none() {
                self.fatal = Some(ImportError::Unreadable {
                    file: self.label.to_string(),
                    message: format!(
                        "the file spreads over more than {} months × countries × categories: more than wacost adds up in one import; import a shorter period (nothing was imported)",
                        crate::io::display::count(MAX_CELLS as u64)
                    ),
                });
            }
            return Err("too many cells".into());
        }
        let cell = self.cells.entry(key).or_insert((0, None));
        let total = cell
            .0
            .checked_add(volume)
            .filter(|&v| v <= MAX_AGGREGATE_VOLUME)
            .ok_or_else(|| {
                format!(
                    "the {month} total of this country and category passes {MAX_AGGREGATE_VOLUME} messages, more than wacost adds up"
                )
            })?;
        let sum = match cost {
            Some(c) => Some(
                cell.1
                    .unwrap_or_default()
                    .checked_add(c)
                    .filter(within_aggregate_cost)
                    .ok_or_else(|| {
                        format!(
                            "the {month} cost of this country and category is too large to add up"
                        )
                    })?,
            ),
            None => cell.1,
        };
        *cell = (total, sum);
        Ok(())
    }

    /// Uses one data row, or skips it with its reason.
    pub(crate) fn row(&mut self, record: &ByteRecord, line: u64) {
        self.rows_seen += 1;
        if self.rows_seen.is_multiple_of(8192)
            && let Some(p) = self.progress
        {
            p.rows.store(self.rows_seen, Ordering::Relaxed);
        }
        if record.iter().all(|c| c.trim_ascii().is_empty()) {
            self.rows_seen -= 1;
            return;
        }
        if record.len() < self.width {
            // Separators inside a field: a quote opened and never closed swallowed the rest.
            let hint = if record.iter().any(|f| {
                f.iter()
                    .any(|b| matches!(b, b',' | b';' | b'\t' | b'|' | b'\n'))
            }) {
                " (a quote that never closes?)"
            } else {
                ""
            };
            let reason = format!(
                "the row has {} field{}, the header has {}{hint}",
                record.len(),
                if record.len() == 1 { "" } else { "s" },
                self.width
            );
            self.skip(line, reason);
            return;
        }
        let Some(mapping) = self.mapping.take() else {
            return;
        };
        let result = match mapping.shape {
            Shape::Aggregated => self.aggregated_row(&mapping, record),
            Shape::Log => self.log_row(&mapping, record),
            Shape::Daily => self.daily_row(&mapping, record),
        };
        self.mapping = Some(mapping);
        match result {
            Ok(true) => self.rows_used += 1,
            Ok(false) => {}
            Err(reason) => self.skip(line, reason),
        }
    }

    fn cell<'r>(&self, m: &Mapping, r: &'r ByteRecord, role: Role) -> Option<&'r [u8]> {
        m.column(role).map(|c| r.get(c).unwrap_or(b""))
    }

    /// The row's month, inside the window of plausible months.
    fn month(&self, m: &Mapping, r: &ByteRecord) -> Result<Month, String> {
        let month = self.month_as_written(m, r)?;
        let (first, last) = self.window;
        if month < first || month > last {
            return Err(format!(
                "date {month} is outside {first} … {last}, the months a usage export can cover"
            ));
        }
        Ok(month)
    }

    fn month_as_written(&self, m: &Mapping, r: &ByteRecord) -> Result<Month, String> {
        let cell = self.cell(m, r, Role::Date).unwrap_or(b"");
        // An analytics bucket starts at the account's local midnight (18:30 UTC the day
        // before for India): it belongs to the month that holds its midpoint.
        if let Some(end) = self.cell(m, r, Role::End)
            && let (Some(start), Some(end)) = (unix_seconds(cell), unix_seconds(end))
            && end >= start
        {
            let mid = start + (end - start) / 2;
            return Ok(
                crate::domain::calendar::Date::from_unix_days(mid.div_euclid(86_400)).month(),
            );
        }
        values::parse_month(cell, self.date_order).map_err(|e| match e {
            DateError::Bad(s) => s,
            DateError::Ambiguous => format!(
                "{:?} could be day-first or month-first",
                String::from_utf8_lossy(cell.trim_ascii())
            ),
        })
    }

    fn aggregated_row(&mut self, m: &Mapping, r: &ByteRecord) -> Result<bool, String> {
        let month = self.month(m, r)?;
        let country = match (self.cell(m, r, Role::Country), self.cell(m, r, Role::Phone)) {
            (Some(cell), _) => Some(country_from_text(cell)?),
            (None, Some(cell)) => {
                Some(Country::from_phone_bytes(cell).ok_or_else(|| not_a_phone(cell))?)
            }
            (None, None) => self.country.and_then(CountryChoice::country),
        };
        self.currency_of_row(m, r)?;
        let (category, implied) = match self.cell(m, r, Role::Category) {
            Some(cell) if !cell.trim_ascii().is_empty() => values::parse_category(cell)?,
            category => match self.cell(m, r, Role::Direction) {
                // Before categories, conversations were only business- or user-initiated.
                Some(dir) if is_user_initiated(dir) => (ChargedCategory::Service, None),
                Some(_) => (
                    self.category
                        .ok_or("a business-initiated conversation with no category")?,
                    None,
                ),
                None => match self.category {
                    Some(c) if category.is_none() => (c, None),
                    _ => values::parse_category(category.unwrap_or(b""))?,
                },
            },
        };
        let volume = values::parse_count(
            self.cell(m, r, Role::Volume).unwrap_or(b""),
            self.decimal_comma,
        )?;
        let pricing = match (self.cell(m, r, Role::PricingType), implied) {
            (_, Some(p)) => p,
            (Some(cell), None) => values::parse_pricing_type(cell)?,
            (None, None) => PricingType::Regular,
        };
        let cost = match self.cell(m, r, Role::Cost) {
            Some(cell) => values::parse_amount(cell, self.decimal_comma)?,
            None => None,
        };
        self.add(month, country, category, pricing, volume, cost)?;
        Ok(true)
    }

    fn log_row(&mut self, m: &Mapping, r: &ByteRecord) -> Result<bool, String> {
        // Only outbound messages are charged (Twilio: outbound-api, outbound-reply,
        // outbound-call; inbound rows are the customers' messages).
        if let Some(dir) = self.cell(m, r, Role::Direction) {
            let d = dir.trim_ascii();
            if !d.is_empty() && !starts_with_ignore_case(d, b"outbound") {
                let name = String::from_utf8_lossy(d).to_ascii_lowercase();
                *self.not_counted.entry(name).or_default() += 1;
                return Ok(false);
            }
        }
        let webhook = m.kind == LayoutKind::WebhookEvents;
        if let Some(status) = self.cell(m, r, Role::Status) {
            let s = status.trim_ascii();
            // A status event carries its message's pricing while it is sent or delivered; a
            // log lists each message once with its latest status.
            let counted = s.eq_ignore_ascii_case(b"delivered")
                || s.eq_ignore_ascii_case(b"read")
                || (webhook && s.eq_ignore_ascii_case(b"sent"));
            if !counted {
                let name = String::from_utf8_lossy(s).to_ascii_lowercase();
                let name = if name.is_empty() {
                    "(no status)".to_string()
                } else {
                    name
                };
                *self.not_counted.entry(name).or_default() += 1;
                return Ok(false);
            }
        }
        let category_cell = self.cell(m, r, Role::Category);
        if webhook && category_cell.is_none_or(|c| c.trim_ascii().is_empty()) {
            self.unpriced_events += 1;
            return Ok(false);
        }
        let phone = self.cell(m, r, Role::Phone).unwrap_or(b"");
        let country = Country::from_phone_bytes(phone).ok_or_else(|| not_a_phone(phone))?;
        let month = self.month(m, r)?;
        let (category, implied) = match category_cell {
            Some(cell) if !cell.trim_ascii().is_empty() || self.category.is_none() => {
                values::parse_category(cell)?
            }
            _ => (self.category.ok_or("the row has no category")?, None),
        };
        let pricing = match (implied, self.cell(m, r, Role::PricingType)) {
            (Some(p), _) => p,
            (None, Some(cell)) => values::parse_pricing_type(cell)?,
            (None, None) => PricingType::Regular,
        };
        self.currency_of_row(m, r)?;
        let cost_column = self.cell(m, r, Role::Cost);
        let (cost, negative) = match cost_column {
            Some(cell) => match values::parse_signed_amount(cell, self.decimal_comma)? {
                // Twilio writes what it charges as a negative price.
                Some(c) if c.is_sign_negative() && !c.is_zero() => (Some(-c), true),
                c => (c, false),
            },
            None => (None, false),
        };
        if let Some(id) = self.cell(m, r, Role::MessageId)
            && !id.trim_ascii().is_empty()
            && !self.seen_ids.insert(id_hash(id.trim_ascii()))
        {
            return Ok(false);
        }
        self.add(month, Some(country), category, pricing, 1, cost)?;
        self.negative_prices += u64::from(negative);
        self.unpriced += u64::from(cost_column.is_some() && cost.is_none());
        Ok(true)
    }

    /// The currency a row states (Twilio's PriceUnit, a provider's currency column): one per
    /// file, since amounts in two currencies cannot be added.
    fn currency_of_row(&mut self, m: &Mapping, r: &ByteRecord) -> Result<(), String> {
        let Some(cell) = self.cell(m, r, Role::Currency) else {
            return Ok(());
        };
        let t = cell.trim_ascii();
        if t.is_empty() {
            return Ok(());
        }
        if let Some(c) = self.currency
            && t.eq_ignore_ascii_case(c.as_str().as_bytes())
        {
            return Ok(());
        }
        let text = String::from_utf8_lossy(t).to_ascii_uppercase();
        let cur: Currency = text
            .parse()
            .map_err(|_| format!("{text:?} is not a currency code"))?;
        match self.currency {
            Some(c) if c != cur => Err(format!(
                "currency {cur} differs from the file's {c}: rows in two currencies cannot be added"
            )),
            _ => {
                self.currency = Some(cur);
                Ok(())
            }
        }
    }

    fn daily_row(&mut self, m: &Mapping, r: &ByteRecord) -> Result<bool, String> {
        let month = self.month(m, r)?;
        let country = self.country.and_then(CountryChoice::country);
        self.currency_of_row(m, r)?;
        let columns = [
            (
                Role::Marketing,
                ChargedCategory::Marketing,
                PricingType::Regular,
            ),
            (
                Role::Utility,
                ChargedCategory::Utility,
                PricingType::Regular,
            ),
            (
                Role::Authentication,
                ChargedCategory::Authentication,
                PricingType::Regular,
            ),
            (
                Role::Service,
                ChargedCategory::Service,
                PricingType::Regular,
            ),
            (
                Role::AuthenticationInternational,
                ChargedCategory::AuthenticationInternational,
                PricingType::Regular,
            ),
            // The daily report does not split free conversations by category: they are kept
            // under service, where they cost nothing either way.
            (
                Role::Fep,
                ChargedCategory::Service,
                PricingType::FreeEntryPoint,
            ),
            (Role::Ftc, ChargedCategory::Service, PricingType::FreeTier),
            (
                Role::FreeUtility,
                ChargedCategory::Utility,
                PricingType::FreeCustomerService,
            ),
            (
                Role::MarketingLite,
                ChargedCategory::Marketing,
                PricingType::Regular,
            ),
        ];
        let mut counts = [0u64; 9];
        for (i, (role, _, _)) in columns.iter().enumerate() {
            if let Some(cell) = self.cell(m, r, *role)
                && !cell.trim_ascii().is_empty()
            {
                counts[i] = values::parse_count(cell, self.decimal_comma)
                    .map_err(|e| format!("{}: {e}", role.name()))?;
            }
        }
        let fees = match self.cell(m, r, Role::WaFees) {
            Some(cell) => values::parse_amount(cell, self.decimal_comma)
                .map_err(|e| format!("waFees: {e}"))?,
            None => None,
        };
        for (i, (_, category, pricing)) in columns.iter().enumerate() {
            if counts[i] > 0 {
                self.add(month, country, *category, *pricing, counts[i], None)?;
            }
        }
        if let Some(f) = fees {
            let sum = self
                .unattributed
                .entry((month, country_key(country)))
                .or_default();
            *sum = sum
                .checked_add(f)
                .filter(within_aggregate_cost)
                .ok_or_else(|| format!("the {month} fees are too large to add up"))?;
        }
        Ok(true)
    }

    fn finish(self, format: String) -> Result<UsageImport, ImportError> {
        if self.rows_used == 0 && self.not_counted.is_empty() {
            return Err(ImportError::NoUsableRow {
                file: self.label.to_string(),
                skipped: self.rows_skipped,
                first: self.skipped.first().cloned(),
            });
        }
        let mut actuals = Actuals::default();
        for ((month, country, category, pricing), (volume, cost)) in self.cells {
            actuals.add(
                month,
                country_of_key(country),
                ChargedCategory::ALL[category as usize],
                PricingType::ALL[pricing as usize],
                volume,
                cost,
            );
        }
        for ((month, country), cost) in self.unattributed {
            actuals.add_unattributed_cost(month, country_of_key(country), cost);
        }
        if let Some(p) = self.progress {
            p.rows.store(self.rows_seen, Ordering::Relaxed);
        }
        let mut notes = Vec::new();
        if self.negative_prices > 0 {
            notes.push(format!(
                "{} prices were negative, as Twilio writes a charge: each is counted as a charge of its absolute value",
                self.negative_prices
            ));
        }
        if self.unpriced > 0 {
            notes.push(format!(
                "{} counted messages have no price yet: their cost is unknown, not zero, and the reported cost covers only the priced messages",
                self.unpriced
            ));
        }
        if self.unpriced_events > 0 {
            notes.push(format!(
                "{} status events carry no pricing (read receipts and the like): they are not counted",
                self.unpriced_events
            ));
        }
        if let Some(n) = self.country_assumed {
            notes.push(n.to_string());
        }
        Ok(UsageImport {
            layout: self.mapping.map_or(LayoutKind::Generic, |m| m.kind),
            format,
            actuals,
            rows_used: self.rows_used,
            rows_skipped: self.rows_skipped,
            skipped: self.skipped,
            not_counted: self.not_counted,
            currency: self.currency,
            bytes: self.bytes,
            notes,
        })
    }
}

/// The most messages one aggregate cell (a month, country, category and pricing type) adds up:
/// a thousand times the most one row may hold.
pub const MAX_AGGREGATE_VOLUME: u64 = 1_000_000_000_000_000;

/// The largest cost one aggregate cell adds up to (10^18 in the file's currency): far beyond
/// any real bill, and far below where sums of cells could overflow.
fn max_aggregate_cost() -> Decimal {
    Decimal::from(MAX_AGGREGATE_COST)
}

const MAX_AGGREGATE_COST: u64 = 1_000_000_000_000_000_000;

/// Whether a sum stays within [`max_aggregate_cost`]: an integer comparison of its mantissa
/// first (scale is never negative, so a small mantissa is a small amount), exact otherwise.
fn within_aggregate_cost(d: &Decimal) -> bool {
    d.mantissa().unsigned_abs() <= u128::from(MAX_AGGREGATE_COST) || d.abs() <= max_aggregate_cost()
}

/// A cell of whole unix seconds (Meta's `start` and `end`), as written: 9 or 10 digits.
fn unix_seconds(cell: &[u8]) -> Option<i64> {
    let t = cell.trim_ascii();
    if !(9..=10).contains(&t.len()) || !t.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(t.iter().fold(0i64, |n, &d| n * 10 + (d - b'0') as i64))
}

/// "USER_INITIATED" (any case, '-' or ' ' for '_'): a conversation the customer opened.
fn is_user_initiated(cell: &[u8]) -> bool {
    let t = cell.trim_ascii();
    starts_with_ignore_case(t, b"user")
}

fn starts_with_ignore_case(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// A message id reduced to 64 bits for the set of ids already counted: a million ids take
/// 8 MB instead of their strings; two ids share a hash about once in 10^7 million-message files.
fn id_hash(id: &[u8]) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    // SipHash with fixed keys: stable across runs, well spread for ids that share prefixes.
    BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(id)
}

fn not_a_phone(cell: &[u8]) -> String {
    let problem = crate::domain::country::phone_number_problem(cell)
        .map(|p| format!(": {p}"))
        .unwrap_or_default();
    format!(
        "{} is not an international phone number{problem}",
        values::show_cell(cell)
    )
}

/// The most distinct month × country × category × pricing type cells one import adds up: far
/// more than a real export has (ten years of every country), few enough that an import stays
/// within a few tens of megabytes whatever the file.
pub const MAX_CELLS: usize = 100_000;

/// The first month a usage export can cover (Meta's Cloud API opened in 2022; older on-premises
/// exports reach back to 2018) and the last (December of next year: a plan's months).
fn usage_window() -> (Month, Month) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let year = crate::domain::calendar::Date::from_unix_days(now / 86_400).year();
    (
        Month::new(2018, 1).expect("a month"),
        Month::new(year + 1, 12).expect("a month"),
    )
}

/// A country written as an ISO code, an English name or a phone number.
fn country_from_text(cell: &[u8]) -> Result<Country, String> {
    let text = String::from_utf8_lossy(cell);
    let t = text.trim();
    Country::from_code(t)
        .or_else(|| Country::from_name(t))
        .or_else(|| Country::from_phone_number(t))
        .ok_or_else(|| format!("{t:?} is not a country"))
}

/// Whether a file is a usage export in a layout wacost recognises (read from its first 64 KB),
/// so a file dropped on the window goes to the right import.
pub fn looks_like_usage(path: &Path) -> bool {
    let mut head = Vec::with_capacity(HEAD);
    let read = std::fs::File::open(path).and_then(|f| f.take(HEAD as u64).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]).into_owned();
    let start = text.trim_start();
    if start.starts_with(['{', '[']) || start.starts_with("\\{") {
        return [
            "\"data_points\"",
            "\"pricing_analytics\"",
            "\"conversation_analytics\"",
            "\"partnerAppUsageList\"",
            "\"statuses\"",
            "\"recipient_id\"",
            "\"breakdown\"",
        ]
        .iter()
        .any(|marker| text.contains(marker));
    }
    matches!(
        import_bytes("head", &head, &ImportOptions::default()),
        Ok(_) | Err(ImportError::Needs { .. } | ImportError::NoUsableRow { .. })
    )
}

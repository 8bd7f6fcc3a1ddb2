//! Spreadsheet-shaped files read into a grid of text cells, whatever they came as: CSV in any
//! common encoding and delimiter, or an Excel workbook's sheet (read with calamine). Every cell
//! remembers where it was, so an error can name the line or cell a person would look at.

use std::fmt;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader};

use super::display;

/// A header cell reduced to lowercase letters and digits, so headings match whatever their
/// case, spacing, punctuation or line breaks: "Authentication-\nInternational" →
/// "authenticationinternational".
pub fn header_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where a cell is: `rates.csv:7: column C "Marketing"` or
/// `rates.xlsx: sheet "List rates", cell C7 "Marketing"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    /// The sheet of a workbook; `None` for CSV.
    pub sheet: Option<String>,
    /// 1-based line of the CSV record, or row of the sheet.
    pub row: usize,
    /// 0-based column.
    pub column: Option<usize>,
    /// The column's header, when known.
    pub header: Option<String>,
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            None => {
                write!(f, "{}:{}", self.file, self.row)?;
                if let Some(c) = self.column {
                    write!(f, ": column {}", column_letters(c))?;
                }
            }
            Some(sheet) => {
                write!(f, "{}: sheet {sheet:?}", self.file)?;
                match self.column {
                    Some(c) => write!(f, ", cell {}{}", column_letters(c), self.row)?,
                    None => write!(f, ", row {}", self.row)?,
                }
            }
        }
        if let Some(h) = &self.header {
            write!(f, " {h:?}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// 1-based line (CSV, where the record starts) or sheet row.
    pub number: usize,
    pub cells: Vec<String>,
}

impl GridRow {
    /// The trimmed text of a cell ("" past the end of the row).
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", |c| c.trim())
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// A table of text cells from one CSV file or one sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub file: String,
    pub sheet: Option<String>,
    pub rows: Vec<GridRow>,
}

impl Grid {
    pub fn place(&self, row: usize, column: Option<usize>, header: Option<&str>) -> Place {
        Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column,
            header: header.map(str::to_string),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct SheetError {
    pub file: String,
    pub message: String,
}

/// Whether the bytes are a zip container (XLSX, ODS) or an old Excel compound file.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || is_empty_zip(bytes)
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Text of a CSV file in any of the encodings spreadsheets write: UTF-8 (with or without a
/// byte-order mark), UTF-16 with a mark, else Windows-1252.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The delimiter that splits the file's lines most consistently into more than one field.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(40)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        // Lines with the most fields of this delimiter (quotes ignored: a rough count suffices).
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|&b| b == d).count())
            .collect();
        let max = counts.iter().copied().max().unwrap_or(0);
        let score = counts.iter().filter(|&&c| c == max && max > 0).count() * max;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Reads CSV text into a grid; `file` names it in errors.
pub fn read_csv(file: &str, bytes: &[u8]) -> Result<Grid, SheetError> {
    if bytes.contains(&0) && !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF])
    {
        return Err(SheetError {
            file: file.to_string(),
            message: "this is not a text file (it contains NUL bytes); expected a CSV or XLSX file"
                .into(),
        });
    }
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| SheetError {
            file: match e.position() {
                Some(p) => format!("{file}:{}", p.line()),
                None => file.to_string(),
            },
            message: e.to_string(),
        })?;
        // The reader's line counts the blank lines it skipped before the record; count from
        // the first byte of the record itself instead.
        let number = record.position().map_or(rows.len() + 1, |p| {
            let mut at = p.byte() as usize;
            while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
                at += 1;
            }
            line_starts.partition_point(|&start| start <= at)
        });
        rows.push(GridRow {
            number,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(Grid {
        file: file.to_string(),
        sheet: None,
        rows,
    })
}

/// The most rows and columns a sheet of a rate file may use. Meta's own files end before
/// column R and row 200; a cell far beyond (one stray entry at XFD1048576) would otherwise ask
/// for a grid of billions of cells.
pub const MAX_SHEET_ROWS: u32 = 2_000;
pub const MAX_SHEET_COLUMNS: u32 = 64;
/// The most bytes one part of a workbook (a sheet, the shared strings) may unpack to, checked
/// against the size the zip declares before anything is unpacked (the zip reader refuses a
/// part that unpacks to more than it declared). Meta's whole workbook unpacks to about 35 KB.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The longest cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most text one workbook may hold once read (shared strings can repeat one long text in
/// many cells, so this is counted on the cells, not the file).
pub const MAX_WORKBOOK_TEXT: usize = 16 * 1024 * 1024;
/// The most distinct shared strings a workbook may announce (the reader reserves room for
/// them before reading any).
const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// A workbook the reader cannot make sense of (calamine panicked on it, or its cells lie
/// beyond Excel's limits): refused like any other bad file.
fn damaged(file: &str) -> SheetError {
    SheetError {
        file: file.to_string(),
        message: "not a readable Excel workbook: the file is damaged (a cell reference or \
                  structure the reader cannot follow)"
            .into(),
    }
}

/// Runs the workbook reader, turning a panic inside it (arithmetic overflow on a crafted cell
/// reference, found by fuzzing) into an error without printing it: the user gets the "damaged"
/// message, not a backtrace. The panic hook is process-wide, so quiet calls take turns.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.map_err(|_| ())
}

/// Checks what each part of a zip declares it unpacks to, before any part is unpacked, and how
/// many shared strings the workbook announces.
fn check_parts(file: &str, bytes: &[u8]) -> Result<(), SheetError> {
    let fail = |message: String| SheetError {
        file: file.to_string(),
        message,
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| fail(format!("not a readable Excel workbook: {e}")))?;
    let mut shared = None;
    for i in 0..zip.len() {
        let part = zip
            .by_index_raw(i)
            .map_err(|e| fail(format!("not a readable Excel workbook: {e}")))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if part.size() > MAX_PART_BYTES {
            return Err(fail(format!(
                "the workbook's part {:?} would unpack to {} bytes; wacost reads parts of at most 64 MB \
                 (Meta's whole rate file unpacks to well under 1 MB): this is not Meta's file, or it is damaged",
                display::clip(&name),
                part.size()
            )));
        }
        if name.ends_with("sharedStrings.xml") {
            shared = Some(i);
        }
    }
    if let Some(i) = shared {
        use std::io::Read as _;
        let mut head = Vec::new();
        let part = zip
            .by_index(i)
            .map_err(|e| fail(format!("not a readable Excel workbook: {e}")))?;
        let _ = part.take(4096).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head);
        let count = head
            .find("uniqueCount=\"")
            .map(|at| &head[at + "uniqueCount=\"".len()..])
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.trim().parse::<u64>().ok());
        if let Some(n) = count
            && n > MAX_SHARED_STRINGS
        {
            return Err(fail(format!(
                "the workbook announces {n} distinct texts; a rate file has a few hundred: this is not Meta's file, or it is damaged"
            )));
        }
    }
    Ok(())
}

/// The names of a workbook's sheets and a reader for them. Only Excel's .xlsx format is read:
/// it is what Meta publishes, and its cells can be read one at a time.
pub struct Workbook {
    file: String,
    book: calamine::Xlsx<Cursor<Vec<u8>>>,
    /// Characters of cell text still allowed (see [`MAX_WORKBOOK_TEXT`]).
    text_left: usize,
}

impl Workbook {
    pub fn open(file: &str, bytes: Vec<u8>) -> Result<Workbook, SheetError> {
        let fail = |message: &str| SheetError {
            file: file.to_string(),
            message: message.to_string(),
        };
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(fail(
                "an old-style Excel workbook (.xls): wacost reads .xlsx and CSV files; \
                 open it in a spreadsheet and save it as .xlsx or CSV",
            ));
        }
        if is_empty_zip(&bytes) {
            return Err(fail(
                "an empty zip archive, not an Excel workbook: it holds no sheets",
            ));
        }
        check_parts(file, &bytes)?;
        let opened =
            quietly(|| calamine::Xlsx::new(Cursor::new(bytes))).map_err(|_| damaged(file))?;
        let book = opened.map_err(|e| SheetError {
            file: file.to_string(),
            message: format!("not a readable Excel workbook: {e}"),
        })?;
        Ok(Workbook {
            file: file.to_string(),
            book,
            text_left: MAX_WORKBOOK_TEXT,
        })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// One sheet as text cells, read one cell at a time: a cell beyond [`MAX_SHEET_ROWS`] ×
    /// [`MAX_SHEET_COLUMNS`], a cell longer than [`MAX_CELL_CHARS`] or more text than
    /// [`MAX_WORKBOOK_TEXT`] stops the reading with a message naming the sheet and the cell.
    /// Numbers are written as the shortest decimal that reads back to the same binary value,
    /// which is the figure Excel shows (0.0118, not 0.01179999...).
    pub fn grid(&mut self, sheet: &str) -> Result<Grid, SheetError> {
        let file = self.file.clone();
        let fail = |message: String| SheetError {
            file: file.clone(),
            message: format!("sheet {:?}: {message}", display::clip(sheet)),
        };
        let book = &mut self.book;
        let text_left = &mut self.text_left;
        // (row, column, text) of every cell that holds something.
        let read = quietly(|| -> Result<Vec<(u32, u32, String)>, SheetError> {
            let mut reader = book
                .worksheet_cells_reader(sheet)
                .map_err(|e| fail(e.to_string()))?;
            let mut cells = Vec::new();
            while let Some(cell) = reader.next_cell().map_err(|e| fail(e.to_string()))? {
                let (row, column) = cell.get_position();
                let value = cell.get_value();
                if matches!(value, DataRef::Empty) {
                    continue;
                }
                let at = format!("{}{}", column_letters(column as usize), u64::from(row) + 1);
                if row >= MAX_SHEET_ROWS || column >= MAX_SHEET_COLUMNS {
                    return Err(fail(format!(
                        "uses cell {at}; a rate file needs at most {} rows and {} columns \
                         (Meta's own files end before column R and row 200), so this is not Meta's file \
                         or something was typed far outside the table: delete that cell",
                        MAX_SHEET_ROWS, MAX_SHEET_COLUMNS
                    )));
                }
                let text = match value {
                    DataRef::SharedString(s) => (*s).to_string(),
                    DataRef::String(s) => s.clone(),
                    other => cell_text(&Data::from(other.clone())),
                };
                let chars = text.chars().count();
                if chars > MAX_CELL_CHARS {
                    return Err(fail(format!(
                        "cell {at} holds {chars} characters; a cell holds at most {MAX_CELL_CHARS}"
                    )));
                }
                *text_left = text_left.checked_sub(text.len()).ok_or_else(|| {
                    fail(format!(
                        "the cells up to {at} hold more than {} MB of text; a rate file holds a few kilobytes",
                        MAX_WORKBOOK_TEXT >> 20
                    ))
                })?;
                cells.push((row, column, text));
            }
            Ok(cells)
        })
        .map_err(|_| damaged(&self.file))??;
        let Some(top) = read.iter().map(|c| c.0).min() else {
            return Ok(Grid {
                file: self.file.clone(),
                sheet: Some(sheet.to_string()),
                rows: Vec::new(),
            });
        };
        let bottom = read.iter().map(|c| c.0).max().unwrap_or(top);
        let width = read.iter().map(|c| c.1 as usize + 1).max().unwrap_or(0);
        // Every row from the first used to the last, each as wide as the widest, as Excel
        // lays them out.
        let mut rows: Vec<GridRow> = (top..=bottom)
            .map(|r| GridRow {
                number: r as usize + 1,
                cells: vec![String::new(); width],
            })
            .collect();
        for (row, column, text) in read {
            rows[(row - top) as usize].cells[column as usize] = text;
        }
        Ok(Grid {
            file: self.file.clone(),
            sheet: Some(sheet.to_string()),
            rows,
        })
    }
}

/// An empty zip archive: nothing but the end-of-archive record.
fn is_empty_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x05\x06")
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The shortest decimal text of a float, without exponent.
pub fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    format!("{f}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(6), "G");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16), "Q");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn places_read_like_a_spreadsheet() {
        let csv = Grid {
            file: "r.csv".into(),
            sheet: None,
            rows: vec![],
        };
        assert_eq!(
            csv.place(7, Some(2), Some("Marketing")).to_string(),
            "r.csv:7: column C \"Marketing\""
        );
        let xlsx = Grid {
            file: "r.xlsx".into(),
            sheet: Some("List rates".into()),
            rows: vec![],
        };
        assert_eq!(
            xlsx.place(7, Some(2), None).to_string(),
            "r.xlsx: sheet \"List rates\", cell C7"
        );
    }

    #[test]
    fn csv_in_any_encoding_and_delimiter_reads_the_same() {
        let want = vec![
            vec!["Market", "Rate"],
            vec!["Côte d'Ivoire", "0,5"],
            vec!["India", "0.0118"],
        ];
        let utf8 = "Market;Rate\nCôte d'Ivoire;\"0,5\"\nIndia;0.0118\n";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(utf8.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in utf8.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let cp1252: Vec<u8> = utf8
            .chars()
            .map(|c| if c == 'ô' { 0xF4 } else { c as u8 })
            .collect();
        let tabs = utf8.replace(';', "\t");
        for bytes in [
            utf8.as_bytes().to_vec(),
            bom,
            utf16,
            cp1252,
            tabs.into_bytes(),
        ] {
            let grid = read_csv("x.csv", &bytes).unwrap();
            let cells: Vec<Vec<&str>> = grid
                .rows
                .iter()
                .map(|r| r.cells.iter().map(String::as_str).collect())
                .collect();
            assert_eq!(cells, want);
        }
    }

    #[test]
    fn records_know_the_line_they_start_on() {
        let grid = read_csv(
            "x.csv",
            b"title\n\nMarket,\"Authentication-\nInternational\"\nIndia,0.03\n",
        )
        .unwrap();
        let numbers: Vec<usize> = grid.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 5]);
        assert_eq!(grid.rows[1].cell(1), "Authentication-\nInternational");
    }

    #[test]
    fn binary_garbage_is_refused_not_misread() {
        let e = read_csv("x.csv", &[0x00, 0x01, 0x02, 0xFF]).unwrap_err();
        assert!(e.to_string().contains("not a text file"), "{e}");
        let e = Workbook::open("x.xlsx", b"PK\x03\x04 truncated".to_vec())
            .err()
            .unwrap();
        assert!(
            e.to_string().contains("not a readable Excel workbook"),
            "{e}"
        );
    }

    #[test]
    fn floats_print_as_excel_shows_them() {
        assert_eq!(float_text(0.0118), "0.0118");
        assert_eq!(float_text(100000.0), "100000");
        assert_eq!(float_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_text(1234.5), "1234.5");
    }
}

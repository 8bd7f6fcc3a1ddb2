//! Spreadsheet-shaped files read into a grid of text cells, whatever they came as: CSV in any
//! common encoding and delimiter, or an Excel workbook's sheet (read with calamine). Every cell
//! remembers where it was, so an error can name the line or cell a person would look at.

use std::fmt;
use std::io::Cursor;

use calamine::{Data, Reader};

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
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
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

/// Columns and rows an Excel sheet can have.
const EXCEL_COLUMNS: u32 = 16_384;
const EXCEL_ROWS: u32 = 1_048_576;

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

/// The names of a workbook's sheets and a reader for them.
pub struct Workbook {
    file: String,
    sheets: calamine::Sheets<Cursor<Vec<u8>>>,
}

impl Workbook {
    pub fn open(file: &str, bytes: Vec<u8>) -> Result<Workbook, SheetError> {
        let opened = quietly(|| calamine::open_workbook_auto_from_rs(Cursor::new(bytes)))
            .map_err(|_| damaged(file))?;
        let sheets = opened.map_err(|e| SheetError {
            file: file.to_string(),
            message: format!("not a readable Excel workbook: {e}"),
        })?;
        Ok(Workbook {
            file: file.to_string(),
            sheets,
        })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// One sheet as text cells. Numbers are written as the shortest decimal that reads back to
    /// the same binary value, which is the figure Excel shows (0.0118, not 0.01179999...).
    pub fn grid(&mut self, sheet: &str) -> Result<Grid, SheetError> {
        let sheets = &mut self.sheets;
        let read = quietly(|| sheets.worksheet_range(sheet)).map_err(|_| damaged(&self.file))?;
        let range = read.map_err(|e| SheetError {
            file: self.file.clone(),
            message: format!("sheet {sheet:?}: {e}"),
        })?;
        let (top, left) = range.start().unwrap_or((0, 0));
        // Excel's own limits: a cell beyond them is a damaged file, not a sheet to lay out.
        if left >= EXCEL_COLUMNS || top >= EXCEL_ROWS {
            return Err(damaged(&self.file));
        }
        let mut rows = Vec::new();
        for (i, row) in range.rows().enumerate() {
            let mut cells = vec![String::new(); left as usize];
            cells.extend(row.iter().map(cell_text));
            rows.push(GridRow {
                number: top as usize + i + 1,
                cells,
            });
        }
        Ok(Grid {
            file: self.file.clone(),
            sheet: Some(sheet.to_string()),
            rows,
        })
    }
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

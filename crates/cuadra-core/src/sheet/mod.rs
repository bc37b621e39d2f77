//! The only module that touches calamine, csv and encoding_rs: bytes of any supported
//! spreadsheet in, a uniform grid of cells out. No `f64` leaves this module.
//!
//! - `Workbook::open(file_name, bytes)` detects the format by content (`sniff`: zip →
//!   xlsx/xlsm, then ods; OLE → xls, or an encrypted workbook; PDF, images, HTML and binary
//!   files are refused by what they look like; else CSV: UTF-8 with/without BOM or
//!   Windows-1252, `;` or `,` separated), within the limits of `limits`.
//! - `Sheet::cell(row_idx, col_idx)` uses *absolute* 0-based indices: row_idx 0 is the
//!   spreadsheet's row 1 even when the used range starts lower.
//! - Numbers become `Decimal` exactly as the spreadsheet stores them (integers stay integers,
//!   `1234.5` stays `1234.5`), date cells become `Date`.
//!
//! Memory: a large libro is 100,000 rows × 80 columns and the browser tab must stay under
//! 1 GB, so cells are converted on access instead of copying the grid. xlsx sheets stream
//! into a compact grid (`xlsx.rs`), read by a dedicated byte scanner (`fast_xlsx/`) that
//! falls back to calamine's cell reader for anything it does not fully understand; xls and ods keep calamine's own `Range<Data>`; a CSV
//! keeps one text buffer holding every field plus one `u32` end offset per field
//! (`csv_grid.rs`).

use std::str::FromStr;

use calamine::{Data, Range};
use rust_decimal::Decimal;

use crate::error::{InputError, InputErrorKind, SizeLimit};
use crate::values::date::Date;

mod csv_grid;
mod fast_xlsx;
pub(crate) mod limits;
mod ole;
mod open;
mod sniff;
mod xlsx;

use self::csv_grid::CsvGrid;
use self::open::{open_zip, read_all_sheets};
use self::sniff::Format;
use self::xlsx::CompactGrid;

/// One cell, borrowed from its sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(Decimal),
    Date(Date),
    Bool(bool),
    /// A formula error such as `#N/A`.
    Error,
}

impl Cell<'_> {
    /// Blank: empty, or text made only of white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// The grid behind a sheet.
enum Grid {
    Calamine(Range<Data>),
    Csv(CsvGrid),
    Compact(CompactGrid),
}

/// One sheet of a workbook.
pub struct Sheet {
    pub name: String,
    grid: Grid,
}

impl Sheet {
    /// Rows, counting from spreadsheet row 1.
    pub fn n_rows(&self) -> usize {
        match &self.grid {
            Grid::Calamine(range) => range.end().map_or(0, |(row, _)| row as usize + 1),
            Grid::Csv(csv) => csv.n_rows(),
            Grid::Compact(grid) => grid.n_rows(),
        }
    }

    /// Columns, counting from spreadsheet column A.
    pub fn n_cols(&self) -> usize {
        match &self.grid {
            Grid::Calamine(range) => range.end().map_or(0, |(_, col)| col as usize + 1),
            Grid::Csv(csv) => csv.n_cols,
            Grid::Compact(grid) => grid.n_cols(),
        }
    }

    pub fn cell(&self, row_idx: usize, col_idx: usize) -> Cell<'_> {
        match &self.grid {
            Grid::Calamine(range) => {
                let (Ok(row), Ok(col)) = (u32::try_from(row_idx), u32::try_from(col_idx)) else {
                    return Cell::Empty;
                };
                range
                    .get_value((row, col))
                    .map_or(Cell::Empty, convert_data)
            }
            Grid::Csv(csv) => csv.cell(row_idx, col_idx),
            Grid::Compact(grid) => grid.cell(row_idx, col_idx),
        }
    }

    /// Whether every cell of the row is blank.
    pub fn is_blank_row(&self, row_idx: usize) -> bool {
        (0..self.n_cols()).all(|col_idx| self.cell(row_idx, col_idx).is_blank())
    }
}

/// Converts one calamine value. Floats go through an exact path: integral values (the common
/// case: pesos, RUTs) convert directly, others through the shortest text that round-trips
/// the `f64`, so `1234.5` stays `1234.5` and never becomes `1234.49999…`.
fn convert_data(data: &Data) -> Cell<'_> {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => {
            if text.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(text)
            }
        }
        Data::Int(value) => Cell::Number(Decimal::from(*value)),
        Data::Float(value) => float_to_decimal(*value).map_or(Cell::Error, Cell::Number),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(date_time) => {
            if date_time.is_datetime() {
                // A serial outside Excel's dates stays a number (see `excel_date`).
                excel_date(date_time).map_or_else(
                    || float_to_decimal(date_time.as_f64()).map_or(Cell::Error, Cell::Number),
                    Cell::Date,
                )
            } else {
                // A duration (`[hh]:mm`): keep the number of days it stores.
                float_to_decimal(date_time.as_f64()).map_or(Cell::Error, Cell::Number)
            }
        }
        Data::DateTimeIso(text) => Date::parse(text).map_or(Cell::Text(text), Cell::Date),
        Data::DurationIso(text) => Cell::Text(text),
        Data::Error(_) => Cell::Error,
    }
}

/// The calendar day of a date cell: the integral part of the serial (the time of day is
/// dropped). calamine knows whether the workbook uses the 1904 date system; when its
/// calendar day is the 1900-system reading of the serial plus the 1462 days between the
/// two epochs, the workbook is a 1904 one.
///
/// `None` for a serial that is no date Excel shows (see `Date::from_excel_serial`):
/// calamine clamps those to 1899-12-31 or 9999-12-31, which would pass silently for a
/// real date; the caller keeps the number so a reader names the cell in a warning.
fn excel_date(date_time: &calamine::ExcelDateTime) -> Option<Date> {
    let serial = date_time.as_f64();
    if !serial.is_finite() || serial.abs() > 1e9 {
        return None;
    }
    let serial = serial.floor() as i64;
    let date_1900 = Date::from_excel_serial(serial);
    let date_1904 = Date::from_excel_serial(serial + 1462);
    let (year, month, day, ..) = date_time.to_ymd_hms_milli();
    let date_calamine = Date::new(i32::from(year), month, day);
    match date_calamine {
        Some(date) if date_1904 == Some(date) && date_1900 != Some(date) => Some(date),
        _ => date_1900,
    }
}

/// A binary float as the decimal the spreadsheet showed. `None` for NaN, infinities and
/// magnitudes a `Decimal` cannot hold.
fn float_to_decimal(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    // 2^53: every integer below it is exact in an f64.
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        return Some(Decimal::from(value as i64));
    }
    // Rust's `Display` for f64 prints the shortest text that round-trips, never in
    // exponent form; a stack buffer avoids one allocation per cell.
    let mut buffer = StackText::default();
    std::fmt::Write::write_fmt(&mut buffer, format_args!("{value}")).ok()?;
    Decimal::from_str(buffer.as_str())
        .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
        .ok()
}

/// A fixed-size text buffer for formatting one number; writing past its end fails.
struct StackText {
    bytes: [u8; 64],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            bytes: [0; 64],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        let end = self.len + text.len();
        if end > self.bytes.len() {
            return Err(std::fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A whole workbook (a CSV is a workbook of one sheet named after the file).
pub struct Workbook {
    pub sheets: Vec<Sheet>,
    /// What the user must know about the file as a whole or a sheet of it, though it was
    /// read: a damaged sheet, undecodable bytes in a CSV line. The slot readers add them to
    /// the file's input warnings.
    pub warnings: Vec<SheetWarning>,
}

/// A finding of the opening itself, before any slot reads the cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetWarning {
    pub sheet: String,
    /// 1-based; 0 for the whole sheet.
    pub row_number: u32,
    /// Spanish, lowercase, without the file and sheet (the reader adds them).
    pub message: String,
}

fn open_error(file_name: &str, sheet: Option<&str>, kind: InputErrorKind) -> InputError {
    InputError {
        file: file_name.to_string(),
        sheet: sheet.map(str::to_string),
        kind,
    }
}

/// Which reader opens an xlsx workbook. A test and benchmark hook: the product always uses
/// `Auto`. Other formats ignore it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XlsxPath {
    /// The fast scanner, falling back to calamine for anything it does not understand.
    Auto,
    /// calamine's cell reader only (the reference the fast scanner is tested against).
    Calamine,
    /// The fast scanner only: an error where `Auto` would fall back.
    FastOnly,
}

impl Workbook {
    pub fn open(file_name: &str, bytes: &[u8]) -> Result<Workbook, InputError> {
        Workbook::open_with(file_name, bytes, XlsxPath::Auto)
    }

    /// `open` with a chosen xlsx reader (see `XlsxPath`).
    #[doc(hidden)]
    pub fn open_with(
        file_name: &str,
        bytes: &[u8],
        xlsx_path: XlsxPath,
    ) -> Result<Workbook, InputError> {
        let error = |kind| open_error(file_name, None, kind);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(error(InputErrorKind::Empty));
        }
        match sniff::sniff(bytes) {
            Format::Zip => open_zip(file_name, bytes, xlsx_path),
            Format::Ole => {
                match ole::max_sheet_cells(bytes) {
                    None => return Err(error(InputErrorKind::UnreadableXls)),
                    Some(n_cells) if n_cells > limits::MAX_CELLS => {
                        return Err(error(InputErrorKind::TooLarge {
                            limit: SizeLimit::Cells {
                                max_cells: limits::MAX_CELLS,
                            },
                        }))
                    }
                    Some(_) => {}
                }
                let mut xls = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(
                    ole::ZeroTail::new(bytes),
                )
                .map_err(|open_failure| {
                    error(match open_failure {
                        calamine::XlsError::Password => InputErrorKind::PasswordProtected,
                        _ => InputErrorKind::UnreadableXls,
                    })
                })?;
                read_all_sheets(file_name, &mut xls)
            }
            Format::EncryptedOle => Err(error(InputErrorKind::PasswordProtected)),
            Format::NotASpreadsheet(looks_like) => {
                Err(error(InputErrorKind::NotASpreadsheet { looks_like }))
            }
            Format::Text => {
                if bytes.len() as u64 > limits::MAX_CSV_BYTES {
                    return Err(error(InputErrorKind::TooLarge {
                        limit: SizeLimit::CsvBytes {
                            max_bytes: limits::MAX_CSV_BYTES,
                        },
                    }));
                }
                let name = csv_grid::csv_sheet_name(file_name);
                let (grid, warnings) = csv_grid::read_csv(file_name, &name, bytes)?;
                Ok(Workbook {
                    sheets: vec![Sheet {
                        name,
                        grid: Grid::Csv(grid),
                    }],
                    warnings,
                })
            }
        }
    }

    /// Sheet names in workbook order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|sheet| sheet.name.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).expect("decimal literal")
    }

    #[test]
    fn floats_convert_exactly() {
        assert_eq!(float_to_decimal(123_456_785.0), Some(d("123456785")));
        assert_eq!(
            float_to_decimal(123_456_785.0).map(|v| v.to_string()),
            Some("123456785".into())
        );
        assert_eq!(float_to_decimal(1234.5), Some(d("1234.5")));
        assert_eq!(float_to_decimal(0.1 + 0.2), Some(d("0.30000000000000004")));
        assert_eq!(float_to_decimal(-0.5), Some(d("-0.5")));
        assert_eq!(float_to_decimal(f64::NAN), None);
    }

    #[test]
    fn csv_semicolon_windows_1252_with_blank_lines() {
        let bytes = b"Reporte;;\r\n\r\nRut;Nombre;D\xedas\r\n12345678-5;Jos\xe9;1,5\r\n";
        let workbook = Workbook::open("ausentismos.csv", bytes).expect("csv");
        let sheet = &workbook.sheets[0];
        assert_eq!(sheet.name, "ausentismos");
        assert_eq!(sheet.n_rows(), 4);
        assert_eq!(sheet.n_cols(), 3);
        assert_eq!(sheet.cell(0, 0), Cell::Text("Reporte"));
        assert_eq!(sheet.cell(0, 1), Cell::Empty);
        assert!(sheet.is_blank_row(1));
        assert_eq!(sheet.cell(2, 2), Cell::Text("Días"));
        assert_eq!(sheet.cell(3, 1), Cell::Text("José"));
        assert_eq!(sheet.cell(3, 2), Cell::Text("1,5"));
        assert_eq!(sheet.cell(9, 9), Cell::Empty);
    }

    #[test]
    fn csv_comma_utf8_bom_with_quotes() {
        let bytes = "\u{feff}Rut,Nombre,Monto\n\"12.345.678-5\",\"Muñoz, Ana\",\"1.234,50\"\n";
        let workbook = Workbook::open("x.csv", bytes.as_bytes()).expect("csv");
        let sheet = &workbook.sheets[0];
        assert_eq!(sheet.cell(0, 0), Cell::Text("Rut"));
        assert_eq!(sheet.cell(1, 1), Cell::Text("Muñoz, Ana"));
        assert_eq!(sheet.cell(1, 2), Cell::Text("1.234,50"));
        assert_eq!(sheet.n_rows(), 2);
    }

    #[test]
    fn csv_row_numbers_survive_crlf_blank_lines_and_quoted_newlines() {
        let bytes = "a;b\r\n\"x\r\ny\";c\r\n\r\n\r\nlast;1";
        let workbook = Workbook::open("x.csv", bytes.as_bytes()).expect("csv");
        let sheet = &workbook.sheets[0];
        assert_eq!(sheet.n_rows(), 5);
        assert_eq!(sheet.cell(1, 0), Cell::Text("x\r\ny"));
        assert!(sheet.is_blank_row(2) && sheet.is_blank_row(3));
        assert_eq!(sheet.cell(4, 0), Cell::Text("last"));
    }

    #[test]
    fn xlsx_absolute_positions_numbers_and_dates() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let worksheet = workbook.add_worksheet();
        worksheet.set_name("Libro").expect("name");
        worksheet.write_string(2, 1, "Rut").expect("write");
        worksheet.write_number(3, 1, 123_456_785.0).expect("write");
        worksheet.write_number(3, 2, 1234.5).expect("write");
        let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 3, 4).expect("date");
        worksheet
            .write_datetime_with_format(3, 3, &date, &format)
            .expect("write");
        let bytes = workbook.save_to_buffer().expect("save");
        let workbook = Workbook::open("libro.xlsx", &bytes).expect("xlsx");
        let sheet = &workbook.sheets[0];
        assert_eq!(sheet.name, "Libro");
        assert_eq!(sheet.n_rows(), 4);
        assert_eq!(sheet.n_cols(), 4);
        assert_eq!(sheet.cell(0, 0), Cell::Empty);
        assert_eq!(sheet.cell(2, 1), Cell::Text("Rut"));
        assert_eq!(sheet.cell(3, 1), Cell::Number(d("123456785")));
        assert_eq!(sheet.cell(3, 2), Cell::Number(d("1234.5")));
        assert_eq!(
            sheet.cell(3, 3),
            Cell::Date(Date::new(2025, 3, 4).expect("date"))
        );
    }

    #[test]
    fn xlsx_sparse_cells_in_the_compact_grid() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let worksheet = workbook.add_worksheet();
        worksheet.write_string(0, 0, "a").expect("write");
        worksheet.write_number(0, 5, 1.0).expect("write");
        worksheet.write_string(3, 2, "b").expect("write");
        worksheet.write_number(3, 4, -0.25).expect("write");
        worksheet.write_boolean(4, 1, true).expect("write");
        let bytes = workbook.save_to_buffer().expect("save");
        let workbook = Workbook::open("x.xlsx", &bytes).expect("xlsx");
        let sheet = &workbook.sheets[0];
        assert_eq!((sheet.n_rows(), sheet.n_cols()), (5, 6));
        assert_eq!(sheet.cell(0, 0), Cell::Text("a"));
        assert_eq!(sheet.cell(0, 3), Cell::Empty);
        assert_eq!(sheet.cell(0, 5), Cell::Number(d("1")));
        assert!(sheet.is_blank_row(1) && sheet.is_blank_row(2));
        assert_eq!(sheet.cell(3, 1), Cell::Empty);
        assert_eq!(sheet.cell(3, 2), Cell::Text("b"));
        assert_eq!(sheet.cell(3, 3), Cell::Empty);
        assert_eq!(sheet.cell(3, 4), Cell::Number(d("-0.25")));
        assert_eq!(sheet.cell(4, 1), Cell::Bool(true));
        assert_eq!(sheet.cell(9, 9), Cell::Empty);
    }

    #[test]
    fn unreadable_zip_is_an_error() {
        let error = Workbook::open("x.xlsx", b"PK\x03\x04garbage")
            .err()
            .expect("error");
        assert!(error.kind.to_string().contains("zip"), "{error}");
        assert_eq!(error.kind, InputErrorKind::UnreadableZip);
        let empty = Workbook::open("x.csv", b"").err().expect("error");
        assert_eq!(empty.kind, InputErrorKind::Empty);
    }
}

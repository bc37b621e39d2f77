//! The only module that touches calamine, csv and encoding_rs: bytes of any supported
//! spreadsheet in, a uniform grid of cells out. No `f64` leaves this module.
//!
//! - `Workbook::open(file_name, bytes)` detects the format by content (zip → xlsx/xlsm, then
//!   ods; OLE → xls; else CSV: UTF-8 with/without BOM or Windows-1252, `;` or `,` separated).
//! - `Sheet::cell(row_idx, col_idx)` uses *absolute* 0-based indices: row_idx 0 is the
//!   spreadsheet's row 1 even when the used range starts lower.
//! - Numbers become `Decimal` exactly as the spreadsheet stores them (integers stay integers,
//!   `1234.5` stays `1234.5`), date cells become `Date`.
//!
//! Memory: a large libro is 100,000 rows × 80 columns and the browser tab must stay under
//! 1 GB, so cells are converted on access instead of copying the grid. An xlsx sheet is
//! streamed from calamine's cell reader into a compact grid (16 bytes a cell, texts in one
//! buffer): calamine's `worksheet_range` would hold three copies of the grid at once (its
//! sparse cell list, a dense `Range<DataRef>`, then a `Range<Data>` with one `String` per
//! text cell). xls and ods keep calamine's own `Range<Data>`; a CSV keeps one text buffer
//! holding every field plus one `u32` end offset per field.

use std::io::Cursor;
use std::str::FromStr;

use calamine::{Data, Range, Reader};
use rust_decimal::Decimal;

use crate::model::InputError;
use crate::values::date::Date;

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
    Xlsx(XlsxGrid),
    Csv(CsvGrid),
}

/// One stored xlsx cell, converted to a [`Cell`] on access.
#[derive(Debug, Clone, Copy)]
enum StoredCell {
    Empty,
    Int(i64),
    Float(f64),
    /// `XlsxGrid::text[start..end]`.
    Text(u32, u32),
    /// An ISO 8601 date-time text, read as a date when it is one.
    DateTimeIso(u32, u32),
    Date(Date),
    Bool(bool),
    Error,
}

/// An xlsx sheet's used range, dense and row-major like calamine's `Range`: row `r`,
/// column `c` is `cells[(r - first_row) * width + (c - first_col)]`.
struct XlsxGrid {
    cells: Vec<StoredCell>,
    text: String,
    first_row: usize,
    first_col: usize,
    /// One past the last row and column holding a non-empty cell (absolute).
    end_row: usize,
    end_col: usize,
}

impl XlsxGrid {
    fn width(&self) -> usize {
        self.end_col - self.first_col
    }

    fn cell(&self, row_idx: usize, col_idx: usize) -> Cell<'_> {
        if row_idx < self.first_row
            || row_idx >= self.end_row
            || col_idx < self.first_col
            || col_idx >= self.end_col
        {
            return Cell::Empty;
        }
        let idx = (row_idx - self.first_row) * self.width() + (col_idx - self.first_col);
        match self.cells[idx] {
            StoredCell::Empty => Cell::Empty,
            StoredCell::Int(value) => Cell::Number(Decimal::from(value)),
            StoredCell::Float(value) => float_to_decimal(value).map_or(Cell::Error, Cell::Number),
            StoredCell::Text(start, end) => {
                let text = &self.text[start as usize..end as usize];
                if text.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(text)
                }
            }
            StoredCell::DateTimeIso(start, end) => {
                let text = &self.text[start as usize..end as usize];
                Date::parse(text).map_or(Cell::Text(text), Cell::Date)
            }
            StoredCell::Date(date) => Cell::Date(date),
            StoredCell::Bool(value) => Cell::Bool(value),
            StoredCell::Error => Cell::Error,
        }
    }

    /// Streams one worksheet. Like calamine's `worksheet_range`, empty cells are dropped and
    /// the used range spans the non-empty ones (an empty text cell counts as non-empty).
    fn read<RS: std::io::Read + std::io::Seek>(
        xlsx: &mut calamine::Xlsx<RS>,
        name: &str,
    ) -> Result<XlsxGrid, calamine::XlsxError> {
        let mut grid = XlsxGrid {
            cells: Vec::new(),
            text: String::new(),
            first_row: 0,
            first_col: 0,
            end_row: 0,
            end_col: 0,
        };
        let mut reader = match xlsx.worksheet_cells_reader(name) {
            Ok(reader) => reader,
            // A chart sheet: calamine's `worksheet_range` reads it as an empty range.
            Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(grid),
            Err(error) => return Err(error),
        };
        let too_large = || calamine::XlsxError::Unexpected("la hoja es demasiado grande");
        // Sparse first, in stream order; a dense grid once the used range is known.
        // The sheet's own `<dimension>` sizes the lists; it can be wrong, so it is only a
        // hint, capped so a bogus one cannot reserve gigabytes.
        let hint = usize::try_from(reader.dimensions().len())
            .unwrap_or(0)
            .min(10_000_000);
        let mut positions: Vec<(u32, u32)> = Vec::with_capacity(hint);
        let mut values: Vec<StoredCell> = Vec::with_capacity(hint);
        let (mut min_row, mut min_col, mut max_row, mut max_col) = (u32::MAX, u32::MAX, 0, 0);
        while let Some(cell) = reader.next_cell()? {
            let mut push_text = |text: &str| -> Result<(u32, u32), calamine::XlsxError> {
                let start = u32::try_from(grid.text.len()).map_err(|_| too_large())?;
                grid.text.push_str(text);
                let end = u32::try_from(grid.text.len()).map_err(|_| too_large())?;
                Ok((start, end))
            };
            let stored = match cell.get_value() {
                calamine::DataRef::Empty => continue,
                calamine::DataRef::Int(value) => StoredCell::Int(*value),
                calamine::DataRef::Float(value) => StoredCell::Float(*value),
                calamine::DataRef::String(text) | calamine::DataRef::DurationIso(text) => {
                    let (start, end) = push_text(text)?;
                    StoredCell::Text(start, end)
                }
                calamine::DataRef::SharedString(text) => {
                    let (start, end) = push_text(text)?;
                    StoredCell::Text(start, end)
                }
                calamine::DataRef::DateTimeIso(text) => {
                    let (start, end) = push_text(text)?;
                    StoredCell::DateTimeIso(start, end)
                }
                calamine::DataRef::Bool(value) => StoredCell::Bool(*value),
                calamine::DataRef::DateTime(date_time) => {
                    if date_time.is_datetime() {
                        excel_date(date_time).map_or(StoredCell::Error, StoredCell::Date)
                    } else {
                        // A duration (`[hh]:mm`): keep the number of days it stores.
                        StoredCell::Float(date_time.as_f64())
                    }
                }
                calamine::DataRef::Error(_) => StoredCell::Error,
            };
            let (row, col) = cell.get_position();
            min_row = min_row.min(row);
            min_col = min_col.min(col);
            max_row = max_row.max(row);
            max_col = max_col.max(col);
            positions.push((row, col));
            values.push(stored);
        }
        drop(reader);
        if values.is_empty() {
            return Ok(grid);
        }
        grid.first_row = min_row as usize;
        grid.first_col = min_col as usize;
        grid.end_row = max_row as usize + 1;
        grid.end_col = max_col as usize + 1;
        let width = grid.width();
        let n_cells = (grid.end_row - grid.first_row)
            .checked_mul(width)
            .ok_or_else(too_large)?;
        // A dense libro is the common case: its cells arrive in order, one per slot.
        if n_cells == values.len()
            && positions.iter().enumerate().all(|(idx, &(row, col))| {
                (row as usize - grid.first_row) * width + (col as usize - grid.first_col) == idx
            })
        {
            grid.cells = values;
        } else {
            grid.cells = vec![StoredCell::Empty; n_cells];
            for (&(row, col), value) in positions.iter().zip(values) {
                let idx = (row as usize - grid.first_row) * width + (col as usize - grid.first_col);
                grid.cells[idx] = value;
            }
        }
        grid.text.shrink_to_fit();
        Ok(grid)
    }
}

/// A CSV's fields: `text[field_ends[f - 1]..field_ends[f]]` is field `f`; row `r` holds
/// fields `row_starts[r]..row_starts[r + 1]`.
struct CsvGrid {
    text: String,
    field_ends: Vec<u32>,
    /// One entry per row plus a final sentinel.
    row_starts: Vec<u32>,
    n_cols: usize,
}

impl CsvGrid {
    fn n_rows(&self) -> usize {
        self.row_starts.len().saturating_sub(1)
    }

    fn cell(&self, row_idx: usize, col_idx: usize) -> Cell<'_> {
        if row_idx >= self.n_rows() {
            return Cell::Empty;
        }
        let first = self.row_starts[row_idx] as usize;
        let end = self.row_starts[row_idx + 1] as usize;
        let field_idx = first + col_idx;
        if field_idx >= end {
            return Cell::Empty;
        }
        let start = if field_idx == 0 {
            0
        } else {
            self.field_ends[field_idx - 1] as usize
        };
        let text = &self.text[start..self.field_ends[field_idx] as usize];
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }
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
            Grid::Xlsx(xlsx) => xlsx.end_row,
            Grid::Csv(csv) => csv.n_rows(),
        }
    }

    /// Columns, counting from spreadsheet column A.
    pub fn n_cols(&self) -> usize {
        match &self.grid {
            Grid::Calamine(range) => range.end().map_or(0, |(_, col)| col as usize + 1),
            Grid::Xlsx(xlsx) => xlsx.end_col,
            Grid::Csv(csv) => csv.n_cols,
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
            Grid::Xlsx(xlsx) => xlsx.cell(row_idx, col_idx),
            Grid::Csv(csv) => csv.cell(row_idx, col_idx),
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
                excel_date(date_time).map_or(Cell::Error, Cell::Date)
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
/// calendar day differs from the 1900-system reading by exactly the 1462 days between the
/// two epochs, the workbook is a 1904 one.
fn excel_date(date_time: &calamine::ExcelDateTime) -> Option<Date> {
    let serial = date_time.as_f64();
    if !serial.is_finite() {
        return None;
    }
    let serial = serial.floor() as i64;
    let date_1900 = Date::from_excel_serial(serial);
    let (year, month, day, ..) = date_time.to_ymd_hms_milli();
    let date_calamine = Date::new(i32::from(year), month, day);
    match (date_1900, date_calamine) {
        (Some(a), Some(b)) if b.days_since_epoch() - a.days_since_epoch() == 1462 => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
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
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

fn open_error(file_name: &str, sheet: Option<&str>, message: String) -> InputError {
    InputError {
        file: file_name.to_string(),
        sheet: sheet.map(str::to_string),
        message,
    }
}

impl Workbook {
    pub fn open(file_name: &str, bytes: &[u8]) -> Result<Workbook, InputError> {
        if bytes.is_empty() {
            return Err(open_error(
                file_name,
                None,
                "el archivo está vacío".to_string(),
            ));
        }
        if bytes.starts_with(ZIP_MAGIC) {
            match calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes)) {
                Ok(mut xlsx) => return read_xlsx_sheets(file_name, &mut xlsx),
                Err(_) => {
                    let mut ods =
                        calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes))
                            .map_err(|_| {
                                open_error(
                                    file_name,
                                    None,
                                    "el archivo es un zip pero no es una planilla xlsx, xlsm \
                                     ni ods legible"
                                        .to_string(),
                                )
                            })?;
                    return read_all_sheets(file_name, &mut ods);
                }
            }
        }
        if bytes.starts_with(OLE_MAGIC) {
            let mut xls =
                calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(bytes))
                    .map_err(|_| {
                        open_error(
                            file_name,
                            None,
                            "no se pudo leer el archivo como planilla xls".into(),
                        )
                    })?;
            return read_all_sheets(file_name, &mut xls);
        }
        let grid = read_csv(file_name, bytes)?;
        Ok(Workbook {
            sheets: vec![Sheet {
                name: csv_sheet_name(file_name),
                grid,
            }],
        })
    }

    /// Sheet names in workbook order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|sheet| sheet.name.clone()).collect()
    }
}

fn read_all_sheets<RS, R>(file_name: &str, reader: &mut R) -> Result<Workbook, InputError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    let names = reader.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = reader.worksheet_range(&name).map_err(|_| {
            open_error(
                file_name,
                Some(&name),
                "no se pudo leer la hoja".to_string(),
            )
        })?;
        sheets.push(Sheet {
            name,
            grid: Grid::Calamine(range),
        });
    }
    if sheets.is_empty() {
        return Err(open_error(
            file_name,
            None,
            "la planilla no tiene hojas".to_string(),
        ));
    }
    Ok(Workbook { sheets })
}

/// Every sheet of an xlsx, streamed into compact grids.
fn read_xlsx_sheets<RS>(
    file_name: &str,
    xlsx: &mut calamine::Xlsx<RS>,
) -> Result<Workbook, InputError>
where
    RS: std::io::Read + std::io::Seek,
{
    let names = xlsx.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let grid = XlsxGrid::read(xlsx, &name).map_err(|_| {
            open_error(
                file_name,
                Some(&name),
                "no se pudo leer la hoja".to_string(),
            )
        })?;
        sheets.push(Sheet {
            name,
            grid: Grid::Xlsx(grid),
        });
    }
    if sheets.is_empty() {
        return Err(open_error(
            file_name,
            None,
            "la planilla no tiene hojas".to_string(),
        ));
    }
    Ok(Workbook { sheets })
}

/// A CSV's one sheet is named after the file, without its extension.
fn csv_sheet_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => base.to_string(),
    }
}

/// UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252: a
/// Windows-1252 file with accents is almost never valid UTF-8, so the check is reliable.
fn decode_csv(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// `;` or `,`: the one that occurs more often outside quotes in the first lines. A `;` file
/// may carry decimal commas inside amounts (`1.234,50`), but every one of its lines carries
/// the separators, so counting over several lines decides well; ties go to `;`, the
/// separator Excel writes for a Spanish locale.
fn sniff_delimiter(text: &str) -> u8 {
    let (mut n_semicolons, mut n_commas) = (0usize, 0usize);
    let mut in_quotes = false;
    let mut n_lines = 0;
    for byte in text.bytes() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b';' if !in_quotes => n_semicolons += 1,
            b',' if !in_quotes => n_commas += 1,
            b'\n' if !in_quotes => {
                n_lines += 1;
                if n_lines >= 20 {
                    break;
                }
            }
            _ => {}
        }
    }
    if n_commas > n_semicolons {
        b','
    } else {
        b';'
    }
}

fn read_csv(file_name: &str, bytes: &[u8]) -> Result<Grid, InputError> {
    let text = decode_csv(bytes);
    let delimiter = sniff_delimiter(&text);
    let too_large = || open_error(file_name, None, "el archivo csv es demasiado grande".into());
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = CsvGrid {
        text: String::with_capacity(text.len()),
        field_ends: Vec::new(),
        row_starts: vec![0],
        n_cols: 0,
    };
    let mut record = csv::StringRecord::new();
    // The csv crate skips blank lines; spreadsheets count them as rows, and row numbers in
    // warnings must match what the analyst sees. Each read consumes the blank lines before
    // its record, so the newlines it consumed, minus the record's terminator and the ones
    // inside its quoted fields, are blank rows.
    let mut previous_ended_with_cr = false;
    loop {
        let before = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => {
                let line = reader.position().line();
                return Err(open_error(
                    file_name,
                    None,
                    format!("no se pudo leer el archivo csv cerca de la línea {line}"),
                ));
            }
        }
        let after = (reader.position().byte() as usize).min(text.len());
        let mut consumed = &text.as_bytes()[before.min(after)..after];
        // A `\r\n` terminator may be split across two reads: the `\n` then opens this one.
        if previous_ended_with_cr {
            consumed = consumed.strip_prefix(b"\n").unwrap_or(consumed);
        }
        previous_ended_with_cr = consumed.last() == Some(&b'\r');
        let inner_newlines: usize = record
            .iter()
            .map(|field| count_newlines(field.as_bytes()))
            .sum();
        let terminator = usize::from(matches!(consumed.last(), Some(b'\n' | b'\r')));
        // A final `\r` is a line break whose `\n` the next read consumes.
        let n_breaks = count_newlines(consumed) + usize::from(previous_ended_with_cr);
        let n_blank = n_breaks.saturating_sub(terminator + inner_newlines);
        for _ in 0..n_blank {
            let n_fields = grid.field_ends.len();
            grid.row_starts
                .push(u32::try_from(n_fields).map_err(|_| too_large())?);
        }
        for field in record.iter() {
            grid.text.push_str(field);
            grid.field_ends
                .push(u32::try_from(grid.text.len()).map_err(|_| too_large())?);
        }
        grid.n_cols = grid.n_cols.max(record.len());
        grid.row_starts
            .push(u32::try_from(grid.field_ends.len()).map_err(|_| too_large())?);
    }
    grid.text.shrink_to_fit();
    Ok(Grid::Csv(grid))
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn unreadable_zip_is_an_error() {
        let error = Workbook::open("x.xlsx", b"PK\x03\x04garbage")
            .err()
            .expect("error");
        assert!(error.message.contains("zip"), "{error}");
        assert!(Workbook::open("x.csv", b"").is_err());
    }
}

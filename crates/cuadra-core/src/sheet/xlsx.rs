//! xlsx sheets streamed cell by cell into a compact grid: only non-empty cells, 4 bytes of
//! column plus a 16-byte value each, text in one shared buffer.
//!
//! Why not calamine's `Range<Data>`: building it holds every cell twice (a sparse list of
//! positioned cells, then the dense range) at 32–40 bytes per cell. For the 100,000 × 80
//! libro that peaked at 614 MB natively; streaming into this grid keeps the peak near the
//! grid itself (~20 bytes per non-empty cell) and is also faster. The browser tab must stay
//! under 1 GB, and wasm memory never shrinks, so the peak is what counts.

use std::io::{Read, Seek};

use calamine::{DataRef, Xlsx};

use crate::error::SizeLimit;
use crate::values::date::Date;

use super::limits::{Budget, MAX_CELLS};

use super::{excel_date, float_to_decimal, Cell};

/// One stored value. Numbers stay `f64` until accessed (`float_to_decimal`), so storing
/// them costs nothing and converting happens once per read.
#[derive(Debug, Clone, Copy)]
enum Value {
    Float(f64),
    Int(i64),
    /// `text[start..start + len]`.
    Text {
        start: u32,
        len: u32,
    },
    Date(Date),
    Bool(bool),
    Error,
}

/// Why streaming a sheet through calamine stopped.
pub(super) enum StreamStop {
    /// calamine could not read the sheet's cells.
    Calamine,
    Limit(SizeLimit),
}

/// 10,000,000 cells: a 100,000 × 100 sheet.
const MAX_RESERVED_CELLS: u64 = 10_000_000;

pub(super) struct CompactGrid {
    /// Absolute index of the first stored row.
    first_row: usize,
    /// For stored row `r` (relative to `first_row`), its cells are
    /// `cols[row_starts[r]..row_starts[r + 1]]`, sorted by column.
    row_starts: Vec<u32>,
    cols: Vec<u32>,
    values: Vec<Value>,
    text: String,
    n_cols: usize,
}

impl CompactGrid {
    /// Streams one sheet. `Ok(None)` when the sheet's cells are not in row/column order
    /// (allowed by the format, never written by Excel, Talana or rust_xlsxwriter): the
    /// caller then falls back to calamine's `Range`.
    /// Cells and rows are bounded as in the fast scanner (`limits`).
    pub(super) fn read<RS: Read + Seek>(
        xlsx: &mut Xlsx<RS>,
        name: &str,
    ) -> Result<Option<CompactGrid>, StreamStop> {
        let mut reader = xlsx
            .worksheet_cells_reader(name)
            .map_err(|_| StreamStop::Calamine)?;
        let mut grid = CompactGrid::with_declared_cells(reader.dimensions().len());
        let mut last: Option<(u32, u32)> = None;
        let budget = Budget::new();
        while let Some(cell) = reader.next_cell().map_err(|_| StreamStop::Calamine)? {
            let (row, _) = cell.get_position();
            if !budget.check_sheet(grid.n_cells(), u64::from(row)) {
                return Err(StreamStop::Limit(
                    budget
                        .exceeded()
                        .expect("check_sheet records the limit it refuses"),
                ));
            }
            if !grid.push_cell(&mut last, cell.get_position(), cell.get_value()) {
                return Ok(None);
            }
        }
        grid.finish();
        Ok(Some(grid))
    }

    /// Streams a sheet once more for the bounding box of its cells, which calamine's dense
    /// `Range` will allocate: past `MAX_CELLS` it is a limit, not an allocation.
    pub(super) fn check_extent<RS: Read + Seek>(
        xlsx: &mut Xlsx<RS>,
        name: &str,
    ) -> Result<(), StreamStop> {
        let mut reader = xlsx
            .worksheet_cells_reader(name)
            .map_err(|_| StreamStop::Calamine)?;
        let (mut first, mut last) = ((u32::MAX, u32::MAX), (0u32, 0u32));
        while let Some(cell) = reader.next_cell().map_err(|_| StreamStop::Calamine)? {
            let (row, col) = cell.get_position();
            first = (first.0.min(row), first.1.min(col));
            last = (last.0.max(row), last.1.max(col));
        }
        if first.0 > last.0 {
            return Ok(());
        }
        let dense = u64::from(last.0 - first.0 + 1) * u64::from(last.1 - first.1 + 1);
        if dense > MAX_CELLS {
            return Err(StreamStop::Limit(SizeLimit::Cells {
                max_cells: MAX_CELLS,
            }));
        }
        Ok(())
    }

    /// An empty grid with room for what the sheet's declared dimension announces, so the
    /// vectors do not double past it (a doubling briefly holds both copies). A bogus huge
    /// dimension (`A1:XFD1048576`) gets no reservation rather than a giant one.
    pub(super) fn with_declared_cells(declared: u64) -> CompactGrid {
        let mut grid = CompactGrid {
            first_row: 0,
            row_starts: vec![0],
            cols: Vec::new(),
            values: Vec::new(),
            text: String::new(),
            n_cols: 0,
        };
        if declared <= MAX_RESERVED_CELLS {
            let declared = usize::try_from(declared).unwrap_or(0);
            grid.cols.reserve(declared);
            grid.values.reserve(declared);
        }
        grid
    }

    /// Stores one cell as calamine's cell reader reports it (empty values and empty text
    /// are skipped). Both xlsx paths (calamine's reader and `fast_xlsx`) go through here,
    /// so a value converts the same way whichever path read it. `false` when the cell is
    /// out of order.
    pub(super) fn push_cell(
        &mut self,
        last: &mut Option<(u32, u32)>,
        position: (u32, u32),
        value: &DataRef<'_>,
    ) -> bool {
        let value = match value {
            DataRef::Empty => return true,
            DataRef::Int(value) => Value::Int(*value),
            DataRef::Float(value) => Value::Float(*value),
            DataRef::Bool(value) => Value::Bool(*value),
            DataRef::Error(_) => Value::Error,
            DataRef::DateTime(date_time) => {
                if date_time.is_datetime() {
                    // A serial outside Excel's dates stays the number it is, so the reader
                    // that needs a date names the cell and its text in a warning.
                    excel_date(date_time).map_or(Value::Float(date_time.as_f64()), Value::Date)
                } else {
                    Value::Float(date_time.as_f64())
                }
            }
            DataRef::DateTimeIso(text) => match Date::parse(text) {
                Some(date) => Value::Date(date),
                None => self.push_text(text),
            },
            DataRef::String(text) | DataRef::DurationIso(text) => self.push_text(text),
            DataRef::SharedString(text) => self.push_text(text),
        };
        if let Value::Text { len: 0, .. } = value {
            return true;
        }
        self.place(last, position, value)
    }

    /// Releases the spare capacity once the sheet is read.
    pub(super) fn finish(&mut self) {
        self.text.shrink_to_fit();
        self.cols.shrink_to_fit();
        self.values.shrink_to_fit();
    }

    fn push_text(&mut self, text: &str) -> Value {
        let start = self.text.len();
        self.text.push_str(text);
        match (u32::try_from(start), u32::try_from(text.len())) {
            (Ok(start), Ok(len)) => Value::Text { start, len },
            _ => Value::Error,
        }
    }

    /// Appends a cell at its absolute position; `false` when out of order.
    fn place(&mut self, last: &mut Option<(u32, u32)>, position: (u32, u32), value: Value) -> bool {
        let (row, col) = position;
        match *last {
            None => self.first_row = row as usize,
            Some((last_row, last_col)) => {
                if row < last_row || (row == last_row && col <= last_col) {
                    return false;
                }
            }
        }
        // Open the rows up to this one (empty rows in between start and end here too);
        // the last entry is always the end of the last row.
        let relative_row = row as usize - self.first_row;
        let Ok(n_cells) = u32::try_from(self.values.len()) else {
            return false;
        };
        while self.row_starts.len() < relative_row + 2 {
            self.row_starts.push(n_cells);
        }
        self.cols.push(col);
        self.values.push(value);
        if let Some(end) = self.row_starts.last_mut() {
            *end = n_cells + 1;
        }
        self.n_cols = self.n_cols.max(col as usize + 1);
        *last = Some(position);
        true
    }

    /// Non-empty cells stored so far.
    pub(super) fn n_cells(&self) -> u64 {
        self.values.len() as u64
    }

    pub(super) fn n_rows(&self) -> usize {
        if self.values.is_empty() {
            0
        } else {
            self.first_row + self.row_starts.len() - 1
        }
    }

    pub(super) fn n_cols(&self) -> usize {
        self.n_cols
    }

    pub(super) fn cell(&self, row_idx: usize, col_idx: usize) -> Cell<'_> {
        let Some(relative_row) = row_idx.checked_sub(self.first_row) else {
            return Cell::Empty;
        };
        if relative_row + 1 >= self.row_starts.len() {
            return Cell::Empty;
        }
        let start = self.row_starts[relative_row] as usize;
        let end = self.row_starts[relative_row + 1] as usize;
        let cols = &self.cols[start..end];
        let Ok(col) = u32::try_from(col_idx) else {
            return Cell::Empty;
        };
        // Rows are usually dense from their first cell: try the direct slot first.
        let offset = match col.checked_sub(cols.first().copied().unwrap_or(0)) {
            Some(guess) if cols.get(guess as usize) == Some(&col) => guess as usize,
            _ => match cols.binary_search(&col) {
                Ok(offset) => offset,
                Err(_) => return Cell::Empty,
            },
        };
        match self.values[start + offset] {
            Value::Float(value) => float_to_decimal(value).map_or(Cell::Error, Cell::Number),
            Value::Int(value) => Cell::Number(value.into()),
            Value::Text { start, len } => {
                Cell::Text(&self.text[start as usize..(start + len) as usize])
            }
            Value::Date(date) => Cell::Date(date),
            Value::Bool(value) => Cell::Bool(value),
            Value::Error => Cell::Error,
        }
    }
}

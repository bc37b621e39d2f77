//! The only module that touches calamine, csv and encoding_rs: bytes of any supported
//! spreadsheet in, a uniform grid of cells out. No `f64` leaves this module.
//!
//! CONTRACT (to be implemented by the readers work):
//! - `Workbook::open(file_name, bytes)` detects the format by content (zip → xlsx/xlsm/ods,
//!   OLE → xls, else CSV: UTF-8 with/without BOM or Windows-1252, `;` or `,` separated).
//! - `Sheet::cell(row_idx, col_idx)` uses *absolute* 0-based indices: row_idx 0 is the
//!   spreadsheet's row 1 even when the used range starts lower.
//! - Numbers become `Decimal` exactly as the spreadsheet stores them (integers stay integers,
//!   `1234.5` stays `1234.5`), date cells become `Date`.

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

/// One sheet of a workbook.
pub struct Sheet {
    pub name: String,
}

impl Sheet {
    /// Rows, counting from spreadsheet row 1.
    pub fn n_rows(&self) -> usize {
        todo!("readers")
    }

    pub fn n_cols(&self) -> usize {
        todo!("readers")
    }

    pub fn cell(&self, _row_idx: usize, _col_idx: usize) -> Cell<'_> {
        todo!("readers")
    }
}

/// A whole workbook (a CSV is a workbook of one sheet named after the file).
pub struct Workbook {
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    pub fn open(_file_name: &str, _bytes: &[u8]) -> Result<Workbook, InputError> {
        todo!("readers")
    }
}

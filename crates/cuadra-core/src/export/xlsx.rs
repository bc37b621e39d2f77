//! The Excel export: a "Resumen" sheet (which rows were exported, and why), a filterable
//! "Discrepancias" sheet, the "Advertencias" of the readers and the processes, and the
//! "Mapeo" the comparison used.
//!
//! Cells are typed for an analyst who filters and sums in Excel: pesos and amounts are
//! numbers shown `#,##0`, days are numbers, dates are date serials shown `dd-mm-yyyy`
//! (es-CL), timings are whole milliseconds. Text is always a string cell, neutralised
//! ([`super::neutralise_formula`]).

mod notes;
mod summary;

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::scope::Scope;
use super::{row_cells, COLUMNS};
use crate::discrepancy::{ComparedValue, Discrepancy};
use crate::document::ResultDocument;
use crate::values::date::Date;

/// Columns of [`COLUMNS`] holding a compared value: `Valor libro` … `Diferencia`.
const VALUE_COLUMNS: std::ops::RangeInclusive<usize> = 7..=11;
/// The `Fecha evento` column of [`COLUMNS`].
const EVENT_DATE_COLUMN: usize = 12;

/// The formats the sheets share.
pub(super) struct Formats {
    pub bold: Format,
    /// Whole pesos: `1.234.567` in an es-CL Excel.
    pub pesos: Format,
    /// es-CL dates: `16-03-2025`.
    pub date: Format,
    /// Whole numbers (milliseconds).
    pub integer: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            pesos: Format::new().set_num_format("#,##0"),
            date: Format::new().set_num_format("dd-mm-yyyy"),
            integer: Format::new().set_num_format("0"),
        }
    }
}

/// The whole document as an `.xlsx` workbook. The error is Spanish text for the user.
pub fn to_xlsx(document: &ResultDocument) -> Result<Vec<u8>, String> {
    to_xlsx_scoped(document, Scope::All)
}

/// The document as an `.xlsx` workbook holding the discrepancies of `scope`; the
/// "Resumen" sheet says which. The error is Spanish text for the user.
pub fn to_xlsx_scoped(document: &ResultDocument, scope: Scope<'_>) -> Result<Vec<u8>, String> {
    build(document, scope).map_err(|error| format!("no se pudo generar el archivo Excel: {error}"))
}

fn build(document: &ResultDocument, scope: Scope<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();

    let summary_sheet = workbook.add_worksheet();
    summary_sheet.set_name("Resumen")?;
    summary::write(summary_sheet, document, &scope, &formats)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Discrepancias")?;
    write_discrepancies(sheet, &scope.rows(document), &formats)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Advertencias")?;
    notes::write_warnings(sheet, document, &formats)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Mapeo")?;
    notes::write_mapping(sheet, document, &formats)?;

    workbook.save_to_buffer()
}

fn write_discrepancies(
    sheet: &mut Worksheet,
    rows: &[&Discrepancy],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, title) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &formats.bold)?;
    }
    for (idx, discrepancy) in rows.iter().enumerate() {
        let row = idx as u32 + 1;
        let values = [
            &discrepancy.valor_libro,
            &discrepancy.valor_novedades,
            &discrepancy.valor_movimientos,
            &discrepancy.valor_analista,
            &discrepancy.difference,
        ];
        for (col, cell) in row_cells(discrepancy).iter().enumerate() {
            let typed = if VALUE_COLUMNS.contains(&col) {
                values[col - VALUE_COLUMNS.start()].as_ref()
            } else {
                None
            };
            let written = match (typed, discrepancy.event_date) {
                (Some(value), _) => write_value(sheet, row, col as u16, value, formats)?,
                (None, Some(date)) if col == EVENT_DATE_COLUMN => {
                    write_date(sheet, row, col as u16, date, formats)?;
                    true
                }
                _ => false,
            };
            if written || cell.is_empty() {
                continue;
            }
            // Text is always a string cell, never a formula; neutralised as well, so a
            // copy pasted or saved as CSV from Excel stays inert.
            sheet.write_string(row, col as u16, cell.spreadsheet_text())?;
        }
    }
    let last_row = rows.len() as u32;
    sheet.autofilter(0, 0, last_row, COLUMNS.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(5, 80)?;
    for col in [0u16, 1, 4, 6] {
        sheet.set_column_width(col, 28)?;
    }
    sheet.set_column_width(EVENT_DATE_COLUMN as u16, 12)?;
    Ok(())
}

/// Writes a compared value as a number or a date when it is one; false when it is text
/// (the caller writes it neutralised).
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &ComparedValue,
    formats: &Formats,
) -> Result<bool, XlsxError> {
    match value {
        ComparedValue::Pesos(_) | ComparedValue::Amount(_) => {
            // Whole pesos fit an f64 exactly far beyond any payroll amount; an amount with
            // cents (read beside a text) keeps them, shown as Excel's general number.
            if let Some(pesos) = value.whole_pesos() {
                sheet.write_number_with_format(row, col, pesos as f64, &formats.pesos)?;
            } else if let ComparedValue::Pesos(amount) | ComparedValue::Amount(amount) = value {
                let Some(number) = amount.to_f64() else {
                    return Ok(false);
                };
                sheet.write_number(row, col, number)?;
            }
            Ok(true)
        }
        ComparedValue::Days(days) => match days.to_f64() {
            Some(days) => {
                sheet.write_number(row, col, days)?;
                Ok(true)
            }
            None => Ok(false),
        },
        ComparedValue::Date(date) => {
            write_date(sheet, row, col, *date, formats)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// A date as Excel's serial (1900 system) shown `dd-mm-yyyy`.
pub(super) fn write_date(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    date: Date,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, col, date.to_excel_serial() as f64, &formats.date)?;
    Ok(())
}

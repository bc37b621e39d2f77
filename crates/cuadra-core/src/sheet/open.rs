//! Opening a workbook of each container: a zip (the fast xlsx scanner, calamine's xlsx
//! and ods readers, or what the zip holds instead) and calamine's sheets, each bounded by
//! `limits` before or while calamine builds it.

use std::io::Cursor;

use calamine::{Data, Range, Reader};

use super::xlsx::{CompactGrid, StreamStop};
use super::{fast_xlsx, limits, open_error, sniff, Grid, Sheet, SheetWarning, Workbook, XlsxPath};
use crate::error::{InputError, InputErrorKind, SizeLimit};

/// A zip: the fast xlsx scanner, else calamine's xlsx reader, else its ods reader, else
/// what the zip holds instead. calamine inflates whole parts without a limit, so its paths
/// run only after `limits::check_zip_parts` bounded every part.
pub(super) fn open_zip(
    file_name: &str,
    bytes: &[u8],
    xlsx_path: XlsxPath,
) -> Result<Workbook, InputError> {
    let error = |kind| open_error(file_name, None, kind);
    let too_large = |limit| error(InputErrorKind::TooLarge { limit });
    if xlsx_path != XlsxPath::Calamine {
        match fast_xlsx::read_workbook(bytes).map_err(too_large)? {
            Some(sheets) => {
                return Ok(Workbook {
                    sheets: sheets
                        .into_iter()
                        .map(|(name, grid)| Sheet {
                            name,
                            grid: Grid::Compact(grid),
                        })
                        .collect(),
                    warnings: Vec::new(),
                })
            }
            None if xlsx_path == XlsxPath::FastOnly => {
                return Err(error(InputErrorKind::FastScannerDeclined))
            }
            None => {}
        }
    }
    let damaged_parts = limits::check_zip_parts(bytes).map_err(too_large)?;
    if let Ok(mut xlsx) =
        calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes))
    {
        let damaged = damaged_sheets(bytes, &damaged_parts);
        let mut workbook = read_xlsx_sheets(file_name, &mut xlsx, &damaged)?;
        workbook.warnings = damaged
            .into_iter()
            .map(|sheet| SheetWarning {
                sheet,
                row_number: 0,
                message: "el XML de la hoja está dañado o incompleto: pueden faltar filas; \
                          revise el archivo o vuelva a exportarlo"
                    .to_string(),
            })
            .collect();
        return Ok(workbook);
    }
    match calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes)) {
        Ok(mut ods) => read_all_sheets(file_name, &mut ods),
        Err(calamine::OdsError::Password) => Err(error(InputErrorKind::PasswordProtected)),
        Err(_) => Err(error(match sniff::zip_kind(bytes) {
            Some(looks_like) => InputErrorKind::NotASpreadsheet { looks_like },
            None => InputErrorKind::UnreadableZip,
        })),
    }
}

/// The names of the sheets whose parts `limits::check_zip_parts` found damaged (the part's
/// path when the workbook does not say which sheet it is).
fn damaged_sheets(bytes: &[u8], damaged_parts: &[String]) -> Vec<String> {
    if damaged_parts.is_empty() {
        return Vec::new();
    }
    let paths = fast_xlsx::sheet_paths(bytes).unwrap_or_default();
    damaged_parts
        .iter()
        .map(|part| {
            paths
                .iter()
                .find(|(_, path)| path.eq_ignore_ascii_case(part))
                .map_or_else(|| part.clone(), |(name, _)| name.clone())
        })
        .collect()
}

/// xlsx sheets stream into a `CompactGrid` (see `xlsx.rs` for why); a sheet whose cells
/// are out of order falls back to calamine's `Range`.
///
/// A sheet calamine cannot read is `BrokenSheetXml` when its XML is `damaged`, else
/// `UnreadableSheet`.
fn read_xlsx_sheets<RS>(
    file_name: &str,
    xlsx: &mut calamine::Xlsx<RS>,
    damaged: &[String],
) -> Result<Workbook, InputError>
where
    RS: std::io::Read + std::io::Seek,
{
    let names = xlsx.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let error = |kind| open_error(file_name, Some(&name), kind);
        let unreadable = if damaged.contains(&name) {
            InputErrorKind::BrokenSheetXml
        } else {
            InputErrorKind::UnreadableSheet
        };
        let grid = match CompactGrid::read(xlsx, &name) {
            Ok(Some(grid)) => Grid::Compact(grid),
            Ok(None) => {
                // calamine's `Range` is dense over the cells' bounding box: two cells far
                // apart would ask for billions of cells and abort on allocation.
                CompactGrid::check_extent(xlsx, &name).map_err(|stop| match stop {
                    StreamStop::Calamine => error(unreadable.clone()),
                    StreamStop::Limit(limit) => error(InputErrorKind::TooLarge { limit }),
                })?;
                let range = xlsx
                    .worksheet_range(&name)
                    .map_err(|_| error(unreadable.clone()))?;
                check_range(&range).map_err(|limit| error(InputErrorKind::TooLarge { limit }))?;
                Grid::Calamine(range)
            }
            Err(StreamStop::Calamine) => return Err(error(unreadable)),
            Err(StreamStop::Limit(limit)) => return Err(error(InputErrorKind::TooLarge { limit })),
        };
        sheets.push(Sheet { name, grid });
    }
    if sheets.is_empty() {
        return Err(open_error(file_name, None, InputErrorKind::NoSheets));
    }
    Ok(Workbook {
        sheets,
        warnings: Vec::new(),
    })
}

/// A calamine range past the sheet limits. calamine has built it by then (xls and ods
/// give no streaming reader); the check keeps the rest of the run from working on it.
fn check_range(range: &Range<Data>) -> Result<(), SizeLimit> {
    let (n_rows, n_cols) = range.get_size();
    let budget = limits::Budget::new();
    let n_cells = range.used_cells().count() as u64;
    let last_row = range.end().map_or(0, |(row, _)| u64::from(row));
    if n_rows == 0 || n_cols == 0 || budget.check_sheet(n_cells, last_row) {
        Ok(())
    } else {
        Err(budget
            .exceeded()
            .expect("check_sheet records the limit it refuses"))
    }
}

pub(super) fn read_all_sheets<RS, R>(
    file_name: &str,
    reader: &mut R,
) -> Result<Workbook, InputError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    let names = reader.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let error = |kind| open_error(file_name, Some(&name), kind);
        let range = reader
            .worksheet_range(&name)
            .map_err(|_| error(InputErrorKind::UnreadableSheet))?;
        check_range(&range).map_err(|limit| error(InputErrorKind::TooLarge { limit }))?;
        sheets.push(Sheet {
            name,
            grid: Grid::Calamine(range),
        });
    }
    if sheets.is_empty() {
        return Err(open_error(file_name, None, InputErrorKind::NoSheets));
    }
    Ok(Workbook {
        sheets,
        warnings: Vec::new(),
    })
}

//! Movimientos del Mes (docs/inputs.md): one workbook, one sheet per kind of movement, each
//! classified by its name.

use crate::headers;
use crate::model::{Absence, InputError, InputErrorKind, MonthlyMovements, Movement, Slot};
use crate::sheet::{Sheet, Workbook};
use crate::values::text::{normalize_absence_kind, normalize_header};

use super::common::{
    cell_text, data_rows, find_header_row, optional_text, read_days, read_required_date, read_rut,
    Findings, Headers, NameColumns, RutColumns,
};
use super::sheet_kind::{classify_sheet, SheetKind};
use super::Read;

/// Decision: a missing required column in a sheet that is *compared* (Altas y Bajas,
/// Ausentismos) fails the whole file. Reading the rest would make every analyst hire,
/// termination or absence look "no encontrado en movimientos" — a flood of false
/// discrepancies that an analyst could take as real. The error names the sheet and the
/// column so the analyst can fix the export. Sheets that are only counted (Vacaciones,
/// Variaciones) without a `Rut` column get a note and count 0: nothing is compared there.
pub(crate) fn read(file_name: &str, bytes: &[u8]) -> Result<Read<MonthlyMovements>, InputError> {
    let workbook = Workbook::open(file_name, bytes)?;
    let mut findings = Findings::new(file_name);
    let mut movements = MonthlyMovements::default();
    let mut n_compared_sheets = 0;
    for sheet in &workbook.sheets {
        let Some(kind) = classify_sheet(&sheet.name) else {
            findings.notes.push(format!(
                "hoja «{}» omitida: su nombre no corresponde a altas y bajas, ausentismos, \
                 vacaciones ni variaciones",
                sheet.name
            ));
            continue;
        };
        let header_row_idx = find_header_row(sheet, headers::WORKER_RUT);
        match kind {
            SheetKind::HiresTerminations | SheetKind::Absences => {
                n_compared_sheets += 1;
                let header_row_idx = header_row_idx.ok_or_else(|| missing_rut(&findings, sheet))?;
                let headers = Headers::read(sheet, header_row_idx);
                if kind == SheetKind::HiresTerminations {
                    read_hires_terminations(&mut findings, sheet, &headers, &mut movements)?;
                } else {
                    read_absences(&mut findings, sheet, &headers, &mut movements.absences)?;
                }
            }
            SheetKind::Vacations | SheetKind::SalaryChanges | SheetKind::ContractChanges => {
                let count = match header_row_idx {
                    Some(header_row_idx) => {
                        let headers = Headers::read(sheet, header_row_idx);
                        count_rows(&mut findings, sheet, &headers)
                    }
                    None => {
                        findings.notes.push(format!(
                            "hoja «{}»: no se encontró la columna «Rut» en las primeras 10 \
                             filas; no se cuentan sus filas",
                            sheet.name
                        ));
                        0
                    }
                };
                match kind {
                    SheetKind::Vacations => movements.n_vacations += count,
                    SheetKind::SalaryChanges => movements.n_salary_changes += count,
                    _ => movements.n_contract_changes += count,
                }
            }
        }
    }
    if n_compared_sheets == 0 {
        return Err(findings.error(None, InputErrorKind::NoComparedSheet));
    }
    let summary = findings.into_summary(Slot::MonthlyMovements, bytes, &workbook);
    Ok(Read {
        value: movements,
        summary,
    })
}

fn missing_rut(findings: &Findings<'_>, sheet: &Sheet) -> InputError {
    findings.error(
        Some(&sheet.name),
        InputErrorKind::NoHeaderRow {
            column: "Rut".to_string(),
        },
    )
}

fn read_hires_terminations(
    findings: &mut Findings<'_>,
    sheet: &Sheet,
    headers: &Headers,
    movements: &mut MonthlyMovements,
) -> Result<(), InputError> {
    let rut_col = headers.require(findings, &sheet.name, headers::WORKER_RUT, "Rut")?;
    let kind_col = headers.require(
        findings,
        &sheet.name,
        headers::HIRE_OR_TERMINATION,
        "Alta / Baja",
    )?;
    let hire_date_col =
        headers.require(findings, &sheet.name, headers::HIRE_DATE, "Fecha Ingreso")?;
    let termination_date_col = headers.require(
        findings,
        &sheet.name,
        headers::TERMINATION_DATE,
        "Fecha Retiro",
    )?;
    let rut_columns = RutColumns::find(headers, rut_col);
    let name_columns = NameColumns::find(headers);
    let contract_type_col = headers.find(headers::CONTRACT_TYPE);
    let reason_col = headers.find(headers::REASON);
    for row_idx in data_rows(sheet, headers.row_idx, rut_col) {
        let kind_text = cell_text(sheet.cell(row_idx, kind_col));
        let is_hire = match normalize_header(&kind_text).as_str() {
            headers::HIRE_VALUE => true,
            headers::TERMINATION_VALUE => false,
            _ => {
                let column = headers.name(kind_col);
                let what = if kind_text.is_empty() {
                    format!("falta el valor de «{column}» (ALTA o BAJA)")
                } else {
                    format!("«{kind_text}» en «{column}» no es ALTA ni BAJA")
                };
                findings.skip(&sheet.name, row_idx, Some(column), Some(&kind_text), what);
                continue;
            }
        };
        let Some(rut) = read_rut(findings, sheet, headers, rut_columns, row_idx) else {
            continue;
        };
        let date_col = if is_hire {
            hire_date_col
        } else {
            termination_date_col
        };
        let Some(date) = read_required_date(findings, sheet, headers, date_col, row_idx) else {
            continue;
        };
        findings.n_rows += 1;
        let movement = Movement {
            rut,
            name: name_columns.full_name(sheet, row_idx),
            date,
            sheet: sheet.name.clone(),
            row_number: u32::try_from(row_idx + 1).unwrap_or(u32::MAX),
            contract_type: optional_text(sheet, row_idx, contract_type_col),
            reason: optional_text(sheet, row_idx, reason_col),
        };
        if is_hire {
            movements.hires.push(movement);
        } else {
            movements.terminations.push(movement);
        }
    }
    Ok(())
}

/// The absence columns of Movimientos' Ausentismos sheet and the analyst's file.
pub(crate) struct AbsenceColumns {
    rut: RutColumns,
    names: NameColumns,
    start: usize,
    end: usize,
    days: Option<usize>,
    kind: usize,
}

impl AbsenceColumns {
    /// `days_required`: Movimientos always has `Dias`; an analyst's file may leave it out
    /// (days are then unknown and not compared).
    pub(crate) fn find(
        findings: &Findings<'_>,
        sheet: &Sheet,
        headers: &Headers,
        days_required: bool,
    ) -> Result<AbsenceColumns, InputError> {
        let rut_col = headers.require(findings, &sheet.name, headers::WORKER_RUT, "Rut")?;
        let start = headers.require(
            findings,
            &sheet.name,
            headers::ABSENCE_START,
            "Fecha Inicio Ausencia",
        )?;
        let end = headers.require(
            findings,
            &sheet.name,
            headers::ABSENCE_END,
            "Fecha Fin Ausencia",
        )?;
        let days = if days_required {
            Some(headers.require(findings, &sheet.name, headers::ABSENCE_DAYS, "Dias")?)
        } else {
            headers.find(headers::ABSENCE_DAYS)
        };
        let kind = headers.require(
            findings,
            &sheet.name,
            headers::ABSENCE_KIND,
            "Tipo de Ausentismo",
        )?;
        Ok(AbsenceColumns {
            rut: RutColumns::find(headers, rut_col),
            names: NameColumns::find(headers),
            start,
            end,
            days,
            kind,
        })
    }
}

/// Reads absence rows; shared with the analyst's Ausentismos file.
pub(crate) fn read_absence_rows(
    findings: &mut Findings<'_>,
    sheet: &Sheet,
    headers: &Headers,
    columns: &AbsenceColumns,
    absences: &mut Vec<Absence>,
) {
    for row_idx in data_rows(sheet, headers.row_idx, columns.rut.rut) {
        let Some(rut) = read_rut(findings, sheet, headers, columns.rut, row_idx) else {
            continue;
        };
        let Some(start) = read_required_date(findings, sheet, headers, columns.start, row_idx)
        else {
            continue;
        };
        let Some(end) = read_required_date(findings, sheet, headers, columns.end, row_idx) else {
            continue;
        };
        if end < start {
            findings.warn(
                &sheet.name,
                row_idx,
                Some(headers.name(columns.end)),
                Some(&end.to_string()),
                format!("la fecha de fin {end} es anterior a la de inicio {start}"),
            );
        }
        let days = match columns.days {
            None => None,
            Some(col_idx) => match read_days(sheet.cell(row_idx, col_idx)) {
                Ok(days) => days,
                Err(text) => {
                    let column = headers.name(col_idx);
                    findings.warn(
                        &sheet.name,
                        row_idx,
                        Some(column),
                        Some(&text),
                        format!(
                            "«{text}» en «{column}» no es un número de días; se deja en blanco"
                        ),
                    );
                    None
                }
            },
        };
        let kind = cell_text(sheet.cell(row_idx, columns.kind)).into_owned();
        findings.n_rows += 1;
        absences.push(Absence {
            rut,
            name: columns.names.full_name(sheet, row_idx),
            start,
            end,
            days,
            kind_key: normalize_absence_kind(&kind),
            kind,
            sheet: sheet.name.clone(),
            row_number: u32::try_from(row_idx + 1).unwrap_or(u32::MAX),
        });
    }
}

fn read_absences(
    findings: &mut Findings<'_>,
    sheet: &Sheet,
    headers: &Headers,
    absences: &mut Vec<Absence>,
) -> Result<(), InputError> {
    let columns = AbsenceColumns::find(findings, sheet, headers, true)?;
    read_absence_rows(findings, sheet, headers, &columns, absences);
    Ok(())
}

/// Vacaciones and Variaciones are read and counted, not compared: rows with a RUT.
fn count_rows(findings: &mut Findings<'_>, sheet: &Sheet, headers: &Headers) -> usize {
    let rut_col = headers
        .find(headers::WORKER_RUT)
        .expect("the header row contains a RUT header");
    let rut_columns = RutColumns::find(headers, rut_col);
    let mut count = 0;
    for row_idx in data_rows(sheet, headers.row_idx, rut_col) {
        if read_rut(findings, sheet, headers, rut_columns, row_idx).is_some() {
            count += 1;
        }
    }
    findings.n_rows += count;
    count
}

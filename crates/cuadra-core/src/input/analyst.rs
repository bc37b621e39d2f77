//! The analyst's three files (docs/inputs.md): Ingresos, Finiquitos, Ausentismos / Incidencias.

use crate::headers;
use crate::model::{Absence, InputError, InputErrorKind, Movement, Slot};
use crate::sheet::{Sheet, Workbook};

use super::common::{
    data_rows, find_header_row, optional_text, read_required_date, read_rut, Findings, Headers,
    NameColumns, RutColumns,
};
use super::monthly_movements::{read_absence_rows, AbsenceColumns};
use super::Read;

/// The first sheet whose header row (a RUT column within the first ten rows) is found.
fn header_sheet<'w>(
    findings: &Findings<'_>,
    workbook: &'w Workbook,
) -> Result<(&'w Sheet, Headers), InputError> {
    workbook
        .sheets
        .iter()
        .find_map(|sheet| {
            find_header_row(sheet, headers::WORKER_RUT)
                .map(|row_idx| (sheet, Headers::read(sheet, row_idx)))
        })
        .ok_or_else(|| {
            let sheet = workbook.sheets.first().map(|sheet| sheet.name.as_str());
            findings.error(
                sheet,
                InputErrorKind::NoHeaderRow {
                    column: "Rut".to_string(),
                },
            )
        })
}

pub(crate) fn read_hires(file_name: &str, bytes: &[u8]) -> Result<Read<Vec<Movement>>, InputError> {
    read_movements(file_name, bytes, Slot::AnalystHires)
}

pub(crate) fn read_terminations(
    file_name: &str,
    bytes: &[u8],
) -> Result<Read<Vec<Movement>>, InputError> {
    read_movements(file_name, bytes, Slot::AnalystTerminations)
}

fn read_movements(
    file_name: &str,
    bytes: &[u8],
    slot: Slot,
) -> Result<Read<Vec<Movement>>, InputError> {
    let workbook = Workbook::open(file_name, bytes)?;
    let mut findings = Findings::new(file_name);
    let (sheet, headers) = header_sheet(&findings, &workbook)?;
    let rut_col = headers
        .find(headers::WORKER_RUT)
        .expect("the header row contains a RUT header");
    let (date_synonyms, date_name) = if slot == Slot::AnalystHires {
        (headers::HIRE_DATE, "Fecha Ingreso")
    } else {
        (headers::TERMINATION_DATE, "Fecha Retiro")
    };
    let date_col = headers.require(&findings, &sheet.name, date_synonyms, date_name)?;
    let rut_columns = RutColumns::find(&headers, rut_col);
    let name_columns = NameColumns::find(&headers);
    let reason_col = if slot == Slot::AnalystTerminations {
        headers.find(headers::REASON)
    } else {
        None
    };
    let contract_type_col = headers.find(headers::CONTRACT_TYPE);
    let mut movements = Vec::new();
    for row_idx in data_rows(sheet, headers.row_idx, rut_col) {
        let Some(rut) = read_rut(&mut findings, sheet, &headers, rut_columns, row_idx) else {
            continue;
        };
        let Some(date) = read_required_date(&mut findings, sheet, &headers, date_col, row_idx)
        else {
            continue;
        };
        movements.push(Movement {
            rut,
            name: name_columns.full_name(sheet, row_idx),
            date,
            sheet: sheet.name.clone(),
            row_number: u32::try_from(row_idx + 1).unwrap_or(u32::MAX),
            contract_type: optional_text(sheet, row_idx, contract_type_col),
            reason: optional_text(sheet, row_idx, reason_col),
        });
    }
    findings.n_rows = movements.len();
    let summary = findings.into_summary(slot, bytes, &workbook);
    Ok(Read {
        value: movements,
        summary,
    })
}

pub(crate) fn read_absences(
    file_name: &str,
    bytes: &[u8],
) -> Result<Read<Vec<Absence>>, InputError> {
    let workbook = Workbook::open(file_name, bytes)?;
    let mut findings = Findings::new(file_name);
    let (sheet, headers) = header_sheet(&findings, &workbook)?;
    let columns = AbsenceColumns::find(&findings, sheet, &headers, false)?;
    let mut absences = Vec::new();
    read_absence_rows(&mut findings, sheet, &headers, &columns, &mut absences);
    let summary = findings.into_summary(Slot::AnalystAbsences, bytes, &workbook);
    Ok(Read {
        value: absences,
        summary,
    })
}

//! Novedades (SPEC §2.2): the analyst's expected amounts per employee and concept.

use std::collections::{HashMap, HashSet};

use crate::headers;
use crate::model::{
    ConceptValue, InputError, InputErrorKind, PayrollChanges, PayrollChangesEmployee, Slot,
};
use crate::sheet::Workbook;
use crate::values::rut::Rut;
use crate::values::text::normalize_header;

use super::common::{
    concept_value, data_rows, find_header_row, read_rut, Findings, Headers, NameColumns,
    RutColumns, HEADER_SEARCH_ROWS,
};
use super::novelty_merge::{merge, Merge};
use super::Read;

pub(crate) fn read(file_name: &str, bytes: &[u8]) -> Result<Read<PayrollChanges>, InputError> {
    let workbook = Workbook::open(file_name, bytes)?;
    let mut findings = Findings::new(file_name);
    let sheet = &workbook.sheets[0];

    // The RUT column by its header; when no header is recognisable, the first four columns
    // are RUT, Nombre, Apellido Paterno, Apellido Materno by position and the header row is
    // the first non-blank row.
    let (headers, rut_columns, name_columns, identification_cols) =
        match find_header_row(sheet, headers::WORKER_RUT) {
            Some(row_idx) => {
                let headers = Headers::read(sheet, row_idx);
                if let Some(columns) = super::payroll_changes_long::LongColumns::find(&headers) {
                    let value =
                        super::payroll_changes_long::read(sheet, &headers, columns, &mut findings);
                    let summary = findings.into_summary(Slot::PayrollChanges, bytes, &workbook);
                    return Ok(Read { value, summary });
                }
                let rut_col = headers
                    .find(headers::WORKER_RUT)
                    .expect("the header row contains a RUT header");
                let rut_columns = RutColumns::find(&headers, rut_col);
                let name_columns = NameColumns::find(&headers);
                let identification: Vec<usize> = [
                    Some(rut_col),
                    rut_columns.check_digit,
                    name_columns.first,
                    name_columns.paternal,
                    name_columns.maternal,
                ]
                .into_iter()
                .flatten()
                .collect();
                (headers, rut_columns, name_columns, identification)
            }
            None => {
                let row_idx = (0..sheet.n_rows().min(HEADER_SEARCH_ROWS))
                    .find(|&row_idx| !sheet.is_blank_row(row_idx))
                    .ok_or_else(|| findings.error(Some(&sheet.name), InputErrorKind::EmptySheet))?;
                findings.notes.push(format!(
                    "hoja «{}»: no se reconoció la columna RUT; se toman las primeras cuatro \
                     columnas como RUT, Nombre, Apellido Paterno y Apellido Materno",
                    sheet.name
                ));
                let headers = Headers::read(sheet, row_idx);
                let rut_columns = RutColumns {
                    rut: 0,
                    check_digit: None,
                };
                let name_columns = NameColumns {
                    first: Some(1),
                    paternal: Some(2),
                    maternal: Some(3),
                };
                (headers, rut_columns, name_columns, vec![0, 1, 2, 3])
            }
        };

    let concept_columns = concept_columns(&headers, &identification_cols);
    let concepts: Vec<String> = concept_columns
        .iter()
        .map(|(_, name)| name.clone())
        .collect();
    let mut employees: Vec<PayrollChangesEmployee> = Vec::new();
    let mut index_of: HashMap<Rut, usize> = HashMap::new();
    for row_idx in data_rows(sheet, headers.row_idx, rut_columns.rut) {
        let Some(rut) = read_rut(&mut findings, sheet, &headers, rut_columns, row_idx) else {
            continue;
        };
        findings.n_rows += 1;
        let values: Vec<ConceptValue> = concept_columns
            .iter()
            .map(|(col_idx, _)| concept_value(sheet.cell(row_idx, *col_idx), true))
            .collect();
        match index_of.get(&rut) {
            None => {
                index_of.insert(rut, employees.len());
                employees.push(PayrollChangesEmployee {
                    rut,
                    name: name_columns.full_name(sheet, row_idx),
                    row_number: u32::try_from(row_idx + 1).unwrap_or(u32::MAX),
                    values,
                });
            }
            Some(&employee_idx) => {
                let employee = &mut employees[employee_idx];
                let first_row_number = employee.row_number;
                for (concept_idx, value) in values.into_iter().enumerate() {
                    let slot = &mut employee.values[concept_idx];
                    let concept = &concepts[concept_idx];
                    match merge(slot, value) {
                        Merge::Quiet => {}
                        Merge::Added => findings.warn(
                            &sheet.name,
                            row_idx,
                            Some(concept),
                            None,
                            format!(
                                "el RUT {rut} también aparece en la fila {first_row_number} con \
                                 novedad en «{concept}»; los montos se suman"
                            ),
                        ),
                        Merge::KeptFirst(text) => findings.warn(
                            &sheet.name,
                            row_idx,
                            Some(concept),
                            Some(&text),
                            format!(
                                "el RUT {rut} también aparece en la fila {first_row_number} con \
                                 novedad en «{concept}»; no se pueden sumar, se usa el valor de \
                                 la fila {first_row_number}"
                            ),
                        ),
                    }
                }
            }
        }
    }
    let value = PayrollChanges {
        sheet: sheet.name.clone(),
        concepts,
        employees,
    };
    let summary = findings.into_summary(Slot::PayrollChanges, bytes, &workbook);
    Ok(Read { value, summary })
}

/// Concept columns: every non-blank header outside the identification columns, as written
/// (trimmed). A repeated header gets `.1`, `.2` like the libro's, so the mapping, keyed by
/// header, stays unambiguous.
fn concept_columns(headers: &Headers, identification_cols: &[usize]) -> Vec<(usize, String)> {
    let mut used: HashSet<String> = HashSet::new();
    let mut concepts = Vec::new();
    for (col_idx, normalised) in headers.normalised.iter().enumerate() {
        if normalised.is_empty() || identification_cols.contains(&col_idx) {
            continue;
        }
        let original = headers.name(col_idx);
        let mut name = original.to_string();
        let mut count = 0;
        while !used.insert(normalize_header(&name)) {
            count += 1;
            name = format!("{original}.{count}");
        }
        concepts.push((col_idx, name));
    }
    concepts
}

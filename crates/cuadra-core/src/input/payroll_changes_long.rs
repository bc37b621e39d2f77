//! Novedades in long form (docs/inputs.md): one row per novelty (`RUT`, `Concepto`, `Monto`,
//! optionally `Nombre`), pivoted into the same `PayrollChanges` the wide form gives.
//!
//! The pivot keeps every rule of the wide form: the amount cell is read by the same
//! `concept_value` (no-novelty markers, zeros, the amounts parser), a concept is a header
//! like any other (the distinct `Concepto` texts after header matching, in first-seen order,
//! written as first seen), so the mapping treats both shapes alike. Lines for the same RUT
//! and concept are merged like the wide form's repeated RUT rows: amounts are summed with a
//! warning naming the rows, a text is kept from the first row.

use std::collections::HashMap;

use crate::headers;
use crate::model::{ConceptValue, PayrollChanges, PayrollChangesEmployee};
use crate::sheet::Sheet;
use crate::values::rut::Rut;
use crate::values::text::normalize_header;

use super::common::{
    cell_text, concept_value, data_rows, read_rut, Findings, Headers, NameColumns, RutColumns,
};
use super::novelty_merge::{merge, Merge};

/// Where a long-form sheet keeps its RUT, concept and amount.
#[derive(Debug, Clone, Copy)]
pub(super) struct LongColumns {
    rut: RutColumns,
    concept: usize,
    amount: usize,
}

impl LongColumns {
    /// The long form's columns, when the header row has a RUT, a concept and an amount
    /// header; `None` is the wide form.
    pub(super) fn find(headers: &Headers) -> Option<LongColumns> {
        let rut = headers.find(headers::WORKER_RUT)?;
        let concept = headers.find(headers::LONG_FORM_CONCEPT)?;
        let amount = headers.find(headers::LONG_FORM_AMOUNT)?;
        Some(LongColumns {
            rut: RutColumns::find(headers, rut),
            concept,
            amount,
        })
    }
}

/// The sheet's lines pivoted into one employee per RUT (first-seen order) and one concept
/// per distinct concept text.
pub(super) fn read(
    sheet: &Sheet,
    headers: &Headers,
    columns: LongColumns,
    findings: &mut Findings<'_>,
) -> PayrollChanges {
    let name_columns = NameColumns::find(headers);
    let concept_column = headers.name(columns.concept).to_string();
    let mut concepts: Vec<String> = Vec::new();
    let mut concept_of: HashMap<String, usize> = HashMap::new();
    let mut employees: Vec<PayrollChangesEmployee> = Vec::new();
    let mut employee_of: HashMap<Rut, usize> = HashMap::new();
    // The rows that already carried a novelty for one employee and concept.
    let mut rows_of: HashMap<(usize, usize), Vec<u32>> = HashMap::new();
    let mut n_lines = 0usize;
    for row_idx in data_rows(sheet, headers.row_idx, columns.rut.rut) {
        let Some(rut) = read_rut(findings, sheet, headers, columns.rut, row_idx) else {
            continue;
        };
        let concept_text = cell_text(sheet.cell(row_idx, columns.concept));
        if concept_text.is_empty() {
            findings.skip(
                &sheet.name,
                row_idx,
                Some(&concept_column),
                None,
                format!("falta el concepto «{concept_column}» del RUT {rut}"),
            );
            continue;
        }
        findings.n_rows += 1;
        n_lines += 1;
        let row_number = u32::try_from(row_idx + 1).unwrap_or(u32::MAX);
        let concept_idx = *concept_of
            .entry(normalize_header(&concept_text))
            .or_insert_with(|| {
                concepts.push(concept_text.to_string());
                concepts.len() - 1
            });
        let employee_idx = *employee_of.entry(rut).or_insert_with(|| {
            employees.push(PayrollChangesEmployee {
                rut,
                name: String::new(),
                row_number,
                values: Vec::new(),
            });
            employees.len() - 1
        });
        let employee = &mut employees[employee_idx];
        if employee.name.is_empty() {
            employee.name = name_columns.full_name(sheet, row_idx);
        }
        if employee.values.len() <= concept_idx {
            employee.values.resize(concept_idx + 1, ConceptValue::Empty);
        }
        let value = concept_value(sheet.cell(row_idx, columns.amount), true);
        let has_novelty = value != ConceptValue::Empty;
        let earlier = rows_of.entry((employee_idx, concept_idx)).or_default();
        let concept = &concepts[concept_idx];
        let earlier_rows = || {
            earlier
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match merge(&mut employee.values[concept_idx], value) {
            Merge::Quiet => {}
            Merge::Added => findings.warn(
                &sheet.name,
                row_idx,
                Some(&concept_column),
                Some(concept),
                format!(
                    "el RUT {rut} ya tiene «{concept}» en {} {}; los montos se suman",
                    crate::plural::agree(earlier.len(), "la fila", "las filas"),
                    earlier_rows()
                ),
            ),
            Merge::KeptFirst(text) => findings.warn(
                &sheet.name,
                row_idx,
                Some(&concept_column),
                Some(&text),
                format!(
                    "el RUT {rut} ya tiene «{concept}» en {} {}; no se pueden sumar, \
                     se usa el valor de la fila {}",
                    crate::plural::agree(earlier.len(), "la fila", "las filas"),
                    earlier_rows(),
                    earlier.first().copied().unwrap_or(row_number)
                ),
            ),
        }
        if has_novelty {
            earlier.push(row_number);
        }
    }
    for employee in &mut employees {
        employee.values.resize(concepts.len(), ConceptValue::Empty);
    }
    findings.notes.push(format!(
        "hoja «{}»: novedades en formato largo (una fila por novedad): {}, {}, {}",
        sheet.name,
        crate::plural::counted(n_lines, "línea", "líneas"),
        crate::plural::counted(employees.len(), "empleado", "empleados"),
        crate::plural::counted(concepts.len(), "concepto", "conceptos")
    ));
    PayrollChanges {
        sheet: sheet.name.clone(),
        concepts,
        employees,
    }
}

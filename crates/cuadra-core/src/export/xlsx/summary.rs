//! The "Resumen" sheet: which discrepancies the file holds, the closing, the totals of the
//! whole result and the processes.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::super::neutralise_formula;
use super::super::scope::Scope;
use super::Formats;
use crate::discrepancy::{DiscrepancyKind, DiscrepancyStatus, Group};
use crate::document::{ResultDocument, WorkerStatus};

pub(super) fn write(
    sheet: &mut Worksheet,
    document: &ResultDocument,
    scope: &Scope<'_>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let bold = &formats.bold;
    sheet.set_column_width(0, 50)?;
    sheet.set_column_width(1, 28)?;
    let mut row = 0u32;
    sheet.write_string_with_format(row, 0, "Resumen de la verificación", bold)?;
    row += 1;
    // The filters name what the user typed, which may read as a formula.
    sheet.write_string(row, 0, neutralise_formula(&scope.sentence(document)))?;
    row += 2;
    let closing = &document.closing;
    let facts = [
        ("Estado", document.state.label().to_string()),
        (
            "Verificación",
            crate::coverage::verification_sentence(document),
        ),
        (
            "Resultado incompleto",
            if document.incomplete {
                "Sí (un proceso falló)"
            } else {
                "No"
            }
            .to_string(),
        ),
        (
            "Período",
            closing
                .period
                .map(|p| p.in_words())
                .unwrap_or_else(|| "—".to_string()),
        ),
        (
            "RUT empresa",
            closing
                .company_rut
                .map(|r| r.to_string())
                .unwrap_or_else(|| "—".to_string()),
        ),
    ];
    for (label, value) in facts {
        sheet.write_string_with_format(row, 0, label, bold)?;
        sheet.write_string(row, 1, neutralise_formula(&value))?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "Total de discrepancias", bold)?;
    sheet.write_number(row, 1, document.summary.total as f64)?;
    row += 1;
    sheet.write_string_with_format(row, 0, "Empleados afectados", bold)?;
    sheet.write_number(row, 1, document.summary.n_employees_affected as f64)?;
    row += 2;

    let count = |n: Option<&usize>| n.copied().unwrap_or(0);
    let summary = &document.summary;
    row = write_counts(
        sheet,
        row,
        "Por grupo",
        bold,
        Group::ALL.map(|group| (group.label(), count(summary.by_group.get(&group)))),
    )?;
    row = write_counts(
        sheet,
        row,
        "Por tipo",
        bold,
        DiscrepancyKind::ALL.map(|kind| (kind.label(), count(summary.by_kind.get(&kind)))),
    )?;
    row = write_counts(
        sheet,
        row,
        "Por estado",
        bold,
        DiscrepancyStatus::ALL
            .map(|status| (status.label(), count(summary.by_status.get(&status)))),
    )?;
    sheet.write_string_with_format(row, 0, "Procesos", bold)?;
    row += 1;
    for (col, title) in ["Grupo", "Estado", "Duración (ms)", "Discrepancias", "Error"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, col as u16, *title, bold)?;
    }
    row += 1;
    for worker in &document.workers {
        sheet.write_string(row, 0, worker.group.label())?;
        let status = match (worker.status, &worker.not_compared_reason) {
            (WorkerStatus::Failed, _) => "Error".to_string(),
            (WorkerStatus::Ok, Some(reason)) => format!("No comparado: {reason}"),
            (WorkerStatus::Ok, None) => "Correcto".to_string(),
        };
        sheet.write_string(row, 1, neutralise_formula(&status))?;
        // A clock difference (`9.799999999813735`): whole milliseconds are what it means.
        sheet.write_number_with_format(row, 2, worker.ms.round(), &formats.integer)?;
        sheet.write_number(row, 3, worker.n_discrepancies as f64)?;
        if let Some(error) = &worker.error {
            // The error names the user's file, whose name may read as a formula.
            sheet.write_string(row, 4, neutralise_formula(error))?;
        }
        row += 1;
    }
    Ok(())
}

/// A bold title, then one row of label and count per entry, then a blank row: the row
/// after it.
fn write_counts(
    sheet: &mut Worksheet,
    mut row: u32,
    title: &str,
    bold: &rust_xlsxwriter::Format,
    counts: impl IntoIterator<Item = (&'static str, usize)>,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(row, 0, title, bold)?;
    row += 1;
    for (label, count) in counts {
        sheet.write_string(row, 0, label)?;
        sheet.write_number(row, 1, count as f64)?;
        row += 1;
    }
    Ok(row + 1)
}

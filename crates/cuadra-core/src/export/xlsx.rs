//! The Excel export: a "Resumen" sheet and a filterable "Discrepancias" sheet.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{row_cells, COLUMNS};
use crate::discrepancy::{ComparedValue, DiscrepancyKind, DiscrepancyStatus, Group};
use crate::document::{ResultDocument, WorkerStatus};

/// Columns of [`COLUMNS`] that may hold whole pesos, written as numbers when they do:
/// `Valor libro`, `Valor novedades` and `Diferencia`.
const AMOUNT_COLUMNS: [usize; 3] = [7, 8, 11];

/// The document as an `.xlsx` workbook. The error is Spanish text for the user.
pub fn to_xlsx(document: &ResultDocument) -> Result<Vec<u8>, String> {
    build(document).map_err(|error| format!("no se pudo generar el archivo Excel: {error}"))
}

fn build(document: &ResultDocument) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let pesos = Format::new().set_num_format("#,##0");

    let summary_sheet = workbook.add_worksheet();
    summary_sheet.set_name("Resumen")?;
    write_summary(summary_sheet, document, &bold)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Discrepancias")?;
    for (col, title) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (idx, discrepancy) in document.discrepancies.iter().enumerate() {
        let row = idx as u32 + 1;
        let amounts = [
            &discrepancy.valor_libro,
            &discrepancy.valor_novedades,
            &discrepancy.difference,
        ]
        .map(|value| value.as_ref().and_then(ComparedValue::whole_pesos));
        for (col, cell) in row_cells(discrepancy).iter().enumerate() {
            // Whole pesos fit an f64 exactly far beyond any payroll amount.
            let amount = AMOUNT_COLUMNS
                .iter()
                .position(|amount_col| *amount_col == col)
                .and_then(|idx| amounts[idx]);
            match amount {
                Some(amount) => {
                    sheet.write_number_with_format(row, col as u16, amount as f64, &pesos)?
                }
                None if cell.is_empty() => sheet,
                // Text is always a string cell, never a formula; neutralised as well, so
                // a copy pasted or saved as CSV from Excel stays inert.
                None => sheet.write_string(row, col as u16, cell.spreadsheet_text())?,
            };
        }
    }
    let last_row = document.discrepancies.len() as u32;
    sheet.autofilter(0, 0, last_row, COLUMNS.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(5, 80)?;
    for col in [0u16, 1, 4, 6] {
        sheet.set_column_width(col, 28)?;
    }
    workbook.save_to_buffer()
}

fn write_summary(
    sheet: &mut Worksheet,
    document: &ResultDocument,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 50)?;
    sheet.set_column_width(1, 28)?;
    let mut row = 0u32;
    sheet.write_string_with_format(row, 0, "Resumen de la verificación", bold)?;
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
                .map(|p| p.to_string())
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
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "Total de discrepancias", bold)?;
    sheet.write_number(row, 1, document.summary.total as f64)?;
    row += 1;
    sheet.write_string_with_format(row, 0, "Empleados afectados", bold)?;
    sheet.write_number(row, 1, document.summary.n_employees_affected as f64)?;
    row += 2;

    sheet.write_string_with_format(row, 0, "Por grupo", bold)?;
    row += 1;
    for group in Group::ALL {
        let count = document.summary.by_group.get(&group).copied().unwrap_or(0);
        sheet.write_string(row, 0, group.label())?;
        sheet.write_number(row, 1, count as f64)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "Por tipo", bold)?;
    row += 1;
    for kind in DiscrepancyKind::ALL {
        let count = document.summary.by_kind.get(&kind).copied().unwrap_or(0);
        sheet.write_string(row, 0, kind.label())?;
        sheet.write_number(row, 1, count as f64)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "Por estado", bold)?;
    row += 1;
    for status in DiscrepancyStatus::ALL {
        let count = document
            .summary
            .by_status
            .get(&status)
            .copied()
            .unwrap_or(0);
        sheet.write_string(row, 0, status.label())?;
        sheet.write_number(row, 1, count as f64)?;
        row += 1;
    }
    row += 1;
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
        sheet.write_string(row, 1, status)?;
        sheet.write_number(row, 2, worker.ms)?;
        sheet.write_number(row, 3, worker.n_discrepancies as f64)?;
        if let Some(error) = &worker.error {
            // The error names the user's file, whose name may read as a formula.
            sheet.write_string(row, 4, super::neutralise_formula(error))?;
        }
        row += 1;
    }
    Ok(())
}

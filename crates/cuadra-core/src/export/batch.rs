//! A batch's summary (`cuadra lote`): one row per closing of a folder, as JSON, CSV and
//! xlsx. Bytes out, no I/O: the CLI runs the closings and writes the files.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

use super::{excel_csv_bytes, excel_csv_writer, neutralise_formula};
use crate::discrepancy::{DiscrepancyKind, Group};
use crate::document::{ClosingState, ResultDocument};
use crate::model::Period;
use crate::values::rut::Rut;

/// The value of a batch summary's `formato`.
pub const BATCH_FORMAT: &str = "cuadra.lote/1";

/// One closing of a batch: what its document says, or why it did not run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchRow {
    /// The closing's subfolder name.
    #[serde(rename = "carpeta")]
    pub folder: String,
    #[serde(rename = "rut_empresa")]
    pub company_rut: Option<Rut>,
    #[serde(rename = "periodo")]
    pub period: Option<Period>,
    /// `None` when the closing could not run (then `error` says why).
    #[serde(rename = "estado")]
    pub state: Option<ClosingState>,
    #[serde(rename = "incompleto")]
    pub incomplete: bool,
    pub total: usize,
    /// Both groups, always present (zeros for a failed closing).
    #[serde(rename = "por_grupo")]
    pub by_group: BTreeMap<Group, usize>,
    /// Every type, always present, in type order: a summary's columns do not depend on
    /// what happened to be found.
    #[serde(rename = "por_tipo")]
    pub by_kind: BTreeMap<DiscrepancyKind, usize>,
    #[serde(rename = "empleados_afectados")]
    pub n_employees_affected: usize,
    /// The closing's own result document, relative to the output folder.
    #[serde(rename = "documento")]
    pub document: Option<String>,
    /// Wall-clock milliseconds for reading and reconciling the closing.
    pub ms: f64,
    pub error: Option<String>,
}

impl BatchRow {
    /// A closing that ran: its document's totals.
    pub fn ran(folder: &str, document: &ResultDocument, document_file: &str, ms: f64) -> BatchRow {
        let mut by_kind = all_kinds();
        by_kind.extend(document.summary.by_kind.iter().map(|(k, n)| (*k, *n)));
        let mut by_group = all_groups();
        by_group.extend(document.summary.by_group.iter().map(|(g, n)| (*g, *n)));
        BatchRow {
            folder: folder.to_string(),
            company_rut: document.closing.company_rut,
            period: document.closing.period,
            state: Some(document.state),
            incomplete: document.incomplete,
            total: document.summary.total,
            by_group,
            by_kind,
            n_employees_affected: document.summary.n_employees_affected,
            document: Some(document_file.to_string()),
            ms,
            error: None,
        }
    }

    /// A closing that could not run; `error` is the Spanish reason.
    pub fn failed(folder: &str, error: String, ms: f64) -> BatchRow {
        BatchRow {
            folder: folder.to_string(),
            company_rut: None,
            period: None,
            state: None,
            incomplete: false,
            total: 0,
            by_group: all_groups(),
            by_kind: all_kinds(),
            n_employees_affected: 0,
            document: None,
            ms,
            error: Some(error),
        }
    }
}

fn all_kinds() -> BTreeMap<DiscrepancyKind, usize> {
    DiscrepancyKind::ALL
        .into_iter()
        .map(|kind| (kind, 0))
        .collect()
}

fn all_groups() -> BTreeMap<Group, usize> {
    Group::ALL.into_iter().map(|group| (group, 0)).collect()
}

/// `resumen.json`: every closing of the batch, in folder order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchSummary {
    /// Always [`BATCH_FORMAT`].
    #[serde(rename = "formato")]
    pub format: String,
    /// Closings that ran (whatever they found).
    #[serde(rename = "cierres_ejecutados")]
    pub n_ran: usize,
    /// Closings that could not run.
    #[serde(rename = "cierres_con_error")]
    pub n_failed: usize,
    #[serde(rename = "cierres")]
    pub rows: Vec<BatchRow>,
}

impl BatchSummary {
    pub fn new(rows: Vec<BatchRow>) -> BatchSummary {
        let n_failed = rows.iter().filter(|row| row.error.is_some()).count();
        BatchSummary {
            format: BATCH_FORMAT.to_string(),
            n_ran: rows.len() - n_failed,
            n_failed,
            rows,
        }
    }
}

/// The summary as pretty JSON.
pub fn batch_to_json(summary: &BatchSummary) -> String {
    serde_json::to_string_pretty(summary)
        .expect("the summary holds only strings, numbers, maps with string keys and lists")
}

/// The CSV and xlsx columns: closing, state, both groups, the 15 types, the rest.
fn columns() -> Vec<&'static str> {
    let mut columns = vec!["Carpeta", "RUT empresa", "Período", "Estado", "Total"];
    columns.extend(Group::ALL.map(Group::label));
    columns.extend(DiscrepancyKind::ALL.map(DiscrepancyKind::label));
    columns.extend(["Empleados afectados", "Duración (ms)", "Error"]);
    columns
}

/// A cell: text or a count.
enum Cell {
    Text(String),
    Count(usize),
}

fn cells(row: &BatchRow) -> Vec<Cell> {
    let text = |value: Option<String>| Cell::Text(value.unwrap_or_default());
    let state = match (row.state, row.incomplete) {
        (None, _) => "Error".to_string(),
        (Some(state), false) => state.label().to_string(),
        (Some(state), true) => format!("{} (incompleto)", state.label()),
    };
    let mut cells = vec![
        Cell::Text(row.folder.clone()),
        text(row.company_rut.map(|rut| rut.to_string())),
        text(row.period.map(|period| period.to_string())),
        Cell::Text(state),
        Cell::Count(row.total),
    ];
    cells.extend(
        Group::ALL.map(|group| Cell::Count(row.by_group.get(&group).copied().unwrap_or(0))),
    );
    cells.extend(
        DiscrepancyKind::ALL.map(|kind| Cell::Count(row.by_kind.get(&kind).copied().unwrap_or(0))),
    );
    cells.push(Cell::Count(row.n_employees_affected));
    cells.push(Cell::Text(format!("{:.0}", row.ms)));
    cells.push(text(row.error.clone()));
    cells
}

/// The summary as CSV for Excel in Chile: UTF-8 with BOM, `;`-separated, a header row.
pub fn batch_to_csv(summary: &BatchSummary) -> Vec<u8> {
    let mut writer = excel_csv_writer();
    writer
        .write_record(columns())
        .expect("writing to a Vec cannot fail");
    for row in &summary.rows {
        let record: Vec<String> = cells(row)
            .into_iter()
            .map(|cell| match cell {
                // A folder may be named `=algo`: text goes in as text (OWASP).
                Cell::Text(text) => neutralise_formula(&text).into_owned(),
                Cell::Count(count) => count.to_string(),
            })
            .collect();
        writer
            .write_record(record)
            .expect("writing to a Vec cannot fail");
    }
    excel_csv_bytes(writer)
}

/// The summary as an `.xlsx` workbook with one filterable sheet. The error is Spanish text.
pub fn batch_to_xlsx(summary: &BatchSummary) -> Result<Vec<u8>, String> {
    build_xlsx(summary).map_err(|error| format!("no se pudo generar el archivo Excel: {error}"))
}

fn build_xlsx(summary: &BatchSummary) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Resumen")?;
    let columns = columns();
    for (col, title) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (idx, row) in summary.rows.iter().enumerate() {
        let row_idx = idx as u32 + 1;
        for (col, cell) in cells(row).into_iter().enumerate() {
            match cell {
                Cell::Text(text) if text.is_empty() => &mut *sheet,
                // Written as strings, never formulas, and neutralised like the document's
                // exports: a folder may be named `=algo`.
                Cell::Text(text) => {
                    sheet.write_string(row_idx, col as u16, neutralise_formula(&text))?
                }
                Cell::Count(count) => sheet.write_number(row_idx, col as u16, count as f64)?,
            };
        }
    }
    sheet.autofilter(0, 0, summary.rows.len() as u32, columns.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 1)?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(3, 28)?;
    sheet.set_column_width(columns.len() as u16 - 1, 80)?;
    workbook.save_to_buffer()
}

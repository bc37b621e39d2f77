//! Exports made from the result document: xlsx, csv, json; and a batch's summary
//! (`batch`). Bytes out, no I/O.
//!
//! Both spreadsheet exports go back into Excel, so every *text* cell passes through
//! [`neutralise_formula`] (OWASP "CSV injection"): a name such as `=HYPERLINK(…)` read from
//! a libro must open as text, never run. Numeric cells (pesos, amounts, days) are typed as
//! numbers by the discrepancy's [`ComparedValue`], so a real `-463721` stays a number. The
//! JSON is data for programs and stays exactly as the document holds it.
//!
//! Each export holds every discrepancy or only those the page's list shows ([`Scope`]),
//! and says which: the xlsx in a line of its "Resumen", the JSON in an `exportacion`
//! field, the CSV (a plain table) in its file name, which the page ends in `_filtrado`.

mod batch;
mod scope;
mod xlsx;

pub use batch::{batch_to_csv, batch_to_json, batch_to_xlsx, BatchRow, BatchSummary, BATCH_FORMAT};
pub use scope::Scope;
pub use xlsx::{to_xlsx, to_xlsx_scoped};

use std::borrow::Cow;
use std::ops::Deref;

use crate::discrepancy::{ComparedValue, Discrepancy, DocumentText};
use crate::document::ResultDocument;

/// The discrepancy columns shared by the CSV and the xlsx "Discrepancias" sheet. The
/// suggestion's three columns came last, after the original fifteen, so that a sheet
/// someone reads by column position keeps working.
const COLUMNS: [&str; 18] = [
    "Grupo",
    "Tipo",
    "Código tipo",
    "RUT",
    "Nombre",
    "Descripción",
    "Concepto",
    "Valor libro",
    "Valor novedades",
    "Valor movimientos",
    "Valor analista",
    "Diferencia",
    "Fecha evento",
    "Estado",
    "Nota",
    "RUT sugerido",
    "Nombre sugerido",
    "Motivo sugerencia",
];

/// One exported cell, borrowed from the discrepancy where it can be: the exports write
/// every row of 100,000 and need no copy of its texts.
enum Cell<'a> {
    Borrowed(&'a str),
    Value(DocumentText<'a>),
    /// A number the document holds as one (pesos, an amount, days): never neutralised.
    Number(DocumentText<'a>),
    Owned(String),
}

impl Cell<'_> {
    /// The cell as a spreadsheet should receive it: text neutralised, numbers as they are.
    fn spreadsheet_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Number(text) => Cow::Borrowed(text),
            _ => neutralise_formula(self),
        }
    }
}

/// A text cell as Excel, LibreOffice and Google Sheets will read it as text: when it
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return (what a spreadsheet may take
/// for a formula or a DDE call), a single quote is put in front, as OWASP recommends. Any
/// other text is returned as it is.
pub fn neutralise_formula(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

impl Deref for Cell<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Cell::Borrowed(text) => text,
            Cell::Value(text) | Cell::Number(text) => text,
            Cell::Owned(text) => text,
        }
    }
}

/// One discrepancy as the cells of [`COLUMNS`], as text.
fn row_cells(discrepancy: &Discrepancy) -> [Cell<'_>; COLUMNS.len()] {
    fn text(value: &Option<String>) -> Cell<'_> {
        Cell::Borrowed(value.as_deref().unwrap_or_default())
    }
    fn value(value: &Option<ComparedValue>) -> Cell<'_> {
        value
            .as_ref()
            .map_or(Cell::Borrowed(""), |value| match value {
                ComparedValue::Pesos(_) | ComparedValue::Amount(_) | ComparedValue::Days(_) => {
                    Cell::Number(value.document_text())
                }
                _ => Cell::Value(value.document_text()),
            })
    }
    let suggestion = discrepancy.suggestion.as_ref();
    [
        Cell::Borrowed(discrepancy.group.label()),
        Cell::Borrowed(discrepancy.kind.label()),
        Cell::Borrowed(discrepancy.kind.id()),
        Cell::Owned(discrepancy.rut.to_string()),
        Cell::Borrowed(&discrepancy.name),
        Cell::Borrowed(&discrepancy.description),
        text(&discrepancy.concept),
        value(&discrepancy.valor_libro),
        value(&discrepancy.valor_novedades),
        value(&discrepancy.valor_movimientos),
        value(&discrepancy.valor_analista),
        value(&discrepancy.difference),
        discrepancy
            .event_date
            .map_or(Cell::Borrowed(""), |date| Cell::Owned(date.to_string())),
        Cell::Borrowed(discrepancy.status.label()),
        text(&discrepancy.note),
        suggestion.map_or(Cell::Borrowed(""), |s| Cell::Owned(s.rut.to_string())),
        suggestion.map_or(Cell::Borrowed(""), |s| Cell::Borrowed(&s.name)),
        suggestion.map_or(Cell::Borrowed(""), |s| Cell::Borrowed(s.reason.phrase())),
    ]
}

/// The document as pretty JSON (docs/results.md).
pub fn to_json(document: &ResultDocument) -> String {
    serde_json::to_string_pretty(document)
        .expect("the document holds only strings, numbers, maps with string keys and lists")
}

/// `exportacion` of a filtered JSON export.
#[derive(serde::Serialize)]
struct ExportInfo<'a> {
    /// Always `filtradas`.
    #[serde(rename = "alcance")]
    scope: &'static str,
    #[serde(rename = "exportadas")]
    exported: usize,
    total: usize,
    #[serde(rename = "filtros")]
    filters: &'a str,
}

/// A filtered JSON export: the document with only the exported discrepancies, after an
/// `exportacion` that says how many of how many and under which filters.
#[derive(serde::Serialize)]
struct FilteredDocument<'a> {
    #[serde(rename = "exportacion")]
    export: ExportInfo<'a>,
    #[serde(flatten)]
    document: ResultDocument,
}

/// The document as pretty JSON holding the discrepancies of `scope`. All of them: exactly
/// [`to_json`]. Filtered: an `exportacion` field first (`alcance`, `exportadas`, `total`,
/// `filtros`), then the document with only those discrepancies; `resumen` still counts
/// the whole result.
pub fn to_json_scoped(document: &ResultDocument, scope: Scope<'_>) -> String {
    let Scope::Filtered { filters, .. } = scope else {
        return to_json(document);
    };
    let rows: Vec<Discrepancy> = scope.rows(document).into_iter().cloned().collect();
    let filtered = FilteredDocument {
        export: ExportInfo {
            scope: "filtradas",
            exported: rows.len(),
            total: document.discrepancies.len(),
            filters,
        },
        document: ResultDocument {
            discrepancies: rows,
            ..document.clone()
        },
    };
    serde_json::to_string_pretty(&filtered)
        .expect("the document holds only strings, numbers, maps with string keys and lists")
}

/// The discrepancies as CSV for Excel in Chile: UTF-8 with BOM, `;`-separated, a header row.
/// Text cells are neutralised ([`neutralise_formula`]); numbers are written as numbers.
pub fn to_csv(document: &ResultDocument) -> Vec<u8> {
    to_csv_scoped(document, Scope::All)
}

/// [`to_csv`] of the discrepancies of `scope`, in its order. A CSV is one table: that it
/// is filtered is said by its file name.
pub fn to_csv_scoped(document: &ResultDocument, scope: Scope<'_>) -> Vec<u8> {
    let mut writer = excel_csv_writer();
    writer
        .write_record(COLUMNS)
        .expect("writing to a Vec cannot fail");
    for discrepancy in scope.rows(document) {
        for cell in row_cells(discrepancy) {
            writer
                .write_field(cell.spreadsheet_text().as_bytes())
                .expect("writing to a Vec cannot fail");
        }
        writer
            .write_record(None::<&[u8]>)
            .expect("writing to a Vec cannot fail");
    }
    excel_csv_bytes(writer)
}

/// A CSV writer for Excel in Chile: `;`-separated (Excel's list separator where the decimal
/// mark is a comma). Finish it with [`excel_csv_bytes`].
fn excel_csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new())
}

/// The written CSV behind a UTF-8 BOM, without which Excel reads it as Windows-1252.
fn excel_csv_bytes(writer: csv::Writer<Vec<u8>>) -> Vec<u8> {
    let body = writer
        .into_inner()
        .expect("flushing into a Vec cannot fail");
    let mut bytes = Vec::with_capacity(body.len() + 3);
    bytes.extend_from_slice(b"\xEF\xBB\xBF");
    bytes.extend_from_slice(&body);
    bytes
}

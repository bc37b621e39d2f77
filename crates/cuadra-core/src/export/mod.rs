//! Exports made from the result document: xlsx, csv, json. Bytes out, no I/O.

mod xlsx;

pub use xlsx::to_xlsx;

use crate::discrepancy::{ComparedValue, Discrepancy};
use crate::document::ResultDocument;

/// The discrepancy columns shared by the CSV and the xlsx "Discrepancias" sheet.
const COLUMNS: [&str; 15] = [
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
];

/// One discrepancy as the 15 cells of [`COLUMNS`], as text.
fn row_cells(discrepancy: &Discrepancy) -> [String; 15] {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let value = |value: &Option<ComparedValue>| {
        value
            .as_ref()
            .map(ComparedValue::to_string)
            .unwrap_or_default()
    };
    [
        discrepancy.group.label().to_string(),
        discrepancy.kind.label().to_string(),
        discrepancy.kind.id().to_string(),
        discrepancy.rut.to_string(),
        discrepancy.name.clone(),
        discrepancy.description.clone(),
        text(&discrepancy.concept),
        value(&discrepancy.valor_libro),
        value(&discrepancy.valor_novedades),
        value(&discrepancy.valor_movimientos),
        value(&discrepancy.valor_analista),
        value(&discrepancy.difference),
        discrepancy
            .event_date
            .map(|date| date.to_string())
            .unwrap_or_default(),
        discrepancy.status.label().to_string(),
        text(&discrepancy.note),
    ]
}

/// The document as pretty JSON (SPEC §5.5).
pub fn to_json(document: &ResultDocument) -> String {
    serde_json::to_string_pretty(document)
        .expect("the document holds only strings, numbers, maps with string keys and lists")
}

/// The discrepancies as CSV for Excel in Chile: UTF-8 with BOM, `;`-separated, a header row.
pub fn to_csv(document: &ResultDocument) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    writer
        .write_record(COLUMNS)
        .expect("writing to a Vec cannot fail");
    for discrepancy in &document.discrepancies {
        writer
            .write_record(row_cells(discrepancy))
            .expect("writing to a Vec cannot fail");
    }
    let body = writer
        .into_inner()
        .expect("flushing into a Vec cannot fail");
    let mut bytes = Vec::with_capacity(body.len() + 3);
    bytes.extend_from_slice(b"\xEF\xBB\xBF");
    bytes.extend_from_slice(&body);
    bytes
}

//! The "Advertencias" sheet (every reader warning and note, every process's note, with
//! file, sheet, row and column where there is one) and the "Mapeo" sheet (novedades header
//! → libro concept, as the comparison used it).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::super::neutralise_formula;
use super::Formats;
use crate::document::ResultDocument;
use crate::values::text::normalize_header;

const WARNING_COLUMNS: [&str; 7] = [
    "Origen",
    "Archivo o proceso",
    "Hoja",
    "Fila",
    "Columna",
    "Texto de la celda",
    "Mensaje",
];

/// One line of the "Advertencias" sheet.
struct Warning<'a> {
    origin: &'static str,
    source: &'a str,
    sheet: &'a str,
    /// 1-based, as the spreadsheet shows it; `None` for the whole file.
    row: Option<u32>,
    column: &'a str,
    text: &'a str,
    message: String,
}

fn warnings(document: &ResultDocument) -> Vec<Warning<'_>> {
    let mut lines = Vec::new();
    for input in &document.inputs {
        for warning in &input.warnings {
            lines.push(Warning {
                origin: "Archivo",
                source: &input.file_name,
                sheet: &warning.sheet,
                row: (warning.row_number > 0).then_some(warning.row_number),
                column: warning.column.as_deref().unwrap_or_default(),
                text: warning.text.as_deref().unwrap_or_default(),
                message: warning.message.clone(),
            });
        }
        for note in &input.notes {
            lines.push(Warning {
                origin: "Archivo",
                source: &input.file_name,
                sheet: "",
                row: None,
                column: "",
                text: "",
                message: note.clone(),
            });
        }
    }
    for worker in &document.workers {
        let process = |message: String| Warning {
            origin: "Proceso",
            source: worker.group.label(),
            sheet: "",
            row: None,
            column: "",
            text: "",
            message,
        };
        if let Some(error) = &worker.error {
            lines.push(process(format!("Error: {error}")));
        }
        if let Some(reason) = &worker.not_compared_reason {
            lines.push(process(format!("No comparado: {reason}")));
        }
        lines.extend(worker.notes.iter().map(|note| process(note.clone())));
    }
    lines
}

pub(super) fn write_warnings(
    sheet: &mut Worksheet,
    document: &ResultDocument,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, title) in WARNING_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &formats.bold)?;
    }
    let lines = warnings(document);
    if lines.is_empty() {
        sheet.write_string(1, 0, "Sin advertencias ni notas")?;
    }
    for (idx, line) in lines.iter().enumerate() {
        let row = idx as u32 + 1;
        sheet.write_string(row, 0, line.origin)?;
        // File names, sheet names, headers and cell texts all come from the user's files.
        for (col, text) in [
            (1, line.source),
            (2, line.sheet),
            (4, line.column),
            (5, line.text),
            (6, line.message.as_str()),
        ] {
            if !text.is_empty() {
                sheet.write_string(row, col, neutralise_formula(text))?;
            }
        }
        if let Some(number) = line.row {
            sheet.write_number(row, 3, f64::from(number))?;
        }
    }
    if !lines.is_empty() {
        sheet.autofilter(0, 0, lines.len() as u32, WARNING_COLUMNS.len() as u16 - 1)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(1, 36)?;
    sheet.set_column_width(6, 90)?;
    Ok(())
}

/// Where a mapping line came from, as far as the document tells: it records the mapping
/// the run used (the user's choices plus the proposal for the rest), not which was which,
/// so a concept of the header's own name (or its itemised `X.1`) is read as the proposal.
fn origin(header: &str, concept: Option<&str>) -> &'static str {
    match concept {
        Some(concept) => {
            let (header, concept) = (normalize_header(header), normalize_header(concept));
            if concept == header || concept == format!("{header}.1") {
                "Propuesta automática (mismo nombre)"
            } else {
                "Elegido por el analista"
            }
        }
        None => "Sin concepto del mismo nombre en el libro, o quitado por el analista",
    }
}

pub(super) fn write_mapping(
    sheet: &mut Worksheet,
    document: &ResultDocument,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, title) in ["Encabezado novedades", "Concepto libro", "Origen"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &formats.bold)?;
    }
    let mapping = &document.settings.mapping;
    if mapping.is_empty() {
        sheet.write_string(1, 0, "Sin novedades: no hubo conceptos que asignar")?;
    }
    for (idx, (header, concept)) in mapping.iter().enumerate() {
        let row = idx as u32 + 1;
        sheet.write_string(row, 0, neutralise_formula(header))?;
        match concept {
            Some(concept) => sheet.write_string(row, 1, neutralise_formula(concept))?,
            None => sheet.write_string(row, 1, "Sin asignación (no se compara)")?,
        };
        sheet.write_string(row, 2, origin(header, concept.as_deref()))?;
    }
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 36)?;
    sheet.set_column_width(2, 40)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concept_of_the_headers_name_reads_as_the_proposal() {
        assert_eq!(
            origin("Sueldo Base", Some("Sueldo Base.1")),
            "Propuesta automática (mismo nombre)"
        );
        assert_eq!(
            origin("sueldo base", Some("Sueldo Base")),
            "Propuesta automática (mismo nombre)"
        );
        assert_eq!(
            origin("Bono", Some("Bono producción")),
            "Elegido por el analista"
        );
        assert!(origin("Bono", None).starts_with("Sin concepto"));
    }
}

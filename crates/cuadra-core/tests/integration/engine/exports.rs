//! The exports as an analyst uses them, read back by an independent reader (calamine):
//! the filtered or the complete set of rows and a file that says which; dates as dates,
//! days and amounts as numbers, whole milliseconds; the "Advertencias" and "Mapeo" sheets.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use calamine::{Data, Range, Reader, Xlsx};
use cuadra_core::export::{to_csv_scoped, to_json_scoped, to_xlsx_scoped, Scope};

use super::*;

/// Both groups compared, with amounts, dates and days among the values; one input warning
/// and a worker timing as awkward as a real clock difference.
fn full_document() -> ResultDocument {
    let (payroll_book, payroll_changes, movements, analyst) = everything();
    let payroll = compare_payroll_vs_changes(&payroll_book, Some(&payroll_changes), &settings());
    let movements = compare_movements_vs_analyst(&movements, &analyst, &settings(), None);
    let mut document = document_of(
        WorkerOutcome::Ok {
            result: payroll,
            ms: 9.799_999_999_813_735,
        },
        WorkerOutcome::Ok {
            result: movements,
            ms: 1_234.5,
        },
        &[],
    );
    document.inputs[0].warnings.push(InputWarning {
        sheet: "Hoja1".to_string(),
        row_number: 7,
        column: Some("Sueldo Base".to_string()),
        text: Some("=1+1".to_string()),
        message: "el monto no es un número".to_string(),
    });
    document.settings.mapping = BTreeMap::from([
        ("Bono".to_string(), Some("Bono".to_string())),
        (
            "Colación".to_string(),
            Some("Asignación colación".to_string()),
        ),
        ("@Observaciones".to_string(), None),
    ]);
    document
}

fn open(bytes: Vec<u8>) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens")
}

fn texts(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .flat_map(|row| row.iter().map(|cell| cell.to_string()))
        .collect()
}

fn column(range: &Range<Data>, title: &str) -> usize {
    range
        .rows()
        .next()
        .expect("a header row")
        .iter()
        .position(|cell| matches!(cell, Data::String(text) if text == title))
        .unwrap_or_else(|| panic!("no column {title}"))
}

#[test]
fn xlsx_writes_dates_as_dates_days_and_amounts_as_numbers_and_whole_milliseconds() {
    let document = full_document();
    let mut workbook = open(to_xlsx_scoped(&document, Scope::All).expect("xlsx"));
    assert_eq!(
        workbook.sheet_names(),
        ["Resumen", "Discrepancias", "Advertencias", "Mapeo"]
    );
    for sheet in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&sheet).expect("formulas");
        assert!(
            formulas
                .used_cells()
                .all(|(_, _, formula)| formula.is_empty()),
            "{sheet} holds a formula"
        );
    }
    let sheet = workbook.worksheet_range("Discrepancias").expect("sheet");
    assert_eq!(sheet.height(), 1 + document.discrepancies.len());
    let event_date = column(&sheet, "Fecha evento");
    let mut n_dates = 0;
    let mut n_days = 0;
    for (idx, discrepancy) in document.discrepancies.iter().enumerate() {
        let row = idx + 1;
        match discrepancy.event_date {
            Some(date) => {
                let Some(Data::DateTime(cell)) = sheet.get((row, event_date)) else {
                    panic!(
                        "row {row}: {:?} is not a date",
                        sheet.get((row, event_date))
                    );
                };
                assert_eq!(cell.as_f64() as i64, date.to_excel_serial());
                n_dates += 1;
            }
            None => assert_eq!(sheet.get((row, event_date)), Some(&Data::Empty)),
        }
        let values = [
            &discrepancy.valor_libro,
            &discrepancy.valor_novedades,
            &discrepancy.valor_movimientos,
            &discrepancy.valor_analista,
            &discrepancy.difference,
        ];
        for (offset, value) in values.into_iter().enumerate() {
            let cell = sheet.get((row, 7 + offset));
            match value {
                Some(ComparedValue::Days(days)) => {
                    assert_eq!(
                        cell,
                        Some(&Data::Float(
                            days.to_string().parse().expect("days are a number")
                        ))
                    );
                    n_days += 1;
                }
                Some(ComparedValue::Pesos(_)) => {
                    assert!(matches!(cell, Some(Data::Float(_))), "{cell:?}")
                }
                Some(ComparedValue::Date(_)) => {
                    assert!(matches!(cell, Some(Data::DateTime(_))), "{cell:?}")
                }
                _ => {}
            }
        }
    }
    assert!(n_dates > 0 && n_days > 0, "{n_dates} dates, {n_days} days");

    let summary = workbook.worksheet_range("Resumen").expect("sheet");
    let all = texts(&summary);
    let n = document.discrepancies.len();
    assert!(
        all.contains(&format!("Exportado: todas las discrepancias ({n})")),
        "{all:?}"
    );
    let milliseconds: Vec<&Data> = summary
        .rows()
        // The processes' rows: group, state, milliseconds.
        .filter(|row| matches!(&row[1], Data::String(text) if text == "Correcto"))
        .map(|row| &row[2])
        .collect();
    assert_eq!(
        milliseconds,
        [&Data::Float(10.0), &Data::Float(1_235.0)],
        "{all:?}"
    );
}

#[test]
fn the_filtered_exports_hold_exactly_the_given_rows_and_say_so() {
    let document = full_document();
    let total = document.discrepancies.len();
    assert!(total > 3, "{total}");
    let indices = [2, 0];
    let scope = Scope::Filtered {
        indices: &indices,
        filters: "tipo = Diferencia en monto",
    };
    let mut workbook = open(to_xlsx_scoped(&document, scope).expect("xlsx"));
    let sheet = workbook.worksheet_range("Discrepancias").expect("sheet");
    assert_eq!(sheet.height(), 3);
    let rut = column(&sheet, "RUT");
    assert_eq!(
        sheet.get((1, rut)).expect("present").to_string(),
        document.discrepancies[2].rut.to_string()
    );
    assert_eq!(
        sheet.get((2, rut)).expect("present").to_string(),
        document.discrepancies[0].rut.to_string()
    );
    let summary = workbook.worksheet_range("Resumen").expect("sheet");
    assert!(texts(&summary).contains(&format!(
        "Exportado: 2 de {total} discrepancias, filtros: tipo = Diferencia en monto"
    )));

    let csv = to_csv_scoped(&document, scope);
    let lines = std::str::from_utf8(&csv[3..])
        .expect("utf-8")
        .lines()
        .count();
    assert_eq!(lines, 3);

    let json: serde_json::Value =
        serde_json::from_str(&to_json_scoped(&document, scope)).expect("json");
    assert_eq!(json["exportacion"]["alcance"], "filtradas");
    assert_eq!(json["exportacion"]["exportadas"], 2);
    assert_eq!(json["exportacion"]["total"], total);
    assert_eq!(json["exportacion"]["filtros"], "tipo = Diferencia en monto");
    assert_eq!(json["discrepancias"].as_array().expect("present").len(), 2);
    // The complete JSON is the document, exactly.
    assert_eq!(to_json_scoped(&document, Scope::All), to_json(&document));
}

#[test]
fn the_warnings_and_mapping_sheets_name_file_sheet_row_and_column() {
    let document = full_document();
    let mut workbook = open(to_xlsx_scoped(&document, Scope::All).expect("xlsx"));
    let warnings = workbook.worksheet_range("Advertencias").expect("sheet");
    let row = warnings
        .rows()
        .find(|row| row[6] == "el monto no es un número")
        .expect("the input warning");
    assert_eq!(row[0].to_string(), "Archivo");
    assert_eq!(
        row[1].to_string(),
        "202503_libro_remuneraciones_761234560.xlsx"
    );
    assert_eq!(row[2].to_string(), "Hoja1");
    assert_eq!(row[3], Data::Float(7.0));
    assert_eq!(row[4].to_string(), "Sueldo Base");
    assert_eq!(row[5].to_string(), "'=1+1", "the cell text is neutralised");
    let notes: Vec<String> = document
        .workers
        .iter()
        .flat_map(|worker| worker.notes.iter().cloned())
        .collect();
    let all = texts(&warnings);
    for note in &notes {
        assert!(all.contains(note), "{note} missing from {all:?}");
    }

    let mapping = workbook.worksheet_range("Mapeo").expect("sheet");
    let rows: Vec<Vec<String>> = mapping
        .rows()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        ["Encabezado novedades", "Concepto libro", "Origen"]
    );
    assert_eq!(rows.len(), 4);
    assert!(rows.contains(&vec![
        "'@Observaciones".to_string(),
        "Sin asignación (no se compara)".to_string(),
        "Sin concepto del mismo nombre en el libro, o quitado por el analista".to_string(),
    ]));
    assert!(rows.contains(&vec![
        "Bono".to_string(),
        "Bono".to_string(),
        "Propuesta automática (mismo nombre)".to_string(),
    ]));
    assert!(rows.contains(&vec![
        "Colación".to_string(),
        "Asignación colación".to_string(),
        "Elegido por el analista".to_string(),
    ]));
}

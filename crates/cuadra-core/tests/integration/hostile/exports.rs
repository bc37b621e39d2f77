//! No injection through the exports: every text cell that a spreadsheet could take for a
//! formula is neutralised in the CSV and the xlsx, numbers stay numbers, the JSON is data.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::io::Cursor;

use calamine::{Data, Reader};
use cuadra_core::compare::compare_payroll_vs_changes;
use cuadra_core::consolidate::WorkerOutcome;
use cuadra_core::document::ResultDocument;
use cuadra_core::export::{neutralise_formula, to_csv, to_json, to_xlsx};
use cuadra_core::input::{read_payroll_book, read_payroll_changes};
use cuadra_core::pipeline::{self, FileFacts};
use cuadra_core::Settings;

/// Names and texts an attacker (or an unlucky analyst) may put in a libro or novedades.
const HOSTILE_NAMES: [&str; 5] = [
    "=HYPERLINK(\"http://x\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "<script>alert(1)</script>",
];

/// A libro and novedades whose names and an `Observaciones` text start like formulas, with
/// a `Sueldo Base` difference of −463,721 for every employee: read, compared, consolidated.
fn hostile_document() -> ResultDocument {
    let mut libro = String::from("Rut del Trabajador;Nombre;Sueldo Base;Observaciones\n");
    let mut novedades = String::from("RUT;Nombre;Sueldo Base;Observaciones\n");
    for (idx, name) in HOSTILE_NAMES.iter().enumerate() {
        let rut = cuadra_core::values::rut::Rut::from_number(11_111_111 + idx as u32);
        libro.push_str(&format!(
            "{rut};\"{}\";500000;=1+1\n",
            name.replace('"', "\"\"")
        ));
        novedades.push_str(&format!("{rut};x;963721;@evil\n"));
    }
    let book = read_payroll_book("=libro.csv", libro.as_bytes()).expect("a libro");
    let changes = read_payroll_changes("novedades.csv", novedades.as_bytes()).expect("novedades");
    let mut settings = Settings::default();
    settings.mapping.insert(
        "Observaciones".to_string(),
        Some("Observaciones".to_string()),
    );
    let plan = pipeline::plan(&[FileFacts::of(&book), FileFacts::of(&changes)], &settings);
    let result = compare_payroll_vs_changes(&book.value, Some(&changes.value), &settings);
    pipeline::finish(
        &plan,
        WorkerOutcome::Ok { result, ms: 1.0 },
        WorkerOutcome::Failed {
            error: "=movimientos.xlsx: el archivo está vacío".to_string(),
            ms: 1.0,
        },
        &[],
    )
}

#[test]
fn formula_injection_every_risky_first_character_gets_a_quote() {
    for text in ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx"] {
        assert_eq!(neutralise_formula(text), format!("'{text}"), "{text:?}");
    }
    for text in [
        "Ana",
        "",
        "1-2",
        "12345678-5",
        "'=already",
        " =spaced",
        "<b>",
    ] {
        assert_eq!(neutralise_formula(text), text, "{text:?}");
    }
}

#[test]
fn formula_injection_csv_neutralises_text_and_keeps_negative_amounts_numbers() {
    let document = hostile_document();
    let csv = to_csv(&document);
    let text = std::str::from_utf8(&csv[3..]).expect("utf-8");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .expect("a column of the export")
    };
    let (name, libro, novedades, difference) = (
        column("Nombre"),
        column("Valor libro"),
        column("Valor novedades"),
        column("Diferencia"),
    );
    let mut names = Vec::new();
    let mut differences = Vec::new();
    let mut text_values = Vec::new();
    for record in reader.records() {
        let record = record.expect("a record");
        // No field of any row starts with a risky character.
        for field in record.iter() {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r'])
                    || field.parse::<i64>().is_ok(),
                "an armed cell: {field:?}"
            );
        }
        names.push(record[name].to_string());
        if record[difference].is_empty() {
            text_values.push((record[libro].to_string(), record[novedades].to_string()));
        } else {
            differences.push(record[difference].to_string());
        }
    }
    names.sort();
    names.dedup();
    assert_eq!(
        names,
        [
            "'+cmd|' /C calc'!A0",
            "'-2+3",
            "'=HYPERLINK(\"http://x\")",
            "'@SUM(A1)",
            "<script>alert(1)</script>",
        ]
    );
    // The real negative difference stays a number Excel sums.
    assert_eq!(differences, vec!["-463721"; 5]);
    assert_eq!(
        text_values,
        vec![("'=1+1".to_string(), "'@evil".to_string()); 5]
    );
}

#[test]
fn formula_injection_xlsx_writes_no_formula_and_neutralises_text() {
    let document = hostile_document();
    let bytes = to_xlsx(&document).expect("xlsx");
    let mut workbook =
        calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes)).expect("open");
    let mut n_text_cells = 0;
    let mut differences = Vec::new();
    for sheet in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&sheet).expect("formulas");
        assert!(
            formulas
                .used_cells()
                .all(|(_, _, formula)| formula.is_empty()),
            "sheet {sheet} holds a formula"
        );
        let range = workbook.worksheet_range(&sheet).expect("cells");
        for (row, col, cell) in range.used_cells() {
            match cell {
                Data::String(text) => {
                    n_text_cells += 1;
                    assert!(
                        !text.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{sheet} {row}:{col} {text:?}"
                    );
                }
                Data::Float(value) if sheet == "Discrepancias" && col == 11 => {
                    differences.push(*value)
                }
                _ => {}
            }
        }
    }
    assert!(n_text_cells > 50, "{n_text_cells}");
    assert_eq!(differences, vec![-463_721.0; 5]);
}

/// The "Advertencias" and "Mapeo" sheets carry file names, headers and cell texts of the
/// user's files: each is a neutralised string cell, and the filters the page describes in
/// "Resumen" too.
#[test]
fn formula_injection_warnings_and_mapping_sheets_stay_inert() {
    let mut document = hostile_document();
    document
        .settings
        .mapping
        .insert("=cmd|' /C calc'!A0".to_string(), Some("+Bono".to_string()));
    document.inputs[0]
        .warnings
        .push(cuadra_core::model::InputWarning {
            sheet: "-Hoja".to_string(),
            row_number: 3,
            column: Some("@Columna".to_string()),
            text: Some("=1+1".to_string()),
            message: "texto".to_string(),
        });
    let indices = [0];
    let scope = cuadra_core::export::Scope::Filtered {
        indices: &indices,
        filters: "=texto",
    };
    let bytes = cuadra_core::export::to_xlsx_scoped(&document, scope).expect("xlsx");
    let mut workbook =
        calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes)).expect("open");
    let mut seen = Vec::new();
    for sheet in ["Resumen", "Advertencias", "Mapeo"] {
        let formulas = workbook.worksheet_formula(sheet).expect("formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet}"
        );
        let range = workbook.worksheet_range(sheet).expect("cells");
        for (_, _, cell) in range.used_cells() {
            if let Data::String(text) = cell {
                assert!(
                    !text.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{sheet}: {text:?}"
                );
                seen.push(text.clone());
            }
        }
    }
    for expected in [
        "'=libro.csv",
        "'-Hoja",
        "'@Columna",
        "'=1+1",
        "'=cmd|' /C calc'!A0",
        "'+Bono",
    ] {
        assert!(seen.iter().any(|t| t == expected), "{expected} in {seen:?}");
    }
    assert!(
        seen.iter().any(|t| t.ends_with("filtros: =texto")),
        "{seen:?}"
    );
}

#[test]
fn formula_injection_json_stays_data() {
    let document = hostile_document();
    let json: serde_json::Value = serde_json::from_str(&to_json(&document)).expect("json");
    let names: Vec<&str> = json["discrepancias"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["nombre"].as_str().expect("a name"))
        .collect();
    assert!(names.contains(&"=HYPERLINK(\"http://x\")"), "{names:?}");
    assert_eq!(json["entradas"][0]["archivo"], "=libro.csv");
}

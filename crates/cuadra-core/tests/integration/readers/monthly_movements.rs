//! The Movimientos reader (docs/inputs.md): sheets by name, dates, counts and missing columns.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn movimientos_ods_sheets_dates_and_counts() {
    let bytes = fixture("movimientos.ods");
    let read = read_monthly_movements("202503_movimientos_761234560.ods", &bytes).expect("ods");
    let movements = &read.value;
    let hires: Vec<(String, Date)> = movements
        .hires
        .iter()
        .map(|m| (m.rut.to_string(), m.date))
        .collect();
    assert_eq!(
        hires,
        [
            ("12345678-5".into(), date(2025, 3, 4)),
            ("7654321-6".into(), date(2025, 3, 10))
        ]
    );
    assert_eq!(movements.hires[0].sheet, "Altas_y_Bajas");
    assert_eq!(movements.hires[0].row_number, 4);
    assert_eq!(movements.hires[0].name, "Ana Pérez");
    assert_eq!(movements.terminations.len(), 1);
    let juan = &movements.terminations[0];
    // An Excel serial number in the date column.
    assert_eq!(juan.date, date(2025, 3, 15));
    assert_eq!(juan.contract_type.as_deref(), Some("Plazo Fijo"));
    assert_eq!(juan.reason.as_deref(), Some("Vencimiento del plazo"));

    assert_eq!(movements.absences.len(), 2);
    let licence = &movements.absences[0];
    assert_eq!(
        (licence.start, licence.end),
        (date(2025, 3, 3), date(2025, 3, 7))
    );
    assert_eq!(licence.days, Some(d("5")));
    assert_eq!(licence.kind, "Licencia Médica");
    assert_eq!(licence.kind_key, "licencia medica");
    assert_eq!(movements.absences[1].days, Some(d("0.5")));
    assert_eq!(movements.n_vacations, 2);
    assert_eq!(movements.n_salary_changes, 1);
    assert_eq!(movements.n_contract_changes, 0);

    let summary = &read.summary;
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n.contains("«Resumen» omitida")),
        "{:#?}",
        summary.notes
    );
    let missing_date = warning_at(summary, "Altas_y_Bajas", 7);
    assert_eq!(missing_date.column.as_deref(), Some("Fecha Retiro"));
    assert!(
        missing_date.message.contains("falta la fecha"),
        "{}",
        missing_date.message
    );
    let bad_date = warning_at(summary, "Ausentismos", 6);
    assert_eq!(bad_date.text.as_deref(), Some("31/02/2025"));
    assert!(
        bad_date.message.contains("Ausentismos"),
        "{}",
        bad_date.message
    );
    assert!(bad_date.message.contains("fila 6"), "{}", bad_date.message);
    assert_eq!(summary.n_rows_skipped, 2);
    assert_eq!(summary.warnings.len(), 2, "{:#?}", summary.warnings);
}

#[test]
fn movimientos_missing_required_column_names_sheet_and_column() {
    let bytes = xlsx(&[(
        "Altas y Bajas",
        vec![
            vec![X::S("Reporte")],
            vec![],
            vec![
                X::S("Nombre"),
                X::S("Rut"),
                X::S("Fecha Ingreso"),
                X::S("Alta / Baja"),
            ],
            vec![
                X::S("Ana"),
                X::S("12345678-5"),
                X::D(2025, 3, 4),
                X::S("ALTA"),
            ],
        ],
    )]);
    let error = read_monthly_movements("movimientos.xlsx", &bytes).expect_err("error");
    assert_eq!(error.sheet.as_deref(), Some("Altas y Bajas"));
    assert!(error.kind.to_string().contains("«Fecha Retiro»"), "{error}");
    assert!(
        matches!(&error.kind, InputErrorKind::MissingColumn { column, .. } if column == "Fecha Retiro"),
        "{error:?}"
    );
    assert!(error.to_string().contains("Altas y Bajas"), "{error}");
}

#[test]
fn movimientos_xlsx_date_cells_and_case_insensitive_alta_baja() {
    let bytes = xlsx(&[
        (
            "ALTAS-BAJAS",
            vec![
                vec![
                    X::S("Rut"),
                    X::S("Fecha Ingreso"),
                    X::S("Fecha Retiro"),
                    X::S("Alta / Baja"),
                ],
                vec![X::S("12345678-5"), X::D(2025, 3, 4), X::Blank, X::S("alta")],
                vec![X::S("10609379-2"), X::Blank, X::N(45731.0), X::S("Baja")],
                vec![X::S("7654321-6"), X::Blank, X::Blank, X::S("traslado")],
            ],
        ),
        ("Otra cosa", vec![vec![X::S("x")]]),
    ]);
    let read = read_monthly_movements("movimientos.xlsx", &bytes).expect("xlsx");
    assert_eq!(read.value.hires[0].date, date(2025, 3, 4));
    assert_eq!(read.value.terminations[0].date, date(2025, 3, 15));
    let warning = warning_at(&read.summary, "ALTAS-BAJAS", 4);
    assert!(
        warning.message.contains("no es ALTA ni BAJA"),
        "{}",
        warning.message
    );
    assert_eq!(read.summary.notes.len(), 1);
}

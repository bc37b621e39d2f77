//! The analyst's files (docs/inputs.md): Ingresos, Finiquitos and Ausentismos.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn ingresos_csv_utf8_bom_comma_with_date_shapes() {
    let bytes = fixture("ingresos_utf8_bom_comma.csv");
    let read = read_analyst_hires("ingresos.csv", &bytes).expect("ingresos");
    let hires: Vec<(String, Date)> = read
        .value
        .iter()
        .map(|m| (m.rut.to_string(), m.date))
        .collect();
    assert_eq!(
        hires,
        [
            ("12345678-5".into(), date(2025, 3, 4)),
            ("7654321-6".into(), date(2025, 3, 10)),
            ("10609379-2".into(), date(2025, 3, 15)),
        ]
    );
    assert_eq!(read.value[0].name, "Ana Pérez");
    assert_eq!(read.value[0].row_number, 3);
    let bad = warning_at(&read.summary, "ingresos", 6);
    assert_eq!(bad.text.as_deref(), Some("pronto"));
    assert_eq!(bad.column.as_deref(), Some("Fecha Ingreso"));
    assert_eq!(read.summary.n_rows, 3);
    assert_eq!(read.summary.n_rows_skipped, 1);
}

#[test]
fn finiquitos_need_fecha_retiro() {
    let error = read_analyst_terminations("finiquitos.csv", "Rut;Nombre;Motivo\n".as_bytes())
        .expect_err("error");
    assert!(error.kind.to_string().contains("«Fecha Retiro»"), "{error}");
    assert!(
        matches!(&error.kind, InputErrorKind::MissingColumn { column, .. } if column == "Fecha Retiro"),
        "{error:?}"
    );
    let csv = "RUT;Nombres;Fecha de Retiro;Motivo\n12345678-5;Ana;31-03-2025;\n";
    let read = read_analyst_terminations("finiquitos.csv", csv.as_bytes()).expect("ok");
    assert_eq!(read.value[0].date, date(2025, 3, 31));
    assert_eq!(read.value[0].reason, None);
    assert_eq!(read.value[0].name, "Ana");
}

#[test]
fn analyst_absences_with_synonyms() {
    let bytes = xlsx(&[(
        "Hoja1",
        vec![
            vec![
                X::S("R.U.T"),
                X::S("Nombre Completo"),
                X::S("F. Inicio"),
                X::S("Fecha Término"),
                X::S("Cant Días"),
                X::S("Tipo de Licencia"),
            ],
            vec![
                X::N(123_456_785.0),
                X::S("Ana Pérez"),
                X::D(2025, 3, 3),
                X::S("07.03.2025"),
                X::N(4.5),
                X::S("licencia  médica."),
            ],
            vec![
                X::S("TOTAL"),
                X::Blank,
                X::Blank,
                X::Blank,
                X::N(4.5),
                X::Blank,
            ],
        ],
    )]);
    let read = read_analyst_absences("ausentismos.xlsx", &bytes).expect("absences");
    assert_eq!(read.value.len(), 1);
    let absence = &read.value[0];
    assert_eq!(absence.rut, rut("12345678-5"));
    assert_eq!(
        (absence.start, absence.end),
        (date(2025, 3, 3), date(2025, 3, 7))
    );
    assert_eq!(absence.days, Some(d("4.5")));
    assert_eq!(absence.kind_key, "licencia medica");
    assert!(
        read.summary.warnings.is_empty(),
        "{:#?}",
        read.summary.warnings
    );
}

#[test]
fn analyst_absences_missing_type_column_is_an_error() {
    let csv = "Rut;Fecha Inicio;Fecha Fin;Dias\n";
    let error = read_analyst_absences("ausentismos.csv", csv.as_bytes()).expect_err("error");
    assert!(
        error.kind.to_string().contains("«Tipo de Ausentismo»"),
        "{error}"
    );
    assert!(
        matches!(&error.kind, InputErrorKind::MissingColumn { column, .. } if column == "Tipo de Ausentismo"),
        "{error:?}"
    );
    assert_eq!(error.sheet.as_deref(), Some("ausentismos"));
}

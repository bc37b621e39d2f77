//! The Novedades reader (docs/inputs.md): encodings, markers, merges and positional columns.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn novedades_csv_windows_1252_semicolon_markers_and_merge() {
    let bytes = fixture("novedades_win1252_semicolon.csv");
    let read = read_payroll_changes("novedades.csv", &bytes).expect("novedades");
    let changes = &read.value;
    assert_eq!(changes.sheet, "novedades");
    assert_eq!(
        changes.concepts,
        ["Gratificación", "VIÁTICOS", "Observación"]
    );
    assert_eq!(changes.employees.len(), 2);
    let ana = &changes.employees[0];
    assert_eq!(ana.rut, rut("12345678-5"));
    assert_eq!(ana.name, "Ana Pérez Soto");
    // 150.000 + 50.000 merged; `X` is no novelty so the later 12.500 fills it; text kept.
    assert_eq!(
        ana.values,
        [
            amount("200000"),
            amount("12500"),
            ConceptValue::Text("Turno noche".into())
        ]
    );
    let juan = &changes.employees[1];
    // `N/A` and `-` are no novelty; 0 stays an amount (setting 5.3 decides).
    assert_eq!(
        juan.values,
        [ConceptValue::Empty, amount("0"), ConceptValue::Empty]
    );
    let merge = warning_at(&read.summary, "novedades", 4);
    assert!(merge.message.contains("12345678-5"), "{}", merge.message);
    assert!(merge.message.contains("Gratificación"), "{}", merge.message);
    assert!(merge.message.contains("se suman"), "{}", merge.message);
    assert_eq!(merge.column.as_deref(), Some("Gratificación"));
    assert_eq!(
        read.summary.warnings.len(),
        1,
        "{:#?}",
        read.summary.warnings
    );
    assert_eq!(read.summary.n_rows, 3);
    assert!(read.summary.name_warning.is_some());
}

#[test]
fn novedades_positional_columns_when_headers_unrecognisable() {
    let csv = "Identificador;Nom;Ap1;Ap2;BONO\n12345678-5;Ana;Pérez;Soto;1000\n";
    let read =
        read_payroll_changes("202503_novedades_761234560.csv", csv.as_bytes()).expect("novedades");
    assert_eq!(read.value.concepts, ["BONO"]);
    assert_eq!(read.value.employees[0].rut, rut("12345678-5"));
    assert_eq!(read.value.employees[0].name, "Ana Pérez Soto");
    assert_eq!(read.value.employees[0].values, [amount("1000")]);
    assert_eq!(read.summary.notes.len(), 1);
}

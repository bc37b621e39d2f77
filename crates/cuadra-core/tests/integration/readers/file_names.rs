//! File names (period and client RUT) and slot detection by name and content.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn file_name_pattern_and_soft_warning() {
    let (info, warning) = parse_file_name("202503_libro_remuneraciones_761234560.xlsx");
    assert_eq!(info.period, Period::parse("2025-03"));
    assert_eq!(info.company_rut, Some(rut("76123456-0")));
    assert_eq!(warning, None);
    let (info, warning) = parse_file_name("Libro Marzo.xlsx");
    assert_eq!(info.period, None);
    assert!(warning
        .expect("soft warning")
        .starts_with("el nombre «Libro Marzo.xlsx»"));
    // Reading never fails because of the name.
    let read =
        read_analyst_hires("cualquier nombre.csv", "Rut;Fecha Ingreso\n".as_bytes()).expect("read");
    assert!(read.summary.name_warning.is_some());
}

#[test]
fn detect_slot_by_name_and_content() {
    assert_eq!(
        detect_slot("202503_libro_remuneraciones_761234560.xls", b""),
        Some(Slot::PayrollBook)
    );
    assert_eq!(
        detect_slot("Novedades marzo.csv", b""),
        Some(Slot::PayrollChanges)
    );
    // Content: Movimientos' sheet names, the libro's identification headers.
    assert_eq!(
        detect_slot("marzo.ods", &fixture("movimientos.ods")),
        Some(Slot::MonthlyMovements)
    );
    assert_eq!(
        detect_slot("marzo.xls", &fixture("libro_title_rows.xls")),
        Some(Slot::PayrollBook)
    );
    assert_eq!(
        detect_slot("datos.csv", &fixture("ingresos_utf8_bom_comma.csv")),
        Some(Slot::AnalystHires)
    );
    assert_eq!(detect_slot("datos.csv", b"hola;mundo\n"), None);
}

//! Which upload slot a dropped file belongs to: by keywords in its name first, then by its
//! content (Movimientos' sheet names, then the headers of the first sheet with a RUT column).

use crate::headers;
use crate::model::Slot;
use crate::sheet::Workbook;
use crate::values::text::normalize_sheet_name;

use super::common::{find_header_row, Headers};
use super::sheet_kind::{classify_sheet, SheetKind};

/// Which slot a dropped file belongs to: by keywords in its name first, then by its content
/// (Movimientos' sheet names, then the headers of the first sheet).
pub fn detect_slot(file_name: &str, bytes: &[u8]) -> Option<Slot> {
    detect_slot_by_name(file_name).or_else(|| detect_slot_by_content(file_name, bytes))
}

/// The slot a file name tells (`…_libro_…`, `…_novedades_…`, …), without reading the bytes.
pub fn detect_slot_by_name(file_name: &str) -> Option<Slot> {
    let name = normalize_sheet_name(file_name);
    let has = |keywords: &[&str]| keywords.iter().any(|keyword| name.contains(keyword));
    // Most specific first: `novedades_remuneraciones` is novedades, not the libro.
    if has(headers::FILE_PAYROLL_CHANGES) {
        Some(Slot::PayrollChanges)
    } else if has(headers::FILE_MONTHLY_MOVEMENTS) {
        Some(Slot::MonthlyMovements)
    } else if has(headers::FILE_PAYROLL_BOOK) {
        Some(Slot::PayrollBook)
    } else if has(headers::FILE_ANALYST_TERMINATIONS) {
        Some(Slot::AnalystTerminations)
    } else if has(headers::FILE_ANALYST_ABSENCES) {
        Some(Slot::AnalystAbsences)
    } else if has(headers::FILE_ANALYST_HIRES) {
        Some(Slot::AnalystHires)
    } else {
        None
    }
}

fn detect_slot_by_content(file_name: &str, bytes: &[u8]) -> Option<Slot> {
    let workbook = Workbook::open(file_name, bytes).ok()?;
    let kinds: Vec<SheetKind> = workbook
        .sheets
        .iter()
        .filter_map(|sheet| classify_sheet(&sheet.name))
        .collect();
    if kinds.contains(&SheetKind::HiresTerminations) || kinds.len() >= 2 {
        return Some(Slot::MonthlyMovements);
    }
    for sheet in &workbook.sheets {
        let Some(row_idx) = find_header_row(sheet, headers::WORKER_RUT) else {
            continue;
        };
        let headers = Headers::read(sheet, row_idx);
        let has = |synonyms: &[&str]| headers.find(synonyms).is_some();
        return Some(if has(headers::HIRE_OR_TERMINATION) {
            Slot::MonthlyMovements
        } else if has(headers::ABSENCE_START) && has(headers::ABSENCE_KIND) {
            Slot::AnalystAbsences
        } else if has(headers::TERMINATION_DATE) {
            Slot::AnalystTerminations
        } else if has(headers::HIRE_DATE) {
            Slot::AnalystHires
        } else if has(headers::COMPANY_RUT) || has(headers::YEAR) {
            Slot::PayrollBook
        } else {
            Slot::PayrollChanges
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn slots_by_name() {
        let cases = [
            (
                "202503_libro_remuneraciones_761234560.xlsx",
                Slot::PayrollBook,
            ),
            ("Remuneraciones marzo.xls", Slot::PayrollBook),
            ("novedades.csv", Slot::PayrollChanges),
            ("202503_movimientos_761234560.xlsx", Slot::MonthlyMovements),
            ("Ingresos.xlsx", Slot::AnalystHires),
            (
                "Reporte de Ingresos y Egresos 3-2025.xlsx",
                Slot::MonthlyMovements,
            ),
            ("finiquitos-marzo.ods", Slot::AnalystTerminations),
            ("Ausentismos.xlsx", Slot::AnalystAbsences),
            ("incidencias.csv", Slot::AnalystAbsences),
        ];
        for (name, slot) in cases {
            assert_eq!(detect_slot(name, b""), Some(slot), "{name}");
        }
        assert_eq!(detect_slot("datos.csv", b""), None);
    }

    #[test]
    fn slots_by_content() {
        let csv = |text: &str| detect_slot("datos.csv", text.as_bytes());
        assert_eq!(csv("Rut;Nombre;Fecha Ingreso\n"), Some(Slot::AnalystHires));
        assert_eq!(
            csv("Rut;Nombre;Fecha Retiro;Motivo\n"),
            Some(Slot::AnalystTerminations)
        );
        assert_eq!(
            csv("Rut;Fecha Inicio;Fecha Fin;Dias;Tipo Ausentismo\n"),
            Some(Slot::AnalystAbsences)
        );
        assert_eq!(
            csv("Año;Mes;Rut de la Empresa;Rut del Trabajador\n"),
            Some(Slot::PayrollBook)
        );
        assert_eq!(csv("RUT;Nombre;BONO\n"), Some(Slot::PayrollChanges));
        assert_eq!(csv("hola;mundo\n"), None);
    }
}

//! The kind of a Movimientos sheet (altas y bajas, ausentismos, vacaciones, variaciones)
//! from its name: what the Movimientos reader reads and what slot detection looks at.

use crate::headers;
use crate::values::text::normalize_sheet_name;

/// The kind of a Movimientos sheet, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SheetKind {
    HiresTerminations,
    Absences,
    Vacations,
    SalaryChanges,
    ContractChanges,
}

/// Classifies a sheet by substrings of its normalised name (`_` and `-` read as spaces).
pub(crate) fn classify_sheet(sheet_name: &str) -> Option<SheetKind> {
    let name = normalize_sheet_name(sheet_name);
    let has = |needles: &[&str]| needles.iter().any(|needle| name.contains(needle));
    if has(headers::SHEET_HIRES_TERMINATIONS) {
        Some(SheetKind::HiresTerminations)
    } else if has(headers::SHEET_ABSENCES) {
        Some(SheetKind::Absences)
    } else if has(headers::SHEET_VACATIONS) {
        Some(SheetKind::Vacations)
    } else if has(headers::SHEET_SALARY_CHANGES) {
        Some(SheetKind::SalaryChanges)
    } else if has(headers::SHEET_CONTRACT_CHANGES) {
        Some(SheetKind::ContractChanges)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sheet_classification() {
        let cases = [
            ("Altas y Bajas", Some(SheetKind::HiresTerminations)),
            ("ALTAS_BAJAS", Some(SheetKind::HiresTerminations)),
            ("AltasBajas Marzo", Some(SheetKind::HiresTerminations)),
            ("Ausentismos", Some(SheetKind::Absences)),
            ("Vacaciones", Some(SheetKind::Vacations)),
            ("Variaciones-de-Sueldo", Some(SheetKind::SalaryChanges)),
            ("Variaciones Sueldo", Some(SheetKind::SalaryChanges)),
            (
                "Variaciones de Tipo Contrato",
                Some(SheetKind::ContractChanges),
            ),
            ("Variaciones Contrato", Some(SheetKind::ContractChanges)),
            ("Resumen", None),
        ];
        for (name, kind) in cases {
            assert_eq!(classify_sheet(name), kind, "{name}");
        }
    }
}

//! Spreadsheet headers are data, not identifiers: every header and synonym the readers
//! recognise, as normalised strings (see `values::text::normalize_header`), in one place.
//!
//! Each list is in priority order: when a sheet carries two of them, the first listed wins.
//! A unit test checks that every constant is already in normalised form.

// ---- Identification (every slot) ----

/// The worker's RUT column in the libro and novedades.
pub const WORKER_RUT: &[&str] = &[
    "rut del trabajador",
    "rut trabajador",
    "rut empleado",
    "rut",
    "r.u.t",
    "r.u.t.",
    "id trabajador",
];
/// A separate check-digit column.
pub const CHECK_DIGIT: &[&str] = &[
    "dv",
    "dv trabajador",
    "digito verificador",
    "d.v",
    "d.v.",
    "dv rut",
];
pub const FIRST_NAME: &[&str] = &["nombre", "nombres", "nombre completo", "nombre trabajador"];
pub const PATERNAL_SURNAME: &[&str] = &["apellido paterno"];
pub const MATERNAL_SURNAME: &[&str] = &["apellido materno"];

// ---- Libro de Remuneraciones (docs/inputs.md) ----

pub const COMPANY_RUT: &[&str] = &["rut de la empresa", "rut empresa"];
/// The worker RUT headers that only a libro uses (novedades say `RUT` or `Rut
/// Trabajador`): one of them makes a sheet a libro by itself.
pub const PAYROLL_BOOK_WORKER_RUT: &[&str] = &["rut del trabajador", "rut empleado"];
/// Columns that every libro carries and no analyst's novedades does: the totals and legal
/// deductions Talana (or any payroll system) computes. One of them in the header row,
/// like Talana's identification columns (`Año`, `Mes`, `Rut de la Empresa`, `DV`) or a
/// repeated header (Talana's totals block), tells a libro from a novedades file.
pub const PAYROLL_BOOK_CONCEPTS: &[&str] = &[
    "total haberes",
    "total haber",
    "total descuentos",
    "total imponible",
    "total tributable",
    "total no imponible",
    "liquido",
    "liquido a pagar",
    "alcance liquido",
    "sueldo liquido",
    "imponible",
    "afp",
    "salud",
    "fonasa",
    "isapre",
    "impuesto unico",
    "impuestos",
    "seguro de cesantia",
    "seguro cesantia",
    "dias trabajados",
];
/// `Año` normalises to `ano`.
pub const YEAR: &[&str] = &["ano"];
pub const MONTH: &[&str] = &["mes"];

// ---- Novedades (docs/inputs.md) ----

/// Cell texts that mean "nothing to report" (compared after trimming and lowercasing).
pub const NO_NOVELTY_MARKERS: &[&str] = &["x", "-", "n/a", "na"];
/// Long form (one row per novelty): the concept column. A sheet with a RUT column, one of
/// these and one of [`LONG_FORM_AMOUNT`] is read in long form.
pub const LONG_FORM_CONCEPT: &[&str] = &[
    "concepto",
    "nombre concepto",
    "concepto novedad",
    "concepto de pago",
    "glosa",
    "item",
];
/// Long form: the amount column.
pub const LONG_FORM_AMOUNT: &[&str] = &["monto", "monto novedad", "valor", "importe"];

// ---- Movimientos del Mes (docs/inputs.md) ----

/// Sheet-name substrings (`values::text::normalize_sheet_name`) per kind.
pub const SHEET_HIRES_TERMINATIONS: &[&str] = &["altas y bajas", "altas bajas", "altasbajas"];
pub const SHEET_ABSENCES: &[&str] = &["ausentismo"];
pub const SHEET_VACATIONS: &[&str] = &["vacaciones"];
pub const SHEET_SALARY_CHANGES: &[&str] = &["variaciones sueldo", "variaciones de sueldo"];
pub const SHEET_CONTRACT_CHANGES: &[&str] = &[
    "variaciones contrato",
    "variaciones de tipo contrato",
    "variaciones de contrato",
];

pub const HIRE_DATE: &[&str] = &["fecha ingreso", "fecha de ingreso"];
pub const TERMINATION_DATE: &[&str] = &[
    "fecha retiro",
    "fecha de retiro",
    "fecha finiquito",
    "fecha de finiquito",
    "fecha egreso",
    "fecha de egreso",
];
pub const HIRE_OR_TERMINATION: &[&str] = &[
    "alta / baja",
    "alta/baja",
    "alta baja",
    "alta - baja",
    "alta-baja",
    "altas / bajas",
    "tipo movimiento",
    "tipo de movimiento",
    "movimiento",
];
/// Cell values of the `Alta / Baja` column (normalised).
pub const HIRE_VALUE: &str = "alta";
pub const TERMINATION_VALUE: &str = "baja";
pub const CONTRACT_TYPE: &[&str] = &["tipo contrato", "tipo de contrato"];
pub const REASON: &[&str] = &["motivo", "causal", "motivo retiro", "causal de termino"];

// ---- Absences: Movimientos' Ausentismos sheet and the analyst's file (docs/inputs.md) ----

pub const ABSENCE_START: &[&str] = &[
    "fecha inicio ausencia",
    "fecha inicio",
    "inicio ausencia",
    "fecha de inicio",
    "f. inicio",
    "fecha de inicio ausencia",
];
pub const ABSENCE_END: &[&str] = &[
    "fecha fin ausencia",
    "fecha fin",
    "fin ausencia",
    "fecha de fin",
    "f. fin",
    "fecha termino ausencia",
    "fecha termino",
    "termino ausencia",
    "fecha de termino",
    "f. termino",
];
pub const ABSENCE_DAYS: &[&str] = &[
    "dias",
    "n dias",
    "cantidad de dias",
    "cant dias",
    "n° dias",
    "nº dias",
    "cant. dias",
    "dias ausencia",
];
pub const ABSENCE_KIND: &[&str] = &[
    "tipo de ausentismo",
    "tipo ausentismo",
    "ausentismo",
    "motivo ausentismo",
    "tipo de licencia",
];

// ---- Slot detection by file name (normalised, `_`/`-` read as spaces) ----

pub const FILE_PAYROLL_CHANGES: &[&str] = &["novedades", "novedad"];
pub const FILE_PAYROLL_BOOK: &[&str] = &["libro", "remuneraciones"];
/// Talana titles Movimientos "Reporte de Ingresos y Egresos": checked before `ingreso`.
pub const FILE_MONTHLY_MOVEMENTS: &[&str] = &["movimientos", "ingresos y egresos", "egresos"];
pub const FILE_ANALYST_TERMINATIONS: &[&str] = &["finiquito"];
pub const FILE_ANALYST_HIRES: &[&str] = &["ingreso"];
pub const FILE_ANALYST_ABSENCES: &[&str] = &["ausentismo", "incidencia"];

// ---- Rows ----

/// First words of a total row (RUT cell or first cell).
pub const TOTAL_MARKERS: &[&str] = &[
    "total",
    "totales",
    "suma",
    "sumatoria",
    "resumen",
    "consolidado",
    "subtotal",
];

/// Whether a normalised header is one of `synonyms`.
pub fn is_one_of(normalised_header: &str, synonyms: &[&str]) -> bool {
    synonyms.contains(&normalised_header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::text::normalize_header;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_constant_is_normalised() {
        let lists: &[&[&str]] = &[
            WORKER_RUT,
            CHECK_DIGIT,
            FIRST_NAME,
            PATERNAL_SURNAME,
            MATERNAL_SURNAME,
            COMPANY_RUT,
            PAYROLL_BOOK_WORKER_RUT,
            PAYROLL_BOOK_CONCEPTS,
            YEAR,
            MONTH,
            NO_NOVELTY_MARKERS,
            LONG_FORM_CONCEPT,
            LONG_FORM_AMOUNT,
            SHEET_HIRES_TERMINATIONS,
            SHEET_ABSENCES,
            SHEET_VACATIONS,
            SHEET_SALARY_CHANGES,
            SHEET_CONTRACT_CHANGES,
            HIRE_DATE,
            TERMINATION_DATE,
            HIRE_OR_TERMINATION,
            CONTRACT_TYPE,
            REASON,
            ABSENCE_START,
            ABSENCE_END,
            ABSENCE_DAYS,
            ABSENCE_KIND,
            FILE_PAYROLL_CHANGES,
            FILE_PAYROLL_BOOK,
            FILE_MONTHLY_MOVEMENTS,
            FILE_ANALYST_TERMINATIONS,
            FILE_ANALYST_HIRES,
            FILE_ANALYST_ABSENCES,
            TOTAL_MARKERS,
            &[HIRE_VALUE, TERMINATION_VALUE],
        ];
        for list in lists {
            for header in *list {
                assert_eq!(normalize_header(header), *header);
            }
        }
    }

    #[test]
    fn spec_spellings_match() {
        assert!(is_one_of(
            &normalize_header("Rut del Trabajador"),
            WORKER_RUT
        ));
        assert!(is_one_of(
            &normalize_header("Dígito Verificador"),
            CHECK_DIGIT
        ));
        assert!(is_one_of(&normalize_header("Año"), YEAR));
        assert!(is_one_of(
            &normalize_header("Alta / Baja"),
            HIRE_OR_TERMINATION
        ));
        assert!(is_one_of(&normalize_header("Fecha Término"), ABSENCE_END));
        assert!(is_one_of(&normalize_header("N° Días"), ABSENCE_DAYS));
        assert!(!is_one_of(
            &normalize_header("Rut de la Empresa"),
            WORKER_RUT
        ));
    }
}

//! What a file's name and content say before it is read: period and client RUT from the
//! name pattern, and which upload slot the file belongs to.

use crate::headers;
use crate::model::{FileNameInfo, Period, Slot};
use crate::sheet::Workbook;
use crate::values::rut::Rut;
use crate::values::text::normalize_sheet_name;

use super::common::{find_header_row, Headers};
use super::monthly_movements::{classify_sheet, SheetKind};

const PATTERN_HINT: &str =
    "AAAAMM_descripción_RUT (por ejemplo 202503_libro_remuneraciones_12345678K.xlsx)";

/// Period and client RUT from `YYYYMM_<anything>_<RUT>.<ext>`. Whatever part matches is
/// kept; a name that does not follow the pattern yields a soft warning, never an error.
pub fn parse_file_name(file_name: &str) -> (FileNameInfo, Option<String>) {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let parts: Vec<&str> = stem.split('_').collect();
    let mut info = FileNameInfo::default();
    if parts.len() < 3 {
        return (
            info,
            Some(format!(
                "el nombre «{base}» no sigue el patrón {PATTERN_HINT}; el período y el RUT de \
                 la empresa no se toman del nombre"
            )),
        );
    }
    let mut problems = Vec::new();
    info.period = parse_period(parts[0]);
    if info.period.is_none() {
        problems.push(format!("«{}» no es un período AAAAMM", parts[0]));
    }
    let rut_part = parts[parts.len() - 1];
    match Rut::parse(rut_part) {
        Ok(rut) => {
            if !rut.is_valid() {
                problems.push(format!(
                    "el RUT «{rut_part}» tiene dígito verificador incorrecto"
                ));
            }
            info.company_rut = Some(rut);
        }
        Err(_) => problems.push(format!("«{rut_part}» no es un RUT")),
    }
    if problems.is_empty() {
        (info, None)
    } else {
        let warning = format!(
            "el nombre «{base}» no sigue del todo el patrón {PATTERN_HINT}: {}",
            problems.join("; ")
        );
        (info, Some(warning))
    }
}

fn parse_period(text: &str) -> Option<Period> {
    if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Period::parse(&format!("{}-{}", &text[..4], &text[4..]))
}

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
    fn pattern() {
        let (info, warning) = parse_file_name("202503_libro_remuneraciones_12345678K.xlsx");
        assert_eq!(info.period, Period::parse("2025-03"));
        assert_eq!(info.company_rut.map(|r| r.number), Some(12_345_678));
        assert_eq!(info.company_rut.map(|r| r.check_digit), Some('K'));
        // 12345678-K has a wrong check digit (5 is right): soft warning, RUT kept.
        assert!(warning.expect("warning").contains("dígito verificador"));
        let (info, warning) = parse_file_name("202503_novedades_761234560.csv");
        assert_eq!(warning, None);
        assert_eq!(
            info.company_rut.map(|r| r.to_string()),
            Some("76123456-0".into())
        );
    }

    #[test]
    fn non_matching_names_are_soft_warnings() {
        let (info, warning) = parse_file_name("libro marzo.xlsx");
        assert_eq!(info, FileNameInfo::default());
        assert!(warning.expect("warning").contains("no sigue el patrón"));
        let (info, warning) = parse_file_name("2025_libro_abc.xlsx");
        assert_eq!(info, FileNameInfo::default());
        assert!(warning.is_some());
    }

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

//! What a file's name says before the file is read: period and client RUT from the name
//! pattern `YYYYMM_<anything>_<RUT>.<ext>`.

use crate::model::{FileNameInfo, Period};
use crate::values::rut::Rut;

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
}

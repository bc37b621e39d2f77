//! Text keys: the one header normalisation and the absence-type normalisation.

/// Folds the accented letters Spanish uses (and a few neighbours) to ASCII.
pub(crate) fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'ä' | 'â' | 'ã' | 'Á' | 'À' | 'Ä' | 'Â' | 'Ã' => 'a',
        'é' | 'è' | 'ë' | 'ê' | 'É' | 'È' | 'Ë' | 'Ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' | 'Í' | 'Ì' | 'Ï' | 'Î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' | 'õ' | 'Ó' | 'Ò' | 'Ö' | 'Ô' | 'Õ' => 'o',
        'ú' | 'ù' | 'ü' | 'û' | 'Ú' | 'Ù' | 'Ü' | 'Û' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        other => other,
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Header normalisation (docs/inputs.md): trim, lowercase, remove accents, remove `|`, collapse
/// internal white space. `Días`, `DIAS`, ` dias ` all become `dias`.
pub fn normalize_header(header: &str) -> String {
    let folded: String = header
        .chars()
        .filter(|c| *c != '|')
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .collect();
    collapse_spaces(&folded)
}

/// Sheet-name normalisation for Movimientos: as headers, with `_` and `-` read as spaces.
pub fn normalize_sheet_name(name: &str) -> String {
    normalize_header(&name.replace(['_', '-'], " "))
}

/// Absence-type key (docs/rules.md): lowercase, remove accents, punctuation to spaces, collapse.
/// `Licencia Médica` and `licencia medica` are the same type.
pub fn normalize_absence_kind(kind: &str) -> String {
    let folded: String = kind
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    collapse_spaces(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn headers() {
        for text in ["Días", "DIAS", " dias ", "D|ías"] {
            assert_eq!(normalize_header(text), "dias", "{text}");
        }
        assert_eq!(
            normalize_header("  Rut   del\tTrabajador "),
            "rut del trabajador"
        );
        assert_eq!(normalize_header("Gratificación"), "gratificacion");
        assert_ne!(
            normalize_header("Sueldo Base"),
            normalize_header("Sueldo Base.1")
        );
    }

    #[test]
    fn sheet_names() {
        assert_eq!(normalize_sheet_name("Altas_y_Bajas"), "altas y bajas");
        assert_eq!(
            normalize_sheet_name("Variaciones-de-Sueldo"),
            "variaciones de sueldo"
        );
    }

    #[test]
    fn absence_kinds() {
        assert_eq!(normalize_absence_kind("Licencia Médica"), "licencia medica");
        assert_eq!(
            normalize_absence_kind("licencia  medica."),
            "licencia medica"
        );
        assert_eq!(normalize_absence_kind("Permiso s/goce"), "permiso s goce");
        assert_ne!(
            normalize_absence_kind("Licencia"),
            normalize_absence_kind("Licencia Médica")
        );
    }
}

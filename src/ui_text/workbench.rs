//! Working faster and a safer mapping: the bulk estado, "Deshacer", "Restablecer
//! propuesta" and the mapping editor's warnings.

fn discrepancies(n: usize) -> String {
    super::counted(n, "discrepancia", "discrepancias")
}

pub const BULK_STATUS_LABEL: &str = "Estado para las filtradas";
pub const BULK_APPLY: &str = "Aplicar a los filtrados";
pub const BULK_CONFIRM: &str = "Sí, marcar";
pub const BULK_CANCEL: &str = "Cancelar";
pub const BULK_NOTHING: &str = "Las discrepancias filtradas ya tienen ese estado.";
pub const BULK_NONE_SHOWN: &str = "Los filtros no muestran ninguna discrepancia.";

/// The confirmation before a bulk estado: `¿Marcar 312 discrepancias como Justificada?`.
pub fn bulk_confirm(n: usize, status: &str) -> String {
    format!("¿Marcar {} como {status}?", discrepancies(n))
}

/// After a bulk estado: `Se marcaron 312 discrepancias como Justificada.`
pub fn bulk_done(n: usize, status: &str) -> String {
    let verb = if n == 1 { "Se marcó" } else { "Se marcaron" };
    format!("{verb} {} como {status}.", discrepancies(n))
}

pub const UNDO: &str = "Deshacer";

/// The undo button's accessible name: what it would put back.
pub fn undo_label(n: usize) -> String {
    format!("Deshacer el último cambio ({})", discrepancies(n))
}

/// After an undo.
pub fn undone(n: usize) -> String {
    format!(
        "Se deshizo el último cambio: {} con su estado y nota anteriores.",
        discrepancies(n)
    )
}

pub const MAPPING_RESET: &str = "Restablecer propuesta";
pub const MAPPING_RESET_HELP: &str =
    "Vuelve al mapeo automático; las tolerancias por concepto se mantienen.";

/// A column's first values, shown under its header or concept in the mapping editor.
pub fn mapping_samples(samples: &[String]) -> String {
    format!("Ejemplos: {}", samples.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_or_plural_and_grouped() {
        assert_eq!(
            bulk_confirm(312, "Justificada"),
            "¿Marcar 312 discrepancias como Justificada?"
        );
        assert_eq!(
            bulk_confirm(1, "Corregida"),
            "¿Marcar 1 discrepancia como Corregida?"
        );
        assert_eq!(
            bulk_done(1_500, "Justificada"),
            "Se marcaron 1.500 discrepancias como Justificada."
        );
        assert_eq!(
            bulk_done(1, "Pendiente"),
            "Se marcó 1 discrepancia como Pendiente."
        );
        assert_eq!(undo_label(1), "Deshacer el último cambio (1 discrepancia)");
    }
}

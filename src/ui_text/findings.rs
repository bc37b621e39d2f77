//! Reading findings: the list's detail pane, the help on each type, the per-concept table,
//! the sort by largest difference, and the announcement when a run's result is ready.

/// The detail pane below the list.
pub const DETAIL_HEADING: &str = "Detalle de la discrepancia";
pub const DETAIL_EMPTY: &str = "Elija el tipo de una discrepancia de la lista (con clic, Enter \
     o Espacio) para leer aquí su descripción completa, sus valores y qué hacer.";
pub const DETAIL_DESCRIPTION: &str = "Descripción";
pub const DETAIL_EMPLOYEE: &str = "Trabajador";
pub const DETAIL_CLOSE: &str = "Cerrar detalle";
/// Where the finding's values are in the files.
pub const DETAIL_SOURCES: &str = "Fuente";

/// The `<summary>` of a type's help.
pub const HELP_SUMMARY: &str = "¿Qué significa y qué hacer?";

/// The button that sorts the list by absolute difference.
pub const LARGEST_DIFFERENCE: &str = "Mayor diferencia primero";

/// The summary's per-concept table.
pub const BY_CONCEPT_CAPTION: &str = "Diferencias de monto por concepto";
pub const COL_SUM: &str = "Suma de diferencias";

/// Said (aria-live) and shown when a run's result is ready.
pub fn result_ready(total: usize) -> String {
    match total {
        0 => "Resultado listo: sin discrepancias.".to_string(),
        1 => "Resultado listo: 1 discrepancia.".to_string(),
        n => format!("Resultado listo: {} discrepancias.", super::count(n as u64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_ready_has_correct_plurals() {
        assert_eq!(result_ready(0), "Resultado listo: sin discrepancias.");
        assert_eq!(result_ready(1), "Resultado listo: 1 discrepancia.");
        assert_eq!(result_ready(1234), "Resultado listo: 1.234 discrepancias.");
    }
}

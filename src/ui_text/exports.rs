//! The export bar's texts: the choice between the rows the list shows and every row, the
//! filters as the exported file names them, and the counted nouns (`1 advertencia`,
//! `2 advertencias`) the page writes.

use cuadra_core::document::ClosingState;

use super::count;

/// `1 discrepancia`, `2 discrepancias`, `10.900 discrepancias`: a count in es-CL with the
/// noun in the number it agrees with (Spanish: singular for exactly one, plural for zero
/// and more).
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    cuadra_core::plural::counted(n, singular, plural)
}

pub const EXPORT_SCOPE_LEGEND: &str = "Filas que se exportan";

/// `Solo las filtradas (312)`.
pub fn export_filtered_choice(n: usize) -> String {
    format!("Solo las filtradas ({})", count(n as u64))
}

/// `Todas (10.900)`.
pub fn export_all_choice(n: usize) -> String {
    format!("Todas ({})", count(n as u64))
}

/// What the list's filters are, as the exported file names them: `grupo = Libro vs
/// Novedades, tipo = Diferencia en sueldo base, texto = «Pérez»`. Each argument is the
/// label of a chosen filter, or `None`/empty when that filter is not set.
pub fn export_filters(
    group: Option<&str>,
    kind: Option<&str>,
    status: Option<&str>,
    text: &str,
    change: Option<&str>,
) -> String {
    let text = text.trim();
    let mut parts = Vec::new();
    if let Some(group) = group {
        parts.push(format!("grupo = {group}"));
    }
    if let Some(kind) = kind {
        parts.push(format!("tipo = {kind}"));
    }
    if let Some(status) = status {
        parts.push(format!("estado = {status}"));
    }
    if !text.is_empty() {
        parts.push(format!("texto = «{text}»"));
    }
    if let Some(change) = change {
        parts.push(format!("cambio desde la ejecución anterior = {change}"));
    }
    parts.join(", ")
}

/// The closing's state in the page's header: the document's label, but "Cargando archivos"
/// only while a file is being read (a closing that merely lacks a file is "Archivos
/// incompletos").
pub fn closing_state_label(state: ClosingState, reading: bool) -> &'static str {
    match state {
        ClosingState::LoadingFiles if reading => "Cargando archivos",
        other => other.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_nouns_agree_in_number() {
        assert_eq!(counted(1, "advertencia", "advertencias"), "1 advertencia");
        assert_eq!(counted(2, "advertencia", "advertencias"), "2 advertencias");
        assert_eq!(counted(0, "advertencia", "advertencias"), "0 advertencias");
        assert_eq!(
            counted(1, "discrepancia", "discrepancias"),
            "1 discrepancia"
        );
        assert_eq!(
            counted(10_900, "discrepancia", "discrepancias"),
            "10.900 discrepancias"
        );
    }

    #[test]
    fn loading_files_only_while_a_file_is_read() {
        assert_eq!(
            closing_state_label(ClosingState::LoadingFiles, true),
            "Cargando archivos"
        );
        assert_eq!(
            closing_state_label(ClosingState::LoadingFiles, false),
            "Archivos incompletos"
        );
        assert_eq!(
            closing_state_label(ClosingState::FilesComplete, true),
            "Archivos completos"
        );
    }

    #[test]
    fn the_export_choices_and_filters_read_as_spanish() {
        assert_eq!(export_filtered_choice(312), "Solo las filtradas (312)");
        assert_eq!(export_all_choice(10_900), "Todas (10.900)");
        assert_eq!(export_filters(None, None, None, "  ", None), "");
        assert_eq!(
            export_filters(
                Some("Libro vs Novedades"),
                Some("Diferencia en sueldo base"),
                Some("Pendiente"),
                " Pérez ",
                Some("Nuevas"),
            ),
            "grupo = Libro vs Novedades, tipo = Diferencia en sueldo base, estado = Pendiente, \
             texto = «Pérez», cambio desde la ejecución anterior = Nuevas"
        );
    }
}

//! The results view as plain Rust: filtering, sorting and windowing the discrepancy list,
//! the per-employee view, es-CL display of values and export file names, and the key
//! that says when the list must be filtered and sorted again. Components render
//! what this computes; everything here is natively tested.
//!
//! The list works with indices into `ResultDocument::discrepancies`, so filtering and
//! sorting 100,000 rows never copies a discrepancy.
//!
//! `filter` picks the rows, `sort` orders them, `window` keeps a fixed set of them in the
//! DOM, `display` formats their values, `employee` gathers one RUT's findings, `concepts`
//! totals the amount differences per concept for the summary.

mod concepts;
mod display;
mod employee;
mod filter;
mod key;
mod sort;
#[cfg(test)]
pub(crate) mod test_rows;
mod window;

pub use concepts::{concept_totals, ConceptTotal};
pub use display::{
    difference_display, display_value, reported_display, source_display, sources_display,
    suggestion_display,
};
pub use employee::{employee_view, EmployeeView, FileWarnings};
pub use filter::{visible_indices, Filter};
pub use key::ListKey;
pub use sort::{Column, Direction, Sort};
pub use window::{aria_row_count, row_window, RowWindow};

use cuadra_core::document::ResultDocument;
use cuadra_core::DiscrepancyKind;

/// Lower-case with Spanish accents removed, so `jose` finds `José` and `NUÑEZ` finds `nunez`.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// `cuadra_2025-03_76123456-0_resultado.xlsx`; unknown parts are named as such.
pub fn export_file_name(document: &ResultDocument, extension: &str) -> String {
    let period = document
        .closing
        .period
        .map(|period| period.to_string())
        .unwrap_or_else(|| "sin-periodo".to_string());
    let rut = document
        .closing
        .company_rut
        .map(|rut| rut.to_string())
        .unwrap_or_else(|| "sin-rut".to_string());
    format!("cuadra_{period}_{rut}_resultado.{extension}")
}

/// [`export_file_name`], ending `_resultado_filtrado.xlsx` when the file holds only the
/// rows the list shows.
pub fn export_file_name_scoped(
    document: &ResultDocument,
    extension: &str,
    filtered: bool,
) -> String {
    let name = export_file_name(document, extension);
    if !filtered {
        return name;
    }
    let stem = name.strip_suffix(&format!(".{extension}")).unwrap_or(&name);
    format!("{stem}_filtrado.{extension}")
}

/// The summary's per-type rows: types that occur, in type order, with their group.
pub fn kind_totals(document: &ResultDocument) -> Vec<(DiscrepancyKind, usize)> {
    DiscrepancyKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let n = document.summary.by_kind.get(&kind).copied()?;
            (n > 0).then_some((kind, n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::test_rows::{document, sample};
    use super::*;
    use cuadra_core::document::ClosingInfo;
    use cuadra_core::DiscrepancyStatus;

    #[test]
    fn export_names_and_kind_totals() {
        let mut document = document(sample());
        assert_eq!(
            export_file_name(&document, "xlsx"),
            "cuadra_2025-03_76123456-0_resultado.xlsx"
        );
        assert_eq!(
            export_file_name_scoped(&document, "csv", true),
            "cuadra_2025-03_76123456-0_resultado_filtrado.csv"
        );
        assert_eq!(
            export_file_name_scoped(&document, "json", false),
            "cuadra_2025-03_76123456-0_resultado.json"
        );
        let totals = kind_totals(&document);
        assert_eq!(totals[0], (DiscrepancyKind::EmployeeOnlyInChanges, 1));
        assert_eq!(totals[1], (DiscrepancyKind::ConceptAmountDiffers, 3));
        assert_eq!(totals.len(), 5);
        assert!(document.set_status(1, DiscrepancyStatus::Justified, Some("ok".into())));
        assert_eq!(document.summary.by_status[&DiscrepancyStatus::Justified], 1);
        document.closing = ClosingInfo::default();
        assert_eq!(
            export_file_name(&document, "csv"),
            "cuadra_sin-periodo_sin-rut_resultado.csv"
        );
    }
}

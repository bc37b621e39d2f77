//! Which discrepancies an export holds: all of the document, or the rows the page's list
//! shows under the user's filters. The file says which (`Exportado: 312 de 10.900
//! discrepancias, filtros: tipo = …`).

use crate::discrepancy::Discrepancy;
use crate::document::ResultDocument;
use crate::values::amount::group_thousands;

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every discrepancy of the document, in the document's order.
    All,
    /// The rows the list shows, as indices into `discrepancias` in the list's order, and
    /// the filters that chose them as the user reads them (`tipo = Diferencia en monto`).
    Filtered {
        indices: &'a [usize],
        filters: &'a str,
    },
}

impl Scope<'_> {
    /// The exported discrepancies, in the order the file writes them. An index out of
    /// range (a list built for another document) is skipped.
    pub fn rows<'d>(&self, document: &'d ResultDocument) -> Vec<&'d Discrepancy> {
        match self {
            Scope::All => document.discrepancies.iter().collect(),
            Scope::Filtered { indices, .. } => indices
                .iter()
                .filter_map(|idx| document.discrepancies.get(*idx))
                .collect(),
        }
    }

    pub fn is_filtered(&self) -> bool {
        matches!(self, Scope::Filtered { .. })
    }

    /// `Exportado: 312 de 10.900 discrepancias, filtros: tipo = …` or `Exportado: todas
    /// las discrepancias (10.900)`.
    pub fn sentence(&self, document: &ResultDocument) -> String {
        let total = document.discrepancies.len();
        match self {
            Scope::All => match total {
                1 => "Exportado: la única discrepancia".to_string(),
                _ => format!("Exportado: todas las discrepancias ({})", thousands(total)),
            },
            Scope::Filtered { filters, .. } => {
                let shown = self.rows(document).len();
                let noun = if total == 1 {
                    "discrepancia"
                } else {
                    "discrepancias"
                };
                let filters = if filters.trim().is_empty() {
                    "ninguno"
                } else {
                    filters
                };
                format!(
                    "Exportado: {} de {} {noun}, filtros: {filters}",
                    thousands(shown),
                    thousands(total)
                )
            }
        }
    }
}

/// `10900` → `10.900`.
pub(super) fn thousands(n: usize) -> String {
    group_thousands(&n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_the_chilean_way() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(312), "312");
        assert_eq!(thousands(10_900), "10.900");
    }
}

//! Where a discrepancy's values come from: the input, sheet and row of each side that has
//! one, so the analyst can open the file at the row (docs/results.md, `fuentes`).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::slot::Slot;

/// One side's row: which input, which sheet, which spreadsheet row (1-based, as the
/// spreadsheet shows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRow {
    #[serde(rename = "archivo")]
    pub slot: Slot,
    #[serde(rename = "hoja")]
    pub sheet: String,
    #[serde(rename = "fila")]
    pub row: u32,
}

impl SourceRow {
    pub fn new(slot: Slot, sheet: &str, row: u32) -> SourceRow {
        SourceRow {
            slot,
            sheet: sheet.to_string(),
            row,
        }
    }
}

/// `Libro de Remuneraciones · hoja Libro · fila 14`.
impl fmt::Display for SourceRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} · hoja {} · fila {}",
            self.slot.label(),
            self.sheet,
            self.row
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_reads_as_input_sheet_and_row() {
        let source = SourceRow::new(Slot::PayrollBook, "Libro", 14);
        assert_eq!(
            source.to_string(),
            format!("{} · hoja Libro · fila 14", Slot::PayrollBook.label())
        );
        let json = serde_json::to_string(&source).expect("json");
        assert_eq!(json, r#"{"archivo":"libro","hoja":"Libro","fila":14}"#);
        assert_eq!(
            serde_json::from_str::<SourceRow>(&json).expect("read back"),
            source
        );
    }
}

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
    use crate::discrepancy::DiscrepancyKind;
    use crate::generator::{generate, GeneratorOptions};
    use crate::pipeline::{reconcile, ClosingInputs, SourceFile};
    use crate::settings::Settings;

    /// Every finding of a generated closing names its rows: the one-sided types one row
    /// (the side that has it), the others one row per side, each in the right input.
    #[test]
    fn comparisons_name_the_rows_of_each_side() {
        let closing = generate(&GeneratorOptions::sized(5, 60));
        let files = closing.files.iter().map(|file| SourceFile {
            slot: file.slot,
            name: &file.file_name,
            bytes: &file.bytes,
        });
        let inputs = ClosingInputs::read(files).expect("generated files read");
        let settings = Settings {
            report_only_in_payroll: true,
            ..Settings::default()
        };
        let document = reconcile(&inputs, &settings);
        assert!(document.discrepancies.len() > 10);
        for d in &document.discrepancies {
            let slots: Vec<Slot> = d.sources.iter().map(|source| source.slot).collect();
            let expected: &[Slot] = match d.kind {
                DiscrepancyKind::EmployeeOnlyInPayroll => &[Slot::PayrollBook],
                DiscrepancyKind::EmployeeOnlyInChanges => &[Slot::PayrollChanges],
                DiscrepancyKind::ConceptAmountDiffers | DiscrepancyKind::BaseSalaryDiffers => {
                    &[Slot::PayrollBook, Slot::PayrollChanges]
                }
                DiscrepancyKind::HireNotReported
                | DiscrepancyKind::TerminationNotReported
                | DiscrepancyKind::AbsenceNotReported => &[Slot::MonthlyMovements],
                DiscrepancyKind::HireNotInMovements => &[Slot::AnalystHires],
                DiscrepancyKind::TerminationNotInMovements => &[Slot::AnalystTerminations],
                DiscrepancyKind::AbsenceNotInMovements => &[Slot::AnalystAbsences],
                DiscrepancyKind::HireDateDiffers => &[Slot::MonthlyMovements, Slot::AnalystHires],
                DiscrepancyKind::TerminationDateDiffers => {
                    &[Slot::MonthlyMovements, Slot::AnalystTerminations]
                }
                DiscrepancyKind::AbsenceDatesDiffer
                | DiscrepancyKind::AbsenceDaysDiffer
                | DiscrepancyKind::AbsenceKindDiffers => {
                    &[Slot::MonthlyMovements, Slot::AnalystAbsences]
                }
            };
            assert_eq!(slots, expected, "{:?}", d.kind);
            for source in &d.sources {
                assert!(source.row >= 2, "a data row, below the header: {source:?}");
                assert!(!source.sheet.is_empty());
            }
        }
    }

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

//! Where each finding's values are (`fuentes`): the comparisons name the input, sheet and
//! row of each side of every discrepancy of a generated closing.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::pipeline::{reconcile, ClosingInputs, SourceFile};
use cuadra_core::{DiscrepancyKind, Settings, Slot};

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

//! The planted discrepancies: the oracle finds exactly them, in every shape and setting.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::oracle::{assert_oracle_agrees, oracle, planted_identities, OracleSettings};
use super::*;

#[test]
fn generator_oracle_finds_exactly_the_planted_discrepancies() {
    for seed in 1..=6 {
        assert_oracle_agrees(&GeneratorOptions::sized(seed, 200));
    }
    assert_oracle_agrees(&GeneratorOptions::sized(7, 20));
    assert_oracle_agrees(&GeneratorOptions::sized(8, 5));
    assert_oracle_agrees(&GeneratorOptions {
        n_concepts: 80,
        ..GeneratorOptions::sized(9, 300)
    });
    assert_oracle_agrees(&GeneratorOptions {
        csv_analyst_files: true,
        ..GeneratorOptions::sized(10, 150)
    });
}

#[test]
fn generator_missing_files_mean_not_reported() {
    let closing = assert_oracle_agrees(&GeneratorOptions {
        include_payroll_changes: false,
        include_analyst_hires: false,
        include_analyst_absences: false,
        ..GeneratorOptions::sized(11, 200)
    });
    assert!(closing.file(Slot::PayrollChanges).is_none());
    assert!(closing.file(Slot::AnalystHires).is_none());
    assert!(closing.file(Slot::AnalystTerminations).is_some());
    assert!(closing.planted_only_in_payroll.is_empty());
    let kinds: BTreeSet<DiscrepancyKind> = closing.planted.iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&DiscrepancyKind::HireNotReported));
    assert!(kinds.contains(&DiscrepancyKind::AbsenceNotReported));
    for absent in [
        DiscrepancyKind::EmployeeOnlyInChanges,
        DiscrepancyKind::ConceptAmountDiffers,
        DiscrepancyKind::HireDateDiffers,
        DiscrepancyKind::HireNotInMovements,
        DiscrepancyKind::AbsenceNotInMovements,
        DiscrepancyKind::AbsenceKindDiffers,
    ] {
        assert!(!kinds.contains(&absent), "{absent:?}");
    }
    assert!(kinds.contains(&DiscrepancyKind::TerminationDateDiffers));
}

#[test]
fn generator_side_lists_match_their_settings() {
    let closing = generate(&GeneratorOptions::sized(12, 200));
    let mut with_only_in_payroll = planted_identities(&closing);
    with_only_in_payroll.extend(closing.planted_only_in_payroll.iter().map(|p| p.identity()));
    with_only_in_payroll.sort();
    let settings = OracleSettings {
        report_only_in_payroll: true,
        ..OracleSettings::default()
    };
    assert_eq!(oracle(&closing, settings), with_only_in_payroll);

    let mut with_zero = planted_identities(&closing);
    with_zero.extend(closing.planted_zero_is_novelty.iter().map(|p| p.identity()));
    with_zero.sort();
    let settings = OracleSettings {
        zero_is_novelty: true,
        ..OracleSettings::default()
    };
    assert_eq!(oracle(&closing, settings), with_zero);
    assert!(!closing.planted_zero_is_novelty.is_empty());
    // Most employees have no novelties.
    assert!(closing.planted_only_in_payroll.len() > 200 * 6 / 10);
}

#[test]
fn generator_is_deterministic() {
    let options = GeneratorOptions::sized(42, 120);
    let first = generate(&options);
    assert_eq!(first, generate(&options));
    let other = generate(&GeneratorOptions::sized(43, 120));
    assert_ne!(first.planted, other.planted);
    for (a, b) in first.files.iter().zip(&other.files) {
        assert_eq!(a.file_name, b.file_name);
        assert_ne!(a.bytes, b.bytes, "{}", a.file_name);
    }
}

#[test]
fn generator_plants_every_kind_at_200() {
    let closing = generate(&GeneratorOptions::sized(5, 200));
    for kind in DiscrepancyKind::ALL {
        if kind == DiscrepancyKind::EmployeeOnlyInPayroll {
            assert_eq!(closing.count(kind), 0, "off by default");
            assert!(!closing.planted_only_in_payroll.is_empty());
        } else {
            assert!(closing.count(kind) >= 1, "{kind:?}");
        }
    }
    let mut sorted = closing.planted.clone();
    sorted.sort_by_key(|p| {
        (
            p.kind.group(),
            p.kind,
            p.rut.number,
            p.concept.clone(),
            p.event_date,
        )
    });
    assert_eq!(sorted, closing.planted, "report order");
    // Rates scale with size: large closings have many discrepancies.
    let large = generate(&GeneratorOptions::sized(5, 2_000));
    assert!(large.count(DiscrepancyKind::ConceptAmountDiffers) >= 30);
    assert!(large.planted.len() > 10 * closing.planted.len() / 2);
}

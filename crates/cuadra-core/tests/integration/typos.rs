//! Precision and recall of "¿Quiso decir…?" on RUT typos the generator planted: every
//! planted typo must be suggested, on both of its discrepancies, with the right `motivo`,
//! and no other discrepancy may carry a suggestion. The numbers are printed
//! (`cargo test -p cuadra-core --test integration typos -- --nocapture`).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::{BTreeMap, BTreeSet};

use cuadra_core::discrepancy::SuggestionReason;
use cuadra_core::document::ResultDocument;
use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions, PlantedTypo};
use cuadra_core::pipeline::{reconcile, ClosingInputs, SourceFile};
use cuadra_core::values::rut::Rut;
use cuadra_core::{DiscrepancyKind, Settings, Slot};

/// What each planted typo must produce: `(type, RUT) → (suggested RUT, motivo)`, for the
/// typed RUT's discrepancy and the true RUT's.
fn expected(typos: &[PlantedTypo]) -> BTreeMap<(DiscrepancyKind, Rut), (Rut, SuggestionReason)> {
    let mut expected = BTreeMap::new();
    for typo in typos {
        let (typed_kind, true_kind) = match typo.slot {
            Slot::PayrollChanges => (
                DiscrepancyKind::EmployeeOnlyInChanges,
                DiscrepancyKind::EmployeeOnlyInPayroll,
            ),
            Slot::AnalystHires => (
                DiscrepancyKind::HireNotInMovements,
                DiscrepancyKind::HireNotReported,
            ),
            Slot::AnalystTerminations => (
                DiscrepancyKind::TerminationNotInMovements,
                DiscrepancyKind::TerminationNotReported,
            ),
            Slot::AnalystAbsences => (
                DiscrepancyKind::AbsenceNotInMovements,
                DiscrepancyKind::AbsenceNotReported,
            ),
            other => panic!("typos are planted in analyst files only, not {other:?}"),
        };
        expected.insert((typed_kind, typo.typed_rut), (typo.true_rut, typo.reason));
        expected.insert((true_kind, typo.true_rut), (typo.typed_rut, typo.reason));
    }
    expected
}

struct Score {
    n_typos: usize,
    n_found: usize,
    n_suggestions: usize,
    n_false: usize,
}

/// Reads every generated file, reconciles with "employees only in libro" on (so a novedades
/// typo's true RUT is reported too, and 80 % of the libro are candidates), and scores.
fn score(closing: &GeneratedClosing) -> (Score, ResultDocument) {
    let sources = closing.files.iter().map(|file| SourceFile {
        slot: file.slot,
        name: &file.file_name,
        bytes: &file.bytes,
    });
    let inputs = ClosingInputs::read(sources).expect("generated files read");
    let settings = Settings {
        report_only_in_payroll: true,
        ..Settings::default()
    };
    let document = reconcile(&inputs, &settings);
    let expected = expected(&closing.planted_typos);
    let mut correct: BTreeSet<(DiscrepancyKind, Rut)> = BTreeSet::new();
    let mut n_suggestions = 0;
    let mut n_false = 0;
    for discrepancy in &document.discrepancies {
        let Some(suggestion) = &discrepancy.suggestion else {
            continue;
        };
        n_suggestions += 1;
        let key = (discrepancy.kind, discrepancy.rut);
        if expected.get(&key) == Some(&(suggestion.rut, suggestion.reason)) {
            correct.insert(key);
        } else {
            n_false += 1;
            eprintln!(
                "false suggestion: {} {} -> {} ({})",
                discrepancy.kind.id(),
                discrepancy.rut,
                suggestion.rut,
                suggestion.reason.phrase()
            );
        }
    }
    let n_found = closing
        .planted_typos
        .iter()
        .filter(|typo| {
            expected
                .iter()
                .filter(|(_, (rut, _))| *rut == typo.true_rut || *rut == typo.typed_rut)
                .all(|(key, _)| correct.contains(key))
        })
        .count();
    let score = Score {
        n_typos: closing.planted_typos.len(),
        n_found,
        n_suggestions,
        n_false,
    };
    (score, document)
}

fn check(options: GeneratorOptions) {
    let closing = generate(&options);
    let (score, document) = score(&closing);
    let recall = score.n_found as f64 / score.n_typos as f64;
    let precision = (score.n_suggestions - score.n_false) as f64 / score.n_suggestions as f64;
    let n_one_sided = document
        .discrepancies
        .iter()
        .filter(|d| d.kind.is_one_sided())
        .count();
    println!(
        "{} employees: {} typos planted, {} found (recall {recall:.3}); {} suggestions on {} \
         one-sided discrepancies, {} false (precision {precision:.3})",
        options.n_employees,
        score.n_typos,
        score.n_found,
        score.n_suggestions,
        n_one_sided,
        score.n_false
    );
    assert_eq!(
        score.n_typos,
        options.rut_typos * 4,
        "every analyst file got its typos"
    );
    let reasons: BTreeSet<SuggestionReason> = closing
        .planted_typos
        .iter()
        .map(|typo| typo.reason)
        .collect();
    assert_eq!(reasons.len(), 5, "every kind of typo is planted");
    assert_eq!(score.n_found, score.n_typos, "recall must be 1");
    assert_eq!(score.n_false, 0, "no suggestion for an unrelated RUT");
    // The typos' discrepancies are planted like any other: the run finds exactly them.
    let mut found: Vec<_> = document
        .discrepancies
        .iter()
        .map(|d| d.identity())
        .collect();
    let mut planted: Vec<_> = closing
        .planted
        .iter()
        .chain(&closing.planted_only_in_payroll)
        .map(|p| p.identity())
        .collect();
    found.sort();
    planted.sort();
    assert_eq!(found, planted);
}

#[test]
fn typos_in_a_2000_employee_closing_are_all_found_and_nothing_else() {
    check(GeneratorOptions {
        rut_typos: 5,
        ..GeneratorOptions::sized(31, 2_000)
    });
}

/// The measure: a 20,000-employee closing (native only: minutes in the browser).
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn typos_in_a_20000_employee_closing_are_all_found_and_nothing_else() {
    check(GeneratorOptions {
        rut_typos: 10,
        ..GeneratorOptions::sized(2025, 20_000)
    });
}

//! Consolidation: loading states, worker outcomes into a document, carried-over statuses.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

fn loaded(slot: Slot) -> LoadedSlot {
    LoadedSlot {
        slot,
        blocking_error: false,
    }
}

#[test]
fn loading_states() {
    assert_eq!(loading_state(&[]), ClosingState::Pending);
    assert_eq!(
        loading_state(&[loaded(Slot::PayrollBook)]),
        ClosingState::LoadingFiles
    );
    let complete = [
        loaded(Slot::PayrollBook),
        loaded(Slot::MonthlyMovements),
        loaded(Slot::AnalystAbsences),
    ];
    assert_eq!(loading_state(&complete), ClosingState::FilesComplete);
    let without_analyst = [
        loaded(Slot::PayrollBook),
        loaded(Slot::MonthlyMovements),
        loaded(Slot::PayrollChanges),
    ];
    assert_eq!(loading_state(&without_analyst), ClosingState::LoadingFiles);
    let mut blocked = complete.to_vec();
    blocked.push(LoadedSlot {
        slot: Slot::PayrollChanges,
        blocking_error: true,
    });
    assert_eq!(loading_state(&blocked), ClosingState::LoadingFiles);
    let broken_book = [
        LoadedSlot {
            slot: Slot::PayrollBook,
            blocking_error: true,
        },
        loaded(Slot::MonthlyMovements),
        loaded(Slot::AnalystHires),
    ];
    assert_eq!(loading_state(&broken_book), ClosingState::LoadingFiles);
}

fn split_by_group(all: Vec<Discrepancy>) -> (Vec<Discrepancy>, Vec<Discrepancy>) {
    all.into_iter()
        .partition(|discrepancy| discrepancy.group == Group::PayrollVsChanges)
}

#[test]
fn consolidation_states() {
    let clean = document_of(ok(vec![]), ok(vec![]), &[]);
    assert_eq!(clean.state, ClosingState::VerifiedClean);
    assert!(!clean.incomplete);

    let (payroll, movements) = split_by_group(run_everything(&settings()));
    let found = document_of(ok(payroll.clone()), ok(movements.clone()), &[]);
    assert_eq!(found.state, ClosingState::WithDiscrepancies);
    assert!(!found.incomplete);
    assert_eq!(found.summary.total, payroll.len() + movements.len());
    assert_eq!(
        found.summary.by_group[&Group::PayrollVsChanges],
        payroll.len()
    );
    let mut sorted = found.discrepancies.clone();
    cuadra_core::discrepancy::sort_discrepancies(&mut sorted);
    assert_eq!(sorted, found.discrepancies);

    // A failed worker is never a success, even when the other one found nothing.
    let failed = document_of(
        ok(vec![]),
        WorkerOutcome::Failed {
            error: "tiempo de espera agotado".to_string(),
            ms: 30000.0,
        },
        &[],
    );
    assert_eq!(failed.state, ClosingState::WithDiscrepancies);
    assert!(failed.incomplete);
    assert_eq!(
        failed.workers[1].error.as_deref(),
        Some("tiempo de espera agotado")
    );
    assert_eq!(failed.summary.total, 0);
    assert_eq!(
        failed.summary.by_group.len(),
        2,
        "both groups always present"
    );

    // The failed group's partner keeps its discrepancies.
    let partial = document_of(
        WorkerOutcome::Failed {
            error: "pánico".to_string(),
            ms: 1.0,
        },
        ok(movements.clone()),
        &[],
    );
    assert_eq!(partial.discrepancies.len(), movements.len());
    assert!(partial.incomplete);
}

#[test]
fn user_status_and_notes_carry_over_by_identity() {
    let (payroll, movements) = split_by_group(run_everything(&settings()));
    let mut first = document_of(ok(payroll.clone()), ok(movements.clone()), &[]);
    let justified_idx = first
        .discrepancies
        .iter()
        .position(|d| d.kind == DiscrepancyKind::BaseSalaryDiffers)
        .expect("a base salary difference");
    assert!(first.set_status(
        justified_idx,
        DiscrepancyStatus::Justified,
        Some("aumento".into())
    ));
    assert_eq!(first.summary.by_status[&DiscrepancyStatus::Justified], 1);
    let corrected_idx = first
        .discrepancies
        .iter()
        .position(|d| d.kind == DiscrepancyKind::AbsenceDatesDiffer)
        .expect("an absence dates difference");
    first.discrepancies[corrected_idx].status = DiscrepancyStatus::Corrected;
    first.refresh_summary();
    assert_eq!(first.summary, Summary::of(&first.discrepancies));

    let second = document_of(ok(payroll), ok(movements), &first.discrepancies);
    assert_eq!(second.discrepancies.len(), first.discrepancies.len());
    for (old, new) in first.discrepancies.iter().zip(&second.discrepancies) {
        assert_eq!(
            (old.status, &old.note),
            (new.status, &new.note),
            "{}",
            new.description
        );
    }
    assert_eq!(
        second.summary.by_status[&DiscrepancyStatus::Pending],
        second.summary.total - 2
    );

    // A discrepancy with another identity (other concept) does not inherit.
    let mut other = second.discrepancies[justified_idx].clone();
    other.concept = Some("Otro → Otro".to_string());
    other.status = DiscrepancyStatus::Pending;
    let mut fresh = [other];
    carry_over(&mut fresh, &second.discrepancies);
    assert_eq!(fresh[0].status, DiscrepancyStatus::Pending);
}

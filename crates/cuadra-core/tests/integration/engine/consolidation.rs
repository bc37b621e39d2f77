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

/// A closing without Novedades compared no libro amount, so "0 discrepancias" must
/// not become the clean state that allows consolidation, and the document must say so.
#[test]
fn no_novedades_is_not_compared_and_not_clean() {
    let payroll_book = book(&["Sueldo Base"], &[(12345678, "Ana Soto", &["500000"])]);
    let movements = MonthlyMovements::default();
    let payroll = compare_payroll_vs_changes(&payroll_book, None, &settings());
    assert_eq!(payroll.not_compared, Some(NotCompared::NoPayrollChanges));
    let movements =
        compare_movements_vs_analyst(&movements, &no_analyst_files(), &settings(), None);
    assert_eq!(movements.not_compared, None);

    let closing = closing();
    let inputs = [
        summary(Slot::PayrollBook, "libro.xlsx"),
        summary(Slot::MonthlyMovements, "movimientos.xlsx"),
        summary(Slot::AnalystHires, "ingresos.xlsx"),
    ];
    let settings = settings();
    let document = consolidate(
        RunContext {
            closing: &closing,
            inputs: &inputs,
            settings: &settings,
            previous: &[],
        },
        WorkerOutcome::Ok {
            result: payroll,
            ms: 1.0,
        },
        WorkerOutcome::Ok {
            result: movements,
            ms: 1.0,
        },
    );
    assert_eq!(document.summary.total, 0);
    assert_eq!(document.state, ClosingState::VerifiedPartly);
    assert_ne!(document.state, ClosingState::VerifiedClean);
    assert!(!document.state.allows_consolidation());
    assert!(
        !document.incomplete,
        "nothing failed: the run is partial, not broken"
    );
    let payroll_report = &document.workers[0];
    assert!(!payroll_report.compared);
    assert_eq!(
        payroll_report.not_compared_reason.as_deref(),
        Some("no se cargó Novedades")
    );
    assert!(document.workers[1].compared);
    assert_eq!(
        verification_sentence(&document),
        "Se verificó Movimientos vs Analista (Finiquitos y Ausentismos no se cargaron y \
         cuentan como no reportados); no se comparó Libro vs Novedades porque no se cargó \
         Novedades."
    );

    let json = cuadra_core::export::to_json(&document);
    assert!(
        json.contains("\"estado\": \"verificado_parcial\""),
        "{json}"
    );
    assert!(json.contains("\"comparado\": false"), "{json}");
    assert!(
        json.contains("\"motivo_no_comparado\": \"no se cargó Novedades\""),
        "{json}"
    );
}

/// A group that compared nothing does not hide discrepancies the other group found.
#[test]
fn not_compared_group_beside_discrepancies_is_with_discrepancies() {
    let (_, movements) = split_by_group(run_everything(&settings()));
    let not_compared = WorkerOutcome::Ok {
        result: GroupResult {
            not_compared: Some(NotCompared::NoPayrollChanges),
            ..GroupResult::default()
        },
        ms: 1.0,
    };
    let document = document_of(not_compared, ok(movements), &[]);
    assert_eq!(document.state, ClosingState::WithDiscrepancies);
    assert!(!document.workers[0].compared);
    assert!(verification_sentence(&document)
        .ends_with("no se comparó Libro vs Novedades porque no se cargó Novedades."));
}

/// Novedades loaded but every concept left *Sin asignación*: no amount was compared.
#[test]
fn novedades_with_no_mapped_concept_is_not_compared() {
    let payroll_book = book(&["Sueldo Base"], &[(12345678, "Ana Soto", &["500000"])]);
    let payroll_changes = changes(&["Bono"], &[(12345678, "Ana Soto", &["1000"])]);
    let mut settings = settings();
    settings.mapping.insert("Bono".to_string(), None);
    let result = compare_payroll_vs_changes(&payroll_book, Some(&payroll_changes), &settings);
    assert_eq!(result.not_compared, Some(NotCompared::NoConceptMapped));
    assert!(result.discrepancies.is_empty());
    assert!(
        result
            .notes
            .iter()
            .any(|note| note.contains("no se comparó ningún monto")),
        "{:?}",
        result.notes
    );

    let mapped = compare_payroll_vs_changes(
        &payroll_book,
        Some(&changes(
            &["Sueldo Base"],
            &[(12345678, "Ana Soto", &["500000"])],
        )),
        &super::settings(),
    );
    assert_eq!(mapped.not_compared, None);
}

#[test]
fn verification_sentence_of_a_full_and_of_a_failed_run() {
    let closing = closing();
    let inputs: Vec<InputSummary> = Slot::ALL
        .into_iter()
        .map(|slot| summary(slot, "archivo.xlsx"))
        .collect();
    let settings = settings();
    let context = RunContext {
        closing: &closing,
        inputs: &inputs,
        settings: &settings,
        previous: &[],
    };
    let clean = consolidate(context, ok(vec![]), ok(vec![]));
    assert_eq!(clean.state, ClosingState::VerifiedClean);
    assert!(clean.state.allows_consolidation());
    assert_eq!(
        verification_sentence(&clean),
        "Se verificaron Libro vs Novedades y Movimientos vs Analista."
    );
    let failed = consolidate(
        context,
        ok(vec![]),
        WorkerOutcome::Failed {
            error: "pánico".to_string(),
            ms: 1.0,
        },
    );
    assert!(!failed.workers[1].compared);
    assert_eq!(
        verification_sentence(&failed),
        "Se verificó Libro vs Novedades; Movimientos vs Analista falló."
    );
}

/// Documents written before `comparado` existed read as compared.
#[test]
fn old_documents_read_as_compared() {
    let document = document_of(ok(vec![]), ok(vec![]), &[]);
    let json = cuadra_core::export::to_json(&document)
        .replace("\"comparado\": true,", "")
        .replace("\"motivo_no_comparado\": null,", "");
    assert!(!json.contains("comparado"));
    let read: ResultDocument = serde_json::from_str(&json).expect("an old document reads");
    assert!(read.workers.iter().all(|worker| worker.compared));
}

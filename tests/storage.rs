//! The storage rules, natively, on the memory store: the same checks the IndexedDB store
//! passes in Chromium (`tests/storage_idb.rs`), plus the pure rules beside them (what
//! changed since the last run, next-month proposals, the audit log, record encoding).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use cuadra_core::discrepancy::DiscrepancyIdentity;
use cuadra_core::document::ClosingState;
use cuadra_core::generator::GeneratorOptions;
use cuadra_core::run_diff::{RunChange, RunDiff};
use cuadra_core::{DiscrepancyStatus, Settings};

use cuadra_app::storage::audit::{render_text, AuditEvent, AuditTrail};
use cuadra_app::storage::proposal::{mapping_origins, next_period_proposal, MappingOrigin};
use cuadra_app::storage::{
    ClientRecord, ClosingRecord, MemoryStore, ResultWrite, Storage, StorageError, StoredResult,
};
use support::{block_on, checks, run_generated, small_run};

fn memory() -> Storage {
    Storage::memory()
}

#[test]
fn closings_list_newest_first() {
    block_on(checks::list_newest_first(&memory()));
}

#[test]
fn a_closing_restores_whole_and_switches() {
    block_on(checks::restore_and_switch(&memory()));
}

#[test]
fn history_trend_and_monitor_totals() {
    block_on(checks::history_and_monitor(&memory()));
}

#[test]
fn deleting_a_closing_removes_its_history_audit_and_files() {
    block_on(checks::delete_removes_everything_of_a_closing(&memory()));
}

#[test]
fn a_stale_revision_is_refused() {
    block_on(checks::stale_revision_is_refused(&memory()));
}

#[test]
fn client_settings_come_back_as_the_proposal() {
    block_on(checks::client_settings_round_trip(&memory()));
}

#[test]
fn a_result_keeps_estados_and_what_changed() {
    block_on(checks::result_with_changes_round_trip(&memory()));
}

#[test]
fn estado_edits_are_decisions_applied_on_restore() {
    block_on(checks::decisions_apply_on_restore(&memory()));
}

#[test]
fn erase_everything_leaves_nothing() {
    block_on(checks::erase_everything(&memory()));
}

#[test]
fn the_stored_audit_log_has_no_cell_contents() {
    block_on(checks::stored_audit_log_has_no_cell_contents(&memory()));
}

#[test]
fn natively_storage_is_memory_with_a_notice() {
    let (storage, notice) = block_on(Storage::open_or_memory());
    assert!(!storage.is_persistent());
    assert!(notice.expect("a notice").in_memory_only);
}

/// A failed write changes nothing, the caller is told, and the next write works.
#[test]
fn a_failed_write_changes_nothing() {
    let store = MemoryStore::new();
    let run = small_run(31);
    let record = ClosingRecord::new(run.key(), Settings::default(), 1.0);
    let saved = block_on(store.save_closing(record, ResultWrite::Keep)).expect("saves");
    store.inject_write_failure(StorageError::WriteAborted { quota: true });
    let mut changed = saved.record.clone();
    changed.state = ClosingState::FilesComplete;
    let stored = StoredResult::after_run(None, run.document.clone());
    let failed =
        block_on(store.save_closing(changed.clone(), ResultWrite::Replace(Box::new(stored))));
    let error = failed.expect_err("the injected failure");
    assert_eq!(error, StorageError::WriteAborted { quota: true });
    assert!(
        !error.notice().in_memory_only,
        "a full disk keeps the database"
    );
    assert_eq!(
        block_on(store.load_closing(run.key())).expect("reads"),
        Some(saved.record)
    );
    assert_eq!(block_on(store.load_result(run.key())).expect("reads"), None);
    let retried =
        block_on(store.save_closing(changed, ResultWrite::Keep)).expect("the retry saves");
    assert_eq!(retried.record.revision, 2);
}

fn identities(diff_side: &[cuadra_core::Discrepancy]) -> Vec<DiscrepancyIdentity> {
    let mut ids: Vec<_> = diff_side.iter().map(|d| d.identity()).collect();
    ids.sort();
    ids
}

/// Turning on two settings adds exactly the generator's extra discrepancies: the diff calls
/// those new and every planted one unchanged (estados carried over), and back again they
/// disappear.
#[test]
fn what_changed_between_two_real_runs() {
    let options = GeneratorOptions::sized(32, 150);
    let first = run_generated(&options, &Settings::default(), &[]);
    let mut previous = first.document.clone();
    assert!(previous.set_status(1, DiscrepancyStatus::Corrected, Some("ya corregido".into())));
    let wider = Settings {
        report_only_in_payroll: true,
        zero_is_novelty: true,
        ..Settings::default()
    };
    let second = run_generated(&options, &wider, &previous.discrepancies);
    let diff = RunDiff::of_documents(&previous, &second.document);
    assert_eq!(diff.changes.len(), second.document.discrepancies.len());
    let new: Vec<_> = diff
        .indices(RunChange::New)
        .into_iter()
        .map(|idx| second.document.discrepancies[idx].clone())
        .collect();
    let mut extra: Vec<DiscrepancyIdentity> = first
        .closing
        .planted_only_in_payroll
        .iter()
        .chain(&first.closing.planted_zero_is_novelty)
        .map(|p| p.identity())
        .collect();
    extra.sort();
    assert!(!extra.is_empty());
    assert_eq!(identities(&new), extra);
    assert_eq!(
        diff.count(RunChange::Unchanged),
        first.closing.planted.len()
    );
    assert_eq!(diff.count(RunChange::ChangedValue), 0);
    assert_eq!(diff.count(RunChange::Disappeared), 0);
    let back = RunDiff::of_documents(&second.document, &first.document);
    assert_eq!(identities(&back.disappeared), extra);
    assert_eq!(back.count(RunChange::New), 0);
}

/// A value that changes between runs (same identity) is "changed", not new.
#[test]
fn a_changed_value_is_not_new() {
    let run = small_run(33);
    let mut next = run.document.clone();
    next.discrepancies[0].description.push_str(" (otro monto)");
    let diff = RunDiff::of_documents(&run.document, &next);
    assert_eq!(diff.indices(RunChange::ChangedValue), [0]);
    assert_eq!(diff.count(RunChange::New), 0);
}

/// Next month proposes last month's mapping, marks remembered headers (also when their
/// accents or case changed) and new ones.
#[test]
fn next_month_marks_remembered_and_new_headers() {
    let run = small_run(34);
    let mut settings = Settings::default();
    let chosen = run.changes_concepts[0].clone();
    settings.mapping.insert(chosen.clone(), None);
    let client = ClientRecord {
        company_rut: run.closing.company_rut,
        settings,
        known_mapping: run.document.settings.mapping.clone(),
        period: run.closing.period,
        updated_at_ms: 1.0,
    };
    let proposal = next_period_proposal(Some(&client)).expect("a proposal");
    for header in &run.changes_concepts {
        assert!(
            proposal.settings.mapping.contains_key(header),
            "{header} is remembered"
        );
    }
    assert_eq!(proposal.settings.mapping.get(&chosen), Some(&None));
    let mut april = run.changes_concepts.clone();
    april[1] = april[1].to_uppercase();
    april.push("Bono Nuevo Abril".to_string());
    let entries = mapping_origins(Some(&client), &april, &run.book_concepts);
    assert_eq!(entries.len(), april.len());
    assert!(entries[..april.len() - 1]
        .iter()
        .all(|e| e.origin == MappingOrigin::LastPeriod));
    assert_eq!(entries[0].target, None, "the user's choice comes back");
    assert_eq!(
        entries[1].target,
        run.document.settings.mapping[&run.changes_concepts[1]]
    );
    let new = entries.last().expect("the new header");
    assert_eq!((new.origin, new.target.clone()), (MappingOrigin::New, None));
    assert!(mapping_origins(None, &april, &run.book_concepts)
        .iter()
        .all(|e| e.origin == MappingOrigin::New));
    assert!(next_period_proposal(None).is_none());
}

/// The audit text of a run built from its events: no employee name, RUT, description or
/// cell text, while file names, hashes, mapping and worker counts are there.
#[test]
fn the_audit_log_of_a_real_run_has_no_cell_contents() {
    let run = small_run(35);
    let mut trail = AuditTrail::default();
    trail.record_start(
        0.0,
        &run.stored_files(false),
        &run.document.settings,
        &run.document.settings.mapping,
    );
    for worker in &run.document.workers {
        trail.push(
            1.0,
            AuditEvent::WorkerStarted {
                group: worker.group,
            },
        );
        trail.push(
            2.0,
            AuditEvent::WorkerFinished {
                group: worker.group,
                rows_read: 133,
                n_discrepancies: worker.n_discrepancies,
                duration_ms: worker.ms,
            },
        );
    }
    trail.record_end(3.0, &run.document);
    let text = render_text(&trail.lines, 0);
    checks::audit_text_has_no_cell_contents(&run, &text);
    let (header, target) = run
        .document
        .settings
        .mapping
        .iter()
        .find(|(_, target)| target.is_some())
        .expect("a mapped header");
    assert!(text.contains(&format!(
        "{header} → {}",
        target.as_deref().unwrap_or_default()
    )));
    assert!(text.contains("Proceso Libro vs Novedades: fin, 133 filas leídas"));
    assert_eq!(text.lines().count(), trail.lines.len());
}

/// Records go to IndexedDB as JSON: each kind round-trips, and a schema-1 closing (no
/// `filters`) reads with no filter.
#[test]
fn records_round_trip_through_json_and_v1_closings_read() {
    let run = small_run(36);
    let mut record = ClosingRecord::new(run.key(), run.document.settings.clone(), 1.0);
    record.take_result_facts(&run.document);
    record.files = run.stored_files(true);
    record.filters.change = Some(RunChange::ChangedValue);
    let json = serde_json::to_string(&record).expect("serialises");
    assert_eq!(
        serde_json::from_str::<ClosingRecord>(&json).expect("reads"),
        record
    );
    let stored = StoredResult::after_run(Some(&run.document), run.document.clone());
    let json = serde_json::to_string(&stored).expect("serialises");
    assert_eq!(
        serde_json::from_str::<StoredResult>(&json).expect("reads"),
        stored
    );

    let mut v1: serde_json::Value = serde_json::to_value(&record).expect("serialises");
    v1.as_object_mut().expect("an object").remove("filters");
    let read: ClosingRecord = serde_json::from_value(v1).expect("a v1 closing reads");
    assert_eq!(read.filters, Default::default());
    assert_eq!(read.files, record.files);
}

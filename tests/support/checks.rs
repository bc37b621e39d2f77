//! The storage rules as checks over one `Storage`, so the same assertions run natively on
//! the memory store (`tests/storage.rs`) and in Chromium on IndexedDB
//! (`tests/storage_idb.rs`). Each check starts from an empty store.

use cuadra_core::document::ClosingState;
use cuadra_core::values::rut::Rut;
use cuadra_core::{DiscrepancyStatus, Group, Period, Settings, Slot};

use cuadra_app::storage::audit::{render_text, AuditEvent, AuditTrail};
use cuadra_app::storage::history::{trend, trend_delta};
use cuadra_app::storage::{
    AttemptRecord, ClientRecord, ClosingKey, ClosingRecord, ListFilters, ResultWrite, RunRecord,
    Storage, StorageError, StoredDecision, StoredResult, WorkerRunOutcome,
};
use cuadra_core::run_diff::RunChange;

use cuadra_core::generator::GeneratorOptions;

use super::{body, body_bytes, run_generated, small_run, Run};

fn key(rut: u32, year: i32, month: u8) -> ClosingKey {
    ClosingKey {
        company_rut: Rut::from_number(rut),
        period: Period { year, month },
    }
}

/// A closing with a run's result, saved as a new record.
async fn save_run(storage: &Storage, run: &Run, now_ms: f64) -> ClosingRecord {
    let mut record = ClosingRecord::new(run.key(), run.document.settings.clone(), now_ms);
    record.take_result_facts(&run.document);
    record.files = run.stored_files(false);
    let stored = StoredResult::after_run(None, run.document.clone());
    storage
        .save_closing(record, ResultWrite::Replace(Box::new(stored)))
        .await
        .expect("a new closing saves")
        .record
}

/// Closings list newest first, with their last state and date, and no result.
pub async fn list_newest_first(storage: &Storage) {
    for (idx, (rut, month)) in [(76_123_456, 3), (77_000_111, 4), (76_123_456, 4)]
        .into_iter()
        .enumerate()
    {
        let mut record = ClosingRecord::new(key(rut, 2025, month), Settings::default(), 0.0);
        record.updated_at_ms = [3_000.0, 1_000.0, 2_000.0][idx];
        record.state = [
            ClosingState::WithDiscrepancies,
            ClosingState::LoadingFiles,
            ClosingState::VerifiedClean,
        ][idx];
        storage
            .save_closing(record, ResultWrite::Keep)
            .await
            .expect("saves");
    }
    let listed = storage.list_closings().await.expect("lists");
    let seen: Vec<(ClosingKey, ClosingState, f64)> = listed
        .iter()
        .map(|r| (r.key, r.state, r.updated_at_ms))
        .collect();
    assert_eq!(
        seen,
        [
            (
                key(76_123_456, 2025, 3),
                ClosingState::WithDiscrepancies,
                3_000.0
            ),
            (
                key(76_123_456, 2025, 4),
                ClosingState::VerifiedClean,
                2_000.0
            ),
            (
                key(77_000_111, 2025, 4),
                ClosingState::LoadingFiles,
                1_000.0
            ),
        ]
    );
    let of_client = storage
        .closings_of_client(Rut::from_number(76_123_456))
        .await
        .expect("lists a client's closings");
    let periods: Vec<String> = of_client.iter().map(|r| r.key.period.to_string()).collect();
    assert_eq!(periods, ["2025-03", "2025-04"]);
}

/// Switching restores a closing whole: its result (the same document), filters, and
/// which files to load again.
pub async fn restore_and_switch(storage: &Storage) {
    let march = small_run(21);
    let saved = save_run(storage, &march, 10.0).await;
    let mut record = saved.clone();
    record.filters = ListFilters {
        group: Some(Group::PayrollVsChanges),
        status: Some(DiscrepancyStatus::Pending),
        text: "bono".to_string(),
        change: Some(RunChange::New),
        ..ListFilters::default()
    };
    record.keep_file_contents = true;
    record.files = march.stored_files(true);
    let saved = storage
        .save_closing(record, ResultWrite::Keep)
        .await
        .expect("the filters save")
        .record;
    assert_eq!(saved.revision, 2);
    // Only the libro's contents reached the store: the others must be loaded again.
    let libro = march.closing.file(Slot::PayrollBook).expect("a libro");
    storage
        .put_file(march.key(), Slot::PayrollBook, body(&libro.bytes))
        .await
        .expect("the libro's contents save");
    let other = key(76_999_999, 2025, 3);
    storage
        .save_closing(
            ClosingRecord::new(other, Settings::default(), 20.0),
            ResultWrite::Keep,
        )
        .await
        .expect("another closing saves");

    let restored = storage
        .restore_closing(march.key())
        .await
        .expect("restores")
        .expect("the closing is there");
    assert_eq!(restored.record, saved);
    let result = restored.result.expect("its result");
    assert_eq!(result.document, march.document);
    assert_eq!(result.changes, None);
    let reload: Vec<Slot> = restored.files_to_reload.iter().map(|f| f.slot).collect();
    let expected: Vec<Slot> = march
        .document
        .inputs
        .iter()
        .map(|input| input.slot)
        .filter(|slot| *slot != Slot::PayrollBook)
        .collect();
    assert_eq!(reload, expected);
    let stored_libro = storage
        .load_file(march.key(), Slot::PayrollBook)
        .await
        .expect("reads")
        .expect("the libro is kept");
    assert_eq!(body_bytes(&stored_libro).await, libro.bytes);

    let switched = storage
        .restore_closing(other)
        .await
        .expect("restores")
        .expect("the other closing is there");
    assert_eq!(switched.record.key, other);
    assert_eq!(switched.result, None);
    assert!(storage
        .restore_closing(key(70_000_000, 2024, 1))
        .await
        .expect("a missing closing is not an error")
        .is_none());

    storage.forget_files(march.key()).await.expect("forgets");
    let restored = storage
        .restore_closing(march.key())
        .await
        .expect("restores")
        .expect("there");
    assert_eq!(restored.files_to_reload.len(), march.document.inputs.len());
}

/// Records one run of a closing: attempt, audit lines, worker outcomes.
async fn record_attempt(storage: &Storage, run: &Run, started: f64, failed: bool) -> u32 {
    let mut attempt = AttemptRecord::of_result(run.key(), started, 40.0, &run.document);
    if failed {
        attempt = AttemptRecord::not_started(run.key(), started, "sin libro".to_string());
    }
    let mut trail = AuditTrail::default();
    trail.record_start(
        started,
        &run.stored_files(false),
        &run.document.settings,
        &run.document.settings.mapping,
    );
    trail.record_end(started + 40.0, &run.document);
    storage
        .record_run(RunRecord {
            attempt,
            audit: trail.lines,
            workers: vec![
                WorkerRunOutcome {
                    group: Group::PayrollVsChanges,
                    succeeded: !failed,
                    duration_ms: 10.0,
                },
                WorkerRunOutcome {
                    group: Group::MovementsVsAnalyst,
                    succeeded: true,
                    duration_ms: 30.0,
                },
            ],
        })
        .await
        .expect("the run records")
}

/// History is numbered per closing, the trend has one point per attempt, and the monitor
/// adds up across closings.
pub async fn history_and_monitor(storage: &Storage) {
    let run = small_run(22);
    let other = run_generated(
        &GeneratorOptions {
            period: Period {
                year: 2025,
                month: 4,
            },
            ..GeneratorOptions::sized(23, 60)
        },
        &Settings::default(),
        &[],
    );
    assert_ne!(other.key(), run.key());
    assert_eq!(record_attempt(storage, &run, 100.0, false).await, 1);
    assert_eq!(record_attempt(storage, &other, 150.0, false).await, 1);
    assert_eq!(record_attempt(storage, &run, 200.0, true).await, 2);
    assert_eq!(record_attempt(storage, &run, 300.0, false).await, 3);
    let history = storage.history(run.key()).await.expect("reads");
    let numbers: Vec<u32> = history.iter().map(|a| a.attempt).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(history[0].total, run.document.summary.total);
    assert_eq!(history[1].final_state, ClosingState::FilesComplete);
    assert_eq!(history[1].error.as_deref(), Some("sin libro"));
    let points = trend(&history);
    assert_eq!(points.len(), 3);
    assert!(points[1].partial && !points[0].partial);
    // The attempt that did not start is skipped: first and last complete ones are equal.
    assert_eq!(trend_delta(&points), Some(0));
    assert_eq!(trend_delta(&points[..2]), None);
    assert_eq!(
        points[2].by_group[0] + points[2].by_group[1],
        run.document.summary.total
    );
    let log = storage
        .audit_log(run.key(), 3)
        .await
        .expect("reads")
        .expect("attempt 3's log");
    assert_eq!(log.attempt, 3);
    assert!(matches!(
        log.lines.last().map(|l| &l.event),
        Some(AuditEvent::FinalState { .. })
    ));
    let [payroll, movements] = storage.monitor_totals().await.expect("reads");
    assert_eq!((payroll.runs, payroll.successes), (4, 3));
    assert_eq!(payroll.success_rate(), Some(0.75));
    assert_eq!(payroll.average_ms(), Some(10.0));
    assert_eq!(
        (movements.runs, movements.last_duration_ms),
        (4, Some(30.0))
    );
}

/// Deleting a closing removes its result, history, audit logs and files, and only its own.
pub async fn delete_removes_everything_of_a_closing(storage: &Storage) {
    let run = small_run(24);
    let kept = key(76_555_444, 2025, 3);
    save_run(storage, &run, 1.0).await;
    storage
        .save_closing(
            ClosingRecord::new(kept, Settings::default(), 2.0),
            ResultWrite::Keep,
        )
        .await
        .expect("saves");
    record_attempt(storage, &run, 5.0, false).await;
    storage
        .put_file(run.key(), Slot::MonthlyMovements, body(b"contenido"))
        .await
        .expect("saves a file");
    storage
        .put_file(kept, Slot::PayrollBook, body(b"otro"))
        .await
        .expect("saves a file");
    let mut edited = run.document.clone();
    assert!(edited.set_status(0, DiscrepancyStatus::Corrected, None));
    let decision = StoredDecision::of(&edited, 0, 6.0).expect("a decision");
    storage
        .save_decision(run.key(), decision)
        .await
        .expect("saves a decision");

    storage.delete_closing(run.key()).await.expect("deletes");
    assert!(storage
        .restore_closing(run.key())
        .await
        .expect("reads")
        .is_none());
    assert!(storage
        .decisions(run.key())
        .await
        .expect("reads")
        .is_empty());
    assert!(storage.history(run.key()).await.expect("reads").is_empty());
    assert!(storage
        .audit_log(run.key(), 1)
        .await
        .expect("reads")
        .is_none());
    assert!(storage
        .load_file(run.key(), Slot::MonthlyMovements)
        .await
        .expect("reads")
        .is_none());
    let left: Vec<ClosingKey> = storage
        .list_closings()
        .await
        .expect("lists")
        .iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(left, [kept]);
    assert!(storage
        .load_file(kept, Slot::PayrollBook)
        .await
        .expect("reads")
        .is_some());
}

/// Two tabs on one closing: the second writer, based on an old revision, is refused and
/// told what is stored; writing again on that revision overwrites deliberately.
pub async fn stale_revision_is_refused(storage: &Storage) {
    let closing = key(76_123_456, 2025, 5);
    let first = storage
        .save_closing(
            ClosingRecord::new(closing, Settings::default(), 1.0),
            ResultWrite::Keep,
        )
        .await
        .expect("saves")
        .record;
    let mut tab_a = first.clone();
    let mut tab_b = first.clone();
    tab_a.state = ClosingState::LoadingFiles;
    let tab_a = storage
        .save_closing(tab_a, ResultWrite::Keep)
        .await
        .expect("tab A saves")
        .record;
    assert_eq!(tab_a.revision, 2);
    tab_b.state = ClosingState::FilesComplete;
    let refused = storage.save_closing(tab_b.clone(), ResultWrite::Keep).await;
    match refused {
        Err(StorageError::ChangedElsewhere {
            stored: Some(stored),
        }) => assert_eq!(*stored, tab_a),
        other => panic!("a stale write must be refused, got {other:?}"),
    }
    let stored = storage
        .restore_closing(closing)
        .await
        .expect("reads")
        .expect("there");
    assert_eq!(stored.record.state, ClosingState::LoadingFiles);
    tab_b.revision = tab_a.revision;
    let overwritten = storage
        .save_closing(tab_b, ResultWrite::Keep)
        .await
        .expect("deliberate overwrite");
    assert_eq!(
        (overwritten.record.revision, overwritten.record.state),
        (3, ClosingState::FilesComplete)
    );
    // A closing deleted in another tab is not silently recreated either.
    storage.delete_closing(closing).await.expect("deletes");
    match storage
        .save_closing(overwritten.record, ResultWrite::Keep)
        .await
    {
        Err(StorageError::ChangedElsewhere { stored: None }) => {}
        other => panic!("a write to a deleted closing must be refused, got {other:?}"),
    }
}

/// A client's settings come back as the proposal for its next closing.
pub async fn client_settings_round_trip(storage: &Storage) {
    let run = small_run(25);
    let mut settings = Settings {
        tolerance: 500,
        ..Settings::default()
    };
    settings.mapping.insert("Bono".to_string(), None);
    let client = ClientRecord {
        company_rut: run.closing.company_rut,
        settings: settings.clone(),
        known_mapping: run.document.settings.mapping.clone(),
        period: run.closing.period,
        updated_at_ms: 5.0,
    };
    storage.save_client(client.clone()).await.expect("saves");
    assert_eq!(
        storage
            .load_client(run.closing.company_rut)
            .await
            .expect("reads"),
        Some(client)
    );
    let proposal = storage
        .proposal_for(run.closing.company_rut)
        .await
        .expect("reads")
        .expect("a proposal for a known client");
    assert_eq!(proposal.from_period, run.closing.period);
    assert_eq!(proposal.settings.tolerance, 500);
    assert_eq!(proposal.settings.mapping.get("Bono"), Some(&None));
    assert!(storage
        .proposal_for(Rut::from_number(70_000_001))
        .await
        .expect("reads")
        .is_none());
}

/// A result whose estados changed and whose run was compared with the one before keeps
/// both through the store.
pub async fn result_with_changes_round_trip(storage: &Storage) {
    let run = small_run(26);
    let saved = save_run(storage, &run, 1.0).await;
    let mut next = run.document.clone();
    assert!(next.set_status(
        0,
        DiscrepancyStatus::Justified,
        Some("acordado con el cliente".to_string())
    ));
    next.discrepancies.pop();
    next.refresh_summary();
    let stored = StoredResult::after_run(Some(&run.document), next.clone());
    let mut record = saved;
    record.take_result_facts(&next);
    let written = storage
        .save_closing(record, ResultWrite::Replace(Box::new(stored.clone())))
        .await
        .expect("saves");
    assert_eq!(
        written.record.n_discrepancies,
        Some(next.discrepancies.len())
    );
    let restored = storage
        .restore_closing(run.key())
        .await
        .expect("reads")
        .expect("there");
    let result = restored.result.expect("a result");
    assert_eq!(result, stored);
    let changes = result.changes.expect("what changed");
    assert_eq!(changes.count(RunChange::Disappeared), 1);
    assert_eq!(
        changes.count(RunChange::Unchanged),
        next.discrepancies.len()
    );
    assert_eq!(
        result.document.discrepancies[0].status,
        DiscrepancyStatus::Justified
    );
}

/// "Borrar todo" leaves nothing, and the store keeps working after it.
pub async fn erase_everything(storage: &Storage) {
    let run = small_run(27);
    save_run(storage, &run, 1.0).await;
    record_attempt(storage, &run, 2.0, false).await;
    storage
        .save_client(ClientRecord {
            company_rut: run.closing.company_rut,
            settings: Settings::default(),
            known_mapping: Default::default(),
            period: run.closing.period,
            updated_at_ms: 1.0,
        })
        .await
        .expect("saves");
    storage.erase_everything().await.expect("erases");
    assert!(storage.list_closings().await.expect("lists").is_empty());
    assert!(storage.history(run.key()).await.expect("reads").is_empty());
    assert!(storage
        .load_client(run.closing.company_rut)
        .await
        .expect("reads")
        .is_none());
    assert_eq!(storage.monitor_totals().await.expect("reads")[0].runs, 0);
    save_run(storage, &run, 3.0).await;
    assert_eq!(storage.list_closings().await.expect("lists").len(), 1);
}

/// The audit log's text holds file names and hashes, never an employee's name or a
/// discrepancy's description.
pub fn audit_text_has_no_cell_contents(run: &Run, text: &str) {
    for input in &run.document.inputs {
        assert!(
            text.contains(&input.file_name),
            "the log names {}",
            input.file_name
        );
        assert!(
            text.contains(&input.sha256),
            "the log has the SHA-256 of {}",
            input.file_name
        );
    }
    for name in &run.employee_names {
        assert!(
            !text.contains(name.as_str()),
            "an employee name reached the log"
        );
    }
    for discrepancy in &run.document.discrepancies {
        assert!(
            !text.contains(&discrepancy.description),
            "a description reached the log"
        );
        assert!(
            !text.contains(&discrepancy.rut.to_string()),
            "a RUT reached the log"
        );
    }
    for warning in run.document.inputs.iter().flat_map(|input| &input.warnings) {
        if let Some(cell) = &warning.text {
            assert!(
                !text.contains(cell.as_str()),
                "a warning's cell text reached the log"
            );
        }
    }
}

/// The stored audit log of a real run renders without cell contents.
pub async fn stored_audit_log_has_no_cell_contents(storage: &Storage) {
    let run = small_run(28);
    assert!(!run.employee_names.is_empty() && !run.document.discrepancies.is_empty());
    let attempt = record_attempt(storage, &run, 1_743_429_727_123.0, false).await;
    let log = storage
        .audit_log(run.key(), attempt)
        .await
        .expect("reads")
        .expect("the log");
    let text = render_text(&log.lines, -180);
    assert!(text.starts_with("2025-03-31T11:02:07.123-03:00  Inicio de la verificación\n"));
    assert!(text.contains("Estado final: Con discrepancias"));
    audit_text_has_no_cell_contents(&run, &text);
}

/// An estado edit is stored as a decision and comes back on its discrepancy; a new result
/// drops the edits (it carries its estados itself).
pub async fn decisions_apply_on_restore(storage: &Storage) {
    let run = small_run(29);
    let saved = save_run(storage, &run, 1.0).await;
    assert!(run.document.discrepancies.len() >= 4);
    let mut edited = run.document.clone();
    assert!(edited.set_status(
        2,
        DiscrepancyStatus::Justified,
        Some("pagado en abril".into())
    ));
    assert!(edited.set_status(3, DiscrepancyStatus::Corrected, None));
    let on_two = StoredDecision::of(&edited, 2, 5.0).expect("a decision");
    // Made when discrepancy 3 sat at index 0: found again by its identity.
    let moved = StoredDecision {
        index: 0,
        ..StoredDecision::of(&edited, 3, 6.0).expect("a decision")
    };
    let mut vanished = StoredDecision::of(&edited, 1, 7.0).expect("a decision");
    vanished.index = 1;
    vanished.identity.rut = Rut::from_number(70_000_002);
    vanished.status = DiscrepancyStatus::Justified;
    for decision in [on_two, moved, vanished] {
        storage
            .save_decision(run.key(), decision)
            .await
            .expect("saves a decision");
    }
    let restored = storage
        .restore_closing(run.key())
        .await
        .expect("reads")
        .expect("there");
    let document = restored.result.expect("a result").document;
    assert_eq!(document, edited, "both edits land, the stray one does not");
    assert_eq!(document.summary.by_status[&DiscrepancyStatus::Justified], 1);

    let rerun = StoredResult::after_run(Some(&edited), run.document.clone());
    storage
        .save_closing(saved, ResultWrite::Replace(Box::new(rerun)))
        .await
        .expect("a new result saves");
    let restored = storage
        .restore_closing(run.key())
        .await
        .expect("reads")
        .expect("there");
    assert_eq!(restored.result.expect("a result").document, run.document);
}

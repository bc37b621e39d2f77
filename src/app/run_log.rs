//! What a finished run adds to the store besides the result: its attempt, its audit log
//! (files, settings, mapping, each worker's start and end, consolidation, final state;
//! never a cell) and how each worker ended, for the monitor's totals.

use cuadra_core::document::ResultDocument;
use cuadra_core::Group;
use leptos::prelude::window;

use super::store_queue::now_ms;
use crate::storage::audit::{AuditEvent, AuditTrail};
use crate::storage::{AttemptRecord, ClosingKey, RunRecord, StoredFile, WorkerRunOutcome};

/// The attempt, audit log and worker outcomes of a finished run.
pub(super) fn run_record(
    key: ClosingKey,
    run: &crate::session::RunTracker,
    document: &ResultDocument,
    files: &[StoredFile],
) -> RunRecord {
    let perf_now = window()
        .performance()
        .map(|performance| performance.now())
        .unwrap_or_default();
    let now = now_ms();
    // The run's clock is the page's (`performance.now()`); the log's is the wall clock.
    let wall = |page_ms: f64| now - (perf_now - page_ms);
    let started = wall(run.started_ms);
    let duration = run
        .workers
        .iter()
        .filter_map(|worker| worker.elapsed_ms)
        .fold(0.0, f64::max);
    let mut trail = AuditTrail::default();
    trail.record_start(
        started,
        files,
        &document.settings,
        &document.settings.mapping,
    );
    let mut outcomes = Vec::new();
    for worker in &run.workers {
        let elapsed = worker.elapsed_ms.unwrap_or_default();
        trail.push(
            started,
            AuditEvent::WorkerStarted {
                group: worker.group,
            },
        );
        let event = match &worker.outcome {
            Some(Ok(group_run)) => AuditEvent::WorkerFinished {
                group: worker.group,
                rows_read: group_run.rows_read,
                n_discrepancies: count_of(document, worker.group),
                duration_ms: elapsed,
            },
            Some(Err(error)) => AuditEvent::WorkerFailed {
                group: worker.group,
                error: error.clone(),
                duration_ms: elapsed,
            },
            None => continue,
        };
        trail.push(started + elapsed, event);
        outcomes.push(WorkerRunOutcome {
            group: worker.group,
            succeeded: matches!(worker.outcome, Some(Ok(_))),
            duration_ms: elapsed,
        });
    }
    trail.record_end(started + duration, document);
    RunRecord {
        attempt: AttemptRecord::of_result(key, started, duration, document),
        audit: trail.lines,
        workers: outcomes,
    }
}

fn count_of(document: &ResultDocument, group: Group) -> usize {
    document
        .summary
        .by_group
        .get(&group)
        .copied()
        .unwrap_or_default()
}

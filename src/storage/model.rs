//! What Cuadra keeps in the browser: one record type per object store, versioned by the
//! schema, plus the small rules that belong to a record (revisions, worker totals).
//!
//! Closings and their results are separate records on purpose: listing closings reads
//! only the small `ClosingRecord`s, and a 100,000-discrepancy result is one `StoredResult`
//! written once, whole (the result document is stored as the serde value it is, so
//! changes to a discrepancy's fields need no change here).

use std::collections::BTreeMap;

use cuadra_core::discrepancy::DiscrepancyIdentity;
use cuadra_core::document::{ClosingState, ResultDocument};
use cuadra_core::run_diff::{RunChange, RunDiff};
use cuadra_core::values::rut::Rut;
use cuadra_core::{DiscrepancyKind, DiscrepancyStatus, Group, Period, Settings, Slot};
use serde::{Deserialize, Serialize};

/// The one database Cuadra owns. Distinct on purpose: when embedded, Cuadra shares its
/// origin with the portal, and "Borrar todo" deletes this database and nothing else.
pub const DATABASE_NAME: &str = "cuadra";

/// The schema this code writes. Version 1 had no worker monitor, no stored list filters
/// and stored estados only inside results; version 2 adds the `monitor` and `decisions`
/// stores, the `by_client` index over closings and `ClosingRecord::filters` (absent in
/// version 1 records, read as no filter).
pub const SCHEMA_VERSION: u32 = 2;

/// A closing: one client, one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClosingKey {
    pub company_rut: Rut,
    pub period: Period,
}

impl ClosingKey {
    /// The closing's key in the stores, `76123456-0|2025-03`: readable in the browser's
    /// developer tools, and every per-closing record starts with it.
    pub fn id(&self) -> String {
        format!("{}|{}", self.company_rut, self.period)
    }
}

/// Bumped by every accepted write of a closing; a write based on an older revision is
/// refused (see [`check_revision`]).
pub type Revision = u64;

/// A file the closing used: enough to tell the user which file to load again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    pub slot: Slot,
    pub name: String,
    pub sha256: String,
    pub size: u64,
    /// The file's contents are stored too (the user opted in for this closing).
    pub content_kept: bool,
}

/// The result list's sort, by column id (the page's columns are its own business).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSort {
    pub column: String,
    pub descending: bool,
}

/// What the user narrowed the result list to. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListFilters {
    pub group: Option<Group>,
    pub kind: Option<DiscrepancyKind>,
    pub status: Option<DiscrepancyStatus>,
    pub text: String,
    /// "What changed since the last run".
    pub change: Option<RunChange>,
    pub sort: Option<StoredSort>,
}

/// The listing record of a closing: small, so the list of closings loads no result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClosingRecord {
    pub key: ClosingKey,
    /// The revision this record was read at; 0 for a closing never stored.
    pub revision: Revision,
    pub state: ClosingState,
    /// The last result is partial (a worker failed).
    pub incomplete: bool,
    /// Milliseconds since the Unix epoch (the caller's clock).
    pub updated_at_ms: f64,
    /// Discrepancies in the last result, for the list; `None` before any run.
    pub n_discrepancies: Option<usize>,
    /// The result is out of date (files, mapping or settings changed since the run).
    pub result_stale: bool,
    /// The settings and mapping this closing uses now.
    pub settings: Settings,
    pub files: Vec<StoredFile>,
    /// The user opted in to keep this closing's file contents.
    pub keep_file_contents: bool,
    /// Schema 2.
    #[serde(default)]
    pub filters: ListFilters,
}

impl ClosingRecord {
    /// A closing nobody stored yet.
    pub fn new(key: ClosingKey, settings: Settings, now_ms: f64) -> ClosingRecord {
        ClosingRecord {
            key,
            revision: 0,
            state: ClosingState::Pending,
            incomplete: false,
            updated_at_ms: now_ms,
            n_discrepancies: None,
            result_stale: false,
            settings,
            files: Vec::new(),
            keep_file_contents: false,
            filters: ListFilters::default(),
        }
    }

    /// The state, count and staleness of a result, as the list shows them.
    pub fn take_result_facts(&mut self, document: &ResultDocument) {
        self.state = document.state;
        self.incomplete = document.incomplete;
        self.n_discrepancies = Some(document.discrepancies.len());
        self.result_stale = false;
    }

    /// Files the user must load again to run: those whose contents were not kept.
    pub fn files_to_reload(&self) -> Vec<&StoredFile> {
        self.files
            .iter()
            .filter(|file| !file.content_kept)
            .collect()
    }
}

/// A write of a closing based on `base` is accepted only if the stored revision is still
/// `base` (no stored record counts as revision 0). Two tabs on one closing: the second
/// writer is told, and its own copy stays on its screen; it may overwrite deliberately by
/// writing again on the stored revision it was told.
pub fn check_revision(
    stored: Option<&ClosingRecord>,
    base: Revision,
) -> Result<(), super::StorageError> {
    let stored_revision = stored.map_or(0, |record| record.revision);
    if stored_revision == base {
        Ok(())
    } else {
        Err(super::StorageError::ChangedElsewhere {
            stored: stored.cloned().map(Box::new),
        })
    }
}

/// A closing's last result with what changed since the run before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredResult {
    pub document: ResultDocument,
    /// `None` for a closing's first run.
    pub changes: Option<RunDiff>,
}

/// The user's estado and note on one discrepancy of the stored result. Kept apart from the
/// result so that an edit writes a few bytes rather than a 100,000-discrepancy document
/// (about 50 MB of JSON); a new result carries the estados itself and drops these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDecision {
    /// Index into the result's discrepancies when the decision was made.
    pub index: usize,
    /// Checked on restore, so a decision never lands on another discrepancy.
    pub identity: DiscrepancyIdentity,
    pub status: DiscrepancyStatus,
    pub note: Option<String>,
    pub updated_at_ms: f64,
}

impl StoredDecision {
    /// The decision now on discrepancy `index` of `document`.
    pub fn of(document: &ResultDocument, index: usize, now_ms: f64) -> Option<StoredDecision> {
        let discrepancy = document.discrepancies.get(index)?;
        Some(StoredDecision {
            index,
            identity: discrepancy.identity(),
            status: discrepancy.status,
            note: discrepancy.note.clone(),
            updated_at_ms: now_ms,
        })
    }
}

/// Puts stored decisions back on their discrepancies: at their index when the identity
/// still matches there, else on the first discrepancy with that identity; a decision whose
/// discrepancy is gone is dropped. Returns how many were applied.
pub fn apply_decisions(document: &mut ResultDocument, decisions: &[StoredDecision]) -> usize {
    let mut applied = 0;
    for decision in decisions {
        let at_index = document
            .discrepancies
            .get(decision.index)
            .is_some_and(|d| d.identity() == decision.identity);
        let index = if at_index {
            Some(decision.index)
        } else {
            document
                .discrepancies
                .iter()
                .position(|d| d.identity() == decision.identity)
        };
        if let Some(discrepancy) = index.and_then(|index| document.discrepancies.get_mut(index)) {
            discrepancy.status = decision.status;
            discrepancy.note.clone_from(&decision.note);
            applied += 1;
        }
    }
    // Once, not per decision: the summary counts every discrepancy.
    if applied > 0 {
        document.refresh_summary();
    }
    applied
}

/// What a closing write does to the stored result.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultWrite {
    /// Leave the stored result as it is (a change of filters, files, estado of the record).
    Keep,
    /// A new run (its estados carried over). Drops the closing's stored decisions.
    Replace(Box<StoredResult>),
    /// As `Replace`, with the result's JSON already written (by [`JsonInParts`], between
    /// the page's frames): IndexedDB stores this text, the memory store the result.
    ///
    /// [`JsonInParts`]: super::JsonInParts
    ReplaceSerialised(Box<StoredResult>, String),
    /// Drops the result and the closing's stored decisions.
    Remove,
}

/// The settings remembered for a client, proposed for its next closing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientRecord {
    pub company_rut: Rut,
    /// The settings and the user's own mapping choices.
    pub settings: Settings,
    /// The mapping last used for every novedades header seen (the user's choices and the
    /// automatic proposals), so next month can tell remembered headers from new ones.
    pub known_mapping: BTreeMap<String, Option<String>>,
    /// The period these settings were last used for.
    pub period: Period,
    pub updated_at_ms: f64,
}

/// One verification attempt of a closing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRecord {
    pub key: ClosingKey,
    /// 1, 2, …: given by the store when the attempt is recorded.
    pub attempt: u32,
    pub started_at_ms: f64,
    pub duration_ms: f64,
    pub total: usize,
    pub totals_by_group: BTreeMap<Group, usize>,
    pub final_state: ClosingState,
    pub incomplete: bool,
    /// The workers' errors, or why the run could not start.
    pub error: Option<String>,
}

impl AttemptRecord {
    /// An attempt that produced a result.
    pub fn of_result(
        key: ClosingKey,
        started_at_ms: f64,
        duration_ms: f64,
        document: &ResultDocument,
    ) -> AttemptRecord {
        let errors: Vec<&str> = document
            .workers
            .iter()
            .filter_map(|worker| worker.error.as_deref())
            .collect();
        AttemptRecord {
            key,
            attempt: 0,
            started_at_ms,
            duration_ms,
            total: document.summary.total,
            totals_by_group: document.summary.by_group.clone(),
            final_state: document.state,
            incomplete: document.incomplete,
            error: (!errors.is_empty()).then(|| errors.join("; ")),
        }
    }

    /// A run that could not start: the closing went back to `archivos_completos`.
    pub fn not_started(key: ClosingKey, started_at_ms: f64, error: String) -> AttemptRecord {
        AttemptRecord {
            key,
            attempt: 0,
            started_at_ms,
            duration_ms: 0.0,
            total: 0,
            totals_by_group: Group::ALL.into_iter().map(|group| (group, 0)).collect(),
            final_state: ClosingState::FilesComplete,
            incomplete: false,
            error: Some(error),
        }
    }
}

/// One worker's totals across runs (the part Flower played).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerTotals {
    pub group: Group,
    pub runs: u64,
    pub successes: u64,
    pub duration_sum_ms: f64,
    pub last_duration_ms: Option<f64>,
}

impl WorkerTotals {
    pub fn empty(group: Group) -> WorkerTotals {
        WorkerTotals {
            group,
            runs: 0,
            successes: 0,
            duration_sum_ms: 0.0,
            last_duration_ms: None,
        }
    }

    pub fn record(&mut self, outcome: &WorkerRunOutcome) {
        self.runs += 1;
        self.successes += u64::from(outcome.succeeded);
        self.duration_sum_ms += outcome.duration_ms;
        self.last_duration_ms = Some(outcome.duration_ms);
    }

    /// Successes over runs, 0 to 1; `None` before the first run.
    pub fn success_rate(&self) -> Option<f64> {
        (self.runs > 0).then(|| self.successes as f64 / self.runs as f64)
    }

    pub fn average_ms(&self) -> Option<f64> {
        (self.runs > 0).then(|| self.duration_sum_ms / self.runs as f64)
    }
}

/// How one worker ended in one run, for the monitor's totals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorkerRunOutcome {
    pub group: Group,
    pub succeeded: bool,
    pub duration_ms: f64,
}

/// A closing as a reload or a switch restores it.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoredClosing {
    pub record: ClosingRecord,
    pub result: Option<StoredResult>,
    /// Files whose contents were not kept: the page asks for them again.
    pub files_to_reload: Vec<StoredFile>,
}

/// What a closing write did.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedClosing {
    /// The record as stored, with its new revision: the base of the next write.
    pub record: ClosingRecord,
    /// The size of the serialised result when one was written (UTF-8 bytes of its JSON).
    pub result_bytes: Option<usize>,
}

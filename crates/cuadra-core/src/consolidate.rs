//! Consolidation (docs/results.md): merges both groups into the closing state and summary.

use std::collections::BTreeMap;

use crate::compare::GroupResult;
use crate::discrepancy::{sort_discrepancies, Discrepancy, DiscrepancyIdentity, Group};
use crate::document::{
    ClosingInfo, ClosingState, InputEntry, ResultDocument, Summary, WorkerReport, WorkerStatus,
    DOCUMENT_FORMAT,
};
use crate::model::{missing_inputs, InputSummary, Slot};
use crate::settings::Settings;

/// A slot the user has filled, and whether reading it hit an error that blocks the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadedSlot {
    pub slot: Slot,
    pub blocking_error: bool,
}

/// The state before any run, from what is loaded: `pendiente` with nothing,
/// `archivos_completos` once libro, movimientos and at least one analyst file are loaded and
/// no loaded file has a blocking error, `cargando_archivos` in between. A loaded novedades
/// with a blocking error also holds the closing back: the user must replace or remove it.
pub fn loading_state(loaded: &[LoadedSlot]) -> ClosingState {
    if loaded.is_empty() {
        return ClosingState::Pending;
    }
    let usable = |slot: Slot| loaded.iter().any(|l| l.slot == slot && !l.blocking_error);
    let any_blocked = loaded.iter().any(|l| l.blocking_error);
    if !any_blocked && missing_inputs(usable).is_empty() {
        ClosingState::FilesComplete
    } else {
        ClosingState::LoadingFiles
    }
}

/// How one worker ended.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerOutcome {
    Ok {
        result: GroupResult,
        ms: f64,
    },
    /// Error, crash or timeout; `error` is the Spanish text shown to the user.
    Failed {
        error: String,
        ms: f64,
    },
}

/// Everything consolidation needs besides the two outcomes.
#[derive(Debug, Clone, Copy)]
pub struct RunContext<'a> {
    pub closing: &'a ClosingInfo,
    pub inputs: &'a [InputSummary],
    pub settings: &'a Settings,
    /// The previous run's discrepancies, whose user status and notes carry over.
    pub previous: &'a [Discrepancy],
}

/// Merges both workers' outcomes into the result document.
///
/// Both succeeded: `con_discrepancias` when anything was found; with nothing found,
/// `verificado_sin_discrepancias` only when both groups compared their inputs, else
/// `verificado_parcial` (a group had nothing to compare, e.g. no Novedades).
/// Any worker failed: `con_discrepancias` with `incompleto: true` and the error in
/// `trabajadores`, whatever the other worker found: a partial run is never a success.
pub fn consolidate(
    context: RunContext<'_>,
    payroll_vs_changes: WorkerOutcome,
    movements_vs_analyst: WorkerOutcome,
) -> ResultDocument {
    let mut discrepancies = Vec::new();
    let mut workers = Vec::with_capacity(2);
    let mut incomplete = false;
    for (group, outcome) in [
        (Group::PayrollVsChanges, payroll_vs_changes),
        (Group::MovementsVsAnalyst, movements_vs_analyst),
    ] {
        match outcome {
            WorkerOutcome::Ok { result, ms } => {
                workers.push(WorkerReport {
                    group,
                    status: WorkerStatus::Ok,
                    compared: result.not_compared.is_none(),
                    ms,
                    n_discrepancies: result.discrepancies.len(),
                    error: None,
                    not_compared_reason: result
                        .not_compared
                        .map(|not_compared| not_compared.reason().to_string()),
                    notes: result.notes,
                });
                discrepancies.extend(result.discrepancies);
            }
            WorkerOutcome::Failed { error, ms } => {
                incomplete = true;
                workers.push(WorkerReport {
                    group,
                    status: WorkerStatus::Failed,
                    compared: false,
                    ms,
                    n_discrepancies: 0,
                    error: Some(error),
                    not_compared_reason: None,
                    notes: Vec::new(),
                });
            }
        }
    }
    sort_discrepancies(&mut discrepancies);
    carry_over(&mut discrepancies, context.previous);
    // Zero discrepancies from a group that compared nothing is not "correct": without
    // Novedades no libro amount was checked, so the closing must not reach the one state
    // that allows consolidation. Discrepancies found elsewhere still say
    // `con_discrepancias`; the group's `comparado: false` says what was missing.
    let all_compared = workers.iter().all(|worker| worker.compared);
    let state = if incomplete || !discrepancies.is_empty() {
        ClosingState::WithDiscrepancies
    } else if all_compared {
        ClosingState::VerifiedClean
    } else {
        ClosingState::VerifiedPartly
    };
    ResultDocument {
        format: DOCUMENT_FORMAT.to_string(),
        closing: context.closing.clone(),
        state,
        incomplete,
        inputs: context.inputs.iter().map(InputEntry::from).collect(),
        settings: context.settings.clone(),
        workers,
        summary: Summary::of(&discrepancies),
        discrepancies,
    }
}

/// Copies user status and note from a previous run onto the same discrepancies (same type,
/// RUT, concept or event: `Discrepancy::identity`). When the previous run had several with
/// one identity, the first in report order wins.
pub fn carry_over(discrepancies: &mut [Discrepancy], previous: &[Discrepancy]) {
    let mut decisions: BTreeMap<DiscrepancyIdentity, &Discrepancy> = BTreeMap::new();
    for old in previous {
        decisions.entry(old.identity()).or_insert(old);
    }
    for discrepancy in discrepancies {
        if let Some(old) = decisions.get(&discrepancy.identity()) {
            discrepancy.status = old.status;
            discrepancy.note.clone_from(&old.note);
        }
    }
}

//! One reconciliation for every host: files' facts and settings → a run plan → both
//! comparisons → the result document.
//!
//! The page never holds all six parsed inputs in one place (each of its two workers holds
//! its group's), so the pipeline is a few parts that any host chains the same way:
//!
//! 1. [`plan`]: from what each read file tells ([`FileFacts`]) and the user's settings, the
//!    closing (period and client RUT, by [`closing_of`], under a host's preset by
//!    [`closing_with_preset`]), what both comparisons run with
//!    ([`RunParameters`]: what the page sends each worker), the mapping the document
//!    records, and the document's `entradas`.
//! 2. [`run_payroll_vs_changes`] and [`run_movements_vs_analyst`], one per group, wherever
//!    the group's inputs live (a worker, a thread, this thread).
//! 3. [`finish`]: both groups' outcomes consolidated under the plan.
//!
//! Before any of it, [`same_files`] names slots given byte-identical files: a run with one
//! is blocked on every host (the CLI exits 2, the page shows the blocker).
//!
//! [`reconcile`] chains them for a host that holds every input ([`ClosingInputs`]). The
//! core has no clock, so its groups' `ms` are 0; a host that times the groups (the CLI)
//! chains the parts itself.

mod facts;
mod inputs;
mod other_closing;
mod same_file;
#[cfg(test)]
mod tests;

pub use facts::{closing_of, closing_with_preset, FileFacts, ParsedInput};
pub use inputs::{read_file, ClosingInputs, ParsedFile, ReadFailure, SourceFile};
pub use other_closing::{other_closings, OtherClosing};
pub use same_file::{same_files, sha256_hex, SameFile};

use serde::{Deserialize, Serialize};

use crate::compare::{
    compare_movements_vs_analyst, compare_payroll_vs_changes, effective_mapping, GroupResult,
};
use crate::consolidate::{consolidate, RunContext, WorkerOutcome};
use crate::discrepancy::Discrepancy;
use crate::document::{ClosingInfo, ResultDocument};
use crate::model::{
    AnalystReports, InputSummary, MonthlyMovements, PayrollBook, PayrollChanges, Period, Slot,
};
use crate::settings::Settings;

/// What both comparisons run with: the page sends it to each worker (the `Run` request's
/// `settings` and `period`).
// Crosses `postMessage` (postcard): no `skip_serializing_if`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunParameters {
    /// The user's settings as given: the comparison proposes the mapping of every
    /// novedades header they leave out, exactly as [`RunPlan::recorded_settings`] records.
    pub settings: Settings,
    /// The closing's period, for the fixed-term exclusion (docs/results.md).
    pub period: Option<Period>,
}

/// Everything about a run that does not depend on its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct RunPlan {
    /// The document's `cierre`.
    pub closing: ClosingInfo,
    pub parameters: RunParameters,
    /// The document's `configuracion`: the settings with `mapeo` as the run used it (the
    /// user's entries plus the proposal for every other header), so the document can be
    /// re-run as a `--config`.
    pub recorded_settings: Settings,
    /// The document's `entradas`: every file the run uses, in slot order.
    pub inputs: Vec<InputSummary>,
}

/// Plans a run from the facts of the files it will use (any order) and the user's settings.
pub fn plan<'f>(facts: impl IntoIterator<Item = &'f FileFacts>, settings: &Settings) -> RunPlan {
    plan_with_preset(facts, settings, &ClosingInfo::default())
}

/// [`plan`] for a host that presets the closing (an embedding portal): the preset's period
/// and RUT win over the files' ([`closing_with_preset`]), so they are the document's
/// `cierre` and the period the fixed-term exclusion uses.
pub fn plan_with_preset<'f>(
    facts: impl IntoIterator<Item = &'f FileFacts>,
    settings: &Settings,
    preset: &ClosingInfo,
) -> RunPlan {
    let mut facts: Vec<&FileFacts> = facts.into_iter().collect();
    facts.sort_by_key(|facts| facts.slot());
    let closing = closing_with_preset(preset, facts.iter().copied());
    let concepts = |slot: Slot| {
        facts
            .iter()
            .find(|facts| facts.slot() == slot)
            .map(|facts| facts.concepts.as_slice())
            .unwrap_or_default()
    };
    let recorded_settings = Settings {
        mapping: effective_mapping(
            concepts(Slot::PayrollChanges),
            concepts(Slot::PayrollBook),
            settings,
        ),
        ..settings.clone()
    };
    RunPlan {
        parameters: RunParameters {
            settings: settings.clone(),
            period: closing.period,
        },
        closing,
        recorded_settings,
        inputs: facts.iter().map(|facts| facts.summary.clone()).collect(),
    }
}

/// Worker 1's group (docs/rules.md): libro vs novedades (`None`: no novedades file).
pub fn run_payroll_vs_changes(
    payroll_book: &PayrollBook,
    payroll_changes: Option<&PayrollChanges>,
    parameters: &RunParameters,
) -> GroupResult {
    compare_payroll_vs_changes(payroll_book, payroll_changes, &parameters.settings)
}

/// Worker 2's group (docs/rules.md): movimientos vs the analyst's files.
pub fn run_movements_vs_analyst(
    monthly_movements: &MonthlyMovements,
    analyst: &AnalystReports,
    parameters: &RunParameters,
) -> GroupResult {
    compare_movements_vs_analyst(
        monthly_movements,
        analyst,
        &parameters.settings,
        parameters.period,
    )
}

/// The consolidation step: both groups' outcomes under the plan. `previous` is the last
/// run's discrepancies, whose user status and notes carry over.
pub fn finish(
    plan: &RunPlan,
    payroll_vs_changes: WorkerOutcome,
    movements_vs_analyst: WorkerOutcome,
    previous: &[Discrepancy],
) -> ResultDocument {
    consolidate(
        RunContext {
            closing: &plan.closing,
            inputs: &plan.inputs,
            settings: &plan.recorded_settings,
            previous,
        },
        payroll_vs_changes,
        movements_vs_analyst,
    )
}

/// The whole reconciliation on this thread, for a host that holds every input.
pub fn reconcile(inputs: &ClosingInputs, settings: &Settings) -> ResultDocument {
    let plan = plan(&inputs.facts, settings);
    let payroll = run_payroll_vs_changes(
        &inputs.payroll_book,
        inputs.payroll_changes.as_ref(),
        &plan.parameters,
    );
    let movements =
        run_movements_vs_analyst(&inputs.monthly_movements, &inputs.analyst, &plan.parameters);
    finish(
        &plan,
        WorkerOutcome::Ok {
            result: payroll,
            ms: 0.0,
        },
        WorkerOutcome::Ok {
            result: movements,
            ms: 0.0,
        },
        &[],
    )
}

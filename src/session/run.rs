//! A run of both workers as the session tracks it: its plan, each worker's progress and
//! outcome, the blockers that keep it from starting, and its consolidation.

use cuadra_core::compare::GroupResult;
use cuadra_core::consolidate::WorkerOutcome;
use cuadra_core::document::ClosingInfo;
use cuadra_core::pipeline::{self, OtherClosing, RunPlan};
use cuadra_core::run_diff::RunDiff;
use cuadra_core::values::rut::Rut;
use cuadra_core::{missing_inputs, Discrepancy, Group, MissingInput, Period, Slot};

use super::{Blockers, Inspection, Session};
use crate::protocol::{Content, GroupRun, InputFile, Stage};
use crate::ui_text;

/// One worker's part of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerRun {
    pub group: Group,
    pub stage: Option<Stage>,
    pub rows_read: u64,
    /// Discrepancies that arrived ahead of the outcome (`Response::Found`), in order.
    found: Vec<Discrepancy>,
    /// How many discrepancies the worker found, once it answered.
    pub n_discrepancies: usize,
    /// `None` while running. Once the run is consolidated its discrepancies live in the
    /// result document, not here (`n_discrepancies` still counts them).
    pub outcome: Option<Result<GroupRun, String>>,
    /// Wall time seen from the page, set when the outcome arrives.
    pub elapsed_ms: Option<f64>,
}

/// A run: both workers, started together.
#[derive(Debug, Clone, PartialEq)]
pub struct RunTracker {
    pub run_id: u32,
    pub started_ms: f64,
    /// Planned when the run started, from the files and settings it runs with; the result
    /// document is consolidated under it even if the user edits something meanwhile.
    pub plan: RunPlan,
    pub workers: [WorkerRun; 2],
}

impl WorkerRun {
    /// Discrepancies received so far: those sent ahead, then the outcome's.
    pub fn n_received(&self) -> usize {
        self.found.len() + self.n_discrepancies
    }
}

impl RunTracker {
    pub fn worker(&self, group: Group) -> &WorkerRun {
        &self.workers[group_index(group)]
    }

    fn worker_mut(&mut self, group: Group) -> &mut WorkerRun {
        &mut self.workers[group_index(group)]
    }

    pub fn is_finished(&self) -> bool {
        self.workers.iter().all(|worker| worker.outcome.is_some())
    }
}

/// A group's position in per-group arrays (the run's workers, the page's worker handles).
pub fn group_index(group: Group) -> usize {
    match group {
        Group::PayrollVsChanges => 0,
        Group::MovementsVsAnalyst => 1,
    }
}

impl Session {
    /// Merges both workers' outcomes into the result document (the consolidation step).
    /// Their discrepancies move into the document rather than being copied (21,800 at
    /// 200,000 employees).
    fn consolidate(&mut self) {
        let Some(run) = self.run.as_mut().filter(|run| run.is_finished()) else {
            return;
        };
        let mut outcomes = run.workers.iter_mut().map(|worker| {
            let ms = worker.elapsed_ms.unwrap_or_default();
            match worker.outcome.as_mut() {
                Some(Ok(group_run)) => {
                    // The discrepancies and notes move; whether the group compared stays,
                    // since the worker card reads it after consolidation.
                    let not_compared = group_run.result.not_compared;
                    let kept = GroupResult {
                        not_compared,
                        ..GroupResult::default()
                    };
                    WorkerOutcome::Ok {
                        result: std::mem::replace(&mut group_run.result, kept),
                        ms: group_run.timings.total_ms,
                    }
                }
                Some(Err(error)) => WorkerOutcome::Failed {
                    error: error.clone(),
                    ms,
                },
                None => WorkerOutcome::Failed {
                    error: "sin respuesta".to_string(),
                    ms,
                },
            }
        });
        let payroll = outcomes.next().expect("two workers");
        let movements = outcomes.next().expect("two workers");
        drop(outcomes);
        let previous = self
            .result
            .as_ref()
            .map(|result| result.discrepancies.as_slice())
            .unwrap_or_default();
        let document = pipeline::finish(&run.plan, payroll, movements, previous);
        // Only a run of the same closing is "the last run" of this one.
        self.changes = self
            .result
            .as_ref()
            .filter(|previous| previous.closing == document.closing)
            .map(|previous| RunDiff::of_documents(previous, &document));
        self.set_result(document);
    }

    pub fn is_running(&self) -> bool {
        self.run.as_ref().is_some_and(|run| !run.is_finished())
    }

    /// The id of the run whose both groups answered, while it is the session's run: what a
    /// view keys on to act once per run (storing it, telling the host), never on an edit.
    pub fn finished_run(&self) -> Option<u32> {
        self.run
            .as_ref()
            .filter(|run| run.is_finished())
            .map(|run| run.run_id)
    }

    /// Why a run cannot start now (docs/results.md `archivos_completos`), in Spanish.
    pub fn run_blockers(&self) -> Blockers {
        let mut reasons = Vec::new();
        if self.is_running() {
            reasons.push(ui_text::REASON_RUNNING);
        }
        reasons.extend(
            missing_inputs(|slot| self.files.contains_key(&slot))
                .into_iter()
                .map(|missing| match missing {
                    MissingInput::PayrollBook => ui_text::REASON_NEED_BOOK,
                    MissingInput::MonthlyMovements => ui_text::REASON_NEED_MOVEMENTS,
                    MissingInput::AnalystFile => ui_text::REASON_NEED_ANALYST,
                }),
        );
        if self
            .files
            .values()
            .any(|file| file.inspection == Inspection::Reading)
        {
            reasons.push(ui_text::REASON_READING);
        }
        if self
            .files
            .values()
            .any(|file| matches!(file.inspection, Inspection::Failed(_)))
        {
            reasons.push(ui_text::REASON_FILE_ERRORS);
        }
        // The core's rule: a file compared with itself always agrees.
        let hashes = self
            .files
            .iter()
            .filter_map(|(slot, file)| match &file.inspection {
                Inspection::Read(facts) => Some((*slot, facts.summary.sha256.as_str())),
                _ => None,
            });
        if !pipeline::same_files(hashes).is_empty() {
            reasons.push(ui_text::REASON_SAME_FILE);
        }
        // A file of another month or client is compared only once the user said so.
        if self
            .other_closing_files()
            .iter()
            .any(|(_, accepted)| !accepted)
        {
            reasons.push(ui_text::REASON_OTHER_CLOSING);
        }
        reasons
    }

    /// Analyst files not loaded: their kind will be reported as "no reportado".
    pub fn not_reported_slots(&self) -> Vec<Slot> {
        Slot::ANALYST
            .into_iter()
            .filter(|slot| !self.files.contains_key(slot))
            .collect()
    }

    /// The closing by the core's one rule: the host's preset, else what the files read so
    /// far tell (`pipeline::closing_with_preset`: the libro's cells, else the first file
    /// name that tells it).
    pub fn closing(&self) -> ClosingInfo {
        let told = pipeline::closing_with_preset(&self.preset_closing, self.read_facts());
        ClosingInfo {
            period: told.period.or(self.restored_closing.period),
            company_rut: told.company_rut.or(self.restored_closing.company_rut),
        }
    }

    /// Where the files read so far name another closing than the host's preset: the period
    /// or RUT they tell, for a notice (the preset still wins).
    pub fn preset_disagreements(&self) -> ClosingInfo {
        fn differs<T: PartialEq>(preset: Option<T>, told: Option<T>) -> Option<T> {
            match (preset, told) {
                (Some(preset), Some(told)) if preset != told => Some(told),
                _ => None,
            }
        }
        let told = pipeline::closing_of(self.read_facts());
        ClosingInfo {
            period: differs(self.preset_closing.period, told.period),
            company_rut: differs(self.preset_closing.company_rut, told.company_rut),
        }
    }

    /// A notice for each way the files disagree with the host's preset.
    pub fn preset_notices(&self) -> Vec<String> {
        let disagreements = self.preset_disagreements();
        let preset = &self.preset_closing;
        let period = preset
            .period
            .zip(disagreements.period)
            .map(|(preset, told)| {
                ui_text::preset_period_disagrees(&preset.to_string(), &told.to_string())
            });
        let rut = preset
            .company_rut
            .zip(disagreements.company_rut)
            .map(|(preset, told)| {
                ui_text::preset_rut_disagrees(&preset.to_string(), &told.to_string())
            });
        period.into_iter().chain(rut).collect()
    }

    /// Loaded files that name another period or client than the closing the files settle
    /// on (`pipeline::closing_of`: the libro first), each with whether the user accepted to
    /// use it anyway. A host's preset is not the yardstick here: files that disagree with
    /// it have their own notice (`preset_notices`) and the preset wins.
    pub fn other_closing_files(&self) -> Vec<(OtherClosing, bool)> {
        pipeline::other_closings(&self.files_closing(), self.read_facts())
            .into_iter()
            .map(|other| {
                let accepted = self
                    .files
                    .get(&other.slot)
                    .is_some_and(|file| self.accepted_other_closing.contains(&file.file_id));
                (other, accepted)
            })
            .collect()
    }

    /// The closing the loaded files settle on by themselves, without a host's preset: what
    /// `other_closing_files` compares each file with.
    pub fn files_closing(&self) -> ClosingInfo {
        pipeline::closing_of(self.read_facts())
    }

    /// The user keeps the slot's file although it names another closing; a file loaded
    /// into the slot later is asked about again.
    pub fn accept_other_closing(&mut self, slot: Slot) {
        if let Some(file) = self.files.get(&slot) {
            self.accepted_other_closing.insert(file.file_id);
        }
    }

    /// The closing's period, which the page sends each worker with a run.
    pub fn period(&self) -> Option<Period> {
        self.closing().period
    }

    pub fn company_rut(&self) -> Option<Rut> {
        self.closing().company_rut
    }

    /// The files each worker needs for a run.
    /// `worker_has(file_id)` says the worker still holds that file parsed: the file is then
    /// not sent again (the worker reuses what it parsed on `Inspect`).
    pub fn files_for(&self, group: Group, worker_has: impl Fn(u32) -> bool) -> Vec<InputFile> {
        self.files
            .iter()
            .filter(|(slot, _)| slot.group() == group)
            .map(|(slot, file)| InputFile {
                file_id: file.file_id,
                slot: *slot,
                name: file.name.clone(),
                content: if worker_has(file.file_id) {
                    Content::Cached
                } else {
                    Content::Attached(file.source)
                },
            })
            .collect()
    }

    /// Starts a run if nothing blocks it, returning its id.
    pub fn start_run(&mut self, now_ms: f64) -> Result<u32, Blockers> {
        let blockers = self.run_blockers();
        if !blockers.is_empty() {
            return Err(blockers);
        }
        self.next_run_id += 1;
        let worker = |group| WorkerRun {
            group,
            stage: None,
            rows_read: 0,
            found: Vec::new(),
            n_discrepancies: 0,
            outcome: None,
            elapsed_ms: None,
        };
        let plan =
            pipeline::plan_with_preset(self.read_facts(), &self.settings, &self.preset_closing);
        self.run = Some(RunTracker {
            run_id: self.next_run_id,
            started_ms: now_ms,
            plan,
            workers: [
                worker(Group::PayrollVsChanges),
                worker(Group::MovementsVsAnalyst),
            ],
        });
        self.result_stale = false;
        self.start_error = None;
        self.cancelled = false;
        Ok(self.next_run_id)
    }

    /// The run could not start at all (a worker could not be spawned): back to
    /// `archivos_completos` with the error shown.
    pub fn abort_start(&mut self, error: String) {
        self.run = None;
        self.start_error = Some(error);
    }

    fn current_run(&mut self, run_id: u32) -> Option<&mut RunTracker> {
        self.run.as_mut().filter(|run| run.run_id == run_id)
    }

    pub fn apply_progress(&mut self, run_id: u32, group: Group, stage: Stage, rows_read: u64) {
        if let Some(run) = self.current_run(run_id) {
            let worker = run.worker_mut(group);
            if worker.outcome.is_none() {
                worker.stage = Some(stage);
                worker.rows_read = rows_read;
            }
        }
    }

    /// Keeps discrepancies a worker sent ahead of its outcome, for that outcome.
    pub fn apply_found(&mut self, run_id: u32, group: Group, discrepancies: Vec<Discrepancy>) {
        if let Some(run) = self.current_run(run_id) {
            let worker = run.worker_mut(group);
            if worker.outcome.is_none() {
                worker.found.extend(discrepancies);
            }
        }
    }

    /// Records a worker's answer (after the discrepancies it sent ahead, if any); returns
    /// `true` when this completed the run.
    pub fn apply_finished(
        &mut self,
        run_id: u32,
        group: Group,
        outcome: Result<GroupRun, String>,
        now_ms: f64,
    ) -> bool {
        let Some(run) = self.current_run(run_id) else {
            return false;
        };
        let started = run.started_ms;
        let worker = run.worker_mut(group);
        if worker.outcome.is_some() {
            return false;
        }
        let mut outcome = outcome;
        let found = std::mem::take(&mut worker.found);
        if let Ok(group_run) = &mut outcome {
            worker.rows_read = group_run.rows_read;
            let rest = std::mem::replace(&mut group_run.result.discrepancies, found);
            group_run.result.discrepancies.extend(rest);
            worker.n_discrepancies = group_run.result.discrepancies.len();
        }
        worker.outcome = Some(outcome);
        worker.elapsed_ms = Some(now_ms - started);
        let finished = run.is_finished();
        if finished {
            self.consolidate();
        }
        finished
    }

    /// A worker crashed or timed out during the current run; returns `true` when this
    /// completed the run.
    pub fn fail_running_worker(&mut self, group: Group, error: String, now_ms: f64) -> bool {
        match self.run.as_ref() {
            Some(run) if !run.is_finished() => {
                let run_id = run.run_id;
                self.apply_finished(run_id, group, Err(error), now_ms)
            }
            _ => false,
        }
    }
}

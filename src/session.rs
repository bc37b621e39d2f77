//! The page's state as plain Rust: loaded files, the run in progress, the last result, and
//! the closing state derived from them. Components render it; they decide nothing.

use std::collections::{BTreeMap, BTreeSet};

use cuadra_core::consolidate::{loading_state, LoadedSlot, WorkerOutcome};
use cuadra_core::document::{ClosingInfo, ClosingState, ResultDocument};
use cuadra_core::pipeline::{self, FileFacts, RunPlan};
use cuadra_core::values::rut::Rut;
use cuadra_core::{missing_inputs, Group, MissingInput, Period, Settings, Slot};

use crate::protocol::{Content, GroupRun, InputFile, InspectedFile, Stage};
use crate::ui_text;

/// Content sniffing parses the workbook on the main thread: only for files small enough to
/// keep the page responsive (a 2,000-employee libro is ~0.5 MB). A larger file whose name
/// says nothing waits for the user to choose its slot.
const MAX_SNIFF_BYTES: f64 = 3.0 * 1024.0 * 1024.0;

/// The page's key for a file's `Blob`. The controller keeps the `Blob`s; the session never
/// holds a file's bytes (the workers read them).
pub type SourceId = u32;

/// A file given in a batch (drop zone, multi-file input, demo).
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub name: String,
    pub source: SourceId,
    /// The file's bytes, read only when `needs_sniffing` said so; dropped after placement.
    pub sniff: Option<Vec<u8>>,
}

/// Whether the page must read a file's bytes to place it: its name says nothing and it is
/// small enough to sniff.
pub fn needs_sniffing(name: &str, size: f64) -> bool {
    cuadra_core::input::detect_slot_by_name(name).is_none() && size <= MAX_SNIFF_BYTES
}

/// The slot a dropped file goes to: by name, else by content when it was read.
fn placement(name: &str, sniff: Option<&[u8]>) -> Option<Slot> {
    cuadra_core::input::detect_slot_by_name(name)
        .or_else(|| sniff.and_then(|bytes| cuadra_core::input::detect_slot(name, bytes)))
}

/// Which worker reads a slot: the core's [`Slot::group`], kept under the page's old name.
pub fn group_of(slot: Slot) -> Group {
    slot.group()
}

/// What the owning worker said about a loaded file.
#[derive(Debug, Clone, PartialEq)]
pub enum Inspection {
    Reading,
    Read(Box<InspectedFile>),
    /// The file cannot be used: the Spanish reason, naming file, sheet, column.
    Failed(String),
}

/// A file the user gave for a slot. Its `Blob` stays on the page (`source`) so a run can
/// send it again to a worker that lost it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    pub file_id: u32,
    pub name: String,
    pub source: SourceId,
    pub inspection: Inspection,
}

/// A dropped file that matched no slot by name or content: the user chooses its slot.
#[derive(Debug, Clone, PartialEq)]
pub struct UnplacedFile {
    pub unplaced_id: u32,
    pub name: String,
    pub source: SourceId,
}

/// One worker's part of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerRun {
    pub group: Group,
    pub stage: Option<Stage>,
    pub rows_read: u64,
    /// `None` while running.
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

/// Everything the user did in this page, and what the workers answered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    pub files: BTreeMap<Slot, LoadedFile>,
    next_file_id: u32,
    next_run_id: u32,
    pub settings: Settings,
    pub run: Option<RunTracker>,
    /// The last run's result is out of date (files, mapping or settings changed since).
    pub result_stale: bool,
    /// Why the last run could not start.
    pub start_error: Option<String>,
    /// The last consolidated result.
    pub result: Option<ResultDocument>,
    /// Dropped files waiting for the user to choose their slot; a run does not use them.
    pub unplaced: Vec<UnplacedFile>,
    next_unplaced_id: u32,
    /// The closing an embedding host named (empty on the static page): its fields win over
    /// what the files tell.
    pub preset_closing: ClosingInfo,
}

/// Why the run button is disabled; empty when a run can start.
pub type Blockers = Vec<&'static str>;

impl Session {
    /// A session for the closing a host names, starting from the host's settings and
    /// mapping.
    pub fn with_preset(preset_closing: ClosingInfo, settings: Settings) -> Session {
        Session {
            preset_closing,
            settings,
            ..Session::default()
        }
    }

    /// Puts a file in a slot (replacing any) and returns the request to inspect it.
    pub fn add_file(&mut self, slot: Slot, name: String, source: SourceId) -> InputFile {
        self.next_file_id += 1;
        let file_id = self.next_file_id;
        self.files.insert(
            slot,
            LoadedFile {
                file_id,
                name: name.clone(),
                source,
                inspection: Inspection::Reading,
            },
        );
        self.mark_changed();
        InputFile {
            file_id,
            slot,
            name,
            content: Content::Attached(source),
        }
    }

    /// Every `Blob` the session still refers to; the page may forget the others.
    pub fn sources(&self) -> BTreeSet<SourceId> {
        self.files
            .values()
            .map(|file| file.source)
            .chain(self.unplaced.iter().map(|file| file.source))
            .collect()
    }

    pub fn remove_file(&mut self, slot: Slot) {
        if self.files.remove(&slot).is_some() {
            self.mark_changed();
        }
    }

    /// Files given all at once (drop zone, multi-file input, demo): each goes to the slot its
    /// name or content tells. A second file for a slot already taken by this same batch is
    /// left unplaced rather than silently replacing a file the user just gave; a file from an
    /// earlier batch is replaced, as choosing a new file in its slot would.
    pub fn add_files(&mut self, files: Vec<Incoming>) -> Vec<InputFile> {
        let mut taken: Vec<Slot> = Vec::new();
        let mut requests = Vec::new();
        for Incoming {
            name,
            source,
            sniff,
        } in files
        {
            match placement(&name, sniff.as_deref()) {
                Some(slot) if !taken.contains(&slot) => {
                    taken.push(slot);
                    requests.push(self.add_file(slot, name, source));
                }
                _ => {
                    self.next_unplaced_id += 1;
                    self.unplaced.push(UnplacedFile {
                        unplaced_id: self.next_unplaced_id,
                        name,
                        source,
                    });
                }
            }
        }
        requests
    }

    /// The user chose the slot of an unplaced file; returns the request to inspect it.
    pub fn place_unplaced(&mut self, unplaced_id: u32, slot: Slot) -> Option<InputFile> {
        let idx = self
            .unplaced
            .iter()
            .position(|file| file.unplaced_id == unplaced_id)?;
        let file = self.unplaced.remove(idx);
        Some(self.add_file(slot, file.name, file.source))
    }

    pub fn discard_unplaced(&mut self, unplaced_id: u32) {
        self.unplaced.retain(|file| file.unplaced_id != unplaced_id);
    }

    /// Moves a loaded file to another slot; a file already there takes the freed slot (a
    /// swap, so correcting two crossed files is one step). Each moved file gets a new id
    /// and must be read again by the worker of its new slot: returns those requests.
    pub fn move_file(&mut self, from: Slot, to: Slot) -> Vec<InputFile> {
        if from == to {
            return Vec::new();
        }
        let Some(moving) = self.files.remove(&from) else {
            return Vec::new();
        };
        let displaced = self.files.remove(&to);
        let mut requests = vec![self.add_file(to, moving.name, moving.source)];
        if let Some(displaced) = displaced {
            requests.push(self.add_file(from, displaced.name, displaced.source));
        }
        requests
    }

    /// Applies a change to the settings or the mapping; the last result goes stale only
    /// when something actually changed.
    pub fn change_settings(&mut self, change: impl FnOnce(&mut Settings)) {
        let before = self.settings.clone();
        change(&mut self.settings);
        if self.settings != before {
            self.mark_changed();
        }
    }

    /// Concept columns the owning worker read from a slot's file (empty until read).
    pub fn concepts(&self, slot: Slot) -> &[String] {
        self.inspected(slot)
            .map(|inspected| inspected.concepts.as_slice())
            .unwrap_or_default()
    }

    /// Files, mapping or settings changed: the last result no longer holds.
    pub fn mark_changed(&mut self) {
        if self.run.as_ref().is_some_and(RunTracker::is_finished) {
            self.result_stale = true;
        }
        self.start_error = None;
    }

    /// Records a worker's inspection, unless the file was replaced meanwhile.
    pub fn apply_inspection(&mut self, file_id: u32, slot: Slot, inspection: Inspection) {
        if let Some(file) = self
            .files
            .get_mut(&slot)
            .filter(|file| file.file_id == file_id)
        {
            file.inspection = inspection;
        }
    }

    /// A worker died: every file it was still reading fails with its message.
    pub fn fail_pending_inspections(&mut self, group: Group, message: &str) {
        for (slot, file) in &mut self.files {
            if slot.group() == group && file.inspection == Inspection::Reading {
                file.inspection = Inspection::Failed(message.to_string());
            }
        }
    }

    pub fn inspected(&self, slot: Slot) -> Option<&InspectedFile> {
        match &self.files.get(&slot)?.inspection {
            Inspection::Read(inspected) => Some(inspected),
            _ => None,
        }
    }

    /// The closing's state (SPEC §5.2): a run in progress, else the last result while it
    /// holds, else what the loaded files allow.
    pub fn closing_state(&self) -> ClosingState {
        if self.is_running() {
            return ClosingState::Verifying;
        }
        if let Some(result) = self.result.as_ref().filter(|_| !self.result_stale) {
            return result.state;
        }
        let loaded: Vec<LoadedSlot> = self
            .files
            .iter()
            .map(|(slot, file)| LoadedSlot {
                slot: *slot,
                blocking_error: !matches!(file.inspection, Inspection::Read(_)),
            })
            .collect();
        loading_state(&loaded)
    }

    /// What the workers read from each loaded file, for the files read without error.
    fn read_facts(&self) -> impl Iterator<Item = &FileFacts> {
        self.files.keys().filter_map(|slot| self.inspected(*slot))
    }

    /// Merges both workers' outcomes into the result document (the consolidation step).
    fn consolidate(&mut self) {
        let Some(run) = self.run.as_ref().filter(|run| run.is_finished()) else {
            return;
        };
        let mut outcomes = run.workers.iter().map(|worker| {
            let ms = worker.elapsed_ms.unwrap_or_default();
            match worker.outcome.clone() {
                Some(Ok(group_run)) => WorkerOutcome::Ok {
                    result: group_run.result,
                    ms: group_run.timings.total_ms,
                },
                Some(Err(error)) => WorkerOutcome::Failed { error, ms },
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
        self.result = Some(document);
    }

    pub fn is_running(&self) -> bool {
        self.run.as_ref().is_some_and(|run| !run.is_finished())
    }

    /// Why a run cannot start now (SPEC §5.2 `archivos_completos`), in Spanish.
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
        pipeline::closing_with_preset(&self.preset_closing, self.read_facts())
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

    /// Records a worker's answer; returns `true` when this completed the run.
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
        if let Ok(group_run) = &outcome {
            worker.rows_read = group_run.rows_read;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::StageTimings;
    use cuadra_core::compare::GroupResult;

    fn inspected() -> Inspection {
        inspected_as(Slot::PayrollBook)
    }

    /// What a worker answers for a file of `slot` that tells nothing about the closing.
    fn inspected_as(slot: Slot) -> Inspection {
        let summary = cuadra_core::InputSummary {
            slot,
            file_name: "x.xlsx".into(),
            sha256: String::new(),
            sheets: vec!["Hoja1".into()],
            n_rows: 3,
            n_rows_skipped: 0,
            name_info: Default::default(),
            name_warning: None,
            warnings: Vec::new(),
            notes: Vec::new(),
        };
        Inspection::Read(Box::new(InspectedFile {
            summary,
            concepts: Vec::new(),
            period: None,
            company_rut: None,
        }))
    }

    fn load(session: &mut Session, slot: Slot) -> u32 {
        let file = session.add_file(slot, format!("{}.xlsx", slot.id()), 100 + slot as u32);
        session.apply_inspection(file.file_id, slot, inspected_as(slot));
        file.file_id
    }

    fn group_run(group: Group) -> GroupRun {
        GroupRun {
            group,
            result: GroupResult::default(),
            rows_read: 10,
            timings: StageTimings::default(),
        }
    }

    #[test]
    fn run_is_blocked_until_required_files_are_read() {
        let mut session = Session::default();
        assert_eq!(session.closing_state(), ClosingState::Pending);
        assert_eq!(session.run_blockers().len(), 3);
        load(&mut session, Slot::PayrollBook);
        load(&mut session, Slot::MonthlyMovements);
        assert_eq!(session.closing_state(), ClosingState::LoadingFiles);
        assert_eq!(session.run_blockers(), vec![ui_text::REASON_NEED_ANALYST]);
        let pending = session.add_file(Slot::AnalystHires, "i.xlsx".into(), 1);
        assert_eq!(session.run_blockers(), vec![ui_text::REASON_READING]);
        session.apply_inspection(
            pending.file_id,
            Slot::AnalystHires,
            Inspection::Failed("malo".into()),
        );
        assert_eq!(session.run_blockers(), vec![ui_text::REASON_FILE_ERRORS]);
        load(&mut session, Slot::AnalystHires);
        assert!(session.run_blockers().is_empty());
        assert_eq!(
            session.not_reported_slots(),
            vec![Slot::AnalystTerminations, Slot::AnalystAbsences]
        );
    }

    #[test]
    fn files_the_worker_holds_are_not_sent_again() {
        let mut session = Session::default();
        let book = load(&mut session, Slot::PayrollBook);
        load(&mut session, Slot::MonthlyMovements);
        let files = session.files_for(Group::PayrollVsChanges, |id| id == book);
        assert_eq!(files.len(), 1, "only the payroll group's files");
        assert_eq!(files[0].content, Content::Cached);
        let files = session.files_for(Group::MovementsVsAnalyst, |_| false);
        assert_eq!(
            files[0].content,
            Content::Attached(100 + Slot::MonthlyMovements as u32)
        );
    }

    #[test]
    fn only_small_files_without_a_telling_name_are_read_for_sniffing() {
        assert!(!needs_sniffing(
            "202503_libro_remuneraciones_761234560.xlsx",
            1000.0
        ));
        assert!(needs_sniffing("archivo1.xlsx", 1000.0));
        assert!(!needs_sniffing("archivo1.xlsx", MAX_SNIFF_BYTES + 1.0));
        // Unread (large) files are placed by name only.
        assert_eq!(
            placement("202503_libro_remuneraciones_761234560.xlsx", None),
            Some(Slot::PayrollBook)
        );
        assert_eq!(placement("archivo1.xlsx", None), None);
        assert_eq!(placement("archivo1.xlsx", Some(b"not a workbook")), None);
    }

    #[test]
    fn the_session_lists_the_sources_it_still_uses() {
        let mut session = Session::default();
        session.add_files(vec![
            named("202503_libro_remuneraciones_761234560.xlsx", 1),
            named("notas.txt", 2),
        ]);
        session.add_file(Slot::PayrollBook, "otro.xlsx".into(), 3);
        assert_eq!(session.sources(), BTreeSet::from([2, 3]));
        session.remove_file(Slot::PayrollBook);
        let notes = session.unplaced[0].unplaced_id;
        session.discard_unplaced(notes);
        assert!(session.sources().is_empty());
    }

    #[test]
    fn stale_inspection_of_a_replaced_file_is_ignored() {
        let mut session = Session::default();
        let first = session.add_file(Slot::PayrollBook, "a.xlsx".into(), 1);
        let second = session.add_file(Slot::PayrollBook, "b.xlsx".into(), 2);
        session.apply_inspection(
            first.file_id,
            Slot::PayrollBook,
            Inspection::Failed("viejo".into()),
        );
        assert_eq!(
            session.files[&Slot::PayrollBook].inspection,
            Inspection::Reading
        );
        session.apply_inspection(second.file_id, Slot::PayrollBook, inspected());
        assert!(session.inspected(Slot::PayrollBook).is_some());
    }

    #[test]
    fn a_run_finishes_when_both_workers_answer_and_ignores_old_runs() {
        let mut session = Session::default();
        for slot in [
            Slot::PayrollBook,
            Slot::MonthlyMovements,
            Slot::AnalystAbsences,
        ] {
            load(&mut session, slot);
        }
        let run_id = session.start_run(0.0).expect("ready");
        assert!(
            session.start_run(1.0).is_err(),
            "no second run while one is in progress"
        );
        assert!(!session.apply_finished(
            run_id + 7,
            Group::PayrollVsChanges,
            Ok(group_run(Group::PayrollVsChanges)),
            5.0
        ));
        assert!(!session.apply_finished(
            run_id,
            Group::PayrollVsChanges,
            Ok(group_run(Group::PayrollVsChanges)),
            5.0
        ));
        assert!(session.is_running());
        assert!(session.fail_running_worker(Group::MovementsVsAnalyst, "se cayó".into(), 9.0));
        let run = session.run.as_ref().expect("run");
        assert_eq!(
            run.worker(Group::MovementsVsAnalyst).outcome,
            Some(Err("se cayó".into()))
        );
        assert_eq!(run.worker(Group::MovementsVsAnalyst).elapsed_ms, Some(9.0));
        let result = session
            .result
            .as_ref()
            .expect("consolidated when both answered");
        assert!(result.incomplete, "a failed worker is never a success");
        assert_eq!(session.closing_state(), ClosingState::WithDiscrepancies);
        session.remove_file(Slot::AnalystAbsences);
        assert!(session.result_stale);
        assert_eq!(session.closing_state(), ClosingState::LoadingFiles);
    }

    fn named(name: &str, source: SourceId) -> Incoming {
        Incoming {
            name: name.to_string(),
            source,
            sniff: None,
        }
    }

    #[test]
    fn files_given_at_once_go_to_their_slots_by_name() {
        let mut session = Session::default();
        let requests = session.add_files(vec![
            named("202503_libro_remuneraciones_761234560.xlsx", 1),
            named("202503_movimientos_761234560.xlsx", 2),
            named("Finiquitos marzo.csv", 3),
            named("notas.txt", 4),
            named("otro_libro_remuneraciones.xlsx", 5),
        ]);
        let slots: Vec<Slot> = requests.iter().map(|request| request.slot).collect();
        assert_eq!(
            slots,
            vec![
                Slot::PayrollBook,
                Slot::MonthlyMovements,
                Slot::AnalystTerminations
            ]
        );
        // Unknown names and a second libro in the same batch wait for the user.
        let unplaced: Vec<&str> = session.unplaced.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            unplaced,
            vec!["notas.txt", "otro_libro_remuneraciones.xlsx"]
        );
        let second_libro = session.unplaced[1].unplaced_id;
        let request = session
            .place_unplaced(second_libro, Slot::PayrollBook)
            .expect("placed");
        assert_eq!(request.name, "otro_libro_remuneraciones.xlsx");
        assert_eq!(
            request.content,
            Content::Attached(5),
            "the same file, not a copy"
        );
        assert_eq!(session.files[&Slot::PayrollBook].file_id, request.file_id);
        let notes = session.unplaced[0].unplaced_id;
        session.discard_unplaced(notes);
        assert!(session.unplaced.is_empty());
        assert_eq!(session.place_unplaced(notes, Slot::AnalystHires), None);
        // A later batch replaces what an earlier one loaded.
        let requests = session.add_files(vec![named("libro_remuneraciones_abril.xlsx", 6)]);
        assert_eq!(requests.len(), 1);
        assert_eq!(
            session.files[&Slot::PayrollBook].name,
            "libro_remuneraciones_abril.xlsx"
        );
    }

    #[test]
    fn moving_a_file_rereads_it_and_swaps_with_the_occupant() {
        let mut session = Session::default();
        let hires = load(&mut session, Slot::AnalystHires);
        let requests = session.move_file(Slot::AnalystHires, Slot::AnalystTerminations);
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].slot, Slot::AnalystTerminations);
        assert_ne!(requests[0].file_id, hires, "a moved file is read again");
        assert!(!session.files.contains_key(&Slot::AnalystHires));
        assert_eq!(
            session.files[&Slot::AnalystTerminations].inspection,
            Inspection::Reading
        );
        load(&mut session, Slot::PayrollBook);
        let requests = session.move_file(Slot::AnalystTerminations, Slot::PayrollBook);
        let moved: Vec<(Slot, &str)> = requests
            .iter()
            .map(|request| (request.slot, request.name.as_str()))
            .collect();
        assert_eq!(
            moved,
            vec![
                (Slot::PayrollBook, "ingresos.xlsx"),
                (Slot::AnalystTerminations, "libro.xlsx")
            ]
        );
        assert!(session
            .move_file(Slot::AnalystAbsences, Slot::PayrollBook)
            .is_empty());
        assert!(session
            .move_file(Slot::PayrollBook, Slot::PayrollBook)
            .is_empty());
    }

    #[test]
    fn a_run_is_consolidated_under_the_plan_it_started_with() {
        let mut session = Session::default();
        load(&mut session, Slot::PayrollBook);
        load(&mut session, Slot::AnalystHires);
        let movements = session.add_file(Slot::MonthlyMovements, "m.xlsx".into(), 7);
        let Inspection::Read(mut told) = inspected_as(Slot::MonthlyMovements) else {
            unreachable!("inspected_as() reads")
        };
        told.period = Period::parse("2025-03");
        session.apply_inspection(
            movements.file_id,
            Slot::MonthlyMovements,
            Inspection::Read(told),
        );
        // The libro tells no period here: movimientos' name does (the core's one rule).
        assert_eq!(session.period(), Period::parse("2025-03"));
        let run_id = session.start_run(0.0).expect("ready");
        let plan = &session.run.as_ref().expect("started").plan;
        assert_eq!(plan.parameters.period, session.period());
        assert_eq!(plan.parameters.settings, session.settings);
        // An edit while the workers run does not rewrite what this run used.
        session.change_settings(|settings| settings.tolerance = 9);
        for group in Group::ALL {
            session.apply_finished(run_id, group, Ok(group_run(group)), 1.0);
        }
        let result = session.result.as_ref().expect("consolidated");
        assert_eq!(result.settings.tolerance, 0);
        assert_eq!(result.closing.period, Period::parse("2025-03"));
        let slots: Vec<Slot> = result.inputs.iter().map(|entry| entry.slot).collect();
        assert_eq!(
            slots,
            vec![
                Slot::PayrollBook,
                Slot::MonthlyMovements,
                Slot::AnalystHires
            ],
            "entradas: every file of the run, in slot order"
        );
    }

    #[test]
    fn only_real_settings_changes_make_the_result_stale() {
        let mut session = Session::default();
        for slot in [
            Slot::PayrollBook,
            Slot::MonthlyMovements,
            Slot::AnalystHires,
        ] {
            load(&mut session, slot);
        }
        let run_id = session.start_run(0.0).expect("ready");
        for group in Group::ALL {
            session.apply_finished(run_id, group, Ok(group_run(group)), 1.0);
        }
        assert_eq!(session.closing_state(), ClosingState::VerifiedClean);
        session.change_settings(|settings| settings.tolerance = 0);
        assert!(!session.result_stale, "same value: nothing changed");
        session.change_settings(|settings| {
            settings.mapping.insert("VIATICOS".into(), None);
        });
        assert!(session.result_stale);
        assert_eq!(session.closing_state(), ClosingState::FilesComplete);
    }

    #[test]
    fn a_preset_closing_wins_and_files_that_disagree_are_named() {
        let preset = ClosingInfo {
            period: Period::parse("2025-02"),
            company_rut: None,
        };
        let mut session = Session::with_preset(
            preset.clone(),
            Settings {
                tolerance: 4,
                ..Settings::default()
            },
        );
        assert_eq!(session.settings.tolerance, 4, "the host's settings");
        assert_eq!(session.closing(), preset, "named before any file is read");
        load(&mut session, Slot::PayrollBook);
        load(&mut session, Slot::AnalystHires);
        assert_eq!(session.preset_disagreements(), ClosingInfo::default());
        let movements = session.add_file(Slot::MonthlyMovements, "m.xlsx".into(), 7);
        let Inspection::Read(mut told) = inspected_as(Slot::MonthlyMovements) else {
            unreachable!("inspected_as() reads")
        };
        told.period = Period::parse("2025-03");
        told.company_rut = Some(Rut::from_number(76_123_456));
        session.apply_inspection(
            movements.file_id,
            Slot::MonthlyMovements,
            Inspection::Read(told),
        );
        assert_eq!(
            session.period(),
            Period::parse("2025-02"),
            "the preset wins"
        );
        assert_eq!(session.company_rut(), Some(Rut::from_number(76_123_456)));
        assert_eq!(
            session.preset_disagreements(),
            ClosingInfo {
                period: Period::parse("2025-03"),
                company_rut: None,
            },
            "only what the preset names can disagree"
        );
        assert_eq!(
            session.preset_notices(),
            vec![ui_text::preset_period_disagrees("2025-02", "2025-03")]
        );
        session.start_run(0.0).expect("ready");
        let plan = &session.run.as_ref().expect("started").plan;
        assert_eq!(plan.closing.period, Period::parse("2025-02"));
        assert_eq!(plan.parameters.period, Period::parse("2025-02"));
    }
}

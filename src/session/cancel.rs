//! Cancelling the running verification (`Cancelar`): what stops, what is kept, and why a
//! late answer from the cancelled run changes nothing.

use cuadra_core::Group;

use super::{Inspection, Session};
use crate::protocol::{Content, InputFile};

/// What the page must do after the session cancelled a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Cancelled {
    pub run_id: u32,
    /// The workers still busy with the run. A worker inside a comparison cannot be
    /// interrupted (its work is one synchronous call), so the page terminates it and
    /// starts a fresh one, which holds no parsed file: the next run sends it the files
    /// again from their `Blob`s. A worker that already answered is kept with what it holds.
    pub stop: Vec<Group>,
    /// Files a stopped worker had not finished reading (given during the run): the fresh
    /// worker reads them, so loading a file meanwhile is not lost either.
    pub reread: Vec<InputFile>,
}

impl Session {
    /// `Cancelar`: ends the running verification, if any. Files, mapping, settings and the
    /// earlier result stay as they are; the closing is back at `archivos_completos` (the
    /// earlier result, shown as out of date, is what the next run carries states and notes
    /// over from). Answers of the cancelled run arrive under its id, which is no longer the
    /// current run's, and are ignored (`apply_finished`, `apply_progress`).
    pub fn cancel_run(&mut self) -> Option<Cancelled> {
        let run = self.run.take_if(|run| !run.is_finished())?;
        let stop: Vec<Group> = run
            .workers
            .iter()
            .filter(|worker| worker.outcome.is_none())
            .map(|worker| worker.group)
            .collect();
        let reread = self
            .files
            .iter()
            .filter(|(slot, file)| {
                stop.contains(&slot.group()) && file.inspection == Inspection::Reading
            })
            .map(|(slot, file)| InputFile {
                file_id: file.file_id,
                slot: *slot,
                name: file.name.clone(),
                content: Content::Attached(file.source),
            })
            .collect();
        self.result_stale = self.result().is_some();
        self.cancelled = true;
        Some(Cancelled {
            run_id: run.run_id,
            stop,
            reread,
        })
    }
}

#[cfg(test)]
mod tests {
    use cuadra_core::compare::GroupResult;
    use cuadra_core::document::ClosingState;
    use cuadra_core::{Group, Slot};

    use super::*;
    use crate::protocol::{GroupRun, InspectedFile, Stage, StageTimings};

    fn read(slot: Slot, sha256: &str) -> Inspection {
        Inspection::Read(Box::new(InspectedFile {
            summary: cuadra_core::InputSummary {
                slot,
                file_name: format!("{}.xlsx", slot.id()),
                sha256: sha256.into(),
                sheets: vec!["Hoja1".into()],
                n_rows: 3,
                n_rows_skipped: 0,
                name_info: Default::default(),
                name_warning: None,
                warnings: Vec::new(),
                notes: Vec::new(),
            },
            concepts: Vec::new(),
            columns: Vec::new(),
            period: None,
            company_rut: None,
        }))
    }

    /// A session with libro, movimientos and ingresos read, ready to run.
    fn ready() -> Session {
        let mut session = Session::default();
        for (idx, slot) in [
            Slot::PayrollBook,
            Slot::MonthlyMovements,
            Slot::AnalystHires,
        ]
        .into_iter()
        .enumerate()
        {
            let file = session.add_file(slot, format!("{}.xlsx", slot.id()), 10 + idx as u32);
            session.apply_inspection(file.file_id, slot, read(slot, &format!("h{idx}")));
        }
        assert!(session.run_blockers().is_empty());
        session
    }

    fn finished(group: Group) -> Result<GroupRun, String> {
        Ok(GroupRun {
            group,
            result: GroupResult::default(),
            rows_read: 3,
            timings: StageTimings::default(),
        })
    }

    #[test]
    fn nothing_to_cancel_without_a_running_verification() {
        let mut session = ready();
        assert_eq!(session.cancel_run(), None);
        let run_id = session.start_run(0.0).expect("ready");
        for group in Group::ALL {
            session.apply_finished(run_id, group, finished(group), 5.0);
        }
        let before = session.clone();
        assert_eq!(
            session.cancel_run(),
            None,
            "a finished run is not cancelled"
        );
        assert_eq!(session, before);
    }

    #[test]
    fn cancelling_stops_the_busy_workers_and_returns_to_archivos_completos() {
        let mut session = ready();
        session.change_settings(|settings| settings.tolerance = 5);
        let run_id = session.start_run(0.0).expect("ready");
        assert_eq!(session.closing_state(), ClosingState::Verifying);
        // The movements worker answered; the payroll worker is still comparing.
        session.apply_finished(
            run_id,
            Group::MovementsVsAnalyst,
            finished(Group::MovementsVsAnalyst),
            3.0,
        );
        let files = session.files.clone();
        let settings = session.settings.clone();

        let cancelled = session.cancel_run().expect("a run was running");
        assert_eq!(cancelled.run_id, run_id);
        assert_eq!(cancelled.stop, vec![Group::PayrollVsChanges]);
        assert_eq!(cancelled.reread, Vec::new());
        assert_eq!(session.closing_state(), ClosingState::FilesComplete);
        assert!(!session.is_running());
        assert!(session.cancelled);
        assert_eq!(session.files, files, "every file is kept");
        assert_eq!(session.settings, settings, "settings and mapping are kept");
        assert!(session.run_blockers().is_empty(), "the next run can start");
        assert_eq!(session.result(), None, "a cancelled run yields no result");

        // The cancelled run's late answers change nothing.
        let after_cancel = session.clone();
        session.apply_progress(run_id, Group::PayrollVsChanges, Stage::Comparing, 9);
        let completed = session.apply_finished(
            run_id,
            Group::PayrollVsChanges,
            finished(Group::PayrollVsChanges),
            9.0,
        );
        assert!(!completed);
        assert!(!session.fail_running_worker(Group::PayrollVsChanges, "tarde".into(), 9.0));
        assert_eq!(session, after_cancel);

        // The next run is a new run, and it completes.
        let next = session.start_run(10.0).expect("nothing blocks it");
        assert_ne!(next, run_id);
        assert!(!session.cancelled, "the notice goes when a run starts");
        for group in Group::ALL {
            session.apply_finished(next, group, finished(group), 12.0);
        }
        assert_eq!(session.closing_state(), ClosingState::VerifiedClean);
    }

    #[test]
    fn the_earlier_result_is_kept_but_no_longer_holds() {
        let mut session = ready();
        let first = session.start_run(0.0).expect("ready");
        for group in Group::ALL {
            session.apply_finished(first, group, finished(group), 1.0);
        }
        let earlier = session.result().cloned().expect("consolidated");
        session.start_run(2.0).expect("ready again");
        let cancelled = session.cancel_run().expect("running");
        assert_eq!(cancelled.stop, Group::ALL.to_vec(), "both were busy");
        assert_eq!(session.result(), Some(&earlier), "kept on screen");
        assert!(session.result_stale);
        assert_eq!(session.closing_state(), ClosingState::FilesComplete);
    }

    #[test]
    fn a_file_a_stopped_worker_was_reading_is_read_again() {
        let mut session = ready();
        let run_id = session.start_run(0.0).expect("ready");
        session.apply_finished(
            run_id,
            Group::PayrollVsChanges,
            finished(Group::PayrollVsChanges),
            1.0,
        );
        // Given during the run: one file for each worker.
        let absences = session.add_file(Slot::AnalystAbsences, "a.xlsx".into(), 40);
        let changes = session.add_file(Slot::PayrollChanges, "n.xlsx".into(), 41);
        let cancelled = session.cancel_run().expect("running");
        assert_eq!(cancelled.stop, vec![Group::MovementsVsAnalyst]);
        assert_eq!(
            cancelled.reread,
            vec![absences],
            "only the stopped worker's file; the payroll worker still reads its own"
        );
        assert_eq!(changes.content, Content::Attached(41));
    }
}

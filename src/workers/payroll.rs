//! Worker 1: Libro de Remuneraciones vs Novedades.

use cuadra_core::input::{read_payroll_book, read_payroll_changes};
use cuadra_core::pipeline::{run_payroll_vs_changes, FileFacts, RunParameters};
use cuadra_core::{Group, InputError, PayrollBook, PayrollChanges, Slot};

use super::GroupWorker;
use super::{find, load, not_this_worker, simulate, Cached, RunContext};
use crate::protocol::{GroupRun, InputFile, SimulatedFault, Stage};

/// Keeps the last libro and novedades it parsed.
pub struct PayrollVsChangesWorker {
    clock: fn() -> f64,
    book: Option<Cached<PayrollBook>>,
    changes: Option<Cached<PayrollChanges>>,
}

impl PayrollVsChangesWorker {
    pub fn new(clock: fn() -> f64) -> Self {
        PayrollVsChangesWorker {
            clock,
            book: None,
            changes: None,
        }
    }
}

impl GroupWorker for PayrollVsChangesWorker {
    fn clock(&self) -> fn() -> f64 {
        self.clock
    }

    fn inspect(&mut self, file: &InputFile) -> Result<FileFacts, InputError> {
        match file.slot {
            Slot::PayrollBook => load(&mut self.book, file, read_payroll_book).map(FileFacts::of),
            Slot::PayrollChanges => {
                load(&mut self.changes, file, read_payroll_changes).map(FileFacts::of)
            }
            Slot::MonthlyMovements
            | Slot::AnalystHires
            | Slot::AnalystTerminations
            | Slot::AnalystAbsences => Err(not_this_worker(file)),
        }
    }

    fn run(
        &mut self,
        context: &mut RunContext<'_>,
        files: &[InputFile],
        parameters: &RunParameters,
        fault: Option<SimulatedFault>,
    ) -> Option<Result<GroupRun, String>> {
        let Some(book_file) = find(files, Slot::PayrollBook) else {
            return Some(Err("falta el Libro de Remuneraciones".to_string()));
        };
        context.stage(Stage::Reading(Slot::PayrollBook));
        match load(&mut self.book, book_file, read_payroll_book) {
            Ok(read) => context.read(&read.summary),
            Err(error) => return Some(Err(error.to_string())),
        }
        match find(files, Slot::PayrollChanges) {
            Some(file) => {
                context.stage(Stage::Reading(Slot::PayrollChanges));
                match load(&mut self.changes, file, read_payroll_changes) {
                    Ok(read) => context.read(&read.summary),
                    Err(error) => return Some(Err(error.to_string())),
                }
            }
            None => self.changes = None,
        }
        context.stage(Stage::Comparing);
        if simulate(fault) {
            return None;
        }
        let book = &self.book.as_ref().expect("loaded above").read.value;
        let changes = self.changes.as_ref().map(|cached| &cached.read.value);
        let result = run_payroll_vs_changes(book, changes, parameters);
        Some(Ok(context.finish(Group::PayrollVsChanges, result)))
    }
}

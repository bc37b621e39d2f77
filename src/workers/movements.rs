//! Worker 2: Movimientos del Mes vs the analyst's Ingresos, Finiquitos and Ausentismos.

use cuadra_core::input::{
    read_analyst_absences, read_analyst_hires, read_analyst_terminations, read_monthly_movements,
    Read,
};
use cuadra_core::pipeline::{run_movements_vs_analyst, FileFacts, RunParameters};
use cuadra_core::{Absence, AnalystReports, Group, InputError, MonthlyMovements, Movement, Slot};

use super::GroupWorker;
use super::{find, load, not_this_worker, simulate, Cached, RunContext};
use crate::protocol::{GroupRun, InputFile, SimulatedFault, Stage};

/// Keeps the last file it parsed for each of its four slots.
pub struct MovementsVsAnalystWorker {
    clock: fn() -> f64,
    movements: Option<Cached<MonthlyMovements>>,
    hires: Option<Cached<Vec<Movement>>>,
    terminations: Option<Cached<Vec<Movement>>>,
    absences: Option<Cached<Vec<Absence>>>,
}

/// Loads an optional analyst file: `Ok(None)` when the run has no file for the slot.
fn load_optional<'c, T: Clone>(
    cache: &'c mut Option<Cached<T>>,
    files: &[InputFile],
    slot: Slot,
    reader: fn(&str, &[u8]) -> Result<Read<T>, InputError>,
    context: &mut RunContext<'_>,
) -> Result<Option<T>, InputError> {
    let Some(file) = find(files, slot) else {
        *cache = None;
        return Ok(None);
    };
    context.stage(Stage::Reading(slot));
    let read = load(cache, file, reader)?;
    context.read(&read.summary);
    Ok(Some(read.value.clone()))
}

impl MovementsVsAnalystWorker {
    pub fn new(clock: fn() -> f64) -> Self {
        MovementsVsAnalystWorker {
            clock,
            movements: None,
            hires: None,
            terminations: None,
            absences: None,
        }
    }
}

impl GroupWorker for MovementsVsAnalystWorker {
    fn clock(&self) -> fn() -> f64 {
        self.clock
    }

    fn inspect(&mut self, file: &InputFile) -> Result<FileFacts, InputError> {
        match file.slot {
            Slot::MonthlyMovements => {
                load(&mut self.movements, file, read_monthly_movements).map(FileFacts::of)
            }
            Slot::AnalystHires => {
                load(&mut self.hires, file, read_analyst_hires).map(FileFacts::of)
            }
            Slot::AnalystTerminations => {
                load(&mut self.terminations, file, read_analyst_terminations).map(FileFacts::of)
            }
            Slot::AnalystAbsences => {
                load(&mut self.absences, file, read_analyst_absences).map(FileFacts::of)
            }
            Slot::PayrollBook | Slot::PayrollChanges => Err(not_this_worker(file)),
        }
    }

    fn run(
        &mut self,
        context: &mut RunContext<'_>,
        files: &[InputFile],
        parameters: &RunParameters,
        fault: Option<SimulatedFault>,
    ) -> Option<Result<GroupRun, String>> {
        let Some(movements_file) = find(files, Slot::MonthlyMovements) else {
            return Some(Err("faltan los Movimientos del Mes".to_string()));
        };
        context.stage(Stage::Reading(Slot::MonthlyMovements));
        match load(&mut self.movements, movements_file, read_monthly_movements) {
            Ok(read) => context.read(&read.summary),
            Err(error) => return Some(Err(error.to_string())),
        }
        let analyst = (|| {
            Ok::<_, InputError>(AnalystReports {
                hires: load_optional(
                    &mut self.hires,
                    files,
                    Slot::AnalystHires,
                    read_analyst_hires,
                    context,
                )?,
                terminations: load_optional(
                    &mut self.terminations,
                    files,
                    Slot::AnalystTerminations,
                    read_analyst_terminations,
                    context,
                )?,
                absences: load_optional(
                    &mut self.absences,
                    files,
                    Slot::AnalystAbsences,
                    read_analyst_absences,
                    context,
                )?,
            })
        })();
        let analyst = match analyst {
            Ok(analyst) => analyst,
            Err(error) => return Some(Err(error.to_string())),
        };
        context.stage(Stage::Comparing);
        if simulate(fault) {
            return None;
        }
        let movements = &self.movements.as_ref().expect("loaded above").read.value;
        let result = run_movements_vs_analyst(movements, &analyst, parameters);
        Some(Ok(context.finish(Group::MovementsVsAnalyst, result)))
    }
}

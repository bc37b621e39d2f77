//! Worker 2: Movimientos del Mes vs the analyst's Ingresos, Finiquitos and Ausentismos.

use cuadra_core::compare::compare_movements_vs_analyst;
use cuadra_core::input::{
    read_analyst_absences, read_analyst_hires, read_analyst_terminations, read_monthly_movements,
    Read,
};
use cuadra_core::{
    Absence, AnalystReports, Group, InputError, MonthlyMovements, Movement, Period, Settings, Slot,
};

use super::GroupWorker;
use super::{find, load, simulate, Cached, RunContext};
use crate::protocol::{GroupRun, InputFile, InspectedFile, SimulatedFault, Stage};

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

    fn inspect(&mut self, file: &InputFile) -> Result<InspectedFile, InputError> {
        let summary = match file.slot {
            Slot::MonthlyMovements => load(&mut self.movements, file, read_monthly_movements)?
                .summary
                .clone(),
            Slot::AnalystHires => load(&mut self.hires, file, read_analyst_hires)?
                .summary
                .clone(),
            Slot::AnalystTerminations => {
                load(&mut self.terminations, file, read_analyst_terminations)?
                    .summary
                    .clone()
            }
            _ => load(&mut self.absences, file, read_analyst_absences)?
                .summary
                .clone(),
        };
        Ok(InspectedFile::from_summary(&summary, Vec::new()))
    }

    fn run(
        &mut self,
        context: &mut RunContext<'_>,
        files: &[InputFile],
        settings: &Settings,
        period: Option<Period>,
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
        let result = compare_movements_vs_analyst(movements, &analyst, settings, period);
        Some(Ok(context.finish(Group::MovementsVsAnalyst, result)))
    }
}

//! Warm-up: each worker reads and compares a small generated closing before it says it is
//! ready, so the user's first file runs in optimised code.
//!
//! Why: Chromium compiles WebAssembly lazily. A function first runs in baseline code
//! (Liftoff) and is re-compiled by the optimising tier (TurboFan) in the background only
//! once it has run hot; a call already running keeps its baseline code. The xlsx scanner's
//! loop is one call per sheet, so without a warm-up the first libro is read entirely in
//! baseline code, 3–4× slower (measured: 2,000 employees read in ~400 ms cold, ~100 ms warm).
//! The warm-up runs in the worker while the page starts, never on the page's thread.
//!
//! The files are the project's generator output (seed 11, 400 employees, 20 concepts:
//! `cargo xtask generate --seed 11 --employees 400 --out …`): fictitious people only.

use cuadra_core::{Group, Settings, Slot};

use super::WorkerLogic;
use crate::protocol::{Content, InputFile, Request, Response};

const NAME_PREFIX: &str = "202503_";
const NAME_SUFFIX: &str = "_761234560.xlsx";

/// `(slot, file keyword, bytes)` of each worker's warm-up files.
fn sources(group: Group) -> &'static [(Slot, &'static str, &'static [u8])] {
    match group {
        Group::PayrollVsChanges => &[
            (
                Slot::PayrollBook,
                "libro_remuneraciones",
                include_bytes!("warmup/202503_libro_remuneraciones_761234560.xlsx"),
            ),
            (
                Slot::PayrollChanges,
                "novedades",
                include_bytes!("warmup/202503_novedades_761234560.xlsx"),
            ),
        ],
        Group::MovementsVsAnalyst => &[
            (
                Slot::MonthlyMovements,
                "movimientos",
                include_bytes!("warmup/202503_movimientos_761234560.xlsx"),
            ),
            (
                Slot::AnalystHires,
                "ingresos",
                include_bytes!("warmup/202503_ingresos_761234560.xlsx"),
            ),
            (
                Slot::AnalystTerminations,
                "finiquitos",
                include_bytes!("warmup/202503_finiquitos_761234560.xlsx"),
            ),
            (
                Slot::AnalystAbsences,
                "ausentismos",
                include_bytes!("warmup/202503_ausentismos_761234560.xlsx"),
            ),
        ],
    }
}

/// Ids far from the page's (which count up from 1), so a warm-up file can never be taken
/// for one of the user's.
const FIRST_FILE_ID: u32 = u32::MAX - 16;

fn files(group: Group) -> Vec<InputFile> {
    sources(group)
        .iter()
        .zip(FIRST_FILE_ID..)
        .map(|(&(slot, keyword, bytes), file_id)| InputFile {
            file_id,
            slot,
            name: format!("{NAME_PREFIX}{keyword}{NAME_SUFFIX}"),
            content: Content::Bytes(bytes.to_vec()),
        })
        .collect()
}

/// Reads and compares the group's warm-up closing with `logic`, as the page would: each
/// file inspected, then one run. Returns how many discrepancies the run found, or why it
/// failed. The caller throws `logic` away afterwards.
pub fn warm_up(group: Group, logic: &mut dyn WorkerLogic) -> Result<usize, String> {
    let files = files(group);
    let failure = std::cell::RefCell::new(None);
    for file in &files {
        logic.handle(Request::Inspect { file: file.clone() }, &|response| {
            if let Response::Inspected {
                result: Err(error), ..
            } = response
            {
                failure
                    .borrow_mut()
                    .get_or_insert_with(|| error.to_string());
            }
        });
    }
    let found = std::cell::RefCell::new(None);
    logic.handle(
        Request::Run {
            run_id: 0,
            files,
            settings: Settings::default(),
            period: None,
            fault: None,
        },
        &|response| {
            if let Response::Finished { result, .. } = response {
                *found.borrow_mut() = Some(
                    result
                        .as_ref()
                        .map(|run| run.result.discrepancies.len())
                        .map_err(Clone::clone),
                );
            }
        },
    );
    if let Some(error) = failure.into_inner() {
        return Err(error);
    }
    found
        .into_inner()
        .unwrap_or_else(|| Err("la preparación no terminó".to_string()))
}

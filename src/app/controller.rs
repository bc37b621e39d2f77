//! Wires the page to its two workers: spawns them, sends requests, applies their answers to
//! the session, and turns crashes and time-outs into failed outcomes.

use std::cell::RefCell;
use std::time::Duration;

use cuadra_core::{Group, Slot};
use leptos::prelude::*;

use super::{timing, AppState};
use crate::protocol::{InputFile, Request, Response, SimulatedFault};
use crate::session::{group_index as index, group_of, Inspection};
use crate::worker_client::{WorkerEvent, WorkerHandle};

/// Generous: a 100,000-employee closing takes seconds. Tests lower it with `?limite_ms=`.
const DEFAULT_TIME_LIMIT_MS: u64 = 180_000;

thread_local! {
    /// Bumped each time a group's worker is spawned: a new worker holds no parsed files.
    static GENERATION: RefCell<[u32; 2]> = const { RefCell::new([0, 0]) };
    /// Which worker generation parsed each file (`file_id`), so `Run` need not resend it.
    static PARSED_BY: RefCell<std::collections::BTreeMap<u32, u32>> =
        const { RefCell::new(std::collections::BTreeMap::new()) };
    static WORKERS: RefCell<[Option<WorkerHandle>; 2]> = const { RefCell::new([None, None]) };
}

fn script_url(group: Group) -> &'static str {
    match group {
        Group::PayrollVsChanges => "./libro_worker_loader.js",
        Group::MovementsVsAnalyst => "./movimientos_worker_loader.js",
    }
}

fn now_ms() -> f64 {
    window()
        .performance()
        .map(|performance| performance.now())
        .unwrap_or_default()
}

fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// A fault a test asked for with `?simular_fallo=panic:libro_vs_novedades`.
fn simulated_fault(group: Group) -> Option<SimulatedFault> {
    let value = query_param("simular_fallo")?;
    let (kind, target) = value.split_once(':')?;
    if target != group.id() {
        return None;
    }
    match kind {
        "panic" => Some(SimulatedFault::Panic),
        "hang" => Some(SimulatedFault::Hang),
        _ => None,
    }
}

fn time_limit() -> Duration {
    let ms = query_param("limite_ms")
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_TIME_LIMIT_MS);
    Duration::from_millis(ms)
}

fn spawn(state: AppState, group: Group) -> Result<(), String> {
    let handle = WorkerHandle::spawn(script_url(group), move |event| {
        on_event(state, group, event)
    })?;
    WORKERS.with(|workers| workers.borrow_mut()[index(group)] = Some(handle));
    GENERATION.with(|generation| generation.borrow_mut()[index(group)] += 1);
    Ok(())
}

fn generation(group: Group) -> u32 {
    GENERATION.with(|generation| generation.borrow()[index(group)])
}

/// Whether the current worker of `group` parsed this file and still holds it.
fn worker_has(group: Group, file_id: u32) -> bool {
    let alive = WORKERS.with(|workers| workers.borrow()[index(group)].is_some());
    alive && PARSED_BY.with(|parsed| parsed.borrow().get(&file_id) == Some(&generation(group)))
}

/// Spawns both workers at start-up, so the first file is read without delay.
pub fn start(state: AppState) {
    for group in Group::ALL {
        if let Err(error) = spawn(state, group) {
            state
                .session
                .update(|session| session.start_error = Some(error));
        }
    }
}

/// Sends a request, respawning the worker first if it is gone.
fn send(state: AppState, group: Group, request: &Request) -> Result<(), String> {
    let alive = WORKERS.with(|workers| workers.borrow()[index(group)].is_some());
    if !alive {
        spawn(state, group)?;
    }
    WORKERS.with(|workers| {
        if let Some(worker) = &workers.borrow()[index(group)] {
            worker.send(request);
        }
    });
    Ok(())
}

/// Drops a dead worker; the next request spawns a fresh one. Not respawned at once, so a
/// worker script that cannot load does not loop. Deferred: the dead worker's own callback
/// may be running.
fn drop_worker(group: Group) {
    set_timeout(
        move || WORKERS.with(|workers| workers.borrow_mut()[index(group)] = None),
        Duration::ZERO,
    );
}

/// The user gave a file for a slot: keep it and ask its worker to read it.
pub fn load_file(state: AppState, slot: Slot, name: String, bytes: Vec<u8>) {
    let mut request = None;
    state
        .session
        .update(|session| request = Some(session.add_file(slot, name, bytes)));
    let Some(file) = request else { return };
    let (file_id, group) = (file.file_id, group_of(slot));
    if let Err(error) = send(state, group, &Request::Inspect { file }) {
        state
            .session
            .update(|session| session.apply_inspection(file_id, slot, Inspection::Failed(error)));
    }
}

/// Asks the owning worker of each file's slot to read it.
fn inspect_all(state: AppState, requests: Vec<InputFile>) {
    for file in requests {
        let (file_id, slot) = (file.file_id, file.slot);
        if let Err(error) = send(state, group_of(slot), &Request::Inspect { file }) {
            state.session.update(|session| {
                session.apply_inspection(file_id, slot, Inspection::Failed(error))
            });
        }
    }
}

/// Files given all at once (drop zone, multi-file input, demo): each to its slot by name
/// and content, the rest listed for the user to place.
pub fn load_files(state: AppState, files: Vec<(String, Vec<u8>)>) {
    let mut requests = Vec::new();
    state
        .session
        .update(|session| requests = session.add_files(files));
    inspect_all(state, requests);
}

/// The user moved a loaded file to another slot: it is read again by that slot's worker.
pub fn move_file(state: AppState, from: Slot, to: Slot) {
    let mut requests = Vec::new();
    state
        .session
        .update(|session| requests = session.move_file(from, to));
    inspect_all(state, requests);
}

/// The user chose the slot of a file that matched none.
pub fn place_unplaced(state: AppState, unplaced_id: u32, slot: Slot) {
    let mut request = None;
    state
        .session
        .update(|session| request = session.place_unplaced(unplaced_id, slot));
    inspect_all(state, request.into_iter().collect());
}

/// The demo closing: the same seed every time, so a newcomer and a test see the same
/// discrepancies. Generated on this thread (a 133-employee closing is small) and loaded
/// through the same path as the user's files.
pub fn load_demo(state: AppState) {
    const DEMO_SEED: u64 = 2025;
    const DEMO_EMPLOYEES: usize = 133;
    let closing = cuadra_core::generator::generate(
        &cuadra_core::generator::GeneratorOptions::sized(DEMO_SEED, DEMO_EMPLOYEES),
    );
    let files = closing
        .files
        .into_iter()
        .map(|file| (file.file_name, file.bytes))
        .collect();
    load_files(state, files);
}

pub fn remove_file(state: AppState, slot: Slot) {
    state.session.update(|session| session.remove_file(slot));
}

/// `Generar discrepancias`: both workers start together.
pub fn run(state: AppState) {
    let mut started = None;
    state
        .session
        .update(|session| started = session.start_run(now_ms()).ok());
    let Some(run_id) = started else { return };
    timing::mark("cuadra:ejecutar", &[]);
    let (settings, period) = state
        .session
        .with_untracked(|session| (session.settings.clone(), session.period()));
    for group in Group::ALL {
        let files = state
            .session
            .with_untracked(|session| session.files_for(group, |id| worker_has(group, id)));
        let request = Request::Run {
            run_id,
            files,
            settings: settings.clone(),
            period,
            fault: simulated_fault(group),
        };
        if let Err(error) = send(state, group, &request) {
            state.session.update(|session| session.abort_start(error));
            return;
        }
    }
    set_timeout(
        move || {
            for group in Group::ALL {
                let timed_out = state.session.with_untracked(|session| {
                    session.run.as_ref().is_some_and(|run| {
                        run.run_id == run_id && run.worker(group).outcome.is_none()
                    })
                });
                if timed_out {
                    let message = format!(
                        "el trabajador «{}» no respondió dentro del tiempo límite ({} s)",
                        group.label(),
                        time_limit().as_secs_f64()
                    );
                    state.session.update(|session| {
                        session.fail_running_worker(group, message, now_ms());
                    });
                    drop_worker(group);
                }
            }
        },
        time_limit(),
    );
}

fn on_event(state: AppState, group: Group, event: WorkerEvent) {
    match event {
        WorkerEvent::Message(Response::Ready) => {}
        WorkerEvent::Message(Response::Inspected {
            file_id,
            slot,
            result,
        }) => {
            timing::mark(&format!("cuadra:leido:{}", slot.id()), &[]);
            if result.is_ok() {
                PARSED_BY.with(|parsed| parsed.borrow_mut().insert(file_id, generation(group)));
            }
            let inspection = match result {
                Ok(inspected) => Inspection::Read(Box::new(inspected)),
                Err(error) => Inspection::Failed(error.to_string()),
            };
            state
                .session
                .update(|session| session.apply_inspection(file_id, slot, inspection));
        }
        WorkerEvent::Message(Response::Progress {
            run_id,
            stage,
            rows_read,
        }) => {
            state
                .session
                .update(|session| session.apply_progress(run_id, group, stage, rows_read));
        }
        WorkerEvent::Message(Response::Finished { run_id, result }) => {
            if let Ok(run) = &result {
                let timings = [
                    ("parse_ms", run.timings.parse_ms),
                    ("compare_ms", run.timings.compare_ms),
                    ("total_ms", run.timings.total_ms),
                    ("discrepancies", run.result.discrepancies.len() as f64),
                ];
                timing::mark(&format!("cuadra:trabajador:{}", group.id()), &timings);
            }
            let received = now_ms();
            let mut completed = false;
            state.session.update(|session| {
                completed = session.apply_finished(run_id, group, result, received);
            });
            if completed {
                timing::mark("cuadra:consolidado", &[("ms", now_ms() - received)]);
            }
        }
        WorkerEvent::Message(Response::Panicked { message }) => crashed(state, group, message),
        WorkerEvent::Crashed(message) => crashed(state, group, message),
    }
}

fn crashed(state: AppState, group: Group, message: String) {
    let message = format!("el trabajador «{}» falló: {message}", group.label());
    state.session.update(|session| {
        session.fail_pending_inspections(group, &message);
        session.fail_running_worker(group, message.clone(), now_ms());
    });
    drop_worker(group);
}

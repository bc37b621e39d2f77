//! Applies what the session and the instance's wiring decide: keeps the files' `Blob`s,
//! sends the session's requests to the instance's workers, applies their answers, and turns
//! crashes and time-outs into failed outcomes. Every function acts on one instance's
//! `AppState`; nothing here is shared between instances.

use std::time::Duration;

use cuadra_core::{Group, Slot};
use leptos::prelude::*;

use super::state::AppState;
use super::wiring::{retire, Handler, Wiring};
use super::{schedule, timing};
use crate::ledger::Generation;
use crate::protocol::{InputFile, Request, Response};
use crate::session::{group_of, needs_sniffing, Incoming, Inspection, SourceId, WorkerFailure};
use crate::ui_text;
use crate::worker_link::WorkerEvent;

fn now_ms() -> f64 {
    window()
        .performance()
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// Runs `f` on the instance's wiring; `None` once the instance is unmounted.
fn with_wiring<T>(state: AppState, f: impl FnOnce(&mut Wiring) -> T) -> Option<T> {
    state.wiring.try_update_value(f)
}

/// The event handler of `group`'s worker of `generation`.
fn handler(state: AppState, group: Group) -> impl FnOnce(Generation) -> Handler {
    move |generation| Box::new(move |event| on_event(state, group, generation, event))
}

/// Keeps a file's `Blob` for the instance's workers and returns its key (`None` once the
/// instance is unmounted).
fn keep_source(state: AppState, blob: web_sys::Blob) -> Option<SourceId> {
    with_wiring(state, |wiring| wiring.blobs.keep(blob))
}

/// Lets go of the `Blob`s no loaded or unplaced file uses any more.
pub(super) fn prune_sources(state: AppState) {
    let Some(used) = state
        .session
        .try_with_untracked(|session| session.sources())
    else {
        return;
    };
    with_wiring(state, |wiring| wiring.blobs.prune(&used));
}

/// Spawns both workers at start-up, so the first file is read without delay.
pub fn start(state: AppState) {
    for group in Group::ALL {
        if let Some(Err(error)) =
            with_wiring(state, |wiring| wiring.spawn(group, handler(state, group)))
        {
            state
                .session
                .update(|session| session.start_error = Some(error));
        }
    }
}

/// Sends a request, respawning the worker first if it is gone.
fn send(state: AppState, group: Group, request: &Request) -> Result<(), String> {
    if let Request::Inspect { file } = request {
        timing::mark(&format!("cuadra:enviado:{}", file.slot.id()), &[]);
    }
    with_wiring(state, |wiring| {
        wiring.send(group, request, handler(state, group))
    })
    .unwrap_or(Ok(()))
}

/// The user gave a file for a slot: keep it and ask its worker to read it.
pub fn load_file(state: AppState, slot: Slot, file: web_sys::File) {
    let name = file.name();
    let Some(source) = keep_source(state, file.into()) else {
        return;
    };
    let mut request = None;
    state
        .session
        .update(|session| request = Some(session.add_file(slot, name, source)));
    prune_sources(state);
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
fn load_files(state: AppState, files: Vec<Incoming>) {
    let mut requests = Vec::new();
    state
        .session
        .update(|session| requests = session.add_files(files));
    prune_sources(state);
    inspect_all(state, requests);
}

/// Named files given as one batch (a drop, a multi-file input, a host), so two files for the
/// same slot are noticed. Only a small file whose name says nothing is read here, to sniff
/// its slot; every other file goes to its worker unread.
pub fn load_batch(state: AppState, files: Vec<(String, web_sys::Blob)>) {
    if files.is_empty() {
        return;
    }
    leptos::task::spawn_local(async move {
        let mut sniffs = Vec::with_capacity(files.len());
        for (name, blob) in &files {
            let sniff = if needs_sniffing(name, blob.size()) {
                wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
                    .await
                    .ok()
                    .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
            } else {
                None
            };
            sniffs.push(sniff);
        }
        // The instance may have been unmounted while the files were read.
        let mut batch = Vec::with_capacity(files.len());
        for ((name, blob), sniff) in files.into_iter().zip(sniffs) {
            let Some(source) = keep_source(state, blob) else {
                return;
            };
            batch.push(Incoming {
                name,
                source,
                sniff,
            });
        }
        load_files(state, batch);
    });
}

/// The files a restored closing kept (the user opted in), given back to their slots and
/// workers as if loaded again; the restored result stays as fresh as it was stored.
pub(super) fn restore_files(state: AppState, files: Vec<(String, web_sys::Blob)>) {
    let mut batch = Vec::with_capacity(files.len());
    for (name, blob) in files {
        let Some(source) = keep_source(state, blob) else {
            return;
        };
        batch.push(Incoming {
            name,
            source,
            sniff: None,
        });
    }
    let mut requests = Vec::new();
    state.session.update(|session| {
        let stale = session.result_stale;
        requests = session.add_files(batch);
        session.result_stale = stale;
    });
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
    if !state.is_live() {
        return;
    }
    let closing = cuadra_core::generator::generate(
        &cuadra_core::generator::GeneratorOptions::sized(DEMO_SEED, DEMO_EMPLOYEES),
    );
    let files = closing
        .files
        .into_iter()
        .filter_map(|file| {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(file.bytes.as_slice()));
            let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
            Some(Incoming {
                name: file.file_name,
                source: keep_source(state, blob)?,
                sniff: None,
            })
        })
        .collect();
    load_files(state, files);
}

pub fn remove_file(state: AppState, slot: Slot) {
    state.session.update(|session| session.remove_file(slot));
    prune_sources(state);
}

/// The user keeps a file that names another period or client than the other files.
pub fn accept_other_closing(state: AppState, slot: Slot) {
    state
        .session
        .update(|session| session.accept_other_closing(slot));
}

pub fn discard_unplaced(state: AppState, unplaced_id: u32) {
    state
        .session
        .update(|session| session.discard_unplaced(unplaced_id));
    prune_sources(state);
}

/// `Generar discrepancias`: both workers start together. Returns whether the run started.
pub fn run(state: AppState) -> bool {
    if !state.is_live() {
        return false;
    }
    let mut started = None;
    state
        .session
        .update(|session| started = session.start_run(now_ms()).ok());
    let Some(run_id) = started else { return false };
    timing::mark("cuadra:ejecutar", &[]);
    let (settings, period) = state
        .session
        .with_untracked(|session| (session.settings.clone(), session.period()));
    for group in Group::ALL {
        // Files the worker holds parsed go as `Content::Cached`, the others with their Blob.
        let planned = with_wiring(state, |wiring| {
            let files = state.session.with_untracked(|session| {
                session.files_for(group, |file_id| wiring.workers.holds(group, file_id))
            });
            (files, wiring.options.fault_for(run_id, group))
        });
        let Some((files, fault)) = planned else {
            return false;
        };
        let request = Request::Run {
            run_id,
            files,
            settings: settings.clone(),
            period,
            fault,
        };
        if let Err(error) = send(state, group, &request) {
            state.session.update(|session| session.abort_start(error));
            return false;
        }
    }
    let Some(limit) = with_wiring(state, |wiring| wiring.options.time_limit) else {
        return false;
    };
    // Kept by the wiring, which cancels it if the instance goes away first.
    if let Ok(timer) =
        set_timeout_with_handle(move || time_limit_expired(state, run_id, limit), limit)
    {
        with_wiring(state, |wiring| wiring.arm_time_limit(timer));
    }
    true
}

/// `Cancelar`: the session decides what stops. Each busy worker is terminated and replaced
/// at once, so the fresh one warms up while the user decides what to do next; a file it
/// was still reading goes to the replacement. The run's time limit is disarmed.
pub fn cancel(state: AppState) {
    if !state.is_live() {
        return;
    }
    let mut cancelled = None;
    state
        .session
        .update(|session| cancelled = session.cancel_run());
    let Some(cancelled) = cancelled else { return };
    timing::mark("cuadra:cancelado", &[]);
    with_wiring(state, |wiring| wiring.disarm_time_limit());
    for group in cancelled.stop {
        if let Some(link) =
            with_wiring(state, |wiring| wiring.workers.lose_current(group)).flatten()
        {
            retire(link);
        }
        if let Some(Err(error)) =
            with_wiring(state, |wiring| wiring.spawn(group, handler(state, group)))
        {
            state
                .session
                .update(|session| session.start_error = Some(error));
        }
    }
    inspect_all(state, cancelled.reread);
}

/// A run's time limit passed: each worker that has not answered fails and is replaced.
fn time_limit_expired(state: AppState, run_id: u32, limit: Duration) {
    if !state.is_live() {
        return;
    }
    for group in Group::ALL {
        let timed_out = state.session.with_untracked(|session| {
            session
                .run
                .as_ref()
                .is_some_and(|run| run.run_id == run_id && run.worker(group).outcome.is_none())
        });
        if timed_out {
            let message = ui_text::worker_timed_out(group, limit);
            state.session.update(|session| {
                session.fail_running_worker(group, message, now_ms());
            });
            if let Some(link) =
                with_wiring(state, |wiring| wiring.workers.lose_current(group)).flatten()
            {
                retire(link);
            }
        }
    }
}

fn on_event(state: AppState, group: Group, generation: Generation, event: WorkerEvent) {
    if !state.is_live() {
        return;
    }
    match event {
        WorkerEvent::Message(Response::Ready { warm_up_ms }) => {
            timing::mark(
                &format!("cuadra:listo:{}", group.id()),
                &[("warm_up_ms", warm_up_ms)],
            );
        }
        WorkerEvent::Message(Response::Inspected {
            file_id,
            slot,
            result,
            read_ms,
        }) => {
            timing::mark(
                &format!("cuadra:leido:{}", slot.id()),
                &[("read_ms", read_ms)],
            );
            let parsed = result.is_ok();
            with_wiring(state, |wiring| {
                wiring
                    .workers
                    .record_inspection(group, generation, slot, file_id, parsed)
            });
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
        WorkerEvent::Message(Response::Found {
            run_id,
            discrepancies,
        }) => {
            // Kept for the outcome; nothing on screen changes until it arrives.
            state
                .session
                .update_untracked(|session| session.apply_found(run_id, group, discrepancies));
        }
        WorkerEvent::Message(Response::Finished { run_id, result }) => {
            if let Ok(run) = &result {
                let ahead = state.session.with_untracked(|session| {
                    session
                        .run
                        .as_ref()
                        .filter(|tracked| tracked.run_id == run_id)
                        .map_or(0, |tracked| tracked.worker(group).n_received())
                });
                let timings = [
                    ("parse_ms", run.timings.parse_ms),
                    ("compare_ms", run.timings.compare_ms),
                    ("total_ms", run.timings.total_ms),
                    (
                        "discrepancies",
                        (ahead + run.result.discrepancies.len()) as f64,
                    ),
                ];
                timing::mark(&format!("cuadra:trabajador:{}", group.id()), &timings);
            }
            let received = now_ms();
            let mut completed = false;
            state.session.update_untracked(|session| {
                completed = session.apply_finished(run_id, group, result, received);
            });
            if completed {
                timing::mark("cuadra:consolidado", &[("ms", now_ms() - received)]);
                // The result's first render is the next piece of work: in a task of its
                // own, after the answer's decoding and the consolidation.
                leptos::task::spawn_local(async move {
                    schedule::next_task().await;
                    if state.is_live() {
                        state.session.notify();
                    }
                });
            } else {
                state.session.notify();
            }
        }
        WorkerEvent::Message(Response::Panicked { message }) => {
            crashed(state, group, generation, WorkerFailure::Panicked(message))
        }
        WorkerEvent::Message(Response::OutOfMemory { memory_bytes }) => crashed(
            state,
            group,
            generation,
            WorkerFailure::OutOfMemory { memory_bytes },
        ),
        WorkerEvent::Crashed(failure) => crashed(state, group, generation, failure),
    }
}

/// The worker of `generation` died. Not respawned at once, so a worker script that cannot
/// load does not loop: the next request spawns a fresh one. A worker replaced before it
/// said so fails nothing of the current one's.
fn crashed(state: AppState, group: Group, generation: Generation, failure: WorkerFailure) {
    let Some(link) = with_wiring(state, |wiring| wiring.workers.lose(group, generation)).flatten()
    else {
        return;
    };
    retire(link);
    let message = failure.message(group);
    state.session.update(|session| {
        session.fail_pending_inspections(group, &message);
        session.fail_running_worker(group, message.clone(), now_ms());
    });
}

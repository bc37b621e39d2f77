//! What an instance keeps in this browser, and the one place the page talks to `storage`:
//! the store is opened at mount (`open`), the open closing restored, and the controller and
//! the components call the hooks here when a result is set, a decision applied, the list
//! filtered or a closing switched, deleted or everything erased.
//!
//! Writes go through one queue per instance, in the order they were asked: a decision made
//! while the run's result is still being written lands after it, never before (the result
//! write drops the closing's stored decisions). A failed write changes nothing on screen:
//! the session stays the truth, and the failure is a notice.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use cuadra_core::document::{ClosingInfo, ResultDocument};
use cuadra_core::run_diff::RunChange;
use cuadra_core::Group;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::state::{AppState, ResultsUi};
use crate::results_view::{Column, Direction, Filter, Sort};
use crate::storage::audit::{AuditEvent, AuditTrail};
use crate::storage::{
    AttemptRecord, ClientRecord, ClosingKey, ClosingRecord, ListFilters, ResultWrite, RunRecord,
    Storage, StorageError, StorageNotice, StoredDecision, StoredFile, StoredResult, StoredSort,
    WorkerRunOutcome,
};
use crate::ui_text;

/// The tab's open closing survives a reload in `sessionStorage` (per tab, so two tabs may
/// keep two closings open); a new tab opens the closing written last.
const OPEN_CLOSING_KEY: &str = "cuadra:cierre-abierto";

type Job = Box<dyn FnOnce(Rc<Storage>) -> Pin<Box<dyn Future<Output = ()>>>>;

/// The instance's store and what it last wrote.
#[derive(Default)]
struct Keeper {
    /// `None` until the store is open.
    storage: Option<Rc<Storage>>,
    /// The open closing's record as last read or written: the base of its next write.
    record: Option<ClosingRecord>,
    jobs: VecDeque<Job>,
    running: bool,
    /// The result view's choices, to restore a closing's filters into.
    results_ui: Option<ResultsUi>,
}

/// The storage side of an instance's state: copy handles, like `AppState`.
#[derive(Clone, Copy)]
pub struct Saved {
    keeper: StoredValue<Keeper, LocalStorage>,
    /// Why nothing (or the last change) was saved; `None` while all is well.
    pub notice: RwSignal<Option<StorageNotice>>,
    /// Every stored closing, newest first.
    pub closings: RwSignal<Vec<ClosingRecord>>,
    /// The open closing, once it was stored or restored.
    pub open: RwSignal<Option<ClosingKey>>,
    /// The restored closing's files whose contents were not kept: load them again to run.
    pub files_to_reload: RwSignal<Vec<StoredFile>>,
    /// Bumped after every run recorded, so history and monitor panels read again.
    pub runs_recorded: RwSignal<u32>,
    /// The client's remembered settings, when they were proposed for this new period: the
    /// mapping editor marks each header as remembered or new against them.
    pub proposal: RwSignal<Option<ClientRecord>>,
    /// The open closing keeps its files' contents (the user opted in, per closing).
    pub keep_files: RwSignal<bool>,
    /// The list's "what changed since the last run" filter (stored with the others).
    pub change_filter: RwSignal<Option<RunChange>>,
    /// Storage jobs asked for and not finished (the page shows it for tests and for the
    /// curious: `data-pendientes`).
    pub pending: RwSignal<u32>,
}

impl Saved {
    pub fn new() -> Saved {
        Saved {
            keeper: StoredValue::new_local(Keeper::default()),
            notice: RwSignal::new(None),
            closings: RwSignal::new(Vec::new()),
            open: RwSignal::new(None),
            files_to_reload: RwSignal::new(Vec::new()),
            runs_recorded: RwSignal::new(0),
            // The opening of the store and the restore count as one.
            pending: RwSignal::new(1),
            change_filter: RwSignal::new(None),
            proposal: RwSignal::new(None),
            keep_files: RwSignal::new(false),
        }
    }

    /// The open store, for panels that read (history, audit log, monitor totals).
    pub fn storage(&self) -> Option<Rc<Storage>> {
        self.keeper
            .try_with_value(|keeper| keeper.storage.clone())
            .flatten()
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The page's clock, for the benchmark's marks.
fn page_ms() -> f64 {
    window()
        .performance()
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// Discrepancies serialised per task while storing a result: ~2.5 MB of JSON, a few tens
/// of milliseconds, so the page answers input between parts.
const DISCREPANCIES_PER_PART: usize = 5_000;

/// Lets the browser run its other tasks (input, paint) before the next part of a long step.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        // A failed timer only means the step goes on at once.
        if window()
            .set_timeout_with_callback(resolve.unchecked_ref())
            .is_err()
        {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The result's write: serialised a part per task for IndexedDB (the memory store keeps
/// the value itself).
async fn result_write(
    state: AppState,
    storage: &Storage,
    stored: StoredResult,
) -> Option<ResultWrite> {
    if !storage.is_persistent() {
        return Some(ResultWrite::Replace(Box::new(stored)));
    }
    let json = {
        let mut parts = stored.json_in_parts();
        while !parts.write(DISCREPANCIES_PER_PART) {
            next_task().await;
            if !state.is_live() {
                return None;
            }
        }
        parts.finish()
    };
    Some(ResultWrite::ReplaceSerialised(Box::new(stored), json))
}

/// Waits until the browser painted what was just set (the result), before a long step: a
/// timer started in an animation frame runs after that frame's paint. A hidden tab paints
/// no frames, so a plain timer ends the wait there too.
async fn after_next_paint() {
    /// Longer than a frame, so a visible tab always paints first.
    const HIDDEN_TAB_WAIT_MS: i32 = 250;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let in_frame = {
            let resolve = resolve.clone();
            wasm_bindgen::closure::Closure::once_into_js(move || {
                // A failed timer only means the step runs at once.
                if window()
                    .set_timeout_with_callback(resolve.unchecked_ref())
                    .is_err()
                {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            })
        };
        let framed = window()
            .request_animation_frame(in_frame.unchecked_ref())
            .is_ok();
        let timed = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                resolve.unchecked_ref(),
                HIDDEN_TAB_WAIT_MS,
            )
            .is_ok();
        if !framed && !timed {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Queues a storage job after the ones already asked for.
pub(super) fn enqueue<F, Fut>(state: AppState, job: F)
where
    F: FnOnce(Rc<Storage>) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let job: Job = Box::new(move |storage| Box::pin(job(storage)));
    state.saved.pending.try_update(|n| *n += 1);
    let start = state
        .saved
        .keeper
        .try_update_value(|keeper| {
            keeper.jobs.push_back(job);
            let start = keeper.storage.is_some() && !keeper.running;
            keeper.running |= start;
            start
        })
        .unwrap_or(false);
    if start {
        leptos::task::spawn_local(drain(state));
    }
}

/// Runs the queued jobs one after the other until none is left.
async fn drain(state: AppState) {
    loop {
        let next = state
            .saved
            .keeper
            .try_update_value(|keeper| {
                let job = keeper.jobs.pop_front();
                let storage = keeper.storage.clone();
                if job.is_none() {
                    keeper.running = false;
                }
                job.zip(storage)
            })
            .flatten();
        let Some((job, storage)) = next else { return };
        job(storage).await;
        if !state.is_live() {
            return;
        }
        state.saved.pending.update(|n| *n = n.saturating_sub(1));
    }
}

/// Shows a failed operation's notice.
pub(super) fn fail(state: AppState, error: &StorageError) {
    let notice = match error {
        StorageError::ChangedElsewhere { .. } => StorageNotice {
            message: ui_text::CHANGED_ELSEWHERE.to_string(),
            in_memory_only: false,
        },
        other => other.notice(),
    };
    state.saved.notice.try_set(Some(notice));
}

/// Calls a method of `sessionStorage` (read through `Reflect`: it throws in sandboxed
/// frames, and the page needs three of its methods, not a web-sys feature for it).
fn session_storage_call(method: &str, args: &[&str]) -> Option<JsValue> {
    let storage = js_sys::Reflect::get(&window(), &JsValue::from_str("sessionStorage")).ok()?;
    let function: js_sys::Function = js_sys::Reflect::get(&storage, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let args: js_sys::Array = args.iter().map(|arg| JsValue::from_str(arg)).collect();
    function.apply(&storage, &args).ok()
}

/// Remembers (or forgets) the tab's open closing across a reload. Not being able to only
/// means a reload opens the closing written last.
fn remember_open(key: Option<ClosingKey>) {
    match key.and_then(|key| serde_json::to_string(&key).ok()) {
        Some(json) => session_storage_call("setItem", &[OPEN_CLOSING_KEY, &json]),
        None => session_storage_call("removeItem", &[OPEN_CLOSING_KEY]),
    };
}

fn remembered_open() -> Option<ClosingKey> {
    let json = session_storage_call("getItem", &[OPEN_CLOSING_KEY])?.as_string()?;
    serde_json::from_str(&json).ok()
}

/// The closing a result belongs to; `None` when the files named no client or period (such
/// a result is shown but not stored: there is nothing to file it under).
pub(super) fn key_of(closing: &ClosingInfo) -> Option<ClosingKey> {
    Some(ClosingKey {
        company_rut: closing.company_rut?,
        period: closing.period?,
    })
}

/// Opens the instance's store, then restores the tab's open closing (or the one written
/// last) unless the user already loaded something.
pub fn open(state: AppState) {
    leptos::task::spawn_local(async move {
        let (storage, notice) = Storage::open_or_memory().await;
        if !state.is_live() {
            return;
        }
        state.saved.notice.set(notice);
        let storage = Rc::new(storage);
        // The restore holds the queue: anything asked meanwhile runs after it.
        state.saved.keeper.update_value(|keeper| {
            keeper.storage = Some(Rc::clone(&storage));
            keeper.running = true;
        });
        let closings = refresh_closings(state, &storage).await;
        let preset = state
            .session
            .with_untracked(|session| key_of(&session.preset_closing));
        let key = preset
            .or_else(remembered_open)
            .or_else(|| closings.first().map(|record| record.key));
        let untouched = state.session.with_untracked(|session| {
            session.result.is_none() && session.files.is_empty() && session.run.is_none()
        });
        if let Some(key) = key.filter(|_| untouched) {
            restore(state, &storage, key).await;
        }
        state.saved.pending.update(|n| *n = n.saturating_sub(1));
        leptos::task::spawn_local(drain(state));
    });
}

/// Reads the list of closings again.
async fn refresh_closings(state: AppState, storage: &Storage) -> Vec<ClosingRecord> {
    match storage.list_closings().await {
        Ok(closings) => {
            state.saved.closings.try_set(closings.clone());
            closings
        }
        Err(error) => {
            fail(state, &error);
            Vec::new()
        }
    }
}

/// Shows a stored closing: its result with estados and notes, settings, filters.
async fn restore(state: AppState, storage: &Storage, key: ClosingKey) {
    let started = page_ms();
    let restored = match storage.restore_closing(key).await {
        Ok(Some(restored)) => restored,
        Ok(None) => return,
        Err(error) => return fail(state, &error),
    };
    if !state.is_live() {
        return;
    }
    let record = restored.record;
    let closing = ClosingInfo {
        period: Some(key.period),
        company_rut: Some(key.company_rut),
    };
    let read_ms = page_ms() - started;
    let (document, changes) = match restored.result {
        Some(result) => (Some(result.document), result.changes),
        None => (None, None),
    };
    state.session.update(|session| {
        session.restore(
            closing,
            record.settings.clone(),
            document,
            changes,
            record.result_stale,
        );
    });
    super::controller::prune_sources(state);
    let ui = state
        .saved
        .keeper
        .try_update_value(|keeper| {
            keeper.record = Some(record.clone());
            keeper.results_ui
        })
        .flatten();
    if let Some(ui) = ui {
        let (filter, sort) = from_list_filters(&record.filters);
        ui.filter.set(filter);
        ui.sort.set(sort);
        ui.open_rut.set(None);
    }
    state.saved.change_filter.set(record.filters.change);
    let kept: Vec<StoredFile> = record
        .files
        .iter()
        .filter(|file| !restored.files_to_reload.contains(file))
        .cloned()
        .collect();
    let mut blobs = Vec::new();
    for file in kept {
        match storage.load_file(key, file.slot).await {
            Ok(Some(blob)) => blobs.push((file.name, blob)),
            Ok(None) => {}
            Err(error) => fail(state, &error),
        }
    }
    if !blobs.is_empty() {
        super::controller::restore_files(state, blobs);
    }
    state.saved.keep_files.set(record.keep_file_contents);
    state.saved.files_to_reload.set(restored.files_to_reload);
    state.saved.open.set(Some(key));
    remember_open(Some(key));
    let n_discrepancies = record.n_discrepancies.unwrap_or_default() as f64;
    super::timing::mark(
        "cuadra:restaurado",
        &[
            ("read_ms", read_ms),
            ("total_ms", page_ms() - started),
            ("discrepancies", n_discrepancies),
        ],
    );
}

/// The files the document used, with their sizes from the `Blob`s still on the page.
fn stored_files(state: AppState, document: &ResultDocument) -> Vec<StoredFile> {
    let sizes = state.session.with_untracked(|session| {
        session
            .files
            .iter()
            .map(|(slot, file)| (*slot, file.source))
            .collect::<Vec<_>>()
    });
    let size_of = |slot| {
        let source = sizes.iter().find(|(s, _)| *s == slot)?.1;
        state
            .wiring
            .try_with_value(|wiring| wiring.blobs.get(source).map(|blob| blob.size() as u64))
            .flatten()
    };
    document
        .inputs
        .iter()
        .map(|input| StoredFile {
            slot: input.slot,
            name: input.file_name.clone(),
            sha256: input.sha256.clone(),
            size: size_of(input.slot).unwrap_or(0),
            content_kept: false,
        })
        .collect()
}

/// The record a write of `key` is based on: the one this instance holds, else the stored
/// one (a closing opened again from its files), else a new one.
async fn base_record(
    state: AppState,
    storage: &Storage,
    key: ClosingKey,
) -> Result<ClosingRecord, StorageError> {
    let held = state
        .saved
        .keeper
        .try_with_value(|keeper| keeper.record.clone().filter(|record| record.key == key))
        .flatten();
    if let Some(record) = held {
        return Ok(record);
    }
    let stored = storage.list_closings().await?;
    let settings = state
        .session
        .with_untracked(|session| session.settings.clone());
    Ok(stored
        .into_iter()
        .find(|record| record.key == key)
        .unwrap_or_else(|| ClosingRecord::new(key, settings, now_ms())))
}

/// A run finished and its result is on screen: stores the closing with the result, the
/// attempt, its audit log and the monitor's totals, after the browser rendered the result
/// (serialising 100,000 discrepancies takes a while).
pub fn run_finished(state: AppState) {
    enqueue(state, move |storage| async move {
        after_next_paint().await;
        let started = page_ms();
        let Some((document, changes, run)) = state
            .session
            .try_with_untracked(|session| {
                Some((
                    session.result.clone()?,
                    session.changes.clone(),
                    session.run.clone()?,
                ))
            })
            .flatten()
        else {
            return;
        };
        let Some(key) = key_of(&document.closing) else {
            return;
        };
        let mut record = match base_record(state, &storage, key).await {
            Ok(record) => record,
            Err(error) => return fail(state, &error),
        };
        let mut files = stored_files(state, &document);
        if record.keep_file_contents {
            keep_contents(state, &storage, key, &mut files).await;
        }
        record.take_result_facts(&document);
        record.settings = state
            .session
            .with_untracked(|session| session.settings.clone());
        record.files = files.clone();
        record.updated_at_ms = now_ms();
        record.filters = current_filters(state).unwrap_or(record.filters);
        let run_record = run_record(key, &run, &document, &files);
        let known_mapping = document.settings.mapping.clone();
        let n_discrepancies = document.discrepancies.len() as f64;
        let cloned_ms = page_ms() - started;
        let Some(result) = result_write(state, &storage, StoredResult { document, changes }).await
        else {
            return;
        };
        match storage.save_closing(record, result).await {
            Ok(saved) => {
                super::timing::mark(
                    "cuadra:guardado",
                    &[
                        ("clone_ms", cloned_ms),
                        ("save_ms", page_ms() - started - cloned_ms),
                        ("bytes", saved.result_bytes.unwrap_or_default() as f64),
                        ("discrepancies", n_discrepancies),
                    ],
                );
                state.saved.keep_files.set(saved.record.keep_file_contents);
                state.saved.keeper.update_value(|keeper| {
                    keeper.record = Some(saved.record);
                });
                state.saved.open.set(Some(key));
                state.saved.files_to_reload.set(Vec::new());
                remember_open(Some(key));
            }
            Err(error) => fail(state, &error),
        }
        if let Err(error) = storage.record_run(run_record).await {
            fail(state, &error);
        }
        super::proposals::remember_client(state, &storage, key, Some(known_mapping)).await;
        state.saved.runs_recorded.update(|n| *n += 1);
        refresh_closings(state, &storage).await;
    });
}

/// Stores the contents of the files on the page for `key` and marks those kept.
async fn keep_contents(
    state: AppState,
    storage: &Storage,
    key: ClosingKey,
    files: &mut [StoredFile],
) {
    for file in files.iter_mut() {
        let blob = state.session.with_untracked(|session| {
            let source = session
                .files
                .get(&file.slot)
                .filter(|loaded| loaded.name == file.name)?
                .source;
            state
                .wiring
                .try_with_value(|wiring| wiring.blobs.get(source).cloned())
                .flatten()
        });
        let Some(blob) = blob else { continue };
        match storage.put_file(key, file.slot, blob).await {
            Ok(()) => file.content_kept = true,
            Err(error) => return fail(state, &error),
        }
    }
}

/// The user opted in or out of keeping the open closing's file contents.
pub fn set_keep_files(state: AppState, keep: bool) {
    state.saved.keep_files.set(keep);
    enqueue(state, move |storage| async move {
        let Some(mut record) = state
            .saved
            .keeper
            .try_with_value(|keeper| keeper.record.clone())
            .flatten()
        else {
            return;
        };
        let key = record.key;
        record.keep_file_contents = keep;
        if keep {
            keep_contents(state, &storage, key, &mut record.files).await;
        } else {
            if let Err(error) = storage.forget_files(key).await {
                return fail(state, &error);
            }
            for file in &mut record.files {
                file.content_kept = false;
            }
        }
        record.updated_at_ms = now_ms();
        match storage.save_closing(record, ResultWrite::Keep).await {
            Ok(saved) => state.saved.keeper.update_value(|keeper| {
                keeper.record = Some(saved.record);
            }),
            Err(error) => fail(state, &error),
        }
    });
}

/// The attempt, audit log and worker outcomes of a finished run.
fn run_record(
    key: ClosingKey,
    run: &crate::session::RunTracker,
    document: &ResultDocument,
    files: &[StoredFile],
) -> RunRecord {
    let perf_now = window()
        .performance()
        .map(|performance| performance.now())
        .unwrap_or_default();
    let now = now_ms();
    // The run's clock is the page's (`performance.now()`); the log's is the wall clock.
    let wall = |page_ms: f64| now - (perf_now - page_ms);
    let started = wall(run.started_ms);
    let duration = run
        .workers
        .iter()
        .filter_map(|worker| worker.elapsed_ms)
        .fold(0.0, f64::max);
    let mut trail = AuditTrail::default();
    trail.record_start(
        started,
        files,
        &document.settings,
        &document.settings.mapping,
    );
    let mut outcomes = Vec::new();
    for worker in &run.workers {
        let elapsed = worker.elapsed_ms.unwrap_or_default();
        trail.push(
            started,
            AuditEvent::WorkerStarted {
                group: worker.group,
            },
        );
        let event = match &worker.outcome {
            Some(Ok(group_run)) => AuditEvent::WorkerFinished {
                group: worker.group,
                rows_read: group_run.rows_read,
                n_discrepancies: count_of(document, worker.group),
                duration_ms: elapsed,
            },
            Some(Err(error)) => AuditEvent::WorkerFailed {
                group: worker.group,
                error: error.clone(),
                duration_ms: elapsed,
            },
            None => continue,
        };
        trail.push(started + elapsed, event);
        outcomes.push(WorkerRunOutcome {
            group: worker.group,
            succeeded: matches!(worker.outcome, Some(Ok(_))),
            duration_ms: elapsed,
        });
    }
    trail.record_end(started + duration, document);
    RunRecord {
        attempt: AttemptRecord::of_result(key, started, duration, document),
        audit: trail.lines,
        workers: outcomes,
    }
}

fn count_of(document: &ResultDocument, group: Group) -> usize {
    document
        .summary
        .by_group
        .get(&group)
        .copied()
        .unwrap_or_default()
}

/// The user set an estado or note on discrepancy `idx`: a few bytes for the open closing.
pub fn decision_made(state: AppState, idx: usize) {
    let Some(Some((key, decision))) = state.session.try_with_untracked(|session| {
        let document = session.result.as_ref()?;
        Some((
            key_of(&document.closing)?,
            StoredDecision::of(document, idx, now_ms())?,
        ))
    }) else {
        return;
    };
    enqueue(state, move |storage| async move {
        let stored = state
            .saved
            .keeper
            .try_with_value(|keeper| keeper.record.as_ref().is_some_and(|r| r.key == key))
            .unwrap_or(false);
        // A result not stored (yet, or at all) has nowhere to keep the decision.
        if !stored {
            return;
        }
        if let Err(error) = storage.save_decision(key, decision).await {
            fail(state, &error);
        }
    });
}

/// Follows the result view's filters and sort: restored into it, stored when changed.
pub fn follow_filters(state: AppState, ui: ResultsUi) {
    state
        .saved
        .keeper
        .update_value(|keeper| keeper.results_ui = Some(ui));
    Effect::new(move |_| {
        let mut filters = to_list_filters(&ui.filter.get(), ui.sort.get());
        filters.change = state.saved.change_filter.get();
        save_filters(state, filters);
    });
}

fn current_filters(state: AppState) -> Option<ListFilters> {
    let ui = state
        .saved
        .keeper
        .try_with_value(|keeper| keeper.results_ui)
        .flatten()?;
    let mut filters = to_list_filters(&ui.filter.get_untracked(), ui.sort.get_untracked());
    filters.change = state.saved.change_filter.get_untracked();
    Some(filters)
}

/// Stores the open closing's filters when they differ from what is stored.
fn save_filters(state: AppState, filters: ListFilters) {
    enqueue(state, move |storage| async move {
        let Some(mut record) = state
            .saved
            .keeper
            .try_with_value(|keeper| keeper.record.clone())
            .flatten()
            .filter(|record| record.filters != filters)
        else {
            return;
        };
        record.filters = filters;
        record.updated_at_ms = now_ms();
        match storage.save_closing(record, ResultWrite::Keep).await {
            Ok(saved) => state.saved.keeper.update_value(|keeper| {
                keeper.record = Some(saved.record);
            }),
            Err(error) => fail(state, &error),
        }
    });
}

fn column_id(column: Column) -> String {
    format!("{column:?}")
}

fn to_list_filters(filter: &Filter, sort: Option<Sort>) -> ListFilters {
    ListFilters {
        group: filter.group,
        kind: filter.kind,
        status: filter.status,
        text: filter.text.clone(),
        change: None,
        sort: sort.map(|sort| StoredSort {
            column: column_id(sort.column),
            descending: sort.direction == Direction::Descending,
        }),
    }
}

fn from_list_filters(filters: &ListFilters) -> (Filter, Option<Sort>) {
    let filter = Filter {
        group: filters.group,
        kind: filters.kind,
        status: filters.status,
        text: filters.text.clone(),
    };
    let sort = filters.sort.as_ref().and_then(|stored| {
        let column = Column::ALL
            .into_iter()
            .find(|column| column_id(*column) == stored.column)?;
        let direction = if stored.descending {
            Direction::Descending
        } else {
            Direction::Ascending
        };
        Some(Sort { column, direction })
    });
    (filter, sort)
}

/// The user chose another stored closing in the panel.
pub fn switch_to(state: AppState, key: ClosingKey) {
    enqueue(state, move |storage| async move {
        restore(state, &storage, key).await;
    });
}

/// Deletes a stored closing (the user confirmed). The screen keeps what it shows.
pub fn delete(state: AppState, key: ClosingKey) {
    enqueue(state, move |storage| async move {
        if let Err(error) = storage.delete_closing(key).await {
            return fail(state, &error);
        }
        let was_open = state
            .saved
            .keeper
            .try_update_value(|keeper| {
                let open = keeper.record.as_ref().is_some_and(|r| r.key == key);
                if open {
                    keeper.record = None;
                }
                open
            })
            .unwrap_or(false);
        if was_open {
            state.saved.keep_files.set(false);
            state.saved.open.set(None);
            remember_open(None);
        }
        refresh_closings(state, &storage).await;
    });
}

/// "Borrar todo" (the user confirmed): Cuadra's database and the tab's open closing go;
/// what is on screen stays, and is stored again only by the next run.
pub fn erase_everything(state: AppState) {
    enqueue(state, move |storage| async move {
        if let Err(error) = storage.erase_everything().await {
            return fail(state, &error);
        }
        state
            .saved
            .keeper
            .update_value(|keeper| keeper.record = None);
        remember_open(None);
        state.saved.open.set(None);
        state.saved.keep_files.set(false);
        state.saved.files_to_reload.set(Vec::new());
        state.saved.closings.set(Vec::new());
        state.saved.runs_recorded.update(|n| *n += 1);
        state.saved.notice.set(Some(StorageNotice {
            message: ui_text::ERASED.to_string(),
            in_memory_only: false,
        }));
    });
}

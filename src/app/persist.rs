//! What an instance keeps in this browser, and the one place the page talks to `storage`:
//! the store is opened at mount (`open`), the open closing restored, and the controller and
//! the components call the hooks here when a result is set, a decision applied, the list
//! filtered or a closing switched, deleted or everything erased.
//!
//! Writes go through one queue per instance, in the order they were asked: a decision made
//! while the run's result is still being written lands after it, never before (the result
//! write drops the closing's stored decisions). A failed write changes nothing on screen:
//! the session stays the truth, and the failure is a notice.

use std::rc::Rc;

use cuadra_core::document::{ClosingInfo, ResultDocument};
use leptos::prelude::*;

use super::run_log::run_record;
use super::saved::{
    from_list_filters, key_of, remember_open, remembered_open, to_list_filters, ListChoices,
};
use super::state::{AppState, ResultsUi};
use super::store_queue::{after_next_paint, drain, enqueue, fail, next_task, now_ms, page_ms};
use crate::session::Session;
use crate::storage::{
    ClosingKey, ClosingRecord, ListFilters, ResultWrite, Storage, StorageError, StorageNotice,
    StoredDecision, StoredFile, StoredResult,
};
use crate::ui_text;

/// Discrepancies serialised per task while storing a result: ~2.5 MB of JSON, a few tens
/// of milliseconds, so the page answers input between parts.
const DISCREPANCIES_PER_PART: usize = 5_000;

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
        if let Some(key) = key.filter(|_| untouched(state)) {
            restore(state, &storage, key, Over::UntouchedOnly).await;
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

/// Whether the user has put nothing on screen yet: no file, no run, no result.
fn untouched(state: AppState) -> bool {
    state
        .session
        .try_with_untracked(|session| {
            session.result().is_none() && session.files.is_empty() && session.run.is_none()
        })
        .unwrap_or(false)
}

/// What a restore may replace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Over {
    /// Opening at mount: only a page the user has not touched. Reading the closing takes a
    /// while, and a file the user drops meanwhile must not be cleared by it.
    UntouchedOnly,
    /// The user chose the closing: it replaces what is on screen.
    Anything,
}

/// Shows a stored closing: its result with estados and notes, settings, filters.
async fn restore(state: AppState, storage: &Storage, key: ClosingKey, over: Over) {
    let started = page_ms();
    let restored = match storage.restore_closing(key).await {
        Ok(Some(restored)) => restored,
        Ok(None) => return,
        Err(error) => return fail(state, &error),
    };
    if !state.is_live() || (over == Over::UntouchedOnly && !untouched(state)) {
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

/// Stores each run of this instance once both workers answered and it was consolidated.
pub fn follow_runs(state: AppState) {
    let finished = Memo::new(move |_| state.session.with(Session::finished_run));
    Effect::new(move |_| {
        if finished.get().is_some() {
            run_finished(state);
        }
    });
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
                    session.result()?.clone(),
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

/// Writes the open closing's changed record, dated now, its stored result left as it is,
/// and keeps what was written as the instance's record.
async fn save_record(state: AppState, storage: &Storage, mut record: ClosingRecord) {
    record.updated_at_ms = now_ms();
    match storage.save_closing(record, ResultWrite::Keep).await {
        Ok(saved) => state.saved.keeper.update_value(|keeper| {
            keeper.record = Some(saved.record);
        }),
        Err(error) => fail(state, &error),
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
        save_record(state, &storage, record).await;
    });
}

/// The user set an estado or note on discrepancy `idx`: a few bytes for the open closing.
pub fn decision_made(state: AppState, idx: usize) {
    decisions_made(state, vec![idx]);
}

/// The user changed the estados or notes of `indices` at once (a bulk estado, an undo):
/// one queued task that stores each of them.
pub fn decisions_made(state: AppState, indices: Vec<usize>) {
    let Some(Some((key, decisions))) = state.session.try_with_untracked(|session| {
        let document = session.result()?;
        let now = now_ms();
        let decisions: Vec<StoredDecision> = indices
            .iter()
            .filter_map(|idx| StoredDecision::of(document, *idx, now))
            .collect();
        Some((key_of(&document.closing)?, decisions))
    }) else {
        return;
    };
    if decisions.is_empty() {
        return;
    }
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
        for decision in decisions {
            if let Err(error) = storage.save_decision(key, decision).await {
                return fail(state, &error);
            }
        }
    });
}

/// Follows the result view's filters and sort: restored into it, stored when changed.
pub fn follow_filters(state: AppState, ui: ResultsUi) {
    let choices = ListChoices {
        filter: ui.filter,
        sort: ui.sort,
        open_rut: ui.open_rut,
    };
    state
        .saved
        .keeper
        .update_value(|keeper| keeper.results_ui = Some(choices));
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
        save_record(state, &storage, record).await;
    });
}
/// The user chose another stored closing in the panel.
pub fn switch_to(state: AppState, key: ClosingKey) {
    enqueue(state, move |storage| async move {
        restore(state, &storage, key, Over::Anything).await;
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

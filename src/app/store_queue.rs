//! The instance's storage queue: every storage job runs after the ones asked before it
//! (see `persist`), a failure becomes the notice, and the waits that let the browser paint
//! and answer input between long steps.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::saved::Job;
use super::state::AppState;
use crate::storage::{Storage, StorageError, StorageNotice};
use crate::ui_text;

pub(super) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The page's clock, for the benchmark's marks.
pub(super) fn page_ms() -> f64 {
    window()
        .performance()
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// Lets the browser run its other tasks (input, paint) before the next part of a long step.
pub(super) async fn next_task() {
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

/// Waits until the browser painted what was just set (the result), before a long step: a
/// timer started in an animation frame runs after that frame's paint. A hidden tab paints
/// no frames, so a plain timer ends the wait there too.
pub(super) async fn after_next_paint() {
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
pub(super) async fn drain(state: AppState) {
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

//! Yielding the page's thread between pieces of long work, so no single task holds it for
//! long: the browser paints and handles input in between (BENCHMARKS.md, main-thread
//! budget).

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Resolves in a later task of the event loop: a zero-delay timer, which every browser
/// has (`scheduler.yield` would keep the task's priority, but not every browser has it).
/// A promise would not do: its continuation runs in the same task, as a microtask.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            // If the timer cannot be set, resolve now: the work runs without yielding.
            if window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .is_ok()
            {
                return;
            }
        }
        let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
    });
    // The promise only ever resolves.
    let _ = JsFuture::from(promise).await;
}

/// Renders its children one task after it is itself rendered, so that a costly first build
/// (the mapping editor's 1,300 elements, the discrepancy list) is a task of its own rather
/// than part of the task that decided to show it. Later updates are not delayed: once
/// built, the children react as any view does.
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        next_task().await;
        // Unmounted meanwhile: the signal is gone and there is nothing to render.
        ready.try_set(true);
    });
    move || ready.get().then(|| children())
}

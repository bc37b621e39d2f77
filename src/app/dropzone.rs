//! Loading all files at once: a drop zone with a multi-file input, the demo closing, and
//! the dropped files that matched no slot, each with a way to choose its slot.

use std::time::Duration;

use cuadra_core::Slot;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use super::controller;
use super::state::AppState;
use crate::ui_text;

/// The slot whose id is `value` (the `<select>` option values).
pub(super) fn slot_from_id(value: &str) -> Option<Slot> {
    Slot::ALL.into_iter().find(|slot| slot.id() == value)
}

/// The files of a list (a drop's or a file input's), as owned handles.
fn files_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|idx| list.get(idx)).collect()
}

/// The files chosen in a file input's `change`. The input is cleared afterwards, so that
/// choosing the same file again (after removing it) fires `change` again.
pub(super) fn take_chosen_files(event: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| files_of(&list))
        .unwrap_or_default();
    input.set_value("");
    files
}

/// The slot chosen in a "which slot" `<select>`'s `change`. The select goes back to its
/// placeholder, as the page may reuse the element for another file.
pub(super) fn take_chosen_slot(event: &web_sys::Event) -> Option<Slot> {
    let select = event.target()?.dyn_into::<HtmlSelectElement>().ok()?;
    let slot = slot_from_id(&select.value());
    select.set_value("");
    slot
}

/// Hands the files to the controller as one batch, so two files for the same slot in one
/// drop are noticed.
fn read_batch(state: AppState, files: Vec<web_sys::File>) {
    let named = files
        .into_iter()
        .map(|file| (file.name(), web_sys::Blob::from(file)))
        .collect();
    controller::load_batch(state, named);
}

#[component]
pub fn DropZone() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dragging = RwSignal::new(false);
    let demo_busy = RwSignal::new(false);
    // A file dropped beside the zone must not make the browser leave the page.
    let guard = |event: web_sys::DragEvent| {
        if !event.default_prevented() {
            event.prevent_default();
        }
    };
    let guards = [
        window_event_listener(leptos::ev::dragover, guard),
        window_event_listener(leptos::ev::drop, guard),
    ];
    // Removed when the instance unmounts: the window outlives it.
    on_cleanup(move || guards.into_iter().for_each(|guard| guard.remove()));
    let on_drop = move |event: web_sys::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        if let Some(files) = event.data_transfer().and_then(|transfer| transfer.files()) {
            read_batch(state, files_of(&files));
        }
    };
    let on_dragover = move |event: web_sys::DragEvent| {
        event.prevent_default();
        if let Some(transfer) = event.data_transfer() {
            transfer.set_drop_effect("copy");
        }
        dragging.set(true);
    };
    let on_change = move |event: web_sys::Event| read_batch(state, take_chosen_files(&event));
    let on_demo = move |_| {
        demo_busy.set(true);
        // Let the page paint the busy button before generating on this thread.
        set_timeout(
            move || {
                // The instance may have been unmounted meanwhile.
                if state.is_live() {
                    controller::load_demo(state);
                    demo_busy.set(false);
                }
            },
            Duration::from_millis(20),
        );
    };
    view! {
        <div
            class="dropzone"
            class:dragging=move || dragging.get()
            data-testid="zona-carga"
            on:dragover=on_dragover
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <p class="dropzone-title">{ui_text::DROP_ZONE_TITLE}</p>
            <p class="meta">{ui_text::DROP_ZONE_HELP}</p>
            <div class="dropzone-actions">
                <label for="archivos-varios">{ui_text::LOAD_MANY}</label>
                <input
                    id="archivos-varios"
                    type="file"
                    multiple
                    accept=".xlsx,.xlsm,.xls,.ods,.csv"
                    on:change=on_change
                />
                <button type="button" class="secondary" disabled=move || demo_busy.get() on:click=on_demo>
                    {ui_text::DEMO_BUTTON}
                </button>
                <span class="meta">{ui_text::DEMO_HELP}</span>
            </div>
        </div>
        <UnplacedFiles/>
    }
}

#[component]
fn UnplacedFiles() -> impl IntoView {
    let state = expect_context::<AppState>();
    let unplaced = Memo::new(move |_| {
        state.session.with(|session| {
            session
                .unplaced
                .iter()
                .map(|file| (file.unplaced_id, file.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let files = unplaced.get();
        (!files.is_empty()).then(|| {
            view! {
                <div class="card unplaced" role="region" aria-labelledby="sin-casilla-titulo" data-testid="sin-casilla">
                    <h3 id="sin-casilla-titulo">{ui_text::UNPLACED_HEADING}</h3>
                    <p class="meta">{ui_text::UNPLACED_HELP}</p>
                    <ul>
                        {files.into_iter().map(|(unplaced_id, name)| {
                            let on_choose = move |event: web_sys::Event| {
                                if let Some(slot) = take_chosen_slot(&event) {
                                    controller::place_unplaced(state, unplaced_id, slot);
                                }
                            };
                            view! {
                                <li>
                                    <strong>{name.clone()}</strong>
                                    " "
                                    <select aria-label=ui_text::choose_slot_label(&name) on:change=on_choose>
                                        <option value="" selected>{ui_text::CHOOSE_SLOT}</option>
                                        {Slot::ALL.into_iter().map(|slot| view! {
                                            <option value=slot.id()>{slot.label()}</option>
                                        }).collect_view()}
                                    </select>
                                    " "
                                    <button
                                        type="button"
                                        class="secondary"
                                        on:click=move |_| controller::discard_unplaced(state, unplaced_id)
                                    >
                                        {ui_text::DISCARD_FILE}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

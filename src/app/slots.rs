//! The six upload slots: a labelled file input each, and what was read from the file.

use cuadra_core::{InputWarning, Slot};
use leptos::prelude::*;

use super::controller;
use super::dropzone::{take_chosen_files, take_chosen_slot};
use super::state::{depend_on, AppState};
use crate::session::{Inspection, LoadedFile};
use crate::ui_text;

#[component]
pub fn SlotsPanel() -> impl IntoView {
    view! {
        <section aria-labelledby="archivos-titulo">
            <h2 id="archivos-titulo">{ui_text::FILES_HEADING}</h2>
            <div class="slots">
                {Slot::ALL.into_iter().map(|slot| view! { <SlotCard input_slot=slot/> }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn SlotCard(input_slot: Slot) -> impl IntoView {
    let state = expect_context::<AppState>();
    let slot = input_slot;
    let input_id = format!("archivo-{}", slot.id());
    let help_id = format!("ayuda-{}", slot.id());
    // The file's details are built again only when the slot shows another file or its
    // reading ended, never for a change elsewhere in the session.
    let key = Memo::new(move |_| state.session.with(|session| session.slot_key(slot)));
    let on_change = move |event: web_sys::Event| {
        // Handed over unread: the slot's worker reads the file.
        if let Some(file) = take_chosen_files(&event).into_iter().next() {
            controller::load_file(state, slot, file);
        }
    };
    view! {
        <div class="slot" data-testid=format!("slot-{}", slot.id())>
            <label for=input_id.clone()>{slot.label()}</label>
            <input
                id=input_id
                type="file"
                accept=".xlsx,.xlsm,.xls,.ods,.csv"
                aria-describedby=help_id.clone()
                on:change=on_change
            />
            <p class="meta" id=help_id>{ui_text::slot_help(slot)}</p>
            {move || {
                depend_on(key);
                state.count(|counts| &mut counts.slot_builds);
                match state.session.with_untracked(|session| session.files.get(&slot).cloned()) {
                    None => view! { <p class="meta">{ui_text::NOT_LOADED}</p> }.into_any(),
                    Some(file) => view! { <LoadedFileView input_slot=slot file=file/> }.into_any(),
                }
            }}
        </div>
    }
}

#[component]
fn LoadedFileView(input_slot: Slot, file: LoadedFile) -> impl IntoView {
    let state = expect_context::<AppState>();
    let slot = input_slot;
    let details = match &file.inspection {
        Inspection::Reading => view! { <p class="meta">{ui_text::READING}</p> }.into_any(),
        Inspection::Failed(error) => {
            view! { <p class="error" role="alert">{error.clone()}</p> }.into_any()
        }
        Inspection::Read(inspected) => {
            let summary = &inspected.summary;
            let facts = ui_text::file_facts(
                &summary.sheets,
                summary.n_rows,
                summary.n_rows_skipped,
                inspected.period,
                inspected.company_rut,
            );
            let name_warning = summary.name_warning.clone();
            let notes = summary.notes.clone();
            let warnings = summary.warnings.clone();
            view! {
                <p class="meta" data-testid=format!("resumen-{}", slot.id())>{facts}</p>
                <OtherClosingWarning input_slot=slot/>
                {name_warning.map(|warning| view! { <p class="meta">{warning}</p> })}
                {(!notes.is_empty()).then(|| view! { <p class="meta">{notes.join(" ")}</p> })}
                <WarningList warnings=warnings/>
            }
            .into_any()
        }
    };
    view! {
        <p class="meta file-name">
            <strong data-testid=format!("archivo-cargado-{}", slot.id())>{file.name.clone()}</strong>
        </p>
        <div class="file-actions">
            <button type="button" class="secondary" on:click=move |_| controller::remove_file(state, slot)>
                {ui_text::REMOVE_FILE}
            </button>
            <MoveFileSelect input_slot=slot/>
        </div>
        {details}
    }
}

/// "Mover a…": puts the slot's file in another slot (swapping with a file already there).
#[component]
fn MoveFileSelect(input_slot: Slot) -> impl IntoView {
    let state = expect_context::<AppState>();
    let from = input_slot;
    let on_change = move |event: web_sys::Event| {
        if let Some(to) = take_chosen_slot(&event) {
            controller::move_file(state, from, to);
        }
    };
    view! {
        <select class="move" aria-label=ui_text::move_label(from) on:change=on_change>
            <option value="" selected>{ui_text::MOVE_TO}</option>
            {Slot::ALL
                .into_iter()
                .filter(|slot| *slot != from)
                .map(|slot| view! { <option value=slot.id()>{slot.label()}</option> })
                .collect_view()}
        </select>
    }
}

#[component]
fn WarningList(warnings: Vec<InputWarning>) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        let count = warnings.len();
        view! {
            <details>
                <summary>{format!("{} advertencias", ui_text::count(count as u64))}</summary>
                <ul class="warnings">
                    {warnings
                        .into_iter()
                        .take(200)
                        .map(|warning| {
                            let place = match &warning.column {
                                Some(column) => format!("{} fila {}, columna «{column}»", warning.sheet, warning.row_number),
                                None => format!("{} fila {}", warning.sheet, warning.row_number),
                            };
                            let text = warning.text.map(|text| format!(" («{text}»)")).unwrap_or_default();
                            view! { <li>{format!("{place}: {}{text}", warning.message)}</li> }
                        })
                        .collect_view()}
                </ul>
            </details>
        }
    })
}

/// A file that names another period or client than the other files: said on its slot, with
/// the button that accepts it (until then the run waits).
#[component]
fn OtherClosingWarning(input_slot: Slot) -> impl IntoView {
    let state = expect_context::<AppState>();
    let slot = input_slot;
    let flagged = Memo::new(move |_| {
        state.session.with(|session| {
            let closing = session.files_closing();
            session
                .other_closing_files()
                .into_iter()
                .find(|(other, _)| other.slot == slot)
                .map(|(other, accepted)| {
                    (
                        ui_text::other_closing_warning(&other, &closing, accepted),
                        accepted,
                    )
                })
        })
    });
    move || {
        flagged.get().map(|(text, accepted)| {
            view! {
                <div class="otro-cierre" role="status" data-testid=format!("otro-cierre-{}", slot.id())
                    data-aceptado=if accepted { "true" } else { "false" }>
                    <p>{text}</p>
                    {(!accepted).then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| controller::accept_other_closing(state, slot)>
                            {ui_text::accept_other_closing(slot)}
                        </button>
                    })}
                </div>
            }
        })
    }
}

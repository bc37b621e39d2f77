//! The list's actions on many rows at once: "Aplicar a los filtrados" sets one estado on
//! every discrepancy the active filters show (after a confirmation naming how many), and
//! "Deshacer" undoes the last change, single or bulk. Both go through the session
//! (`decide_all`, `undo`) and are stored like any decision, so the summary, the closing's
//! state and its `cuadra:estado` event follow.

use cuadra_core::DiscrepancyStatus;
use leptos::prelude::*;

use super::state::{AppState, ResultsUi};
use crate::results_view::visible_indices;
use crate::ui_text;

/// The indices the list shows now: its filters, its sort and the "what changed" filter,
/// exactly as the list computes them.
fn shown_indices(state: AppState, ui: ResultsUi) -> Vec<usize> {
    let (filter, sort) = (ui.filter.get_untracked(), ui.sort.get_untracked());
    let change = state.saved.change_filter.get_untracked();
    state.session.with_untracked(|session| {
        let mut indices = session
            .result()
            .map(|result| visible_indices(&result.discrepancies, &filter, sort))
            .unwrap_or_default();
        session.keep_change(&mut indices, change);
        indices
    })
}

/// A bulk estado waiting for the user's confirmation: the rows it will change, fixed when
/// the button was pressed.
#[derive(Clone)]
struct Pending {
    indices: Vec<usize>,
    status: DiscrepancyStatus,
}

#[component]
pub fn ListActions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ResultsUi>();
    let chosen = RwSignal::new(DiscrepancyStatus::Justified);
    let pending = RwSignal::new(None::<Pending>);
    let message = RwSignal::new(None::<String>);
    // Another filter shows other rows: a confirmation asked for the old ones is dropped.
    Effect::new(move |_| {
        ui.filter.track();
        state.saved.change_filter.track();
        state.document.track();
        pending.set(None);
    });
    let undoable = Memo::new(move |_| state.session.with(|session| session.undoable()));
    let on_status = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        if let Some(status) = DiscrepancyStatus::ALL
            .into_iter()
            .find(|status| status.id() == value)
        {
            chosen.set(status);
            pending.set(None);
        }
    };
    let ask = move |_| {
        let status = chosen.get_untracked();
        let indices = shown_indices(state, ui);
        message.set(None);
        if indices.is_empty() {
            message.set(Some(ui_text::BULK_NONE_SHOWN.to_string()));
            return;
        }
        pending.set(Some(Pending { indices, status }));
    };
    let confirm = move |_| {
        let Some(Pending { indices, status }) = pending.get_untracked() else {
            return;
        };
        pending.set(None);
        let mut changed = Vec::new();
        state.session.maybe_update(|session| {
            changed = session.decide_all(&indices, status);
            !changed.is_empty()
        });
        if changed.is_empty() {
            message.set(Some(ui_text::BULK_NOTHING.to_string()));
            return;
        }
        message.set(Some(ui_text::bulk_done(changed.len(), status.label())));
        super::persist::decisions_made(state, changed);
    };
    let undo = move |_| {
        let mut restored = Vec::new();
        state.session.maybe_update(|session| {
            restored = session.undo();
            !restored.is_empty()
        });
        if !restored.is_empty() {
            message.set(Some(ui_text::undone(restored.len())));
            super::persist::decisions_made(state, restored);
        }
    };
    let question = move || {
        pending.with(|pending| {
            pending
                .as_ref()
                .map(|p| ui_text::bulk_confirm(p.indices.len(), p.status.label()))
        })
    };
    view! {
        <div class="acciones-lista" data-testid="acciones-lista" role="group" aria-label=ui_text::BULK_APPLY>
            <div class="campo">
                <label for="estado-masivo">{ui_text::BULK_STATUS_LABEL}</label>
                <select id="estado-masivo" on:change=on_status prop:value=move || chosen.get().id()>
                    {DiscrepancyStatus::ALL.into_iter().map(|status| view! {
                        <option value=status.id() selected=move || chosen.get() == status>{status.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="secondary" data-testid="aplicar-filtrados" on:click=ask>{ui_text::BULK_APPLY}</button>
            <button type="button" class="secondary" data-testid="deshacer"
                disabled=move || undoable.get().is_none()
                aria-label=move || undoable.get().map(ui_text::undo_label)
                on:click=undo>{ui_text::UNDO}</button>
            {move || question().map(|question| view! {
                <div class="confirmacion" role="alertdialog" aria-labelledby="confirmacion-masiva" data-testid="confirmacion-masiva">
                    <p id="confirmacion-masiva">{question}</p>
                    <button type="button" data-testid="confirmar-masivo" on:click=confirm>{ui_text::BULK_CONFIRM}</button>
                    <button type="button" class="secondary" on:click=move |_| pending.set(None)>{ui_text::BULK_CANCEL}</button>
                </div>
            })}
            <p class="meta" role="status" data-testid="mensaje-lista">{move || message.get()}</p>
        </div>
    }
}

//! What changed since the closing's last run: a filter of the list by change (new, changed
//! value, unchanged) with each count, and the discrepancies that disappeared, which are not
//! in the new result and so are listed here instead.

use cuadra_core::run_diff::{RunChange, RunDiff};
use leptos::prelude::*;

use super::state::AppState;
use crate::ui_text;

/// The changes a list row can have (the disappeared ones are not rows).
const LIST_CHANGES: [RunChange; 3] = [
    RunChange::New,
    RunChange::ChangedValue,
    RunChange::Unchanged,
];

#[component]
pub fn ChangesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = state.saved.change_filter;
    // Counts only: the disappeared list is read when it is opened.
    let counts = Memo::new(move |_| {
        state.session.with(|session| {
            session
                .changes
                .as_ref()
                .map(|diff| RunChange::ALL.map(|change| diff.count(change)))
        })
    });
    let on_change = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        filter.set(
            RunChange::ALL
                .into_iter()
                .find(|change| change.id() == value),
        );
    };
    move || {
        let counts = counts.get()?;
        let n_of = move |change: RunChange| {
            RunChange::ALL
                .iter()
                .position(|c| *c == change)
                .map_or(0, |idx| counts[idx])
        };
        let n_disappeared = n_of(RunChange::Disappeared);
        let nothing =
            n_disappeared == 0 && n_of(RunChange::New) == 0 && n_of(RunChange::ChangedValue) == 0;
        Some(view! {
            <div class="cambios" data-testid="cambios" role="group" aria-labelledby="cambios-titulo">
                <h3 id="cambios-titulo">{ui_text::CHANGES_HEADING}</h3>
                {nothing.then(|| view! { <p class="reason">{ui_text::CHANGES_NONE}</p> })}
                <div class="campo">
                    <label for="filtro-cambio">{ui_text::CHANGES_FILTER}</label>
                    <select id="filtro-cambio" on:change=on_change
                        prop:value=move || filter.get().map_or("", RunChange::id)>
                        <option value="">{ui_text::CHANGES_ALL}</option>
                        {LIST_CHANGES.into_iter().map(|change| view! {
                            <option value=change.id() data-cantidad=n_of(change).to_string()
                                selected=move || filter.get() == Some(change)>
                                {ui_text::change_option(change.label(), n_of(change))}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <Disappeared n=n_disappeared/>
            </div>
        })
    }
}

/// The discrepancies of the last run that this one no longer finds.
#[component]
fn Disappeared(n: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let rows = move || {
        state.session.with_untracked(|session| {
            session
                .changes
                .as_ref()
                .map(|diff: &RunDiff| diff.disappeared.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <details class="desaparecidas" data-testid="desaparecidas" data-cantidad=n.to_string()
            on:toggle=move |_| open.set(true)>
            <summary>{ui_text::disappeared_summary(n)}</summary>
            {move || open.get().then(|| view! {
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{ui_text::COL_KIND}</th>
                            <th scope="col">{ui_text::COL_RUT}</th>
                            <th scope="col">{ui_text::COL_CONCEPT}</th>
                            <th scope="col">{ui_text::COL_STATUS}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows().into_iter().map(|d| view! {
                            <tr data-tipo=d.kind.id()>
                                <td>{d.kind.label()}</td>
                                <td>{d.rut.to_string()}</td>
                                <td>{d.concept.clone().unwrap_or_default()}</td>
                                <td>{d.status.label()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </details>
    }
}

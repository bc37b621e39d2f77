//! Reading one finding in full: the pane below the list that shows the selected
//! discrepancy's whole description, its values and the help on its type, and the help on a
//! type itself (a `<details>`, so it opens with Enter or Space and needs no script).
//!
//! The list's rows keep their fixed height (the window arithmetic depends on it), so a
//! long description is cut in its row and read here, wrapped.

use cuadra_core::DiscrepancyKind;
use leptos::prelude::*;

use super::state::{depend_on, AppState, ResultsUi};
use crate::results_view;
use crate::ui_text;

/// The help on `kind`: its explanation under a disclosure. `named` puts the type's label in
/// the disclosure's summary (the summary's per-type table); otherwise it reads "¿Qué
/// significa y qué hacer?" beside a label shown elsewhere.
#[component]
pub fn KindHelp(kind: DiscrepancyKind, #[prop(optional)] named: bool) -> impl IntoView {
    let summary = if named {
        kind.label()
    } else {
        ui_text::HELP_SUMMARY
    };
    view! {
        <details class="ayuda-tipo" data-testid="ayuda-tipo" data-tipo=kind.id()>
            <summary>{summary}</summary>
            <p>{kind.help()}</p>
        </details>
    }
}

/// What the pane shows of discrepancy `idx`.
#[derive(Debug, Clone, PartialEq)]
struct Detail {
    kind: DiscrepancyKind,
    employee: String,
    description: String,
    values: Vec<(&'static str, String)>,
    suggestion: String,
    /// `Libro de Remuneraciones · hoja Libro · fila 14`, one per side.
    sources: Vec<String>,
}

fn read(state: AppState, idx: usize) -> Option<Detail> {
    state.session.with_untracked(|session| {
        let d = session.result()?.discrepancies.get(idx)?;
        let values = [
            (ui_text::COL_CONCEPT, d.concept.clone().unwrap_or_default()),
            (ui_text::COL_SOURCE_VALUE, results_view::source_display(d)),
            (
                ui_text::COL_REPORTED_VALUE,
                results_view::reported_display(d),
            ),
            (ui_text::COL_DIFFERENCE, results_view::difference_display(d)),
            (
                ui_text::COL_EVENT_DATE,
                d.event_date.map(|date| date.es_cl()).unwrap_or_default(),
            ),
            (ui_text::COL_STATUS, d.status.label().to_string()),
            (ui_text::COL_NOTE, d.note.clone().unwrap_or_default()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
        let employee = if d.name.is_empty() {
            d.rut.to_string()
        } else {
            format!("{} · {}", d.rut, d.name)
        };
        Some(Detail {
            kind: d.kind,
            employee,
            description: d.description.clone(),
            values,
            suggestion: results_view::suggestion_display(d),
            sources: results_view::sources_display(d),
        })
    })
}

/// The pane below the list. A new document clears the choice: its index would name
/// another finding.
#[component]
pub fn FindingDetail() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ResultsUi>();
    Effect::new(move |previous: Option<u32>| {
        let document = state.document.get();
        if previous.is_some_and(|previous| previous != document) {
            ui.selected.set(None);
        }
        document
    });
    let detail = Memo::new(move |_| {
        let idx = ui.selected.get()?;
        depend_on(state.revision);
        read(state, idx)
    });
    view! {
        <section class="detalle" id="detalle-discrepancia" aria-labelledby="detalle-titulo" data-testid="detalle-discrepancia">
            <div class="detalle-cabecera">
                <h4 id="detalle-titulo">{ui_text::DETAIL_HEADING}</h4>
                <button type="button" class="secondary" hidden=move || detail.with(Option::is_none)
                    on:click=move |_| ui.selected.set(None)>{ui_text::DETAIL_CLOSE}</button>
            </div>
            // Polite: choosing a row with the keyboard reads its finding without moving focus
            // out of the list.
            <div aria-live="polite">
                {move || match detail.get() {
                    None => view! { <p class="reason">{ui_text::DETAIL_EMPTY}</p> }.into_any(),
                    Some(detail) => view! {
                        <p class="detalle-tipo" data-tipo=detail.kind.id()><strong>{detail.kind.label()}</strong></p>
                        <dl>
                            <dt>{ui_text::DETAIL_EMPLOYEE}</dt><dd>{detail.employee}</dd>
                            <dt>{ui_text::DETAIL_DESCRIPTION}</dt><dd data-testid="detalle-descripcion">{detail.description}</dd>
                            {detail.values.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
                            {(!detail.sources.is_empty()).then(|| view! {
                                <dt>{ui_text::DETAIL_SOURCES}</dt>
                                <dd><ul class="fuentes" data-testid="detalle-fuentes">
                                    {detail.sources.into_iter().map(|source| view! { <li>{source}</li> }).collect_view()}
                                </ul></dd>
                            })}
                        </dl>
                        {(!detail.suggestion.is_empty()).then(|| view! { <p class="sugerencia">{detail.suggestion}</p> })}
                        <KindHelp kind=detail.kind/>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}

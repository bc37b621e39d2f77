//! The discrepancy list: filters, sortable headers, and a virtualised table that renders
//! only the rows in view, so 100,000 discrepancies scroll smoothly. Each row lets the user
//! set its estado and a note.

use cuadra_core::{DiscrepancyKind, DiscrepancyStatus, Group};
use leptos::prelude::*;

use super::results::ResultsUi;
use super::AppState;
use crate::results_view::{self, row_window, visible_indices, Column, Filter, Sort};
use crate::ui_text;

/// Every row is this tall (CSS `.lista tr.fila` says the same), so positions are arithmetic.
const ROW_HEIGHT_PX: u32 = 48;
/// The scroll container's height before it is first measured (CSS `.lista-scroll`).
const DEFAULT_VIEWPORT_PX: f64 = 528.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no blank.
const OVERSCAN: usize = 8;

fn column_label(column: Column) -> &'static str {
    match column {
        Column::Kind => ui_text::COL_KIND,
        Column::Rut => ui_text::COL_RUT,
        Column::Name => ui_text::COL_NAME,
        Column::Concept => ui_text::COL_CONCEPT,
        Column::SourceValue => ui_text::COL_SOURCE_VALUE,
        Column::ReportedValue => ui_text::COL_REPORTED_VALUE,
        Column::Difference => ui_text::COL_DIFFERENCE,
        Column::EventDate => ui_text::COL_EVENT_DATE,
        Column::Status => ui_text::COL_STATUS,
    }
}

fn column_class(column: Column) -> &'static str {
    match column {
        Column::Kind => "c-tipo",
        Column::Rut => "c-rut",
        Column::Name => "c-nombre",
        Column::Concept => "c-concepto",
        Column::SourceValue | Column::ReportedValue => "c-valor num",
        Column::Difference => "c-diferencia num",
        Column::EventDate => "c-fecha",
        Column::Status => "c-estado",
    }
}

#[component]
pub fn DiscrepancyList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ResultsUi>();
    let indices = Memo::new(move |_| {
        let filter = ui.filter.get();
        let sort = ui.sort.get();
        state.session.with(|session| {
            session
                .result
                .as_ref()
                .map(|result| visible_indices(&result.discrepancies, &filter, sort))
                .unwrap_or_default()
        })
    });
    let total = move || {
        state.session.with(|session| {
            session
                .result
                .as_ref()
                .map_or(0, |result| result.discrepancies.len())
        })
    };
    // Identifies the result: row keys change when a new run replaces the document.
    let generation = move || {
        state
            .session
            .with(|session| session.run.as_ref().map_or(0, |run| run.run_id))
    };
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(DEFAULT_VIEWPORT_PX);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let window = Memo::new(move |_| {
        row_window(
            indices.with(Vec::len),
            scroll_top.get(),
            viewport.get(),
            ROW_HEIGHT_PX,
            OVERSCAN,
        )
    });
    let rows = move || {
        let window = window.get();
        let generation = generation();
        indices.with(|indices| {
            indices[window.range()]
                .iter()
                .map(|idx| (generation, *idx))
                .collect::<Vec<_>>()
        })
    };
    // A new filter or sort starts at the top of the list.
    // Only when the list was scrolled: setting `scrollTop` forces a synchronous layout,
    // which cost ~60 ms on the first render of a result (BENCHMARKS.md).
    Effect::new(move |_| {
        ui.filter.track();
        ui.sort.track();
        if scroll_top.get_untracked() != 0.0 {
            if let Some(element) = scroller.get_untracked() {
                element.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });
    let on_scroll = move |_| {
        if let Some(element) = scroller.get_untracked() {
            scroll_top.set(f64::from(element.scroll_top()));
            viewport.set(f64::from(element.client_height()));
        }
    };
    let n_shown = move || indices.with(Vec::len);
    view! {
        <section class="lista" aria-labelledby="lista-titulo">
            <h3 id="lista-titulo">{ui_text::LIST_HEADING}</h3>
            <Filters/>
            <p class="conteo" role="status" data-testid="conteo-filas" data-filas=move || n_shown().to_string()>
                {move || ui_text::rows_shown(n_shown(), total())}
            </p>
            <div class="lista-scroll" node_ref=scroller on:scroll=on_scroll tabindex="0" aria-labelledby="lista-titulo">
                <table data-testid="lista-discrepancias">
                    <thead>
                        <tr>
                            {Column::ALL.into_iter().map(|column| view! { <SortHeader column=column/> }).collect_view()}
                            <th scope="col" class="c-nota">{ui_text::COL_NOTE}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="espacio" aria-hidden="true" style:height=move || format!("{}px", window.get().space_above_px)>
                            <td colspan="10"></td>
                        </tr>
                        <For each=rows key=|key| *key children=move |(_, idx)| view! { <DiscrepancyRow idx=idx/> }/>
                        <tr class="espacio" aria-hidden="true" style:height=move || format!("{}px", window.get().space_below_px)>
                            <td colspan="10"></td>
                        </tr>
                    </tbody>
                </table>
                {move || (n_shown() == 0).then(|| view! { <p class="vacio">{ui_text::NO_DISCREPANCIES}</p> })}
            </div>
        </section>
    }
}

#[component]
fn SortHeader(column: Column) -> impl IntoView {
    let ui = expect_context::<ResultsUi>();
    let aria = move || Sort::aria_for(ui.sort.get(), column);
    let arrow = move || match aria() {
        "ascending" => "▲",
        "descending" => "▼",
        _ => "↕",
    };
    view! {
        <th scope="col" class=column_class(column) aria-sort=aria>
            <button type="button" class="orden" on:click=move |_| ui.sort.update(|sort| *sort = Sort::after_click(*sort, column))>
                {column_label(column)}
                <span class="flecha" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

#[component]
fn Filters() -> impl IntoView {
    let ui = expect_context::<ResultsUi>();
    let on_group = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        ui.filter.update(|filter| {
            filter.group = Group::ALL.into_iter().find(|group| group.id() == value);
            // A type of the other group would hide everything.
            if filter
                .kind
                .is_some_and(|kind| filter.group.is_some_and(|group| kind.group() != group))
            {
                filter.kind = None;
            }
        });
    };
    let on_kind = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        ui.filter
            .update(|filter| filter.kind = DiscrepancyKind::from_id(&value));
    };
    let on_status = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        ui.filter.update(|filter| {
            filter.status = DiscrepancyStatus::ALL
                .into_iter()
                .find(|status| status.id() == value);
        });
    };
    let on_text = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        ui.filter.update(|filter| filter.text = value);
    };
    let group_id = move || ui.filter.with(|filter| filter.group.map_or("", Group::id));
    let kind_id = move || {
        ui.filter
            .with(|filter| filter.kind.map_or("", DiscrepancyKind::id))
    };
    let status_id = move || {
        ui.filter
            .with(|filter| filter.status.map_or("", DiscrepancyStatus::id))
    };
    let kinds = move || {
        let group = ui.filter.with(|filter| filter.group);
        DiscrepancyKind::ALL
            .into_iter()
            .filter(move |kind| group.is_none_or(|group| kind.group() == group))
    };
    view! {
        <div class="filtros" role="search">
            <div class="campo">
                <label for="filtro-grupo">{ui_text::FILTER_GROUP}</label>
                <select id="filtro-grupo" on:change=on_group prop:value=group_id>
                    <option value="">{ui_text::FILTER_ALL}</option>
                    {Group::ALL.into_iter().map(|group| view! { <option value=group.id() selected=move || group_id() == group.id()>{group.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="campo">
                <label for="filtro-tipo">{ui_text::FILTER_KIND}</label>
                <select id="filtro-tipo" on:change=on_kind prop:value=kind_id>
                    <option value="">{ui_text::FILTER_ALL}</option>
                    {move || kinds().map(|kind| view! { <option value=kind.id() selected=move || kind_id() == kind.id()>{kind.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="campo">
                <label for="filtro-estado">{ui_text::FILTER_STATUS}</label>
                <select id="filtro-estado" on:change=on_status prop:value=status_id>
                    <option value="">{ui_text::FILTER_ALL}</option>
                    {DiscrepancyStatus::ALL.into_iter().map(|status| view! { <option value=status.id() selected=move || status_id() == status.id()>{status.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="campo texto">
                <label for="filtro-texto">{ui_text::FILTER_TEXT}</label>
                <input id="filtro-texto" type="search" on:input=on_text prop:value=move || ui.filter.with(|filter| filter.text.clone())/>
            </div>
            <button type="button" class="secondary" disabled=move || ui.filter.with(Filter::is_empty) on:click=move |_| ui.filter.set(Filter::default())>
                {ui_text::FILTER_CLEAR}
            </button>
        </div>
    }
}

/// What a row shows that does not change while the document stays the same.
struct RowData {
    kind: DiscrepancyKind,
    rut: cuadra_core::values::rut::Rut,
    name: String,
    description: String,
    concept: String,
    source: String,
    reported: String,
    difference: String,
    event_date: String,
}

/// Applies the user's estado or note to discrepancy `idx` of the current result.
pub(super) fn decide(
    state: AppState,
    idx: usize,
    status: Option<DiscrepancyStatus>,
    note: Option<String>,
) {
    state.session.update(|session| {
        if let Some(result) = session.result.as_mut() {
            results_view::decide(result, idx, status, note.as_deref());
        }
    });
}

#[component]
fn DiscrepancyRow(idx: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ResultsUi>();
    let data = state.session.with_untracked(|session| {
        let discrepancy = session.result.as_ref()?.discrepancies.get(idx)?;
        Some(RowData {
            kind: discrepancy.kind,
            rut: discrepancy.rut,
            name: discrepancy.name.clone(),
            description: discrepancy.description.clone(),
            concept: discrepancy.concept.clone().unwrap_or_default(),
            source: results_view::source_display(discrepancy),
            reported: results_view::reported_display(discrepancy),
            difference: discrepancy
                .difference
                .as_deref()
                .map(results_view::display_difference)
                .unwrap_or_default(),
            event_date: discrepancy
                .event_date
                .map(|date| date.es_cl())
                .unwrap_or_default(),
        })
    });
    let decision = move || {
        state.session.with(|session| {
            session
                .result
                .as_ref()
                .and_then(|result| result.discrepancies.get(idx))
                .map(|discrepancy| (discrepancy.status, discrepancy.note.clone()))
        })
    };
    let status_id = move || decision().map_or("", |(status, _)| status.id());
    let note = move || decision().and_then(|(_, note)| note).unwrap_or_default();
    data.map(|data| {
        let rut = data.rut;
        let rut_text = rut.to_string();
        let kind_label = data.kind.label();
        let on_status = move |event: web_sys::Event| {
            let value = event_target_value(&event);
            if let Some(status) = DiscrepancyStatus::ALL
                .into_iter()
                .find(|status| status.id() == value)
            {
                decide(state, idx, Some(status), None);
            }
        };
        // The view macro builds children before attributes: titles get their own copies.
        let titles = (
            data.description.clone(),
            data.name.clone(),
            data.concept.clone(),
            data.source.clone(),
            data.reported.clone(),
        );
        let on_note = move |event: web_sys::Event| decide(state, idx, None, Some(event_target_value(&event)));
        view! {
            <tr class="fila" data-testid="fila-discrepancia" data-indice=idx.to_string() data-tipo=data.kind.id() data-estado=status_id>
                <td class="c-tipo" title=titles.0>
                    <span class="tipo">{kind_label}</span>
                    <span class="descripcion">{data.description}</span>
                </td>
                <td class="c-rut">
                    <button type="button" class="enlace" aria-label=ui_text::open_employee(&rut_text) on:click=move |_| ui.open_rut.set(Some(rut))>
                        {rut_text.clone()}
                    </button>
                </td>
                <td class="c-nombre" title=titles.1>{data.name}</td>
                <td class="c-concepto" title=titles.2>{data.concept}</td>
                <td class="c-valor num" title=titles.3>{data.source}</td>
                <td class="c-valor num" title=titles.4>{data.reported}</td>
                <td class="c-diferencia num">{data.difference}</td>
                <td class="c-fecha">{data.event_date}</td>
                <td class="c-estado">
                    <select aria-label=ui_text::status_select_label(&rut_text, kind_label) on:change=on_status prop:value=status_id>
                        {DiscrepancyStatus::ALL.into_iter().map(|status| view! {
                            <option value=status.id() selected=move || status_id() == status.id()>{status.label()}</option>
                        }).collect_view()}
                    </select>
                </td>
                <td class="c-nota">
                    <input type="text" aria-label=ui_text::note_label(&rut_text, kind_label) placeholder=ui_text::NOTE_PLACEHOLDER
                        prop:value=note on:change=on_note/>
                </td>
            </tr>
        }
    })
}

//! The discrepancy list: filters, sortable headers, and a virtualised table that renders
//! only the rows in view, so 100,000 discrepancies scroll smoothly. Each row lets the user
//! set its estado and a note.

use cuadra_core::{DiscrepancyKind, DiscrepancyStatus, Group};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{depend_on, AppState, ResultsUi};
use crate::results_view::{
    self, aria_row_count, row_window, visible_indices, Column, Filter, ListKey, Sort,
};
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
        Column::AbsDifference => ui_text::LARGEST_DIFFERENCE,
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
        Column::Difference | Column::AbsDifference => "c-diferencia num",
        Column::EventDate => "c-fecha",
        Column::Status => "c-estado",
    }
}

#[component]
pub fn DiscrepancyList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ResultsUi>();
    // Filtering and sorting 100,000 rows runs only when the list's key changes (a new
    // document, filter or sort, or an estado edit while estados are filtered or sorted);
    // the document is read untracked, so no other session change reaches it.
    let key = Memo::new(move |_| {
        let revision = state.revision.get();
        ListKey::new(
            revision.document,
            revision.statuses,
            &ui.filter.read(),
            ui.sort.get(),
        )
    });
    let indices = Memo::new(move |_| {
        depend_on(key);
        // The "what changed" filter: its own signal, read tracked.
        let change = state.saved.change_filter.get();
        state.count(|counts| &mut counts.list_filterings);
        let (filter, sort) = (ui.filter.get_untracked(), ui.sort.get_untracked());
        state.session.with_untracked(|session| {
            let mut indices = session
                .result()
                .map(|result| visible_indices(&result.discrepancies, &filter, sort))
                .unwrap_or_default();
            session.keep_change(&mut indices, change);
            indices
        })
    });
    let total = Memo::new(move |_| {
        depend_on(state.document);
        state.session.with_untracked(|session| {
            session
                .result()
                .map_or(0, |result| result.discrepancies.len())
        })
    });
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
    // One entry per row of the window; each row follows the discrepancy at its position.
    let slots = move || (0..window.get().range().len()).collect::<Vec<usize>>();
    let row_at = move |slot: usize| {
        Memo::new(move |_| {
            let start = window.get().range().start;
            indices.with(|indices| indices.get(start + slot).copied())
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
            let top = f64::from(element.scroll_top());
            let height = f64::from(element.client_height());
            let next = row_window(
                indices.with_untracked(Vec::len),
                top,
                height,
                ROW_HEIGHT_PX,
                OVERSCAN,
            );
            // Rows are about to show other discrepancies: an estado or note being edited is
            // committed first (blur fires its change event while its row still shows the
            // discrepancy it was typed for), so scrolling never loses what the user typed.
            if next.range().start != window.get_untracked().range().start {
                commit_focused_edit(&element);
            }
            scroll_top.set(top);
            viewport.set(height);
        }
    };
    let n_shown = move || indices.with(Vec::len);
    // Taller than the viewport: the scroll box gets a fixed height and strict containment.
    let long = move || n_shown() as f64 * f64::from(ROW_HEIGHT_PX) > DEFAULT_VIEWPORT_PX;
    view! {
        <section class="lista" aria-labelledby="lista-titulo">
            <h3 id="lista-titulo">{ui_text::LIST_HEADING}</h3>
            <Filters/>
            <super::workbench::ListActions/>
            <p class="conteo" role="status" data-testid="conteo-filas" data-filas=move || n_shown().to_string()>
                {move || ui_text::rows_shown(n_shown(), total.get())}
            </p>
            <div class="lista-scroll" class:larga=long node_ref=scroller on:scroll=on_scroll tabindex="0" role="region" aria-labelledby="lista-titulo">
                // Only a window of rows is in the DOM: the table says how many the list has,
                // and each row which one it is.
                <table data-testid="lista-discrepancias" aria-labelledby="lista-titulo" aria-rowcount=move || aria_row_count(n_shown()).to_string()>
                    <thead>
                        <tr aria-rowindex="1">
                            {Column::ALL.into_iter().map(|column| view! { <SortHeader column=column/> }).collect_view()}
                            <th scope="col" class="c-nota">{ui_text::COL_NOTE}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="espacio" aria-hidden="true" style:height=move || format!("{}px", window.get().space_above_px)>
                            <td colspan="10"></td>
                        </tr>
                        <For each=slots key=|slot| *slot children=move |slot| view! {
                            <DiscrepancyRow idx=row_at(slot) row_index=Memo::new(move |_| window.get().aria_row_index(slot))/>
                        }/>
                        <tr class="espacio" aria-hidden="true" style:height=move || format!("{}px", window.get().space_below_px)>
                            <td colspan="10"></td>
                        </tr>
                    </tbody>
                </table>
                {move || (n_shown() == 0).then(|| view! { <p class="vacio">{ui_text::NO_DISCREPANCIES}</p> })}
            </div>
            <super::finding_detail::FindingDetail/>
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
            <button type="button" class="secondary" data-testid="orden-mayor-diferencia"
                aria-pressed=move || (ui.sort.get() == Some(Sort::LARGEST_DIFFERENCE)).to_string()
                on:click=move |_| ui.sort.update(|sort| {
                    *sort = (*sort != Some(Sort::LARGEST_DIFFERENCE)).then_some(Sort::LARGEST_DIFFERENCE);
                })>
                {ui_text::LARGEST_DIFFERENCE}
            </button>
        </div>
    }
}

/// Blurs the focused control inside the list, if any, which commits its value. Inside a
/// shadow root (the embedded component) the document only knows the host as focused: ask
/// the list's own root.
fn commit_focused_edit(list: &web_sys::HtmlDivElement) {
    let root = list.get_root_node();
    let active = match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow_root) => shadow_root.active_element(),
        None => document().active_element(),
    };
    let Some(active) = active else {
        return;
    };
    if list.contains(Some(&active)) {
        if let Ok(control) = active.dyn_into::<web_sys::HtmlElement>() {
            let _ = control.blur();
        }
    }
}

/// What a row shows, read from discrepancy `idx` of the current result.
#[derive(Debug, Clone, PartialEq)]
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
    status: DiscrepancyStatus,
    note: String,
    /// "¿Quiso decir…?", or empty.
    suggestion: String,
}

impl RowData {
    fn read(session: &crate::session::Session, idx: usize) -> Option<RowData> {
        let discrepancy = session.result()?.discrepancies.get(idx)?;
        Some(RowData {
            kind: discrepancy.kind,
            rut: discrepancy.rut,
            name: discrepancy.name.clone(),
            description: discrepancy.description.clone(),
            concept: discrepancy.concept.clone().unwrap_or_default(),
            source: results_view::source_display(discrepancy),
            reported: results_view::reported_display(discrepancy),
            difference: results_view::difference_display(discrepancy),
            event_date: discrepancy
                .event_date
                .map(|date| date.es_cl())
                .unwrap_or_default(),
            status: discrepancy.status,
            note: discrepancy.note.clone().unwrap_or_default(),
            suggestion: results_view::suggestion_display(discrepancy),
        })
    }
}

/// Applies the user's estado or note to discrepancy `idx` of the current result.
pub(super) fn decide(
    state: AppState,
    idx: usize,
    status: Option<DiscrepancyStatus>,
    note: Option<String>,
) {
    // An unchanged value (a note blurred as it was) wakes nothing, and stores nothing.
    let mut decided = false;
    state.session.maybe_update(|session| {
        decided = session.decide(idx, status, note.as_deref()).anything();
        decided
    });
    if decided {
        super::persist::decision_made(state, idx);
    }
}

/// One row of the window. Rows are recycled: scrolling changes which discrepancy (`idx`) a
/// row shows, and only its texts and values are updated, never its elements rebuilt
/// (building ~28 rows with their controls on every frame cost ~60–100 ms per frame).
#[component]
fn DiscrepancyRow(idx: Memo<Option<usize>>, row_index: Memo<usize>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ResultsUi>();
    // Read again only when the row shows another discrepancy or the document changed.
    let data = Memo::new(move |_| {
        let idx = idx.get()?;
        depend_on(state.revision);
        state
            .session
            .with_untracked(|session| RowData::read(session, idx))
    });
    // The discrepancy a control was focused on: a note typed before scrolling must go to
    // the discrepancy it was typed for, even if the row shows another one by the time the
    // change event fires.
    let editing = StoredValue::new(None::<usize>);
    let target = move || editing.get_value().or_else(|| idx.get_untracked());
    let text = move |field: fn(&RowData) -> String| {
        move || data.with(|data| data.as_ref().map(field).unwrap_or_default())
    };
    let rut_text = move || {
        data.with(|data| {
            data.as_ref()
                .map(|data| data.rut.to_string())
                .unwrap_or_default()
        })
    };
    let kind_label = move || data.with(|data| data.as_ref().map_or("", |data| data.kind.label()));
    let status_id = move || data.with(|data| data.as_ref().map_or("", |data| data.status.id()));
    let on_status = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        let status = DiscrepancyStatus::ALL
            .into_iter()
            .find(|status| status.id() == value);
        if let (Some(idx), Some(status)) = (target(), status) {
            decide(state, idx, Some(status), None);
        }
    };
    let on_note = move |event: web_sys::Event| {
        if let Some(idx) = target() {
            decide(state, idx, None, Some(event_target_value(&event)));
        }
    };
    let on_focus = move |_| editing.set_value(idx.get_untracked());
    let on_blur = move |_| editing.set_value(None);
    let select = move |_| ui.selected.set(idx.get_untracked());
    let selected = move || idx.get().is_some() && idx.get() == ui.selected.get();
    let open = move |_| {
        if let Some(rut) = data.with_untracked(|data| data.as_ref().map(|data| data.rut)) {
            ui.open_rut.set(Some(rut));
        }
    };
    view! {
        <tr class="fila" data-testid="fila-discrepancia" hidden=move || data.with(Option::is_none)
            aria-rowindex=move || row_index.get().to_string()
            data-indice=move || idx.get().map(|idx| idx.to_string()).unwrap_or_default()
            data-tipo=move || data.with(|data| data.as_ref().map_or("", |data| data.kind.id()))
            data-estado=status_id class:seleccionada=selected>
            <td class="c-tipo" title=text(|data| data.description.clone())>
                // The whole description, the values and the help are in the detail pane:
                // this button (Enter or Space) shows them there.
                // Named by what it shows (the type and the description), so the accessible
                // name holds the visible text.
                <button type="button" class="ver-detalle" data-testid="ver-detalle" on:click=select
                    aria-controls="detalle-discrepancia" aria-expanded=move || selected().to_string()>
                    <span class="tipo">{kind_label}</span>
                    <span class="descripcion">{text(|data| data.description.clone())}</span>
                </button>
                <span class="sugerencia" data-testid="sugerencia" hidden=move || data.with(|data| data.as_ref().is_none_or(|data| data.suggestion.is_empty()))>
                    {text(|data| data.suggestion.clone())}
                </span>
            </td>
            <td class="c-rut">
                <button type="button" class="enlace" aria-label=move || ui_text::open_employee(&rut_text()) on:click=open>
                    {rut_text}
                </button>
            </td>
            <td class="c-nombre" title=text(|data| data.name.clone())>{text(|data| data.name.clone())}</td>
            <td class="c-concepto" title=text(|data| data.concept.clone())>{text(|data| data.concept.clone())}</td>
            <td class="c-valor num" title=text(|data| data.source.clone())>{text(|data| data.source.clone())}</td>
            <td class="c-valor num" title=text(|data| data.reported.clone())>{text(|data| data.reported.clone())}</td>
            <td class="c-diferencia num">{text(|data| data.difference.clone())}</td>
            <td class="c-fecha">{text(|data| data.event_date.clone())}</td>
            <td class="c-estado">
                <select aria-label=move || ui_text::status_select_label(&rut_text(), kind_label())
                    on:focus=on_focus on:blur=on_blur on:change=on_status prop:value=status_id>
                    {DiscrepancyStatus::ALL.into_iter().map(|status| view! {
                        <option value=status.id() selected=move || status_id() == status.id()>{status.label()}</option>
                    }).collect_view()}
                </select>
            </td>
            <td class="c-nota">
                <input type="text" aria-label=move || ui_text::note_label(&rut_text(), kind_label()) placeholder=ui_text::NOTE_PLACEHOLDER
                    on:focus=on_focus on:blur=on_blur prop:value=text(|data| data.note.clone()) on:change=on_note/>
            </td>
        </tr>
    }
}

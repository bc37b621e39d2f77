//! The per-employee dialog: everything found for one RUT (its discrepancies in both groups
//! and its input warnings by file), closable with Escape. It is modal: Tab stays inside it
//! while it is open, and closing it gives focus back to the element that opened it. Each
//! line's estado and note are edited here as in the list.

use cuadra_core::values::rut::Rut;
use cuadra_core::DiscrepancyStatus;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::discrepancy_list::decide;
use super::focus;
use super::state::{depend_on, AppState, ResultsUi};
use crate::results_view::{self, employee_view};
use crate::ui_text;

/// One discrepancy line of the dialog.
struct Line {
    /// The discrepancy's index in the result, which its estado and note edit.
    idx: usize,
    group: &'static str,
    kind: cuadra_core::DiscrepancyKind,
    description: String,
    concept: String,
    source: String,
    reported: String,
    difference: String,
    /// "¿Quiso decir…?", or empty.
    suggestion: String,
    /// Where its values are: input, sheet and row of each side.
    sources: Vec<String>,
}

/// One warning line of the dialog.
struct WarningLine {
    sheet: String,
    row: String,
    column: String,
    text: String,
    message: String,
}

struct EmployeeContent {
    title: String,
    lines: Vec<Line>,
    files: Vec<(String, Vec<WarningLine>)>,
}

fn content(state: AppState, rut: Rut) -> Option<EmployeeContent> {
    state.session.with_untracked(|session| {
        let result = session.result()?;
        let view = employee_view(result, rut);
        let lines = view
            .discrepancies
            .iter()
            .map(|idx| {
                let d = &result.discrepancies[*idx];
                Line {
                    idx: *idx,
                    group: d.group.label(),
                    kind: d.kind,
                    description: d.description.clone(),
                    concept: d.concept.clone().unwrap_or_default(),
                    source: results_view::source_display(d),
                    reported: results_view::reported_display(d),
                    difference: results_view::difference_display(d),
                    suggestion: results_view::suggestion_display(d),
                    sources: results_view::sources_display(d),
                }
            })
            .collect();
        let files = view
            .warnings
            .iter()
            .map(|file| {
                let title = format!("{}: {}", file.input.slot.label(), file.input.file_name);
                let warnings = file
                    .warnings
                    .iter()
                    .map(|warning| WarningLine {
                        sheet: warning.sheet.clone(),
                        row: row_text(warning.row_number),
                        column: warning.column.clone().unwrap_or_default(),
                        text: warning.text.clone().unwrap_or_default(),
                        message: warning.message.clone(),
                    })
                    .collect();
                (title, warnings)
            })
            .collect();
        Some(EmployeeContent {
            title: ui_text::employee_title(&rut.to_string(), view.name),
            lines,
            files,
        })
    })
}

/// Row 0 means the whole file.
pub(super) fn row_text(row_number: u32) -> String {
    if row_number == 0 {
        "—".to_string()
    } else {
        row_number.to_string()
    }
}

#[component]
pub fn EmployeeDialog() -> impl IntoView {
    let ui = expect_context::<ResultsUi>();
    move || {
        ui.open_rut
            .get()
            .map(|rut| view! { <EmployeePanel rut=rut/> })
    }
}

#[component]
fn EmployeePanel(rut: Rut) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ResultsUi>();
    let close_button = NodeRef::<leptos::html::Button>::new();
    let dialog = NodeRef::<leptos::html::Div>::new();
    // The element that had focus when the dialog opened (the RUT's button in the list).
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    // Focus moves into the dialog when it opens, so Escape and Tab work at once.
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            if opener.with_value(Option::is_none) {
                let before = focus::active_element(&button)
                    .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
                opener.set_value(before);
            }
            let _ = button.focus();
        }
    });
    // However the dialog closes (Escape, Cerrar, a click outside), the keyboard user is put
    // back where they were, not on the page's body at its top. The list's rows are
    // recycled, but nothing scrolls while the dialog is open, so the opener's button still
    // shows the same RUT.
    on_cleanup(move || {
        let opener = opener.try_update_value(Option::take).flatten();
        if let Some(opener) = opener.filter(|opener| opener.is_connected()) {
            let _ = opener.focus();
        }
    });
    let close = move || ui.open_rut.set(None);
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            close();
        } else if let Some(dialog) = dialog.get_untracked() {
            focus::trap_tab(&event, &dialog);
        }
    };
    let content = content(state, rut);
    content.map(|content| {
        view! {
            <div class="velo" on:click=move |_| close()></div>
            <div class="dialogo" role="dialog" aria-modal="true" aria-labelledby="empleado-titulo" data-testid="vista-empleado"
                tabindex="-1" node_ref=dialog on:keydown=on_keydown>
                <div class="dialogo-cabecera">
                    <h3 id="empleado-titulo">{content.title}</h3>
                    <button type="button" class="secondary" node_ref=close_button on:click=move |_| close()>{ui_text::EMPLOYEE_CLOSE}</button>
                </div>
                <h4>{ui_text::EMPLOYEE_DISCREPANCIES}</h4>
                <table data-testid="empleado-discrepancias">
                    <thead><tr>
                        <th scope="col">{ui_text::COL_GROUP}</th>
                        <th scope="col">{ui_text::COL_KIND}</th>
                        <th scope="col">{ui_text::COL_CONCEPT}</th>
                        <th scope="col" class="num">{ui_text::COL_SOURCE_VALUE}</th>
                        <th scope="col" class="num">{ui_text::COL_REPORTED_VALUE}</th>
                        <th scope="col" class="num">{ui_text::COL_DIFFERENCE}</th>
                        <th scope="col">{ui_text::COL_STATUS}</th>
                        <th scope="col">{ui_text::COL_NOTE}</th>
                    </tr></thead>
                    <tbody>
                        {content.lines.into_iter().map(|line| view! {
                            // `data-rotulo`: the column's name, shown beside the value where the
                            // rows stack (a phone's width).
                            <tr>
                                <td data-rotulo=ui_text::COL_GROUP>{line.group}</td>
                                <td data-rotulo=ui_text::COL_KIND><span class="tipo">{line.kind.label()}</span><span class="descripcion-completa">{line.description}</span>
                                    {line.sources.into_iter().map(|source| view! { <span class="fuente" data-testid="fuente">{source}</span> }).collect_view()}
                                    <super::finding_detail::KindHelp kind=line.kind/>
                                    {(!line.suggestion.is_empty()).then(|| view! { <span class="sugerencia" data-testid="sugerencia">{line.suggestion}</span> })}</td>
                                <td data-rotulo=ui_text::COL_CONCEPT>{line.concept}</td>
                                <td class="num" data-rotulo=ui_text::COL_SOURCE_VALUE>{line.source}</td>
                                <td class="num" data-rotulo=ui_text::COL_REPORTED_VALUE>{line.reported}</td>
                                <td class="num" data-rotulo=ui_text::COL_DIFFERENCE>{line.difference}</td>
                                <td data-rotulo=ui_text::COL_STATUS><LineStatus idx=line.idx rut=rut kind=line.kind.label()/></td>
                                <td data-rotulo=ui_text::COL_NOTE><LineNote idx=line.idx rut=rut kind=line.kind.label()/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <h4>{ui_text::EMPLOYEE_WARNINGS}</h4>
                {if content.files.is_empty() {
                    view! { <p class="reason">{ui_text::EMPLOYEE_NO_WARNINGS}</p> }.into_any()
                } else {
                    content.files.into_iter().map(|(title, warnings)| view! {
                        <table class="advertencias" data-testid="empleado-advertencias">
                            <caption>{title}</caption>
                            <thead><tr>
                                <th scope="col">{ui_text::COL_SHEET}</th>
                                <th scope="col" class="num">{ui_text::COL_ROW}</th>
                                <th scope="col">{ui_text::COL_COLUMN}</th>
                                <th scope="col">{ui_text::COL_TEXT}</th>
                                <th scope="col">{ui_text::COL_MESSAGE}</th>
                            </tr></thead>
                            <tbody>
                                {warnings.into_iter().map(|w| view! {
                                    <tr>
                                        <td data-rotulo=ui_text::COL_SHEET>{w.sheet}</td><td class="num" data-rotulo=ui_text::COL_ROW>{w.row}</td>
                                        <td data-rotulo=ui_text::COL_COLUMN>{w.column}</td><td data-rotulo=ui_text::COL_TEXT>{w.text}</td>
                                        <td data-rotulo=ui_text::COL_MESSAGE>{w.message}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }).collect_view().into_any()
                }}
            </div>
        }
    })
}

/// The estado and note of discrepancy `idx` as the session has them now (an undo, a bulk
/// estado or the list may have changed them since the dialog opened).
fn decision_of(state: AppState, idx: usize) -> (DiscrepancyStatus, String) {
    depend_on(state.revision);
    state.session.with_untracked(|session| {
        session
            .result()
            .and_then(|result| result.discrepancies.get(idx))
            .map(|d| (d.status, d.note.clone().unwrap_or_default()))
            .unwrap_or((DiscrepancyStatus::Pending, String::new()))
    })
}

/// A line's estado, edited here as in the list (same decision, stored the same way).
#[component]
fn LineStatus(idx: usize, rut: Rut, kind: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = move || decision_of(state, idx).0.id();
    let on_change = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        if let Some(status) = DiscrepancyStatus::ALL
            .into_iter()
            .find(|status| status.id() == value)
        {
            decide(state, idx, Some(status), None);
        }
    };
    view! {
        <select data-testid="empleado-estado" aria-label=ui_text::status_select_label(&rut.to_string(), kind)
            on:change=on_change prop:value=current>
            {DiscrepancyStatus::ALL.into_iter().map(|status| view! {
                <option value=status.id() selected=move || current() == status.id()>{status.label()}</option>
            }).collect_view()}
        </select>
    }
}

/// A line's note, kept when the field loses focus or Enter is pressed.
#[component]
fn LineNote(idx: usize, rut: Rut, kind: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_change = move |event: web_sys::Event| {
        decide(state, idx, None, Some(event_target_value(&event)));
    };
    view! {
        <input type="text" data-testid="empleado-nota" aria-label=ui_text::note_label(&rut.to_string(), kind)
            placeholder=ui_text::NOTE_PLACEHOLDER prop:value=move || decision_of(state, idx).1 on:change=on_change/>
    }
}

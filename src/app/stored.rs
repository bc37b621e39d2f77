//! What the page shows of its storage: the notice when something could not be kept, the
//! closings kept in this browser (open one, delete one), the files a restored closing needs
//! again, and "Borrar todo". Every destructive button asks first, in the page itself.

use leptos::prelude::*;

use super::persist;
use super::state::AppState;
use crate::storage::audit::format_timestamp;
use crate::storage::{ClosingKey, ClosingRecord};
use crate::ui_text;

/// The user's offset from UTC in minutes east, as the audit log's timestamps take it.
pub fn offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// `2025-03-31 11:02`: a stored date as the list shows it.
pub fn short_date(at_ms: f64) -> String {
    format_timestamp(at_ms, offset_minutes())
        .chars()
        .take(16)
        .collect::<String>()
        .replacen('T', " ", 1)
}

#[component]
pub fn StorageNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let notice = state.saved.notice;
    move || {
        notice.get().map(|notice| {
            view! {
                <div class="aviso-almacenamiento" role="status" data-testid="aviso-almacenamiento"
                    data-memoria=notice.in_memory_only.to_string()>
                    <p>{notice.message}</p>
                    <button type="button" aria-label=ui_text::CLOSE_NOTICE on:click=move |_| notice_cleared(state)>"×"</button>
                </div>
            }
        })
    }
}

fn notice_cleared(state: AppState) {
    state.saved.notice.set(None);
}

#[component]
pub fn ClosingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let closings = state.saved.closings;
    let confirming_erase = RwSignal::new(false);
    view! {
        <section class="cierres" aria-labelledby="cierres-titulo" data-testid="cierres"
            data-pendientes=move || state.saved.pending.get().to_string()>
            <h2 id="cierres-titulo">{ui_text::CLOSINGS_HEADING}</h2>
            {move || {
                let list = closings.get();
                if list.is_empty() {
                    view! { <p class="reason">{ui_text::CLOSINGS_EMPTY}</p> }.into_any()
                } else {
                    view! { <ClosingsTable list=list/> }.into_any()
                }
            }}
            <FilesToReload/>
            <KeepFiles/>
            <div class="borrar-todo">
                <Show
                    when=move || confirming_erase.get()
                    fallback=move || view! {
                        <button type="button" class="peligro" on:click=move |_| confirming_erase.set(true)>
                            {ui_text::ERASE_ALL}
                        </button>
                    }
                >
                    <div role="alertdialog" aria-labelledby="borrar-todo-pregunta" class="confirmar" data-testid="confirmar-borrar-todo">
                        <p id="borrar-todo-pregunta">{ui_text::ERASE_ALL_QUESTION}</p>
                        <button type="button" class="peligro" on:click=move |_| {
                            confirming_erase.set(false);
                            persist::erase_everything(state);
                        }>{ui_text::ERASE_ALL_CONFIRM}</button>
                        <button type="button" on:click=move |_| confirming_erase.set(false)>{ui_text::CANCEL}</button>
                    </div>
                </Show>
            </div>
        </section>
    }
}

#[component]
fn ClosingsTable(list: Vec<ClosingRecord>) -> impl IntoView {
    let n = list.len();
    view! {
        <table class="lista-cierres" data-testid="lista-cierres">
            <caption>{ui_text::closings_count(n)}</caption>
            <thead>
                <tr>
                    <th scope="col">{ui_text::COL_CLIENT}</th>
                    <th scope="col">{ui_text::COL_PERIOD}</th>
                    <th scope="col">{ui_text::COL_LAST_STATE}</th>
                    <th scope="col">{ui_text::COL_LAST_DATE}</th>
                    <th scope="col">{ui_text::COL_ACTIONS}</th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|record| view! { <ClosingRow record=record/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ClosingRow(record: ClosingRecord) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key: ClosingKey = record.key;
    let (rut, period) = (key.company_rut.to_string(), key.period.to_string());
    let is_open = move || state.saved.open.get() == Some(key);
    let confirming = RwSignal::new(false);
    let open_label = ui_text::closing_action_label(ui_text::OPEN_CLOSING, &rut, &period);
    // The open closing's button reads "Abierto": its accessible name starts the same way.
    let opened_label = ui_text::opened_closing_label(&rut, &period);
    let delete_label = ui_text::closing_action_label(ui_text::DELETE_CLOSING, &rut, &period);
    let question = ui_text::delete_closing_question(&rut, &period);
    view! {
        <tr data-testid="fila-cierre" data-cierre=key.id() data-abierto=move || is_open().to_string()>
            <td>{rut.clone()}</td>
            <td>{period.clone()}</td>
            <td data-estado=record.state.id()>{record.state.label()}</td>
            <td>{short_date(record.updated_at_ms)}</td>
            <td class="acciones">
                <button type="button" aria-label=move || if is_open() { opened_label.clone() } else { open_label.clone() } disabled=is_open
                    on:click=move |_| persist::switch_to(state, key)>
                    {move || if is_open() { ui_text::OPENED_CLOSING } else { ui_text::OPEN_CLOSING }}
                </button>
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        let label = delete_label.clone();
                        view! {
                            <button type="button" aria-label=label on:click=move |_| confirming.set(true)>
                                {ui_text::DELETE_CLOSING}
                            </button>
                        }
                    }
                >
                    <span role="alertdialog" aria-label=question.clone() class="confirmar">
                        <span>{question.clone()}</span>
                        <button type="button" class="peligro" on:click=move |_| {
                            confirming.set(false);
                            persist::delete(state, key);
                        }>{ui_text::DELETE_CLOSING}</button>
                        <button type="button" on:click=move |_| confirming.set(false)>{ui_text::CANCEL}</button>
                    </span>
                </Show>
            </td>
        </tr>
    }
}

/// The per-closing opt-in to keep file contents in this browser.
#[component]
fn KeepFiles() -> impl IntoView {
    let state = expect_context::<AppState>();
    let keep = state.saved.keep_files;
    let on_change = move |event: web_sys::Event| {
        persist::set_keep_files(state, event_target_checked(&event));
    };
    view! {
        <Show when=move || state.saved.open.with(Option::is_some)>
            <label class="guardar-archivos">
                <input type="checkbox" data-testid="guardar-archivos" prop:checked=move || keep.get() on:change=on_change/>
                {ui_text::KEEP_FILE_CONTENTS}
            </label>
        </Show>
    }
}

/// The restored closing's files to load again, until a new run stores the closing again.
#[component]
fn FilesToReload() -> impl IntoView {
    let state = expect_context::<AppState>();
    let files = state.saved.files_to_reload;
    move || {
        let files = files.get();
        (!files.is_empty()).then(|| {
            view! {
                <div class="archivos-a-cargar" data-testid="archivos-a-cargar">
                    <p>{ui_text::FILES_TO_RELOAD}</p>
                    <ul>
                        {files.into_iter().map(|file| view! {
                            <li data-casilla=file.slot.id()>{ui_text::file_to_reload(file.slot, &file.name, file.size, &file.sha256)}</li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

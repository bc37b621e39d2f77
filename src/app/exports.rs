//! The exports, made in the browser from the result document and downloaded through a
//! Blob, an object URL and a temporary `<a download>` (a navigation, not a fetch, so the
//! page's Content-Security-Policy does not stand in the way).
//!
//! Beside the buttons, the user chooses the rows: only those the list shows under the
//! active filters (the default: what the analyst sees is what the file holds) or all of
//! them. A filtered file says so (a line of the xlsx's "Resumen", the JSON's
//! `exportacion`, a `_filtrado` file name); with no filter active every export is whole.

use std::time::Duration;

use std::sync::atomic::{AtomicU32, Ordering};

use cuadra_core::document::ResultDocument;
use cuadra_core::export::{to_csv_scoped, to_json_scoped, to_xlsx_scoped, Scope};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{depend_on, AppState, ResultsUi};
use crate::results_view::{export_file_name_scoped, visible_indices};
use crate::ui_text;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
    Json,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv;charset=utf-8",
            Format::Json => "application/json",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Format::Xlsx => ui_text::EXPORT_XLSX,
            Format::Csv => ui_text::EXPORT_CSV,
            Format::Json => ui_text::EXPORT_JSON,
        }
    }

    fn bytes(self, document: &ResultDocument, scope: Scope<'_>) -> Result<Vec<u8>, String> {
        match self {
            Format::Xlsx => to_xlsx_scoped(document, scope),
            Format::Csv => Ok(to_csv_scoped(document, scope)),
            Format::Json => Ok(to_json_scoped(document, scope).into_bytes()),
        }
    }
}

/// Gives each export bar's radio buttons their own group: two instances on one page must
/// not share one choice.
static NEXT_BAR: AtomicU32 = AtomicU32::new(0);

/// Hands `bytes` to the browser as a download named `file_name`.
pub(super) fn download(bytes: &[u8], file_name: &str, mime: &str) -> Result<(), String> {
    let js_error = |error: wasm_bindgen::JsValue| format!("{error:?}");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(js_error)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)?;
    let anchor: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "no es un enlace".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The download has started from the click; the URL only has to outlive that start.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(2),
    );
    Ok(())
}

#[component]
pub fn ExportBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ResultsUi>();
    let error = RwSignal::new(None::<String>);
    // The default: the rows the list shows.
    let only_filtered = RwSignal::new(true);
    let group_name = format!(
        "alcance-exportacion-{}",
        NEXT_BAR.fetch_add(1, Ordering::Relaxed)
    );
    let filtering = Memo::new(move |_| {
        !ui.filter.read().is_empty() || state.saved.change_filter.get().is_some()
    });
    // How many rows each choice exports; keyed like the list, not on every session change.
    let counts = Memo::new(move |_| {
        depend_on(state.revision);
        let filter = ui.filter.get();
        let change = state.saved.change_filter.get();
        state.session.with_untracked(|session| {
            let Some(result) = session.result() else {
                return (0, 0);
            };
            let mut indices = visible_indices(&result.discrepancies, &filter, None);
            session.keep_change(&mut indices, change);
            (indices.len(), result.discrepancies.len())
        })
    });
    let export = move |format: Format| {
        let filtered = only_filtered.get_untracked() && filtering.get_untracked();
        let (filter, sort) = (ui.filter.get_untracked(), ui.sort.get_untracked());
        let change = state.saved.change_filter.get_untracked();
        let outcome = state.session.with_untracked(|session| {
            let Some(result) = session.result() else {
                return Ok(());
            };
            // Exactly the list's rows, in the list's order.
            let mut indices = Vec::new();
            let mut description = String::new();
            if filtered {
                indices = visible_indices(&result.discrepancies, &filter, sort);
                session.keep_change(&mut indices, change);
                description = ui_text::export_filters(
                    filter.group.map(|group| group.label()),
                    filter.kind.map(|kind| kind.label()),
                    filter.status.map(|status| status.label()),
                    &filter.text,
                    change.map(|change| change.label()),
                );
            }
            let scope = if filtered {
                Scope::Filtered {
                    indices: &indices,
                    filters: &description,
                }
            } else {
                Scope::All
            };
            let bytes = format.bytes(result, scope)?;
            download(
                &bytes,
                &export_file_name_scoped(result, format.extension(), filtered),
                format.mime(),
            )
        });
        error.set(
            outcome
                .err()
                .map(|why| format!("{}: {why}", ui_text::EXPORT_FAILED)),
        );
    };
    let choice = move |filtered: bool| {
        let name = group_name.clone();
        let label = move || {
            let (shown, total) = counts.get();
            if filtered {
                ui_text::export_filtered_choice(shown)
            } else {
                ui_text::export_all_choice(total)
            }
        };
        view! {
            <label class="alcance-opcion">
                <input type="radio" name=name value=if filtered { "filtradas" } else { "todas" }
                    prop:checked=move || only_filtered.get() == filtered
                    on:change=move |_| only_filtered.set(filtered)/>
                {label}
            </label>
        }
    };
    view! {
        <div class="actions exportar" role="group" aria-label=ui_text::EXPORTS_HEADING>
            <fieldset class="alcance-exportacion" data-testid="alcance-exportacion">
                <legend>{ui_text::EXPORT_SCOPE_LEGEND}</legend>
                {choice(true)}
                {choice(false)}
            </fieldset>
            {[Format::Xlsx, Format::Csv, Format::Json].into_iter().map(|format| view! {
                <button type="button" class="secondary" on:click=move |_| export(format)>{format.label()}</button>
            }).collect_view()}
        </div>
        {move || error.get().map(|error| view! { <p class="error" role="alert">{error}</p> })}
    }
}

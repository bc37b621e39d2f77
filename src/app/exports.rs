//! The exports, made in the browser from the result document and downloaded through a
//! Blob, an object URL and a temporary `<a download>` (a navigation, not a fetch, so the
//! page's Content-Security-Policy does not stand in the way).

use std::time::Duration;

use cuadra_core::document::ResultDocument;
use cuadra_core::export::{to_csv, to_json, to_xlsx};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use crate::results_view::export_file_name;
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

    fn bytes(self, document: &ResultDocument) -> Result<Vec<u8>, String> {
        match self {
            Format::Xlsx => to_xlsx(document),
            Format::Csv => Ok(to_csv(document)),
            Format::Json => Ok(to_json(document).into_bytes()),
        }
    }
}

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
    let error = RwSignal::new(None::<String>);
    let export = move |format: Format| {
        let outcome = state.session.with_untracked(|session| {
            let Some(result) = session.result() else {
                return Ok(());
            };
            let bytes = format.bytes(result)?;
            download(
                &bytes,
                &export_file_name(result, format.extension()),
                format.mime(),
            )
        });
        error.set(
            outcome
                .err()
                .map(|why| format!("{}: {why}", ui_text::EXPORT_FAILED)),
        );
    };
    view! {
        <div class="actions exportar" role="group" aria-label=ui_text::EXPORTS_HEADING>
            {[Format::Xlsx, Format::Csv, Format::Json].into_iter().map(|format| view! {
                <button type="button" class="secondary" on:click=move |_| export(format)>{format.label()}</button>
            }).collect_view()}
        </div>
        {move || error.get().map(|error| view! { <p class="error" role="alert">{error}</p> })}
    }
}

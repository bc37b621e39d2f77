//! Input warnings, per file and apart from the discrepancies: sheet, row, column, the
//! offending text and the message.

use leptos::prelude::*;

use super::employee::row_text;
use super::state::{depend_on, AppState};
use crate::ui_text;

/// A file with thousands of bad rows would flood the page; the JSON export has them all.
const MAX_WARNINGS_SHOWN: usize = 200;

#[derive(Clone, PartialEq)]
struct FileWarnings {
    slot_id: &'static str,
    title: String,
    notes: Vec<String>,
    total: usize,
    /// (sheet, row, column, text, message), at most [`MAX_WARNINGS_SHOWN`].
    rows: Vec<(String, String, String, String, String)>,
}

#[component]
pub fn InputWarnings() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The warnings are the document's: read again only for a new document.
    let files = Memo::new(move |_| {
        depend_on(state.document);
        state.count(|counts| &mut counts.warning_builds);
        state.session.with_untracked(|session| {
            let Some(result) = session.result() else {
                return Vec::new();
            };
            result
                .inputs
                .iter()
                .filter(|input| !input.warnings.is_empty() || !input.notes.is_empty())
                .map(|input| FileWarnings {
                    slot_id: input.slot.id(),
                    title: ui_text::file_warnings_title(
                        input.slot.label(),
                        &input.file_name,
                        input.warnings.len(),
                        input.notes.len(),
                    ),
                    notes: input.notes.clone(),
                    total: input.warnings.len(),
                    rows: input
                        .warnings
                        .iter()
                        .take(MAX_WARNINGS_SHOWN)
                        .map(|w| {
                            (
                                w.sheet.clone(),
                                row_text(w.row_number),
                                w.column.clone().unwrap_or_default(),
                                w.text.clone().unwrap_or_default(),
                                w.message.clone(),
                            )
                        })
                        .collect(),
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="advertencias-entrada" aria-labelledby="advertencias-titulo" data-testid="advertencias-entrada">
            <h3 id="advertencias-titulo">{ui_text::WARNINGS_HEADING}</h3>
            {move || {
                let files = files.get();
                if files.is_empty() {
                    return view! { <p class="reason">{ui_text::NO_WARNINGS}</p> }.into_any();
                }
                files.into_iter().map(|file| {
                    let shown = file.rows.len();
                    view! {
                        <details class="card" data-testid=format!("advertencias-{}", file.slot_id)>
                            <summary>{file.title}</summary>
                            <ul class="notas">{file.notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}</ul>
                            {(shown > 0).then(|| view! {
                                <table class="advertencias">
                                    <thead><tr>
                                        <th scope="col">{ui_text::COL_SHEET}</th>
                                        <th scope="col" class="num">{ui_text::COL_ROW}</th>
                                        <th scope="col">{ui_text::COL_COLUMN}</th>
                                        <th scope="col">{ui_text::COL_TEXT}</th>
                                        <th scope="col">{ui_text::COL_MESSAGE}</th>
                                    </tr></thead>
                                    <tbody>
                                        {file.rows.into_iter().map(|(sheet, row, column, text, message)| view! {
                                            <tr><td>{sheet}</td><td class="num">{row}</td><td>{column}</td><td>{text}</td><td>{message}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            })}
                            {(shown < file.total).then(|| view! { <p class="reason">{ui_text::warnings_truncated(shown, file.total)}</p> })}
                        </details>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
}

//! The concept mapping editor (docs/rules.md): one row per novedades header, its libro concept
//! chosen from a filterable list, and its own tolerances (in pesos and in percent). Rows
//! come from `mapping_view`.

use cuadra_core::Slot;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use super::schedule::Later;
use super::state::{depend_on, AppState};
use crate::mapping_view::{
    choice_value, filter_concepts, mapping_view, parse_choice, parse_percent, parse_pesos,
    percent_text, reset_to_proposal, row_matches, Columns, MappingView, NO_MAPPING_VALUE,
};
use crate::ui_text;

fn input_value(event: &web_sys::Event) -> Option<String> {
    event
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
}

#[component]
pub fn MappingEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Keyed on which libro and novedades were read and on the settings: a progress
    // message, a result or an estado edit does not compute the editor's rows again.
    let book_id = Memo::new(move |_| {
        state
            .session
            .with(|session| session.read_file_id(Slot::PayrollBook))
    });
    let changes_id = Memo::new(move |_| {
        state
            .session
            .with(|session| session.read_file_id(Slot::PayrollChanges))
    });
    let ready = Memo::new(move |_| book_id.get().is_some() && changes_id.get().is_some());
    let book = Memo::new(move |_| {
        depend_on(book_id);
        state
            .session
            .with_untracked(|session| session.concepts(Slot::PayrollBook).to_vec())
    });
    let rows = Memo::new(move |_| {
        depend_on(book_id);
        depend_on(changes_id);
        state.count(|counts| &mut counts.mapping_builds);
        state.settings.with(|settings| {
            state.session.with_untracked(|session| {
                mapping_view(
                    session.concepts(Slot::PayrollChanges),
                    session.concepts(Slot::PayrollBook),
                    settings,
                    Columns {
                        changes: session.columns(Slot::PayrollChanges),
                        book: session.columns(Slot::PayrollBook),
                    },
                )
            })
        })
    });
    let search = RwSignal::new(String::new());
    let visible = Memo::new(move |_| {
        let query = search.get();
        rows.with(|view| {
            book.with(|book| {
                view.rows
                    .iter()
                    .filter(|row| row_matches(row, book, &query))
                    .map(|row| row.header.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    let n_unmapped = move || rows.with(|view| view.n_unmapped);
    let any_chosen = move || rows.with(|view| view.rows.iter().any(|row| row.chosen_by_user));
    let reset = move |_| {
        state.session.update(|session| {
            let headers = session.concepts(Slot::PayrollChanges).to_vec();
            session.change_settings(|settings| {
                reset_to_proposal(settings, &headers);
            });
        });
    };
    // Its first build (a `<select>` of every libro concept per header) is a task of its
    // own, after the one that read the file.
    move || {
        ready.get().then(|| {
            view! {
                <Later>
                <section class="card mapping" aria-labelledby="mapeo-titulo" data-testid="mapeo">
                    <h2 id="mapeo-titulo">{ui_text::MAPPING_HEADING}</h2>
                    <p class="meta">{ui_text::MAPPING_HELP}</p>
                    <p
                        class="unmapped-count"
                        class=("has-unmapped", move || n_unmapped() > 0)
                        role="status"
                        data-testid="mapeo-sin-asignar"
                        data-n=move || n_unmapped().to_string()
                    >
                        {move || ui_text::unmapped_count(n_unmapped())}
                    </p>
                    <label class="search">
                        {ui_text::MAPPING_SEARCH}
                        " "
                        <input
                            type="search"
                            prop:value=move || search.get()
                            on:input=move |event| search.set(input_value(&event).unwrap_or_default())
                        />
                    </label>
                    <button type="button" class="secondary" data-testid="restablecer-propuesta"
                        aria-describedby="restablecer-ayuda"
                        disabled=move || !any_chosen() on:click=reset>{ui_text::MAPPING_RESET}</button>
                    <span id="restablecer-ayuda" class="meta">{ui_text::MAPPING_RESET_HELP}</span>
                    <table class="mapping-table">
                        <thead>
                            <tr>
                                <th scope="col">{ui_text::MAPPING_COL_HEADER}</th>
                                <th scope="col">{ui_text::MAPPING_COL_CONCEPT}</th>
                                <th scope="col" class="num">{ui_text::MAPPING_COL_TOLERANCE}</th>
                                <th scope="col" class="num">{ui_text::MAPPING_COL_RELATIVE_TOLERANCE}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || visible.get()
                                key=|header| header.clone()
                                children=move |header| view! { <MappingRowView header=header rows=rows book=book/> }
                            />
                        </tbody>
                    </table>
                    {move || visible.with(Vec::is_empty).then(|| view! { <p class="meta">{ui_text::MAPPING_NO_ROWS}</p> })}
                </section>
                </Later>
            }
        })
    }
}

/// A column's first values, e.g. `Ejemplos: 225.100 · 180.000 · 0`; nothing when none.
fn samples_line(samples: Vec<String>, testid: &'static str) -> Option<impl IntoView> {
    (!samples.is_empty()).then(|| {
        view! { <p class="meta muestras" data-testid=testid>{ui_text::mapping_samples(&samples)}</p> }
    })
}

/// One header's row. It stays mounted while its header exists, so focus survives edits;
/// its values are read from the editor's rows each time they change.
#[component]
fn MappingRowView(
    header: String,
    rows: Memo<MappingView>,
    book: Memo<Vec<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let row = {
        let header = header.clone();
        Memo::new(move |_| {
            rows.with(|view| view.rows.iter().find(|row| row.header == header).cloned())
        })
    };
    let filter = RwSignal::new(String::new());
    let tolerance_error = RwSignal::new(false);
    let relative_error = RwSignal::new(false);
    let target = move || row.with(|row| row.as_ref().and_then(|row| row.target_idx));
    let unmapped = move || target().is_none();
    let options = move || {
        let current = target();
        let query = filter.get();
        book.with(|book| {
            filter_concepts(book, &query, current)
                .into_iter()
                .map(|(idx, concept)| {
                    view! { <option value=choice_value(Some(idx)) prop:selected={current == Some(idx)}>{concept.clone()}</option> }
                })
                .collect_view()
        })
    };
    let on_choose = {
        let header = header.clone();
        move |event: web_sys::Event| {
            let Some(value) = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlSelectElement>().ok())
                .map(|select| select.value())
            else {
                return;
            };
            let Some(choice) = book.with_untracked(|book| parse_choice(book, &value)) else {
                return;
            };
            let header = header.clone();
            state.session.update(|session| {
                session.change_settings(|settings| {
                    settings.mapping.insert(header, choice);
                });
            });
        }
    };
    let on_tolerance = {
        let header = header.clone();
        move |event: web_sys::Event| {
            let text = input_value(&event).unwrap_or_default();
            match parse_pesos(&text) {
                Ok(pesos) => {
                    tolerance_error.set(false);
                    let header = header.clone();
                    state.session.update(|session| {
                        session.change_settings(|settings| match pesos {
                            Some(pesos) => {
                                settings.tolerance_per_concept.insert(header, pesos);
                            }
                            None => {
                                settings.tolerance_per_concept.remove(&header);
                            }
                        });
                    });
                }
                Err(_) => tolerance_error.set(true),
            }
        }
    };
    // tolerancia_relativa_por_concepto: a percentage, blank for none.
    let on_relative = {
        let header = header.clone();
        move |event: web_sys::Event| {
            let text = input_value(&event).unwrap_or_default();
            match parse_percent(&text) {
                Ok(percent) => {
                    relative_error.set(false);
                    let header = header.clone();
                    state.session.update(|session| {
                        session.change_settings(|settings| match percent {
                            Some(percent) => {
                                settings
                                    .relative_tolerance_per_concept
                                    .insert(header, percent);
                            }
                            None => {
                                settings.relative_tolerance_per_concept.remove(&header);
                            }
                        });
                    });
                }
                Err(_) => relative_error.set(true),
            }
        }
    };
    let hint = move || {
        row.with(|row| {
            let row = row.as_ref()?;
            if let Some(missing) = &row.missing_target {
                return Some(ui_text::mapping_missing_target(missing));
            }
            let current = book.with(|book| row.target_idx.and_then(|idx| book.get(idx).cloned()));
            (row.chosen_by_user && current != row.proposed).then(|| {
                format!(
                    "{} · {}",
                    ui_text::MAPPING_CHANGED,
                    ui_text::mapping_proposed(row.proposed.as_deref())
                )
            })
        })
    };
    let tolerance_text = move || {
        row.with(|row| {
            row.as_ref()
                .and_then(|row| row.tolerance)
                .map(|pesos| pesos.to_string())
                .unwrap_or_default()
        })
    };
    let relative_text = move || {
        row.with(|row| {
            row.as_ref()
                .and_then(|row| row.relative_tolerance)
                .map(percent_text)
                .unwrap_or_default()
        })
    };
    let relative_label = ui_text::mapping_relative_tolerance_label(&header);
    let select_label = ui_text::mapping_select_label(&header);
    let filter_label = ui_text::mapping_filter_label(&header);
    let tolerance_label = ui_text::mapping_tolerance_label(&header);
    view! {
        <tr
            class:unmapped=unmapped
            data-testid="fila-mapeo"
            data-encabezado=header.clone()
            data-sin-asignacion=move || unmapped().to_string()
        >
            <th scope="row">{header.clone()}<super::proposals::OriginMark header=header.clone()/>
                {move || row.with(|row| row.as_ref().and_then(|row| row.repeated_note.clone())).map(|note| view! { <p class="meta">{note}</p> })}
                {move || samples_line(row.with(|row| row.as_ref().map(|row| row.samples.clone()).unwrap_or_default()), "muestras-encabezado")}
                {move || row.with(|row| row.as_ref().map(|row| row.warnings.clone()).unwrap_or_default()).into_iter().map(|warning| view! {
                    <p class="meta aviso-mapeo" data-testid="aviso-mapeo">{warning}</p>
                }).collect_view()}
            </th>
            <td>
                <div class="concept-picker">
                    <input
                        type="search"
                        class="concept-filter"
                        aria-label=filter_label
                        placeholder=ui_text::MAPPING_FILTER_PLACEHOLDER
                        prop:value=move || filter.get()
                        on:input=move |event| filter.set(input_value(&event).unwrap_or_default())
                    />
                    <select aria-label=select_label on:change=on_choose>
                        <option value=NO_MAPPING_VALUE prop:selected=unmapped>{ui_text::NO_MAPPING}</option>
                        {options}
                    </select>
                </div>
                {move || hint().map(|hint| view! { <p class="meta">{hint}</p> })}
                {move || row.with(|row| row.as_ref().and_then(|row| row.target_repeated_note.clone())).map(|note| view! { <p class="meta" data-testid="nota-repetida">{note}</p> })}
                {move || samples_line(row.with(|row| row.as_ref().map(|row| row.target_samples.clone()).unwrap_or_default()), "muestras-concepto")}
            </td>
            <td class="num">
                <input
                    type="text"
                    inputmode="numeric"
                    class="pesos"
                    aria-label=tolerance_label
                    aria-invalid=move || tolerance_error.get().to_string()
                    prop:value=tolerance_text
                    on:change=on_tolerance
                />
                {move || tolerance_error.get().then(|| view! { <p class="error">{ui_text::INVALID_PESOS}</p> })}
            </td>
            <td class="num">
                <input
                    type="text"
                    inputmode="decimal"
                    class="pesos"
                    aria-label=relative_label
                    aria-invalid=move || relative_error.get().to_string()
                    prop:value=relative_text
                    on:change=on_relative
                />
                {move || relative_error.get().then(|| view! { <p class="error">{ui_text::INVALID_PERCENT}</p> })}
            </td>
        </tr>
    }
}

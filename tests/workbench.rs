//! The analyst's workbench on a mounted page instance (wasm-bindgen-test in headless
//! Chromium, in-page workers): an estado and a note edited in the employee view, one estado
//! applied to every filtered row after a confirmation, "Deshacer" putting back exactly what
//! was there, and the mapping editor warning of a text column mapped onto an amount until
//! "Restablecer propuesta" brings the automatic proposal back.
#![cfg(target_arch = "wasm32")]

use cuadra_app::app::{mount, Instance};
use cuadra_app::instance_options::InstanceOptions;
use cuadra_app::session::{Inspection, Session};
use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions};
use cuadra_core::{DiscrepancyStatus, Slot};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod page;
use page::{change, files_of, find, host, until};

async fn load(instance: &Instance, closing: &GeneratedClosing) {
    instance.load_files(files_of(closing));
    let n_files = closing.files.len();
    until("every file is read", || {
        instance.with_session(|session: &Session| {
            session.files.len() == n_files
                && session
                    .files
                    .values()
                    .all(|file| matches!(file.inspection, Inspection::Read(_)))
        })
    })
    .await;
}

/// Loads a generated closing, runs it and waits until the list shows its rows.
async fn run_closing(host: &web_sys::HtmlElement, seed: u64) -> Instance {
    let instance = mount(host.clone(), InstanceOptions::in_page());
    load(&instance, &generate(&GeneratorOptions::sized(seed, 60))).await;
    assert!(instance.run());
    until("the run finishes", || {
        instance.with_session(|session| {
            session.run.as_ref().is_some_and(|run| run.is_finished()) && session.result().is_some()
        })
    })
    .await;
    until("the list shows its rows", || {
        host.query_selector("[data-testid=fila-discrepancia]:not([hidden]) button.enlace")
            .expect("selector")
            .is_some()
    })
    .await;
    instance
}

fn click(host: &web_sys::HtmlElement, selector: &str) {
    find(host, selector)
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn text_of(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .expect("selector")
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

fn rows_shown(host: &web_sys::HtmlElement) -> usize {
    host.query_selector("[data-testid=conteo-filas]")
        .expect("selector")
        .and_then(|count| count.get_attribute("data-filas"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The summary's count of one estado.
fn shown_status_total(host: &web_sys::HtmlElement, status: &str) -> String {
    text_of(
        host,
        &format!("[data-testid=totales-estado] tr[data-estado={status}] td.num"),
    )
}

fn decisions(instance: &Instance) -> Vec<(DiscrepancyStatus, Option<String>)> {
    instance.with_session(|session| {
        session
            .result()
            .expect("a result")
            .discrepancies
            .iter()
            .map(|d| (d.status, d.note.clone()))
            .collect()
    })
}

fn is_disabled(host: &web_sys::HtmlElement, selector: &str) -> bool {
    find(host, selector).has_attribute("disabled")
}

#[wasm_bindgen_test]
async fn the_employee_view_edits_estado_and_note_and_undo_puts_them_back() {
    let host = host();
    let instance = run_closing(&host, 31).await;
    let before = decisions(&instance);
    assert!(
        is_disabled(&host, "[data-testid=deshacer]"),
        "nothing to undo yet"
    );
    click(
        &host,
        "[data-testid=fila-discrepancia]:not([hidden]) button.enlace",
    );
    until("the dialog opens", || {
        host.query_selector("[data-testid=empleado-estado]")
            .expect("selector")
            .is_some()
    })
    .await;
    change(&find(&host, "[data-testid=empleado-estado]"), "justificada");
    until("the summary counts the estado set in the dialog", || {
        shown_status_total(&host, "justificada") == "1"
    })
    .await;
    change(
        &find(&host, "[data-testid=empleado-nota]"),
        " pagado en abril ",
    );
    let after = decisions(&instance);
    let edited: Vec<usize> = (0..after.len())
        .filter(|i| after[*i] != before[*i])
        .collect();
    assert_eq!(edited.len(), 1, "one discrepancy edited");
    assert_eq!(
        after[edited[0]],
        (DiscrepancyStatus::Justified, Some("pagado en abril".into()))
    );
    // The list shows what the dialog set.
    click(
        &host,
        "[data-testid=vista-empleado] .dialogo-cabecera button",
    );
    let row = format!(
        "[data-testid=fila-discrepancia][data-indice=\"{}\"]",
        edited[0]
    );
    until("the list row shows the new estado", || {
        host.query_selector(&row)
            .expect("selector")
            .and_then(|row| row.get_attribute("data-estado"))
            .as_deref()
            == Some("justificada")
    })
    .await;

    // Only the last change is kept: "Deshacer" puts back the note, and the estado stays.
    assert!(!is_disabled(&host, "[data-testid=deshacer]"));
    click(&host, "[data-testid=deshacer]");
    until("the note is undone", || {
        decisions(&instance)[edited[0]] == (DiscrepancyStatus::Justified, None)
    })
    .await;
    until("the list says what was undone", || {
        text_of(&host, "[data-testid=mensaje-lista]")
            == "Se deshizo el último cambio: 1 discrepancia con su estado y nota anteriores."
    })
    .await;
    assert!(is_disabled(&host, "[data-testid=deshacer]"), "undone once");
    drop(instance);
}

#[wasm_bindgen_test]
async fn an_estado_applies_to_every_filtered_row_after_a_confirmation_and_is_undone() {
    let host = host();
    let instance = run_closing(&host, 32).await;
    let before = decisions(&instance);
    let total = before.len();
    // Filter to one group: the other group's rows must keep their estados.
    change(&find(&host, "#filtro-grupo"), "libro_vs_novedades");
    until("the filter applies", || rows_shown(&host) < total).await;
    let n = rows_shown(&host);
    assert!(n > 1, "the closing has payroll discrepancies");
    change(&find(&host, "#estado-masivo"), "corregida");
    click(&host, "[data-testid=aplicar-filtrados]");
    until("the confirmation names the count", || {
        text_of(&host, "[data-testid=confirmacion-masiva]")
            .contains(&format!("¿Marcar {n} discrepancias como Corregida?"))
    })
    .await;
    assert_eq!(
        decisions(&instance),
        before,
        "nothing changes before confirming"
    );
    click(&host, "[data-testid=confirmar-masivo]");
    until("the summary counts every filtered row", || {
        shown_status_total(&host, "corregida") == n.to_string()
    })
    .await;
    let after = decisions(&instance);
    let group_of = |idx: usize| {
        instance
            .with_session(|session| session.result().expect("a result").discrepancies[idx].group)
    };
    for idx in 0..total {
        let expected = if group_of(idx) == cuadra_core::Group::PayrollVsChanges {
            DiscrepancyStatus::Corrected
        } else {
            before[idx].0
        };
        assert_eq!(after[idx].0, expected, "discrepancy {idx}");
    }
    until("the list says what was marked", || {
        text_of(&host, "[data-testid=mensaje-lista]")
            == format!("Se marcaron {n} discrepancias como Corregida.")
    })
    .await;

    click(&host, "[data-testid=deshacer]");
    until("every estado is back", || decisions(&instance) == before).await;
    until("the summary follows", || {
        shown_status_total(&host, "corregida") != n.to_string()
    })
    .await;
    drop(instance);
}

#[wasm_bindgen_test]
async fn a_text_column_onto_an_amount_is_warned_until_the_proposal_is_restored() {
    let host = host();
    let instance = mount(host.clone(), InstanceOptions::in_page());
    load(&instance, &generate(&GeneratorOptions::sized(33, 40))).await;
    let row = "[data-testid=fila-mapeo][data-encabezado=Observaciones]";
    until("the mapping editor shows Observaciones", || {
        host.query_selector(row).expect("selector").is_some()
    })
    .await;
    assert!(is_disabled(&host, "[data-testid=restablecer-propuesta]"));
    assert!(
        host.query_selector(&format!("{row} [data-testid=aviso-mapeo]"))
            .expect("selector")
            .is_none(),
        "unmapped, Observaciones compares nothing"
    );
    let samples = text_of(&host, &format!("{row} [data-testid=muestras-encabezado]"));
    assert!(samples.starts_with("Ejemplos: "), "{samples}");
    // The first libro concept of amounts: Observaciones is mostly text.
    let target = instance.with_session(|session| {
        let book = session.columns(Slot::PayrollBook);
        book.iter()
            .position(|column| column.n_amounts > 0 && column.is_amount())
            .expect("an amount concept")
    });
    change(&find(&host, &format!("{row} select")), &target.to_string());
    until("the row warns of text onto an amount", || {
        text_of(&host, &format!("{row} [data-testid=aviso-mapeo]")).contains("sobre todo texto")
    })
    .await;
    assert!(!text_of(&host, &format!("{row} [data-testid=muestras-concepto]")).is_empty());
    assert!(!is_disabled(&host, "[data-testid=restablecer-propuesta]"));

    click(&host, "[data-testid=restablecer-propuesta]");
    until("the warning goes with the user's mapping", || {
        host.query_selector(&format!("{row} [data-testid=aviso-mapeo]"))
            .expect("selector")
            .is_none()
    })
    .await;
    assert!(instance.with_session(|session| session.settings.mapping.is_empty()));
    assert_eq!(
        find(&host, row)
            .get_attribute("data-sin-asignacion")
            .as_deref(),
        Some("true"),
        "back to the proposal: Observaciones unmapped"
    );
    assert!(is_disabled(&host, "[data-testid=restablecer-propuesta]"));
    drop(instance);
}

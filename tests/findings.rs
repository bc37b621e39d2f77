//! Reading findings in a mounted page (wasm-bindgen-test in headless Chromium): a run moves
//! focus to its result and says how many it found; a row's type opens the detail pane with
//! the whole description; the help on each type is reachable from the list's detail, the
//! summary and the employee view; the summary totals the amount differences per concept;
//! the list sorts by the largest absolute difference.
#![cfg(target_arch = "wasm32")]

use cuadra_app::app::{mount, Instance};
use cuadra_app::instance_options::InstanceOptions;
use cuadra_app::session::{Inspection, Session};
use cuadra_core::discrepancy::ComparedValue;
use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::DiscrepancyKind;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod page;
use page::{files_of, find, host, sleep, until, window};

fn all_read(session: &Session, n_files: usize) -> bool {
    session.files.len() == n_files
        && session
            .files
            .values()
            .all(|file| matches!(file.inspection, Inspection::Read(_)))
}

/// Mounts an instance, loads a generated closing, runs it and waits for the list.
async fn run_closing(host: &web_sys::HtmlElement) -> Instance {
    let instance = mount(host.clone(), InstanceOptions::in_page());
    let closing = generate(&GeneratorOptions::sized(5, 30));
    instance.load_files(files_of(&closing));
    until("every file is read", || {
        instance.with_session(|session| all_read(session, closing.files.len()))
    })
    .await;
    assert!(instance.run(), "the run starts");
    until("the list shows its rows", || {
        host.query_selector(
            "[data-testid=fila-discrepancia]:not([hidden]) [data-testid=ver-detalle]",
        )
        .expect("selector")
        .is_some()
    })
    .await;
    instance
}

fn all(host: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let nodes = host.query_selector_all(selector).expect("selector");
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .collect()
}

fn text(element: &web_sys::Element) -> String {
    element.text_content().unwrap_or_default()
}

fn active_id() -> Option<String> {
    window()
        .document()
        .and_then(|document| document.active_element())
        .map(|element| element.id())
}

/// Rendered: not `display: none` and not inside something hidden.
fn rendered(element: &web_sys::Element) -> bool {
    let element: &web_sys::HtmlElement = element.unchecked_ref();
    element.offset_width() > 0 && element.offset_height() > 0
}

#[wasm_bindgen_test]
async fn a_finished_run_moves_to_its_result_and_says_how_many() {
    let host = host();
    let instance = run_closing(&host).await;
    let total =
        instance.with_session(|session| session.result().expect("a result").discrepancies.len());
    until("the result's heading has focus", || {
        active_id().as_deref() == Some("resultado-titulo")
    })
    .await;
    let ready = text(&find(&host, "[data-testid=resultado-listo]"));
    assert_eq!(ready, cuadra_app::ui_text::result_ready(total));
    assert!(ready.starts_with("Resultado listo: "), "{ready}");
    drop(instance);
}

#[wasm_bindgen_test]
async fn a_row_s_type_opens_its_whole_description_and_help() {
    let host = host();
    let instance = run_closing(&host).await;
    let pane = find(&host, "[data-testid=detalle-discrepancia]");
    assert!(
        pane.query_selector("[data-testid=detalle-descripcion]")
            .expect("selector")
            .is_none(),
        "nothing chosen yet"
    );
    let row = find(&host, "[data-testid=fila-discrepancia]:not([hidden])");
    let idx: usize = row
        .get_attribute("data-indice")
        .and_then(|idx| idx.parse().ok())
        .expect("a row shows a discrepancy");
    let button: web_sys::HtmlElement = find(
        &host,
        "[data-testid=fila-discrepancia]:not([hidden]) [data-testid=ver-detalle]",
    )
    .unchecked_into();
    assert_eq!(button.tag_name(), "BUTTON", "Enter and Space open it");
    button.click();
    until("the pane shows the finding", || {
        pane.query_selector("[data-testid=detalle-descripcion]")
            .expect("selector")
            .is_some()
    })
    .await;
    let discrepancy = instance
        .with_session(|session| session.result().expect("a result").discrepancies[idx].clone());
    let shown = find(&host, "[data-testid=detalle-descripcion]");
    assert_eq!(text(&shown), discrepancy.description);
    assert!(!discrepancy.description.is_empty());
    assert!(
        rendered(&shown),
        "the description is on screen, not a tooltip"
    );
    assert_eq!(
        window()
            .get_computed_style(&shown)
            .expect("style")
            .expect("a style")
            .get_property_value("white-space")
            .expect("white-space"),
        "normal",
        "long text wraps"
    );
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let help = find(
        &host,
        "[data-testid=detalle-discrepancia] [data-testid=ayuda-tipo]",
    );
    assert_eq!(
        help.get_attribute("data-tipo").as_deref(),
        Some(discrepancy.kind.id())
    );
    assert!(text(&help).contains(discrepancy.kind.help()));
    drop(instance);
}

#[wasm_bindgen_test]
async fn the_summary_has_help_per_type_and_totals_per_concept() {
    let host = host();
    let instance = run_closing(&host).await;
    let document = instance.with_session(|session| session.result().expect("a result").clone());
    // Every type the summary counts has its help, under its own label.
    let helps = all(&host, "[data-testid=totales-tipo] [data-testid=ayuda-tipo]");
    let kinds: Vec<DiscrepancyKind> = DiscrepancyKind::ALL
        .into_iter()
        .filter(|kind| document.summary.by_kind.get(kind).is_some_and(|n| *n > 0))
        .collect();
    assert!(!kinds.is_empty());
    assert_eq!(helps.len(), kinds.len());
    for (help, kind) in helps.iter().zip(&kinds) {
        assert_eq!(help.get_attribute("data-tipo").as_deref(), Some(kind.id()));
        let summary = help
            .query_selector("summary")
            .expect("selector")
            .expect("a summary");
        assert_eq!(text(&summary), kind.label());
        assert!(text(help).contains(kind.help()));
    }
    // The concept table: one row per concept with an amount difference.
    let concepts = cuadra_app::results_view::concept_totals(&document.discrepancies);
    assert!(
        !concepts.is_empty(),
        "the generated closing has amount differences"
    );
    let rows = all(&host, "[data-testid=totales-concepto] tbody tr");
    assert_eq!(rows.len(), concepts.len());
    for (row, total) in rows.iter().zip(&concepts) {
        assert_eq!(
            row.get_attribute("data-concepto").as_deref(),
            Some(total.concept.as_str())
        );
        let cells = all(row.unchecked_ref(), "td");
        assert_eq!(text(&cells[2]), total.count.to_string());
        assert_eq!(
            text(&cells[3]),
            cuadra_core::values::amount::format_es_cl(total.sum)
        );
        assert!(text(&cells[3]).contains('$'));
    }
    drop(instance);
}

#[wasm_bindgen_test]
async fn the_employee_view_has_help_and_the_list_sorts_by_largest_difference() {
    let host = host();
    let instance = run_closing(&host).await;
    let opener: web_sys::HtmlElement = find(
        &host,
        "[data-testid=fila-discrepancia]:not([hidden]) button.enlace",
    )
    .unchecked_into();
    opener.click();
    until("the dialog opens", || {
        host.query_selector("[data-testid=vista-empleado]")
            .expect("selector")
            .is_some()
    })
    .await;
    let lines = all(&host, "[data-testid=empleado-discrepancias] tbody tr");
    let helps = all(
        &host,
        "[data-testid=empleado-discrepancias] [data-testid=ayuda-tipo]",
    );
    assert!(!lines.is_empty());
    assert_eq!(helps.len(), lines.len(), "one help per finding");
    let close: web_sys::HtmlElement =
        find(&host, "[data-testid=vista-empleado] button").unchecked_into();
    close.click();
    until("the dialog closes", || {
        host.query_selector("[data-testid=vista-empleado]")
            .expect("selector")
            .is_none()
    })
    .await;

    let sort: web_sys::HtmlElement =
        find(&host, "[data-testid=orden-mayor-diferencia]").unchecked_into();
    assert_eq!(sort.get_attribute("aria-pressed").as_deref(), Some("false"));
    sort.click();
    sleep(50).await;
    assert_eq!(sort.get_attribute("aria-pressed").as_deref(), Some("true"));
    let largest = instance.with_session(|session| {
        session
            .result()
            .expect("a result")
            .discrepancies
            .iter()
            .filter_map(|d| match d.difference {
                Some(ComparedValue::Pesos(amount) | ComparedValue::Amount(amount)) => {
                    Some(amount.abs())
                }
                _ => None,
            })
            .max()
            .expect("an amount difference")
    });
    until("the first row has the largest difference", || {
        let row = find(&host, "[data-testid=fila-discrepancia]:not([hidden])");
        let idx: usize = row
            .get_attribute("data-indice")
            .and_then(|idx| idx.parse().ok())
            .unwrap_or(usize::MAX);
        instance.with_session(|session| {
            session
                .result()
                .and_then(|result| result.discrepancies.get(idx))
                .and_then(|d| d.difference.clone())
                .is_some_and(|difference| match difference {
                    ComparedValue::Pesos(amount) | ComparedValue::Amount(amount) => {
                        amount.abs() == largest
                    }
                    _ => false,
                })
        })
    })
    .await;
    drop(instance);
}

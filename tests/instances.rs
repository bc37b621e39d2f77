//! Page instances in the browser (wasm-bindgen-test in headless Chromium), with in-page
//! worker links: two instances in one document keep their own sessions, workers and files
//! and run their own closings at the same time; unmounting one releases what it added and
//! leaves the other working; a worker that fails is replaced and sent its files again.
//! Keyboard: the employee dialog keeps focus and gives it back; each instance's skip links
//! reach its own run bar and result.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;
use std::time::Duration;

use cuadra_app::app::{mount, Instance};
use cuadra_app::instance_options::{InstanceOptions, PlannedFault};
use cuadra_app::protocol::SimulatedFault;
use cuadra_app::session::{Inspection, Session};
use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions};
use cuadra_core::Group;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod page;
use page::{change, files_of, find, host, sleep, until, window};

fn planted_by_group(closing: &GeneratedClosing) -> BTreeMap<Group, usize> {
    Group::ALL
        .into_iter()
        .map(|group| {
            let n = closing
                .planted
                .iter()
                .filter(|planted| planted.kind.group() == group)
                .count();
            (group, n)
        })
        .collect()
}

/// Every file of the session was read by its worker, all of them loaded after `after`
/// (the largest file id before the batch).
fn all_read(session: &Session, n_files: usize, after: u32) -> bool {
    session.files.len() == n_files
        && session
            .files
            .values()
            .all(|file| file.file_id > after && matches!(file.inspection, Inspection::Read(_)))
}

fn last_file_id(instance: &Instance) -> u32 {
    instance.with_session(|session| {
        session
            .files
            .values()
            .map(|file| file.file_id)
            .max()
            .unwrap_or(0)
    })
}

/// Loads a closing into an instance through its own API and waits until it is read.
async fn load(instance: &Instance, closing: &GeneratedClosing) {
    let after = last_file_id(instance);
    instance.load_files(files_of(closing));
    until("every file is read", || {
        instance.with_session(|session| all_read(session, closing.files.len(), after))
    })
    .await;
}

fn run_finished(instance: &Instance, run_id: u32) -> bool {
    instance.with_session(|session| {
        session
            .run
            .as_ref()
            .is_some_and(|run| run.run_id == run_id && run.is_finished())
    })
}

/// The complete result's discrepancy count per group.
fn result_by_group(instance: &Instance) -> BTreeMap<Group, usize> {
    instance.with_session(|session| {
        let result = session.result().expect("a result");
        assert!(!result.incomplete, "both workers answered");
        result.summary.by_group.clone()
    })
}

/// The per-group totals the instance's own page shows.
fn shown_by_group(host: &web_sys::HtmlElement) -> BTreeMap<Group, Option<String>> {
    Group::ALL
        .into_iter()
        .map(|group| {
            let selector = format!(
                "[data-testid=totales-grupo] tr[data-grupo={}] td.num",
                group.id()
            );
            let shown = host
                .query_selector(&selector)
                .expect("selector")
                .and_then(|cell| cell.text_content());
            (group, shown)
        })
        .collect()
}

fn as_shown(counts: &BTreeMap<Group, usize>) -> BTreeMap<Group, Option<String>> {
    counts
        .iter()
        .map(|(group, n)| (*group, Some(n.to_string())))
        .collect()
}

#[wasm_bindgen_test]
async fn two_instances_in_one_document_run_their_own_closings_at_once() {
    let (host_a, host_b) = (host(), host());
    let a = mount(host_a.clone(), InstanceOptions::in_page());
    let b = mount(host_b.clone(), InstanceOptions::in_page());
    let closing_a = generate(&GeneratorOptions::sized(3, 40));
    let closing_b = generate(&GeneratorOptions::sized(8, 90));
    let (planted_a, planted_b) = (planted_by_group(&closing_a), planted_by_group(&closing_b));
    assert_ne!(planted_a, planted_b, "the two closings must be told apart");

    load(&a, &closing_a).await;
    load(&b, &closing_b).await;
    assert!(a.run(), "a's run starts");
    assert!(b.run(), "b's run starts");
    // Workers answer in a later task, so both runs are under way together.
    assert!(a.with_session(Session::is_running) && b.with_session(Session::is_running));
    until("both runs finish", || {
        run_finished(&a, 1) && run_finished(&b, 1)
    })
    .await;

    assert_eq!(result_by_group(&a), planted_a);
    assert_eq!(result_by_group(&b), planted_b);
    until("each page shows its own totals", || {
        shown_by_group(&host_a) == as_shown(&planted_a)
            && shown_by_group(&host_b) == as_shown(&planted_b)
    })
    .await;

    drop(a);
    assert_eq!(host_a.child_element_count(), 0, "a is unmounted");
    let closing_c = generate(&GeneratorOptions::sized(13, 60));
    let planted_c = planted_by_group(&closing_c);
    assert_ne!(planted_c, planted_b);
    load(&b, &closing_c).await;
    assert!(b.run(), "b runs again after a is gone");
    until("b's second run finishes", || run_finished(&b, 2)).await;
    assert_eq!(result_by_group(&b), planted_c);
    until("b shows its new totals", || {
        shown_by_group(&host_b) == as_shown(&planted_c)
    })
    .await;
    drop(b);
    assert_eq!(host_b.child_element_count(), 0);
}

/// Dispatches a cancelable `dragover` on the window; true when nothing cancelled it.
fn dragover_reaches_the_browser() -> bool {
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let event = web_sys::Event::new_with_event_init_dict("dragover", &init).expect("event");
    window().dispatch_event(&event).expect("dispatch")
}

#[wasm_bindgen_test]
fn unmounting_removes_the_window_drop_guards() {
    assert!(
        dragover_reaches_the_browser(),
        "nothing guards the window yet"
    );
    let instance = mount(host(), InstanceOptions::in_page());
    assert!(
        !dragover_reaches_the_browser(),
        "a mounted instance keeps a stray drop from leaving the page"
    );
    drop(instance);
    assert!(
        dragover_reaches_the_browser(),
        "an unmounted instance leaves no listener behind"
    );
}

fn failed_worker(instance: &Instance, group: Group) -> Option<String> {
    instance.with_session(|session| {
        let run = session.run.as_ref()?;
        run.worker(group).outcome.clone()?.err()
    })
}

#[wasm_bindgen_test]
async fn a_panicked_worker_is_replaced_and_sent_its_files_again() {
    let options = InstanceOptions {
        simulated_fault: Some(PlannedFault {
            group: Group::PayrollVsChanges,
            fault: SimulatedFault::Panic,
        }),
        ..InstanceOptions::in_page()
    };
    let instance = mount(host(), options);
    let closing = generate(&GeneratorOptions::sized(5, 30));
    load(&instance, &closing).await;
    assert!(instance.run());
    until("the first run finishes", || run_finished(&instance, 1)).await;
    let error = failed_worker(&instance, Group::PayrollVsChanges).expect("the libro worker failed");
    assert!(error.contains("fallo simulado"), "{error}");
    assert_eq!(failed_worker(&instance, Group::MovementsVsAnalyst), None);
    assert!(instance.with_session(|session| session.result().is_some_and(|r| r.incomplete)));

    // The fresh worker holds nothing: sent as `Cached`, the files would fail the run.
    assert!(instance.run());
    until("the second run finishes", || run_finished(&instance, 2)).await;
    assert_eq!(result_by_group(&instance), planted_by_group(&closing));
}

#[wasm_bindgen_test]
async fn a_worker_that_never_answers_is_stopped_by_the_time_limit() {
    let options = InstanceOptions {
        time_limit: Duration::from_millis(300),
        simulated_fault: Some(PlannedFault {
            group: Group::MovementsVsAnalyst,
            fault: SimulatedFault::Hang,
        }),
        ..InstanceOptions::in_page()
    };
    let instance = mount(host(), options);
    load(&instance, &generate(&GeneratorOptions::sized(6, 30))).await;
    assert!(instance.run());
    until("the time limit ends the run", || run_finished(&instance, 1)).await;
    let error = failed_worker(&instance, Group::MovementsVsAnalyst).expect("timed out");
    assert!(error.contains("tiempo límite"), "{error}");
    assert_eq!(failed_worker(&instance, Group::PayrollVsChanges), None);
}

fn text_of(host: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    host.query_selector(selector)
        .expect("selector")
        .and_then(|element| element.text_content())
}

/// The number of rows the list says it shows.
fn rows_shown(host: &web_sys::HtmlElement) -> Option<usize> {
    host.query_selector("[data-testid=conteo-filas]")
        .expect("selector")
        .and_then(|count| count.get_attribute("data-filas"))
        .and_then(|n| n.parse().ok())
}

/// The discrepancy index the list's first visible row shows.
fn first_row_index(host: &web_sys::HtmlElement) -> usize {
    find(host, "[data-testid=fila-discrepancia]:not([hidden])")
        .get_attribute("data-indice")
        .and_then(|idx| idx.parse().ok())
        .expect("a row shows a discrepancy")
}

fn discrepancy_at(instance: &Instance, idx: usize) -> cuadra_core::Discrepancy {
    instance.with_session(|session| session.result().expect("a result").discrepancies[idx].clone())
}

/// Every worker of the current run took at least one progress message (only
/// `apply_progress` sets a stage).
fn progress_was_applied(instance: &Instance) -> bool {
    instance.with_session(|session| {
        let run = session.run.as_ref().expect("a run");
        Group::ALL
            .into_iter()
            .all(|group| run.worker(group).stage.is_some())
    })
}

/// The shown count of one estado in the summary.
fn shown_status_total(host: &web_sys::HtmlElement, status: &str) -> Option<String> {
    text_of(
        host,
        &format!("[data-testid=totales-estado] tr[data-estado={status}] td.num"),
    )
}

#[wasm_bindgen_test]
async fn progress_and_edits_do_not_refilter_the_list_or_rebuild_the_page() {
    let host = host();
    let instance = mount(host.clone(), InstanceOptions::in_page());
    let closing = generate(&GeneratorOptions::sized(21, 80));
    let n_planted = closing.planted.len();
    load(&instance, &closing).await;
    let loaded = instance.render_counts();
    assert_eq!(loaded.list_filterings, 0, "no result, no list");
    assert!(loaded.mapping_builds >= 1, "the mapping editor was built");

    // A run: its progress messages and first answer change the monitor only; its result
    // builds the results once.
    assert!(instance.run());
    until("the first run finishes", || run_finished(&instance, 1)).await;
    assert!(progress_was_applied(&instance));
    until("the list shows every row", || {
        rows_shown(&host) == Some(n_planted)
    })
    .await;
    // The warnings are built one task after the list (`Later`).
    until("the warnings are built", || {
        instance.render_counts().warning_builds > 0
    })
    .await;
    let shown = instance.render_counts();
    assert_eq!(shown.list_filterings, 1);
    assert_eq!(shown.summary_builds, 1);
    assert_eq!(shown.warning_builds, 1);
    assert_eq!(
        shown.mapping_builds, loaded.mapping_builds,
        "the mapping editor"
    );
    assert_eq!(shown.slot_builds, loaded.slot_builds, "the slots");

    // An estado edit updates the row and the summary's count, a note edit the row; neither
    // filters, sorts or builds anything again.
    let idx = first_row_index(&host);
    change(
        &find(
            &host,
            "[data-testid=fila-discrepancia]:not([hidden]) select",
        ),
        "justificada",
    );
    until("the summary counts the new estado", || {
        shown_status_total(&host, "justificada").as_deref() == Some("1")
    })
    .await;
    assert_eq!(
        discrepancy_at(&instance, idx).status,
        cuadra_core::DiscrepancyStatus::Justified
    );
    change(
        &find(&host, "[data-testid=fila-discrepancia]:not([hidden]) input"),
        "  pagado en abril ",
    );
    assert_eq!(
        discrepancy_at(&instance, idx).note.as_deref(),
        Some("pagado en abril")
    );
    sleep(50).await;
    assert_eq!(instance.render_counts(), shown, "edits rebuilt something");

    // Progress messages of a second run while the first result is shown: only its new
    // result filters the list again.
    assert!(instance.run());
    until("the second run finishes", || run_finished(&instance, 2)).await;
    assert!(progress_was_applied(&instance));
    until("the summary shows the new document", || {
        instance.render_counts().summary_builds == shown.summary_builds + 1
    })
    .await;
    sleep(50).await;
    let rerun = instance.render_counts();
    assert_eq!(rerun.list_filterings, shown.list_filterings + 1);
    assert_eq!(rerun.warning_builds, shown.warning_builds + 1);
    assert_eq!(rerun.mapping_builds, shown.mapping_builds);
    assert_eq!(rerun.slot_builds, shown.slot_builds);
    assert_eq!(
        discrepancy_at(&instance, idx).status,
        cuadra_core::DiscrepancyStatus::Justified,
        "the estado carried over"
    );

    // With an estado filter, an edit that changes membership does filter again.
    change(&find(&host, "#filtro-estado"), "pendiente");
    until("only pending rows", || {
        rows_shown(&host) == Some(n_planted - 1)
    })
    .await;
    let filtered = instance.render_counts();
    assert_eq!(filtered.list_filterings, rerun.list_filterings + 1);
    let idx = first_row_index(&host);
    change(
        &find(
            &host,
            "[data-testid=fila-discrepancia]:not([hidden]) select",
        ),
        "corregida",
    );
    until("the corrected row leaves the list", || {
        rows_shown(&host) == Some(n_planted - 2)
    })
    .await;
    assert_eq!(
        discrepancy_at(&instance, idx).status,
        cuadra_core::DiscrepancyStatus::Corrected
    );
    assert_ne!(first_row_index(&host), idx);
    let edited = instance.render_counts();
    assert_eq!(edited.list_filterings, filtered.list_filterings + 1);
    // A note does not change membership, even under an estado filter.
    change(
        &find(&host, "[data-testid=fila-discrepancia]:not([hidden]) input"),
        "revisar",
    );
    sleep(50).await;
    assert_eq!(instance.render_counts(), edited);
    assert_eq!(rows_shown(&host), Some(n_planted - 2));
    drop(instance);
}

#[wasm_bindgen_test]
async fn a_cancelled_run_keeps_the_files_and_the_next_run_completes() {
    use cuadra_core::document::ClosingState;
    let options = InstanceOptions {
        simulated_fault: Some(PlannedFault {
            group: Group::PayrollVsChanges,
            fault: SimulatedFault::Hang,
        }),
        ..InstanceOptions::in_page()
    };
    let instance = mount(host(), options);
    let closing = generate(&GeneratorOptions::sized(8, 30));
    load(&instance, &closing).await;
    assert!(instance.run());
    until("the movements worker answers", || {
        instance.with_session(|session| {
            session
                .run
                .as_ref()
                .is_some_and(|run| run.worker(Group::MovementsVsAnalyst).outcome.is_some())
        })
    })
    .await;
    instance.cancel();
    let (state, n_files, cancelled) = instance.with_session(|session| {
        (
            session.closing_state(),
            session.files.len(),
            session.cancelled,
        )
    });
    assert_eq!(state, ClosingState::FilesComplete);
    assert_eq!(n_files, closing.files.len());
    assert!(cancelled);

    // The hung worker was replaced: sent as `Cached`, its files would fail the run.
    assert!(instance.run());
    until("the second run finishes", || run_finished(&instance, 2)).await;
    assert_eq!(result_by_group(&instance), planted_by_group(&closing));
}

/// Without Novedades the page shows Libro vs Novedades as not compared: its card,
/// its row of the totals, the sentence and the notes say so, and the closing's state is not
/// the clean one.
#[wasm_bindgen_test]
async fn a_closing_without_novedades_is_shown_as_not_compared() {
    let host = host();
    let instance = mount(host.clone(), InstanceOptions::in_page());
    let closing = generate(&GeneratorOptions {
        include_payroll_changes: false,
        ..GeneratorOptions::sized(5, 30)
    });
    load(&instance, &closing).await;
    assert!(instance.run(), "the run starts");
    until("the run finishes", || run_finished(&instance, 1)).await;
    let element = |selector: &str| host.query_selector(selector).expect("a valid selector");
    let text = |selector: &str| {
        element(selector)
            .and_then(|found| found.text_content())
            .unwrap_or_default()
    };
    until("the summary shows", || {
        element("[data-testid=verificacion]").is_some()
    })
    .await;
    let card = "[data-testid=trabajador-libro_vs_novedades]";
    assert_eq!(
        element(card).and_then(|card| card.get_attribute("data-comparado")),
        Some("false".to_string())
    );
    assert!(
        text(card).contains("No comparado: no se cargó Novedades"),
        "{}",
        text(card)
    );
    assert_eq!(
        text("[data-testid=totales-grupo] tr[data-grupo=libro_vs_novedades] td.num"),
        "No comparado"
    );
    let times = text("[data-testid=tiempos-trabajadores] tr[data-grupo=libro_vs_novedades]");
    assert!(
        times.contains("No comparado: no se cargó Novedades"),
        "{times}"
    );
    assert!(!times.contains("Correcto"), "{times}");
    assert!(
        times.contains('—'),
        "no count for a group that compared nothing: {times}"
    );
    assert!(text("[data-testid=verificacion]")
        .ends_with("no se comparó Libro vs Novedades porque no se cargó Novedades."));
    assert!(
        text("[data-testid=notas-trabajadores]").contains("No se cargó el archivo de Novedades")
    );
    let state =
        element("[data-testid=estado-cierre]").and_then(|badge| badge.get_attribute("data-estado"));
    assert_ne!(state.as_deref(), Some("verificado_sin_discrepancias"));
    assert!(instance.with_session(|session| { !session.closing_state().allows_consolidation() }));
    drop(instance);
}

/// A bubbling, cancellable `keydown` of `key` on `target`; `false` when the page
/// prevented its default (kept the browser from acting on it).
fn key_down(target: &web_sys::Element, key: &str, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("keydown");
    target.dispatch_event(&event).expect("dispatch")
}

fn active_element() -> Option<web_sys::Element> {
    window().document().expect("document").active_element()
}

#[wasm_bindgen_test]
async fn the_employee_dialog_keeps_focus_inside_and_gives_it_back_when_closed() {
    let host = host();
    let instance = mount(host.clone(), InstanceOptions::in_page());
    let closing = generate(&GeneratorOptions::sized(5, 30));
    load(&instance, &closing).await;
    assert!(instance.run());
    until("the run finishes", || run_finished(&instance, 1)).await;
    until("the list shows its rows", || {
        host.query_selector("[data-testid=fila-discrepancia]:not([hidden]) button.enlace")
            .expect("selector")
            .is_some()
    })
    .await;
    let opener: web_sys::HtmlElement = find(
        &host,
        "[data-testid=fila-discrepancia]:not([hidden]) button.enlace",
    )
    .unchecked_into();
    for close_with_escape in [true, false] {
        opener.focus().expect("focus");
        opener.click();
        until("the dialog opens with focus inside", || {
            host.query_selector("[data-testid=vista-empleado]")
                .expect("selector")
                .is_some_and(|dialog| dialog.contains(active_element().as_deref()))
        })
        .await;
        let dialog = find(&host, "[data-testid=vista-empleado]");
        // Cerrar is the first tab stop and the last line's note the last: Shift+Tab from
        // Cerrar wraps to the note, Tab from the note back to Cerrar.
        let close_button = find(
            &host,
            "[data-testid=vista-empleado] .dialogo-cabecera button",
        );
        assert_eq!(active_element().as_ref(), Some(&close_button));
        let helps = dialog.query_selector_all("summary").expect("selector");
        assert!(helps.length() > 0, "each finding has its help");
        assert!(!key_down(&dialog, "Tab", true), "Shift+Tab is kept inside");
        let last = active_element().expect("focus");
        assert_eq!(
            last.get_attribute("data-testid").as_deref(),
            Some("empleado-nota"),
            "the last stop is the last line's note"
        );
        assert!(!key_down(&dialog, "Tab", false), "Tab is kept inside");
        assert_eq!(active_element().as_ref(), Some(&close_button));
        if close_with_escape {
            assert!(!key_down(&dialog, "Escape", false));
        } else {
            let close: web_sys::HtmlElement =
                find(&host, "[data-testid=vista-empleado] button").unchecked_into();
            close.click();
        }
        until("the dialog closes", || {
            host.query_selector("[data-testid=vista-empleado]")
                .expect("selector")
                .is_none()
        })
        .await;
        assert_eq!(
            active_element().as_ref(),
            Some(opener.unchecked_ref::<web_sys::Element>()),
            "focus is back on the RUT that opened the dialog (escape: {close_with_escape})"
        );
    }
}

#[wasm_bindgen_test]
async fn each_instance_s_skip_link_reaches_its_own_run_bar_and_result() {
    let (host_a, host_b) = (host(), host());
    let a = mount(host_a.clone(), InstanceOptions::in_page());
    let _b = mount(host_b.clone(), InstanceOptions::in_page());
    let skip_b: web_sys::HtmlElement = find(&host_b, ".saltar").unchecked_into();
    // Nothing loaded: the run button is disabled, so the link goes to the run bar.
    skip_b.click();
    let bar_b = find(&host_b, "#cuadra-barra-ejecutar");
    assert_eq!(active_element().as_ref(), Some(&bar_b), "b's own run bar");

    let closing = generate(&GeneratorOptions::sized(5, 30));
    load(&a, &closing).await;
    until("a's run button is enabled", || {
        !find(&host_a, "#cuadra-ejecutar").has_attribute("disabled")
    })
    .await;
    let skip_a: web_sys::HtmlElement = find(&host_a, ".saltar").unchecked_into();
    skip_a.click();
    let run_a = find(&host_a, "#cuadra-ejecutar");
    assert_eq!(
        active_element().as_ref(),
        Some(&run_a),
        "a's enabled run button"
    );
    assert!(a.run());
    until("a's run finishes", || run_finished(&a, 1)).await;
    until("a offers a link to its result", || {
        host_a
            .query_selector(".saltar:nth-of-type(2)")
            .expect("selector")
            .is_some()
    })
    .await;
    let to_result: web_sys::HtmlElement = find(&host_a, ".saltar:nth-of-type(2)").unchecked_into();
    to_result.click();
    assert_eq!(
        active_element().map(|element| element.id()).as_deref(),
        Some("resultado-titulo")
    );
    assert!(host_a.contains(active_element().as_deref()));
}

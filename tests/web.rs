//! Browser tests (wasm-bindgen-test in headless Chromium) for the app's adapters and page.
//! Worker round trips through real Web Workers are covered end to end by Playwright
//! (`tests/e2e`), since the test runner cannot serve Trunk-built workers.
#![cfg(target_arch = "wasm32")]

use cuadra_app::protocol::{decode, encode, Content, InputFile, Request, Response};
use cuadra_app::workers::{MovementsVsAnalystWorker, PayrollVsChangesWorker, WorkerLogic};
use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::{Group, Settings, Slot};
use std::cell::RefCell;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn clock() -> f64 {
    js_sys::Date::now()
}

/// Runs one worker's logic on a generated closing, as the worker would, through the
/// protocol's encoding both ways.
fn run_worker(logic: &mut dyn WorkerLogic, group: Group) -> Vec<Response> {
    let closing = generate(&GeneratorOptions::sized(3, 40));
    let files: Vec<InputFile> = closing
        .files
        .iter()
        .enumerate()
        .filter(|(_, file)| cuadra_app::session::group_of(file.slot) == group)
        .map(|(idx, file)| InputFile {
            file_id: idx as u32 + 1,
            slot: file.slot,
            name: file.file_name.clone(),
            content: Content::Bytes(file.bytes.clone()),
        })
        .collect();
    let request = Request::Run {
        run_id: 1,
        files,
        settings: Settings::default(),
        period: Some(closing.period),
        fault: None,
    };
    let request: Request = decode(&encode(&request)).expect("request round trip");
    let answers = RefCell::new(Vec::new());
    logic.handle(request, &|response: &Response| {
        let decoded: Response = decode(&encode(response)).expect("response round trip");
        // Typed discrepancy values read back by their layout, in wasm too.
        assert_eq!(&decoded, response);
        answers.borrow_mut().push(decoded)
    });
    let expected = closing
        .planted
        .iter()
        .filter(|p| p.kind.group() == group)
        .count();
    let answers = answers.into_inner();
    match answers.last() {
        Some(Response::Finished {
            run_id: 1,
            result: Ok(run),
        }) => {
            assert_eq!(run.group, group);
            assert_eq!(
                run.result.discrepancies.len(),
                expected,
                "planted discrepancies found"
            );
            assert!(run.rows_read > 0);
        }
        other => panic!("expected a finished run, got {other:?}"),
    }
    answers
}

#[wasm_bindgen_test]
fn payroll_worker_logic_runs_in_wasm() {
    let answers = run_worker(
        &mut PayrollVsChangesWorker::new(clock),
        Group::PayrollVsChanges,
    );
    assert!(
        answers
            .iter()
            .any(|a| matches!(a, Response::Progress { .. })),
        "progress is reported"
    );
}

#[wasm_bindgen_test]
fn movements_worker_logic_runs_in_wasm() {
    run_worker(
        &mut MovementsVsAnalystWorker::new(clock),
        Group::MovementsVsAnalyst,
    );
}

/// The result list sorts and shows the worker's typed values in the browser: dates as
/// es-CL, markers as written, sorted dates before text and blanks last.
#[wasm_bindgen_test]
fn the_result_list_sorts_and_shows_typed_values_in_wasm() {
    use cuadra_app::results_view::{
        source_display, visible_indices, Column, Direction, Filter, Sort,
    };
    let answers = run_worker(
        &mut MovementsVsAnalystWorker::new(clock),
        Group::MovementsVsAnalyst,
    );
    let Some(Response::Finished {
        result: Ok(run), ..
    }) = answers.last()
    else {
        panic!("expected a finished run");
    };
    let rows = &run.result.discrepancies;
    let sorted = visible_indices(
        rows,
        &Filter::default(),
        Some(Sort {
            column: Column::SourceValue,
            direction: Direction::Ascending,
        }),
    );
    let shown: Vec<String> = sorted
        .iter()
        .map(|idx| source_display(&rows[*idx]))
        .collect();
    // 0: days (`1`, `0,5`), 1: a date (`05-03-2025`), 2: anything else.
    let class = |text: &str| {
        let bytes = text.as_bytes();
        if !text.is_empty() && bytes.iter().all(|b| b.is_ascii_digit() || *b == b',') {
            0
        } else if bytes.len() == 10 && bytes[2] == b'-' && bytes[5] == b'-' {
            1
        } else {
            2
        }
    };
    let classes: Vec<u8> = shown.iter().map(|text| class(text)).collect();
    assert!(
        classes.windows(2).all(|pair| pair[0] <= pair[1]),
        "numbers, then dates, then text: {shown:?}"
    );
    assert!(classes.contains(&1), "dates show as DD-MM-YYYY: {shown:?}");
    assert!(
        shown.iter().any(|text| text == "No encontrado"),
        "{shown:?}"
    );
}

#[wasm_bindgen_test]
fn inspect_reports_a_broken_file_as_an_error_naming_it() {
    let mut logic = PayrollVsChangesWorker::new(clock);
    let file = InputFile {
        file_id: 9,
        slot: Slot::PayrollBook,
        name: "roto.xlsx".into(),
        content: Content::Bytes(b"PK\x03\x04 no zip".to_vec()),
    };
    let answers = RefCell::new(Vec::new());
    logic.handle(Request::Inspect { file }, &|response: &Response| {
        answers.borrow_mut().push(response.clone())
    });
    match answers.into_inner().as_slice() {
        [Response::Inspected {
            file_id: 9,
            result: Err(error),
            ..
        }] => assert!(error.to_string().contains("roto.xlsx")),
        other => panic!("unexpected answers {other:?}"),
    }
}

#[wasm_bindgen_test]
fn page_renders_the_six_labelled_slots_and_the_pending_state() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let host = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(host);
    let handle = cuadra_app::app::mount(
        host.clone(),
        cuadra_app::instance_options::InstanceOptions::in_page(),
    );
    for slot in Slot::ALL {
        let input = host
            .query_selector(&format!("#archivo-{}", slot.id()))
            .expect("query")
            .expect("input exists");
        let label = host
            .query_selector(&format!("label[for=archivo-{}]", slot.id()))
            .expect("query")
            .expect("label");
        assert_eq!(label.text_content().as_deref(), Some(slot.label()));
        assert_eq!(input.get_attribute("type").as_deref(), Some("file"));
    }
    let estado = host
        .query_selector("[data-testid=estado-cierre]")
        .expect("query")
        .expect("estado");
    assert_eq!(
        estado.get_attribute("data-estado").as_deref(),
        Some("pendiente")
    );
    // The run bar's button (the demo button comes earlier in the page).
    let button = host
        .query_selector(".actions button")
        .expect("query")
        .expect("run button");
    assert_eq!(
        button.text_content().as_deref(),
        Some("Generar discrepancias")
    );
    assert!(button.has_attribute("disabled"));
    drop(handle);
}

/// Suggested RUTs survive the worker's postcard round trip and reach the list's
/// "¿Quiso decir…?" line in the browser.
#[wasm_bindgen_test]
fn suggestions_cross_the_worker_boundary_and_show_in_wasm() {
    use cuadra_app::results_view::suggestion_display;
    let closing = generate(&GeneratorOptions {
        rut_typos: 5,
        ..GeneratorOptions::sized(31, 300)
    });
    let files: Vec<InputFile> = closing
        .files
        .iter()
        .enumerate()
        .filter(|(_, file)| cuadra_app::session::group_of(file.slot) == Group::PayrollVsChanges)
        .map(|(idx, file)| InputFile {
            file_id: idx as u32 + 1,
            slot: file.slot,
            name: file.file_name.clone(),
            content: Content::Bytes(file.bytes.clone()),
        })
        .collect();
    let request = Request::Run {
        run_id: 1,
        files,
        settings: Settings::default(),
        period: Some(closing.period),
        fault: None,
    };
    let answers = RefCell::new(Vec::new());
    PayrollVsChangesWorker::new(clock).handle(request, &|response: &Response| {
        answers
            .borrow_mut()
            .push(decode::<Response>(&encode(response)).expect("response round trip"))
    });
    let answers = answers.into_inner();
    let Some(Response::Finished {
        result: Ok(run), ..
    }) = answers.last()
    else {
        panic!("expected a finished run");
    };
    let suggested: Vec<_> = run
        .result
        .discrepancies
        .iter()
        .filter(|d| d.suggestion.is_some())
        .collect();
    assert!(!suggested.is_empty(), "the planted typos get suggestions");
    for discrepancy in suggested {
        let suggestion = discrepancy.suggestion.as_ref().expect("filtered");
        let line = suggestion_display(discrepancy);
        assert!(line.starts_with("¿Quiso decir "), "{line}");
        assert!(line.contains(&suggestion.rut.to_string()), "{line}");
        assert!(line.contains(suggestion.reason.phrase()), "{line}");
    }
}

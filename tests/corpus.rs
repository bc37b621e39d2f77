//! The malformed-input corpus through the page's worker logic, natively (`cargo test`) and
//! in Chromium (wasm-bindgen-test): each case is an `Inspect` request through the
//! protocol's encoding to the worker of its slot's group, answered with exactly the
//! message the user sees or the file's facts; after the whole corpus both workers still
//! run a generated closing to its planted result. The page-side Playwright test only has
//! to put the same files through the real page.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::cell::RefCell;

use cuadra_app::protocol::{decode, encode, Content, InputFile, Request, Response};
use cuadra_app::workers::{MovementsVsAnalystWorker, PayrollVsChangesWorker, WorkerLogic};
use cuadra_core::generator::corpus::{light_cases, CorpusCase, Expected};
use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::{Group, Settings};

fn clock() -> f64 {
    0.0
}

/// Both workers, as the page spawns them.
struct Workers {
    payroll: PayrollVsChangesWorker,
    movements: MovementsVsAnalystWorker,
}

impl Workers {
    fn new() -> Workers {
        Workers {
            payroll: PayrollVsChangesWorker::new(clock),
            movements: MovementsVsAnalystWorker::new(clock),
        }
    }

    /// Sends one request through postcard both ways, as `postMessage` carries it.
    fn send(&mut self, group: Group, request: Request) -> Vec<Response> {
        let request: Request = decode(&encode(&request)).expect("request round trip");
        let answers = RefCell::new(Vec::new());
        let post = |response: &Response| {
            let decoded: Response = decode(&encode(response)).expect("response round trip");
            answers.borrow_mut().push(decoded);
        };
        match group {
            Group::PayrollVsChanges => self.payroll.handle(request, &post),
            Group::MovementsVsAnalyst => self.movements.handle(request, &post),
        }
        answers.into_inner()
    }
}

/// What the worker answers to `Inspect` for a case, in the shape of `Expected`.
fn inspect(workers: &mut Workers, file_id: u32, case: &CorpusCase) -> Result<Expected, String> {
    let answers = workers.send(
        case.slot.group(),
        Request::Inspect {
            file: InputFile {
                file_id,
                slot: case.slot,
                name: case.file_name.clone(),
                content: Content::Bytes(case.bytes.clone()),
            },
        },
    );
    match answers.as_slice() {
        [Response::Inspected {
            file_id: answered,
            result,
            ..
        }] if *answered == file_id => Ok(match result {
            Err(error) => Expected::Error(error.to_string()),
            Ok(facts) => Expected::Read {
                n_rows: facts.summary.n_rows,
                warnings: facts
                    .summary
                    .warnings
                    .iter()
                    .map(|warning| warning.message.clone())
                    .collect(),
                concepts: facts.concepts.clone(),
            },
        }),
        other => Err(format!("{}: unexpected answers {other:?}", case.name)),
    }
}

#[test]
fn corpus_every_light_case_through_the_worker_logic() {
    let mut workers = Workers::new();
    let mut mismatches = Vec::new();
    for (idx, case) in light_cases().iter().enumerate() {
        match inspect(&mut workers, idx as u32 + 1, case) {
            Ok(got) if got == case.expected => {}
            Ok(got) => mismatches.push(format!(
                "{}:\n  expected {:?}\n  got      {got:?}",
                case.name, case.expected
            )),
            Err(problem) => mismatches.push(problem),
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));

    // The rest of the user's work stays as it was: the same workers run a closing.
    let closing = generate(&GeneratorOptions::sized(5, 30));
    for group in Group::ALL {
        let files: Vec<InputFile> = closing
            .files
            .iter()
            .enumerate()
            .filter(|(_, file)| file.slot.group() == group)
            .map(|(idx, file)| InputFile {
                file_id: 1000 + idx as u32,
                slot: file.slot,
                name: file.file_name.clone(),
                content: Content::Bytes(file.bytes.clone()),
            })
            .collect();
        let answers = workers.send(
            group,
            Request::Run {
                run_id: 7,
                files,
                settings: Settings::default(),
                period: Some(closing.period),
                fault: None,
            },
        );
        let expected = closing
            .planted
            .iter()
            .filter(|planted| planted.kind.group() == group)
            .count();
        match answers.last() {
            Some(Response::Finished {
                run_id: 7,
                result: Ok(run),
            }) => assert_eq!(run.result.discrepancies.len(), expected, "{group:?}"),
            other => panic!("{group:?}: expected a finished run, got {other:?}"),
        }
    }
}

//! Shared by the storage tests: a real run of a generated closing (readers, both
//! comparisons, consolidation), and helpers for file bodies and for driving the memory
//! store's futures natively.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

pub mod checks;

use cuadra_core::compare::{
    compare_movements_vs_analyst, compare_payroll_vs_changes, effective_mapping,
};
use cuadra_core::consolidate::{consolidate, RunContext, WorkerOutcome};
use cuadra_core::document::{ClosingInfo, ResultDocument};
use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions};
use cuadra_core::input::{
    read_analyst_absences, read_analyst_hires, read_analyst_terminations, read_monthly_movements,
    read_payroll_book, read_payroll_changes,
};
use cuadra_core::values::rut::Rut;
use cuadra_core::{AnalystReports, Discrepancy, InputSummary, Settings, Slot};

use cuadra_app::storage::{ClosingKey, FileBody, StoredFile};

/// A run of a generated closing, as the page would consolidate it.
pub struct Run {
    pub closing: GeneratedClosing,
    pub document: ResultDocument,
    /// Every employee name the files hold (libro and novedades), for the audit log test.
    pub employee_names: Vec<String>,
    /// The novedades headers and libro concepts, for mapping proposals.
    pub changes_concepts: Vec<String>,
    pub book_concepts: Vec<String>,
}

impl Run {
    pub fn key(&self) -> ClosingKey {
        ClosingKey {
            company_rut: self.closing.company_rut,
            period: self.closing.period,
        }
    }

    /// The files as a closing record lists them.
    pub fn stored_files(&self, content_kept: bool) -> Vec<StoredFile> {
        self.document
            .inputs
            .iter()
            .map(|input| StoredFile {
                slot: input.slot,
                name: input.file_name.clone(),
                sha256: input.sha256.clone(),
                size: self
                    .closing
                    .file(input.slot)
                    .map_or(0, |file| file.bytes.len() as u64),
                content_kept,
            })
            .collect()
    }
}

/// Generates a closing and runs it with `settings`, carrying estados over from `previous`.
pub fn run_generated(
    options: &GeneratorOptions,
    settings: &Settings,
    previous: &[Discrepancy],
) -> Run {
    let closing = generate(options);
    let file = |slot| {
        closing
            .file(slot)
            .map(|f| (f.file_name.as_str(), f.bytes.as_slice()))
    };
    let mut inputs: Vec<InputSummary> = Vec::new();
    let (name, data) = file(Slot::PayrollBook).expect("the generator always writes a libro");
    let book = read_payroll_book(name, data).expect("the generated libro reads");
    inputs.push(book.summary.clone());
    let changes = file(Slot::PayrollChanges).map(|(name, data)| {
        let read = read_payroll_changes(name, data).expect("the generated novedades read");
        inputs.push(read.summary.clone());
        read.value
    });
    let (name, data) =
        file(Slot::MonthlyMovements).expect("the generator always writes movimientos");
    let movements = read_monthly_movements(name, data).expect("the generated movimientos read");
    inputs.push(movements.summary.clone());
    let mut analyst = AnalystReports::default();
    if let Some((name, data)) = file(Slot::AnalystHires) {
        let read = read_analyst_hires(name, data).expect("ingresos read");
        inputs.push(read.summary.clone());
        analyst.hires = Some(read.value);
    }
    if let Some((name, data)) = file(Slot::AnalystTerminations) {
        let read = read_analyst_terminations(name, data).expect("finiquitos read");
        inputs.push(read.summary.clone());
        analyst.terminations = Some(read.value);
    }
    if let Some((name, data)) = file(Slot::AnalystAbsences) {
        let read = read_analyst_absences(name, data).expect("ausentismos read");
        inputs.push(read.summary.clone());
        analyst.absences = Some(read.value);
    }
    let changes_concepts = changes
        .as_ref()
        .map(|c| c.concepts.clone())
        .unwrap_or_default();
    let mut used = settings.clone();
    used.mapping = effective_mapping(&changes_concepts, &book.value.concepts, settings);
    let payroll = compare_payroll_vs_changes(&book.value, changes.as_ref(), settings);
    let movements_result =
        compare_movements_vs_analyst(&movements.value, &analyst, settings, Some(closing.period));
    let info = ClosingInfo {
        period: Some(closing.period),
        company_rut: Some(closing.company_rut),
    };
    let document = consolidate(
        RunContext {
            closing: &info,
            inputs: &inputs,
            settings: &used,
            previous,
        },
        WorkerOutcome::Ok {
            result: payroll,
            ms: 12.5,
        },
        WorkerOutcome::Ok {
            result: movements_result,
            ms: 7.25,
        },
    );
    let mut employee_names: Vec<String> = book
        .value
        .employees
        .iter()
        .map(|e| e.name.clone())
        .collect();
    if let Some(changes) = &changes {
        employee_names.extend(changes.employees.iter().map(|e| e.name.clone()));
    }
    employee_names.retain(|name| !name.trim().is_empty());
    Run {
        closing,
        document,
        employee_names,
        changes_concepts,
        book_concepts: book.value.concepts.clone(),
    }
}

/// The default small closing (133 employees) at a seed.
pub fn small_run(seed: u64) -> Run {
    run_generated(
        &GeneratorOptions::sized(seed, 133),
        &Settings::default(),
        &[],
    )
}

/// A result of `n` discrepancies: a generated run's discrepancies repeated over distinct
/// RUTs (so each one has its own identity), with the summary recomputed.
pub fn large_document(n: usize) -> ResultDocument {
    let run = small_run(7);
    let mut document = run.document;
    let template = std::mem::take(&mut document.discrepancies);
    assert!(
        !template.is_empty(),
        "the generated closing has discrepancies"
    );
    document.discrepancies = (0..n)
        .map(|idx| {
            let mut discrepancy = template[idx % template.len()].clone();
            discrepancy.rut = Rut::from_number(10_000_000 + idx as u32);
            discrepancy
        })
        .collect();
    document.refresh_summary();
    document
}

/// A file body with these bytes.
#[cfg(not(target_arch = "wasm32"))]
pub fn body(bytes: &[u8]) -> FileBody {
    bytes.to_vec()
}

/// A file body with these bytes.
#[cfg(target_arch = "wasm32")]
pub fn body(bytes: &[u8]) -> FileBody {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence(&parts).expect("a Blob from bytes")
}

/// The bytes of a file body.
#[cfg(not(target_arch = "wasm32"))]
pub async fn body_bytes(body: &FileBody) -> Vec<u8> {
    body.clone()
}

/// The bytes of a file body.
#[cfg(target_arch = "wasm32")]
pub async fn body_bytes(body: &FileBody) -> Vec<u8> {
    let buffer = wasm_bindgen_futures::JsFuture::from(body.array_buffer())
        .await
        .expect("a stored Blob reads back");
    js_sys::Uint8Array::new(&buffer).to_vec()
}

/// Runs a memory-store future: each of its operations completes at the first poll.
#[cfg(not(target_arch = "wasm32"))]
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("a memory-store operation waited"),
    }
}

//! Native benchmarks of the core on generated closings (issue 5): workbook open, each
//! reader, both comparisons, consolidation and the exports, per closing size.
//!
//! Run with `cargo bench -p cuadra-core --bench pipeline` (133, 2,000 and 20,000 employees)
//! or `CUADRA_BENCH_LARGE=1 cargo bench -p cuadra-core --bench pipeline` to add 100,000.
//! Filter by name as usual: `cargo bench -p cuadra-core --bench pipeline -- read_payroll_book`.
//! Closings come from the project's generator with a fixed seed, once per size per process.
//! Benchmarks measure; they assert nothing about time.

// divan and peak_alloc are native-only dev-dependencies; on wasm32 (CI checks every
// target there) this file is an empty program.
#[cfg(not(target_arch = "wasm32"))]
mod native {

    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex, OnceLock};

    use cuadra_core::consolidate::WorkerOutcome;
    use cuadra_core::document::ResultDocument;
    use cuadra_core::export::{to_csv, to_json, to_xlsx};
    use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions};
    use cuadra_core::input;
    use cuadra_core::model::Slot;
    use cuadra_core::pipeline::{self, ClosingInputs, RunPlan, SourceFile};
    use cuadra_core::sheet::Workbook;
    use cuadra_core::Settings;
    use divan::{black_box, Bencher};

    const SEED: u64 = 2025;

    /// 133 (the reference closing), 2,000, 20,000 and, with `CUADRA_BENCH_LARGE=1`, 100,000.
    fn sizes() -> Vec<usize> {
        let mut sizes = vec![133, 2_000, 20_000];
        if std::env::var("CUADRA_BENCH_LARGE").is_ok_and(|value| value == "1") {
            sizes.push(100_000);
        }
        sizes
    }

    /// 20 concepts for small clients, 80 for large ones (docs/product.md).
    fn options(n_employees: usize) -> GeneratorOptions {
        let mut options = GeneratorOptions::sized(SEED, n_employees);
        if n_employees >= 20_000 {
            options.n_concepts = 80;
        }
        options
    }

    /// One size's closing, read inputs, run plan and result document, built once per
    /// process through the core's pipeline, with default settings.
    struct Fixture {
        closing: GeneratedClosing,
        inputs: ClosingInputs,
        plan: RunPlan,
        document: ResultDocument,
    }

    impl Fixture {
        fn file(&self, slot: Slot) -> (&str, &[u8]) {
            let file = self
                .closing
                .file(slot)
                .expect("the generator writes every slot");
            (&file.file_name, &file.bytes)
        }
    }

    fn fixture(n_employees: usize) -> Arc<Fixture> {
        static FIXTURES: OnceLock<Mutex<BTreeMap<usize, Arc<Fixture>>>> = OnceLock::new();
        let mut fixtures = FIXTURES
            .get_or_init(Default::default)
            .lock()
            .expect("no benchmark panics while holding the lock");
        fixtures
            .entry(n_employees)
            .or_insert_with(|| Arc::new(build_fixture(n_employees)))
            .clone()
    }

    fn build_fixture(n_employees: usize) -> Fixture {
        let closing = generate(&options(n_employees));
        let sources = closing.files.iter().map(|file| SourceFile {
            slot: file.slot,
            name: &file.file_name,
            bytes: &file.bytes,
        });
        let inputs = ClosingInputs::read(sources).expect("the generated closing reads");
        let settings = Settings::default();
        let plan = pipeline::plan(&inputs.facts, &settings);
        let document = pipeline::reconcile(&inputs, &settings);
        Fixture {
            closing,
            inputs,
            plan,
            document,
        }
    }

    /// Opening a workbook: the grid only, no reader rules.
    mod open {
        use super::*;

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn payroll_book_workbook(bencher: Bencher<'_, '_>, n_employees: usize) {
            let fixture = fixture(n_employees);
            let (name, bytes) = fixture.file(Slot::PayrollBook);
            bencher.bench(|| {
                Workbook::open(black_box(name), black_box(bytes)).map(|w| w.sheets.len())
            });
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn monthly_movements_workbook(bencher: Bencher<'_, '_>, n_employees: usize) {
            let fixture = fixture(n_employees);
            let (name, bytes) = fixture.file(Slot::MonthlyMovements);
            bencher.bench(|| {
                Workbook::open(black_box(name), black_box(bytes)).map(|w| w.sheets.len())
            });
        }
    }

    /// Each slot's reader: open plus the slot's rules.
    mod read {
        use super::*;

        fn bench_reader<T: Send>(
            bencher: Bencher<'_, '_>,
            n_employees: usize,
            slot: Slot,
            reader: fn(&str, &[u8]) -> Result<T, cuadra_core::model::InputError>,
        ) {
            let fixture = fixture(n_employees);
            let (name, bytes) = fixture.file(slot);
            bencher.bench(|| reader(black_box(name), black_box(bytes)).is_ok());
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn payroll_book(bencher: Bencher<'_, '_>, n_employees: usize) {
            bench_reader(
                bencher,
                n_employees,
                Slot::PayrollBook,
                input::read_payroll_book,
            );
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn payroll_changes(bencher: Bencher<'_, '_>, n_employees: usize) {
            bench_reader(
                bencher,
                n_employees,
                Slot::PayrollChanges,
                input::read_payroll_changes,
            );
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn monthly_movements(bencher: Bencher<'_, '_>, n_employees: usize) {
            bench_reader(
                bencher,
                n_employees,
                Slot::MonthlyMovements,
                input::read_monthly_movements,
            );
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn analyst_hires(bencher: Bencher<'_, '_>, n_employees: usize) {
            bench_reader(
                bencher,
                n_employees,
                Slot::AnalystHires,
                input::read_analyst_hires,
            );
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn analyst_terminations(bencher: Bencher<'_, '_>, n_employees: usize) {
            bench_reader(
                bencher,
                n_employees,
                Slot::AnalystTerminations,
                input::read_analyst_terminations,
            );
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn analyst_absences(bencher: Bencher<'_, '_>, n_employees: usize) {
            bench_reader(
                bencher,
                n_employees,
                Slot::AnalystAbsences,
                input::read_analyst_absences,
            );
        }
    }

    /// Both comparisons on parsed inputs, with default settings.
    mod compare {
        use super::*;

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn payroll_vs_changes(bencher: Bencher<'_, '_>, n_employees: usize) {
            let fixture = fixture(n_employees);
            bencher.bench(|| {
                pipeline::run_payroll_vs_changes(
                    black_box(&fixture.inputs.payroll_book),
                    black_box(fixture.inputs.payroll_changes.as_ref()),
                    &fixture.plan.parameters,
                )
            });
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn movements_vs_analyst(bencher: Bencher<'_, '_>, n_employees: usize) {
            let fixture = fixture(n_employees);
            bencher.bench(|| {
                pipeline::run_movements_vs_analyst(
                    black_box(&fixture.inputs.monthly_movements),
                    black_box(&fixture.inputs.analyst),
                    &fixture.plan.parameters,
                )
            });
        }
    }

    /// Consolidation of both groups' results into the document. The groups' results are
    /// cloned outside the timed part, as they arrive from the workers by value.
    #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
    fn consolidation(bencher: Bencher<'_, '_>, n_employees: usize) {
        let fixture = fixture(n_employees);
        let inputs = &fixture.inputs;
        let parameters = &fixture.plan.parameters;
        let payroll = pipeline::run_payroll_vs_changes(
            &inputs.payroll_book,
            inputs.payroll_changes.as_ref(),
            parameters,
        );
        let movements = pipeline::run_movements_vs_analyst(
            &inputs.monthly_movements,
            &inputs.analyst,
            parameters,
        );
        bencher
            .with_inputs(|| (payroll.clone(), movements.clone()))
            .bench_values(|(payroll, movements)| {
                pipeline::finish(
                    &fixture.plan,
                    WorkerOutcome::Ok {
                        result: payroll,
                        ms: 0.0,
                    },
                    WorkerOutcome::Ok {
                        result: movements,
                        ms: 0.0,
                    },
                    &[],
                )
            });
    }

    /// The three exports of the result document.
    mod export {
        use super::*;

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn json(bencher: Bencher<'_, '_>, n_employees: usize) {
            let fixture = fixture(n_employees);
            bencher.bench(|| to_json(black_box(&fixture.document)).len());
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn csv(bencher: Bencher<'_, '_>, n_employees: usize) {
            let fixture = fixture(n_employees);
            bencher.bench(|| to_csv(black_box(&fixture.document)).len());
        }

        #[divan::bench(args = sizes(), sample_count = 10, max_time = 5)]
        fn xlsx(bencher: Bencher<'_, '_>, n_employees: usize) {
            let fixture = fixture(n_employees);
            bencher.bench(|| to_xlsx(black_box(&fixture.document)).map(|bytes| bytes.len()));
        }
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    divan::main();
}

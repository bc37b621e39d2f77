//! The full native pipeline per closing size, with per-stage wall time and peak memory.
//!
//! `cargo run --profile bench -p cuadra-core --example measure -- [--runs N] [--solo-libro]
//! [SIZE …]` (`--solo-libro`: with *reportar solo libro* on)
//! generates a closing per size (seed 2025; 20 concepts below 20,000 employees, 80 from
//! there on, like a large client), then runs, `N` times (default 3): read all six files →
//! both comparisons → consolidate, and prints the median of each stage. Generation is not
//! timed. Memory is the heap's peak over the pipeline, counted by `peak_alloc` (exact, no
//! sampling) above what was live before it started (the six files' bytes, which the page
//! also holds), plus the process's peak resident set (`VmHWM`, Linux only).

// divan and peak_alloc are native-only dev-dependencies; on wasm32 (CI checks every
// target there) this file is an empty program.
#[cfg(not(target_arch = "wasm32"))]
mod native {

    use std::time::Instant;

    use cuadra_core::consolidate::WorkerOutcome;
    use cuadra_core::document::ResultDocument;
    use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions};
    use cuadra_core::model::Slot;
    use cuadra_core::pipeline::{self, ClosingInputs, SourceFile};
    use cuadra_core::Settings;
    use peak_alloc::PeakAlloc;

    #[global_allocator]
    static HEAP: PeakAlloc = PeakAlloc;

    const SEED: u64 = 2025;
    /// The six readers in slot order (`Slot::ALL`), then the pipeline's later stages.
    const STAGES: [&str; 10] = [
        "libro",
        "novedades",
        "movimientos",
        "ingresos",
        "finiquitos",
        "ausentismos",
        "libro_vs_novedades",
        "movimientos_vs_analista",
        "consolidacion",
        "total",
    ];

    /// One run: milliseconds per stage (in `STAGES` order) and the heap peak above the start.
    struct Run {
        ms: [f64; STAGES.len()],
        heap_peak_bytes: usize,
        n_discrepancies: usize,
    }

    pub(crate) fn main() {
        let mut runs = 3usize;
        let mut sizes = Vec::new();
        let mut settings = Settings::default();
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            if arg == "--solo-libro" {
                // Every libro employee without novelties is reported (and looked up).
                settings.report_only_in_payroll = true;
            } else if arg == "--runs" {
                runs = args
                    .next()
                    .and_then(|value| value.parse().ok())
                    .expect("--runs takes a number");
            } else {
                sizes.push(
                    arg.parse::<usize>()
                        .expect("a size is a number of employees"),
                );
            }
        }
        if sizes.is_empty() {
            sizes = vec![133, 2_000, 20_000, 100_000];
        }

        println!(
            "| employees | concepts | {} | heap peak MB | VmHWM MB | discrepancies |",
            STAGES.join(" ms | ") + " ms"
        );
        println!("|{}", "---|".repeat(STAGES.len() + 5));
        for n_employees in sizes {
            let mut options = GeneratorOptions::sized(SEED, n_employees);
            if n_employees >= 20_000 {
                options.n_concepts = 80;
            }
            let closing = generate(&options);
            reset_vm_hwm();
            let mut results: Vec<Run> = (0..runs).map(|_| run_once(&closing, &settings)).collect();
            let median_of = |values: &mut Vec<f64>| {
                values.sort_by(f64::total_cmp);
                values[values.len() / 2]
            };
            let mut cells = Vec::new();
            for stage_idx in 0..STAGES.len() {
                let mut values: Vec<f64> = results.iter().map(|run| run.ms[stage_idx]).collect();
                cells.push(format!("{:.1}", median_of(&mut values)));
            }
            results.sort_by_key(|run| run.heap_peak_bytes);
            let heap_peak = results[results.len() / 2].heap_peak_bytes;
            println!(
                "| {n_employees} | {} | {} | {:.0} | {} | {} |",
                options.n_concepts,
                cells.join(" | "),
                heap_peak as f64 / 1e6,
                vm_hwm_mb().map_or("n/a".to_string(), |mb| format!("{mb:.0}")),
                results[0].n_discrepancies,
            );
        }
    }

    /// One pass of the core's pipeline, its parts called one by one to time each.
    fn run_once(closing: &GeneratedClosing, settings: &Settings) -> Run {
        let source = |slot: Slot| {
            let file = closing.file(slot).expect("the generator writes every slot");
            SourceFile {
                slot,
                name: &file.file_name,
                bytes: &file.bytes,
            }
        };
        let mut ms = [0.0; STAGES.len()];
        let baseline = HEAP.current_usage();
        HEAP.reset_peak_usage();
        let started = Instant::now();
        let mut stage = 0;
        let mut timed = |stage_ms: &mut [f64; STAGES.len()], since: Instant| {
            stage_ms[stage] = since.elapsed().as_secs_f64() * 1000.0;
            stage += 1;
        };

        let mut parsed = Vec::with_capacity(Slot::ALL.len());
        for slot in Slot::ALL {
            let t = Instant::now();
            parsed.push(pipeline::read_file(source(slot)).expect("a generated file reads"));
            timed(&mut ms, t);
        }
        let inputs = ClosingInputs::from_parsed(parsed).expect("every slot was read");
        let plan = pipeline::plan(&inputs.facts, settings);

        let t = Instant::now();
        let payroll = pipeline::run_payroll_vs_changes(
            &inputs.payroll_book,
            inputs.payroll_changes.as_ref(),
            &plan.parameters,
        );
        timed(&mut ms, t);
        let t = Instant::now();
        let movements = pipeline::run_movements_vs_analyst(
            &inputs.monthly_movements,
            &inputs.analyst,
            &plan.parameters,
        );
        timed(&mut ms, t);

        let t = Instant::now();
        let document: ResultDocument = pipeline::finish(
            &plan,
            WorkerOutcome::Ok {
                result: payroll,
                ms: 0.0,
            },
            WorkerOutcome::Ok {
                result: movements,
                ms: 0.0,
            },
            &[],
        );
        timed(&mut ms, t);
        ms[STAGES.len() - 1] = started.elapsed().as_secs_f64() * 1000.0;
        Run {
            ms,
            heap_peak_bytes: HEAP.peak_usage().saturating_sub(baseline),
            n_discrepancies: document.discrepancies.len(),
        }
    }

    /// Starts `VmHWM` afresh from the current resident set, so generation does not count
    /// (Linux ≥ 4.0; elsewhere the number includes generation).
    fn reset_vm_hwm() {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }

    /// The process's peak resident set in MB, from `/proc/self/status` (Linux).
    fn vm_hwm_mb() -> Option<f64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}

//! One closing from the command line (`cuadra --libro … --movimientos …`): every file read,
//! both comparisons at once on two threads as the page's two workers, one document.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Context};
use cuadra_core::compare::GroupResult;
use cuadra_core::consolidate::WorkerOutcome;
use cuadra_core::document::ResultDocument;
use cuadra_core::export::{to_csv, to_json, to_xlsx};
use cuadra_core::pipeline::{self, ClosingInputs, ReadFailure, SourceFile};
use cuadra_core::plural::counted;
use cuadra_core::{missing_inputs, DiscrepancyKind, Group, MissingInput, Settings, Slot};

use crate::{ClosingArgs, Failure, SINGLE_USAGE as USAGE};

impl ClosingArgs {
    /// The file given for a slot.
    fn file(&self, slot: Slot) -> Option<&PathBuf> {
        match slot {
            Slot::PayrollBook => self.libro.as_ref(),
            Slot::PayrollChanges => self.novedades.as_ref(),
            Slot::MonthlyMovements => self.movimientos.as_ref(),
            Slot::AnalystHires => self.ingresos.as_ref(),
            Slot::AnalystTerminations => self.finiquitos.as_ref(),
            Slot::AnalystAbsences => self.ausentismos.as_ref(),
        }
    }
}

/// The command-line wording of an input a run cannot do without.
fn missing_message(missing: MissingInput) -> anyhow::Error {
    match missing {
        MissingInput::PayrollBook => anyhow!("falta --libro\n{USAGE}"),
        MissingInput::MonthlyMovements => anyhow!("falta --movimientos\n{USAGE}"),
        MissingInput::AnalystFile => {
            anyhow!("se requiere al menos uno de --ingresos, --finiquitos o --ausentismos\n{USAGE}")
        }
    }
}

/// A file read into memory, with the name shown in messages and given to the readers.
struct Loaded {
    slot: Slot,
    path: PathBuf,
    name: String,
    bytes: Vec<u8>,
}

fn load(slot: Slot, path: &Path) -> anyhow::Result<Loaded> {
    let bytes = std::fs::read(path)
        .map_err(|error| anyhow!("no se pudo leer el archivo {}: {error}", path.display()))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    Ok(Loaded {
        slot,
        path: path.to_path_buf(),
        name,
        bytes,
    })
}

/// One closing: read, reconcile, write the outputs asked for (or print a summary).
pub(crate) fn run(args: &ClosingArgs) -> Result<(), Failure> {
    let document = reconcile(args).map_err(Failure::Input)?;
    let outputs = [
        (&args.json, "json"),
        (&args.xlsx, "xlsx"),
        (&args.csv, "csv"),
    ];
    let n_stdout = outputs
        .iter()
        .filter(|(target, _)| target.as_deref() == Some("-"))
        .count();
    if n_stdout > 1 {
        return Err(Failure::Input(anyhow!(
            "solo una de --json, --xlsx o --csv puede escribir en la salida estándar (-)"
        )));
    }
    for (target, format) in outputs {
        let Some(target) = target else { continue };
        let bytes = match format {
            "json" => to_json(&document).into_bytes(),
            "xlsx" => to_xlsx(&document).map_err(|error| Failure::Output(anyhow!(error)))?,
            _ => to_csv(&document),
        };
        write_output(target, &bytes).map_err(Failure::Output)?;
    }
    if n_stdout == 0 {
        print_summary(&document);
    }
    Ok(())
}

fn write_output(target: &str, bytes: &[u8]) -> anyhow::Result<()> {
    if target == "-" {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .context("no se pudo escribir en la salida estándar")
    } else {
        std::fs::write(target, bytes).with_context(|| format!("no se pudo escribir {target}"))
    }
}

/// Reads every input, runs both comparisons concurrently and consolidates, through the
/// core's pipeline.
fn reconcile(args: &ClosingArgs) -> anyhow::Result<ResultDocument> {
    if let Some(missing) = missing_inputs(|slot| args.file(slot).is_some()).first() {
        return Err(missing_message(*missing));
    }
    // Read every file before parsing any, so a missing file is reported before a bad one.
    let loaded = Slot::ALL
        .into_iter()
        .filter_map(|slot| args.file(slot).map(|path| load(slot, path)))
        .collect::<anyhow::Result<Vec<Loaded>>>()?;
    let settings = match &args.config {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|error| {
                anyhow!("no se pudo leer el archivo {}: {error}", path.display())
            })?;
            serde_json::from_slice::<Settings>(&bytes).map_err(|error| {
                anyhow!("configuración no utilizable {}: {error}", path.display())
            })?
        }
        None => Settings::default(),
    };
    let sources = loaded.iter().map(|file| SourceFile {
        slot: file.slot,
        name: &file.name,
        bytes: &file.bytes,
    });
    let inputs = ClosingInputs::read(sources).map_err(|failure| match failure {
        ReadFailure::Missing(missing) => missing_message(missing),
        ReadFailure::Unusable { slot, error } => {
            let path = loaded.iter().find(|file| file.slot == slot).map_or_else(
                || error.file.clone(),
                |file| file.path.display().to_string(),
            );
            anyhow!("archivo no utilizable {path}: {error}")
        }
        ReadFailure::SameFile(same) => {
            let path = |slot: Slot| {
                loaded
                    .iter()
                    .find(|file| file.slot == slot)
                    .map_or_else(String::new, |file| file.path.display().to_string())
            };
            anyhow!("{same} ({} = {})", path(same.first), path(same.second))
        }
    })?;

    let plan = pipeline::plan(&inputs.facts, &settings);
    // Both groups run at once, as the page's two workers do; a panic in one becomes that
    // group's failure and the other group's result is kept.
    let (payroll_outcome, movements_outcome) = std::thread::scope(|scope| {
        let payroll_handle = scope.spawn(|| {
            timed(|| {
                pipeline::run_payroll_vs_changes(
                    &inputs.payroll_book,
                    inputs.payroll_changes.as_ref(),
                    &plan.parameters,
                )
            })
        });
        let movements_handle = scope.spawn(|| {
            timed(|| {
                pipeline::run_movements_vs_analyst(
                    &inputs.monthly_movements,
                    &inputs.analyst,
                    &plan.parameters,
                )
            })
        });
        (
            outcome(payroll_handle.join()),
            outcome(movements_handle.join()),
        )
    });
    Ok(pipeline::finish(
        &plan,
        payroll_outcome,
        movements_outcome,
        &[],
    ))
}

fn timed(work: impl FnOnce() -> GroupResult) -> (GroupResult, f64) {
    let start = Instant::now();
    let result = work();
    (result, start.elapsed().as_secs_f64() * 1000.0)
}

fn outcome(joined: std::thread::Result<(GroupResult, f64)>) -> WorkerOutcome {
    match joined {
        Ok((result, ms)) => WorkerOutcome::Ok { result, ms },
        Err(panic) => {
            let detail = crate::panic_detail(panic.as_ref());
            WorkerOutcome::Failed {
                error: format!("la comparación falló: {detail}"),
                ms: 0.0,
            }
        }
    }
}

fn print_summary(document: &ResultDocument) {
    let closing = &document.closing;
    println!(
        "Cierre {} · empresa {}",
        closing
            .period
            .map_or_else(|| "sin período".to_string(), |period| period.to_string()),
        closing
            .company_rut
            .map_or_else(|| "sin RUT".to_string(), |rut| rut.to_string())
    );
    let incomplete = if document.incomplete {
        " (INCOMPLETO: un proceso falló)"
    } else {
        ""
    };
    println!("Estado: {}{incomplete}", document.state.label());
    println!("{}", cuadra_core::coverage::verification_sentence(document));
    for entry in &document.inputs {
        if !entry.warnings.is_empty() {
            println!(
                "  {}: {} de lectura",
                entry.file_name,
                counted(entry.warnings.len(), "advertencia", "advertencias")
            );
        }
    }
    for worker in &document.workers {
        match &worker.error {
            Some(error) => println!(
                "{}: ERROR ({:.1} ms): {error}",
                worker.group.label(),
                worker.ms
            ),
            None if !worker.compared => println!(
                "{}: NO COMPARADO ({:.1} ms): {}",
                worker.group.label(),
                worker.ms,
                worker.not_compared_reason.as_deref().unwrap_or_default()
            ),
            None => println!(
                "{}: {} ({:.1} ms)",
                worker.group.label(),
                counted(worker.n_discrepancies, "discrepancia", "discrepancias"),
                worker.ms
            ),
        }
        for note in &worker.notes {
            println!("  nota: {note}");
        }
    }
    for group in Group::ALL {
        for kind in DiscrepancyKind::ALL
            .into_iter()
            .filter(|kind| kind.group() == group)
        {
            if let Some(count) = document.summary.by_kind.get(&kind) {
                println!("  {}: {count}", kind.label());
            }
        }
    }
    println!(
        "Total: {}, {}",
        counted(document.summary.total, "discrepancia", "discrepancias"),
        counted(
            document.summary.n_employees_affected,
            "empleado afectado",
            "empleados afectados"
        )
    );
}

//! `cuadra lote CARPETA --salida SALIDA`: every subfolder of CARPETA is one closing, run
//! through the core's pipeline on every core at once (rayon), each independent of the
//! others: a closing that fails is that closing's row in the summary, not the end of the
//! batch. Nothing is shared between closings but the default settings, so the same
//! command can run one subfolder per machine (docs/batch.md).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, Context};
use cuadra_core::document::{ClosingState, ResultDocument};
use cuadra_core::export::{batch_to_csv, batch_to_json, batch_to_xlsx, to_json};
use cuadra_core::export::{BatchRow, BatchSummary};
use cuadra_core::input::detect_slot;
use cuadra_core::pipeline::{reconcile, ClosingInputs, ReadFailure, SourceFile};
use cuadra_core::plural::counted;
use cuadra_core::{MissingInput, Settings, Slot};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::{BatchArgs, Failure};

/// `cuadra lote --help`, after the options.
pub(crate) const AFTER_HELP: &str = "\
Cada subcarpeta de CARPETA es un cierre. Sus archivos (.xlsx, .xlsm, .xls, .ods, .csv) van a
su casilla por el nombre y, si el nombre no lo dice, por el contenido, como en la página. Una
subcarpeta con un archivo que no se reconoce, dos archivos para una casilla o sin un archivo
obligatorio es un error de ese cierre; los demás siguen. Un configuracion.json dentro de la
subcarpeta reemplaza a --config para ese cierre.

Se escriben SALIDA/resumen.json, SALIDA/resumen.csv y SALIDA/resumen.xlsx (una fila por
cierre) y el documento de resultado de cada cierre como SALIDA/<subcarpeta>.json.

Código de salida: 0 si todos los cierres se ejecutaron (con o sin discrepancias); 2 si alguno
no se pudo ejecutar, o si CARPETA no se puede leer; 1 si no se pudo escribir en SALIDA.";

/// The extensions of docs/inputs.md; any other file in a closing's folder is not an input.
const SPREADSHEET_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "ods", "csv"];

/// A closing's own settings, beside its files.
const CLOSING_CONFIG: &str = "configuracion.json";

/// The summary's own files, which no closing's document may take the name of.
const SUMMARY_STEM: &str = "resumen";

pub(crate) fn run(args: &BatchArgs) -> Result<ExitCode, Failure> {
    let folders = closing_folders(&args.folder, &args.salida).map_err(Failure::Input)?;
    if folders.is_empty() {
        return Err(Failure::Input(anyhow!(
            "la carpeta {} no tiene subcarpetas: cada cierre va en su propia subcarpeta",
            args.folder.display()
        )));
    }
    let defaults = match &args.config {
        Some(path) => read_settings(path).map_err(Failure::Input)?,
        None => Settings::default(),
    };
    std::fs::create_dir_all(&args.salida)
        .with_context(|| format!("no se pudo crear la carpeta {}", args.salida.display()))
        .map_err(Failure::Output)?;

    let progress = progress_bar(folders.len());
    let rows: Vec<BatchRow> = folders
        .par_iter()
        .map(|(name, path)| {
            let row = run_closing(name, path, &defaults, &args.salida);
            progress.inc(1);
            row
        })
        .collect();
    progress.finish_and_clear();

    let summary = BatchSummary::new(rows);
    write_summary(&summary, &args.salida).map_err(Failure::Output)?;
    print_summary(&summary, &args.salida);
    Ok(if summary.n_failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// A bar on a terminal; nothing at all when stderr is a file or a pipe (a CI log, a job).
fn progress_bar(n_closings: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let progress = ProgressBar::new(n_closings as u64);
    let style = ProgressStyle::with_template(
        "{wide_bar} {pos}/{len} cierres · {elapsed} transcurrido · {eta} restante",
    )
    .expect("the template is valid");
    progress.set_style(style);
    progress
}

/// The subfolders of `folder` in name order, without hidden ones and without the output
/// folder when it lives inside (so a second run does not take its own output as a closing).
fn closing_folders(folder: &Path, output: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let output = output.canonicalize().ok();
    let entries = std::fs::read_dir(folder)
        .with_context(|| format!("no se pudo leer la carpeta {}", folder.display()))?;
    let mut folders = Vec::new();
    for entry in entries {
        let entry =
            entry.with_context(|| format!("no se pudo leer la carpeta {}", folder.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !path.is_dir() {
            continue;
        }
        if output.is_some() && path.canonicalize().ok() == output {
            continue;
        }
        folders.push((name, path));
    }
    folders.sort();
    Ok(folders)
}

/// One closing, whatever happens: its row for the summary. Its document is written here,
/// as soon as it exists, so the batch never holds more than one document per thread.
fn run_closing(name: &str, path: &Path, defaults: &Settings, output: &Path) -> BatchRow {
    let start = Instant::now();
    let elapsed = || start.elapsed().as_secs_f64() * 1000.0;
    if name.eq_ignore_ascii_case(SUMMARY_STEM) {
        return BatchRow::failed(
            name,
            format!(
                "la subcarpeta «{name}» tendría el mismo nombre que el resumen del lote; \
                 cámbiele el nombre"
            ),
            elapsed(),
        );
    }
    // A panic in one closing is that closing's error: the others go on.
    let outcome = catch_unwind(AssertUnwindSafe(|| reconcile_folder(path, defaults)));
    match outcome {
        Ok(Ok(document)) => {
            let file = format!("{name}.json");
            let ms = elapsed();
            match std::fs::write(output.join(&file), to_json(&document)) {
                Ok(()) => BatchRow::ran(name, &document, &file, ms),
                Err(error) => BatchRow::failed(
                    name,
                    format!(
                        "no se pudo escribir {}: {error}",
                        output.join(&file).display()
                    ),
                    ms,
                ),
            }
        }
        Ok(Err(error)) => BatchRow::failed(name, error, elapsed()),
        Err(panic) => {
            let detail = crate::panic_detail(panic.as_ref());
            BatchRow::failed(name, format!("la conciliación falló: {detail}"), elapsed())
        }
    }
}

/// A file of a closing's folder, read.
struct FolderFile {
    name: String,
    bytes: Vec<u8>,
}

/// Reads a closing's folder, places each file in its slot as the page does, and
/// reconciles. The error is the Spanish reason for the summary.
fn reconcile_folder(folder: &Path, defaults: &Settings) -> Result<ResultDocument, String> {
    let config = folder.join(CLOSING_CONFIG);
    let settings = if config.is_file() {
        read_settings(&config).map_err(|error| format!("{error:#}"))?
    } else {
        defaults.clone()
    };
    let files = spreadsheet_files(folder)?
        .into_iter()
        .map(|(name, path)| {
            std::fs::read(&path)
                .map(|bytes| FolderFile {
                    name: name.clone(),
                    bytes,
                })
                .map_err(|error| format!("no se pudo leer el archivo {name}: {error}"))
        })
        .collect::<Result<Vec<FolderFile>, String>>()?;
    let placed = place(&files)?;
    let sources = placed.iter().map(|(slot, file)| SourceFile {
        slot: *slot,
        name: &file.name,
        bytes: &file.bytes,
    });
    let inputs = ClosingInputs::read(sources).map_err(|failure| match failure {
        ReadFailure::Missing(missing) => missing_message(missing).to_string(),
        // The error names the file (and sheet) itself.
        ReadFailure::Unusable { error, .. } => format!("archivo no utilizable: {error}"),
        ReadFailure::SameFile(same) => {
            let name = |slot: Slot| {
                placed
                    .iter()
                    .find(|(placed_slot, _)| *placed_slot == slot)
                    .map_or("", |(_, file)| file.name.as_str())
            };
            format!("{same} ({} = {})", name(same.first), name(same.second))
        }
    })?;
    Ok(reconcile(&inputs, &settings))
}

/// Each file's slot by its name, else its content (`detect_slot`, what the page's drop zone
/// uses). Where the page would ask the user (a file no slot recognises, two files for one
/// slot), a batch has no one to ask: the closing stops with the reason.
fn place(files: &[FolderFile]) -> Result<Vec<(Slot, &FolderFile)>, String> {
    let mut by_slot: BTreeMap<Slot, Vec<&FolderFile>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    for file in files {
        match detect_slot(&file.name, &file.bytes) {
            Some(slot) => by_slot.entry(slot).or_default().push(file),
            None => unplaced.push(format!("«{}»", file.name)),
        }
    }
    if !unplaced.is_empty() {
        return Err(format!(
            "no se reconoce a qué casilla va {} (ni por el nombre ni por el contenido)",
            unplaced.join(", ")
        ));
    }
    let mut placed = Vec::new();
    for (slot, files) in by_slot {
        if let [file] = files.as_slice() {
            placed.push((slot, *file));
            continue;
        }
        let names: Vec<String> = files
            .iter()
            .map(|file| format!("«{}»", file.name))
            .collect();
        return Err(format!(
            "hay {} archivos para {}: {}; deje uno",
            files.len(),
            slot.label(),
            names.join(", ")
        ));
    }
    Ok(placed)
}

/// The batch wording of an input a closing cannot do without.
fn missing_message(missing: MissingInput) -> &'static str {
    match missing {
        MissingInput::PayrollBook => "falta el Libro de Remuneraciones",
        MissingInput::MonthlyMovements => "faltan los Movimientos del Mes",
        MissingInput::AnalystFile => {
            "falta al menos un archivo del analista (Ingresos, Finiquitos o Ausentismos)"
        }
    }
}

/// The spreadsheets directly inside a closing's folder, by name. Hidden files, Excel's
/// `~$` lock files and anything that is not a spreadsheet (notes, the closing's
/// configuracion.json) are not inputs.
fn spreadsheet_files(folder: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let unreadable =
        |error: std::io::Error| format!("no se pudo leer la carpeta {}: {error}", folder.display());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_spreadsheet = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| {
                SPREADSHEET_EXTENSIONS
                    .iter()
                    .any(|known| extension.eq_ignore_ascii_case(known))
            });
        if name.starts_with('.') || name.starts_with("~$") || !is_spreadsheet || !path.is_file() {
            continue;
        }
        files.push((name, path));
    }
    files.sort();
    Ok(files)
}

fn read_settings(path: &Path) -> anyhow::Result<Settings> {
    let bytes = std::fs::read(path)
        .map_err(|error| anyhow!("no se pudo leer el archivo {}: {error}", path.display()))?;
    serde_json::from_slice::<Settings>(&bytes)
        .map_err(|error| anyhow!("configuración no utilizable {}: {error}", path.display()))
}

fn write_summary(summary: &BatchSummary, output: &Path) -> anyhow::Result<()> {
    let xlsx = batch_to_xlsx(summary).map_err(|error| anyhow!(error))?;
    for (extension, bytes) in [
        ("json", batch_to_json(summary).into_bytes()),
        ("csv", batch_to_csv(summary)),
        ("xlsx", xlsx),
    ] {
        let path = output.join(format!("{SUMMARY_STEM}.{extension}"));
        std::fs::write(&path, bytes)
            .with_context(|| format!("no se pudo escribir {}", path.display()))?;
    }
    Ok(())
}

/// A few lines on standard output; each failed closing on standard error.
fn print_summary(summary: &BatchSummary, output: &Path) {
    let count = |state: ClosingState| {
        summary
            .rows
            .iter()
            .filter(|row| row.state == Some(state))
            .count()
    };
    println!(
        "Lote: {}: {} con discrepancias, {} sin discrepancias, {} \
         parcialmente, {} con error",
        counted(summary.rows.len(), "cierre", "cierres"),
        count(ClosingState::WithDiscrepancies),
        counted(
            count(ClosingState::VerifiedClean),
            "verificado",
            "verificados"
        ),
        counted(
            count(ClosingState::VerifiedPartly),
            "verificado",
            "verificados"
        ),
        summary.n_failed
    );
    println!(
        "Resumen en {}",
        output
            .join(format!("{SUMMARY_STEM}.{{json,csv,xlsx}}"))
            .display()
    );
    for row in &summary.rows {
        if let Some(error) = &row.error {
            eprintln!("cuadra: {}: {error}", row.folder);
        }
    }
}

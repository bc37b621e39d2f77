//! The malformed-input corpus through the `cuadra` binary: a file that cannot be used is
//! exit 2 with stderr naming its path and the exact message the readers give; a file that
//! reads runs to the end (exit 0). The other required files are a generated closing's.
//! The same file in two slots is exit 2 naming both slots.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use cuadra_core::generator::corpus::{light_cases, CorpusCase, Expected};
use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions};
use cuadra_core::Slot;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cuadra-corpus-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs `cuadra` with `replace` standing in for its slot's generated file (or added).
fn run_with(dir: &Path, closing: &GeneratedClosing, replace: &[(Slot, PathBuf)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cuadra"));
    for file in &closing.files {
        if replace.iter().all(|(slot, _)| *slot != file.slot) {
            command
                .arg(format!("--{}", file.slot.id()))
                .arg(dir.join(&file.file_name));
        }
    }
    for (slot, path) in replace {
        command.arg(format!("--{}", slot.id())).arg(path);
    }
    command
        .args(["--json", "resultado.json"])
        .current_dir(dir)
        .output()
        .expect("run cuadra")
}

fn check_case(dir: &Path, closing: &GeneratedClosing, case: &CorpusCase) -> Result<(), String> {
    let case_dir = dir.join(case.name);
    std::fs::create_dir_all(&case_dir).map_err(|error| error.to_string())?;
    let path = case_dir.join(&case.file_name);
    std::fs::write(&path, &case.bytes).map_err(|error| error.to_string())?;
    let started = Instant::now();
    let output = run_with(dir, closing, &[(case.slot, path.clone())]);
    // A hang detector, not a benchmark: every light case reads in milliseconds.
    if started.elapsed() > Duration::from_secs(20) {
        return Err(format!("{} took {:?}", case.name, started.elapsed()));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    match &case.expected {
        Expected::Error(message) => {
            let expected = format!(
                "cuadra: archivo no utilizable {}: {message}\n",
                path.display()
            );
            if output.status.code() != Some(2) || stderr != expected {
                return Err(format!(
                    "{}: exit {:?}\n  expected stderr {expected:?}\n  got            {stderr:?}",
                    case.name,
                    output.status.code()
                ));
            }
        }
        Expected::Read { .. } => {
            if output.status.code() != Some(0) || stderr.contains("panicked") {
                return Err(format!(
                    "{}: exit {:?}: {stderr}",
                    case.name,
                    output.status.code()
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn corpus_every_light_case_through_the_cli() {
    let dir = temp_dir("light");
    let closing = generate(&GeneratorOptions::sized(31, 20));
    for file in &closing.files {
        std::fs::write(dir.join(&file.file_name), &file.bytes).expect("write generated file");
    }
    let failures: Vec<String> = light_cases()
        .iter()
        .filter_map(|case| check_case(&dir, &closing, case).err())
        .collect();
    std::fs::remove_dir_all(&dir).ok();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn same_file_in_two_slots_is_exit_2_naming_both_slots() {
    let dir = temp_dir("same");
    let closing = generate(&GeneratorOptions::sized(32, 20));
    for file in &closing.files {
        std::fs::write(dir.join(&file.file_name), &file.bytes).expect("write generated file");
    }
    let libro = dir.join(&closing.file(Slot::PayrollBook).expect("a libro").file_name);
    let output = run_with(&dir, &closing, &[(Slot::PayrollChanges, libro.clone())]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "cuadra: el mismo archivo está cargado como Libro de Remuneraciones y como Novedades: \
             cargue en cada casilla su propio archivo ({} = {})\n",
            libro.display(),
            libro.display()
        )
    );
}

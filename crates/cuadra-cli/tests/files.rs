//! The `cuadra` binary on real files: a generated closing written to disk, every output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::Slot;

fn write_closing(
    name: &str,
    options: &GeneratorOptions,
) -> (PathBuf, cuadra_core::generator::GeneratedClosing) {
    let dir = std::env::temp_dir().join(format!("cuadra-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let closing = generate(options);
    for file in &closing.files {
        std::fs::write(dir.join(&file.file_name), &file.bytes).expect("write generated file");
    }
    (dir, closing)
}

fn run(dir: &Path, closing: &cuadra_core::generator::GeneratedClosing, extra: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cuadra"));
    for file in &closing.files {
        command
            .arg(format!("--{}", file.slot.id()))
            .arg(dir.join(&file.file_name));
    }
    command
        .args(extra)
        .current_dir(dir)
        .output()
        .expect("run cuadra")
}

#[test]
fn json_on_stdout_is_the_result_document_with_the_planted_discrepancies() {
    let (dir, closing) = write_closing("json", &GeneratorOptions::sized(21, 120));
    let output = run(&dir, &closing, &["--json", "-"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("json document");
    assert_eq!(document["formato"], "cuadra.resultado/1");
    assert_eq!(document["estado"], "con_discrepancias");
    assert_eq!(document["incompleto"], false);
    assert_eq!(document["cierre"]["periodo"], closing.period.to_string());
    assert_eq!(
        document["cierre"]["rut_empresa"],
        closing.company_rut.to_string()
    );
    assert_eq!(document["resumen"]["total"], closing.planted.len());
    assert_eq!(document["entradas"].as_array().map(Vec::len), Some(6));
    let libro = &document["entradas"][0];
    assert_eq!(libro["slot"], "libro");
    assert_eq!(libro["filas"], 120);
    assert_eq!(libro["sha256"].as_str().map(str::len), Some(64));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn file_outputs_and_the_printed_summary() {
    let options = GeneratorOptions {
        include_analyst_hires: false,
        ..GeneratorOptions::sized(22, 80)
    };
    let (dir, closing) = write_closing("files", &options);
    assert!(closing.file(Slot::AnalystHires).is_none());
    let output = run(&dir, &closing, &["--csv", "r.csv", "--xlsx", "r.xlsx"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(
        summary.contains(&format!("Total: {} discrepancia", closing.planted.len())),
        "{summary}"
    );
    let csv = std::fs::read(dir.join("r.csv")).expect("csv written");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "csv has a UTF-8 BOM");
    let lines = String::from_utf8_lossy(&csv).lines().count();
    assert_eq!(
        lines,
        closing.planted.len() + 1,
        "header plus one line per discrepancy"
    );
    let xlsx = std::fs::read(dir.join("r.xlsx")).expect("xlsx written");
    assert!(xlsx.starts_with(b"PK"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_unreadable_libro_is_exit_2_naming_the_file() {
    let (dir, closing) = write_closing("broken", &GeneratorOptions::sized(23, 30));
    let libro = closing.file(Slot::PayrollBook).expect("libro");
    std::fs::write(
        dir.join(&libro.file_name),
        b"PK\x03\x04 not really a workbook",
    )
    .expect("overwrite");
    let output = run(&dir, &closing, &["--json", "-"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&libro.file_name), "{stderr}");
    std::fs::remove_dir_all(dir).ok();
}

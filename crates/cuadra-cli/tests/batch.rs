//! `cuadra lote`: a folder of closings, some broken, gives one summary row each, every good
//! closing's own document (equal to the single-closing form's), and exit 2 when any failed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions};
use cuadra_core::Slot;
use serde_json::Value;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cuadra-lote-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes a generated closing's files into `dir/name`, each under the name `rename` gives.
fn write_closing(
    dir: &Path,
    name: &str,
    options: &GeneratorOptions,
    rename: impl Fn(&str) -> String,
) -> GeneratedClosing {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).expect("closing folder");
    let closing = generate(options);
    for file in &closing.files {
        std::fs::write(folder.join(rename(&file.file_name)), &file.bytes).expect("write file");
    }
    closing
}

fn cuadra(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .args(args)
        .output()
        .expect("run cuadra")
}

fn json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_slice(&bytes).expect("JSON")
}

/// A document without the workers' wall times, which differ between any two runs.
fn without_times(mut document: Value) -> Value {
    for worker in document["trabajadores"]
        .as_array_mut()
        .expect("trabajadores")
    {
        worker["ms"] = Value::Null;
    }
    document
}

#[test]
fn a_folder_of_closings_some_broken() {
    let dir = temp_dir("mixed");
    let input = dir.join("cierres");
    let output = dir.join("salida");
    // A: plain generated files, plus a note that is not an input.
    let a = write_closing(
        &input,
        "a_cliente",
        &GeneratorOptions::sized(51, 60),
        str::to_string,
    );
    std::fs::write(input.join("a_cliente/notas.txt"), "no es una planilla").expect("note");
    // B: names that say nothing (placed by content), long-form novedades, CSV analyst
    // files, and its own configuration.
    let b_options = GeneratorOptions {
        csv_analyst_files: true,
        long_form_payroll_changes: true,
        ..GeneratorOptions::sized(52, 80)
    };
    let b = write_closing(&input, "b_cliente", &b_options, |name| {
        let extension = name.rsplit('.').next().unwrap_or("xlsx");
        let slot = [
            "libro",
            "novedades",
            "movimientos",
            "ingresos",
            "finiquitos",
            "ausentismos",
        ]
        .iter()
        .position(|kind| name.contains(kind))
        .unwrap_or(9);
        // `movimientos` and the libro keep a telling name; the rest are anonymous.
        match slot {
            0 | 2 => name.to_string(),
            _ => format!("archivo{slot}.{extension}"),
        }
    });
    std::fs::write(
        input.join("b_cliente/configuracion.json"),
        r#"{"tolerancia": 2500, "tolerancia_relativa_por_concepto": {"BONO": 1.5}}"#,
    )
    .expect("config");
    // C: a libro that is not a workbook.
    let c = write_closing(
        &input,
        "c_roto",
        &GeneratorOptions::sized(53, 30),
        str::to_string,
    );
    let libro = c.file(Slot::PayrollBook).expect("libro");
    std::fs::write(
        input.join("c_roto").join(&libro.file_name),
        b"PK\x03\x04 roto",
    )
    .expect("libro");
    // D: no libro at all. E: two Ingresos.
    let d = write_closing(
        &input,
        "d_sin_libro",
        &GeneratorOptions::sized(54, 30),
        str::to_string,
    );
    let d_libro = d.file(Slot::PayrollBook).expect("libro");
    std::fs::remove_file(input.join("d_sin_libro").join(&d_libro.file_name)).expect("remove");
    let e = write_closing(
        &input,
        "e_doble",
        &GeneratorOptions::sized(55, 30),
        str::to_string,
    );
    let hires = e.file(Slot::AnalystHires).expect("ingresos");
    std::fs::write(input.join("e_doble/ingresos_otra_copia.xlsx"), &hires.bytes).expect("copy");

    let run = cuadra(&[
        "lote".as_ref(),
        input.as_os_str(),
        "--salida".as_ref(),
        output.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "some closings failed: {stderr}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("Lote: 5 cierres"), "{stdout}");
    assert!(stdout.contains("3 con error"), "{stdout}");
    assert!(stderr.contains("c_roto"), "{stderr}");

    let summary = json(&output.join("resumen.json"));
    assert_eq!(summary["formato"], "cuadra.lote/1");
    assert_eq!(summary["cierres_ejecutados"], 2);
    assert_eq!(summary["cierres_con_error"], 3);
    let rows = summary["cierres"].as_array().expect("cierres");
    let folders: Vec<&str> = rows
        .iter()
        .map(|row| row["carpeta"].as_str().expect("carpeta"))
        .collect();
    assert_eq!(
        folders,
        ["a_cliente", "b_cliente", "c_roto", "d_sin_libro", "e_doble"]
    );
    assert_eq!(
        rows[0]["total"],
        a.planted.len(),
        "default settings: the planted ones"
    );
    for (row, closing) in rows.iter().zip([&a, &b]) {
        assert_eq!(row["estado"], "con_discrepancias");
        assert_eq!(row["error"], Value::Null);
        assert_eq!(row["periodo"], closing.period.to_string());
        assert_eq!(row["rut_empresa"], closing.company_rut.to_string());
        let document = json(&output.join(row["documento"].as_str().expect("documento")));
        assert_eq!(row["total"], document["resumen"]["total"]);
        assert_eq!(
            row["por_tipo"].as_object().map(|kinds| kinds.len()),
            Some(15)
        );
        let sum: u64 = row["por_grupo"]
            .as_object()
            .expect("por_grupo")
            .values()
            .map(|count| count.as_u64().expect("count"))
            .sum();
        assert_eq!(Value::from(sum), document["resumen"]["total"]);
    }
    let error = |idx: usize| rows[idx]["error"].as_str().unwrap_or_default().to_string();
    assert!(error(2).contains(&libro.file_name), "{}", error(2));
    assert!(
        error(3).contains("falta el Libro de Remuneraciones"),
        "{}",
        error(3)
    );
    assert!(
        error(4).contains("hay 2 archivos para Ingresos"),
        "{}",
        error(4)
    );
    for row in &rows[2..] {
        assert_eq!(row["estado"], Value::Null);
        assert_eq!(row["documento"], Value::Null);
        assert!(!output
            .join(format!("{}.json", row["carpeta"].as_str().expect("name")))
            .exists());
    }

    // Each closing's document is the single-closing form's for the same files.
    let b_document = json(&output.join("b_cliente.json"));
    assert_eq!(b_document["configuracion"]["tolerancia"], 2500);
    assert_eq!(
        b_document["configuracion"]["tolerancia_relativa_por_concepto"]["BONO"],
        "1.5"
    );
    let a_document = json(&output.join("a_cliente.json"));
    let mut single: Vec<std::ffi::OsString> = Vec::new();
    for file in &a.files {
        single.push(format!("--{}", file.slot.id()).into());
        single.push(input.join("a_cliente").join(&file.file_name).into());
    }
    single.extend(["--json".into(), "-".into()]);
    let single: Vec<&std::ffi::OsStr> = single.iter().map(|arg| arg.as_os_str()).collect();
    let single_run = cuadra(&single);
    assert_eq!(single_run.status.code(), Some(0));
    let single_document: Value = serde_json::from_slice(&single_run.stdout).expect("JSON");
    assert_eq!(without_times(a_document), without_times(single_document));

    let csv = std::fs::read(output.join("resumen.csv")).expect("resumen.csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8_lossy(&csv);
    assert_eq!(csv.lines().count(), 6, "a header and one line per closing");
    assert!(csv
        .lines()
        .next()
        .expect("header")
        .contains("Empleado solo en Novedades"));
    let xlsx = std::fs::read(output.join("resumen.xlsx")).expect("resumen.xlsx");
    assert!(xlsx.starts_with(b"PK"));

    // Only the good closings, and the output inside the input folder: all run, exit 0, and
    // the output folder is not read as a closing.
    for broken in ["c_roto", "d_sin_libro", "e_doble"] {
        std::fs::remove_dir_all(input.join(broken)).expect("remove");
    }
    let inner = input.join("salida");
    let run = cuadra(&[
        "lote".as_ref(),
        input.as_os_str(),
        "--salida".as_ref(),
        inner.as_os_str(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let run = cuadra(&[
        "lote".as_ref(),
        input.as_os_str(),
        "--salida".as_ref(),
        inner.as_os_str(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "a second run skips its own output"
    );
    assert_eq!(
        json(&inner.join("resumen.json"))["cierres"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn batch_usage_errors_and_help() {
    let run = cuadra(&["lote".as_ref()]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("falta"), "{stderr}");
    assert!(stderr.contains("uso: cuadra lote"), "{stderr}");

    let dir = temp_dir("empty");
    let output = dir.join("out");
    let run = cuadra(&[
        "lote".as_ref(),
        dir.as_os_str(),
        "--salida".as_ref(),
        output.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no tiene subcarpetas"));
    let missing = dir.join("no_existe");
    let run = cuadra(&[
        "lote".as_ref(),
        missing.as_os_str(),
        "--salida".as_ref(),
        output.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no se pudo leer la carpeta"));

    let help = cuadra(&["lote".as_ref(), "--help".as_ref()]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.starts_with("uso: cuadra lote"), "{text}");
    assert!(text.contains("Código de salida"), "{text}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_folder_where_every_closing_runs_exits_0_without_a_bar_off_a_terminal() {
    let dir = temp_dir("all-good");
    let input = dir.join("cierres");
    let output = dir.join("salida");
    for (seed, name) in [(61, "uno"), (62, "dos"), (63, "tres")] {
        write_closing(
            &input,
            name,
            &GeneratorOptions::sized(seed, 40),
            str::to_string,
        );
    }
    let run = cuadra(&[
        "lote".as_ref(),
        input.as_os_str(),
        "--salida".as_ref(),
        output.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "every closing ran: {stderr}");
    // stderr is a pipe here: the progress bar is hidden and nothing failed, so it is empty.
    assert!(stderr.is_empty(), "{stderr}");
    let summary = json(&output.join("resumen.json"));
    assert_eq!(summary["cierres_ejecutados"], 3);
    assert_eq!(summary["cierres_con_error"], 0);
    let folders: Vec<&str> = summary["cierres"]
        .as_array()
        .expect("cierres")
        .iter()
        .map(|row| row["carpeta"].as_str().expect("carpeta"))
        .collect();
    assert_eq!(folders, ["dos", "tres", "uno"], "in name order");
    for name in folders {
        assert!(output.join(format!("{name}.json")).is_file(), "{name}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

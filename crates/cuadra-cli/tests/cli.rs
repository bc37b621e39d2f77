//! The `cuadra` binary's command-line contract: exit codes and messages.

use std::process::Command;

fn cuadra(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .args(args)
        .output()
        .expect("run cuadra");
    (
        output.status.code().expect("exit code"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn missing_file_is_unusable_input() {
    let dir = std::env::temp_dir().join("cuadra-cli-test-missing");
    let libro = dir.join("no_existe_libro.xlsx");
    let libro = libro.to_str().expect("utf-8 path");
    let (code, stderr) = cuadra(&[
        "--libro",
        libro,
        "--movimientos",
        libro,
        "--ingresos",
        libro,
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no se pudo leer el archivo"), "{stderr}");
    assert!(stderr.contains("no_existe_libro.xlsx"), "{stderr}");
}

#[test]
fn an_analyst_file_is_required() {
    let (code, stderr) = cuadra(&["--libro", "a.xlsx", "--movimientos", "b.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--ingresos, --finiquitos o --ausentismos"),
        "{stderr}"
    );
}

#[test]
fn libro_is_required_and_unknown_options_are_refused() {
    let (code, stderr) = cuadra(&["--movimientos", "b.xlsx", "--ingresos", "c.xlsx"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("falta --libro"), "{stderr}");
    let (code, stderr) = cuadra(&["--libro", "a.xlsx", "--colores"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("opción desconocida: --colores"), "{stderr}");
}

#[test]
fn help_exits_zero() {
    let output = Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .arg("--help")
        .output()
        .expect("run cuadra");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("uso: cuadra"));
}

/// Without Novedades, a run that finds nothing is not the clean closing, and the
/// CLI and its JSON say which comparison did not run.
#[test]
fn without_novedades_nothing_found_is_partly_verified() {
    let dir = std::env::temp_dir().join("cuadra-cli-test-sin-novedades");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write a fixture");
        path.to_str().expect("utf-8 path").to_string()
    };
    let libro = write(
        "202503_libro_remuneraciones_761234560.csv",
        "Rut del Trabajador;Nombre;Sueldo Base\n12345678-5;Ana Soto;500000\n",
    );
    let movimientos = write(
        "202503_movimientos_altas_y_bajas.csv",
        "Nombre;Rut;Fecha Ingreso;Fecha Retiro;Alta / Baja\nAna Soto;12345678-5;2025-03-03;;ALTA\n",
    );
    let ingresos = write(
        "202503_ingresos_761234560.csv",
        "Rut;Nombre;Fecha Ingreso\n12345678-5;Ana Soto;2025-03-03\n",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .args([
            "--libro",
            &libro,
            "--movimientos",
            &movimientos,
            "--ingresos",
            &ingresos,
            "--json",
            "-",
        ])
        .output()
        .expect("run cuadra");
    assert_eq!(output.status.code(), Some(0));
    let document: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the document on standard output");
    assert_eq!(document["estado"], "verificado_parcial");
    assert_eq!(document["resumen"]["total"], 0);
    assert_eq!(document["trabajadores"][0]["grupo"], "libro_vs_novedades");
    assert_eq!(document["trabajadores"][0]["comparado"], false);
    assert_eq!(
        document["trabajadores"][0]["motivo_no_comparado"],
        "no se cargó Novedades"
    );
    assert_eq!(document["trabajadores"][1]["comparado"], true);

    let output = Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .args([
            "--libro",
            &libro,
            "--movimientos",
            &movimientos,
            "--ingresos",
            &ingresos,
        ])
        .output()
        .expect("run cuadra");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Estado: Verificado parcialmente"),
        "{stdout}"
    );
    assert!(
        stdout.contains("no se comparó Libro vs Novedades porque no se cargó Novedades"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Libro vs Novedades: NO COMPARADO"),
        "{stdout}"
    );
}

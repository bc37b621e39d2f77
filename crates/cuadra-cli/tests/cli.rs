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

//! `cargo xtask <task>`: everything beyond plain cargo — installing the toolchain, serving,
//! building and testing the page. Plain `std::process`, so it builds in seconds.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const TRUNK_VERSION: &str = "0.21.14";

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  setup [--browser]  install the wasm target, Trunk, wasm-bindgen-cli, npm tools
                     (and with --browser Debian's chromium + chromium-driver),
                     skipping what is already installed at the right version
  serve              set up, build and serve the app on http://127.0.0.1:8080
  build              set up and build the release page into dist/
  test               set up and run every test: fmt, clippy, native, wasm in
                     Chromium, and Playwright end-to-end against the release build
  e2e                build the release page and run only the Playwright tests
";

fn main() -> Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = project_root();
    env::set_current_dir(&root)?;
    prepend_path(&root);
    match args.first().map(String::as_str) {
        Some("setup") => setup(args.iter().any(|arg| arg == "--browser")),
        Some("serve") => {
            setup(false)?;
            run(Command::new("trunk").args(["serve", "--release"]))
        }
        Some("build") => {
            setup(false)?;
            build_release()
        }
        Some("test") => test_all(),
        Some("e2e") => {
            setup(true)?;
            build_release()?;
            e2e()
        }
        _ => {
            eprint!("{USAGE}");
            bail!("unknown task")
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the root")
        .to_path_buf()
}

/// Tools installed by `setup` come first on PATH: cargo's bin and `node_modules/.bin`
/// (wasm-opt 132 from npm, never Debian's older binaryen).
fn prepend_path(root: &Path) {
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    let mut paths = vec![root.join("node_modules/.bin"), cargo_home.join("bin")];
    paths.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::set_var(
        "PATH",
        env::join_paths(paths).expect("PATH entries have no separators"),
    );
}

fn run(command: &mut Command) -> Result<()> {
    eprintln!("$ {}", describe(command));
    let status = command
        .status()
        .with_context(|| format!("could not start {}", describe(command)))?;
    if !status.success() {
        bail!("{} failed with {status}", describe(command));
    }
    Ok(())
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn have(program: &str) -> bool {
    output_of("sh", &["-c", &format!("command -v {program}")]).is_some()
}

/// The wasm-bindgen version that Cargo.lock resolved: the CLI must match it exactly.
fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string("Cargo.lock").context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

fn setup(browser: bool) -> Result<()> {
    let targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let trunk = output_of("trunk", &["--version"]).unwrap_or_default();
    if !trunk.contains(TRUNK_VERSION) {
        run(Command::new("cargo").args([
            "install",
            "--locked",
            "trunk",
            "--version",
            TRUNK_VERSION,
        ]))?;
    }
    let bindgen_version = locked_wasm_bindgen_version()?;
    let bindgen = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = have("wasm-bindgen-test-runner");
    if !bindgen.contains(&bindgen_version) || !runner {
        // Not --locked: the CLI's own lock pins a crate the registry no longer serves.
        run(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &bindgen_version,
        ]))?;
    }
    let npm_ready = Path::new("node_modules/.bin/wasm-opt").exists()
        && Path::new("node_modules/playwright-core").exists();
    if !npm_ready {
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }
    if browser && !(have("chromium") && have("chromedriver")) {
        run(Command::new("apt-get").arg("update"))?;
        run(Command::new("apt-get").args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ]))?;
    }
    run(Command::new("cargo").args(["fetch", "--locked"]))
}

fn build_release() -> Result<()> {
    run(Command::new("trunk").args(["build", "--release"]))
}

fn e2e() -> Result<()> {
    run(Command::new("node").args(["--test", "--test-concurrency=1", "tests/e2e/"]))
}

fn test_all() -> Result<()> {
    setup(true)?;
    run(Command::new("cargo").args(["fmt", "--all", "--", "--check"]))?;
    run(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(Command::new("cargo").args([
        "clippy",
        "--locked",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "cuadra-app",
        "-p",
        "cuadra-core",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(Command::new("cargo").args(["test", "--workspace", "--locked"]))?;
    let chromedriver =
        output_of("sh", &["-c", "command -v chromedriver"]).context("chromedriver not found")?;
    env::set_var("CHROMEDRIVER", chromedriver.trim());
    for package in ["cuadra-core", "cuadra-app"] {
        run(Command::new("cargo").args([
            "test",
            "--locked",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            package,
        ]))?;
    }
    build_release()?;
    e2e()
}

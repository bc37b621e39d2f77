//! `cargo xtask <task>`: everything beyond plain cargo — installing the toolchain, serving,
//! building and testing the page. Plain `std::process`, so it builds in seconds.

mod page_fixtures;
mod tidy;

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::Slot;

const TRUNK_VERSION: &str = "0.21.14";

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  setup [--browser]  install the wasm target, Trunk, wasm-bindgen-cli, npm tools
                     (and with --browser Debian's chromium + chromium-driver),
                     skipping what is already installed at the right version
  serve              set up, build and serve the app on http://127.0.0.1:8080
  build              set up and build the release page into dist/, and the example
                     portal (examples/portal/ with dist/ under portal/static/cuadra/)
                     into target/portal-site/
  test               set up and run every test: tidy, fmt, clippy, native, wasm in
                     Chromium, and Playwright end-to-end against the release build
  tidy               check the invariants ARCHITECTURE.md states (the core's
                     dependency tree, module cycles, file headers and sizes, where
                     spreadsheets are read, Spanish text, network, CSP); one line
                     per violation
  e2e [--no-build] [FILES…]
                     build the release page and run only the Playwright tests
                     (--no-build: on the dist/ already built; FILES: only these)
  bench-browser [SIZES…]
                     release build, generated closings (default 133 2000 20000
                     100000 employees), measured in headless Chromium
  bench-scroll       release build; scrolls a 60,000-row result list in headless
                     Chromium and reports every frame
  generate --seed N --employees N [--concepts N] [--csv] --out DIR
                     write a synthetic closing's six files and planted.json
  corpus [--heavy]   the malformed-input corpus through the readers, the CLI and the
                     worker logic; --heavy adds the cases of a million rows, 100 MB
                     and compressed bombs (release build, about a minute)
  fuzz [--seconds N] [--seed N]
                     the mutation fuzzer over the readers and value parsers for N
                     seconds (default 600), release build; findings are written to
                     target/fuzz-findings/
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
        Some("tidy") => tidy::run(&root),
        Some("e2e") => {
            setup(true)?;
            let no_build = args.iter().any(|arg| arg == "--no-build");
            if no_build {
                assemble_portal()?;
            } else {
                build_release()?;
            }
            let files: Vec<&str> = args[1..]
                .iter()
                .map(String::as_str)
                .filter(|arg| *arg != "--no-build")
                .collect();
            e2e(&files)
        }
        Some("generate") => generate_task(&args[1..]),
        Some("corpus") => corpus(args.iter().any(|arg| arg == "--heavy")),
        Some("fuzz") => fuzz(&args[1..]),
        Some("bench-browser") => bench_browser(&args[1..]),
        Some("bench-scroll") => bench_scroll(),
        _ => {
            eprint!("{USAGE}");
            bail!("unknown task")
        }
    }
}

/// The corpus (issue 12) on every host that runs natively: the readers, the CLI binary and
/// the page's worker logic. `heavy` adds the ignored heavy cases, in release.
fn corpus(heavy: bool) -> Result<()> {
    run(Command::new("cargo").args([
        "test",
        "-p",
        "cuadra-core",
        "--test",
        "integration",
        "hostile::",
    ]))?;
    run(Command::new("cargo").args(["test", "-p", "cuadra-cli", "--test", "corpus"]))?;
    run(Command::new("cargo").args(["test", "-p", "cuadra-app", "--test", "corpus"]))?;
    if heavy {
        run(Command::new("cargo").args([
            "test",
            "--release",
            "-p",
            "cuadra-core",
            "--test",
            "integration",
            "corpus_every_heavy_case",
            "--",
            "--ignored",
            "--nocapture",
        ]))?;
    }
    Ok(())
}

/// The word after `flag` in a task's arguments (`--seed 7` → `7`).
fn flag_value<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    args.iter()
        .position(|arg| arg == flag)
        .and_then(|idx| args.get(idx + 1))
        .map(String::as_str)
}

/// The mutation fuzzer (`crates/cuadra-core/tests/integration/hostile/fuzz.rs`) for a
/// bounded time, in release: stable Rust has no cargo-fuzz.
fn fuzz(args: &[String]) -> Result<()> {
    let seconds = flag_value(args, "--seconds").unwrap_or("600");
    let seed = flag_value(args, "--seed").unwrap_or("1");
    run(Command::new("cargo")
        .args([
            "test",
            "--release",
            "-p",
            "cuadra-core",
            "--test",
            "integration",
            "hostile::fuzz::fuzz_for_a_while",
            "--",
            "--ignored",
            "--nocapture",
        ])
        .env("CUADRA_FUZZ_SECONDS", seconds)
        .env("CUADRA_FUZZ_SEED", seed))
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
    run(Command::new("trunk").args(["build", "--release"]))?;
    assemble_portal()
}

/// Where the example portal is assembled: a site root whose `portal/` is the portal and
/// `portal/static/cuadra/` a copy of `dist/`, as a portal would host Cuadra's files.
const PORTAL_SITE: &str = "target/portal-site";

/// Copies the example portal and the release build into `target/portal-site/` (a copy, not
/// another build: the portal embeds exactly the files of `dist/`).
fn assemble_portal() -> Result<()> {
    let site = Path::new(PORTAL_SITE);
    if site.exists() {
        std::fs::remove_dir_all(site).with_context(|| format!("removing {}", site.display()))?;
    }
    let portal = site.join("portal");
    copy_dir(Path::new("examples/portal"), &portal)?;
    copy_dir(Path::new("dist"), &portal.join("static/cuadra"))?;
    eprintln!("example portal assembled in {}/portal/", site.display());
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Writes generated closings for the end-to-end tests, with the CLI's answer on them as
/// the expected result, then runs Playwright (every test, or only `files`).
fn e2e(files: &[&str]) -> Result<()> {
    let fixtures = Path::new("target/e2e-fixtures");
    // "large" gives the results list enough rows to check that it renders only a window.
    for (name, options) in [
        ("small", GeneratorOptions::sized(7, 60)),
        ("large", GeneratorOptions::sized(11, 3000)),
    ] {
        let dir = fixtures.join(name);
        write_closing(&options, &dir)?;
        write_expected(&dir, None)?;
    }
    // "otro": another client and month, run with the settings the example portal presets
    // for its second component (examples/portal/portal.js), so both components of one page
    // run different closings and each has its own oracle.
    let other = GeneratorOptions {
        period: cuadra_core::Period::parse("2025-04").context("a period")?,
        company_rut: cuadra_core::values::rut::Rut::from_number(77_654_321),
        ..GeneratorOptions::sized(17, 80)
    };
    let dir = fixtures.join("otro");
    write_closing(&other, &dir)?;
    // "siguiente": the small closing's client a month later, with more concepts (so some
    // novedades headers are new): the page proposes March's mapping for April.
    let small = GeneratorOptions::sized(7, 60);
    let next = GeneratorOptions {
        period: cuadra_core::Period::parse("2025-04").context("a period")?,
        n_concepts: small.n_concepts + 4,
        ..small
    };
    write_closing(&next, &fixtures.join("siguiente"))?;
    let config = dir.join("config.json");
    std::fs::write(&config, r#"{"tolerancia": 0, "reportar_solo_libro": true}"#)?;
    write_expected(&dir, Some(&config))?;
    // Hostile input through the page (tests/e2e/hostile_*.test.mjs): the corpus with the
    // core's expected messages, and a closing of HTML and formula text.
    page_fixtures::write_corpus(&fixtures.join("corpus"))?;
    let dir = fixtures.join("hostil");
    write_closing(&GeneratorOptions::sized(7, 20), &dir)?;
    page_fixtures::write_hostile_closing(&dir)?;
    let mut node = Command::new("node");
    node.args(["--test", "--test-concurrency=1"]);
    if files.is_empty() {
        node.arg("tests/e2e/");
    } else {
        node.args(files);
    }
    node.env("CUADRA_FIXTURES", fixtures.canonicalize()?);
    node.env("CUADRA_PORTAL_SITE", Path::new(PORTAL_SITE).canonicalize()?);
    run(&mut node)
}

/// Runs the CLI on a generated closing's files (with `config` as its `--config`): its
/// document is `expected.json`.
fn write_expected(dir: &Path, config: Option<&Path>) -> Result<()> {
    let arg = |slot: Slot| -> Result<String> {
        let name = std::fs::read_dir(dir)?
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .find(|name| name.contains(slot_keyword(slot)))
            .with_context(|| format!("no generated file for {}", slot.id()))?;
        Ok(dir.join(name).to_string_lossy().into_owned())
    };
    // Through cargo, so the CLI is found wherever CARGO_TARGET_DIR puts it (as on main); a
    // debug build, already compiled by the native tests, is plenty for these sizes.
    let mut command = Command::new("cargo");
    command.args(["run", "--locked", "--quiet", "-p", "cuadra-cli", "--"]);
    for slot in Slot::ALL {
        command.arg(format!("--{}", slot.id())).arg(arg(slot)?);
    }
    if let Some(config) = config {
        command.arg("--config").arg(config);
    }
    command.args(["--json", &dir.join("expected.json").to_string_lossy()]);
    run(&mut command)
}

/// The browser benchmark: closings are generated by a release build of this tool (the
/// 100,000-employee libro takes seconds there, minutes in debug), once per size.
fn bench_browser(args: &[String]) -> Result<()> {
    setup(true)?;
    build_release()?;
    let sizes: Vec<String> = if args.is_empty() {
        ["133", "2000", "20000", "100000"]
            .map(String::from)
            .to_vec()
    } else {
        args.to_vec()
    };
    for size in &sizes {
        let n: usize = size
            .parse()
            .with_context(|| format!("{size} is not a number of employees"))?;
        bench_fixture(n, 2025, size)?;
    }
    let mut node = Command::new("node");
    node.arg("tests/bench/browser.mjs").args(&sizes);
    run(&mut node)?;
    // What the page keeps: storing each result and restoring it on a reload.
    let mut storage = Command::new("node");
    storage.arg("tests/bench/storage.mjs").args(&sizes);
    run(&mut storage)
}

/// Generates `target/bench-fixtures/<dir>` (a closing of `n` employees from `seed`) unless
/// it is already there.
fn bench_fixture(n: usize, seed: u64, dir: &str) -> Result<()> {
    let dir = Path::new("target/bench-fixtures").join(dir);
    if dir.join("planted.json").exists() {
        return Ok(());
    }
    let concepts = if n >= 20_000 { "80" } else { "20" };
    let (n, seed) = (n.to_string(), seed.to_string());
    run(Command::new("cargo")
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "xtask",
            "--",
            "generate",
        ])
        .args([
            "--seed",
            &seed,
            "--employees",
            &n,
            "--concepts",
            concepts,
            "--out",
        ])
        .arg(&dir))
}

/// The scroll benchmark: the 100,000-employee closing with another client's analyst files
/// (seed 2026), so that most rows are discrepancies.
fn bench_scroll() -> Result<()> {
    setup(true)?;
    build_release()?;
    bench_fixture(100_000, 2025, "100000")?;
    bench_fixture(100_000, 2026, "100000-seed2026")?;
    run(Command::new("node").arg("tests/bench/scroll.mjs"))
}

fn slot_keyword(slot: Slot) -> &'static str {
    match slot {
        Slot::PayrollBook => "_libro_",
        Slot::PayrollChanges => "_novedades_",
        Slot::MonthlyMovements => "_movimientos_",
        Slot::AnalystHires => "_ingresos_",
        Slot::AnalystTerminations => "_finiquitos_",
        Slot::AnalystAbsences => "_ausentismos_",
    }
}

/// Writes a generated closing's files and the planted discrepancies into `dir`.
fn write_closing(options: &GeneratorOptions, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let closing = generate(options);
    for file in &closing.files {
        std::fs::write(dir.join(&file.file_name), &file.bytes)?;
    }
    let planted: Vec<_> = closing
        .planted
        .iter()
        .map(|p| {
            serde_json::json!({
                "tipo": p.kind.id(),
                "rut": p.rut.to_string(),
                "concepto": p.concept,
                "fecha_evento": p.event_date.map(|d| d.to_string()),
            })
        })
        .collect();
    std::fs::write(
        dir.join("planted.json"),
        serde_json::to_string_pretty(&planted)?,
    )?;
    eprintln!(
        "wrote {} files and {} planted discrepancies to {}",
        closing.files.len(),
        planted.len(),
        dir.display()
    );
    Ok(())
}

fn generate_task(args: &[String]) -> Result<()> {
    let number = |name: &str, default: usize| -> Result<usize> {
        flag_value(args, name)
            .map(|v| v.parse().with_context(|| format!("{name} takes a number")))
            .unwrap_or(Ok(default))
    };
    let mut options =
        GeneratorOptions::sized(number("--seed", 2025)? as u64, number("--employees", 133)?);
    options.n_concepts = number("--concepts", options.n_concepts)?;
    options.csv_analyst_files = args.iter().any(|arg| arg == "--csv");
    let out = flag_value(args, "--out").context("--out DIR is required")?;
    write_closing(&options, Path::new(out))
}

fn test_all() -> Result<()> {
    // First: it takes seconds and names what the slow steps would only trip over later.
    tidy::run(Path::new("."))?;
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
    e2e(&[])
}

//! Parity: the CLI and the page give one result document for the same files and settings.
//!
//! The CLI is the real binary on files written to a temp dir, asked for `--json -`. The page
//! is `cuadra_app::session::Session` driven exactly as the page's controller drives it: the
//! files dropped at once, each `Inspect` answered by the owning worker's logic (natively),
//! the answers applied, `start_run`, the two `Run` requests the controller builds, and both
//! answers applied, which consolidates. The two documents must be equal except for the
//! workers' wall times (`trabajadores[].ms`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use cuadra_app::protocol::{Content, Request, Response};
use cuadra_app::session::{group_of, Incoming, Inspection, Session};
use cuadra_app::workers::{MovementsVsAnalystWorker, PayrollVsChangesWorker, WorkerLogic};
use cuadra_core::export::to_json;
use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions};
use cuadra_core::input::{read_payroll_book, read_payroll_changes};
use cuadra_core::{DiscrepancyKind, Group, Settings, Slot};
use serde_json::Value;

/// The document the CLI prints for a closing, with `settings` given as `--config` (none when
/// they are the defaults, as a user without a config file would run it).
fn cli_document(name: &str, closing: &GeneratedClosing, settings: &Settings) -> Value {
    let dir = temp_dir(name);
    let mut command = Command::new(env!("CARGO_BIN_EXE_cuadra"));
    for file in &closing.files {
        let path = dir.join(&file.file_name);
        std::fs::write(&path, &file.bytes).expect("write generated file");
        command.arg(format!("--{}", file.slot.id())).arg(path);
    }
    if *settings != Settings::default() {
        let config = dir.join("config.json");
        std::fs::write(
            &config,
            serde_json::to_vec(settings).expect("settings serialise"),
        )
        .expect("write config");
        command.arg("--config").arg(config);
    }
    let output = command.args(["--json", "-"]).output().expect("run cuadra");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
    serde_json::from_slice(&output.stdout).expect("the CLI prints a JSON document")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cuadra-parity-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Both workers' logic, as the page's two Web Workers hold it.
struct Workers {
    payroll: PayrollVsChangesWorker,
    movements: MovementsVsAnalystWorker,
    /// The page's ledger: which files a worker answered `Inspected` for, so a run sends
    /// them as `Content::Cached`.
    parsed: BTreeSet<(Group, u32)>,
}

impl Workers {
    /// Sends a request to a group's worker and returns its answers.
    fn send(&mut self, group: Group, request: Request) -> Vec<Response> {
        let answers = std::cell::RefCell::new(Vec::new());
        let post = |response: &Response| answers.borrow_mut().push(response.clone());
        let logic: &mut dyn WorkerLogic = match group {
            Group::PayrollVsChanges => &mut self.payroll,
            Group::MovementsVsAnalyst => &mut self.movements,
        };
        logic.handle(request, &post);
        answers.into_inner()
    }
}

/// The worker runtime's part: an attached `Blob` becomes the file's bytes.
fn attach(mut request: Request, closing: &GeneratedClosing) -> Request {
    for file in request.attached_files_mut() {
        let Content::Attached(source) = file.content else {
            unreachable!("only attached files are listed")
        };
        file.content = Content::Bytes(closing.files[source as usize].bytes.clone());
    }
    request
}

/// The page's document for a closing: the session and both workers' logic, driven as the
/// controller drives them.
fn page_document(closing: &GeneratedClosing, settings: &Settings) -> Value {
    let mut session = Session::default();
    session.change_settings(|current| *current = settings.clone());
    let mut workers = Workers {
        payroll: PayrollVsChangesWorker::new(|| 0.0),
        movements: MovementsVsAnalystWorker::new(|| 0.0),
        parsed: BTreeSet::new(),
    };
    // The drop zone: every file at once, placed by its name. The source key is the file's
    // index, which is how `attach` finds its bytes.
    let incoming = closing
        .files
        .iter()
        .enumerate()
        .map(|(idx, file)| Incoming {
            name: file.file_name.clone(),
            source: idx as u32,
            sniff: None,
        })
        .collect();
    let requests = session.add_files(incoming);
    assert!(
        session.unplaced.is_empty(),
        "every generated file is placed"
    );
    for file in requests {
        let group = group_of(file.slot);
        let request = attach(Request::Inspect { file }, closing);
        for answer in workers.send(group, request) {
            let Response::Inspected {
                file_id,
                slot,
                result,
                ..
            } = answer
            else {
                continue;
            };
            if result.is_ok() {
                workers.parsed.insert((group, file_id));
            }
            let inspection = match result {
                Ok(inspected) => Inspection::Read(Box::new(inspected)),
                Err(error) => Inspection::Failed(error.to_string()),
            };
            session.apply_inspection(file_id, slot, inspection);
        }
    }
    let run_id = session.start_run(0.0).expect("nothing blocks the run");
    let (run_settings, period) = (session.settings.clone(), session.period());
    for group in Group::ALL {
        let files = session.files_for(group, |id| workers.parsed.contains(&(group, id)));
        let request = Request::Run {
            run_id,
            files,
            settings: run_settings.clone(),
            period,
            fault: None,
        };
        let request = attach(request, closing);
        for answer in workers.send(group, request) {
            if let Response::Finished { run_id, result } = answer {
                session.apply_finished(run_id, group, result, 1.0);
            }
        }
    }
    let document = session.result().expect("both workers answered");
    serde_json::from_str(&to_json(document)).expect("the export is JSON")
}

/// Drops what may differ between two runs of the same closing: wall times.
fn without_timings(mut document: Value) -> Value {
    if let Some(workers) = document["trabajadores"].as_array_mut() {
        for worker in workers {
            if let Some(worker) = worker.as_object_mut() {
                worker.remove("ms");
            }
        }
    }
    document
}

/// Runs one closing both ways and checks the documents agree, field by field so a failure
/// names the field. Returns the document.
fn assert_parity(name: &str, closing: &GeneratedClosing, settings: &Settings) -> Value {
    let cli = without_timings(cli_document(name, closing, settings));
    let page = without_timings(page_document(closing, settings));
    let (Value::Object(cli_fields), Value::Object(page_fields)) = (&cli, &page) else {
        panic!("{name}: both documents are objects");
    };
    let keys: BTreeSet<&String> = cli_fields.keys().chain(page_fields.keys()).collect();
    for key in keys {
        assert_eq!(
            cli_fields.get(key),
            page_fields.get(key),
            "{name}: «{key}» differs between the CLI (left) and the page (right)"
        );
    }
    cli
}

/// Each setting of docs/results.md on in turn, beside the defaults.
fn each_setting() -> Vec<(&'static str, Settings)> {
    vec![
        ("defaults", Settings::default()),
        (
            "tolerancia",
            Settings {
                tolerance: 5_000,
                ..Settings::default()
            },
        ),
        (
            "reportar_solo_libro",
            Settings {
                report_only_in_payroll: true,
                ..Settings::default()
            },
        ),
        (
            "cero_es_novedad",
            Settings {
                zero_is_novelty: true,
                ..Settings::default()
            },
        ),
        (
            "excluir_plazo_fijo",
            Settings {
                exclude_fixed_term: true,
                ..Settings::default()
            },
        ),
    ]
}

fn count(document: &Value, kind: DiscrepancyKind) -> u64 {
    document["resumen"]["por_tipo"][kind.id()]
        .as_u64()
        .unwrap_or(0)
}

#[test]
fn closings_of_several_seeds_and_shapes_agree_under_each_setting() {
    let closings = [
        ("s41", GeneratorOptions::sized(41, 150)),
        (
            "csv",
            GeneratorOptions {
                csv_analyst_files: true,
                ..GeneratorOptions::sized(42, 400)
            },
        ),
        (
            "fixed_term",
            GeneratorOptions {
                fixed_term_terminations_around_period: true,
                ..GeneratorOptions::sized(43, 90)
            },
        ),
    ];
    for (closing_name, options) in closings {
        let closing = generate(&options);
        for (setting_name, settings) in each_setting() {
            let name = format!("{closing_name}-{setting_name}");
            let document = assert_parity(&name, &closing, &settings);
            if setting_name == "defaults" {
                assert_eq!(
                    document["resumen"]["total"],
                    closing.planted.len(),
                    "{name}: the planted discrepancies"
                );
            }
        }
    }
}

#[test]
fn closings_with_a_missing_file_agree() {
    let without_changes = generate(&GeneratorOptions {
        include_payroll_changes: false,
        ..GeneratorOptions::sized(44, 120)
    });
    let document = assert_parity("sin-novedades", &without_changes, &Settings::default());
    assert_eq!(document["entradas"].as_array().map(Vec::len), Some(5));
    let without_hires = generate(&GeneratorOptions {
        include_analyst_hires: false,
        include_analyst_absences: false,
        ..GeneratorOptions::sized(45, 120)
    });
    let document = assert_parity("sin-ingresos", &without_hires, &Settings::default());
    assert_eq!(
        count(&document, DiscrepancyKind::HireNotReported),
        without_hires.count(DiscrepancyKind::HireNotReported) as u64
    );
}

#[test]
fn a_config_with_a_mapping_and_a_per_concept_tolerance_agrees() {
    let closing = generate(&GeneratorOptions::sized(46, 200));
    let file = |slot| closing.file(slot).expect("generated");
    let book = file(Slot::PayrollBook);
    let book = read_payroll_book(&book.file_name, &book.bytes).expect("libro reads");
    let changes = file(Slot::PayrollChanges);
    let changes = read_payroll_changes(&changes.file_name, &changes.bytes).expect("reads");
    let headers = &changes.value.concepts;
    assert!(headers.len() >= 3, "enough novedades headers to vary");
    let last_concept = book.value.concepts.last().expect("libro concepts").clone();
    let settings = Settings {
        // One header not compared, one sent to another libro column; the rest proposed.
        mapping: BTreeMap::from([
            (headers[0].clone(), None),
            (headers[1].clone(), Some(last_concept)),
        ]),
        tolerance_per_concept: BTreeMap::from([(headers[2].clone(), 50_000)]),
        ..Settings::default()
    };
    let document = assert_parity("config", &closing, &settings);
    let recorded = document["configuracion"]["mapeo"]
        .as_object()
        .expect("mapeo");
    assert_eq!(
        recorded.len(),
        headers.len(),
        "the document records the mapping the run used, every header"
    );
    assert_eq!(recorded[&headers[0]], Value::Null);
}

/// A libro that tells no period (blank `Año`/`Mes`, a name without `YYYYMM_`) beside
/// `202503_movimientos_….xlsx`: the closing's period comes from the other files' names, and
/// with `excluir_plazo_fijo` on only the fixed-term `BAJA` inside March is excluded.
#[test]
fn the_period_comes_from_the_other_names_when_the_libro_tells_none() {
    let closing = generate(&GeneratorOptions {
        payroll_book_without_period: true,
        fixed_term_terminations_around_period: true,
        ..GeneratorOptions::sized(47, 150)
    });
    let libro = closing.file(Slot::PayrollBook).expect("libro");
    assert!(libro.file_name.starts_with("libro_"), "{}", libro.file_name);
    let movements = closing.file(Slot::MonthlyMovements).expect("movimientos");
    assert!(movements.file_name.starts_with("202503_movimientos_"));
    let before_march = cuadra_core::values::date::Date::new(2025, 2, 28).expect("a date");
    let late = closing
        .planted
        .iter()
        .find(|planted| {
            planted.kind == DiscrepancyKind::TerminationNotReported
                && planted.event_date == Some(before_march)
        })
        .expect("the generator plants a fixed-term BAJA of February")
        .rut;
    for (setting_name, settings) in each_setting() {
        let name = format!("periodo-{setting_name}");
        let document = assert_parity(&name, &closing, &settings);
        assert_eq!(document["cierre"]["periodo"], "2025-03", "{name}");
        assert_eq!(
            document["cierre"]["rut_empresa"],
            closing.company_rut.to_string(),
            "{name}"
        );
        let late_reported = document["discrepancias"]
            .as_array()
            .expect("discrepancias")
            .iter()
            .any(|discrepancy| {
                discrepancy["tipo"] == DiscrepancyKind::TerminationNotReported.id()
                    && discrepancy["rut"] == late.to_string()
            });
        assert!(
            late_reported,
            "{name}: a fixed-term BAJA outside the period is still a finiquito no reportado"
        );
    }
}

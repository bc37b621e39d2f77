//! Pins what a run writes, byte for byte: the JSON document, the CSV export and the xlsx
//! export's cells for generated closings that together hold all 15 discrepancy types; and
//! proves the document reads back to the same typed values.
//!
//! The snapshots under `tests/fixtures/snapshots/` were written by the code as it was before
//! discrepancy values became typed, so any change to how a value is held must still write
//! the same bytes. `CUADRA_UPDATE_SNAPSHOTS=1 cargo test -p cuadra-core --test integration snapshot`
//! rewrites them; a rewrite is a change of output and needs a reason in the commit.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::BTreeSet;

use cuadra_core::compare::{compare_movements_vs_analyst, compare_payroll_vs_changes};
use cuadra_core::consolidate::{consolidate, RunContext, WorkerOutcome};
use cuadra_core::discrepancy::ValueLayout;
use cuadra_core::document::{ClosingInfo, ResultDocument};
use cuadra_core::export::{to_csv, to_json, to_xlsx};
use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions};
use cuadra_core::input;
use cuadra_core::{AnalystReports, Discrepancy, DiscrepancyKind, Settings, Slot};

/// One snapshot case: a generated closing and the settings it runs with.
struct Case {
    name: &'static str,
    options: GeneratorOptions,
    settings: Settings,
}

/// Closing A turns on "employees only in libro" and maps two novedades headers onto columns
/// of another kind, so the text comparison (a text cell, an amount beside a text, a blank
/// libro cell) shows up; closing B is CSV analyst files without Finiquitos, with zeros as
/// novelties, the fixed-term exclusion and a tolerance.
fn cases() -> Vec<Case> {
    let mut settings_a = Settings {
        report_only_in_payroll: true,
        ..Settings::default()
    };
    settings_a
        .mapping
        .insert("Observaciones".to_string(), Some("Viáticos".to_string()));
    settings_a
        .mapping
        .insert("COMISIONES".to_string(), Some("Cargo".to_string()));
    let settings_b = Settings {
        tolerance: 1_000,
        zero_is_novelty: true,
        exclude_fixed_term: true,
        ..Settings::default()
    };
    vec![
        Case {
            name: "closing_a",
            options: GeneratorOptions::default(),
            settings: settings_a,
        },
        Case {
            name: "closing_b",
            options: GeneratorOptions {
                csv_analyst_files: true,
                include_analyst_terminations: false,
                ..GeneratorOptions::sized(7, 300)
            },
            settings: settings_b,
        },
    ]
}

/// Reads every generated file with the real readers, runs both comparisons and consolidates
/// them as the CLI does, with both timings zero.
fn document(closing: &GeneratedClosing, settings: &Settings) -> ResultDocument {
    let file = |slot: Slot| {
        closing
            .file(slot)
            .map(|file| (file.file_name.as_str(), file.bytes.as_slice()))
    };
    let mut summaries = Vec::new();
    let (name, bytes) = file(Slot::PayrollBook).expect("libro is always generated");
    let book = input::read_payroll_book(name, bytes).expect("generated libro reads");
    summaries.push(book.summary);
    let changes = file(Slot::PayrollChanges).map(|(name, bytes)| {
        let read = input::read_payroll_changes(name, bytes).expect("generated novedades reads");
        summaries.push(read.summary);
        read.value
    });
    let (name, bytes) = file(Slot::MonthlyMovements).expect("movimientos is always generated");
    let movements =
        input::read_monthly_movements(name, bytes).expect("generated movimientos reads");
    summaries.push(movements.summary);
    let mut analyst = AnalystReports::default();
    if let Some((name, bytes)) = file(Slot::AnalystHires) {
        let read = input::read_analyst_hires(name, bytes).expect("generated ingresos reads");
        summaries.push(read.summary);
        analyst.hires = Some(read.value);
    }
    if let Some((name, bytes)) = file(Slot::AnalystTerminations) {
        let read =
            input::read_analyst_terminations(name, bytes).expect("generated finiquitos reads");
        summaries.push(read.summary);
        analyst.terminations = Some(read.value);
    }
    if let Some((name, bytes)) = file(Slot::AnalystAbsences) {
        let read = input::read_analyst_absences(name, bytes).expect("generated ausentismos reads");
        summaries.push(read.summary);
        analyst.absences = Some(read.value);
    }
    let closing_info = ClosingInfo {
        period: book.value.period,
        company_rut: book.value.company_rut,
    };
    let payroll = compare_payroll_vs_changes(&book.value, changes.as_ref(), settings);
    let movements =
        compare_movements_vs_analyst(&movements.value, &analyst, settings, closing_info.period);
    consolidate(
        RunContext {
            closing: &closing_info,
            inputs: &summaries,
            settings,
            previous: &[],
        },
        WorkerOutcome::Ok {
            result: payroll,
            ms: 0.0,
        },
        WorkerOutcome::Ok {
            result: movements,
            ms: 0.0,
        },
    )
}

/// Every non-empty cell of every sheet, one line each: `Sheet!row,col kind:text`, where the
/// kind tells a number (`n`) from a date (`d`, its Excel serial) from a string (`s`), since
/// pesos and days must stay numbers and dates dates.
fn xlsx_cells(bytes: Vec<u8>) -> String {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("the export opens");
    let mut out = String::new();
    for sheet_name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&sheet_name).expect("sheet reads");
        let (row_0, col_0) = range.start().unwrap_or((0, 0));
        for (row_idx, row) in range.rows().enumerate() {
            for (col_idx, cell) in row.iter().enumerate() {
                let (kind, text) = match cell {
                    Data::Empty => continue,
                    Data::String(text) => ("s", text.clone()),
                    Data::Float(number) => ("n", number.to_string()),
                    Data::Int(number) => ("n", number.to_string()),
                    Data::DateTime(date) => ("d", date.as_f64().to_string()),
                    other => ("?", other.to_string()),
                };
                let row_number = row_0 as usize + row_idx;
                let col_number = col_0 as usize + col_idx;
                out.push_str(&format!(
                    "{sheet_name}!{row_number},{col_number} {kind}:{text}\n"
                ));
            }
        }
    }
    out
}

/// Compares `actual` with the committed snapshot, or rewrites it on request.
#[cfg(not(target_arch = "wasm32"))]
fn check_snapshot(file_name: &str, actual: &[u8]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/snapshots")
        .join(file_name);
    if std::env::var("CUADRA_UPDATE_SNAPSHOTS").is_ok_and(|value| value == "1") {
        std::fs::create_dir_all(path.parent().expect("a snapshot has a folder"))
            .expect("snapshot folder");
        std::fs::write(&path, actual).expect("snapshot written");
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error} (CUADRA_UPDATE_SNAPSHOTS=1 writes it)",
            path.display()
        )
    });
    if expected != actual {
        let first_difference = expected
            .iter()
            .zip(actual)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(actual.len()));
        let around = |bytes: &[u8]| {
            let start = first_difference.saturating_sub(120);
            let end = (first_difference + 120).min(bytes.len());
            String::from_utf8_lossy(&bytes[start.min(end)..end]).into_owned()
        };
        panic!(
            "{file_name} differs from its snapshot at byte {first_difference}\n\
             --- expected ---\n{}\n--- actual ---\n{}",
            around(&expected),
            around(actual)
        );
    }
}

/// In the browser there is no file system: the snapshots are compiled in.
#[cfg(target_arch = "wasm32")]
fn check_snapshot(file_name: &str, actual: &[u8]) {
    let expected: &[u8] = match file_name {
        "closing_a.json" => include_bytes!("../fixtures/snapshots/closing_a.json"),
        "closing_a.csv" => include_bytes!("../fixtures/snapshots/closing_a.csv"),
        "closing_a.xlsx.txt" => include_bytes!("../fixtures/snapshots/closing_a.xlsx.txt"),
        "closing_b.json" => include_bytes!("../fixtures/snapshots/closing_b.json"),
        "closing_b.csv" => include_bytes!("../fixtures/snapshots/closing_b.csv"),
        "closing_b.xlsx.txt" => include_bytes!("../fixtures/snapshots/closing_b.xlsx.txt"),
        other => panic!("no snapshot named {other}"),
    };
    assert!(expected == actual, "{file_name} differs from its snapshot");
}

#[test]
fn the_cases_hold_every_discrepancy_type_and_the_text_comparison() {
    let mut kinds = BTreeSet::new();
    let mut text_comparisons = 0;
    for case in cases() {
        let document = document(&generate(&case.options), &case.settings);
        for discrepancy in &document.discrepancies {
            kinds.insert(discrepancy.kind);
            if discrepancy.kind == DiscrepancyKind::ConceptAmountDiffers
                && discrepancy.difference.is_none()
            {
                text_comparisons += 1;
            }
        }
    }
    let missing: Vec<_> = DiscrepancyKind::ALL
        .into_iter()
        .filter(|kind| !kinds.contains(kind))
        .collect();
    assert!(missing.is_empty(), "no case holds {missing:?}");
    assert!(text_comparisons > 0, "no text comparison in the cases");
}

#[test]
fn json_csv_and_xlsx_are_byte_identical_to_the_snapshots() {
    for case in cases() {
        let document = document(&generate(&case.options), &case.settings);
        check_snapshot(
            &format!("{}.json", case.name),
            to_json(&document).as_bytes(),
        );
        check_snapshot(&format!("{}.csv", case.name), &to_csv(&document));
        let xlsx = to_xlsx(&document).expect("the export builds");
        check_snapshot(
            &format!("{}.xlsx.txt", case.name),
            xlsx_cells(xlsx).as_bytes(),
        );
    }
}

#[test]
fn every_type_fills_exactly_the_fields_its_layout_names() {
    for case in cases() {
        let document = document(&generate(&case.options), &case.settings);
        for discrepancy in &document.discrepancies {
            let layout = ValueLayout::of(discrepancy.kind, discrepancy.difference.is_some());
            let filled = [
                discrepancy.valor_libro.is_some(),
                discrepancy.valor_novedades.is_some(),
                discrepancy.valor_movimientos.is_some(),
                discrepancy.valor_analista.is_some(),
                discrepancy.difference.is_some(),
            ];
            let named = [
                layout.valor_libro.is_some(),
                layout.valor_novedades.is_some(),
                layout.valor_movimientos.is_some(),
                layout.valor_analista.is_some(),
                layout.difference.is_some(),
            ];
            assert_eq!(filled, named, "{discrepancy:?}");
        }
    }
}

#[test]
fn the_json_document_reads_back_to_the_same_typed_values() {
    for case in cases() {
        let document = document(&generate(&case.options), &case.settings);
        let json = to_json(&document);
        let back: ResultDocument = serde_json::from_str(&json).expect("the document reads back");
        assert_eq!(back, document, "{}", case.name);
        assert_eq!(to_json(&back), json, "{}", case.name);
    }
}

#[test]
fn a_value_that_does_not_fit_its_type_is_refused_without_showing_it() {
    let case = &cases()[0];
    let document = document(&generate(&case.options), &case.settings);
    let refused = |kind: DiscrepancyKind, field: &str, text: &str| {
        let discrepancy = document
            .discrepancies
            .iter()
            .find(|discrepancy| discrepancy.kind == kind)
            .expect("closing A holds every type");
        let mut value = serde_json::to_value(discrepancy).expect("serialises");
        value[field] = serde_json::Value::from(text);
        let error = serde_json::from_value::<Discrepancy>(value)
            .expect_err(text)
            .to_string();
        assert!(
            error.contains(&format!("{}: {field}", kind.id())),
            "{error}"
        );
        assert!(!error.contains(text), "the error shows the cell: {error}");
        error
    };
    refused(
        DiscrepancyKind::HireDateDiffers,
        "valor_analista",
        "04-03-2025",
    );
    refused(
        DiscrepancyKind::EmployeeOnlyInChanges,
        "valor_libro",
        "quizás",
    );
    refused(DiscrepancyKind::BaseSalaryDiffers, "diferencia", "12,5");
    refused(
        DiscrepancyKind::AbsenceDaysDiffer,
        "valor_analista",
        "cinco",
    );
    let error = refused(
        DiscrepancyKind::EmployeeOnlyInPayroll,
        "valor_libro",
        "806843",
    );
    assert!(error.contains("holds no value"), "{error}");
}

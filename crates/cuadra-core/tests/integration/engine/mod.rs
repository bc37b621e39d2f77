//! The engine's contract: both comparisons, consolidation and exports on inputs built in code.
//!
//! Each comparison test goes through `check_*`, which renders every discrepancy as one
//! compact line (`type rut [field=value …]`) and compares the whole list, in order.

use std::collections::BTreeMap;
use std::str::FromStr;

use cuadra_core::compare::{
    compare_movements_vs_analyst, compare_payroll_vs_changes, effective_mapping, propose_mapping,
    GroupResult, NotCompared,
};
use cuadra_core::consolidate::{
    carry_over, consolidate, loading_state, LoadedSlot, RunContext, WorkerOutcome,
};
use cuadra_core::coverage::verification_sentence;
use cuadra_core::discrepancy::ComparedValue;
use cuadra_core::document::{ClosingInfo, ClosingState, ResultDocument, Summary};
use cuadra_core::export::{to_csv, to_json, to_xlsx};
use cuadra_core::model::{
    Absence, AnalystReports, ConceptValue, FileNameInfo, InputSummary, InputWarning,
    MonthlyMovements, Movement, PayrollBook, PayrollBookEmployee, PayrollChanges,
    PayrollChangesEmployee, Period, Slot,
};
use cuadra_core::values::date::Date;
use cuadra_core::values::rut::Rut;
use cuadra_core::values::text::normalize_absence_kind;
use cuadra_core::{Discrepancy, DiscrepancyKind, DiscrepancyStatus, Group, Settings};
use rust_decimal::Decimal;

mod consolidation;
mod document;
mod exports;
mod mapping;
mod movements_vs_analyst;
mod order;
mod payroll_vs_changes;
mod relative_tolerance;
mod suggestions;

// ---------------------------------------------------------------------------------------------
// Builders

fn rut(number: u32) -> Rut {
    Rut::from_number(number)
}

fn date(text: &str) -> Date {
    Date::parse(text).expect("test date")
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("test decimal")
}

/// A cell: `""` is blank, a number is an amount, anything else is text.
fn cell(text: &str) -> ConceptValue {
    if text.is_empty() {
        ConceptValue::Empty
    } else if let Ok(amount) = Decimal::from_str(text) {
        ConceptValue::Amount(amount)
    } else {
        ConceptValue::Text(text.to_string())
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

fn book(concepts: &[&str], rows: &[(u32, &str, &[&str])]) -> PayrollBook {
    PayrollBook {
        sheet: "Libro".to_string(),
        concepts: strings(concepts),
        employees: rows
            .iter()
            .enumerate()
            .map(|(idx, (number, name, values))| PayrollBookEmployee {
                rut: rut(*number),
                name: name.to_string(),
                row_number: idx as u32 + 2,
                values: values.iter().map(|value| cell(value)).collect(),
            })
            .collect(),
        company_rut: Some(rut(76123456)),
        period: Period::parse("2025-03"),
    }
}

fn changes(concepts: &[&str], rows: &[(u32, &str, &[&str])]) -> PayrollChanges {
    PayrollChanges {
        sheet: "Novedades".to_string(),
        concepts: strings(concepts),
        employees: rows
            .iter()
            .enumerate()
            .map(|(idx, (number, name, values))| PayrollChangesEmployee {
                rut: rut(*number),
                name: name.to_string(),
                row_number: idx as u32 + 2,
                values: values.iter().map(|value| cell(value)).collect(),
            })
            .collect(),
    }
}

fn movement(number: u32, name: &str, day: &str) -> Movement {
    Movement {
        rut: rut(number),
        name: name.to_string(),
        date: date(day),
        sheet: "Altas y Bajas".to_string(),
        row_number: 4,
        contract_type: None,
        reason: None,
    }
}

fn fixed_term(number: u32, day: &str) -> Movement {
    Movement {
        contract_type: Some("Plazo Fijo".to_string()),
        ..movement(number, "Ana", day)
    }
}

fn absence(number: u32, start: &str, end: &str, days: &str, kind: &str) -> Absence {
    Absence {
        rut: rut(number),
        name: "Ana Soto".to_string(),
        start: date(start),
        end: date(end),
        days: (!days.is_empty()).then(|| dec(days)),
        kind: kind.to_string(),
        kind_key: normalize_absence_kind(kind),
        sheet: "Ausentismos".to_string(),
        row_number: 4,
    }
}

fn settings() -> Settings {
    Settings::default()
}

// ---------------------------------------------------------------------------------------------
// Rendering and checks

fn render(discrepancy: &Discrepancy) -> String {
    let mut line = format!("{} {}", discrepancy.kind.id(), discrepancy.rut);
    // Values as the document writes them.
    let text = |value: &Option<ComparedValue>| value.as_ref().map(ComparedValue::to_string);
    let fields = [
        ("concepto", discrepancy.concept.clone()),
        ("libro", text(&discrepancy.valor_libro)),
        ("novedades", text(&discrepancy.valor_novedades)),
        ("mov", text(&discrepancy.valor_movimientos)),
        ("analista", text(&discrepancy.valor_analista)),
        ("dif", text(&discrepancy.difference)),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            line.push_str(&format!(" {name}={value}"));
        }
    }
    if let Some(event_date) = discrepancy.event_date {
        line.push_str(&format!(" fecha={event_date}"));
    }
    line
}

fn assert_lines(result: &GroupResult, expected: &[&str]) {
    let actual: Vec<String> = result.discrepancies.iter().map(render).collect();
    assert_eq!(actual, expected, "\nactual:\n{}\n", actual.join("\n"));
    for discrepancy in &result.discrepancies {
        assert_eq!(discrepancy.group, discrepancy.kind.group());
        assert_eq!(discrepancy.status, DiscrepancyStatus::Pending);
        assert!(
            discrepancy.description.ends_with('.'),
            "{}",
            discrepancy.description
        );
        assert!(
            discrepancy
                .description
                .contains(&discrepancy.rut.to_string()),
            "{}",
            discrepancy.description
        );
    }
}

fn check_payroll(
    payroll_book: &PayrollBook,
    payroll_changes: Option<&PayrollChanges>,
    settings: &Settings,
    expected: &[&str],
) -> GroupResult {
    let result = compare_payroll_vs_changes(payroll_book, payroll_changes, settings);
    assert_lines(&result, expected);
    result
}

fn check_movements(
    movements: &MonthlyMovements,
    analyst: &AnalystReports,
    settings: &Settings,
    period: Option<Period>,
    expected: &[&str],
) -> GroupResult {
    let result = compare_movements_vs_analyst(movements, analyst, settings, period);
    assert_lines(&result, expected);
    result
}

fn no_analyst_files() -> AnalystReports {
    AnalystReports {
        hires: Some(vec![]),
        terminations: Some(vec![]),
        absences: Some(vec![]),
    }
}

// ---------------------------------------------------------------------------------------------
// Shared closings

/// A closing that produces every one of the 15 types.
fn everything() -> (
    PayrollBook,
    PayrollChanges,
    MonthlyMovements,
    AnalystReports,
) {
    let payroll_book = book(
        &["Sueldo Base", "Sueldo Base.1", "Bono"],
        &[
            (12345678, "Ana Soto", &["1", "500000", "1000"]),
            (10609379, "Juan Pérez", &["1", "400000", "2000"]),
        ],
    );
    let payroll_changes = changes(
        &["Sueldo Base", "Bono"],
        &[
            (12345678, "Ana Soto", &["510000", "1500"]),
            (7654321, "Pedro Díaz", &["", "5"]),
        ],
    );
    let movements = MonthlyMovements {
        hires: vec![
            movement(12345678, "Ana", "2025-03-03"),
            movement(10609379, "Juan", "2025-03-04"),
        ],
        terminations: vec![
            movement(12345678, "Ana", "2025-03-31"),
            movement(10609379, "Juan", "2025-03-15"),
        ],
        absences: vec![
            absence(12345678, "2025-03-03", "2025-03-07", "5", "Licencia"),
            absence(10609379, "2025-03-03", "2025-03-07", "5", "Licencia"),
            absence(7654321, "2025-03-03", "2025-03-07", "5", "Licencia"),
        ],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        hires: Some(vec![
            movement(10609379, "Juan", "2025-03-05"),
            movement(7654321, "Pedro", "2025-03-06"),
        ]),
        terminations: Some(vec![
            movement(10609379, "Juan", "2025-03-14"),
            movement(7654321, "Pedro", "2025-03-01"),
        ]),
        absences: Some(vec![
            absence(10609379, "2025-03-03", "2025-03-06", "5", "Permiso"),
            absence(7654321, "2025-03-03", "2025-03-07", "4", "Licencia"),
            absence(11111111, "2025-03-10", "2025-03-11", "2", "Licencia"),
        ]),
    };
    (payroll_book, payroll_changes, movements, analyst)
}

fn run_everything(settings: &Settings) -> Vec<Discrepancy> {
    let (payroll_book, payroll_changes, movements, analyst) = everything();
    let mut all =
        compare_payroll_vs_changes(&payroll_book, Some(&payroll_changes), settings).discrepancies;
    all.extend(compare_movements_vs_analyst(&movements, &analyst, settings, None).discrepancies);
    all
}

fn summary(slot: Slot, file_name: &str) -> InputSummary {
    InputSummary {
        slot,
        file_name: file_name.to_string(),
        sha256: "ab".repeat(32),
        sheets: vec!["Libro".to_string()],
        n_rows: 2,
        n_rows_skipped: 1,
        name_info: FileNameInfo::default(),
        name_warning: None,
        warnings: vec![InputWarning {
            sheet: "Libro".to_string(),
            row_number: 17,
            column: Some("Rut del Trabajador".to_string()),
            text: Some("12.345.678-4".to_string()),
            message: "dígito verificador incorrecto".to_string(),
        }],
        notes: vec![],
    }
}

fn closing() -> ClosingInfo {
    ClosingInfo {
        period: Period::parse("2025-03"),
        company_rut: Some(rut(76123456)),
    }
}

fn ok(discrepancies: Vec<Discrepancy>) -> WorkerOutcome {
    WorkerOutcome::Ok {
        result: GroupResult {
            discrepancies,
            notes: vec![],
            not_compared: None,
        },
        ms: 12.5,
    }
}

fn document_of(
    payroll: WorkerOutcome,
    movements: WorkerOutcome,
    previous: &[Discrepancy],
) -> ResultDocument {
    let closing = closing();
    let inputs = [summary(
        Slot::PayrollBook,
        "202503_libro_remuneraciones_761234560.xlsx",
    )];
    let settings = settings();
    consolidate(
        RunContext {
            closing: &closing,
            inputs: &inputs,
            settings: &settings,
            previous,
        },
        payroll,
        movements,
    )
}

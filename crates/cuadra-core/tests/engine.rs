//! The engine's contract: both comparisons, consolidation and exports on inputs built in code.
//!
//! Each comparison test goes through `check_*`, which renders every discrepancy as one
//! compact line (`type rut [field=value …]`) and compares the whole list, in order.

// In the browser the same tests run through wasm-bindgen-test (Chromium, headless).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::collections::BTreeMap;
use std::str::FromStr;

use cuadra_core::compare::{
    compare_movements_vs_analyst, compare_payroll_vs_changes, effective_mapping, propose_mapping,
    GroupResult,
};
use cuadra_core::consolidate::{
    carry_over, consolidate, loading_state, LoadedSlot, RunContext, WorkerOutcome,
};
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
// Mapping

#[test]
fn mapping_proposal_prefers_itemised_repetition() {
    let book_concepts = strings(&[
        "Sueldo Base",
        "Viáticos",
        "Otros Descuentos",
        "Sueldo Base.1",
        "Otros Descuentos.1",
        "Bono",
    ]);
    let proposal = propose_mapping(
        &strings(&[
            "SUELDO BASE",
            "VIATICOS",
            "Otros  descuentos",
            "Bono",
            "Aguinaldo",
        ]),
        &book_concepts,
    );
    let expected: BTreeMap<String, Option<String>> = [
        ("SUELDO BASE", Some("Sueldo Base.1")),
        ("VIATICOS", Some("Viáticos")),
        ("Otros  descuentos", Some("Otros Descuentos.1")),
        ("Bono", Some("Bono")),
        ("Aguinaldo", None),
    ]
    .into_iter()
    .map(|(header, target)| (header.to_string(), target.map(str::to_string)))
    .collect();
    assert_eq!(proposal, expected);
}

#[test]
fn user_mapping_overrides_and_sin_asignacion() {
    let payroll_book = book(
        &["Bono", "Bono Especial", "Viáticos"],
        &[(10609379, "Juan Pérez", &["1000", "2000", "3000"])],
    );
    let payroll_changes = changes(
        &["Bono", "Viaticos", "Colación"],
        &[(10609379, "Juan Pérez", &["2000", "999", "50"])],
    );
    // Without a user mapping: Bono → Bono differs, Viaticos → Viáticos differs.
    let result = check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings(),
        &[
            "diff_concepto_monto 10609379-2 concepto=Bono → Bono libro=1000 novedades=2000 dif=-1000",
            "diff_concepto_monto 10609379-2 concepto=Viaticos → Viáticos libro=3000 novedades=999 dif=2001",
        ],
    );
    assert_eq!(
        result.notes,
        ["Conceptos de Novedades sin asignación (no se comparan): Colación."]
    );
    // The user maps Bono to Bono Especial (now equal) and sets Viaticos to Sin asignación;
    // Colación is absent from the user's map and keeps the (empty) proposal.
    let mut user = settings();
    user.mapping
        .insert("Bono".to_string(), Some("Bono Especial".to_string()));
    user.mapping.insert("Viaticos".to_string(), None);
    let result = check_payroll(&payroll_book, Some(&payroll_changes), &user, &[]);
    assert_eq!(
        result.notes,
        ["Conceptos de Novedades sin asignación (no se comparan): Viaticos, Colación."]
    );
    // A user target the libro lacks is not compared and says so.
    user.mapping
        .insert("Colación".to_string(), Some("Colacion Diaria".to_string()));
    let result = check_payroll(&payroll_book, Some(&payroll_changes), &user, &[]);
    assert!(
        result.notes[1].contains("«Colacion Diaria», que no existe"),
        "{:?}",
        result.notes
    );
}

#[test]
fn effective_mapping_records_user_choices_and_proposals() {
    let mut user = settings();
    user.mapping.insert("bono".to_string(), None);
    let mapping = effective_mapping(
        &strings(&["Bono", "Viaticos", "Colación"]),
        &strings(&["Bono", "Viáticos"]),
        &user,
    );
    let expected: BTreeMap<String, Option<String>> = [
        ("bono", None),
        ("Viaticos", Some("Viáticos")),
        ("Colación", None),
    ]
    .into_iter()
    .map(|(header, target)| (header.to_string(), target.map(str::to_string)))
    .collect();
    assert_eq!(mapping, expected);
}

// ---------------------------------------------------------------------------------------------
// Libro vs Novedades

#[test]
fn concept_amount_difference_reads_alone() {
    let payroll_book = book(
        &["Otros Descuentos", "Otros Descuentos.1"],
        &[(10609379, "Juan Pérez", &["900000", "806843"])],
    );
    let payroll_changes = changes(
        &["Otros Descuentos"],
        &[(10609379, "Juan Perez", &["343.122,00"])],
    );
    let payroll_changes = PayrollChanges {
        employees: vec![PayrollChangesEmployee {
            values: vec![ConceptValue::Amount(dec("343122.00"))],
            ..payroll_changes.employees[0].clone()
        }],
        ..payroll_changes
    };
    let result = check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings(),
        &[
            "diff_concepto_monto 10609379-2 concepto=Otros Descuentos → Otros Descuentos.1 \
           libro=806843 novedades=343122 dif=463721",
        ],
    );
    let discrepancy = &result.discrepancies[0];
    assert_eq!(
        discrepancy.name, "Juan Pérez",
        "the libro's name comes first"
    );
    assert_eq!(
        discrepancy.description,
        "Juan Pérez (10609379-2): «Otros Descuentos» es $ 806.843 en el Libro de \
         Remuneraciones y $ 343.122 en Novedades (diferencia $ 463.721)."
    );
}

#[test]
fn base_salary_columns_have_their_own_type() {
    let payroll_book = book(
        &["Sueldo Base", "Sueldo Base.1", "Bono"],
        &[(12345678, "Ana Soto", &["500000", "450000", "1000"])],
    );
    let payroll_changes = changes(
        &["Sueldo Base", "Bono"],
        &[(12345678, "Ana Soto", &["460000", "1000"])],
    );
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings(),
        &[
            "diff_sueldo_base 12345678-5 concepto=Sueldo Base → Sueldo Base.1 libro=450000 \
           novedades=460000 dif=-10000",
        ],
    );
}

#[test]
fn tolerance_boundary_global_and_per_concept() {
    let payroll_book = book(
        &["Bono", "Viáticos"],
        &[(12345678, "Ana", &["10100", "10101"])],
    );
    let payroll_changes = changes(
        &["Bono", "Viáticos"],
        &[(12345678, "Ana", &["10000", "10000"])],
    );
    let mut tolerant = settings();
    tolerant.tolerance = 100;
    // A difference equal to the tolerance is not reported; one peso more is.
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &tolerant,
        &[
            "diff_concepto_monto 12345678-5 concepto=Viáticos → Viáticos libro=10101 \
           novedades=10000 dif=101",
        ],
    );
    // The per-concept tolerance overrides the global one, in both directions.
    tolerant
        .tolerance_per_concept
        .insert("Viáticos".to_string(), 101);
    tolerant
        .tolerance_per_concept
        .insert("Bono".to_string(), 99);
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &tolerant,
        &[
            "diff_concepto_monto 12345678-5 concepto=Bono → Bono libro=10100 novedades=10000 \
           dif=100",
        ],
    );
    // Default tolerance 0: any peso counts.
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings(),
        &[
            "diff_concepto_monto 12345678-5 concepto=Bono → Bono libro=10100 novedades=10000 dif=100",
            "diff_concepto_monto 12345678-5 concepto=Viáticos → Viáticos libro=10101 novedades=10000 dif=101",
        ],
    );
}

#[test]
fn amounts_are_rounded_half_up_before_comparing() {
    let payroll_book = book(
        &["Bono", "Viáticos"],
        &[(12345678, "Ana", &["100.5", "100.49"])],
    );
    let payroll_changes = changes(&["Bono", "Viáticos"], &[(12345678, "Ana", &["101", "101"])]);
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings(),
        &[
            "diff_concepto_monto 12345678-5 concepto=Viáticos → Viáticos libro=100 novedades=101 \
           dif=-1",
        ],
    );
}

#[test]
fn blank_libro_cell_counts_as_zero() {
    let payroll_book = book(&["Bono"], &[(12345678, "Ana", &[""])]);
    let payroll_changes = changes(&["Bono"], &[(12345678, "Ana", &["5000"])]);
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings(),
        &["diff_concepto_monto 12345678-5 concepto=Bono → Bono libro=0 novedades=5000 dif=-5000"],
    );
}

#[test]
fn text_against_anything_compares_trimmed_texts() {
    let payroll_book = book(
        &["Bono", "Cargo", "Turno", "Viáticos"],
        &[(12345678, "Ana", &["1000", "Analista", "Noche", ""])],
    );
    let payroll_changes = changes(
        &["Bono", "Cargo", "Turno", "Viáticos"],
        &[(
            12345678,
            "Ana",
            &["pendiente", "  Analista ", "Día", "ver anexo"],
        )],
    );
    let result = check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings(),
        &[
            "diff_concepto_monto 12345678-5 concepto=Bono → Bono libro=1000 novedades=pendiente",
            "diff_concepto_monto 12345678-5 concepto=Turno → Turno libro=Noche novedades=Día",
            "diff_concepto_monto 12345678-5 concepto=Viáticos → Viáticos libro= novedades=ver anexo",
        ],
    );
    assert_eq!(
        result.discrepancies[2].description,
        "Ana (12345678-5): «Viáticos» es vacío en el Libro de Remuneraciones y «ver anexo» en \
         Novedades."
    );
}

#[test]
fn zero_in_novedades_is_a_novelty_only_when_asked() {
    let payroll_book = book(&["Bono", "Viáticos"], &[(12345678, "Ana", &["5000", "0"])]);
    let payroll_changes = changes(&["Bono", "Viáticos"], &[(12345678, "Ana", &["0", ""])]);
    check_payroll(&payroll_book, Some(&payroll_changes), &settings(), &[]);
    let zero_counts = Settings {
        zero_is_novelty: true,
        ..settings()
    };
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &zero_counts,
        &["diff_concepto_monto 12345678-5 concepto=Bono → Bono libro=5000 novedades=0 dif=5000"],
    );
}

#[test]
fn employees_only_on_one_side() {
    let payroll_book = book(
        &["Bono"],
        &[
            (12345678, "Ana Soto", &["1000"]),
            (10609379, "Juan Pérez", &["1000"]),
        ],
    );
    let payroll_changes = changes(
        &["Bono"],
        &[
            (12345678, "Ana Soto", &["1000"]),
            (7654321, "Pedro Díaz", &["1000"]),
        ],
    );
    let result = check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings(),
        &["empleado_solo_novedades 7654321-6 libro=No encontrado"],
    );
    assert_eq!(
        result.discrepancies[0].description,
        "Pedro Díaz (7654321-6) figura en Novedades pero no en el Libro de Remuneraciones."
    );
    let report_all = Settings {
        report_only_in_payroll: true,
        ..settings()
    };
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &report_all,
        &[
            "empleado_solo_libro 10609379-2 novedades=No encontrado",
            "empleado_solo_novedades 7654321-6 libro=No encontrado",
        ],
    );
}

#[test]
fn without_novedades_nothing_is_compared() {
    let payroll_book = book(&["Bono"], &[(12345678, "Ana", &["1000"])]);
    let report_all = Settings {
        report_only_in_payroll: true,
        ..settings()
    };
    let result = check_payroll(&payroll_book, None, &report_all, &[]);
    assert_eq!(result.notes.len(), 1);
    assert!(result.notes[0].contains("No se cargó el archivo de Novedades"));
}

// ---------------------------------------------------------------------------------------------
// Movimientos vs Analista

#[test]
fn hires_against_analyst_ingresos() {
    let movements = MonthlyMovements {
        hires: vec![
            movement(12345678, "Ana Soto", "2025-03-03"),
            movement(10609379, "Juan Pérez", "2025-03-04"),
            movement(7654321, "Pedro Díaz", "2025-03-10"),
        ],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        hires: Some(vec![
            movement(10609379, "Juan Pérez", "2025-03-05"),
            movement(7654321, "", "2025-03-10"),
            movement(11111111, "Rosa Lagos", "2025-03-17"),
        ]),
        ..no_analyst_files()
    };
    let result = check_movements(
        &movements,
        &analyst,
        &settings(),
        None,
        &[
            "ingreso_no_reportado 12345678-5 mov=2025-03-03 analista=No reportado fecha=2025-03-03",
            "ingreso_no_en_movimientos 11111111-1 mov=No encontrado analista=2025-03-17 fecha=2025-03-17",
            "diff_fecha_ingreso 10609379-2 mov=2025-03-04 analista=2025-03-05 fecha=2025-03-04",
        ],
    );
    assert_eq!(
        result.discrepancies[2].description,
        "La fecha de ingreso de Juan Pérez (10609379-2) es 04-03-2025 en Movimientos del Mes y \
         05-03-2025 según el analista."
    );
}

#[test]
fn terminations_against_analyst_finiquitos() {
    let movements = MonthlyMovements {
        terminations: vec![
            movement(12345678, "Ana Soto", "2025-03-31"),
            movement(10609379, "Juan Pérez", "2025-03-15"),
        ],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        terminations: Some(vec![
            movement(10609379, "Juan Pérez", "2025-03-14"),
            movement(7654321, "Pedro Díaz", "2025-03-01"),
        ]),
        ..no_analyst_files()
    };
    check_movements(
        &movements,
        &analyst,
        &settings(),
        None,
        &[
            "finiquito_no_reportado 12345678-5 mov=2025-03-31 analista=No reportado fecha=2025-03-31",
            "finiquito_no_en_movimientos 7654321-6 mov=No encontrado analista=2025-03-01 fecha=2025-03-01",
            "diff_fecha_retiro 10609379-2 mov=2025-03-15 analista=2025-03-14 fecha=2025-03-15",
        ],
    );
}

#[test]
fn analyst_file_not_loaded_means_not_reported() {
    let movements = MonthlyMovements {
        hires: vec![movement(12345678, "Ana Soto", "2025-03-03")],
        terminations: vec![movement(10609379, "Juan Pérez", "2025-03-15")],
        absences: vec![absence(
            7654321,
            "2025-03-03",
            "2025-03-07",
            "5",
            "Licencia Medica",
        )],
        ..MonthlyMovements::default()
    };
    let result = check_movements(
        &movements,
        &AnalystReports::default(),
        &settings(),
        None,
        &[
            "ingreso_no_reportado 12345678-5 mov=2025-03-03 analista=No reportado fecha=2025-03-03",
            "finiquito_no_reportado 10609379-2 mov=2025-03-15 analista=No reportado fecha=2025-03-15",
            "ausencia_no_reportada 7654321-6 mov=Licencia Medica (2025-03-03 - 2025-03-07) \
             analista=No reportado fecha=2025-03-03",
        ],
    );
    let files_not_loaded: Vec<&String> = result
        .notes
        .iter()
        .filter(|note| note.starts_with("No se cargó el archivo de"))
        .collect();
    assert_eq!(files_not_loaded.len(), 3, "{:?}", result.notes);
}

#[test]
fn several_hires_for_one_rut_pair_by_date() {
    // A duplicated ALTA reported once: one is matched, the other is not reported. A re-hire
    // reported with another date pairs in date order and is one date difference.
    let movements = MonthlyMovements {
        hires: vec![
            movement(12345678, "Ana Soto", "2025-03-03"),
            movement(12345678, "Ana Soto", "2025-03-03"),
            movement(10609379, "Juan Pérez", "2025-03-20"),
            movement(10609379, "Juan Pérez", "2025-03-01"),
        ],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        hires: Some(vec![
            movement(12345678, "Ana Soto", "2025-03-03"),
            movement(10609379, "Juan Pérez", "2025-03-01"),
            movement(10609379, "Juan Pérez", "2025-03-21"),
        ]),
        ..no_analyst_files()
    };
    check_movements(
        &movements,
        &analyst,
        &settings(),
        None,
        &[
            "ingreso_no_reportado 12345678-5 mov=2025-03-03 analista=No reportado fecha=2025-03-03",
            "diff_fecha_ingreso 10609379-2 mov=2025-03-20 analista=2025-03-21 fecha=2025-03-20",
        ],
    );
}

#[test]
fn fixed_term_terminations_can_be_excluded() {
    let movements = MonthlyMovements {
        terminations: vec![
            fixed_term(12345678, "2025-03-31"),
            fixed_term(10609379, "2025-04-30"),
            movement(7654321, "Pedro Díaz", "2025-03-15"),
        ],
        ..MonthlyMovements::default()
    };
    let all = [
        "finiquito_no_reportado 7654321-6 mov=2025-03-15 analista=No reportado fecha=2025-03-15",
        "finiquito_no_reportado 10609379-2 mov=2025-04-30 analista=No reportado fecha=2025-04-30",
        "finiquito_no_reportado 12345678-5 mov=2025-03-31 analista=No reportado fecha=2025-03-31",
    ];
    let march = Period::parse("2025-03");
    check_movements(&movements, &no_analyst_files(), &settings(), march, &all);
    let exclude = Settings {
        exclude_fixed_term: true,
        ..settings()
    };
    let result = check_movements(&movements, &no_analyst_files(), &exclude, march, &all[..2]);
    assert!(result
        .notes
        .iter()
        .any(|note| note.starts_with("1 baja(s) de contrato a plazo fijo")));
    // Without a known period any date counts as "this month".
    check_movements(&movements, &no_analyst_files(), &exclude, None, &all[..1]);
}

#[test]
fn absences_exact_match_compares_days() {
    let movements = MonthlyMovements {
        absences: vec![
            absence(12345678, "2025-03-03", "2025-03-07", "5", "Licencia Médica"),
            absence(10609379, "2025-03-10", "2025-03-10", "0.5", "Permiso"),
        ],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        absences: Some(vec![
            absence(
                12345678,
                "2025-03-03",
                "2025-03-07",
                "5.0",
                "licencia medica",
            ),
            absence(10609379, "2025-03-10", "2025-03-10", "1", "PERMISO"),
        ]),
        ..no_analyst_files()
    };
    let result = check_movements(
        &movements,
        &analyst,
        &settings(),
        None,
        &["diff_dias_ausencia 10609379-2 mov=0.5 analista=1 fecha=2025-03-10"],
    );
    assert_eq!(
        result.discrepancies[0].description,
        "La ausencia «Permiso» de Ana Soto (10609379-2) del 10-03-2025 al 10-03-2025 tiene 0,5 \
         días en Movimientos del Mes y 1 día según el analista."
    );
}

#[test]
fn absences_overlap_pairing_reports_each_aspect() {
    let movements = MonthlyMovements {
        absences: vec![absence(
            12345678,
            "2025-03-03",
            "2025-03-07",
            "5",
            "Licencia Medica",
        )],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        absences: Some(vec![absence(
            12345678,
            "2025-03-04",
            "2025-03-07",
            "4",
            "Permiso",
        )]),
        ..no_analyst_files()
    };
    check_movements(
        &movements,
        &analyst,
        &settings(),
        None,
        &[
            "diff_fechas_ausencia 12345678-5 mov=2025-03-03 - 2025-03-07 \
             analista=2025-03-04 - 2025-03-07 fecha=2025-03-03",
            "diff_dias_ausencia 12345678-5 mov=5 analista=4 fecha=2025-03-03",
            "diff_tipo_ausencia 12345678-5 mov=Licencia Medica analista=Permiso fecha=2025-03-03",
        ],
    );
}

#[test]
fn absences_overlap_prefers_most_overlap_then_earliest_start() {
    let movements = MonthlyMovements {
        absences: vec![
            absence(12345678, "2025-03-01", "2025-03-10", "10", "Licencia"),
            absence(10609379, "2025-03-01", "2025-03-10", "10", "Licencia"),
        ],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        absences: Some(vec![
            // 12345678: a tie of 5 days each; the earliest start wins. Listed late-first to
            // show input order does not matter.
            absence(12345678, "2025-03-06", "2025-03-10", "10", "Licencia"),
            absence(12345678, "2025-03-01", "2025-03-05", "10", "Licencia"),
            // 10609379: the later event overlaps more (6 days vs 2) and wins.
            absence(10609379, "2025-02-27", "2025-03-02", "10", "Licencia"),
            absence(10609379, "2025-03-05", "2025-03-12", "10", "Licencia"),
            // No overlap at all with anything: stays unmatched.
            absence(10609379, "2025-03-20", "2025-03-21", "2", "Licencia"),
        ]),
        ..no_analyst_files()
    };
    check_movements(
        &movements,
        &analyst,
        &settings(),
        None,
        &[
            "ausencia_no_en_movimientos 10609379-2 mov=No encontrado \
             analista=Licencia (2025-02-27 - 2025-03-02) fecha=2025-02-27",
            "ausencia_no_en_movimientos 10609379-2 mov=No encontrado \
             analista=Licencia (2025-03-20 - 2025-03-21) fecha=2025-03-20",
            "ausencia_no_en_movimientos 12345678-5 mov=No encontrado \
             analista=Licencia (2025-03-06 - 2025-03-10) fecha=2025-03-06",
            "diff_fechas_ausencia 10609379-2 mov=2025-03-01 - 2025-03-10 \
             analista=2025-03-05 - 2025-03-12 fecha=2025-03-01",
            "diff_fechas_ausencia 12345678-5 mov=2025-03-01 - 2025-03-10 \
             analista=2025-03-01 - 2025-03-05 fecha=2025-03-01",
        ],
    );
}

#[test]
fn absences_exact_stage_runs_before_overlap() {
    // The analyst's second event matches exactly and must not be consumed by the overlap
    // stage of the first Movimientos event, which overlaps it more.
    let movements = MonthlyMovements {
        absences: vec![
            absence(12345678, "2025-03-01", "2025-03-10", "10", "Licencia"),
            absence(12345678, "2025-03-02", "2025-03-09", "8", "Licencia"),
        ],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        absences: Some(vec![
            absence(12345678, "2025-03-02", "2025-03-09", "8", "Licencia"),
            absence(12345678, "2025-03-01", "2025-03-03", "3", "Licencia"),
        ]),
        ..no_analyst_files()
    };
    check_movements(
        &movements,
        &analyst,
        &settings(),
        None,
        &[
            "diff_fechas_ausencia 12345678-5 mov=2025-03-01 - 2025-03-10 \
             analista=2025-03-01 - 2025-03-03 fecha=2025-03-01",
            "diff_dias_ausencia 12345678-5 mov=10 analista=3 fecha=2025-03-01",
        ],
    );
}

#[test]
fn absence_leftovers_on_both_sides() {
    let movements = MonthlyMovements {
        absences: vec![absence(
            12345678,
            "2025-03-03",
            "2025-03-07",
            "5",
            "Licencia Medica",
        )],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        absences: Some(vec![absence(
            12345678,
            "2025-03-17",
            "2025-03-18",
            "",
            "Permiso",
        )]),
        ..no_analyst_files()
    };
    let result = check_movements(
        &movements,
        &analyst,
        &settings(),
        None,
        &[
            "ausencia_no_reportada 12345678-5 mov=Licencia Medica (2025-03-03 - 2025-03-07) \
             analista=No reportado fecha=2025-03-03",
            "ausencia_no_en_movimientos 12345678-5 mov=No encontrado \
             analista=Permiso (2025-03-17 - 2025-03-18) fecha=2025-03-17",
        ],
    );
    assert_eq!(
        result.discrepancies[1].description,
        "El analista reportó una ausencia de Ana Soto (12345678-5) («Permiso» del 17-03-2025 al \
         18-03-2025, sin días informados), pero no figura en Movimientos del Mes."
    );
}

// ---------------------------------------------------------------------------------------------
// Order and coverage

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

#[test]
fn every_type_is_reachable() {
    let all = run_everything(&Settings {
        report_only_in_payroll: true,
        ..settings()
    });
    let kinds: std::collections::BTreeSet<DiscrepancyKind> =
        all.iter().map(|discrepancy| discrepancy.kind).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        DiscrepancyKind::ALL.to_vec()
    );
}

#[test]
fn descriptions_use_es_cl_formats_and_name_values() {
    let all = run_everything(&Settings {
        report_only_in_payroll: true,
        ..settings()
    });
    for discrepancy in &all {
        let description = &discrepancy.description;
        assert!(
            !description.contains("2025-03"),
            "ISO date in a sentence: {description}"
        );
        if let Some(difference) = &discrepancy.difference {
            let shown = cuadra_core::values::amount::format_es_cl(dec(&difference.to_string()));
            assert!(
                description.contains(&format!("(diferencia {shown})")),
                "{description}"
            );
        }
        if let Some(date) = discrepancy.event_date {
            assert!(description.contains(&date.es_cl()), "{description}");
        }
    }
}

#[test]
fn output_order_does_not_depend_on_input_order() {
    let settings = Settings {
        report_only_in_payroll: true,
        ..settings()
    };
    let (mut payroll_book, mut payroll_changes, mut movements, mut analyst) = everything();
    let forward = run_everything(&settings);
    payroll_book.employees.reverse();
    payroll_changes.employees.reverse();
    movements.hires.reverse();
    movements.terminations.reverse();
    movements.absences.reverse();
    for list in [analyst.hires.as_mut(), analyst.terminations.as_mut()]
        .into_iter()
        .flatten()
    {
        list.reverse();
    }
    if let Some(list) = analyst.absences.as_mut() {
        list.reverse();
    }
    let mut backward =
        compare_payroll_vs_changes(&payroll_book, Some(&payroll_changes), &settings).discrepancies;
    backward
        .extend(compare_movements_vs_analyst(&movements, &analyst, &settings, None).discrepancies);
    assert_eq!(forward, backward);
    // Within one type, RUTs ascend by number.
    let solo: Vec<u32> = forward
        .iter()
        .filter(|d| {
            d.kind == DiscrepancyKind::AbsenceNotInMovements
                || d.kind == DiscrepancyKind::HireNotInMovements
        })
        .map(|d| d.rut.number)
        .collect();
    assert_eq!(solo, [7654321, 11111111]);
}

// ---------------------------------------------------------------------------------------------
// Consolidation

fn loaded(slot: Slot) -> LoadedSlot {
    LoadedSlot {
        slot,
        blocking_error: false,
    }
}

#[test]
fn loading_states() {
    assert_eq!(loading_state(&[]), ClosingState::Pending);
    assert_eq!(
        loading_state(&[loaded(Slot::PayrollBook)]),
        ClosingState::LoadingFiles
    );
    let complete = [
        loaded(Slot::PayrollBook),
        loaded(Slot::MonthlyMovements),
        loaded(Slot::AnalystAbsences),
    ];
    assert_eq!(loading_state(&complete), ClosingState::FilesComplete);
    let without_analyst = [
        loaded(Slot::PayrollBook),
        loaded(Slot::MonthlyMovements),
        loaded(Slot::PayrollChanges),
    ];
    assert_eq!(loading_state(&without_analyst), ClosingState::LoadingFiles);
    let mut blocked = complete.to_vec();
    blocked.push(LoadedSlot {
        slot: Slot::PayrollChanges,
        blocking_error: true,
    });
    assert_eq!(loading_state(&blocked), ClosingState::LoadingFiles);
    let broken_book = [
        LoadedSlot {
            slot: Slot::PayrollBook,
            blocking_error: true,
        },
        loaded(Slot::MonthlyMovements),
        loaded(Slot::AnalystHires),
    ];
    assert_eq!(loading_state(&broken_book), ClosingState::LoadingFiles);
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

fn split_by_group(all: Vec<Discrepancy>) -> (Vec<Discrepancy>, Vec<Discrepancy>) {
    all.into_iter()
        .partition(|discrepancy| discrepancy.group == Group::PayrollVsChanges)
}

#[test]
fn consolidation_states() {
    let clean = document_of(ok(vec![]), ok(vec![]), &[]);
    assert_eq!(clean.state, ClosingState::VerifiedClean);
    assert!(!clean.incomplete);

    let (payroll, movements) = split_by_group(run_everything(&settings()));
    let found = document_of(ok(payroll.clone()), ok(movements.clone()), &[]);
    assert_eq!(found.state, ClosingState::WithDiscrepancies);
    assert!(!found.incomplete);
    assert_eq!(found.summary.total, payroll.len() + movements.len());
    assert_eq!(
        found.summary.by_group[&Group::PayrollVsChanges],
        payroll.len()
    );
    let mut sorted = found.discrepancies.clone();
    cuadra_core::discrepancy::sort_discrepancies(&mut sorted);
    assert_eq!(sorted, found.discrepancies);

    // A failed worker is never a success, even when the other one found nothing.
    let failed = document_of(
        ok(vec![]),
        WorkerOutcome::Failed {
            error: "tiempo de espera agotado".to_string(),
            ms: 30000.0,
        },
        &[],
    );
    assert_eq!(failed.state, ClosingState::WithDiscrepancies);
    assert!(failed.incomplete);
    assert_eq!(
        failed.workers[1].error.as_deref(),
        Some("tiempo de espera agotado")
    );
    assert_eq!(failed.summary.total, 0);
    assert_eq!(
        failed.summary.by_group.len(),
        2,
        "both groups always present"
    );

    // The failed group's partner keeps its discrepancies.
    let partial = document_of(
        WorkerOutcome::Failed {
            error: "pánico".to_string(),
            ms: 1.0,
        },
        ok(movements.clone()),
        &[],
    );
    assert_eq!(partial.discrepancies.len(), movements.len());
    assert!(partial.incomplete);
}

#[test]
fn user_status_and_notes_carry_over_by_identity() {
    let (payroll, movements) = split_by_group(run_everything(&settings()));
    let mut first = document_of(ok(payroll.clone()), ok(movements.clone()), &[]);
    let justified_idx = first
        .discrepancies
        .iter()
        .position(|d| d.kind == DiscrepancyKind::BaseSalaryDiffers)
        .expect("a base salary difference");
    assert!(first.set_status(
        justified_idx,
        DiscrepancyStatus::Justified,
        Some("aumento".into())
    ));
    assert_eq!(first.summary.by_status[&DiscrepancyStatus::Justified], 1);
    let corrected_idx = first
        .discrepancies
        .iter()
        .position(|d| d.kind == DiscrepancyKind::AbsenceDatesDiffer)
        .expect("an absence dates difference");
    first.discrepancies[corrected_idx].status = DiscrepancyStatus::Corrected;
    first.refresh_summary();
    assert_eq!(first.summary, Summary::of(&first.discrepancies));

    let second = document_of(ok(payroll), ok(movements), &first.discrepancies);
    assert_eq!(second.discrepancies.len(), first.discrepancies.len());
    for (old, new) in first.discrepancies.iter().zip(&second.discrepancies) {
        assert_eq!(
            (old.status, &old.note),
            (new.status, &new.note),
            "{}",
            new.description
        );
    }
    assert_eq!(
        second.summary.by_status[&DiscrepancyStatus::Pending],
        second.summary.total - 2
    );

    // A discrepancy with another identity (other concept) does not inherit.
    let mut other = second.discrepancies[justified_idx].clone();
    other.concept = Some("Otro → Otro".to_string());
    other.status = DiscrepancyStatus::Pending;
    let mut fresh = [other];
    carry_over(&mut fresh, &second.discrepancies);
    assert_eq!(fresh[0].status, DiscrepancyStatus::Pending);
}

// ---------------------------------------------------------------------------------------------
// Document and exports

fn small_document() -> ResultDocument {
    let (payroll_book, payroll_changes, _, _) = everything();
    let payroll = compare_payroll_vs_changes(&payroll_book, Some(&payroll_changes), &settings());
    document_of(
        WorkerOutcome::Ok {
            result: payroll,
            ms: 12.5,
        },
        WorkerOutcome::Failed {
            error: "falló".to_string(),
            ms: 3.0,
        },
        &[],
    )
}

fn keys(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn document_json_field_names() {
    let document = small_document();
    let json = to_json(&document);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid json");
    let mut top = keys(&value);
    top.sort_unstable();
    assert_eq!(
        top,
        [
            "cierre",
            "configuracion",
            "discrepancias",
            "entradas",
            "estado",
            "formato",
            "incompleto",
            "resumen",
            "trabajadores"
        ]
    );
    assert_eq!(value["formato"], "cuadra.resultado/1");
    assert_eq!(value["cierre"]["periodo"], "2025-03");
    assert_eq!(value["cierre"]["rut_empresa"], "76123456-0");
    assert_eq!(value["estado"], "con_discrepancias");
    assert_eq!(value["incompleto"], true);
    let entry = &value["entradas"][0];
    for key in ["slot", "archivo", "sha256", "filas", "advertencias"] {
        assert!(entry.get(key).is_some(), "entradas lacks {key}");
    }
    assert_eq!(entry["slot"], "libro");
    let warning = &entry["advertencias"][0];
    assert_eq!(warning["hoja"], "Libro");
    assert_eq!(warning["fila"], 17);
    assert_eq!(warning["columna"], "Rut del Trabajador");
    assert_eq!(warning["texto"], "12.345.678-4");
    assert_eq!(warning["mensaje"], "dígito verificador incorrecto");
    for key in [
        "tolerancia",
        "reportar_solo_libro",
        "cero_es_novedad",
        "excluir_plazo_fijo",
        "mapeo",
    ] {
        assert!(
            value["configuracion"].get(key).is_some(),
            "configuracion lacks {key}"
        );
    }
    let worker = &value["trabajadores"][0];
    assert_eq!(worker["grupo"], "libro_vs_novedades");
    assert_eq!(worker["estado"], "ok");
    assert_eq!(worker["ms"], 12.5);
    assert_eq!(worker["error"], serde_json::Value::Null);
    assert_eq!(value["trabajadores"][1]["estado"], "error");
    assert_eq!(value["trabajadores"][1]["error"], "falló");
    let summary = &value["resumen"];
    assert_eq!(
        keys(&summary["por_grupo"]),
        ["libro_vs_novedades", "movimientos_vs_analista"]
    );
    assert_eq!(summary["por_grupo"]["movimientos_vs_analista"], 0);
    // serde_json's `Value` sorts keys, so the type order is checked on the text itself.
    let positions: Vec<usize> = [
        "empleado_solo_novedades",
        "diff_concepto_monto",
        "diff_sueldo_base",
    ]
    .iter()
    .map(|id| json.find(&format!("\"{id}\": ")).expect("type in por_tipo"))
    .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "type order: {positions:?}"
    );
    assert_eq!(
        summary["por_tipo"].as_object().map(|map| map.len()),
        Some(3)
    );
    assert_eq!(summary["total"], 3);
    assert_eq!(summary["empleados_afectados"], 2);
    let discrepancy = &value["discrepancias"][1];
    for key in [
        "tipo",
        "grupo",
        "rut",
        "nombre",
        "descripcion",
        "concepto",
        "valor_libro",
        "valor_novedades",
        "valor_movimientos",
        "valor_analista",
        "diferencia",
        "estado",
        "nota",
    ] {
        assert!(discrepancy.get(key).is_some(), "discrepancias lacks {key}");
    }
    assert_eq!(discrepancy["tipo"], "diff_concepto_monto");
    assert_eq!(discrepancy["rut"], "12345678-5");
    assert_eq!(discrepancy["concepto"], "Bono → Bono");
    assert_eq!(discrepancy["diferencia"], "-500");
    assert_eq!(discrepancy["estado"], "pendiente");

    let back: ResultDocument = serde_json::from_str(&json).expect("the document reads back");
    assert_eq!(back, document);
}

#[test]
fn csv_has_bom_semicolons_and_spanish_header() {
    let document = small_document();
    let bytes = to_csv(&document);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + document.discrepancies.len());
    assert!(lines[0].starts_with("Grupo;Tipo;Código tipo;RUT;Nombre;Descripción;Concepto;"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(&rows[1][2], "diff_concepto_monto");
    assert_eq!(&rows[1][3], "12345678-5");
    assert_eq!(&rows[1][11], "-500");
}

#[test]
fn xlsx_opens_with_two_sheets_and_numeric_amounts() {
    use calamine::{Data, Reader, Xlsx};
    let document = small_document();
    let bytes = to_xlsx(&document).expect("xlsx");
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    assert_eq!(workbook.sheet_names(), ["Resumen", "Discrepancias"]);
    let sheet = workbook.worksheet_range("Discrepancias").expect("sheet");
    assert_eq!(sheet.height(), 1 + document.discrepancies.len());
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("Grupo".to_string())));
    assert_eq!(sheet.get((2, 11)), Some(&Data::Float(-500.0)));
    assert_eq!(sheet.get((2, 7)), Some(&Data::Float(1000.0)));
    let summary = workbook.worksheet_range("Resumen").expect("sheet");
    let texts: Vec<String> = summary
        .rows()
        .flat_map(|row| row.iter().map(|c| c.to_string()))
        .collect();
    assert!(texts.iter().any(|t| t == "Con discrepancias"));
    assert!(texts.iter().any(|t| t == "Diferencia en sueldo base"));
}

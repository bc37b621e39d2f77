//! Generator round trips: generate → read every file → compare → exactly the planted
//! discrepancies, at several seeds, sizes and shapes.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cuadra_core::compare::{compare_movements_vs_analyst, compare_payroll_vs_changes};
use cuadra_core::discrepancy::DiscrepancyIdentity;
use cuadra_core::generator::{generate, GeneratedClosing, GeneratorOptions, PlantedDiscrepancy};
use cuadra_core::input::{
    detect_slot, parse_file_name, read_analyst_absences, read_analyst_hires,
    read_analyst_terminations, read_monthly_movements, read_payroll_book, read_payroll_changes,
};
use cuadra_core::{AnalystReports, Settings, Slot};

fn identities(planted: &[PlantedDiscrepancy]) -> Vec<DiscrepancyIdentity> {
    let mut ids: Vec<_> = planted.iter().map(PlantedDiscrepancy::identity).collect();
    ids.sort();
    ids
}

/// Reads every generated file with the real readers and runs both comparisons.
fn found(closing: &GeneratedClosing, settings: &Settings) -> Vec<DiscrepancyIdentity> {
    let bytes = |slot| {
        closing
            .file(slot)
            .map(|file| (file.file_name.as_str(), file.bytes.as_slice()))
    };
    for file in &closing.files {
        assert_eq!(
            detect_slot(&file.file_name, &file.bytes),
            Some(file.slot),
            "{}",
            file.file_name
        );
        let (info, warning) = parse_file_name(&file.file_name);
        assert_eq!(warning, None, "{}", file.file_name);
        assert_eq!(info.period, Some(closing.period));
        assert_eq!(info.company_rut, Some(closing.company_rut));
    }
    let (name, data) = bytes(Slot::PayrollBook).expect("libro is always generated");
    let book = read_payroll_book(name, data).expect("libro reads");
    assert!(
        book.summary.warnings.is_empty(),
        "libro warnings: {:?}",
        book.summary.warnings
    );
    for concept in ["Sueldo Base.1", "Otros Descuentos.1", "Impuestos.1"] {
        assert!(
            book.value.concepts.iter().any(|c| c == concept),
            "{concept} in libro concepts"
        );
    }
    let changes = bytes(Slot::PayrollChanges).map(|(name, data)| {
        let read = read_payroll_changes(name, data).expect("novedades reads");
        assert!(
            read.summary.warnings.is_empty(),
            "novedades warnings: {:?}",
            read.summary.warnings
        );
        read.value
    });
    let (name, data) = bytes(Slot::MonthlyMovements).expect("movimientos is always generated");
    let movements = read_monthly_movements(name, data).expect("movimientos reads");
    assert!(
        movements.summary.warnings.is_empty(),
        "movimientos warnings: {:?}",
        movements.summary.warnings
    );
    let analyst = AnalystReports {
        hires: bytes(Slot::AnalystHires)
            .map(|(n, d)| read_analyst_hires(n, d).expect("ingresos").value),
        terminations: bytes(Slot::AnalystTerminations)
            .map(|(n, d)| read_analyst_terminations(n, d).expect("finiquitos").value),
        absences: bytes(Slot::AnalystAbsences)
            .map(|(n, d)| read_analyst_absences(n, d).expect("ausentismos").value),
    };
    let mut found: Vec<_> = compare_payroll_vs_changes(&book.value, changes.as_ref(), settings)
        .discrepancies
        .into_iter()
        .chain(
            compare_movements_vs_analyst(
                &movements.value,
                &analyst,
                settings,
                Some(closing.period),
            )
            .discrepancies,
        )
        .map(|discrepancy| discrepancy.identity())
        .collect();
    found.sort();
    found
}

fn check(options: GeneratorOptions) {
    let closing = generate(&options);
    assert_eq!(
        found(&closing, &Settings::default()),
        identities(&closing.planted),
        "seed {}",
        options.seed
    );
}

#[test]
fn planted_discrepancies_are_found_exactly_at_several_seeds() {
    for seed in 1..=4 {
        check(GeneratorOptions::sized(seed, 200));
    }
}

#[test]
fn small_and_wide_closings() {
    check(GeneratorOptions::sized(11, 20));
    check(GeneratorOptions {
        n_concepts: 80,
        ..GeneratorOptions::sized(12, 150)
    });
}

#[test]
fn analyst_files_as_windows_1252_csv() {
    check(GeneratorOptions {
        csv_analyst_files: true,
        ..GeneratorOptions::sized(13, 150)
    });
}

#[test]
fn missing_optional_files_count_as_not_reported() {
    check(GeneratorOptions {
        include_payroll_changes: false,
        ..GeneratorOptions::sized(14, 100)
    });
    check(GeneratorOptions {
        include_analyst_hires: false,
        ..GeneratorOptions::sized(15, 100)
    });
    check(GeneratorOptions {
        include_analyst_absences: false,
        ..GeneratorOptions::sized(16, 100)
    });
}

#[test]
fn settings_that_add_discrepancies() {
    let closing = generate(&GeneratorOptions::sized(17, 200));
    let only_in_payroll = Settings {
        report_only_in_payroll: true,
        ..Settings::default()
    };
    let mut expected = closing.planted.clone();
    expected.extend(closing.planted_only_in_payroll.iter().cloned());
    assert_eq!(found(&closing, &only_in_payroll), identities(&expected));

    let zero = Settings {
        zero_is_novelty: true,
        ..Settings::default()
    };
    let mut expected = closing.planted.clone();
    expected.extend(closing.planted_zero_is_novelty.iter().cloned());
    assert_eq!(found(&closing, &zero), identities(&expected));
}

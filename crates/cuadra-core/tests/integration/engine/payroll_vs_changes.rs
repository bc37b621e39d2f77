//! Libro vs Novedades (docs/rules.md): amounts, tolerances, texts and one-sided employees.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

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

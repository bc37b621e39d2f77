//! Novedades in long form (docs/inputs.md): recognised by its headers, pivoted through the wide
//! form's rules, repeated RUT × concept lines summed with a warning naming the rows.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

const LONG: &str = "\
Novedades marzo 2025;;;
;;;
Rut Trabajador;Nombre;Concepto;Monto
12.345.678-5;Ana Pérez Soto;Bono;150.000
12.345.678-5;Ana Pérez Soto;VIÁTICOS;X
12.345.678-5;;bono;50.000
10609379-2;Juan Díaz;Viáticos;0
10609379-2;Juan Díaz;Observación;Turno noche
12.345.678-5;Ana Pérez Soto;Bono;1.000
10609379-2;Juan Díaz;;500
;;Bono;100
Total;;;201.000
";

#[test]
fn long_form_pivots_like_the_wide_form() {
    let read =
        read_payroll_changes("202503_novedades_761234560.csv", LONG.as_bytes()).expect("novedades");
    let changes = &read.value;
    // Distinct concept texts after header matching, written as first seen, in order.
    assert_eq!(changes.concepts, ["Bono", "VIÁTICOS", "Observación"]);
    assert_eq!(changes.employees.len(), 2);
    let ana = &changes.employees[0];
    assert_eq!(ana.rut, rut("12345678-5"));
    assert_eq!(ana.name, "Ana Pérez Soto");
    assert_eq!(ana.row_number, 4);
    // 150.000 + 50.000 + 1.000; `X` is no novelty; nothing for Observación.
    assert_eq!(
        ana.values,
        [amount("201000"), ConceptValue::Empty, ConceptValue::Empty]
    );
    let juan = &changes.employees[1];
    assert_eq!(juan.name, "Juan Díaz");
    // A 0 stays an amount (setting 5.3 decides), a text stays text.
    assert_eq!(
        juan.values,
        [
            ConceptValue::Empty,
            amount("0"),
            ConceptValue::Text("Turno noche".into())
        ]
    );
    // The repeated lines are summed, each warning naming the earlier rows.
    let second = warning_at(&read.summary, "202503_novedades_761234560", 6);
    assert!(second.message.contains("12345678-5"), "{}", second.message);
    assert!(
        second.message.contains("en la fila 4;"),
        "{}",
        second.message
    );
    assert!(second.message.contains("se suman"), "{}", second.message);
    let third = warning_at(&read.summary, "202503_novedades_761234560", 9);
    assert!(
        third.message.contains("en las filas 4, 6;"),
        "{}",
        third.message
    );
    // A line without a concept is skipped with a warning; a blank RUT and the total row are
    // ignored silently, as in the wide form.
    let no_concept = warning_at(&read.summary, "202503_novedades_761234560", 10);
    assert!(
        no_concept.message.contains("falta el concepto"),
        "{}",
        no_concept.message
    );
    assert_eq!(
        read.summary.warnings.len(),
        3,
        "{:#?}",
        read.summary.warnings
    );
    assert_eq!(read.summary.n_rows, 6);
    assert_eq!(read.summary.n_rows_skipped, 1);
    assert!(
        read.summary
            .notes
            .iter()
            .any(|note| note.contains("formato largo")),
        "{:?}",
        read.summary.notes
    );
}

#[test]
fn a_wide_sheet_with_a_concept_named_like_a_long_header_stays_wide() {
    // `Monto` alone is a concept column; long form needs both a concept and an amount.
    let csv = "RUT;Nombre;Monto;BONO\n12345678-5;Ana;1000;2000\n";
    let read = read_payroll_changes("novedades.csv", csv.as_bytes()).expect("novedades");
    assert_eq!(read.value.concepts, ["Monto", "BONO"]);
    assert_eq!(
        read.value.employees[0].values,
        [amount("1000"), amount("2000")]
    );
}

/// The same generated closing with novedades in either shape: the result documents are
/// equal except for the novedades file's entry (its bytes, rows and note differ).
#[test]
fn both_shapes_of_the_same_novedades_give_the_same_document() {
    fn without_changes_rows(
        document: &cuadra_core::document::ResultDocument,
    ) -> cuadra_core::document::ResultDocument {
        let mut document = document.clone();
        for discrepancy in &mut document.discrepancies {
            discrepancy
                .sources
                .retain(|source| source.slot != Slot::PayrollChanges);
        }
        document
    }

    use cuadra_core::generator::{generate, GeneratorOptions};
    use cuadra_core::pipeline::{reconcile, ClosingInputs, SourceFile};
    use cuadra_core::Settings;

    let document = |options: &GeneratorOptions, settings: &Settings| {
        let closing = generate(options);
        let sources = closing.files.iter().map(|file| SourceFile {
            slot: file.slot,
            name: &file.file_name,
            bytes: &file.bytes,
        });
        let inputs = ClosingInputs::read(sources).expect("generated files read");
        let mut document = reconcile(&inputs, settings);
        let entry = document
            .inputs
            .iter()
            .position(|entry| entry.slot == Slot::PayrollChanges)
            .expect("novedades was read");
        let entry = document.inputs.remove(entry);
        (document, entry)
    };
    let mut with_mapping = Settings {
        report_only_in_payroll: true,
        ..Settings::default()
    };
    with_mapping
        .mapping
        .insert("COMISIONES".to_string(), Some("Cargo".to_string()));
    let settings = [
        Settings::default(),
        with_mapping,
        Settings {
            zero_is_novelty: true,
            tolerance: 1_000,
            ..Settings::default()
        },
    ];
    for (seed, n_employees) in [(41, 400), (42, 1_500)] {
        let wide = GeneratorOptions::sized(seed, n_employees);
        let long = GeneratorOptions {
            long_form_payroll_changes: true,
            ..wide.clone()
        };
        for settings in &settings {
            let (wide_document, wide_entry) = document(&wide, settings);
            let (long_document, long_entry) = document(&long, settings);
            assert!(wide_document.summary.total > 0);
            // The same findings; only the Novedades row each one points to differs (the
            // long form has one line per novelty, an employee starting at its first).
            assert_eq!(
                without_changes_rows(&wide_document),
                without_changes_rows(&long_document),
                "seed {seed}, {settings:?}"
            );
            let changes_rows = |document: &cuadra_core::document::ResultDocument| {
                document
                    .discrepancies
                    .iter()
                    .flat_map(|d| &d.sources)
                    .filter(|source| source.slot == Slot::PayrollChanges)
                    .count()
            };
            assert_eq!(changes_rows(&wide_document), changes_rows(&long_document));
            assert!(
                changes_rows(&long_document) > 0,
                "novedades findings name their row"
            );
            assert_ne!(wide_entry.sha256, long_entry.sha256, "two different files");
            assert!(long_entry.warnings.is_empty(), "{:#?}", long_entry.warnings);
            assert!(
                long_entry.n_rows > wide_entry.n_rows,
                "one line per novelty"
            );
        }
    }
}

//! The concept mapping: proposals, user choices and the effective mapping.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

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

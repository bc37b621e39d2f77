//! "¿Quiso decir…?" (`sugerencia`): each "only in one source" discrepancy rendered with the
//! suggestion it carries, `tipo rut -> rut_sugerido «nombre» (motivo)`, whole lists compared.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

/// A RUT exactly as typed, check digit and all (the builders above always make valid ones).
fn typed(text: &str) -> Rut {
    Rut::parse(text).expect("test RUT")
}

fn person(rut: &str, name: &str) -> (Rut, String) {
    (typed(rut), name.to_string())
}

fn libro(people: &[(Rut, String)]) -> PayrollBook {
    PayrollBook {
        employees: people
            .iter()
            .enumerate()
            .map(|(idx, (rut, name))| PayrollBookEmployee {
                rut: *rut,
                name: name.clone(),
                row_number: idx as u32 + 2,
                values: vec![cell("1000")],
            })
            .collect(),
        ..book(&["Bono"], &[])
    }
}

fn novedades(people: &[(Rut, String)]) -> PayrollChanges {
    PayrollChanges {
        employees: people
            .iter()
            .enumerate()
            .map(|(idx, (rut, name))| PayrollChangesEmployee {
                rut: *rut,
                name: name.clone(),
                row_number: idx as u32 + 2,
                values: vec![cell("1000")],
            })
            .collect(),
        ..changes(&["Bono"], &[])
    }
}

fn render_suggestions(discrepancies: &[Discrepancy]) -> Vec<String> {
    discrepancies
        .iter()
        .filter(|d| d.kind.is_one_sided())
        .map(|d| match &d.suggestion {
            Some(s) => format!(
                "{} {} -> {} «{}» ({})",
                d.kind.id(),
                d.rut,
                s.rut,
                s.name,
                s.reason.phrase()
            ),
            None => format!("{} {}", d.kind.id(), d.rut),
        })
        .collect()
}

fn check_libro(book_people: &[(Rut, String)], changes_people: &[(Rut, String)], expected: &[&str]) {
    let settings = Settings {
        report_only_in_payroll: true,
        ..settings()
    };
    let result = compare_payroll_vs_changes(
        &libro(book_people),
        Some(&novedades(changes_people)),
        &settings,
    );
    let actual = render_suggestions(&result.discrepancies);
    assert_eq!(actual, expected, "\nactual:\n{}\n", actual.join("\n"));
    // Every other type carries none.
    for discrepancy in &result.discrepancies {
        if !discrepancy.kind.is_one_sided() {
            assert_eq!(discrepancy.suggestion, None);
        }
    }
}

const ANA: &str = "Ana Soto Rojas";

#[test]
fn each_kind_of_typo_is_suggested_both_ways() {
    let truth = person("12345678-5", ANA);
    let cases = [
        ("12345778-5", "un dígito distinto"),
        ("12354678-5", "dígitos vecinos intercambiados"),
        ("12345678-4", "dígito verificador distinto"),
        // `12345678` typed without its check digit reads as 1234567-8.
        ("12345678", "sin dígito verificador"),
        ("30111111-8", "mismo nombre"),
    ];
    for (typed_text, reason) in cases {
        let typo = person(typed_text, ANA);
        let shown = typo.0.to_string();
        check_libro(
            std::slice::from_ref(&truth),
            &[typo],
            &[
                &format!("empleado_solo_libro 12345678-5 -> {shown} «{ANA}» ({reason})"),
                &format!("empleado_solo_novedades {shown} -> 12345678-5 «{ANA}» ({reason})"),
            ],
        );
    }
}

#[test]
fn names_match_in_any_order_case_and_accents() {
    check_libro(
        &[person("12345678-5", "Ana Soto Rojas")],
        &[person("30111111-8", "SOTO ROJAS, Aná")],
        &[
            "empleado_solo_libro 12345678-5 -> 30111111-8 «SOTO ROJAS, Aná» (mismo nombre)",
            "empleado_solo_novedades 30111111-8 -> 12345678-5 «Ana Soto Rojas» (mismo nombre)",
        ],
    );
}

#[test]
fn two_valid_ruts_one_digit_apart_are_two_people() {
    // Both check digits are right, so neither was mistyped; the names differ too.
    check_libro(
        &[person("12345678-5", ANA)],
        &[person("22345678-2", "Pedro Díaz Soto")],
        &[
            "empleado_solo_libro 12345678-5",
            "empleado_solo_novedades 22345678-2",
        ],
    );
}

#[test]
fn a_tie_goes_to_the_same_name_or_to_nobody() {
    // 12345778-5 is one digit from two valid libro RUTs with check digit 5.
    let other = person("12445778-5", "Luis Pérez Díaz");
    check_libro(
        &[person("12345678-5", ANA), other.clone()],
        &[person("12345778-5", ANA)],
        &[
            "empleado_solo_libro 12345678-5 -> 12345778-5 «Ana Soto Rojas» (un dígito distinto)",
            // Luis is one digit from the typo too, but the typo's best is Ana: not mutual.
            "empleado_solo_libro 12445778-5",
            "empleado_solo_novedades 12345778-5 -> 12345678-5 «Ana Soto Rojas» (un dígito distinto)",
        ],
    );
    // Without a name to break the tie, no guess.
    check_libro(
        &[person("12345678-5", ANA), other],
        &[person("12345778-5", "")],
        &[
            "empleado_solo_libro 12345678-5",
            "empleado_solo_libro 12445778-5",
            "empleado_solo_novedades 12345778-5",
        ],
    );
}

#[test]
fn a_name_shared_by_two_candidates_suggests_nothing() {
    check_libro(
        &[person("12345678-5", ANA), person("15000000-9", ANA)],
        &[person("30111111-8", ANA)],
        &[
            "empleado_solo_libro 12345678-5",
            "empleado_solo_libro 15000000-9",
            "empleado_solo_novedades 30111111-8",
        ],
    );
}

#[test]
fn a_rut_on_both_sides_is_nobody_else_s_match() {
    // Ana is in both files; the analyst's second row with a typo is not "her" again.
    check_libro(
        &[person("12345678-5", ANA)],
        &[person("12345678-5", ANA), person("12345778-5", ANA)],
        &["empleado_solo_novedades 12345778-5"],
    );
}

#[test]
fn movements_and_absences_are_suggested_within_their_kind() {
    let luis = "Luis Pérez Díaz";
    let hire = |rut: &str, day: &str| Movement {
        rut: typed(rut),
        ..movement(1, luis, day)
    };
    let leave = |rut: &str| Absence {
        rut: typed(rut),
        name: luis.to_string(),
        ..absence(1, "2025-03-10", "2025-03-11", "2", "Licencia")
    };
    let movements = MonthlyMovements {
        hires: vec![hire("15000000-9", "2025-03-03")],
        // A termination of the same person must not be paired with the hire's typo.
        terminations: vec![hire("15000000-9", "2025-03-20")],
        absences: vec![leave("16000000-7")],
        ..MonthlyMovements::default()
    };
    let analyst = AnalystReports {
        hires: Some(vec![hire("15000100-9", "2025-03-03")]),
        terminations: Some(vec![]),
        absences: Some(vec![leave("16000000-K")]),
    };
    let result = compare_movements_vs_analyst(&movements, &analyst, &settings(), None);
    let actual = render_suggestions(&result.discrepancies);
    let expected = [
        "ingreso_no_reportado 15000000-9 -> 15000100-9 «Luis Pérez Díaz» (un dígito distinto)",
        "ingreso_no_en_movimientos 15000100-9 -> 15000000-9 «Luis Pérez Díaz» (un dígito distinto)",
        "finiquito_no_reportado 15000000-9",
        "ausencia_no_reportada 16000000-7 -> 16000000-K «Luis Pérez Díaz» (dígito verificador distinto)",
        "ausencia_no_en_movimientos 16000000-K -> 16000000-7 «Luis Pérez Díaz» (dígito verificador distinto)",
    ];
    assert_eq!(actual, expected, "\nactual:\n{}\n", actual.join("\n"));
}

#[test]
fn the_suggestion_reaches_the_document_and_both_exports() {
    let result = compare_payroll_vs_changes(
        &libro(&[person("12345678-5", ANA)]),
        Some(&novedades(&[person("12345778-5", ANA)])),
        &settings(),
    );
    let document = document_of(ok(result.discrepancies), ok(vec![]), &[]);
    let json: serde_json::Value =
        serde_json::from_str(&to_json(&document)).expect("the document is JSON");
    assert_eq!(
        json["discrepancias"][0]["sugerencia"],
        serde_json::json!({"rut": "12345678-5", "nombre": ANA, "motivo": "un dígito distinto"})
    );
    let back: ResultDocument = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, document);
    let csv = String::from_utf8(to_csv(&document)).expect("utf-8");
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .expect("header")
        .ends_with(";Nota;RUT sugerido;Nombre sugerido;Motivo sugerencia"));
    assert!(lines
        .next()
        .expect("row")
        .ends_with(";12345678-5;Ana Soto Rojas;un dígito distinto"));
    assert!(to_xlsx(&document).is_ok());
}

#[test]
fn documents_without_the_field_read_as_no_suggestion() {
    let result = compare_payroll_vs_changes(
        &libro(&[person("12345678-5", ANA)]),
        Some(&novedades(&[person("22345678-2", "Pedro Díaz Soto")])),
        &settings(),
    );
    let mut json = serde_json::to_value(&result.discrepancies[0]).expect("serialises");
    assert_eq!(json["sugerencia"], serde_json::Value::Null);
    json.as_object_mut().expect("object").remove("sugerencia");
    let back: Discrepancy = serde_json::from_value(json).expect("an older document reads");
    assert_eq!(back, result.discrepancies[0]);
}

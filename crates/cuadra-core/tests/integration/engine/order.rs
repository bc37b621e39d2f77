//! Every discrepancy type at once: coverage, descriptions and an input-independent order.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

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

//! Movimientos vs Analista (docs/rules.md): hires, terminations and absence pairing.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

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
        .any(|note| note.starts_with("1 baja de contrato a plazo fijo que termina")));
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

//! The generated files' names and shapes, read back with the independent reader.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn generator_file_names_follow_the_pattern() {
    let closing = generate(&GeneratorOptions::default());
    let names: Vec<&str> = closing.files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "202503_libro_remuneraciones_761234560.xlsx",
            "202503_novedades_761234560.xlsx",
            "202503_movimientos_761234560.xlsx",
            "202503_ingresos_761234560.xlsx",
            "202503_finiquitos_761234560.xlsx",
            "202503_ausentismos_761234560.xlsx",
        ]
    );
    let slots: Vec<Slot> = closing.files.iter().map(|f| f.slot).collect();
    assert_eq!(slots, Slot::ALL);
    let csv = generate(&GeneratorOptions {
        csv_analyst_files: true,
        ..GeneratorOptions::default()
    });
    assert_eq!(csv.files[5].file_name, "202503_ausentismos_761234560.csv");
    let k_company = Rut::parse("7654321-K").expect("rut");
    let k = generate(&GeneratorOptions {
        company_rut: k_company,
        period: Period {
            year: 2024,
            month: 12,
        },
        ..GeneratorOptions::sized(1, 10)
    });
    assert_eq!(
        k.files[0].file_name,
        "202412_libro_remuneraciones_7654321K.xlsx"
    );
}

#[test]
fn generator_payroll_book_shape() {
    let n = 150;
    let closing = generate(&GeneratorOptions::sized(3, n));
    let file = closing.file(Slot::PayrollBook).expect("libro");
    let sheets = xlsx_sheets(&file.bytes);
    assert_eq!(sheets.len(), 1);
    let (name, grid) = &sheets[0];
    assert_eq!(name, "Libro");
    let headers: Vec<String> = grid[0].iter().map(text).collect();
    assert_eq!(
        headers[..7],
        [
            "Año",
            "Mes",
            "Rut de la Empresa",
            "Rut del Trabajador",
            "Nombre",
            "Apellido Paterno",
            "Apellido Materno"
        ]
    );
    assert_eq!(headers.len(), 7 + 20);
    for duplicated in ["Sueldo Base", "Otros Descuentos", "Impuestos"] {
        let positions: Vec<usize> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| *h == duplicated)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(positions.len(), 2, "{duplicated}");
    }
    for informational in ["Días Trabajados", "Cargo", "Gratificación", "Viáticos"] {
        assert!(
            headers.iter().any(|h| h == informational),
            "{informational}"
        );
    }
    // Header, n employees, total row.
    assert_eq!(grid.len(), 1 + n + 1);
    assert_eq!(text(&grid[n + 1][3]), "Total");
    let ruts: Vec<&Cell> = grid[1..=n].iter().map(|row| &row[3]).collect();
    assert!(
        ruts.iter().any(|c| matches!(c, Cell::Number(_))),
        "numeric RUT cells"
    );
    assert!(
        ruts.iter()
            .any(|c| matches!(c, Cell::Text(t) if t.contains('.'))),
        "dotted RUTs"
    );
    assert!(
        ruts.iter()
            .any(|c| matches!(c, Cell::Text(t) if !t.contains('.'))),
        "plain RUTs"
    );
    assert!(ruts
        .iter()
        .all(|c| rut_of(c).is_some_and(|rut| rut.is_valid())));
    assert!(
        ruts.iter()
            .any(|c| matches!(c, Cell::Text(t) if t.ends_with('k'))),
        "lower-case k"
    );
    let amounts: Vec<&Cell> = grid[1..=n].iter().flat_map(|row| &row[7..]).collect();
    assert!(amounts
        .iter()
        .any(|c| matches!(c, Cell::Text(t) if t.starts_with("$ "))));
    assert!(amounts
        .iter()
        .any(|c| matches!(c, Cell::Text(t) if t.contains('.') && !t.starts_with('$'))));
    assert!(amounts.iter().any(|c| **c == Cell::Empty));

    let big = generate(&GeneratorOptions {
        n_concepts: 80,
        ..GeneratorOptions::sized(3, 10)
    });
    let grid = &xlsx_sheets(&big.files[0].bytes)[0].1;
    assert_eq!(grid[0].len(), 7 + 80);
}

#[test]
fn generator_payroll_changes_shape() {
    let n = 200;
    let closing = generate(&GeneratorOptions::sized(4, n));
    let grid = first_grid(&closing, Slot::PayrollChanges).expect("novedades");
    let headers: Vec<String> = grid[0].iter().map(text).collect();
    assert_eq!(
        headers[..4],
        ["RUT", "Nombre", "Apellido Paterno", "Apellido Materno"]
    );
    for analyst_spelling in [
        "SUELDO BASE",
        "Gratificacion",
        "VIATICOS",
        "Otros Descuentos",
        "Observaciones",
    ] {
        assert!(
            headers.iter().any(|h| h == analyst_spelling),
            "{analyst_spelling}"
        );
    }
    let n_rows = grid.len() - 1;
    assert!((n / 10..=n * 3 / 10).contains(&n_rows), "{n_rows} rows");
    let markers: BTreeSet<String> = grid[1..]
        .iter()
        .flat_map(|row| row[4..].iter().map(text))
        .collect();
    for marker in ["X", "-", "0"] {
        assert!(markers.contains(marker), "{marker}");
    }
}

#[test]
fn generator_monthly_movements_shape() {
    let closing = generate(&GeneratorOptions::sized(6, 300));
    let sheets = xlsx_sheets(
        &closing
            .file(Slot::MonthlyMovements)
            .expect("movimientos")
            .bytes,
    );
    let names: Vec<&str> = sheets.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Resumen",
            "Altas y Bajas",
            "Ausentismos",
            "Vacaciones",
            "Variaciones de Sueldo"
        ]
    );
    let expected_headers: [&[&str]; 2] = [
        &[
            "Nombre",
            "Rut",
            "Empresa",
            "Cargo",
            "Centro de Costo",
            "Sucursal",
            "Fecha Ingreso",
            "Fecha Retiro",
            "Tipo Contrato",
            "Dias Trabajados",
            "Sueldo Base",
            "Alta / Baja",
            "Motivo",
        ],
        &[
            "Nombre",
            "Rut",
            "Empresa",
            "Cargo",
            "Centro de Costo",
            "Sucursal",
            "Fecha Inicio Ausencia",
            "Fecha Fin Ausencia",
            "Dias",
            "Tipo de Ausentismo",
            "Motivo",
            "Observaciones",
        ],
    ];
    for ((name, grid), expected) in sheets[1..3].iter().zip(expected_headers) {
        assert!(text(&grid[0][0]).starts_with("Reporte de "), "{name} title");
        assert!(
            text(&grid[0][0]).ends_with("del Mes 3/2025"),
            "{name} title"
        );
        assert!(
            grid[1].iter().all(|c| *c == Cell::Empty),
            "{name} blank row 2"
        );
        let headers: Vec<String> = grid[2].iter().map(text).collect();
        assert_eq!(headers, expected, "{name}");
        assert!(grid.len() > 3, "{name} has rows");
    }
    for (_, grid) in &sheets[3..] {
        assert_eq!(header(grid, &["rut"]).0, 2);
    }
    // Every date shape appears.
    let dates: Vec<&Cell> = sheets[1..=2]
        .iter()
        .flat_map(|(_, g)| g[3..].iter().flat_map(|row| &row[6..8]))
        .collect();
    assert!(dates.iter().any(|c| matches!(c, Cell::Date(_))));
    assert!(dates.iter().any(|c| matches!(c, Cell::Number(_))));
    assert!(dates
        .iter()
        .any(|c| matches!(c, Cell::Text(t) if t.contains('/'))));
    assert!(dates
        .iter()
        .any(|c| matches!(c, Cell::Text(t) if t.contains('-'))));
    let days: Vec<&Cell> = sheets[2].1[3..].iter().map(|row| &row[8]).collect();
    assert!(
        days.iter().any(|c| **c == Cell::Number(0.5)),
        "fractional days"
    );
}

#[test]
fn generator_analyst_files_shape() {
    let closing = generate(&GeneratorOptions::sized(2, 300));
    let hires = first_grid(&closing, Slot::AnalystHires).expect("ingresos");
    assert_eq!(
        hires[0].iter().map(text).collect::<Vec<_>>(),
        ["Rut", "Nombre", "Fecha Ingreso"]
    );
    let terminations = first_grid(&closing, Slot::AnalystTerminations).expect("finiquitos");
    assert_eq!(header(&terminations, &["rut"]).0, 2, "titled sheet");
    let absences = first_grid(&closing, Slot::AnalystAbsences).expect("ausentismos");
    assert_eq!(
        absences[0].iter().map(text).collect::<Vec<_>>(),
        [
            "Rut",
            "Nombre",
            "Fecha Inicio Ausencia",
            "Fecha Fin Ausencia",
            "Días",
            "Tipo de Ausentismo"
        ]
    );
    assert_eq!(text(&absences[absences.len() - 1][0]), "Total");
    // Types spelled differently from Talana but equal after normalisation.
    let movements = xlsx_sheets(&closing.file(Slot::MonthlyMovements).expect("m").bytes);
    let talana: BTreeSet<String> = movements[2].1[3..]
        .iter()
        .map(|row| text(&row[9]))
        .collect();
    let analyst: BTreeSet<String> = absences[1..]
        .iter()
        .map(|row| text(&row[5]))
        .filter(|t| !t.is_empty())
        .collect();
    assert!(analyst.iter().any(|kind| !talana.contains(kind)
        && talana
            .iter()
            .any(|t| normalize_absence_kind(t) == normalize_absence_kind(kind))));

    let csv = generate(&GeneratorOptions {
        csv_analyst_files: true,
        ..GeneratorOptions::sized(2, 300)
    });
    for slot in [
        Slot::AnalystHires,
        Slot::AnalystTerminations,
        Slot::AnalystAbsences,
    ] {
        let file = csv.file(slot).expect("csv file");
        assert!(file.file_name.ends_with(".csv"));
        assert!(
            std::str::from_utf8(&file.bytes).is_err() || file.bytes.is_ascii(),
            "Windows-1252"
        );
        let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(&file.bytes);
        assert!(!had_errors);
        assert!(text.contains(';'));
    }
    let absences_csv = |seed| {
        let options = GeneratorOptions {
            csv_analyst_files: true,
            ..GeneratorOptions::sized(seed, 300)
        };
        let file = generate(&options)
            .file(Slot::AnalystAbsences)
            .expect("ausentismos")
            .bytes
            .clone();
        encoding_rs::WINDOWS_1252.decode(&file).0.into_owned()
    };
    let text = absences_csv(2);
    assert!(text.starts_with(
        "Rut;Nombre;Fecha Inicio Ausencia;Fecha Fin Ausencia;Días;Tipo de Ausentismo\r\n"
    ));
    assert!(
        (1..=5).map(absences_csv).any(|text| text.contains(",5;")),
        "decimal comma in days"
    );
}

/// Not a timed test: run with `--ignored --release` to see that 100,000 × 80 is seconds.
#[cfg(not(target_arch = "wasm32"))] // times with Instant, which wasm32 lacks
#[test]
#[ignore = "large; run explicitly in release mode"]
fn generator_handles_100k_employees_by_80_concepts() {
    let started = std::time::Instant::now();
    let closing = generate(&GeneratorOptions {
        n_concepts: 80,
        ..GeneratorOptions::sized(1, 100_000)
    });
    let elapsed = started.elapsed();
    let book = closing.file(Slot::PayrollBook).expect("libro");
    eprintln!(
        "100k x 80: {elapsed:?}, libro {} MB, {} planted",
        book.bytes.len() / 1_000_000,
        closing.planted.len()
    );
    assert!(closing.count(DiscrepancyKind::ConceptAmountDiffers) >= 1_500);
}

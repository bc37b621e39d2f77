//! The spreadsheet readers end to end: committed fixtures (xls, ods, csv) and xlsx workbooks
//! built in the test with rust_xlsxwriter, one behaviour of SPEC §2–3 per test.

// In the browser the same tests run through wasm-bindgen-test (Chromium, headless).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::str::FromStr;

use cuadra_core::input::{
    detect_slot, parse_file_name, read_analyst_absences, read_analyst_hires,
    read_analyst_terminations, read_monthly_movements, read_payroll_book, read_payroll_changes,
};
use cuadra_core::values::date::Date;
use cuadra_core::values::rut::Rut;
use cuadra_core::{ConceptValue, InputSummary, InputWarning, Period, Slot};
use rust_decimal::Decimal;

/// Fixtures are compiled in, so the same tests run in the browser (no file system there).
fn fixture(name: &str) -> Vec<u8> {
    let bytes: &[u8] = match name {
        "ingresos_utf8_bom_comma.csv" => include_bytes!("fixtures/ingresos_utf8_bom_comma.csv"),
        "libro_title_rows.xls" => include_bytes!("fixtures/libro_title_rows.xls"),
        "movimientos.ods" => include_bytes!("fixtures/movimientos.ods"),
        "novedades_win1252_semicolon.csv" => {
            include_bytes!("fixtures/novedades_win1252_semicolon.csv")
        }
        other => panic!("unknown fixture {other}"),
    };
    bytes.to_vec()
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal literal")
}

fn amount(text: &str) -> ConceptValue {
    ConceptValue::Amount(d(text))
}

fn rut(text: &str) -> Rut {
    Rut::parse(text).expect("rut literal")
}

fn date(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).expect("date literal")
}

/// The one warning about a row, failing when there is none or several.
fn warning_at<'s>(summary: &'s InputSummary, sheet: &str, row_number: u32) -> &'s InputWarning {
    let found: Vec<&InputWarning> = summary
        .warnings
        .iter()
        .filter(|w| w.sheet == sheet && w.row_number == row_number)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "warnings at {sheet}:{row_number}: {:#?}",
        summary.warnings
    );
    found[0]
}

/// An xlsx workbook from (sheet name, rows of cells) built in memory.
enum X {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    Blank,
}

fn xlsx(sheets: &[(&str, Vec<Vec<X>>)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (name, rows) in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(*name).expect("sheet name");
        for (row_idx, row) in rows.iter().enumerate() {
            let r = u32::try_from(row_idx).expect("small");
            for (col_idx, cell) in row.iter().enumerate() {
                let c = u16::try_from(col_idx).expect("small");
                match cell {
                    X::S(text) => {
                        worksheet.write_string(r, c, *text).expect("write");
                    }
                    X::N(number) => {
                        worksheet.write_number(r, c, *number).expect("write");
                    }
                    X::D(year, month, day) => {
                        let value = rust_xlsxwriter::ExcelDateTime::from_ymd(*year, *month, *day)
                            .expect("date");
                        worksheet
                            .write_datetime_with_format(r, c, &value, &date_format)
                            .expect("write");
                    }
                    X::Blank => {}
                }
            }
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

// ---- Libro de Remuneraciones ----

#[test]
fn libro_xls_header_row_3_duplicates_dv_totals_and_warnings() {
    let file_name = "202503_libro_remuneraciones_761234560.xls";
    let bytes = fixture("libro_title_rows.xls");
    let read = read_payroll_book(file_name, &bytes).expect("libro");
    let book = &read.value;
    assert_eq!(book.sheet, "Libro");
    assert_eq!(
        book.concepts,
        [
            "Sueldo Base",
            "Otros Descuentos",
            "Sueldo Base.1",
            "Días Trabajados",
            "Gratificación",
            "Otros Descuentos.1"
        ]
    );
    let ruts: Vec<String> = book.employees.iter().map(|e| e.rut.to_string()).collect();
    // Numeric RUT cell + DV column; dotted text; wrong check digit kept; the non-RUT row,
    // the duplicate, the empty RUT, the blank and the total row are not employees.
    assert_eq!(ruts, ["12345678-5", "10609379-2", "11111111-2"]);
    let ana = &book.employees[0];
    assert_eq!(ana.name, "Ana Pérez Soto");
    assert_eq!(ana.row_number, 4);
    assert_eq!(
        ana.values,
        [
            amount("900000"),
            amount("10000"),
            amount("806843"),
            amount("30"),
            amount("150000"),
            amount("343122")
        ]
    );
    let juan = &book.employees[1];
    assert_eq!(juan.name, "Juan Rojas");
    assert_eq!(juan.values[0], amount("1234.5"));
    assert_eq!(juan.values[3], amount("15.5"));
    // In the libro `N/A` is not a marker: it stays text. A blank cell is Empty.
    assert_eq!(juan.values[4], ConceptValue::Text("N/A".into()));
    assert_eq!(juan.values[5], ConceptValue::Empty);
    assert_eq!(book.company_rut, Some(rut("76123456-0")));
    assert_eq!(book.period, Period::parse("2025-03"));

    let summary = &read.summary;
    assert_eq!(summary.slot, Slot::PayrollBook);
    assert_eq!(summary.n_rows, 3);
    assert_eq!(summary.n_rows_skipped, 2, "{:#?}", summary.warnings);
    assert_eq!(summary.warnings.len(), 3, "{:#?}", summary.warnings);
    let wrong_digit = warning_at(summary, "Libro", 7);
    assert_eq!(wrong_digit.column.as_deref(), Some("Rut del Trabajador"));
    assert_eq!(wrong_digit.text.as_deref(), Some("11111111-2"));
    assert!(
        wrong_digit.message.contains("dígito verificador"),
        "{}",
        wrong_digit.message
    );
    assert!(
        wrong_digit.message.contains(file_name),
        "{}",
        wrong_digit.message
    );
    let not_rut = warning_at(summary, "Libro", 8);
    assert_eq!(not_rut.text.as_deref(), Some("sin rut"));
    assert!(not_rut.message.contains("se omite"), "{}", not_rut.message);
    let duplicate = warning_at(summary, "Libro", 9);
    assert!(
        duplicate.message.contains("fila 4"),
        "{}",
        duplicate.message
    );
    assert_eq!(summary.sha256.len(), 64);
    assert!(summary
        .sha256
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(summary.name_warning, None);
    assert_eq!(summary.sheets, ["Libro"]);
}

#[test]
fn libro_xlsx_numeric_rut_without_dv_and_period_from_file_name() {
    let bytes = xlsx(&[
        ("Portada", vec![vec![X::S("Libro de remuneraciones")]]),
        (
            "Datos",
            vec![
                vec![
                    X::S("RUT Trabajador"),
                    X::S("Nombre"),
                    X::S("Bono"),
                    X::S("BONO"),
                    X::S("Cargo"),
                ],
                vec![
                    X::N(123_456_785.0),
                    X::S("Ana"),
                    X::N(1500.0),
                    X::S("$ 2.000"),
                    X::S("Jefa"),
                ],
                vec![
                    X::S("Sumatoria"),
                    X::Blank,
                    X::N(1500.0),
                    X::N(2000.0),
                    X::Blank,
                ],
            ],
        ),
    ]);
    let read = read_payroll_book("202502_libro_761234560.xlsx", &bytes).expect("libro");
    assert_eq!(read.value.sheet, "Datos");
    assert_eq!(read.value.concepts, ["Bono", "Bono.1", "Cargo"]);
    assert_eq!(read.value.employees.len(), 1);
    let ana = &read.value.employees[0];
    assert_eq!(ana.rut, rut("12345678-5"));
    assert_eq!(
        ana.values,
        [
            amount("1500"),
            amount("2000"),
            ConceptValue::Text("Jefa".into())
        ]
    );
    assert_eq!(read.value.period, Period::parse("2025-02"));
    assert_eq!(read.value.company_rut, Some(rut("76123456-0")));
    assert!(
        read.summary.warnings.is_empty(),
        "{:#?}",
        read.summary.warnings
    );
    assert_eq!(read.summary.sheets, ["Portada", "Datos"]);
}

#[test]
fn libro_without_rut_column_is_an_error() {
    let error = read_payroll_book("libro.csv", "Nombre;Sueldo Base\nAna;1\n".as_bytes())
        .expect_err("error");
    assert!(error.message.contains("Rut del Trabajador"), "{error}");
    assert_eq!(error.file, "libro.csv");
}

// ---- Novedades ----

#[test]
fn novedades_csv_windows_1252_semicolon_markers_and_merge() {
    let bytes = fixture("novedades_win1252_semicolon.csv");
    let read = read_payroll_changes("novedades.csv", &bytes).expect("novedades");
    let changes = &read.value;
    assert_eq!(changes.sheet, "novedades");
    assert_eq!(
        changes.concepts,
        ["Gratificación", "VIÁTICOS", "Observación"]
    );
    assert_eq!(changes.employees.len(), 2);
    let ana = &changes.employees[0];
    assert_eq!(ana.rut, rut("12345678-5"));
    assert_eq!(ana.name, "Ana Pérez Soto");
    // 150.000 + 50.000 merged; `X` is no novelty so the later 12.500 fills it; text kept.
    assert_eq!(
        ana.values,
        [
            amount("200000"),
            amount("12500"),
            ConceptValue::Text("Turno noche".into())
        ]
    );
    let juan = &changes.employees[1];
    // `N/A` and `-` are no novelty; 0 stays an amount (setting 5.3 decides).
    assert_eq!(
        juan.values,
        [ConceptValue::Empty, amount("0"), ConceptValue::Empty]
    );
    let merge = warning_at(&read.summary, "novedades", 4);
    assert!(merge.message.contains("12345678-5"), "{}", merge.message);
    assert!(merge.message.contains("Gratificación"), "{}", merge.message);
    assert!(merge.message.contains("se suman"), "{}", merge.message);
    assert_eq!(merge.column.as_deref(), Some("Gratificación"));
    assert_eq!(
        read.summary.warnings.len(),
        1,
        "{:#?}",
        read.summary.warnings
    );
    assert_eq!(read.summary.n_rows, 3);
    assert!(read.summary.name_warning.is_some());
}

#[test]
fn novedades_positional_columns_when_headers_unrecognisable() {
    let csv = "Identificador;Nom;Ap1;Ap2;BONO\n12345678-5;Ana;Pérez;Soto;1000\n";
    let read =
        read_payroll_changes("202503_novedades_761234560.csv", csv.as_bytes()).expect("novedades");
    assert_eq!(read.value.concepts, ["BONO"]);
    assert_eq!(read.value.employees[0].rut, rut("12345678-5"));
    assert_eq!(read.value.employees[0].name, "Ana Pérez Soto");
    assert_eq!(read.value.employees[0].values, [amount("1000")]);
    assert_eq!(read.summary.notes.len(), 1);
}

// ---- Movimientos ----

#[test]
fn movimientos_ods_sheets_dates_and_counts() {
    let bytes = fixture("movimientos.ods");
    let read = read_monthly_movements("202503_movimientos_761234560.ods", &bytes).expect("ods");
    let movements = &read.value;
    let hires: Vec<(String, Date)> = movements
        .hires
        .iter()
        .map(|m| (m.rut.to_string(), m.date))
        .collect();
    assert_eq!(
        hires,
        [
            ("12345678-5".into(), date(2025, 3, 4)),
            ("7654321-6".into(), date(2025, 3, 10))
        ]
    );
    assert_eq!(movements.hires[0].sheet, "Altas_y_Bajas");
    assert_eq!(movements.hires[0].row_number, 4);
    assert_eq!(movements.hires[0].name, "Ana Pérez");
    assert_eq!(movements.terminations.len(), 1);
    let juan = &movements.terminations[0];
    // An Excel serial number in the date column.
    assert_eq!(juan.date, date(2025, 3, 15));
    assert_eq!(juan.contract_type.as_deref(), Some("Plazo Fijo"));
    assert_eq!(juan.reason.as_deref(), Some("Vencimiento del plazo"));

    assert_eq!(movements.absences.len(), 2);
    let licence = &movements.absences[0];
    assert_eq!(
        (licence.start, licence.end),
        (date(2025, 3, 3), date(2025, 3, 7))
    );
    assert_eq!(licence.days, Some(d("5")));
    assert_eq!(licence.kind, "Licencia Médica");
    assert_eq!(licence.kind_key, "licencia medica");
    assert_eq!(movements.absences[1].days, Some(d("0.5")));
    assert_eq!(movements.n_vacations, 2);
    assert_eq!(movements.n_salary_changes, 1);
    assert_eq!(movements.n_contract_changes, 0);

    let summary = &read.summary;
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n.contains("«Resumen» omitida")),
        "{:#?}",
        summary.notes
    );
    let missing_date = warning_at(summary, "Altas_y_Bajas", 7);
    assert_eq!(missing_date.column.as_deref(), Some("Fecha Retiro"));
    assert!(
        missing_date.message.contains("falta la fecha"),
        "{}",
        missing_date.message
    );
    let bad_date = warning_at(summary, "Ausentismos", 6);
    assert_eq!(bad_date.text.as_deref(), Some("31/02/2025"));
    assert!(
        bad_date.message.contains("Ausentismos"),
        "{}",
        bad_date.message
    );
    assert!(bad_date.message.contains("fila 6"), "{}", bad_date.message);
    assert_eq!(summary.n_rows_skipped, 2);
    assert_eq!(summary.warnings.len(), 2, "{:#?}", summary.warnings);
}

#[test]
fn movimientos_missing_required_column_names_sheet_and_column() {
    let bytes = xlsx(&[(
        "Altas y Bajas",
        vec![
            vec![X::S("Reporte")],
            vec![],
            vec![
                X::S("Nombre"),
                X::S("Rut"),
                X::S("Fecha Ingreso"),
                X::S("Alta / Baja"),
            ],
            vec![
                X::S("Ana"),
                X::S("12345678-5"),
                X::D(2025, 3, 4),
                X::S("ALTA"),
            ],
        ],
    )]);
    let error = read_monthly_movements("movimientos.xlsx", &bytes).expect_err("error");
    assert_eq!(error.sheet.as_deref(), Some("Altas y Bajas"));
    assert!(error.message.contains("«Fecha Retiro»"), "{error}");
    assert!(error.to_string().contains("Altas y Bajas"), "{error}");
}

#[test]
fn movimientos_xlsx_date_cells_and_case_insensitive_alta_baja() {
    let bytes = xlsx(&[
        (
            "ALTAS-BAJAS",
            vec![
                vec![
                    X::S("Rut"),
                    X::S("Fecha Ingreso"),
                    X::S("Fecha Retiro"),
                    X::S("Alta / Baja"),
                ],
                vec![X::S("12345678-5"), X::D(2025, 3, 4), X::Blank, X::S("alta")],
                vec![X::S("10609379-2"), X::Blank, X::N(45731.0), X::S("Baja")],
                vec![X::S("7654321-6"), X::Blank, X::Blank, X::S("traslado")],
            ],
        ),
        ("Otra cosa", vec![vec![X::S("x")]]),
    ]);
    let read = read_monthly_movements("movimientos.xlsx", &bytes).expect("xlsx");
    assert_eq!(read.value.hires[0].date, date(2025, 3, 4));
    assert_eq!(read.value.terminations[0].date, date(2025, 3, 15));
    let warning = warning_at(&read.summary, "ALTAS-BAJAS", 4);
    assert!(
        warning.message.contains("no es ALTA ni BAJA"),
        "{}",
        warning.message
    );
    assert_eq!(read.summary.notes.len(), 1);
}

// ---- Analyst files ----

#[test]
fn ingresos_csv_utf8_bom_comma_with_date_shapes() {
    let bytes = fixture("ingresos_utf8_bom_comma.csv");
    let read = read_analyst_hires("ingresos.csv", &bytes).expect("ingresos");
    let hires: Vec<(String, Date)> = read
        .value
        .iter()
        .map(|m| (m.rut.to_string(), m.date))
        .collect();
    assert_eq!(
        hires,
        [
            ("12345678-5".into(), date(2025, 3, 4)),
            ("7654321-6".into(), date(2025, 3, 10)),
            ("10609379-2".into(), date(2025, 3, 15)),
        ]
    );
    assert_eq!(read.value[0].name, "Ana Pérez");
    assert_eq!(read.value[0].row_number, 3);
    let bad = warning_at(&read.summary, "ingresos", 6);
    assert_eq!(bad.text.as_deref(), Some("pronto"));
    assert_eq!(bad.column.as_deref(), Some("Fecha Ingreso"));
    assert_eq!(read.summary.n_rows, 3);
    assert_eq!(read.summary.n_rows_skipped, 1);
}

#[test]
fn finiquitos_need_fecha_retiro() {
    let error = read_analyst_terminations("finiquitos.csv", "Rut;Nombre;Motivo\n".as_bytes())
        .expect_err("error");
    assert!(error.message.contains("«Fecha Retiro»"), "{error}");
    let csv = "RUT;Nombres;Fecha de Retiro;Motivo\n12345678-5;Ana;31-03-2025;\n";
    let read = read_analyst_terminations("finiquitos.csv", csv.as_bytes()).expect("ok");
    assert_eq!(read.value[0].date, date(2025, 3, 31));
    assert_eq!(read.value[0].reason, None);
    assert_eq!(read.value[0].name, "Ana");
}

#[test]
fn analyst_absences_with_synonyms() {
    let bytes = xlsx(&[(
        "Hoja1",
        vec![
            vec![
                X::S("R.U.T"),
                X::S("Nombre Completo"),
                X::S("F. Inicio"),
                X::S("Fecha Término"),
                X::S("Cant Días"),
                X::S("Tipo de Licencia"),
            ],
            vec![
                X::N(123_456_785.0),
                X::S("Ana Pérez"),
                X::D(2025, 3, 3),
                X::S("07.03.2025"),
                X::N(4.5),
                X::S("licencia  médica."),
            ],
            vec![
                X::S("TOTAL"),
                X::Blank,
                X::Blank,
                X::Blank,
                X::N(4.5),
                X::Blank,
            ],
        ],
    )]);
    let read = read_analyst_absences("ausentismos.xlsx", &bytes).expect("absences");
    assert_eq!(read.value.len(), 1);
    let absence = &read.value[0];
    assert_eq!(absence.rut, rut("12345678-5"));
    assert_eq!(
        (absence.start, absence.end),
        (date(2025, 3, 3), date(2025, 3, 7))
    );
    assert_eq!(absence.days, Some(d("4.5")));
    assert_eq!(absence.kind_key, "licencia medica");
    assert!(
        read.summary.warnings.is_empty(),
        "{:#?}",
        read.summary.warnings
    );
}

#[test]
fn analyst_absences_missing_type_column_is_an_error() {
    let csv = "Rut;Fecha Inicio;Fecha Fin;Dias\n";
    let error = read_analyst_absences("ausentismos.csv", csv.as_bytes()).expect_err("error");
    assert!(error.message.contains("«Tipo de Ausentismo»"), "{error}");
    assert_eq!(error.sheet.as_deref(), Some("ausentismos"));
}

// ---- File names and slots ----

#[test]
fn file_name_pattern_and_soft_warning() {
    let (info, warning) = parse_file_name("202503_libro_remuneraciones_761234560.xlsx");
    assert_eq!(info.period, Period::parse("2025-03"));
    assert_eq!(info.company_rut, Some(rut("76123456-0")));
    assert_eq!(warning, None);
    let (info, warning) = parse_file_name("Libro Marzo.xlsx");
    assert_eq!(info.period, None);
    assert!(warning
        .expect("soft warning")
        .starts_with("el nombre «Libro Marzo.xlsx»"));
    // Reading never fails because of the name.
    let read =
        read_analyst_hires("cualquier nombre.csv", "Rut;Fecha Ingreso\n".as_bytes()).expect("read");
    assert!(read.summary.name_warning.is_some());
}

#[test]
fn detect_slot_by_name_and_content() {
    assert_eq!(
        detect_slot("202503_libro_remuneraciones_761234560.xls", b""),
        Some(Slot::PayrollBook)
    );
    assert_eq!(
        detect_slot("Novedades marzo.csv", b""),
        Some(Slot::PayrollChanges)
    );
    // Content: Movimientos' sheet names, the libro's identification headers.
    assert_eq!(
        detect_slot("marzo.ods", &fixture("movimientos.ods")),
        Some(Slot::MonthlyMovements)
    );
    assert_eq!(
        detect_slot("marzo.xls", &fixture("libro_title_rows.xls")),
        Some(Slot::PayrollBook)
    );
    assert_eq!(
        detect_slot("datos.csv", &fixture("ingresos_utf8_bom_comma.csv")),
        Some(Slot::AnalystHires)
    );
    assert_eq!(detect_slot("datos.csv", b"hola;mundo\n"), None);
}

// ---- Size ----

/// A 100,000-row × 80-concept libro (SPEC §6). Not a timed test: it checks the result and
/// prints the time; run `cargo test --release -p cuadra-core --test readers -- --ignored
/// --nocapture`.
#[cfg(not(target_arch = "wasm32"))] // times with Instant, which wasm32 lacks
#[test]
#[ignore = "large: run in release with --ignored"]
fn large_libro_100k_rows_80_concepts() {
    const N_ROWS: u32 = 100_000;
    const N_CONCEPTS: u16 = 80;
    let started = std::time::Instant::now();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet
        .write_string(0, 0, "Rut del Trabajador")
        .expect("write");
    worksheet.write_string(0, 1, "Nombre").expect("write");
    for concept in 0..N_CONCEPTS {
        worksheet
            .write_string(0, concept + 2, format!("Concepto {concept}"))
            .expect("write");
    }
    for row in 1..=N_ROWS {
        let rut = Rut::from_number(10_000_000 + row);
        worksheet
            .write_string(row, 0, rut.to_string())
            .expect("write");
        worksheet
            .write_string(row, 1, "Nombre Apellido")
            .expect("write");
        for concept in 0..N_CONCEPTS {
            worksheet
                .write_number(row, concept + 2, f64::from(row * 10 + u32::from(concept)))
                .expect("write");
        }
    }
    let bytes = workbook.save_to_buffer().expect("xlsx");
    eprintln!(
        "generated {} MB in {:?}",
        bytes.len() / 1_000_000,
        started.elapsed()
    );
    let started = std::time::Instant::now();
    let workbook = cuadra_core::sheet::Workbook::open("libro.xlsx", &bytes).expect("open");
    eprintln!("opened workbook in {:?}", started.elapsed());
    drop(workbook);
    let started = std::time::Instant::now();
    let read = read_payroll_book("libro.xlsx", &bytes).expect("libro");
    eprintln!("read libro in {:?}", started.elapsed());
    assert_eq!(read.value.employees.len(), N_ROWS as usize);
    assert_eq!(read.value.concepts.len(), usize::from(N_CONCEPTS));
    assert_eq!(read.value.employees[0].values[1], amount("11"));
}

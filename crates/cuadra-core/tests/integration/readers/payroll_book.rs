//! The Libro de Remuneraciones reader (docs/inputs.md), from an xls fixture and built xlsx.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

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
    assert!(
        error.kind.to_string().contains("Rut del Trabajador"),
        "{error}"
    );
    assert!(
        matches!(&error.kind, InputErrorKind::NoHeaderRowInAnySheet { column } if column == "Rut del Trabajador"),
        "{error:?}"
    );
    assert_eq!(error.file, "libro.csv");
}

/// A 100,000-row × 80-concept libro (docs/product.md). Not a timed test: it checks the result and
/// prints the time; run `cargo test --release -p cuadra-core --test integration --
/// --ignored --nocapture large_libro`.
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

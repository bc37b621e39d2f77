//! Differential tests: every xlsx the project can produce reads cell for cell the same
//! through the fast scanner (`XlsxPath::FastOnly`) as through calamine (`XlsxPath::Calamine`).

use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::sheet::{Workbook, XlsxPath};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Every cell of every sheet (plus one row and column past the end) agrees, and the fast
/// path did not decline. Returns the number of non-empty cells compared.
fn assert_same(file_name: &str, bytes: &[u8]) -> usize {
    let fast = Workbook::open_with(file_name, bytes, XlsxPath::FastOnly)
        .unwrap_or_else(|error| panic!("{file_name}: fast path declined: {error}"));
    let reference =
        Workbook::open_with(file_name, bytes, XlsxPath::Calamine).expect("calamine reads it");
    assert_eq!(fast.sheet_names(), reference.sheet_names(), "{file_name}");
    let mut compared = 0;
    for (a, b) in fast.sheets.iter().zip(&reference.sheets) {
        let shape = (a.n_rows(), a.n_cols());
        assert_eq!(shape, (b.n_rows(), b.n_cols()), "{file_name} / {}", a.name);
        for row in 0..=shape.0 {
            for col in 0..=shape.1 {
                let cell = a.cell(row, col);
                assert_eq!(
                    cell,
                    b.cell(row, col),
                    "{file_name} / {} ({row}, {col})",
                    a.name
                );
                compared += usize::from(!cell.is_blank());
            }
        }
    }
    compared
}

#[test]
fn generated_closings_read_the_same() {
    for (seed, n_employees) in [(1, 40), (7, 133), (2025, 300), (424_242, 1_000)] {
        let mut options = GeneratorOptions::sized(seed, n_employees);
        options.n_concepts = 80;
        options.csv_analyst_files = false;
        let closing = generate(&options);
        let mut n_xlsx = 0;
        for file in &closing.files {
            assert!(file.bytes.starts_with(ZIP_MAGIC), "{}", file.file_name);
            let compared = assert_same(&file.file_name, &file.bytes);
            assert!(compared > 0, "{}", file.file_name);
            n_xlsx += 1;
        }
        assert!(n_xlsx >= 5, "seed {seed}: {n_xlsx} xlsx files");
    }
}

/// The shapes the reader tests (`readers/`) write (strings, numbers, dates, blanks, several sheets)
/// plus what rust_xlsxwriter can add: formulas with cached values, booleans, rich strings,
/// text needing escapes, custom number formats and hidden sheets.
#[test]
fn hand_built_workbooks_read_the_same() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Writer};
    let mut writer = Writer::new();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let date_time_format = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let duration_format = Format::new().set_num_format("[hh]:mm");
    let money_format = Format::new().set_num_format("\"$\"#,##0;[Red]-\"$\"#,##0");
    let bold = Format::new().set_bold();

    let sheet = writer.add_worksheet();
    sheet.set_name("Libro & <Remuneraciones>").expect("name");
    sheet.write_string(2, 0, "Rut del Trabajador").expect("w");
    sheet
        .write_string(2, 1, "  Nombre con espacios  ")
        .expect("w");
    sheet
        .write_string(2, 2, "a & b < c > \"d\" 'e' ñandú 漢字 😀")
        .expect("w");
    sheet
        .write_string(2, 3, "línea 1\nlínea 2\ttab")
        .expect("w");
    for row in 3..60u32 {
        sheet
            .write_string(row, 0, format!("{}-{}", 10_000_000 + row, row % 10))
            .expect("w");
        sheet
            .write_number(row, 1, f64::from(row) * 1000.0)
            .expect("w");
        sheet.write_number(row, 2, f64::from(row) / 7.0).expect("w");
        sheet
            .write_number(row, 3, -0.1 * f64::from(row))
            .expect("w");
        sheet
            .write_number_with_format(row, 4, f64::from(row) * 12_345.0, &money_format)
            .expect("w");
        let date =
            ExcelDateTime::from_ymd(2025, 1 + (row % 12) as u8, 1 + (row % 28) as u8).expect("d");
        sheet
            .write_datetime_with_format(row, 5, &date, &date_format)
            .expect("w");
        let date_time =
            ExcelDateTime::from_serial_datetime(45_720.25 + f64::from(row)).expect("dt");
        sheet
            .write_datetime_with_format(row, 6, &date_time, &date_time_format)
            .expect("w");
        sheet
            .write_number_with_format(row, 7, 1.25 + f64::from(row), &duration_format)
            .expect("w");
        sheet.write_boolean(row, 8, row % 2 == 0).expect("w");
        sheet
            .write_formula(row, 9, format!("=B{0}+C{0}", row + 1).as_str())
            .expect("w");
        sheet.set_formula_result(row, 9, "42.5");
        if row % 5 == 0 {
            sheet
                .write_rich_string(row, 10, &[(&bold, "rico "), (&Format::default(), "texto")])
                .expect("w");
        }
    }
    sheet.write_number(70, 30, 1e20).expect("w");
    sheet.write_number(71, 30, 1e-7).expect("w");
    sheet
        .write_number(72, 30, 123_456_789_012_345_680.0)
        .expect("w");
    sheet.write_number(73, 30, f64::MAX).expect("w");

    let second = writer.add_worksheet();
    second.set_name("Novedades").expect("name");
    second.write_string(0, 0, "Rut").expect("w");
    second.write_string(0, 1, "Monto").expect("w");
    second.write_string(1, 0, "12.345.678-5").expect("w");
    second.write_number(1, 1, 1234.5).expect("w");
    second.set_hidden(true);

    let empty = writer.add_worksheet();
    empty.set_name("Vacía").expect("name");

    let bytes = writer.save_to_buffer().expect("save");
    assert!(assert_same("libro.xlsx", &bytes) > 500);
}

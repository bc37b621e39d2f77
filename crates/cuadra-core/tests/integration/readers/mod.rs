//! The spreadsheet readers end to end: committed fixtures (xls, ods, csv) and xlsx workbooks
//! built in the test with rust_xlsxwriter, one behaviour of docs/inputs.md per test.

use std::str::FromStr;

use cuadra_core::input::{
    detect_slot, parse_file_name, read_analyst_absences, read_analyst_hires,
    read_analyst_terminations, read_monthly_movements, read_payroll_book, read_payroll_changes,
};
use cuadra_core::values::date::Date;
use cuadra_core::values::rut::Rut;
use cuadra_core::{ConceptValue, InputErrorKind, InputSummary, InputWarning, Period, Slot};
use rust_decimal::Decimal;

mod analyst;
mod file_names;
mod monthly_movements;
mod payroll_book;
mod payroll_changes;
mod payroll_changes_long;

/// Fixtures are compiled in, so the same tests run in the browser (no file system there).
fn fixture(name: &str) -> Vec<u8> {
    let bytes: &[u8] = match name {
        "ingresos_utf8_bom_comma.csv" => {
            include_bytes!("../../fixtures/ingresos_utf8_bom_comma.csv")
        }
        "libro_title_rows.xls" => include_bytes!("../../fixtures/libro_title_rows.xls"),
        "movimientos.ods" => include_bytes!("../../fixtures/movimientos.ods"),
        "novedades_win1252_semicolon.csv" => {
            include_bytes!("../../fixtures/novedades_win1252_semicolon.csv")
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

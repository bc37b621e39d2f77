//! Sheets as plain tables of typed values, and the two ways to write them: an xlsx workbook
//! (rust_xlsxwriter) or a `;`-separated Windows-1252 CSV, as Chilean Excel saves it.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use crate::model::Period;
use crate::values::date::Date;
use crate::values::rut::Rut;

use super::rng::Rng;

/// How a date is written: the readers must accept all four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// A real date cell (a serial with a date format).
    Cell,
    /// A bare serial number in a general-format cell.
    Serial,
    /// `DD/MM/YYYY` text.
    DayFirst,
    /// `YYYY-MM-DD` text.
    Iso,
}

impl DateStyle {
    pub(crate) fn random(rng: &mut Rng) -> DateStyle {
        match rng.below(10) {
            0..=4 => DateStyle::Cell,
            5..=6 => DateStyle::Serial,
            7..=8 => DateStyle::DayFirst,
            _ => DateStyle::Iso,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Blank,
    Text(String),
    /// Always a whole number or a multiple of 0.5, so `f64` is exact.
    Number(f64),
    Date(Date, DateStyle),
}

impl Value {
    pub(crate) fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    pub(crate) fn int(number: i64) -> Value {
        Value::Number(number as f64)
    }
}

/// A RUT in one of the shapes analysts and Talana produce: dotted, plain with dash, a
/// numeric cell (only when the check digit is a digit), lower-case `k`.
pub(crate) fn rut_value(rng: &mut Rng, rut: Rut) -> Value {
    let lower_k = |text: String| {
        if typed_lower_k(rut) {
            text.to_lowercase()
        } else {
            text
        }
    };
    match rng.below(10) {
        0..=3 => Value::Text(lower_k(rut.dotted())),
        4..=7 => Value::Text(lower_k(rut.to_string())),
        _ => match rut.check_digit.to_digit(10) {
            Some(digit) => Value::int(i64::from(rut.number) * 10 + i64::from(digit)),
            None => Value::Text(rut.to_string().to_lowercase()),
        },
    }
}

/// Half of the `K` RUTs are typed with a lower-case `k`; keyed on the number so the choice
/// needs no extra random draw.
fn typed_lower_k(rut: Rut) -> bool {
    rut.check_digit == 'K' && rut.number & 1 == 0
}

/// `806.843`: the Chilean thousands grouping.
pub(crate) fn thousands(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if amount < 0 {
        out.push('-');
    }
    // The first group has one to three digits, every later group three.
    let mut left_in_group = (digits.len() - 1) % 3 + 1;
    for c in digits.chars() {
        if left_in_group == 0 {
            out.push('.');
            left_in_group = 3;
        }
        out.push(c);
        left_in_group -= 1;
    }
    out
}

/// One sheet: optional title rows above the header (the header row is `title.len()` + 1 when
/// a blank row follows the title), the header, then data rows.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) sheet_name: String,
    /// Title line on row 1, followed by a blank row 2; the header is then on row 3.
    pub(crate) title: Option<String>,
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<Vec<Value>>,
}

impl Table {
    pub(crate) fn new(sheet_name: &str, title: Option<String>, headers: &[&str]) -> Table {
        Table {
            sheet_name: sheet_name.to_string(),
            title,
            headers: headers.iter().map(|header| header.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// 0-based index of the header row.
    pub(crate) fn header_row_idx(&self) -> usize {
        if self.title.is_some() {
            2
        } else {
            0
        }
    }
}

/// A workbook whose bytes depend only on its content: the creation time is pinned to the
/// period's first day (rust_xlsxwriter would otherwise stamp "now"). Deflate level 1
/// because compression dominated: 100,000 × 80 libro 17.5 s → 12.4 s, 26 → 39 MB.
pub(crate) fn new_workbook(period: Period) -> Workbook {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(period.year).expect("periods are years 1900..=2999"),
        period.month,
        1,
    )
    .expect("the first day of a valid period is a valid date");
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    workbook.set_zip_compression_level(1);
    workbook
}

pub(crate) fn save(workbook: &mut Workbook) -> Vec<u8> {
    workbook
        .save_to_buffer()
        .expect("saving a workbook to memory cannot fail")
}

/// Cell writes into a worksheet; every index is within Excel's limits by construction
/// (`GeneratorOptions` caps the number of employees), so errors are bugs.
pub(crate) struct SheetWriter<'a> {
    pub(crate) worksheet: &'a mut Worksheet,
    date_format: Format,
}

impl<'a> SheetWriter<'a> {
    pub(crate) fn new(worksheet: &'a mut Worksheet, name: &str) -> SheetWriter<'a> {
        worksheet
            .set_name(name)
            .expect("sheet names are short and valid");
        SheetWriter {
            worksheet,
            date_format: Format::new().set_num_format("dd/mm/yyyy"),
        }
    }

    pub(crate) fn write(&mut self, row_idx: usize, col_idx: usize, value: &Value) {
        let row = u32::try_from(row_idx).expect("row within Excel's limit");
        let col = u16::try_from(col_idx).expect("column within Excel's limit");
        let result = match value {
            Value::Blank => return,
            Value::Text(text) => self.worksheet.write_string(row, col, text),
            Value::Number(number) => self.worksheet.write_number(row, col, *number),
            Value::Date(date, style) => match style {
                DateStyle::Cell => {
                    let datetime = ExcelDateTime::from_ymd(
                        u16::try_from(date.year).expect("generated dates are in 1900..=2999"),
                        date.month,
                        date.day,
                    )
                    .expect("generated dates are valid");
                    self.worksheet.write_datetime_with_format(
                        row,
                        col,
                        &datetime,
                        &self.date_format,
                    )
                }
                DateStyle::Serial => {
                    self.worksheet
                        .write_number(row, col, date.to_excel_serial() as f64)
                }
                DateStyle::DayFirst => self.worksheet.write_string(row, col, date_day_first(*date)),
                DateStyle::Iso => self.worksheet.write_string(row, col, date.to_string()),
            },
        };
        result.expect("row and column are within Excel's limits");
    }

    pub(crate) fn write_table(&mut self, table: &Table) {
        if let Some(title) = &table.title {
            self.write(0, 0, &Value::Text(title.clone()));
        }
        let header_row_idx = table.header_row_idx();
        for (col_idx, header) in table.headers.iter().enumerate() {
            self.write(header_row_idx, col_idx, &Value::Text(header.clone()));
        }
        for (offset, row) in table.rows.iter().enumerate() {
            for (col_idx, value) in row.iter().enumerate() {
                self.write(header_row_idx + 1 + offset, col_idx, value);
            }
        }
    }
}

fn date_day_first(date: Date) -> String {
    format!("{:02}/{:02}/{:04}", date.day, date.month, date.year)
}

/// Tables as one xlsx workbook, one sheet each, in order.
pub(crate) fn tables_to_xlsx(period: Period, tables: &[Table]) -> Vec<u8> {
    let mut workbook = new_workbook(period);
    for table in tables {
        SheetWriter::new(workbook.add_worksheet(), &table.sheet_name).write_table(table);
    }
    save(&mut workbook)
}

/// A table as CSV the way Excel "CSV (delimitado por punto y coma)" saves it on a Chilean
/// Windows: `;`, CRLF, Windows-1252, every row padded to the header's width, decimal comma.
pub(crate) fn table_to_csv(table: &Table) -> Vec<u8> {
    let width = table.headers.len();
    let mut text = String::new();
    let mut push_line = |fields: Vec<String>| {
        let mut fields = fields;
        fields.resize(width.max(fields.len()), String::new());
        text.push_str(
            &fields
                .iter()
                .map(|field| csv_field(field))
                .collect::<Vec<_>>()
                .join(";"),
        );
        text.push_str("\r\n");
    };
    if let Some(title) = &table.title {
        push_line(vec![title.clone()]);
        push_line(Vec::new());
    }
    push_line(table.headers.clone());
    for row in &table.rows {
        push_line(row.iter().map(csv_text).collect());
    }
    let (bytes, _, had_unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    debug_assert!(
        !had_unmappable,
        "generated text uses only Windows-1252 characters"
    );
    bytes.into_owned()
}

fn csv_text(value: &Value) -> String {
    match value {
        Value::Blank => String::new(),
        Value::Text(text) => text.clone(),
        Value::Number(number) if number.fract() == 0.0 => format!("{}", *number as i64),
        Value::Number(number) => number.to_string().replace('.', ","),
        // A CSV has no date cells; Excel writes what the cell displays.
        Value::Date(date, DateStyle::Iso) => date.to_string(),
        Value::Date(date, _) => date_day_first(*date),
    }
}

fn csv_field(field: &str) -> String {
    if field.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn thousands_grouping() {
        assert_eq!(thousands(806_843), "806.843");
        assert_eq!(thousands(1_234_567), "1.234.567");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(-1_200), "-1.200");
    }

    #[test]
    fn csv_is_windows_1252_with_semicolons() {
        let mut table = Table::new("Ingresos", None, &["Rut", "Nombre", "Días"]);
        table.rows.push(vec![
            Value::text("12345678-5"),
            Value::text("José Muñoz"),
            Value::Number(0.5),
        ]);
        let bytes = table_to_csv(&table);
        let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(&bytes);
        assert!(!had_errors);
        assert_eq!(text, "Rut;Nombre;Días\r\n12345678-5;José Muñoz;0,5\r\n");
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "accents are single Windows-1252 bytes"
        );
    }
}

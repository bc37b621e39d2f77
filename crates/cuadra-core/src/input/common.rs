//! What every reader shares: header-row detection, skipping blank and total rows, reading
//! RUTs, dates, days and concept cells, and collecting warnings into the file's summary.

use std::borrow::Cow;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::headers;
use crate::model::{ConceptValue, InputError, InputErrorKind, InputSummary, InputWarning, Slot};
use crate::sheet::{Cell, Sheet, Workbook};
use crate::values::amount::parse_amount;
use crate::values::date::Date;
use crate::values::rut::{Rut, RutError};
use crate::values::text::normalize_header;

/// The header row is searched for within the first rows of a sheet (docs/inputs.md).
pub(crate) const HEADER_SEARCH_ROWS: usize = 10;

/// Findings about one file while it is read.
///
/// Warning messages are self-contained (`archivo, hoja, fila: qué pasó`): analysts copy them
/// into e-mails to the client, where the structured columns of the UI are lost.
pub(crate) struct Findings<'a> {
    pub file_name: &'a str,
    pub warnings: Vec<InputWarning>,
    pub notes: Vec<String>,
    pub n_rows: usize,
    pub n_rows_skipped: usize,
}

impl<'a> Findings<'a> {
    pub fn new(file_name: &'a str) -> Findings<'a> {
        Findings {
            file_name,
            warnings: Vec::new(),
            notes: Vec::new(),
            n_rows: 0,
            n_rows_skipped: 0,
        }
    }

    /// A warning about a row that is still used.
    pub fn warn(
        &mut self,
        sheet: &str,
        row_idx: usize,
        column: Option<&str>,
        text: Option<&str>,
        what: String,
    ) {
        let row_number = u32::try_from(row_idx + 1).unwrap_or(u32::MAX);
        self.warnings.push(InputWarning {
            sheet: sheet.to_string(),
            row_number,
            column: column.map(str::to_string),
            text: text.map(str::to_string),
            message: format!(
                "{}, hoja «{}», fila {}: {}",
                self.file_name, sheet, row_number, what
            ),
        });
    }

    /// A warning about a row that is skipped; counted in `n_rows_skipped`.
    pub fn skip(
        &mut self,
        sheet: &str,
        row_idx: usize,
        column: Option<&str>,
        text: Option<&str>,
        what: String,
    ) {
        self.warn(
            sheet,
            row_idx,
            column,
            text,
            format!("{what}; la fila se omite"),
        );
        self.n_rows_skipped += 1;
    }

    pub fn error(&self, sheet: Option<&str>, kind: InputErrorKind) -> InputError {
        InputError {
            file: self.file_name.to_string(),
            sheet: sheet.map(str::to_string),
            kind,
        }
    }

    /// The file's summary. The workbook's own warnings (a damaged sheet, undecodable CSV
    /// lines) come first: they are about the file before any of its rows.
    pub fn into_summary(self, slot: Slot, bytes: &[u8], workbook: &Workbook) -> InputSummary {
        let (name_info, name_warning) = super::file_name::parse_file_name(self.file_name);
        let mut warnings: Vec<InputWarning> = workbook
            .warnings
            .iter()
            .map(|warning| InputWarning {
                sheet: warning.sheet.clone(),
                row_number: warning.row_number,
                column: None,
                text: None,
                message: if warning.row_number == 0 {
                    format!(
                        "{}, hoja «{}»: {}",
                        self.file_name, warning.sheet, warning.message
                    )
                } else {
                    format!(
                        "{}, hoja «{}», fila {}: {}",
                        self.file_name, warning.sheet, warning.row_number, warning.message
                    )
                },
            })
            .collect();
        warnings.extend(self.warnings);
        InputSummary {
            slot,
            file_name: self.file_name.to_string(),
            sha256: sha256_hex(bytes),
            sheets: workbook.sheet_names(),
            n_rows: self.n_rows,
            n_rows_skipped: self.n_rows_skipped,
            name_info,
            name_warning,
            warnings,
            notes: self.notes,
        }
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        hex.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    hex
}

/// A cell as the analyst would read it, for messages and text values. Text is trimmed.
pub(crate) fn cell_text<'c>(cell: Cell<'c>) -> Cow<'c, str> {
    match cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(text) => Cow::Borrowed(text.trim()),
        Cell::Number(number) => Cow::Owned(number.normalize().to_string()),
        Cell::Date(date) => Cow::Owned(date.to_string()),
        Cell::Bool(true) => Cow::Borrowed("VERDADERO"),
        Cell::Bool(false) => Cow::Borrowed("FALSO"),
        Cell::Error => Cow::Borrowed("#ERROR"),
    }
}

/// The header row of a sheet: original (trimmed) and normalised text per column, each
/// normalised once.
pub(crate) struct Headers {
    pub row_idx: usize,
    pub originals: Vec<String>,
    pub normalised: Vec<String>,
}

impl Headers {
    pub fn read(sheet: &Sheet, row_idx: usize) -> Headers {
        let originals: Vec<String> = (0..sheet.n_cols())
            .map(|col| cell_text(sheet.cell(row_idx, col)).into_owned())
            .collect();
        let normalised = originals
            .iter()
            .map(|header| normalize_header(header))
            .collect();
        Headers {
            row_idx,
            originals,
            normalised,
        }
    }

    /// The column of the first synonym present (synonyms are in priority order).
    pub fn find(&self, synonyms: &[&str]) -> Option<usize> {
        synonyms
            .iter()
            .find_map(|synonym| self.normalised.iter().position(|header| header == synonym))
    }

    /// A required column, or the error naming the sheet and the column.
    pub fn require(
        &self,
        findings: &Findings<'_>,
        sheet: &str,
        synonyms: &[&str],
        display_name: &str,
    ) -> Result<usize, InputError> {
        self.find(synonyms).ok_or_else(|| {
            findings.error(
                Some(sheet),
                InputErrorKind::MissingColumn {
                    column: display_name.to_string(),
                    header_row_number: u32::try_from(self.row_idx + 1).unwrap_or(u32::MAX),
                },
            )
        })
    }

    /// The header as written, for warnings.
    pub fn name(&self, col_idx: usize) -> &str {
        self.originals.get(col_idx).map_or("", String::as_str)
    }
}

/// The first row within the first ten whose cells include one of `synonyms`.
pub(crate) fn find_header_row(sheet: &Sheet, synonyms: &[&str]) -> Option<usize> {
    (0..sheet.n_rows().min(HEADER_SEARCH_ROWS)).find(|&row_idx| {
        (0..sheet.n_cols()).any(|col_idx| match sheet.cell(row_idx, col_idx) {
            Cell::Text(text) => headers::is_one_of(&normalize_header(text), synonyms),
            _ => false,
        })
    })
}

/// Whether a cell reads as a total marker: `Total`, `TOTALES`, `Total general:`, `Suma` …
/// The first word decides, so `Total general` and `Total:` are totals too.
pub(crate) fn is_total_marker(cell: Cell<'_>) -> bool {
    let Cell::Text(text) = cell else { return false };
    let normalised = normalize_header(text);
    let first_word = normalised.split([' ', ':']).next().unwrap_or_default();
    headers::is_one_of(first_word, headers::TOTAL_MARKERS)
}

/// Rows after the header row that are not silently ignored: not fully blank, a non-empty
/// RUT cell, not a total row (docs/inputs.md).
pub(crate) fn data_rows(
    sheet: &Sheet,
    header_row_idx: usize,
    rut_col: usize,
) -> impl Iterator<Item = usize> + '_ {
    (header_row_idx + 1..sheet.n_rows()).filter(move |&row_idx| {
        let rut_cell = sheet.cell(row_idx, rut_col);
        !(rut_cell.is_blank()
            || is_total_marker(rut_cell)
            || is_total_marker(sheet.cell(row_idx, 0)))
    })
}

/// Where the RUT of a row is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RutColumns {
    pub rut: usize,
    /// A separate check-digit column.
    pub check_digit: Option<usize>,
}

impl RutColumns {
    pub fn find(headers: &Headers, rut: usize) -> RutColumns {
        RutColumns {
            rut,
            check_digit: headers.find(headers::CHECK_DIGIT),
        }
    }
}

/// Reads a row's RUT: a text in any shape, a numeric cell (`123456785`), or a number plus
/// a separate check-digit cell. A wrong check digit is a warning and the row is used; a
/// cell that is not a RUT is a warning and the row is skipped (`None`).
pub(crate) fn read_rut(
    findings: &mut Findings<'_>,
    sheet: &Sheet,
    headers: &Headers,
    columns: RutColumns,
    row_idx: usize,
) -> Option<Rut> {
    let rut_text = cell_text(sheet.cell(row_idx, columns.rut));
    let check_digit_text = columns
        .check_digit
        .map(|col| cell_text(sheet.cell(row_idx, col)))
        .unwrap_or_default();
    // A RUT cell that already carries its check digit (`12345678-5`) ignores the DV column.
    let parsed = if check_digit_text.is_empty() || rut_text.contains('-') {
        Rut::parse(&rut_text)
    } else {
        Rut::from_parts(&rut_text, &check_digit_text)
    };
    let shown = if check_digit_text.is_empty() || rut_text.contains('-') {
        rut_text.to_string()
    } else {
        format!("{rut_text}-{check_digit_text}")
    };
    let column = headers.name(columns.rut);
    match parsed {
        Ok(rut) => {
            if !rut.is_valid() {
                findings.warn(
                    &sheet.name,
                    row_idx,
                    Some(column),
                    Some(&shown),
                    format!(
                        "el RUT «{shown}» tiene dígito verificador incorrecto (se esperaba {}); \
                         la fila se usa igualmente",
                        Rut::compute_check_digit(rut.number)
                    ),
                );
            }
            Some(rut)
        }
        Err(error) => {
            let why = match error {
                RutError::NotARut => "no es un RUT",
                RutError::TooShort => "no es un RUT (tiene menos de 7 dígitos)",
                RutError::Negative => "no es un RUT (es un número negativo)",
            };
            findings.skip(
                &sheet.name,
                row_idx,
                Some(column),
                Some(&shown),
                format!("«{shown}» {why}"),
            );
            None
        }
    }
}

/// A date a row needs: a date cell, an Excel serial in a number cell, or one of the text
/// shapes of `Date::parse`. A missing or unreadable date is a warning naming the column and
/// text, and the row is skipped (`None`, counted).
pub(crate) fn read_required_date(
    findings: &mut Findings<'_>,
    sheet: &Sheet,
    headers: &Headers,
    col_idx: usize,
    row_idx: usize,
) -> Option<Date> {
    let cell = sheet.cell(row_idx, col_idx);
    if let Some(date) = date_of(cell) {
        return Some(date);
    }
    let column = headers.name(col_idx);
    let text = cell_text(cell);
    if text.is_empty() {
        findings.skip(
            &sheet.name,
            row_idx,
            Some(column),
            None,
            format!("falta la fecha «{column}»"),
        );
    } else {
        findings.skip(
            &sheet.name,
            row_idx,
            Some(column),
            Some(&text),
            format!("la fecha «{text}» en «{column}» no se puede leer"),
        );
    }
    None
}

/// A cell as a date, when it is one.
pub(crate) fn date_of(cell: Cell<'_>) -> Option<Date> {
    match cell {
        Cell::Date(date) => Some(date),
        Cell::Number(number) => {
            let serial = i64::try_from(number.floor()).ok()?;
            Date::from_excel_serial(serial)
        }
        Cell::Text(text) => Date::parse(text).or_else(|| {
            // A serial typed as text in a CSV (`45720`).
            let text = text.trim();
            if !text.is_empty() && text.len() <= 6 && text.bytes().all(|b| b.is_ascii_digit()) {
                Date::from_excel_serial(text.parse().ok()?)
            } else {
                None
            }
        }),
        _ => None,
    }
}

/// Days, possibly fractional: a number cell, or a text amount (`0,5`, `1.5`). Blank is
/// `Ok(None)`; anything else is `Err` with the text, for a warning.
pub(crate) fn read_days(cell: Cell<'_>) -> Result<Option<Decimal>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(number) => Ok(Some(number)),
        Cell::Text(text) if text.trim().is_empty() => Ok(None),
        Cell::Text(text) => parse_amount(text)
            .map(Some)
            .ok_or_else(|| text.trim().to_string()),
        other => Err(cell_text(other).into_owned()),
    }
}

/// A concept cell of the libro or novedades. Numbers are amounts; text is an amount when
/// it reads as one, else it stays text (trimmed). With `no_novelty_markers` (novedades),
/// `X`, `-`, `N/A` … are `Empty`.
pub(crate) fn concept_value(cell: Cell<'_>, no_novelty_markers: bool) -> ConceptValue {
    match cell {
        Cell::Empty => ConceptValue::Empty,
        Cell::Number(number) => ConceptValue::Amount(number),
        Cell::Text(text) => {
            let text = text.trim();
            if text.is_empty() {
                return ConceptValue::Empty;
            }
            if no_novelty_markers
                && text.len() <= 3
                && headers::NO_NOVELTY_MARKERS
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(text))
            {
                return ConceptValue::Empty;
            }
            match parse_amount(text) {
                Some(amount) => ConceptValue::Amount(amount),
                None => ConceptValue::Text(text.to_string()),
            }
        }
        other => ConceptValue::Text(cell_text(other).into_owned()),
    }
}

/// The columns that make up an employee's name.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NameColumns {
    pub first: Option<usize>,
    pub paternal: Option<usize>,
    pub maternal: Option<usize>,
}

impl NameColumns {
    pub fn find(headers: &Headers) -> NameColumns {
        NameColumns {
            first: headers.find(headers::FIRST_NAME),
            paternal: headers.find(headers::PATERNAL_SURNAME),
            maternal: headers.find(headers::MATERNAL_SURNAME),
        }
    }

    /// `Nombre Apellido Paterno Apellido Materno`, single-spaced.
    pub fn full_name(&self, sheet: &Sheet, row_idx: usize) -> String {
        let mut name = String::new();
        for col_idx in [self.first, self.paternal, self.maternal]
            .into_iter()
            .flatten()
        {
            let cell = sheet.cell(row_idx, col_idx);
            for word in cell_text(cell).split_whitespace() {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(word);
            }
        }
        name
    }
}

/// Optional text of a cell (trimmed), `None` when blank.
pub(crate) fn optional_text(
    sheet: &Sheet,
    row_idx: usize,
    col_idx: Option<usize>,
) -> Option<String> {
    let text = cell_text(sheet.cell(row_idx, col_idx?));
    (!text.is_empty()).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn total_markers() {
        for text in [
            "Total",
            "TOTALES",
            " suma ",
            "Sumatoria",
            "Resumen",
            "Consolidado",
            "SubTotal",
            "Total general",
            "Total:",
        ] {
            assert!(is_total_marker(Cell::Text(text)), "{text}");
        }
        for text in ["Totalidad", "12345678-5", "Juan"] {
            assert!(!is_total_marker(Cell::Text(text)), "{text}");
        }
    }

    #[test]
    fn concept_values() {
        let d = |t: &str| Decimal::from_str(t).expect("decimal");
        assert_eq!(
            concept_value(Cell::Text(" 150.000 "), false),
            ConceptValue::Amount(d("150000"))
        );
        assert_eq!(concept_value(Cell::Text("N/A"), true), ConceptValue::Empty);
        assert_eq!(concept_value(Cell::Text("n/a"), true), ConceptValue::Empty);
        assert_eq!(concept_value(Cell::Text("NA"), true), ConceptValue::Empty);
        assert_eq!(concept_value(Cell::Text("x"), true), ConceptValue::Empty);
        assert_eq!(concept_value(Cell::Text("-"), true), ConceptValue::Empty);
        assert_eq!(
            concept_value(Cell::Text("X"), false),
            ConceptValue::Text("X".into())
        );
        assert_eq!(
            concept_value(Cell::Number(d("0")), true),
            ConceptValue::Amount(d("0"))
        );
        assert_eq!(
            concept_value(Cell::Text(" Jornada "), true),
            ConceptValue::Text("Jornada".into())
        );
    }

    #[test]
    fn dates_from_cells_serials_and_text() {
        let expected = Date::new(2025, 3, 4);
        assert_eq!(
            date_of(Cell::Date(Date::new(2025, 3, 4).expect("date"))),
            expected
        );
        assert_eq!(date_of(Cell::Number(Decimal::from(45720))), expected);
        assert_eq!(
            date_of(Cell::Number(Decimal::from_str("45720.75").expect("d"))),
            expected
        );
        assert_eq!(date_of(Cell::Text("04/03/2025")), expected);
        assert_eq!(date_of(Cell::Text("45720")), expected);
        assert_eq!(date_of(Cell::Text("31/02/2025")), None);
        assert_eq!(date_of(Cell::Empty), None);
    }

    #[test]
    fn days() {
        assert_eq!(
            read_days(Cell::Text("0,5")),
            Ok(Some(Decimal::from_str("0.5").expect("d")))
        );
        assert_eq!(read_days(Cell::Empty), Ok(None));
        assert_eq!(read_days(Cell::Text("medio")), Err("medio".to_string()));
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

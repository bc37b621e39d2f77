//! The Libro de Remuneraciones (docs/inputs.md): one row per employee, one column per concept.

use std::collections::{HashMap, HashSet};

use crate::headers;
use crate::model::{InputError, InputErrorKind, PayrollBook, PayrollBookEmployee, Period, Slot};
use crate::sheet::{Cell, Sheet, Workbook};
use crate::values::rut::Rut;
use crate::values::text::normalize_header;

use super::common::{
    cell_text, concept_value, data_rows, find_header_row, read_rut, Findings, Headers, NameColumns,
    RutColumns,
};
use super::file_name::parse_file_name;
use super::Read;

pub(crate) fn read(file_name: &str, bytes: &[u8]) -> Result<Read<PayrollBook>, InputError> {
    let workbook = Workbook::open(file_name, bytes)?;
    let mut findings = Findings::new(file_name);
    // The first sheet whose header row is found (a cover sheet may come first).
    let (sheet, header_row_idx) = workbook
        .sheets
        .iter()
        .find_map(|sheet| find_header_row(sheet, headers::WORKER_RUT).map(|row| (sheet, row)))
        .ok_or_else(|| {
            findings.error(
                None,
                InputErrorKind::NoHeaderRowInAnySheet {
                    column: "Rut del Trabajador".to_string(),
                },
            )
        })?;
    let headers = Headers::read(sheet, header_row_idx);
    let rut_col = headers
        .find(headers::WORKER_RUT)
        .expect("the header row contains a RUT header");
    if !looks_like_a_payroll_book(&headers) {
        return Err(findings.error(
            Some(&sheet.name),
            InputErrorKind::NotAPayrollBook {
                header_row_number: u32::try_from(header_row_idx + 1).unwrap_or(u32::MAX),
            },
        ));
    }
    let rut_columns = RutColumns::find(&headers, rut_col);
    let name_columns = NameColumns::find(&headers);
    let company_rut_col = headers.find(headers::COMPANY_RUT);
    let year_col = headers.find(headers::YEAR);
    let month_col = headers.find(headers::MONTH);
    let concept_columns = concept_columns(&headers);

    let mut employees: Vec<PayrollBookEmployee> = Vec::new();
    let mut first_row_of: HashMap<Rut, u32> = HashMap::new();
    let mut first_data_row = None;
    for row_idx in data_rows(sheet, header_row_idx, rut_col) {
        first_data_row.get_or_insert(row_idx);
        let Some(rut) = read_rut(&mut findings, sheet, &headers, rut_columns, row_idx) else {
            continue;
        };
        let row_number = u32::try_from(row_idx + 1).unwrap_or(u32::MAX);
        if let Some(first_row_number) = first_row_of.get(&rut) {
            findings.skip(
                &sheet.name,
                row_idx,
                Some(headers.name(rut_col)),
                Some(&rut.to_string()),
                format!("el RUT {rut} ya aparece en la fila {first_row_number}; se usa esa fila"),
            );
            continue;
        }
        first_row_of.insert(rut, row_number);
        let values = concept_columns
            .iter()
            .map(|(col_idx, _)| concept_value(sheet.cell(row_idx, *col_idx), false))
            .collect();
        employees.push(PayrollBookEmployee {
            rut,
            name: name_columns.full_name(sheet, row_idx),
            row_number,
            values,
        });
    }
    findings.n_rows = employees.len();

    // Company RUT and period from the first data row, falling back to the file name.
    let (name_info, _) = parse_file_name(file_name);
    let company_rut = first_data_row
        .zip(company_rut_col)
        .and_then(|(row_idx, col_idx)| Rut::parse(&cell_text(sheet.cell(row_idx, col_idx))).ok())
        .or(name_info.company_rut);
    let period = first_data_row
        .and_then(|row_idx| period_of_row(sheet, row_idx, year_col?, month_col?))
        .or(name_info.period);

    let value = PayrollBook {
        sheet: sheet.name.clone(),
        concepts: concept_columns.into_iter().map(|(_, name)| name).collect(),
        employees,
        company_rut,
        period,
    };
    let summary = findings.into_summary(Slot::PayrollBook, bytes, &workbook);
    Ok(Read { value, summary })
}

/// Whether a header row is a libro's rather than another file's with a RUT column (a
/// novedades file put in the libro slot was read as a libro, and libro vs itself-ish
/// novedades reported a false "sin discrepancias"). A libro has a libro-only RUT header,
/// or Talana's identification columns, or a totals/deductions column, or a repeated
/// header; a novedades file is a RUT, names and the few concepts of the month.
fn looks_like_a_payroll_book(headers: &Headers) -> bool {
    let has_any = |list: &[&str]| headers.find(list).is_some();
    let mut seen = HashSet::new();
    let has_repeated_header = headers
        .normalised
        .iter()
        .filter(|header| !header.is_empty())
        .any(|header| !seen.insert(header.as_str()));
    has_any(headers::PAYROLL_BOOK_WORKER_RUT)
        || has_any(headers::COMPANY_RUT)
        || has_any(headers::YEAR)
        || has_any(headers::MONTH)
        || has_any(headers::CHECK_DIGIT)
        || has_any(headers::PAYROLL_BOOK_CONCEPTS)
        || has_repeated_header
}

/// The concept columns in column order with their names after de-duplication: the second
/// `X` (compared after normalisation) is `X.1`, the third `X.2`, built on the first
/// occurrence's spelling. Identification columns (first occurrence of each) and columns
/// with a blank header are not concepts.
fn concept_columns(headers: &Headers) -> Vec<(usize, String)> {
    let identification: &[&[&str]] = &[
        headers::WORKER_RUT,
        headers::CHECK_DIGIT,
        headers::FIRST_NAME,
        headers::PATERNAL_SURNAME,
        headers::MATERNAL_SURNAME,
        headers::COMPANY_RUT,
        headers::YEAR,
        headers::MONTH,
    ];
    // Normalised name → (spelling of the first occurrence, occurrences so far).
    let mut seen: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut used: HashSet<String> = headers.normalised.iter().cloned().collect();
    let mut concepts = Vec::new();
    for (col_idx, normalised) in headers.normalised.iter().enumerate() {
        if normalised.is_empty() {
            continue;
        }
        let original = headers.name(col_idx);
        match seen.get_mut(normalised.as_str()) {
            None => {
                seen.insert(normalised, (original, 0));
                if !identification
                    .iter()
                    .any(|list| headers::is_one_of(normalised, list))
                {
                    concepts.push((col_idx, original.to_string()));
                }
            }
            Some((base, count)) => {
                // Skip suffixes taken by a header literally named `X.1`.
                let name = loop {
                    *count += 1;
                    let candidate = format!("{base}.{count}");
                    if used.insert(normalize_header(&candidate)) {
                        break candidate;
                    }
                };
                concepts.push((col_idx, name));
            }
        }
    }
    concepts
}

/// `Año` and `Mes` of a row: numbers, numeric text, or a Spanish month name.
fn period_of_row(
    sheet: &Sheet,
    row_idx: usize,
    year_col: usize,
    month_col: usize,
) -> Option<Period> {
    let year: i32 = cell_text(sheet.cell(row_idx, year_col)).parse().ok()?;
    let month = match sheet.cell(row_idx, month_col) {
        Cell::Date(date) => date.month,
        cell => {
            let text = normalize_header(&cell_text(cell));
            match text.parse::<u8>() {
                Ok(month) => month,
                Err(_) => month_from_name(&text)?,
            }
        }
    };
    Period::parse(&format!("{year:04}-{month:02}"))
}

fn month_from_name(name: &str) -> Option<u8> {
    let name = if name == "setiembre" {
        "septiembre"
    } else {
        name
    };
    crate::model::MONTHS
        .iter()
        .position(|month| *month == name)
        .and_then(|idx| u8::try_from(idx + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn headers(names: &[&str]) -> Headers {
        Headers {
            row_idx: 0,
            originals: names.iter().map(|name| name.to_string()).collect(),
            normalised: names.iter().map(|name| normalize_header(name)).collect(),
        }
    }

    #[test]
    fn duplicate_headers_get_suffixes_and_ids_are_not_concepts() {
        let headers = headers(&[
            "Año",
            "Mes",
            "Rut de la Empresa",
            "Rut del Trabajador",
            "DV",
            "Nombre",
            "Sueldo Base",
            "Otros Descuentos",
            "",
            "SUELDO BASE",
            "sueldo  base",
            "Días Trabajados",
            "Otros Descuentos",
        ]);
        let names: Vec<String> = concept_columns(&headers)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(
            names,
            [
                "Sueldo Base",
                "Otros Descuentos",
                "Sueldo Base.1",
                "Sueldo Base.2",
                "Días Trabajados",
                "Otros Descuentos.1"
            ]
        );
    }

    #[test]
    fn literal_suffix_is_not_reused() {
        let headers = headers(&["Rut", "Bono", "Bono.1", "Bono"]);
        let names: Vec<String> = concept_columns(&headers)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(names, ["Bono", "Bono.1", "Bono.2"]);
    }

    #[test]
    fn month_names() {
        assert_eq!(month_from_name("marzo"), Some(3));
        assert_eq!(month_from_name("setiembre"), Some(9));
        assert_eq!(month_from_name("marz"), None);
    }
}

//! The parsed inputs: what the readers produce and the comparisons consume.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::values::date::Date;
use crate::values::rut::Rut;

pub use crate::error::{InputError, InputErrorKind, LooksLike, SizeLimit};
pub use crate::slot::{missing_inputs, MissingInput, Slot};

/// A closing period `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub month: u8,
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text).ok_or_else(|| serde::de::Error::custom("period must be YYYY-MM"))
    }
}

/// The months' Spanish names, January first: read in the Libro's period cells and written
/// where a person reads a period.
pub(crate) const MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

impl Period {
    /// The period as an analyst reads it, `marzo 2025`; `Display` stays `2025-03`, the form
    /// of file names, JSON and the page's test hooks.
    pub fn in_words(self) -> String {
        let month = usize::from(self.month)
            .checked_sub(1)
            .and_then(|i| MONTHS.get(i));
        match month {
            Some(month) => format!("{month} {}", self.year),
            None => self.to_string(),
        }
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Period> {
        let (year, month) = text.trim().split_once('-')?;
        let year: i32 = year.parse().ok()?;
        let month: u8 = month.parse().ok()?;
        ((1..=12).contains(&month) && (1900..=2999).contains(&year))
            .then_some(Period { year, month })
    }

    pub fn contains(&self, date: Date) -> bool {
        date.year == self.year && date.month == self.month
    }
}

/// A problem with one row or cell of an input: data, not an error. The row is still used or
/// is skipped, as the message says; either way the user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputWarning {
    #[serde(rename = "hoja")]
    pub sheet: String,
    /// 1-based row as the spreadsheet shows it; 0 when the warning is about the whole file.
    #[serde(rename = "fila")]
    pub row_number: u32,
    #[serde(rename = "columna")]
    pub column: Option<String>,
    /// The offending cell text, when there is one.
    #[serde(rename = "texto")]
    pub text: Option<String>,
    /// A Spanish sentence for the analyst.
    #[serde(rename = "mensaje")]
    pub message: String,
}

/// What the file name told (`202503_libro_remuneraciones_12345678K.xlsx`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileNameInfo {
    pub period: Option<Period>,
    pub company_rut: Option<Rut>,
}

/// Facts about a read file, shown in the UI and written into the result document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputSummary {
    pub slot: Slot,
    pub file_name: String,
    pub sha256: String,
    /// Sheet names of the workbook, in order.
    pub sheets: Vec<String>,
    /// Data rows used (after skipping blank/total/unusable rows).
    pub n_rows: usize,
    /// Rows skipped because of a warning (bad RUT, missing needed date, …).
    pub n_rows_skipped: usize,
    pub name_info: FileNameInfo,
    /// The file name did not follow the pattern (soft warning).
    pub name_warning: Option<String>,
    pub warnings: Vec<InputWarning>,
    /// Notes such as "hoja «Resumen» omitida".
    pub notes: Vec<String>,
}

/// A cell of a concept column (libro or novedades).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConceptValue {
    /// Blank, or in novedades one of the "no novelty" markers (`X`, `-`, `N/A`, …).
    Empty,
    Amount(Decimal),
    Text(String),
}

/// One employee row of the Libro de Remuneraciones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayrollBookEmployee {
    pub rut: Rut,
    /// Full name: `Nombre Apellido Paterno Apellido Materno`, single-spaced.
    pub name: String,
    pub row_number: u32,
    /// Indexed like `PayrollBook::concepts`.
    pub values: Vec<ConceptValue>,
}

/// The Libro de Remuneraciones: one row per employee, one column per concept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayrollBook {
    pub sheet: String,
    /// Concept column names after de-duplication (`Sueldo Base`, …, `Sueldo Base.1`), in
    /// column order; identification columns excluded.
    pub concepts: Vec<String>,
    /// First row per RUT, in file order.
    pub employees: Vec<PayrollBookEmployee>,
    pub company_rut: Option<Rut>,
    pub period: Option<Period>,
}

/// One employee of Novedades (duplicate RUT rows already merged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayrollChangesEmployee {
    pub rut: Rut,
    pub name: String,
    pub row_number: u32,
    /// Indexed like `PayrollChanges::concepts`.
    pub values: Vec<ConceptValue>,
}

/// Novedades: the analyst's expected amounts per employee and concept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayrollChanges {
    pub sheet: String,
    /// Concept headers as written in the file (trimmed), in column order.
    pub concepts: Vec<String>,
    pub employees: Vec<PayrollChangesEmployee>,
}

/// A hire or termination: from Movimientos (`ALTA`/`BAJA`) or from the analyst's files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    pub rut: Rut,
    pub name: String,
    pub date: Date,
    pub sheet: String,
    pub row_number: u32,
    /// Movimientos' `Tipo Contrato`, when present.
    pub contract_type: Option<String>,
    /// `Motivo`, when present.
    pub reason: Option<String>,
}

/// An absence event, from Movimientos' Ausentismos sheet or the analyst's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Absence {
    pub rut: Rut,
    pub name: String,
    pub start: Date,
    pub end: Date,
    /// Days, possibly fractional; `None` when the cell was blank.
    pub days: Option<Decimal>,
    /// The type as written.
    pub kind: String,
    /// The type normalised for comparison (`values::text::normalize_absence_kind`).
    pub kind_key: String,
    pub sheet: String,
    pub row_number: u32,
}

/// The Movimientos del Mes workbook.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthlyMovements {
    pub hires: Vec<Movement>,
    pub terminations: Vec<Movement>,
    pub absences: Vec<Absence>,
    pub n_vacations: usize,
    pub n_salary_changes: usize,
    pub n_contract_changes: usize,
}

/// The analyst's three files; `None` means "not reported" (file not loaded).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalystReports {
    pub hires: Option<Vec<Movement>>,
    pub terminations: Option<Vec<Movement>>,
    pub absences: Option<Vec<Absence>>,
}

#[cfg(test)]
mod tests {
    use super::Period;

    #[test]
    fn a_period_reads_as_month_and_year_and_keeps_its_code() {
        let march = Period::parse("2025-03").expect("a period");
        assert_eq!(march.in_words(), "marzo 2025");
        assert_eq!(march.to_string(), "2025-03");
        assert_eq!(
            Period::parse("2024-12").expect("a period").in_words(),
            "diciembre 2024"
        );
        assert_eq!(
            Period::parse("2026-01").expect("a period").in_words(),
            "enero 2026"
        );
        // Not built by `parse`, but a struct literal could hold it: never a panic.
        assert_eq!(
            Period {
                year: 2025,
                month: 13
            }
            .in_words(),
            "2025-13"
        );
    }
}

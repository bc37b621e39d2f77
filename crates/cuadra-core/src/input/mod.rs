//! Readers for the six upload slots (SPEC §2): a workbook in, a parsed input plus its
//! summary and warnings out. One file per slot; `common` holds what they share.

mod analyst;
mod common;
mod file_name;
mod monthly_movements;
mod novelty_merge;
mod payroll_book;
mod payroll_changes;
mod payroll_changes_long;
mod sheet_kind;
mod slot_detection;

use crate::model::{
    Absence, InputError, InputSummary, MonthlyMovements, Movement, PayrollBook, PayrollChanges,
};

pub(crate) use common::sha256_hex;
pub use file_name::parse_file_name;
pub use slot_detection::{detect_slot, detect_slot_by_name};

/// A parsed input and what the user should see about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Read<T> {
    pub value: T,
    pub summary: InputSummary,
}

/// The Libro de Remuneraciones (SPEC §2.1).
pub fn read_payroll_book(file_name: &str, bytes: &[u8]) -> Result<Read<PayrollBook>, InputError> {
    payroll_book::read(file_name, bytes)
}

/// Novedades (SPEC §2.2).
pub fn read_payroll_changes(
    file_name: &str,
    bytes: &[u8],
) -> Result<Read<PayrollChanges>, InputError> {
    payroll_changes::read(file_name, bytes)
}

/// Movimientos del Mes (SPEC §2.3).
pub fn read_monthly_movements(
    file_name: &str,
    bytes: &[u8],
) -> Result<Read<MonthlyMovements>, InputError> {
    monthly_movements::read(file_name, bytes)
}

/// The analyst's Ingresos (SPEC §2.4).
pub fn read_analyst_hires(
    file_name: &str,
    bytes: &[u8],
) -> Result<Read<Vec<Movement>>, InputError> {
    analyst::read_hires(file_name, bytes)
}

/// The analyst's Finiquitos (SPEC §2.4).
pub fn read_analyst_terminations(
    file_name: &str,
    bytes: &[u8],
) -> Result<Read<Vec<Movement>>, InputError> {
    analyst::read_terminations(file_name, bytes)
}

/// The analyst's Ausentismos / Incidencias (SPEC §2.4).
pub fn read_analyst_absences(
    file_name: &str,
    bytes: &[u8],
) -> Result<Read<Vec<Absence>>, InputError> {
    analyst::read_absences(file_name, bytes)
}

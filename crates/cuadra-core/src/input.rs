//! Readers for the six upload slots (SPEC §2): a workbook in, a parsed input plus its
//! summary and warnings out.

use crate::model::{
    Absence, FileNameInfo, InputError, InputSummary, MonthlyMovements, Movement, PayrollBook,
    PayrollChanges, Slot,
};

/// A parsed input and what the user should see about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Read<T> {
    pub value: T,
    pub summary: InputSummary,
}

/// Period and client RUT from `202503_libro_remuneraciones_12345678K.xlsx`; the second value
/// is the soft warning when the name does not follow the pattern.
pub fn parse_file_name(_file_name: &str) -> (FileNameInfo, Option<String>) {
    todo!("readers")
}

/// Which slot a dropped file belongs to, by its name first and then its content.
pub fn detect_slot(_file_name: &str, _bytes: &[u8]) -> Option<Slot> {
    todo!("readers")
}

pub fn read_payroll_book(_file_name: &str, _bytes: &[u8]) -> Result<Read<PayrollBook>, InputError> {
    todo!("readers")
}

pub fn read_payroll_changes(
    _file_name: &str,
    _bytes: &[u8],
) -> Result<Read<PayrollChanges>, InputError> {
    todo!("readers")
}

pub fn read_monthly_movements(
    _file_name: &str,
    _bytes: &[u8],
) -> Result<Read<MonthlyMovements>, InputError> {
    todo!("readers")
}

pub fn read_analyst_hires(
    _file_name: &str,
    _bytes: &[u8],
) -> Result<Read<Vec<Movement>>, InputError> {
    todo!("readers")
}

pub fn read_analyst_terminations(
    _file_name: &str,
    _bytes: &[u8],
) -> Result<Read<Vec<Movement>>, InputError> {
    todo!("readers")
}

pub fn read_analyst_absences(
    _file_name: &str,
    _bytes: &[u8],
) -> Result<Read<Vec<Absence>>, InputError> {
    todo!("readers")
}

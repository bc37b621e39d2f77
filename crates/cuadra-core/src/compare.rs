//! Both comparisons (SPEC §4), each a pure function of parsed inputs and settings.

use std::collections::BTreeMap;

use crate::discrepancy::Discrepancy;
use crate::model::{AnalystReports, MonthlyMovements, PayrollBook, PayrollChanges, Period};
use crate::settings::Settings;

/// What one comparison group produced.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GroupResult {
    pub discrepancies: Vec<Discrepancy>,
    /// Spanish notes for the user: "sin novedades", unmapped headers, files not reported,
    /// counts of vacaciones and variations that are not compared.
    pub notes: Vec<String>,
}

/// The automatic mapping proposal: novedades header → libro concept (or `None`).
pub fn propose_mapping(
    _changes_concepts: &[String],
    _book_concepts: &[String],
) -> BTreeMap<String, Option<String>> {
    todo!("engine")
}

/// Worker 1: Libro vs Novedades.
pub fn compare_payroll_vs_changes(
    _book: &PayrollBook,
    _changes: Option<&PayrollChanges>,
    _settings: &Settings,
) -> GroupResult {
    todo!("engine")
}

/// Worker 2: Movimientos vs Analista. `period` is the closing's month, used by the
/// fixed-term exclusion setting.
pub fn compare_movements_vs_analyst(
    _movements: &MonthlyMovements,
    _analyst: &AnalystReports,
    _settings: &Settings,
    _period: Option<Period>,
) -> GroupResult {
    todo!("engine")
}

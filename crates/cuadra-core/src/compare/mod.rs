//! Both comparisons (docs/rules.md), each a pure function of parsed inputs and settings.
//!
//! `payroll_vs_changes` is worker 1 (Libro vs Novedades), `movements_vs_analyst` is worker 2
//! (Movimientos vs Analista), `mapping` proposes and resolves the concept mapping and
//! `suggest` proposes the RUT an "only in one source" discrepancy most likely meant.

mod mapping;
mod mapping_checks;
mod movements_vs_analyst;
mod payroll_vs_changes;
mod suggest;

pub use mapping::{effective_mapping, propose_mapping, resolve_mapping, ResolvedMapping};
pub use mapping_checks::{
    mapping_warnings, profile_columns, repeated_column, repeated_column_note, ColumnProfile,
    MappingWarning, N_SAMPLES,
};
pub use movements_vs_analyst::compare_movements_vs_analyst;
pub use payroll_vs_changes::compare_payroll_vs_changes;

use crate::discrepancy::Discrepancy;

/// What one comparison group produced.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GroupResult {
    pub discrepancies: Vec<Discrepancy>,
    /// Spanish notes for the user: "sin novedades", unmapped headers, files not reported,
    /// counts of vacaciones and variations that are not compared.
    pub notes: Vec<String>,
    /// Why the group compared nothing, when it could not: a result with no discrepancies
    /// then means "not compared", never "correct".
    pub not_compared: Option<NotCompared>,
}

/// Why a comparison group did not compare what it exists to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NotCompared {
    /// No Novedades file: Libro vs Novedades has nothing to compare the libro with.
    NoPayrollChanges,
    /// Novedades was loaded but none of its concepts is mapped onto a libro concept, so no
    /// amount was compared (employees only in Novedades still are).
    NoConceptMapped,
}

impl NotCompared {
    /// The reason as a Spanish clause, written into the document and the summary sentence.
    pub fn reason(self) -> &'static str {
        match self {
            NotCompared::NoPayrollChanges => "no se cargó Novedades",
            NotCompared::NoConceptMapped => {
                "ningún concepto de Novedades está asignado a un concepto del Libro"
            }
        }
    }
}

/// `Juan Pérez (12345678-5)`, or just the RUT when the sources have no name.
fn who(name: &str, rut: crate::values::rut::Rut) -> String {
    if name.trim().is_empty() {
        format!("RUT {rut}")
    } else {
        format!("{} ({rut})", name.trim())
    }
}

/// A pending discrepancy of `kind` for one employee, every optional field empty.
fn base(
    kind: crate::discrepancy::DiscrepancyKind,
    rut: crate::values::rut::Rut,
    name: &str,
) -> Discrepancy {
    Discrepancy {
        kind,
        group: kind.group(),
        rut,
        name: name.trim().to_string(),
        description: String::new(),
        concept: None,
        valor_libro: None,
        valor_novedades: None,
        valor_movimientos: None,
        valor_analista: None,
        difference: None,
        status: crate::discrepancy::DiscrepancyStatus::Pending,
        note: None,
        event_date: None,
        suggestion: None,
        sources: Vec::new(),
    }
}

//! A discrepancy (docs/results.md): its 15 types, its group, its user status, its compared values
//! and the one order.

mod help;
mod layout;
mod source;
mod suggestion;
mod value;
mod value_text;

use serde::{Deserialize, Serialize};

pub use layout::ValueLayout;
pub use source::SourceRow;
pub use suggestion::{Suggestion, SuggestionReason};
pub use value::{AbsenceSpan, ComparedValue, Marker, ValueShape};
pub use value_text::DocumentText;

pub use crate::slot::Group;
use crate::values::date::Date;
use crate::values::rut::Rut;

/// The 15 discrepancy types, in the product's order (docs/results.md) (which is the report order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscrepancyKind {
    #[serde(rename = "empleado_solo_libro")]
    EmployeeOnlyInPayroll,
    #[serde(rename = "empleado_solo_novedades")]
    EmployeeOnlyInChanges,
    #[serde(rename = "diff_concepto_monto")]
    ConceptAmountDiffers,
    #[serde(rename = "diff_sueldo_base")]
    BaseSalaryDiffers,
    #[serde(rename = "ingreso_no_reportado")]
    HireNotReported,
    #[serde(rename = "ingreso_no_en_movimientos")]
    HireNotInMovements,
    #[serde(rename = "diff_fecha_ingreso")]
    HireDateDiffers,
    #[serde(rename = "finiquito_no_reportado")]
    TerminationNotReported,
    #[serde(rename = "finiquito_no_en_movimientos")]
    TerminationNotInMovements,
    #[serde(rename = "diff_fecha_retiro")]
    TerminationDateDiffers,
    #[serde(rename = "ausencia_no_reportada")]
    AbsenceNotReported,
    #[serde(rename = "ausencia_no_en_movimientos")]
    AbsenceNotInMovements,
    #[serde(rename = "diff_fechas_ausencia")]
    AbsenceDatesDiffer,
    #[serde(rename = "diff_dias_ausencia")]
    AbsenceDaysDiffer,
    #[serde(rename = "diff_tipo_ausencia")]
    AbsenceKindDiffers,
}

impl DiscrepancyKind {
    pub const ALL: [DiscrepancyKind; 15] = [
        DiscrepancyKind::EmployeeOnlyInPayroll,
        DiscrepancyKind::EmployeeOnlyInChanges,
        DiscrepancyKind::ConceptAmountDiffers,
        DiscrepancyKind::BaseSalaryDiffers,
        DiscrepancyKind::HireNotReported,
        DiscrepancyKind::HireNotInMovements,
        DiscrepancyKind::HireDateDiffers,
        DiscrepancyKind::TerminationNotReported,
        DiscrepancyKind::TerminationNotInMovements,
        DiscrepancyKind::TerminationDateDiffers,
        DiscrepancyKind::AbsenceNotReported,
        DiscrepancyKind::AbsenceNotInMovements,
        DiscrepancyKind::AbsenceDatesDiffer,
        DiscrepancyKind::AbsenceDaysDiffer,
        DiscrepancyKind::AbsenceKindDiffers,
    ];

    /// The type id used in documents and exports.
    pub fn id(self) -> &'static str {
        match self {
            DiscrepancyKind::EmployeeOnlyInPayroll => "empleado_solo_libro",
            DiscrepancyKind::EmployeeOnlyInChanges => "empleado_solo_novedades",
            DiscrepancyKind::ConceptAmountDiffers => "diff_concepto_monto",
            DiscrepancyKind::BaseSalaryDiffers => "diff_sueldo_base",
            DiscrepancyKind::HireNotReported => "ingreso_no_reportado",
            DiscrepancyKind::HireNotInMovements => "ingreso_no_en_movimientos",
            DiscrepancyKind::HireDateDiffers => "diff_fecha_ingreso",
            DiscrepancyKind::TerminationNotReported => "finiquito_no_reportado",
            DiscrepancyKind::TerminationNotInMovements => "finiquito_no_en_movimientos",
            DiscrepancyKind::TerminationDateDiffers => "diff_fecha_retiro",
            DiscrepancyKind::AbsenceNotReported => "ausencia_no_reportada",
            DiscrepancyKind::AbsenceNotInMovements => "ausencia_no_en_movimientos",
            DiscrepancyKind::AbsenceDatesDiffer => "diff_fechas_ausencia",
            DiscrepancyKind::AbsenceDaysDiffer => "diff_dias_ausencia",
            DiscrepancyKind::AbsenceKindDiffers => "diff_tipo_ausencia",
        }
    }

    /// The Spanish label.
    pub fn label(self) -> &'static str {
        match self {
            DiscrepancyKind::EmployeeOnlyInPayroll => "Empleado solo en Libro",
            DiscrepancyKind::EmployeeOnlyInChanges => "Empleado solo en Novedades",
            DiscrepancyKind::ConceptAmountDiffers => "Diferencia en monto de concepto",
            DiscrepancyKind::BaseSalaryDiffers => "Diferencia en sueldo base",
            DiscrepancyKind::HireNotReported => "Ingreso no reportado por analista",
            DiscrepancyKind::HireNotInMovements => {
                "Ingreso del analista no encontrado en movimientos"
            }
            DiscrepancyKind::HireDateDiffers => "Diferencia en fecha de ingreso",
            DiscrepancyKind::TerminationNotReported => "Finiquito no reportado por analista",
            DiscrepancyKind::TerminationNotInMovements => {
                "Finiquito del analista no encontrado en movimientos"
            }
            DiscrepancyKind::TerminationDateDiffers => "Diferencia en fecha de retiro",
            DiscrepancyKind::AbsenceNotReported => "Ausencia no reportada por analista",
            DiscrepancyKind::AbsenceNotInMovements => {
                "Ausencia del analista no encontrada en movimientos"
            }
            DiscrepancyKind::AbsenceDatesDiffer => "Diferencia en fechas de ausencia",
            DiscrepancyKind::AbsenceDaysDiffer => "Diferencia en días de ausencia",
            DiscrepancyKind::AbsenceKindDiffers => "Diferencia en tipo de ausencia",
        }
    }

    pub fn group(self) -> Group {
        match self {
            DiscrepancyKind::EmployeeOnlyInPayroll
            | DiscrepancyKind::EmployeeOnlyInChanges
            | DiscrepancyKind::ConceptAmountDiffers
            | DiscrepancyKind::BaseSalaryDiffers => Group::PayrollVsChanges,
            _ => Group::MovementsVsAnalyst,
        }
    }

    /// The "only in one source" / "not found" types: the ones that can carry a
    /// `sugerencia` (the other side's RUT most likely meant).
    pub fn is_one_sided(self) -> bool {
        matches!(
            self,
            DiscrepancyKind::EmployeeOnlyInPayroll
                | DiscrepancyKind::EmployeeOnlyInChanges
                | DiscrepancyKind::HireNotReported
                | DiscrepancyKind::HireNotInMovements
                | DiscrepancyKind::TerminationNotReported
                | DiscrepancyKind::TerminationNotInMovements
                | DiscrepancyKind::AbsenceNotReported
                | DiscrepancyKind::AbsenceNotInMovements
        )
    }

    pub fn from_id(id: &str) -> Option<DiscrepancyKind> {
        DiscrepancyKind::ALL
            .into_iter()
            .find(|kind| kind.id() == id)
    }
}

/// What the user decided about a discrepancy.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum DiscrepancyStatus {
    #[default]
    #[serde(rename = "pendiente")]
    Pending,
    #[serde(rename = "justificada")]
    Justified,
    #[serde(rename = "corregida")]
    Corrected,
}

impl DiscrepancyStatus {
    pub const ALL: [DiscrepancyStatus; 3] = [
        DiscrepancyStatus::Pending,
        DiscrepancyStatus::Justified,
        DiscrepancyStatus::Corrected,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DiscrepancyStatus::Pending => "pendiente",
            DiscrepancyStatus::Justified => "justificada",
            DiscrepancyStatus::Corrected => "corregida",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DiscrepancyStatus::Pending => "Pendiente",
            DiscrepancyStatus::Justified => "Justificada",
            DiscrepancyStatus::Corrected => "Corregida",
        }
    }
}

/// One discrepancy, with the exact field names of the result document (docs/results.md).
///
/// Reading one back types its values by [`ValueLayout`] (from `tipo`), so a document read
/// from storage or another thread holds the same values it was written from.
// `Deserialize` is written by hand in `layout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discrepancy {
    #[serde(rename = "tipo")]
    pub kind: DiscrepancyKind,
    #[serde(rename = "grupo")]
    pub group: Group,
    /// Serialized in display form `12345678-5`.
    pub rut: Rut,
    #[serde(rename = "nombre")]
    pub name: String,
    #[serde(rename = "descripcion")]
    pub description: String,
    /// `{novedades header} → {libro concept}` for concept types.
    #[serde(rename = "concepto")]
    pub concept: Option<String>,
    /// The compared values, as [`ValueLayout::of`] says each type fills them.
    pub valor_libro: Option<ComparedValue>,
    pub valor_novedades: Option<ComparedValue>,
    pub valor_movimientos: Option<ComparedValue>,
    pub valor_analista: Option<ComparedValue>,
    /// Libro − novedades in whole pesos, for amount types.
    #[serde(rename = "diferencia")]
    pub difference: Option<ComparedValue>,
    #[serde(rename = "estado")]
    pub status: DiscrepancyStatus,
    #[serde(rename = "nota")]
    pub note: Option<String>,
    /// The event's date for movement types (hire/termination date; absence start, movimientos
    /// side first). Used for ordering and for carrying user notes across runs.
    #[serde(rename = "fecha_evento")]
    pub event_date: Option<Date>,
    /// "¿Quiso decir…?": for the "only in one source" types, the other side's RUT most
    /// likely meant (`compare::suggest`); `None` for every other type and when nothing fits.
    #[serde(rename = "sugerencia")]
    pub suggestion: Option<Suggestion>,
    /// Where the values come from: the input, sheet and row of each side that has a row
    /// (libro and novedades, or movimientos and the analyst's file); empty when no side has.
    #[serde(rename = "fuentes")]
    pub sources: Vec<SourceRow>,
}

/// What identifies "the same discrepancy" across runs, so user status and notes carry over:
/// same type, RUT, concept or event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DiscrepancyIdentity {
    pub kind: DiscrepancyKind,
    pub rut: Rut,
    pub concept: Option<String>,
    pub event_date: Option<Date>,
}

impl Discrepancy {
    pub fn identity(&self) -> DiscrepancyIdentity {
        DiscrepancyIdentity {
            kind: self.kind,
            rut: self.rut,
            concept: self.concept.clone(),
            event_date: self.event_date,
        }
    }

    /// The one report order: group, type order, RUT number, then concept or event date.
    pub fn order_key(&self) -> impl Ord + '_ {
        (
            self.group,
            self.kind,
            self.rut.number,
            self.rut.check_digit,
            self.concept.as_deref(),
            self.event_date,
        )
    }
}

/// Sorts discrepancies into the report order (stable, so equal keys keep their order).
pub fn sort_discrepancies(discrepancies: &mut [Discrepancy]) {
    discrepancies.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
}

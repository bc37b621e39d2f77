//! Which value fields each discrepancy type fills, with which shape, and reading a
//! discrepancy back from a document by that layout (not by guessing from the text).

use serde::Deserialize;

use super::value::{ComparedValue, ValueShape};
use super::{Discrepancy, DiscrepancyKind, DiscrepancyStatus, Group};
use crate::values::date::Date;
use crate::values::rut::Rut;

/// The shape of each value field of one discrepancy; `None` is a field the type leaves empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ValueLayout {
    pub valor_libro: Option<ValueShape>,
    pub valor_novedades: Option<ValueShape>,
    pub valor_movimientos: Option<ValueShape>,
    pub valor_analista: Option<ValueShape>,
    pub difference: Option<ValueShape>,
}

impl ValueLayout {
    /// What the comparisons write for `kind`. `diff_concepto_monto` is the one type with two
    /// layouts: amounts compared as amounts carry a difference; the text comparison
    /// (either side text) carries none, and its two cells instead.
    pub fn of(kind: DiscrepancyKind, has_difference: bool) -> ValueLayout {
        use ValueShape::{Absence, Cell, Date, DateRange, Days, Marker, Pesos, Text};
        let book_vs_changes = |book, changes, difference| ValueLayout {
            valor_libro: Some(book),
            valor_novedades: Some(changes),
            difference,
            ..ValueLayout::default()
        };
        let movements_vs_analyst = |movements, analyst| ValueLayout {
            valor_movimientos: Some(movements),
            valor_analista: Some(analyst),
            ..ValueLayout::default()
        };
        match kind {
            DiscrepancyKind::EmployeeOnlyInPayroll => ValueLayout {
                valor_novedades: Some(Marker),
                ..ValueLayout::default()
            },
            DiscrepancyKind::EmployeeOnlyInChanges => ValueLayout {
                valor_libro: Some(Marker),
                ..ValueLayout::default()
            },
            DiscrepancyKind::ConceptAmountDiffers if !has_difference => {
                book_vs_changes(Cell, Cell, None)
            }
            DiscrepancyKind::ConceptAmountDiffers | DiscrepancyKind::BaseSalaryDiffers => {
                book_vs_changes(Pesos, Pesos, Some(Pesos))
            }
            DiscrepancyKind::HireDateDiffers | DiscrepancyKind::TerminationDateDiffers => {
                movements_vs_analyst(Date, Date)
            }
            DiscrepancyKind::HireNotReported | DiscrepancyKind::TerminationNotReported => {
                movements_vs_analyst(Date, Marker)
            }
            DiscrepancyKind::HireNotInMovements | DiscrepancyKind::TerminationNotInMovements => {
                movements_vs_analyst(Marker, Date)
            }
            DiscrepancyKind::AbsenceNotReported => movements_vs_analyst(Absence, Marker),
            DiscrepancyKind::AbsenceNotInMovements => movements_vs_analyst(Marker, Absence),
            DiscrepancyKind::AbsenceDatesDiffer => movements_vs_analyst(DateRange, DateRange),
            DiscrepancyKind::AbsenceDaysDiffer => movements_vs_analyst(Days, Days),
            DiscrepancyKind::AbsenceKindDiffers => movements_vs_analyst(Text, Text),
        }
    }
}

/// A discrepancy as the document writes it, every value still text: what `Deserialize`
/// reads before the layout types the values. Field names and order are `Discrepancy`'s, so
/// postcard (which has no field names) reads what the derived `Serialize` wrote.
#[derive(Deserialize)]
pub(super) struct DiscrepancyRecord {
    #[serde(rename = "tipo")]
    kind: DiscrepancyKind,
    #[serde(rename = "grupo")]
    group: Group,
    rut: Rut,
    #[serde(rename = "nombre")]
    name: String,
    #[serde(rename = "descripcion")]
    description: String,
    #[serde(rename = "concepto")]
    concept: Option<String>,
    valor_libro: Option<String>,
    valor_novedades: Option<String>,
    valor_movimientos: Option<String>,
    valor_analista: Option<String>,
    #[serde(rename = "diferencia")]
    difference: Option<String>,
    #[serde(rename = "estado")]
    status: DiscrepancyStatus,
    #[serde(rename = "nota")]
    note: Option<String>,
    #[serde(rename = "fecha_evento")]
    event_date: Option<Date>,
}

/// Types one field by its shape; a value where the layout has none is an error too.
fn typed(
    kind: DiscrepancyKind,
    field: &str,
    shape: Option<ValueShape>,
    text: Option<String>,
) -> Result<Option<ComparedValue>, String> {
    match (shape, text) {
        (_, None) => Ok(None),
        (Some(shape), Some(text)) => ComparedValue::parse(shape, text)
            .map(Some)
            .map_err(|error| format!("{}: {field}: {error}", kind.id())),
        (None, Some(_)) => Err(format!("{}: {field} holds no value", kind.id())),
    }
}

impl TryFrom<DiscrepancyRecord> for Discrepancy {
    type Error = String;

    fn try_from(record: DiscrepancyRecord) -> Result<Discrepancy, String> {
        let kind = record.kind;
        let layout = ValueLayout::of(kind, record.difference.is_some());
        Ok(Discrepancy {
            kind,
            group: record.group,
            rut: record.rut,
            name: record.name,
            description: record.description,
            concept: record.concept,
            valor_libro: typed(kind, "valor_libro", layout.valor_libro, record.valor_libro)?,
            valor_novedades: typed(
                kind,
                "valor_novedades",
                layout.valor_novedades,
                record.valor_novedades,
            )?,
            valor_movimientos: typed(
                kind,
                "valor_movimientos",
                layout.valor_movimientos,
                record.valor_movimientos,
            )?,
            valor_analista: typed(
                kind,
                "valor_analista",
                layout.valor_analista,
                record.valor_analista,
            )?,
            difference: typed(kind, "diferencia", layout.difference, record.difference)?,
            status: record.status,
            note: record.note,
            event_date: record.event_date,
        })
    }
}

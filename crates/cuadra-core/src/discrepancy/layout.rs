//! Which value fields each discrepancy type fills, with which shape, and reading a
//! discrepancy back from a document by that layout (not by guessing from the text).

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer};

use super::value::{ComparedValue, ValueShape};
use super::{Discrepancy, DiscrepancyKind, DiscrepancyStatus, Group, SourceRow, Suggestion};
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
struct DiscrepancyRecord<'a> {
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
    #[serde(borrow)]
    valor_libro: Option<FieldText<'a>>,
    #[serde(borrow)]
    valor_novedades: Option<FieldText<'a>>,
    #[serde(borrow)]
    valor_movimientos: Option<FieldText<'a>>,
    #[serde(borrow)]
    valor_analista: Option<FieldText<'a>>,
    #[serde(rename = "diferencia", borrow)]
    difference: Option<FieldText<'a>>,
    #[serde(rename = "estado")]
    status: DiscrepancyStatus,
    #[serde(rename = "nota")]
    note: Option<String>,
    #[serde(rename = "fecha_evento")]
    event_date: Option<Date>,
    /// Absent from documents written before suggestions existed (stored results).
    #[serde(rename = "sugerencia", default)]
    suggestion: Option<Suggestion>,
    /// Absent from documents written before sources existed (stored results).
    #[serde(rename = "fuentes", default)]
    sources: Vec<SourceRow>,
}

/// A value field's text, borrowed from the input where the format allows it (postcard
/// always, JSON when the text has no escapes): reading a number or a date then needs no
/// `String` at all, where the `Option<String>` fields used to allocate one per value.
struct FieldText<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for FieldText<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FieldText<'a>, D::Error> {
        struct TextVisitor<'a>(std::marker::PhantomData<&'a str>);

        impl<'de: 'a, 'a> serde::de::Visitor<'de> for TextVisitor<'a> {
            type Value = FieldText<'a>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value's text")
            }

            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<FieldText<'a>, E> {
                Ok(FieldText(Cow::Borrowed(text)))
            }

            fn visit_str<E>(self, text: &str) -> Result<FieldText<'a>, E> {
                Ok(FieldText(Cow::Owned(text.to_string())))
            }

            fn visit_string<E>(self, text: String) -> Result<FieldText<'a>, E> {
                Ok(FieldText(Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(TextVisitor(std::marker::PhantomData))
    }
}

/// Reads the record, then types its values by the layout of its `tipo`.
impl<'de> Deserialize<'de> for Discrepancy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Discrepancy, D::Error> {
        let record = DiscrepancyRecord::deserialize(deserializer)?;
        Discrepancy::try_from(record).map_err(serde::de::Error::custom)
    }
}

/// Types one field by its shape; a value where the layout has none is an error too.
fn typed(
    kind: DiscrepancyKind,
    field: &str,
    shape: Option<ValueShape>,
    text: Option<FieldText<'_>>,
) -> Result<Option<ComparedValue>, String> {
    match (shape, text) {
        (_, None) => Ok(None),
        (Some(shape), Some(FieldText(text))) => ComparedValue::parse(shape, text)
            .map(Some)
            .map_err(|error| format!("{}: {field}: {error}", kind.id())),
        (None, Some(_)) => Err(format!("{}: {field} holds no value", kind.id())),
    }
}

impl TryFrom<DiscrepancyRecord<'_>> for Discrepancy {
    type Error = String;

    fn try_from(record: DiscrepancyRecord<'_>) -> Result<Discrepancy, String> {
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
            suggestion: record.suggestion,
            sources: record.sources,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discrepancy::Marker;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn text_comparison(book: &str) -> Discrepancy {
        Discrepancy {
            kind: DiscrepancyKind::ConceptAmountDiffers,
            group: Group::PayrollVsChanges,
            rut: Rut::from_number(12_345_678),
            name: "Ana".into(),
            description: String::new(),
            concept: Some("Bono → Cargo".into()),
            valor_libro: Some(ComparedValue::text(book)),
            valor_novedades: Some(ComparedValue::Blank),
            valor_movimientos: None,
            valor_analista: None,
            difference: None,
            status: DiscrepancyStatus::Pending,
            note: None,
            event_date: None,
            suggestion: None,
            sources: Vec::new(),
        }
    }

    /// JSON hands over escaped text as a fresh string and `serde_json::Value` as an owned
    /// one; both must read as well as borrowed text.
    #[test]
    fn escaped_and_owned_text_reads_back() {
        let discrepancy = text_comparison("Jefe \"A\" \\ turno\n");
        let json = serde_json::to_string(&discrepancy).expect("serialises");
        assert!(json.contains("\\\""), "{json}");
        let back: Discrepancy = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, discrepancy);
        let value = serde_json::to_value(&discrepancy).expect("serialises");
        let back: Discrepancy = serde_json::from_value(value).expect("reads back");
        assert_eq!(back, discrepancy);
    }

    #[test]
    fn the_two_layouts_of_a_concept_amount_difference() {
        let amounts = ValueLayout::of(DiscrepancyKind::ConceptAmountDiffers, true);
        assert_eq!(amounts.difference, Some(ValueShape::Pesos));
        assert_eq!(amounts.valor_libro, Some(ValueShape::Pesos));
        let texts = ValueLayout::of(DiscrepancyKind::ConceptAmountDiffers, false);
        assert_eq!(texts.difference, None);
        assert_eq!(texts.valor_libro, Some(ValueShape::Cell));
        // The layout decides, not the text: `No encontrado` in a text comparison's cell is
        // that cell's text, not a marker.
        let mut discrepancy = text_comparison("5");
        discrepancy.valor_libro = Some(ComparedValue::Marker(Marker::NotFound));
        let json = serde_json::to_string(&discrepancy).expect("serialises");
        let back: Discrepancy = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back.valor_libro, Some(ComparedValue::text("No encontrado")));
    }
}

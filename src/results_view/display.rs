//! es-CL display of a discrepancy's values in the list: pesos, days, dates, text, and its
//! suggested RUT. Each rule follows from the value's type; nothing is parsed back from the
//! document's text.

use cuadra_core::discrepancy::ComparedValue;
use cuadra_core::values::amount::format_es_cl;
use cuadra_core::Discrepancy;

/// `valor_libro` or `valor_movimientos`: what the HR system says.
pub(super) fn source_value(discrepancy: &Discrepancy) -> Option<&ComparedValue> {
    discrepancy
        .valor_libro
        .as_ref()
        .or(discrepancy.valor_movimientos.as_ref())
}

/// `valor_novedades` or `valor_analista`: what the analyst reported.
pub(super) fn reported_value(discrepancy: &Discrepancy) -> Option<&ComparedValue> {
    discrepancy
        .valor_novedades
        .as_ref()
        .or(discrepancy.valor_analista.as_ref())
}

/// A value as the user reads it: pesos (and a concept cell's amount, rounded to pesos) as
/// `$ 1.234.567`, absence days with a decimal comma (`0,5`), dates as `04-03-2025` (in a
/// period and an absence too), markers and text as they are.
pub fn display_value(value: &ComparedValue) -> String {
    match value {
        ComparedValue::Pesos(amount) | ComparedValue::Amount(amount) => format_es_cl(*amount),
        ComparedValue::Days(days) => days.normalize().to_string().replace('.', ","),
        ComparedValue::Date(date) => date.es_cl(),
        ComparedValue::DateRange { start, end } => {
            format!("{} - {}", start.es_cl(), end.es_cl())
        }
        ComparedValue::Absence(span) => format!(
            "{} ({} - {})",
            span.kind,
            span.start.es_cl(),
            span.end.es_cl()
        ),
        ComparedValue::Text(text) => text.to_string(),
        ComparedValue::Blank => String::new(),
        ComparedValue::Marker(marker) => marker.text().to_string(),
    }
}

/// What the list shows in its value columns for a discrepancy.
pub fn source_display(discrepancy: &Discrepancy) -> String {
    source_value(discrepancy)
        .map(display_value)
        .unwrap_or_default()
}

pub fn reported_display(discrepancy: &Discrepancy) -> String {
    reported_value(discrepancy)
        .map(display_value)
        .unwrap_or_default()
}

/// `diferencia` as the list shows it: `$ 463.721`, `-$ 1.200`, or nothing.
pub fn difference_display(discrepancy: &Discrepancy) -> String {
    discrepancy
        .difference
        .as_ref()
        .map(display_value)
        .unwrap_or_default()
}

/// Where the values come from, one line per side: `Libro de Remuneraciones · hoja Libro ·
/// fila 14`; nothing when no side has a row.
pub fn sources_display(discrepancy: &Discrepancy) -> Vec<String> {
    discrepancy
        .sources
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The "¿Quiso decir…?" line of a discrepancy with a suggested RUT, or nothing.
pub fn suggestion_display(discrepancy: &Discrepancy) -> String {
    discrepancy
        .suggestion
        .as_ref()
        .map(|suggestion| {
            crate::ui_text::did_you_mean(
                &suggestion.rut.to_string(),
                &suggestion.name,
                suggestion.reason.phrase(),
            )
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use cuadra_core::discrepancy::{AbsenceSpan, Marker};
    use cuadra_core::values::date::Date;
    use rust_decimal::Decimal;

    use cuadra_core::discrepancy::{Suggestion, SuggestionReason};
    use cuadra_core::generator::GeneratorOptions;
    use cuadra_core::values::rut::Rut;
    use cuadra_core::Settings;

    use super::super::test_rows::{generated_document, generated_documents, legacy, pesos, sample};
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("test date")
    }

    #[test]
    fn values_display_in_es_cl() {
        assert_eq!(display_value(&pesos("1234567")), "$ 1.234.567");
        assert_eq!(display_value(&pesos("-1200")), "-$ 1.200");
        assert_eq!(
            display_value(&ComparedValue::Marker(Marker::NotFound)),
            "No encontrado"
        );
        assert_eq!(
            display_value(&ComparedValue::Date(date("2025-03-04"))),
            "04-03-2025"
        );
        assert_eq!(
            display_value(&ComparedValue::Absence(Box::new(AbsenceSpan {
                kind: "Licencia Medica".into(),
                start: date("2025-03-03"),
                end: date("2025-03-07"),
            }))),
            "Licencia Medica (03-03-2025 - 07-03-2025)"
        );
        assert_eq!(
            display_value(&ComparedValue::Days(Decimal::from(5))),
            "5",
            "days are not pesos"
        );
        assert_eq!(
            display_value(&ComparedValue::text("2025-13-40")),
            "2025-13-40"
        );
        assert_eq!(display_value(&pesos("463721")), "$ 463.721");
        let rows = sample();
        assert_eq!(source_display(&rows[1]), "$ 806.843");
        assert_eq!(reported_display(&rows[1]), "$ 343.122");
        assert_eq!(source_display(&rows[5]), "04-03-2025");
        assert_eq!(reported_display(&rows[0]), "");
        assert_eq!(difference_display(&rows[1]), "$ 463.721");
        assert_eq!(difference_display(&rows[0]), "");
    }

    #[test]
    fn days_periods_and_cells_display_in_es_cl() {
        assert_eq!(
            display_value(&ComparedValue::days(Some(Decimal::new(5, 1)))),
            "0,5"
        );
        assert_eq!(display_value(&ComparedValue::days(None)), "");
        assert_eq!(
            display_value(&ComparedValue::DateRange {
                start: date("2025-03-03"),
                end: date("2025-03-07"),
            }),
            "03-03-2025 - 07-03-2025"
        );
        assert_eq!(
            display_value(&ComparedValue::Amount(Decimal::new(125, 1))),
            "$ 13",
            "a cell's amount shows as pesos, rounded"
        );
        assert_eq!(display_value(&ComparedValue::text("Operario")), "Operario");
    }

    /// Over generated closings holding every type, the typed rules show exactly what the
    /// string rules they replaced showed.
    #[test]
    fn the_list_shows_what_the_string_rules_showed() {
        for document in generated_documents() {
            for discrepancy in &document.discrepancies {
                let legacy_text = |value: Option<&ComparedValue>| {
                    value
                        .map(|value| legacy::display_value(discrepancy.group, &value.to_string()))
                        .unwrap_or_default()
                };
                assert_eq!(
                    source_display(discrepancy),
                    legacy_text(source_value(discrepancy))
                );
                assert_eq!(
                    reported_display(discrepancy),
                    legacy_text(reported_value(discrepancy))
                );
                assert_eq!(
                    difference_display(discrepancy),
                    discrepancy
                        .difference
                        .as_ref()
                        .map(|value| legacy::display_difference(&value.to_string()))
                        .unwrap_or_default()
                );
            }
        }
    }

    #[test]
    fn a_suggested_rut_reads_as_a_question() {
        let mut rows = sample();
        assert_eq!(suggestion_display(&rows[0]), "", "no suggestion, no line");
        rows[0].suggestion = Some(Suggestion {
            rut: Rut::parse("12345678-5").expect("valid RUT"),
            name: "Ana Soto Rojas".into(),
            reason: SuggestionReason::AdjacentDigitsSwapped,
        });
        assert_eq!(
            suggestion_display(&rows[0]),
            "¿Quiso decir 12345678-5, Ana Soto Rojas? (dígitos vecinos intercambiados)"
        );
        if let Some(suggestion) = rows[0].suggestion.as_mut() {
            suggestion.name.clear();
        }
        assert_eq!(
            suggestion_display(&rows[0]),
            "¿Quiso decir 12345678-5? (dígitos vecinos intercambiados)"
        );
    }

    /// Planted typos reach the list's line with the other side's RUT and the reason.
    #[test]
    fn planted_typos_show_their_true_rut() {
        let document = generated_document(
            &GeneratorOptions {
                rut_typos: 5,
                ..GeneratorOptions::sized(31, 300)
            },
            &Settings::default(),
        );
        let mut n_suggested = 0;
        for discrepancy in &document.discrepancies {
            let line = suggestion_display(discrepancy);
            match &discrepancy.suggestion {
                Some(suggestion) => {
                    n_suggested += 1;
                    assert!(line.starts_with("¿Quiso decir "), "{line}");
                    assert!(line.contains(&suggestion.rut.to_string()), "{line}");
                    assert!(line.contains(suggestion.reason.phrase()), "{line}");
                    assert_ne!(suggestion.rut, discrepancy.rut);
                }
                None => assert_eq!(line, ""),
            }
        }
        assert!(n_suggested >= 5, "{n_suggested} suggestions");
    }
}

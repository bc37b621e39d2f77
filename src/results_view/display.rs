//! es-CL display of a discrepancy's values in the list: pesos, days, dates, text.

use std::str::FromStr;

use cuadra_core::values::amount::format_es_cl;
use cuadra_core::values::date::Date;
use cuadra_core::{Discrepancy, Group};
use rust_decimal::Decimal;

pub(super) fn source_value(discrepancy: &Discrepancy) -> Option<&str> {
    discrepancy
        .valor_libro
        .as_deref()
        .or(discrepancy.valor_movimientos.as_deref())
}

pub(super) fn reported_value(discrepancy: &Discrepancy) -> Option<&str> {
    discrepancy
        .valor_novedades
        .as_deref()
        .or(discrepancy.valor_analista.as_deref())
}
/// `2025-03-04` (exactly) as a date.
pub(super) fn iso_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(idx, b)| idx == 4 || idx == 7 || b.is_ascii_digit());
    if !shape {
        return None;
    }
    let year = text[0..4].parse().ok()?;
    let month = text[5..7].parse().ok()?;
    let day = text[8..10].parse().ok()?;
    Date::new(year, month, day)
}

/// Rewrites every `YYYY-MM-DD` inside a text as es-CL `DD-MM-YYYY`.
fn dates_es_cl(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(date) = rest.get(..10).and_then(iso_date) {
            out.push_str(&date.es_cl());
            rest = &rest[10..];
        } else {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(c);
            }
            rest = chars.as_str();
        }
    }
    out
}

/// A value cell as the user reads it: pesos of the libro-vs-novedades group as
/// `$ 1.234.567`, other numbers (absence days) with a decimal comma (`0,5`), dates as
/// `04-03-2025`, anything else as it is.
pub fn display_value(group: Group, value: &str) -> String {
    if let Ok(number) = Decimal::from_str(value.trim()) {
        return match group {
            Group::PayrollVsChanges => format_es_cl(number),
            Group::MovementsVsAnalyst => number.normalize().to_string().replace('.', ","),
        };
    }
    dates_es_cl(value)
}

/// A difference in pesos as `$ 463.721` / `-$ 1.200`.
pub fn display_difference(value: &str) -> String {
    match Decimal::from_str(value.trim()) {
        Ok(pesos) => format_es_cl(pesos),
        Err(_) => value.to_string(),
    }
}

/// What the list shows in its value columns for a discrepancy.
pub fn source_display(discrepancy: &Discrepancy) -> String {
    source_value(discrepancy)
        .map(|value| display_value(discrepancy.group, value))
        .unwrap_or_default()
}

pub fn reported_display(discrepancy: &Discrepancy) -> String {
    reported_value(discrepancy)
        .map(|value| display_value(discrepancy.group, value))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::test_rows::sample;
    use super::*;

    #[test]
    fn values_display_in_es_cl() {
        assert_eq!(
            display_value(Group::PayrollVsChanges, "1234567"),
            "$ 1.234.567"
        );
        assert_eq!(display_value(Group::PayrollVsChanges, "-1200"), "-$ 1.200");
        assert_eq!(
            display_value(Group::PayrollVsChanges, "No encontrado"),
            "No encontrado"
        );
        assert_eq!(
            display_value(Group::MovementsVsAnalyst, "2025-03-04"),
            "04-03-2025"
        );
        assert_eq!(
            display_value(
                Group::MovementsVsAnalyst,
                "Licencia Medica (2025-03-03 - 2025-03-07)"
            ),
            "Licencia Medica (03-03-2025 - 07-03-2025)"
        );
        assert_eq!(
            display_value(Group::MovementsVsAnalyst, "5"),
            "5",
            "days are not pesos"
        );
        assert_eq!(
            display_value(Group::MovementsVsAnalyst, "2025-13-40"),
            "2025-13-40"
        );
        assert_eq!(display_difference("463721"), "$ 463.721");
        let rows = sample();
        assert_eq!(source_display(&rows[1]), "$ 806.843");
        assert_eq!(reported_display(&rows[1]), "$ 343.122");
        assert_eq!(source_display(&rows[5]), "04-03-2025");
        assert_eq!(reported_display(&rows[0]), "");
    }
}

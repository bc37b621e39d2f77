//! Worker 1: Libro de Remuneraciones vs Novedades (docs/rules.md).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::mapping::resolve_mapping;
use super::mapping_checks::{mapping_warnings, MappingWarning};
use super::suggest::{suggest, Candidate, OneSided};
use super::{base, who, GroupResult, NotCompared};
use crate::discrepancy::{
    sort_discrepancies, ComparedValue, Discrepancy, DiscrepancyKind, Marker, SourceRow,
};
use crate::model::{ConceptValue, PayrollBook, PayrollBookEmployee, PayrollChanges};
use crate::settings::Settings;
use crate::slot::Slot;
use crate::values::amount::{format_es_cl, round_pesos};
use crate::values::rut::Rut;
use crate::values::text::normalize_header;

/// Worker 1: Libro vs Novedades.
pub fn compare_payroll_vs_changes(
    book: &PayrollBook,
    changes: Option<&PayrollChanges>,
    settings: &Settings,
) -> GroupResult {
    let mut result = GroupResult::default();
    let Some(changes) = changes else {
        result.notes.push(
            "No se cargó el archivo de Novedades: la comparación Libro vs Novedades no \
             produce discrepancias."
                .to_string(),
        );
        result.not_compared = Some(NotCompared::NoPayrollChanges);
        return result;
    };

    let mapping = resolve_mapping(&changes.concepts, &book.concepts, settings);
    if !mapping.unmapped.is_empty() {
        result.notes.push(format!(
            "Conceptos de Novedades sin asignación (no se comparan): {}.",
            mapping.unmapped.join(", ")
        ));
    }
    for (header, target) in &mapping.missing_targets {
        result.notes.push(format!(
            "El concepto «{header}» está asignado a «{target}», que no existe en el Libro de \
             Remuneraciones; no se compara."
        ));
    }
    // Mappings that are probably mistakes: the run goes ahead, and its notes say so.
    let warnings = mapping_warnings(
        &mapping,
        &changes.concepts,
        &book.concepts,
        &changes.column_profiles(),
        &book.column_profiles(),
    );
    // Headers sharing a concept are warned beside each row; a note says it once.
    let mut shared = BTreeSet::new();
    for (changes_idx, warning) in warnings {
        if let MappingWarning::SharedTarget { concept, .. } = &warning {
            if !shared.insert(concept.clone()) {
                continue;
            }
        }
        result
            .notes
            .push(warning.message(&changes.concepts[changes_idx]));
    }
    if mapping.pairs.is_empty() {
        result.notes.push(
            "Ningún concepto de Novedades está asignado a un concepto del Libro de \
             Remuneraciones: no se comparó ningún monto."
                .to_string(),
        );
        result.not_compared = Some(NotCompared::NoConceptMapped);
    }
    let tolerances: Vec<Tolerance> = changes
        .concepts
        .iter()
        .map(|header| Tolerance::for_concept(header, settings))
        .collect();

    // Lookup only: iteration order never comes from this map.
    let book_by_rut: BTreeMap<Rut, &PayrollBookEmployee> = book
        .employees
        .iter()
        .map(|employee| (employee.rut, employee))
        .collect();
    let mut changes_ruts = BTreeSet::new();
    let book_row = |row: u32| SourceRow::new(Slot::PayrollBook, &book.sheet, row);
    let changes_row = |row: u32| SourceRow::new(Slot::PayrollChanges, &changes.sheet, row);

    for employee in &changes.employees {
        changes_ruts.insert(employee.rut);
        let Some(book_employee) = book_by_rut.get(&employee.rut) else {
            result.discrepancies.push(Discrepancy {
                description: format!(
                    "{} figura en Novedades pero no en el Libro de Remuneraciones.",
                    who(&employee.name, employee.rut)
                ),
                valor_libro: Some(ComparedValue::Marker(Marker::NotFound)),
                sources: vec![changes_row(employee.row_number)],
                ..base(
                    DiscrepancyKind::EmployeeOnlyInChanges,
                    employee.rut,
                    &employee.name,
                )
            });
            continue;
        };
        let name = if book_employee.name.trim().is_empty() {
            &employee.name
        } else {
            &book_employee.name
        };
        for &(changes_idx, book_idx) in &mapping.pairs {
            let changes_value = employee
                .values
                .get(changes_idx)
                .unwrap_or(&ConceptValue::Empty);
            if !is_novelty(changes_value, settings) {
                continue;
            }
            let book_value = book_employee
                .values
                .get(book_idx)
                .unwrap_or(&ConceptValue::Empty);
            let header = &changes.concepts[changes_idx];
            let concept = &book.concepts[book_idx];
            if let Some(mut discrepancy) = compare_values(
                ConceptCell {
                    header,
                    concept,
                    book_value,
                    changes_value,
                },
                tolerances[changes_idx],
                employee.rut,
                name,
            ) {
                discrepancy.sources = vec![
                    book_row(book_employee.row_number),
                    changes_row(employee.row_number),
                ];
                result.discrepancies.push(discrepancy);
            }
        }
    }

    if settings.report_only_in_payroll {
        for employee in &book.employees {
            if changes_ruts.contains(&employee.rut) {
                continue;
            }
            result.discrepancies.push(Discrepancy {
                description: format!(
                    "{} figura en el Libro de Remuneraciones pero no en Novedades.",
                    who(&employee.name, employee.rut)
                ),
                valor_novedades: Some(ComparedValue::Marker(Marker::NotFound)),
                sources: vec![book_row(employee.row_number)],
                ..base(
                    DiscrepancyKind::EmployeeOnlyInPayroll,
                    employee.rut,
                    &employee.name,
                )
            });
        }
    }

    // Each side's employees the other lacks are the candidates for the other's suggestions.
    suggest(
        &mut result.discrepancies,
        OneSided {
            kind: DiscrepancyKind::EmployeeOnlyInChanges,
            ruts: changes
                .employees
                .iter()
                .filter(|employee| !book_by_rut.contains_key(&employee.rut))
                .map(|employee| Candidate {
                    rut: employee.rut,
                    name: &employee.name,
                }),
        },
        OneSided {
            kind: DiscrepancyKind::EmployeeOnlyInPayroll,
            ruts: book
                .employees
                .iter()
                .filter(|employee| !changes_ruts.contains(&employee.rut))
                .map(|employee| Candidate {
                    rut: employee.rut,
                    name: &employee.name,
                }),
        },
    );
    sort_discrepancies(&mut result.discrepancies);
    result
}

/// How far apart libro and novedades may be for one concept before it is reported: an
/// absolute part in whole pesos and a relative part as a fraction of `|novedades|`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tolerance {
    absolute: Decimal,
    /// The percentage divided by 100 (`0.025` for 2.5 %).
    relative: Decimal,
}

impl Tolerance {
    /// The concept's tolerances (each keyed by novedades header, exact, else normalised);
    /// the absolute one falls back to the global `tolerancia`, the relative one to none.
    fn for_concept(header: &str, settings: &Settings) -> Tolerance {
        let absolute = per_concept(&settings.tolerance_per_concept, header)
            .copied()
            .unwrap_or(settings.tolerance);
        let percent = per_concept(&settings.relative_tolerance_per_concept, header)
            .copied()
            .unwrap_or(Decimal::ZERO);
        Tolerance {
            absolute: Decimal::from(absolute),
            relative: percent / Decimal::ONE_HUNDRED,
        }
    }

    /// Whether a whole-peso difference is within `absolute + relative·|novedades|`. The
    /// bound is exact, never rounded: a difference equal to it is not reported, and since
    /// the difference is whole pesos, anything above it is at least one peso more.
    fn allows(self, difference: Decimal, changes_pesos: Decimal) -> bool {
        let bound = if self.relative.is_zero() {
            self.absolute
        } else {
            // `checked_mul` only fails beyond 7.9e28: such a bound allows every payroll
            // difference there is.
            match self.relative.checked_mul(changes_pesos.abs()) {
                Some(relative) => self.absolute.saturating_add(relative),
                None => Decimal::MAX,
            }
        };
        difference.abs() <= bound
    }
}

/// A per-concept entry for a novedades header: exact key first, then by header matching.
fn per_concept<'a, T>(map: &'a BTreeMap<String, T>, header: &str) -> Option<&'a T> {
    if let Some(value) = map.get(header) {
        return Some(value);
    }
    let key = normalize_header(header);
    map.iter()
        .find(|(other, _)| normalize_header(other) == key)
        .map(|(_, value)| value)
}

/// A novedades cell carries something to compare: not blank/marker, and not a 0 unless the
/// user asked for zeros to be compared.
fn is_novelty(value: &ConceptValue, settings: &Settings) -> bool {
    match value {
        ConceptValue::Empty => false,
        ConceptValue::Amount(amount) => settings.zero_is_novelty || !amount.is_zero(),
        ConceptValue::Text(text) => !text.trim().is_empty(),
    }
}

/// `Sueldo Base` or one of its repetitions `Sueldo Base.N`.
fn is_base_salary(concept: &str) -> bool {
    let key = normalize_header(concept);
    match key.strip_prefix("sueldo base") {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('.')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

struct ConceptCell<'a> {
    header: &'a str,
    concept: &'a str,
    book_value: &'a ConceptValue,
    changes_value: &'a ConceptValue,
}

fn compare_values(
    cell: ConceptCell<'_>,
    tolerance: Tolerance,
    rut: Rut,
    name: &str,
) -> Option<Discrepancy> {
    // Built only when there is something to report: this runs once per compared cell.
    let concept_label = || format!("{} → {}", cell.header, cell.concept);
    let book_amount = match cell.book_value {
        ConceptValue::Empty => Some(Decimal::ZERO),
        ConceptValue::Amount(amount) => Some(*amount),
        ConceptValue::Text(_) => None,
    };
    let changes_amount = match cell.changes_value {
        ConceptValue::Amount(amount) => Some(*amount),
        _ => None,
    };
    if let (Some(book_amount), Some(changes_amount)) = (book_amount, changes_amount) {
        if book_amount == changes_amount {
            return None;
        }
        let book_pesos = round_pesos(book_amount);
        let changes_pesos = round_pesos(changes_amount);
        let difference = book_pesos - changes_pesos;
        if tolerance.allows(difference, changes_pesos) {
            return None;
        }
        let kind = if is_base_salary(cell.concept) {
            DiscrepancyKind::BaseSalaryDiffers
        } else {
            DiscrepancyKind::ConceptAmountDiffers
        };
        return Some(Discrepancy {
            description: format!(
                "{}: «{}» es {} en el Libro de Remuneraciones y {} en Novedades (diferencia {}).",
                who(name, rut),
                cell.header,
                format_es_cl(book_pesos),
                format_es_cl(changes_pesos),
                format_es_cl(difference)
            ),
            concept: Some(concept_label()),
            // Already whole pesos: `round_pesos` rounded both sides.
            valor_libro: Some(ComparedValue::Pesos(book_pesos)),
            valor_novedades: Some(ComparedValue::Pesos(changes_pesos)),
            difference: Some(ComparedValue::pesos(difference)),
            ..base(kind, rut, name)
        });
    }
    // Either side is text: compare what the user sees, trimmed.
    let book_text = value_text(cell.book_value);
    let changes_text = value_text(cell.changes_value);
    if book_text == changes_text {
        return None;
    }
    let shown = |text: &str| {
        if text.is_empty() {
            "vacío".to_string()
        } else {
            format!("«{text}»")
        }
    };
    Some(Discrepancy {
        description: format!(
            "{}: «{}» es {} en el Libro de Remuneraciones y {} en Novedades.",
            who(name, rut),
            cell.header,
            shown(&book_text),
            shown(&changes_text)
        ),
        concept: Some(concept_label()),
        valor_libro: Some(ComparedValue::cell(cell.book_value)),
        valor_novedades: Some(ComparedValue::cell(cell.changes_value)),
        ..base(DiscrepancyKind::ConceptAmountDiffers, rut, name)
    })
}

/// A cell as text: amounts without trailing zeros (`806843`, `12.5`), texts trimmed.
fn value_text(value: &ConceptValue) -> String {
    match value {
        ConceptValue::Empty => String::new(),
        ConceptValue::Amount(amount) => amount.normalize().to_string(),
        ConceptValue::Text(text) => text.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::is_base_salary;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn base_salary_columns() {
        assert!(is_base_salary("Sueldo Base"));
        assert!(is_base_salary("SUELDO  BASE.1"));
        assert!(is_base_salary("Sueldo Base.12"));
        assert!(!is_base_salary("Sueldo Base Proporcional"));
        assert!(!is_base_salary("Sueldo Base."));
        assert!(!is_base_salary("Bono"));
    }
}

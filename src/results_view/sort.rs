//! Sorting the list by one column: stable, in both directions, blanks last.

use std::cmp::Ordering;

use cuadra_core::discrepancy::ComparedValue;
use cuadra_core::values::date::Date;
use cuadra_core::Discrepancy;
use rust_decimal::Decimal;

use super::display::{reported_value, source_value};
use super::fold;

/// A sortable column of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Kind,
    Rut,
    Name,
    Concept,
    /// `valor_libro` or `valor_movimientos`: what the HR system says.
    SourceValue,
    /// `valor_novedades` or `valor_analista`: what the analyst reported.
    ReportedValue,
    Difference,
    EventDate,
    Status,
    /// `diferencia` by its absolute value: the largest differences, of either sign,
    /// together. Not a header of its own: the list's "mayor diferencia" button sorts by it.
    AbsDifference,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Kind,
        Column::Rut,
        Column::Name,
        Column::Concept,
        Column::SourceValue,
        Column::ReportedValue,
        Column::Difference,
        Column::EventDate,
        Column::Status,
    ];

    /// Every sort key: the headers, then the ones sorted from elsewhere.
    pub const SORT_KEYS: [Column; 10] = [
        Column::Kind,
        Column::Rut,
        Column::Name,
        Column::Concept,
        Column::SourceValue,
        Column::ReportedValue,
        Column::Difference,
        Column::EventDate,
        Column::Status,
        Column::AbsDifference,
    ];

    /// Right-aligned numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Column::SourceValue
                | Column::ReportedValue
                | Column::Difference
                | Column::AbsDifference
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    /// The `aria-sort` value.
    pub fn aria(self) -> &'static str {
        match self {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub direction: Direction,
}

impl Sort {
    /// The sort after clicking `column`'s header: ascending first, then descending, then
    /// back to the document's order.
    pub fn after_click(current: Option<Sort>, column: Column) -> Option<Sort> {
        match current {
            Some(Sort {
                column: current_column,
                direction,
            }) if current_column == column => match direction {
                Direction::Ascending => Some(Sort {
                    column,
                    direction: Direction::Descending,
                }),
                Direction::Descending => None,
            },
            _ => Some(Sort {
                column,
                direction: Direction::Ascending,
            }),
        }
    }

    /// The largest absolute difference first (blanks last).
    pub const LARGEST_DIFFERENCE: Sort = Sort {
        column: Column::AbsDifference,
        direction: Direction::Descending,
    };

    /// `aria-sort` for a header.
    pub fn aria_for(current: Option<Sort>, column: Column) -> &'static str {
        match current {
            Some(sort) if sort.column == column => sort.direction.aria(),
            _ => "none",
        }
    }
}

/// A value cell as a sort key: numbers before dates before text (empty cells are `None`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum ValueKey {
    Number(Decimal),
    Date(Date),
    Text(String),
}

impl ValueKey {
    fn of(value: Option<&ComparedValue>) -> Option<ValueKey> {
        Some(match value? {
            ComparedValue::Pesos(number)
            | ComparedValue::Amount(number)
            | ComparedValue::Days(number) => ValueKey::Number(*number),
            ComparedValue::Date(date) => ValueKey::Date(*date),
            ComparedValue::Blank => return None,
            ComparedValue::Text(text) => {
                let text = text.trim();
                if text.is_empty() {
                    return None;
                }
                ValueKey::Text(fold(text))
            }
            ComparedValue::Marker(marker) => ValueKey::Text(fold(marker.text())),
            // A period or an absence sorts among the text, by the document's text: an
            // absence by its type, then its dates; a period by its dates (ISO sorts in time).
            span @ (ComparedValue::DateRange { .. } | ComparedValue::Absence(_)) => {
                ValueKey::Text(fold(&span.to_string()))
            }
        })
    }
}

pub(super) fn sort_indices(discrepancies: &[Discrepancy], indices: &mut [usize], sort: Sort) {
    let at = |idx: usize| &discrepancies[idx];
    let directed = |ordering: Ordering| match sort.direction {
        Direction::Ascending => ordering,
        Direction::Descending => ordering.reverse(),
    };
    // Cheap keys compare in place; keys that need folding are computed once.
    match sort.column {
        Column::Kind => indices.sort_by(|a, b| directed(at(*a).kind.cmp(&at(*b).kind))),
        Column::Rut => indices.sort_by(|a, b| directed(at(*a).rut.cmp(&at(*b).rut))),
        Column::Status => indices.sort_by(|a, b| directed(at(*a).status.cmp(&at(*b).status))),
        Column::EventDate => {
            indices.sort_by(|a, b| blanks_last(at(*a).event_date, at(*b).event_date, directed))
        }
        Column::Name => sort_by_key(
            indices,
            |idx| Some(fold(&at(idx).name)).filter(|name| !name.trim().is_empty()),
            directed,
        ),
        Column::Concept => sort_by_key(
            indices,
            |idx| at(idx).concept.as_deref().map(fold),
            directed,
        ),
        Column::SourceValue => {
            sort_by_key(indices, |idx| ValueKey::of(source_value(at(idx))), directed)
        }
        Column::ReportedValue => sort_by_key(
            indices,
            |idx| ValueKey::of(reported_value(at(idx))),
            directed,
        ),
        Column::Difference => sort_by_key(
            indices,
            |idx| ValueKey::of(at(idx).difference.as_ref()),
            directed,
        ),
        Column::AbsDifference => sort_by_key(
            indices,
            |idx| match at(idx).difference {
                Some(
                    ComparedValue::Pesos(amount)
                    | ComparedValue::Amount(amount)
                    | ComparedValue::Days(amount),
                ) => Some(amount.abs()),
                _ => None,
            },
            directed,
        ),
    }
}

/// Orders two optional keys: present ones by `directed`, blanks last in both directions.
fn blanks_last<K: Ord>(
    a: Option<K>,
    b: Option<K>,
    directed: impl Fn(Ordering) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(&b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Stable sort by a computed key (blanks last), computing each key once.
fn sort_by_key<K: Ord>(
    indices: &mut [usize],
    key: impl Fn(usize) -> Option<K>,
    directed: impl Fn(Ordering) -> Ordering + Copy,
) {
    let mut keyed: Vec<(Option<K>, usize)> = indices.iter().map(|idx| (key(*idx), *idx)).collect();
    keyed.sort_by(|a, b| blanks_last(a.0.as_ref(), b.0.as_ref(), directed));
    for (slot, (_, idx)) in indices.iter_mut().zip(keyed) {
        *slot = idx;
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_rows::{generated_documents, legacy, sample, sorted};
    use super::*;
    use cuadra_core::DiscrepancyStatus;

    #[test]
    fn sorting_is_stable_in_both_directions() {
        let rows = sample();
        // Kind: the three concept rows tie and keep the document's order both ways.
        assert_eq!(
            sorted(&rows, Column::Kind, Direction::Ascending),
            vec![0, 1, 2, 3, 4, 5, 6]
        );
        assert_eq!(
            sorted(&rows, Column::Kind, Direction::Descending),
            vec![6, 5, 4, 1, 2, 3, 0]
        );
        assert_eq!(
            sorted(&rows, Column::Rut, Direction::Ascending),
            vec![0, 1, 6, 2, 4, 3, 5]
        );
        // Accents fold: Ana Núñez sorts under a; the two Luis Soto rows keep their order.
        assert_eq!(
            sorted(&rows, Column::Name, Direction::Ascending),
            vec![5, 0, 1, 6, 2, 4, 3]
        );
        assert_eq!(
            sorted(&rows, Column::Name, Direction::Descending),
            vec![3, 2, 4, 1, 6, 0, 5]
        );
    }

    #[test]
    fn sorting_by_amount_is_numeric_with_blanks_last() {
        let rows = sample();
        // Differences: 463721, -200, -0.4; the rest have none.
        assert_eq!(
            sorted(&rows, Column::Difference, Direction::Ascending),
            vec![2, 3, 1, 0, 4, 5, 6]
        );
        assert_eq!(
            sorted(&rows, Column::Difference, Direction::Descending),
            vec![1, 3, 2, 0, 4, 5, 6],
            "blanks stay last when descending"
        );
        // Source values: numbers (1000 < 50000 < 806843), then the date, then the text.
        assert_eq!(
            sorted(&rows, Column::SourceValue, Direction::Ascending),
            vec![2, 3, 1, 5, 6, 0, 4]
        );
        assert_eq!(
            sorted(&rows, Column::EventDate, Direction::Ascending),
            vec![6, 5, 0, 1, 2, 3, 4]
        );
        assert_eq!(
            sorted(&rows, Column::EventDate, Direction::Descending),
            vec![5, 6, 0, 1, 2, 3, 4],
            "rows without a date stay last"
        );
    }

    #[test]
    fn sorting_by_absolute_difference_puts_large_negatives_first() {
        let mut rows = sample();
        // Differences: 463721, -200, -0.4, and now -900000 on the hire row.
        rows[5].difference = Some(ComparedValue::Pesos(Decimal::from(-900_000)));
        assert_eq!(
            sorted(&rows, Column::AbsDifference, Direction::Descending),
            vec![5, 1, 2, 3, 0, 4, 6],
            "largest absolute first, blanks last"
        );
        assert_eq!(
            sorted(&rows, Column::AbsDifference, Direction::Ascending),
            vec![3, 2, 1, 5, 0, 4, 6]
        );
        // The signed sort reads the same rows otherwise.
        assert_eq!(
            sorted(&rows, Column::Difference, Direction::Descending),
            vec![1, 3, 2, 5, 0, 4, 6]
        );
        assert_eq!(
            Sort::aria_for(Some(Sort::LARGEST_DIFFERENCE), Column::Difference),
            "none"
        );
        assert_eq!(
            Sort::after_click(Some(Sort::LARGEST_DIFFERENCE), Column::Difference),
            Some(Sort {
                column: Column::Difference,
                direction: Direction::Ascending
            })
        );
    }

    #[test]
    fn sorting_by_status_after_edits() {
        let mut rows = sample();
        rows[4].status = DiscrepancyStatus::Corrected;
        rows[1].status = DiscrepancyStatus::Justified;
        assert_eq!(
            sorted(&rows, Column::Status, Direction::Ascending),
            vec![0, 2, 3, 5, 6, 1, 4]
        );
    }

    #[test]
    fn header_clicks_cycle_ascending_descending_none() {
        let first = Sort::after_click(None, Column::Rut);
        assert_eq!(
            first,
            Some(Sort {
                column: Column::Rut,
                direction: Direction::Ascending
            })
        );
        let second = Sort::after_click(first, Column::Rut);
        assert_eq!(Sort::aria_for(second, Column::Rut), "descending");
        assert_eq!(Sort::aria_for(second, Column::Name), "none");
        assert_eq!(Sort::after_click(second, Column::Rut), None);
        assert_eq!(
            Sort::after_click(second, Column::Name).map(|sort| sort.column),
            Some(Column::Name)
        );
    }

    /// Over generated closings holding every type, sorting by a value column gives the
    /// order the string rules gave (trial parsing as a number, then as a date), both ways.
    #[test]
    fn value_columns_sort_as_the_string_rules_sorted() {
        fn text(value: Option<&ComparedValue>) -> Option<String> {
            value.map(ComparedValue::to_string)
        }
        type ColumnText = fn(&Discrepancy) -> Option<String>;
        let columns: [(Column, ColumnText); 3] = [
            (Column::SourceValue, |d| text(source_value(d))),
            (Column::ReportedValue, |d| text(reported_value(d))),
            (Column::Difference, |d| text(d.difference.as_ref())),
        ];
        for document in generated_documents() {
            let rows = &document.discrepancies;
            for (column, legacy_text) in columns {
                for direction in [Direction::Ascending, Direction::Descending] {
                    let mut expected: Vec<usize> = (0..rows.len()).collect();
                    let keys: Vec<_> = rows
                        .iter()
                        .map(|d| legacy::value_key(legacy_text(d).as_deref()))
                        .collect();
                    expected.sort_by(|a, b| {
                        blanks_last(
                            keys[*a].as_ref(),
                            keys[*b].as_ref(),
                            |ordering| match direction {
                                Direction::Ascending => ordering,
                                Direction::Descending => ordering.reverse(),
                            },
                        )
                    });
                    assert_eq!(
                        sorted(rows, column, direction),
                        expected,
                        "{column:?} {direction:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn numbers_then_dates_then_text_then_blanks() {
        let mut rows = sample();
        // Days, a text cell, a marker, a blank cell and a period beside the sample's values.
        rows[0].valor_libro = Some(ComparedValue::Marker(
            cuadra_core::discrepancy::Marker::NotFound,
        ));
        rows[4].valor_libro = Some(ComparedValue::Blank);
        let mut days = rows[5].clone();
        days.valor_movimientos = Some(ComparedValue::Days(Decimal::new(5, 1)));
        let mut period = rows[5].clone();
        period.valor_movimientos = Some(ComparedValue::DateRange {
            start: Date::new(2025, 3, 1).expect("valid date"),
            end: Date::new(2025, 3, 2).expect("valid date"),
        });
        let mut cell = rows[1].clone();
        cell.valor_libro = Some(ComparedValue::text("Operario"));
        rows.extend([days, period, cell]);
        // 0.5 < 1000 < 50000 < 806843; the date; then text folded: the period's
        // `2025-03-01 - …`, `licencia medica (…)`, `no encontrado`, `operario`; the blank.
        assert_eq!(
            sorted(&rows, Column::SourceValue, Direction::Ascending),
            vec![7, 2, 3, 1, 5, 8, 6, 0, 9, 4]
        );
        assert_eq!(
            sorted(&rows, Column::SourceValue, Direction::Descending),
            vec![9, 0, 6, 8, 5, 1, 3, 2, 7, 4],
            "the blank stays last"
        );
    }
}

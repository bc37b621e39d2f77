//! Sorting the list by one column: stable, in both directions, blanks last.

use std::cmp::Ordering;
use std::str::FromStr;

use cuadra_core::values::date::Date;
use cuadra_core::Discrepancy;
use rust_decimal::Decimal;

use super::display::{iso_date, reported_value, source_value};
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

    /// Right-aligned numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Column::SourceValue | Column::ReportedValue | Column::Difference
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
    fn of(value: Option<&str>) -> Option<ValueKey> {
        let value = value.map(str::trim).filter(|value| !value.is_empty())?;
        if let Ok(number) = Decimal::from_str(value) {
            return Some(ValueKey::Number(number));
        }
        if let Some(date) = iso_date(value) {
            return Some(ValueKey::Date(date));
        }
        Some(ValueKey::Text(fold(value)))
    }
}

pub(super) fn sort_indices(discrepancies: &[Discrepancy], indices: &mut [usize], sort: Sort) {
    let at = |idx: usize| &discrepancies[idx];
    let directed = |ordering: Ordering| match sort.direction {
        Direction::Ascending => ordering,
        Direction::Descending => ordering.reverse(),
    };
    // Cheap keys compare in place; keys that need parsing or folding are computed once.
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
            |idx| ValueKey::of(at(idx).difference.as_deref()),
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
    use super::super::test_rows::{sample, sorted};
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
}

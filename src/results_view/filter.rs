//! Which rows the list shows: the user's filter (group, type, estado, free text) over
//! indices into the document, then the chosen sort.

use cuadra_core::{Discrepancy, DiscrepancyKind, DiscrepancyStatus, Group};

use super::fold;
use super::sort::{sort_indices, Sort};

/// What the user narrowed the list to. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub group: Option<Group>,
    pub kind: Option<DiscrepancyKind>,
    pub status: Option<DiscrepancyStatus>,
    /// Free text matched against RUT, name and concept.
    pub text: String,
}

/// The free text prepared once per filtering, not once per row.
struct Needle {
    /// Lower-case, accents folded; matched against name and concept.
    folded: String,
    /// Only the RUT characters (digits and `k`), when the text could be (part of) a RUT.
    rut_chars: Option<String>,
}

impl Needle {
    fn new(text: &str) -> Option<Needle> {
        let folded = fold(text.trim());
        if folded.is_empty() {
            return None;
        }
        let looks_like_rut = folded
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ' ' | 'k'));
        let rut_chars = looks_like_rut
            .then(|| {
                folded
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == 'k')
                    .collect::<String>()
            })
            .filter(|chars| !chars.is_empty());
        Some(Needle { folded, rut_chars })
    }

    fn matches(&self, discrepancy: &Discrepancy) -> bool {
        if let Some(rut_chars) = &self.rut_chars {
            let rut = discrepancy.rut;
            let compact = format!("{}{}", rut.number, rut.check_digit.to_ascii_lowercase());
            if compact.contains(rut_chars.as_str()) {
                return true;
            }
        }
        fold(&discrepancy.name).contains(&self.folded)
            || discrepancy
                .concept
                .as_deref()
                .is_some_and(|concept| fold(concept).contains(&self.folded))
    }
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self == &Filter::default()
    }
}
/// The rows to show, as indices into `discrepancies`: those matching `filter`, in the
/// document's order or sorted by one column (stable: ties keep the document's order, in
/// both directions).
pub fn visible_indices(
    discrepancies: &[Discrepancy],
    filter: &Filter,
    sort: Option<Sort>,
) -> Vec<usize> {
    let needle = Needle::new(&filter.text);
    let mut indices: Vec<usize> = discrepancies
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            filter.group.is_none_or(|group| d.group == group)
                && filter.kind.is_none_or(|kind| d.kind == kind)
                && filter.status.is_none_or(|status| d.status == status)
                && needle.as_ref().is_none_or(|needle| needle.matches(d))
        })
        .map(|(idx, _)| idx)
        .collect();
    if let Some(sort) = sort {
        sort_indices(discrepancies, &mut indices, sort);
    }
    indices
}

#[cfg(test)]
mod tests {
    use super::super::test_rows::{amount, filter, rut, sample, sorted};
    use super::*;
    use crate::results_view::{Column, Direction};

    #[test]
    fn an_empty_filter_keeps_every_row_in_document_order() {
        let rows = sample();
        assert_eq!(
            visible_indices(&rows, &filter(), None),
            vec![0, 1, 2, 3, 4, 5, 6]
        );
        assert!(filter().is_empty());
    }

    #[test]
    fn filter_by_group_kind_and_status() {
        let mut rows = sample();
        let by_group = Filter {
            group: Some(Group::MovementsVsAnalyst),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &by_group, None), vec![5, 6]);
        let by_kind = Filter {
            kind: Some(DiscrepancyKind::ConceptAmountDiffers),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &by_kind, None), vec![1, 2, 3]);
        rows[2].status = DiscrepancyStatus::Justified;
        rows[6].status = DiscrepancyStatus::Justified;
        let by_status = Filter {
            status: Some(DiscrepancyStatus::Justified),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &by_status, None), vec![2, 6]);
        let combined = Filter {
            kind: Some(DiscrepancyKind::ConceptAmountDiffers),
            status: Some(DiscrepancyStatus::Pending),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &combined, None), vec![1, 3]);
        let contradictory = Filter {
            group: Some(Group::PayrollVsChanges),
            kind: Some(DiscrepancyKind::HireDateDiffers),
            ..filter()
        };
        assert!(visible_indices(&rows, &contradictory, None).is_empty());
    }

    #[test]
    fn free_text_finds_rut_in_any_shape_name_without_accents_and_concept() {
        let rows = sample();
        let text = |text: &str| Filter {
            text: text.to_string(),
            ..filter()
        };
        let shown = rut(13_000_000).to_string();
        assert_eq!(visible_indices(&rows, &text(&shown), None), vec![2, 4]);
        assert_eq!(
            visible_indices(&rows, &text(&rut(13_000_000).dotted()), None),
            vec![2, 4]
        );
        assert_eq!(visible_indices(&rows, &text("13000000"), None), vec![2, 4]);
        assert_eq!(visible_indices(&rows, &text("  jose "), None), vec![0]);
        assert_eq!(visible_indices(&rows, &text("NUÑEZ"), None), vec![5]);
        assert_eq!(
            visible_indices(&rows, &text("producción"), None),
            vec![1, 3]
        );
        assert_eq!(visible_indices(&rows, &text("viaticos"), None), vec![2]);
        assert!(visible_indices(&rows, &text("nadie"), None).is_empty());
        assert_eq!(visible_indices(&rows, &text("   "), None).len(), 7);
    }

    #[test]
    fn filtering_and_sorting_a_hundred_thousand_rows() {
        let rows: Vec<Discrepancy> = (0..100_000u32)
            .map(|idx| {
                amount(
                    10_000_000 + idx,
                    "Persona",
                    "Bono → Bono",
                    "1000",
                    &idx.to_string(),
                )
            })
            .collect();
        let all = visible_indices(&rows, &filter(), None);
        assert_eq!(all.len(), 100_000);
        let one = Filter {
            text: rut(10_054_321).to_string(),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &one, None), vec![54_321]);
        let by_difference = sorted(&rows, Column::Difference, Direction::Ascending);
        assert_eq!(by_difference[0], 99_999);
        assert_eq!(by_difference[99_999], 0);
    }
}

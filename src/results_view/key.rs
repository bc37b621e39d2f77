//! When the list's rows must be computed again: the key its filter and sort run under.

use super::{Column, Filter, Sort};

/// Everything the list's rows depend on. Filtering and sorting 100,000 rows runs only when
/// this changes: a new document, another filter or sort, or — only while the filter or the
/// sort looks at estados — an estado edit. Notes, progress messages and the rest of the
/// session never reach it (the free text matches RUT, name and concept, never a note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListKey {
    document: u32,
    filter: Filter,
    sort: Option<Sort>,
    /// The estados' revision, while the rows depend on estados.
    statuses: Option<u32>,
}

impl ListKey {
    /// `document` and `statuses` are the session's `ResultRevision` fields of those names,
    /// taken apart so that the view model does not depend on the session; the notes'
    /// revision is not asked for because no filter reads a note.
    pub fn new(document: u32, statuses: u32, filter: &Filter, sort: Option<Sort>) -> ListKey {
        let reads_statuses =
            filter.status.is_some() || sort.is_some_and(|sort| sort.column == Column::Status);
        ListKey {
            document,
            filter: filter.clone(),
            sort,
            statuses: reads_statuses.then_some(statuses),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results_view::Direction;
    use cuadra_core::DiscrepancyStatus;

    /// A document's revision as the session counts it: (document, statuses, notes).
    fn revision(document: u32, statuses: u32, notes: u32) -> (u32, u32, u32) {
        (document, statuses, notes)
    }

    fn by(column: Column) -> Option<Sort> {
        Some(Sort {
            column,
            direction: Direction::Ascending,
        })
    }

    #[test]
    fn edits_reach_the_list_only_while_it_looks_at_estados() {
        let plain = Filter::default();
        let pending = Filter {
            status: Some(DiscrepancyStatus::Pending),
            ..Filter::default()
        };
        let key = |(document, statuses, _notes): (u32, u32, u32), filter: &Filter, sort| {
            ListKey::new(document, statuses, filter, sort)
        };
        let before = revision(1, 0, 0);
        let after_note = revision(1, 0, 1);
        let after_status = revision(1, 1, 1);

        // No estado in the filter or the sort: no edit changes the key.
        for sort in [None, by(Column::Rut), by(Column::Difference)] {
            assert_eq!(key(before, &plain, sort), key(after_note, &plain, sort));
            assert_eq!(key(before, &plain, sort), key(after_status, &plain, sort));
        }
        // An estado filter or sort: an estado edit does, a note edit does not.
        for (filter, sort) in [(&pending, None), (&plain, by(Column::Status))] {
            assert_eq!(key(before, filter, sort), key(after_note, filter, sort));
            assert_ne!(key(before, filter, sort), key(after_status, filter, sort));
        }
        // A new document, another filter or sort always does.
        assert_ne!(
            key(before, &plain, None),
            key(revision(2, 0, 0), &plain, None)
        );
        assert_ne!(key(before, &plain, None), key(before, &pending, None));
        assert_ne!(
            key(before, &plain, None),
            key(before, &plain, by(Column::Name))
        );
        let text = Filter {
            text: "soto".into(),
            ..Filter::default()
        };
        assert_ne!(key(before, &plain, None), key(before, &text, None));
    }
}

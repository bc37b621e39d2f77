//! Bulk estados and "Deshacer": one action sets the estado of many discrepancies (the rows
//! the list's filters show), and the last change, single or bulk, can be undone, putting
//! back the estados and notes exactly as they were. Only the last change is kept, and only
//! for the document it was made on: a new run or a restored closing forgets it.

use cuadra_core::DiscrepancyStatus;

use super::Session;

/// One discrepancy as it was before a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Before {
    pub idx: usize,
    pub status: DiscrepancyStatus,
    pub note: Option<String>,
}

/// The last change the user made, as what it replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    /// The document revision it was made on; undoing it on another document means nothing.
    document: u32,
    before: Vec<Before>,
}

impl LastChange {
    pub(super) fn new(document: u32, before: Vec<Before>) -> Option<LastChange> {
        (!before.is_empty()).then_some(LastChange { document, before })
    }
}

impl Session {
    /// Sets `status` on every discrepancy of `indices` (those the list shows) in one
    /// change, which "Deshacer" undoes as a whole; notes stay. Returns the indices whose
    /// estado changed (out-of-range ones and those already at `status` are skipped); when
    /// none did, the last change stays the one before.
    pub fn decide_all(&mut self, indices: &[usize], status: DiscrepancyStatus) -> Vec<usize> {
        let document_revision = self.revision.document;
        let Some(document) = self.result.as_mut() else {
            return Vec::new();
        };
        let mut before = Vec::new();
        for &idx in indices {
            let Some(current) = document.discrepancies.get_mut(idx) else {
                continue;
            };
            if current.status == status {
                continue;
            }
            before.push(Before {
                idx,
                status: current.status,
                note: current.note.clone(),
            });
            current.status = status;
        }
        if before.is_empty() {
            return Vec::new();
        }
        document.refresh_summary();
        self.revision.statuses += 1;
        let changed = before.iter().map(|before| before.idx).collect();
        self.last_change = LastChange::new(document_revision, before);
        changed
    }

    /// How many discrepancies "Deshacer" would put back: the last change on the current
    /// document, if any.
    pub fn undoable(&self) -> Option<usize> {
        self.last_change
            .as_ref()
            .filter(|change| change.document == self.revision.document && self.result.is_some())
            .map(|change| change.before.len())
    }

    /// Undoes the last change: every discrepancy it touched gets back its estado and note
    /// exactly. Returns their indices (to store them again); empty when there is nothing to
    /// undo. A change undone is gone: undoing again does nothing.
    pub fn undo(&mut self) -> Vec<usize> {
        if self.undoable().is_none() {
            self.last_change = None;
            return Vec::new();
        }
        let Some(change) = self.last_change.take() else {
            return Vec::new();
        };
        let Some(document) = self.result.as_mut() else {
            return Vec::new();
        };
        let (mut statuses, mut notes) = (false, false);
        let mut restored = Vec::new();
        for before in change.before {
            let Some(current) = document.discrepancies.get_mut(before.idx) else {
                continue;
            };
            statuses |= current.status != before.status;
            notes |= current.note != before.note;
            current.status = before.status;
            current.note = before.note;
            restored.push(before.idx);
        }
        if statuses {
            document.refresh_summary();
            self.revision.statuses += 1;
        }
        if notes {
            self.revision.notes += 1;
        }
        restored
    }
}

#[cfg(test)]
mod tests {
    use cuadra_core::DiscrepancyStatus::{Corrected, Justified, Pending};

    use super::*;
    use crate::results_view::test_rows::{document, sample};

    fn with_result() -> Session {
        let mut session = Session::default();
        session.set_result(document(sample()));
        session
    }

    fn states(session: &Session) -> Vec<(DiscrepancyStatus, Option<String>)> {
        session
            .result()
            .expect("a result")
            .discrepancies
            .iter()
            .map(|d| (d.status, d.note.clone()))
            .collect()
    }

    fn by_status(session: &Session, status: DiscrepancyStatus) -> usize {
        session.result().expect("a result").summary.by_status[&status]
    }

    #[test]
    fn a_bulk_estado_changes_only_the_given_rows_and_keeps_their_notes() {
        let mut session = with_result();
        session.decide(1, None, Some("pagado en abril"));
        session.decide(3, Some(Justified), None);
        let before = session.result_revision();
        let changed = session.decide_all(&[0, 1, 3, 99], Justified);
        assert_eq!(changed, vec![0, 1], "3 already was, 99 is no row");
        let after = states(&session);
        assert_eq!(after[0].0, Justified);
        assert_eq!(after[1], (Justified, Some("pagado en abril".into())));
        assert_eq!(after[2].0, Pending, "a row not given is left alone");
        assert_eq!(by_status(&session, Justified), 3, "the summary follows");
        assert_eq!(session.result_revision().statuses, before.statuses + 1);
        assert_eq!(session.undoable(), Some(2));
    }

    #[test]
    fn undo_puts_back_a_bulk_change_exactly_and_only_once() {
        let mut session = with_result();
        session.decide(1, Some(Corrected), Some("revisar"));
        let before = states(&session);
        let pending = by_status(&session, Pending);
        let n = session.result().expect("a result").discrepancies.len();
        let all: Vec<usize> = (0..n).collect();
        assert_eq!(session.decide_all(&all, Justified).len(), n);
        assert_eq!(by_status(&session, Pending), 0);
        let mut restored = session.undo();
        restored.sort_unstable();
        assert_eq!(restored, all);
        assert_eq!(states(&session), before, "estados and notes as they were");
        assert_eq!(by_status(&session, Pending), pending);
        assert_eq!(session.undoable(), None);
        assert!(session.undo().is_empty(), "an undone change is gone");
        assert_eq!(states(&session), before);
    }

    #[test]
    fn undo_puts_back_a_single_note_or_estado() {
        let mut session = with_result();
        session.decide(2, None, Some("primera"));
        session.decide(2, None, Some("segunda"));
        assert_eq!(session.undoable(), Some(1));
        let notes = session.result_revision().notes;
        assert_eq!(session.undo(), vec![2]);
        assert_eq!(states(&session)[2], (Pending, Some("primera".into())));
        assert_eq!(session.result_revision().notes, notes + 1);

        session.decide(2, Some(Corrected), Some("  "));
        assert_eq!(states(&session)[2], (Corrected, None));
        session.undo();
        assert_eq!(
            states(&session)[2],
            (Pending, Some("primera".into())),
            "estado and note back together"
        );
    }

    #[test]
    fn nothing_changed_is_nothing_to_undo_and_a_new_document_forgets() {
        let mut session = Session::default();
        assert!(session.decide_all(&[0], Justified).is_empty(), "no result");
        assert_eq!(session.undoable(), None);
        session.set_result(document(sample()));
        session.decide(0, Some(Justified), None);
        // The same value again, or a bulk that changes nothing, keeps the last change.
        session.decide(0, Some(Justified), None);
        assert!(session.decide_all(&[0], Justified).is_empty());
        assert_eq!(session.undoable(), Some(1));

        session.set_result(document(sample()));
        assert_eq!(session.undoable(), None, "a new run is not undone");
        assert!(session.undo().is_empty());
        assert_eq!(states(&session)[0].0, Pending);
    }
}

//! The result on screen and its cheap identities. A new document (a run consolidated, or
//! a closing restored) and the user's decisions on it each come through one method here,
//! which bumps a revision; views key their work on those numbers instead of comparing
//! what they show, so a worker's progress message or a note edit re-filters nothing.

use cuadra_core::document::ResultDocument;
use cuadra_core::DiscrepancyStatus;

use super::undo::{Before, LastChange};
use super::Session;

/// Which result document is on screen and how many edits it has had. Each number only
/// grows while the page lives, so an equal revision means the same thing is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ResultRevision {
    /// Bumped whenever a new document is set: a run, a restore.
    pub document: u32,
    /// Bumped by every decision that changed an estado of the current document.
    pub statuses: u32,
    /// Bumped by every decision that changed a note of the current document.
    pub notes: u32,
}

/// What one decision changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decided {
    pub status: bool,
    pub note: bool,
}

impl Decided {
    pub fn anything(self) -> bool {
        self.status || self.note
    }
}

impl Session {
    /// The last result document.
    pub fn result(&self) -> Option<&ResultDocument> {
        self.result.as_ref()
    }

    pub fn result_revision(&self) -> ResultRevision {
        self.revision
    }

    /// The one door for a new document on screen: a consolidated run, or a closing
    /// restored with its decisions already applied.
    pub fn set_result(&mut self, document: ResultDocument) {
        self.result = Some(document);
        self.revision.document += 1;
    }

    /// The user's decision on discrepancy `idx` of the current result (docs/results.md): a new
    /// estado, a new note, or both; what is not given stays. A blank note is no note. A new
    /// estado refreshes the summary. A change is the one "Deshacer" undoes. Returns what changed: nothing when there is no result,
    /// the index is out of range, or the values are the ones already there.
    pub fn decide(
        &mut self,
        idx: usize,
        status: Option<DiscrepancyStatus>,
        note: Option<&str>,
    ) -> Decided {
        let Some(document) = self.result.as_mut() else {
            return Decided::default();
        };
        let Some(current) = document.discrepancies.get_mut(idx) else {
            return Decided::default();
        };
        let status = status.unwrap_or(current.status);
        let note = match note {
            Some(text) => Some(text.trim().to_string()).filter(|text| !text.is_empty()),
            None => current.note.clone(),
        };
        let decided = Decided {
            status: status != current.status,
            note: note != current.note,
        };
        if decided.anything() {
            let before = Before {
                idx,
                status: current.status,
                note: current.note.clone(),
            };
            self.last_change = LastChange::new(self.revision.document, vec![before]);
        }
        if decided.status {
            // Counts by estado change; nothing else in the summary does.
            document.set_status(idx, status, note);
            self.revision.statuses += 1;
        } else if decided.note {
            current.note = note;
        }
        if decided.note {
            self.revision.notes += 1;
        }
        decided
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results_view::test_rows::{document, sample};

    fn with_result() -> Session {
        let mut session = Session::default();
        session.set_result(document(sample()));
        session
    }

    #[test]
    fn a_decision_keeps_what_it_does_not_change_and_refreshes_the_summary() {
        let mut session = with_result();
        let pending = |session: &Session| {
            session.result().expect("a result").summary.by_status[&DiscrepancyStatus::Pending]
        };
        let at = |session: &Session, idx: usize| {
            session.result().expect("a result").discrepancies[idx].clone()
        };
        assert_eq!(pending(&session), 7);
        assert!(session
            .decide(2, Some(DiscrepancyStatus::Justified), None)
            .anything());
        assert_eq!(pending(&session), 6);
        assert!(session
            .decide(2, None, Some("  pagado en abril "))
            .anything());
        assert_eq!(at(&session, 2).status, DiscrepancyStatus::Justified);
        assert_eq!(at(&session, 2).note.as_deref(), Some("pagado en abril"));
        assert!(session
            .decide(2, Some(DiscrepancyStatus::Corrected), None)
            .anything());
        assert_eq!(at(&session, 2).note.as_deref(), Some("pagado en abril"));
        assert_eq!(
            session.result().expect("a result").summary.by_status[&DiscrepancyStatus::Corrected],
            1
        );
        assert!(session.decide(2, None, Some("   ")).anything());
        assert_eq!(at(&session, 2).note, None, "a blank note is no note");
        assert!(!session
            .decide(99, Some(DiscrepancyStatus::Corrected), None)
            .anything());
    }

    #[test]
    fn each_kind_of_change_bumps_only_its_own_revision() {
        let mut session = Session::default();
        assert_eq!(session.result_revision(), ResultRevision::default());
        assert_eq!(
            session.decide(0, Some(DiscrepancyStatus::Justified), None),
            Decided::default(),
            "no result, no decision"
        );
        session.set_result(document(sample()));
        let first = session.result_revision();
        assert_eq!(first.document, 1);

        let decided = session.decide(1, None, Some("revisar"));
        assert_eq!(
            decided,
            Decided {
                status: false,
                note: true
            }
        );
        let noted = session.result_revision();
        assert_eq!((noted.document, noted.statuses, noted.notes), (1, 0, 1));

        let decided = session.decide(1, Some(DiscrepancyStatus::Corrected), Some("revisar"));
        assert_eq!(
            decided,
            Decided {
                status: true,
                note: false
            }
        );
        let corrected = session.result_revision();
        assert_eq!((corrected.statuses, corrected.notes), (1, 1));

        // The same values again change nothing, so nothing downstream recomputes.
        let decided = session.decide(1, Some(DiscrepancyStatus::Corrected), Some(" revisar "));
        assert!(!decided.anything());
        assert_eq!(session.result_revision(), corrected);

        session.set_result(document(sample()));
        assert_eq!(session.result_revision().document, 2);
        assert_eq!(
            session.result().expect("a result").discrepancies[1].status,
            DiscrepancyStatus::Pending,
            "a new document replaces the edited one"
        );
    }
}

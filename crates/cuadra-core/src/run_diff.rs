//! "What changed since the last run": how each discrepancy of a new run relates to the
//! previous run of the same closing (new, changed value, unchanged), and which ones
//! disappeared. A pure function of two lists, so the page can filter on it and a stored
//! closing can keep it beside its result.
//!
//! Identity is `Discrepancy::identity` (same type, RUT, concept or event), the rule that
//! `consolidate::carry_over` uses for estados and notes, so a discrepancy that keeps its
//! estado is exactly one that is not "new".

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use crate::discrepancy::{Discrepancy, DiscrepancyIdentity};
use crate::document::ResultDocument;

/// How one discrepancy relates to the previous run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RunChange {
    /// The previous run had no discrepancy with this identity.
    #[serde(rename = "nueva")]
    New,
    /// Same identity, but what the run found differs (values, difference, description, name).
    #[serde(rename = "valor_cambiado")]
    ChangedValue,
    /// Same identity and the same findings; only the user's estado or note may differ.
    #[serde(rename = "sin_cambios")]
    Unchanged,
    /// In the previous run, not in this one (only in [`RunDiff::disappeared`]).
    #[serde(rename = "desaparecida")]
    Disappeared,
}

impl RunChange {
    pub const ALL: [RunChange; 4] = [
        RunChange::New,
        RunChange::ChangedValue,
        RunChange::Unchanged,
        RunChange::Disappeared,
    ];

    /// The id used in stored filters.
    pub fn id(self) -> &'static str {
        match self {
            RunChange::New => "nueva",
            RunChange::ChangedValue => "valor_cambiado",
            RunChange::Unchanged => "sin_cambios",
            RunChange::Disappeared => "desaparecida",
        }
    }

    /// The Spanish label of the filter.
    pub fn label(self) -> &'static str {
        match self {
            RunChange::New => "Nuevas",
            RunChange::ChangedValue => "Con valor cambiado",
            RunChange::Unchanged => "Sin cambios",
            RunChange::Disappeared => "Desaparecidas",
        }
    }
}

/// The comparison of a run with the one before it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunDiff {
    /// Indexed like the new run's discrepancies: `New`, `ChangedValue` or `Unchanged`.
    #[serde(rename = "cambios")]
    pub changes: Vec<RunChange>,
    /// The previous run's discrepancies the new run no longer finds, in their report order
    /// (copies: the previous document is replaced by the new one).
    #[serde(rename = "desaparecidas")]
    pub disappeared: Vec<Discrepancy>,
}

impl RunDiff {
    /// Compares two lists of discrepancies. When one identity occurs several times (it
    /// should not, but nothing forbids it), occurrences pair up in report order and the
    /// extra ones count as new or disappeared.
    pub fn between(previous: &[Discrepancy], current: &[Discrepancy]) -> RunDiff {
        let mut unmatched: BTreeMap<DiscrepancyIdentity, VecDeque<usize>> = BTreeMap::new();
        for (idx, old) in previous.iter().enumerate() {
            unmatched.entry(old.identity()).or_default().push_back(idx);
        }
        let mut matched = vec![false; previous.len()];
        let changes = current
            .iter()
            .map(|new| {
                let Some(old_idx) = unmatched
                    .get_mut(&new.identity())
                    .and_then(VecDeque::pop_front)
                else {
                    return RunChange::New;
                };
                matched[old_idx] = true;
                if same_findings(&previous[old_idx], new) {
                    RunChange::Unchanged
                } else {
                    RunChange::ChangedValue
                }
            })
            .collect();
        let disappeared = previous
            .iter()
            .zip(&matched)
            .filter(|(_, matched)| !**matched)
            .map(|(old, _)| old.clone())
            .collect();
        RunDiff {
            changes,
            disappeared,
        }
    }

    /// Compares the discrepancies of two result documents of one closing.
    pub fn of_documents(previous: &ResultDocument, current: &ResultDocument) -> RunDiff {
        RunDiff::between(&previous.discrepancies, &current.discrepancies)
    }

    /// How many discrepancies have this change (`Disappeared` counts the disappeared ones).
    pub fn count(&self, change: RunChange) -> usize {
        match change {
            RunChange::Disappeared => self.disappeared.len(),
            other => self.changes.iter().filter(|c| **c == other).count(),
        }
    }

    /// Indices into the new run's discrepancies with this change, in order: the list filter.
    /// Empty for `Disappeared`, which are not in the new run.
    pub fn indices(&self, change: RunChange) -> Vec<usize> {
        self.changes
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == change)
            .map(|(idx, _)| idx)
            .collect()
    }

    /// Whether nothing changed at all.
    pub fn is_unchanged(&self) -> bool {
        self.disappeared.is_empty() && self.changes.iter().all(|c| *c == RunChange::Unchanged)
    }
}

/// Two discrepancies of one identity say the same thing: every field equal except the
/// user's estado and note. Comparing whole values (rather than naming the value fields)
/// keeps this rule right whatever fields a discrepancy gains.
fn same_findings(old: &Discrepancy, new: &Discrepancy) -> bool {
    if old.status == new.status && old.note == new.note {
        return old == new;
    }
    let mut masked = old.clone();
    masked.status = new.status;
    masked.note.clone_from(&new.note);
    masked == *new
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discrepancy::{DiscrepancyKind, DiscrepancyStatus};
    use crate::values::rut::Rut;

    /// A discrepancy built through the document's JSON shape, so these tests do not depend
    /// on how the value fields are typed in Rust.
    fn discrepancy(rut: u32, concept: &str, description: &str) -> Discrepancy {
        let json = serde_json::json!({
            "tipo": "diff_concepto_monto", "grupo": "libro_vs_novedades",
            "rut": Rut::from_number(10_000_000 + rut).to_string(), "nombre": "", "descripcion": description,
            "concepto": concept, "valor_libro": null, "valor_novedades": null,
            "valor_movimientos": null, "valor_analista": null, "diferencia": null,
            "estado": "pendiente", "nota": null, "fecha_evento": null,
        });
        serde_json::from_value(json).expect("a document-shaped discrepancy")
    }

    #[test]
    fn new_changed_unchanged_and_disappeared() {
        let previous = vec![
            discrepancy(1, "Bono → Bono", "a"),
            discrepancy(2, "Bono → Bono", "b"),
            discrepancy(3, "Bono → Bono", "c"),
        ];
        let mut kept = discrepancy(1, "Bono → Bono", "a");
        kept.status = DiscrepancyStatus::Justified;
        kept.note = Some("revisado".to_string());
        let current = vec![
            kept,
            discrepancy(2, "Bono → Bono", "b, otro monto"),
            discrepancy(4, "Bono → Bono", "d"),
        ];
        let diff = RunDiff::between(&previous, &current);
        assert_eq!(
            diff.changes,
            [
                RunChange::Unchanged,
                RunChange::ChangedValue,
                RunChange::New
            ]
        );
        assert_eq!(diff.disappeared, [previous[2].clone()]);
        assert_eq!(diff.count(RunChange::Disappeared), 1);
        assert_eq!(diff.indices(RunChange::New), [2]);
        assert!(!diff.is_unchanged());
    }

    #[test]
    fn a_repeated_identity_pairs_in_order() {
        let previous = vec![discrepancy(1, "X → X", "a")];
        let current = vec![discrepancy(1, "X → X", "a"), discrepancy(1, "X → X", "a")];
        let diff = RunDiff::between(&previous, &current);
        assert_eq!(diff.changes, [RunChange::Unchanged, RunChange::New]);
        let back = RunDiff::between(&current, &previous);
        assert_eq!(back.changes, [RunChange::Unchanged]);
        assert_eq!(back.disappeared.len(), 1);
        assert_eq!(
            back.disappeared[0].kind,
            DiscrepancyKind::ConceptAmountDiffers
        );
    }

    #[test]
    fn the_same_list_is_unchanged() {
        let list = vec![discrepancy(1, "X → X", "a"), discrepancy(2, "X → X", "b")];
        assert!(RunDiff::between(&list, &list).is_unchanged());
        assert!(RunDiff::between(&[], &[]).is_unchanged());
    }
}

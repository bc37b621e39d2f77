//! The worker ledger of one page instance: which worker serves each comparison group, which
//! generation it is, and which files it holds parsed. Plain Rust over any link type, so the
//! policy ("a replaced worker holds nothing"; "send `Content::Cached` only when held") is
//! tested natively; the page's wiring only applies what it says.

use std::collections::BTreeMap;

use cuadra_core::{Group, Slot};

use crate::session::group_index;

/// Which worker of a group this is: bumped each time the group's worker is spawned, so an
/// answer from a replaced worker can be told apart from the current one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Generation(u32);

/// The live worker of one group.
#[derive(Debug)]
struct Live<L> {
    generation: Generation,
    link: L,
    /// The file (`file_id`) the worker holds parsed for each slot. A worker keeps one parsed
    /// file per slot (`workers::Cached`): reading another file for the slot replaces it,
    /// and a failed read leaves the slot empty.
    held: BTreeMap<Slot, u32>,
}

#[derive(Debug)]
struct GroupEntry<L> {
    /// Generations spawned so far.
    spawned: u32,
    live: Option<Live<L>>,
}

impl<L> Default for GroupEntry<L> {
    fn default() -> Self {
        GroupEntry {
            spawned: 0,
            live: None,
        }
    }
}

/// One instance's workers and what each holds. `L` is the link to a worker (the page's
/// `WorkerLink`; anything in tests).
#[derive(Debug)]
pub struct Ledger<L> {
    groups: [GroupEntry<L>; 2],
}

impl<L> Default for Ledger<L> {
    fn default() -> Self {
        Ledger {
            groups: [GroupEntry::default(), GroupEntry::default()],
        }
    }
}

impl<L> Ledger<L> {
    fn entry(&self, group: Group) -> &GroupEntry<L> {
        &self.groups[group_index(group)]
    }

    fn entry_mut(&mut self, group: Group) -> &mut GroupEntry<L> {
        &mut self.groups[group_index(group)]
    }

    /// The group's live worker, if any.
    pub fn link(&self, group: Group) -> Option<&L> {
        self.entry(group).live.as_ref().map(|live| &live.link)
    }

    /// The generation of the group's live worker, if any.
    pub fn current(&self, group: Group) -> Option<Generation> {
        self.entry(group).live.as_ref().map(|live| live.generation)
    }

    /// The group's live worker, spawning one with `spawn` first when there is none (at
    /// start-up, or after the last one was lost). `spawn` is told the new worker's
    /// generation, so its answers can be tagged with it. A failed spawn changes nothing: the
    /// next request tries again.
    pub fn link_or_spawn<E>(
        &mut self,
        group: Group,
        spawn: impl FnOnce(Generation) -> Result<L, E>,
    ) -> Result<&L, E> {
        let entry = self.entry_mut(group);
        if entry.live.is_none() {
            let generation = Generation(entry.spawned + 1);
            let link = spawn(generation)?;
            entry.spawned += 1;
            entry.live = Some(Live {
                generation,
                link,
                held: BTreeMap::new(),
            });
        }
        Ok(&entry.live.as_ref().expect("filled just above").link)
    }

    /// A worker answered an `Inspect` for `file_id` in `slot`: it now holds that file
    /// parsed (`parsed`), or, having failed, nothing for the slot. An answer from a worker
    /// that was replaced since says nothing about the current one.
    pub fn record_inspection(
        &mut self,
        group: Group,
        generation: Generation,
        slot: Slot,
        file_id: u32,
        parsed: bool,
    ) {
        let Some(live) = self.entry_mut(group).live.as_mut() else {
            return;
        };
        if live.generation != generation {
            return;
        }
        if parsed {
            live.held.insert(slot, file_id);
        } else {
            live.held.remove(&slot);
        }
    }

    /// Whether the group's live worker holds this file parsed, so a run may send it as
    /// `Content::Cached` instead of attaching its `Blob` again.
    pub fn holds(&self, group: Group, file_id: u32) -> bool {
        self.entry(group)
            .live
            .as_ref()
            .is_some_and(|live| live.held.values().any(|held| *held == file_id))
    }

    /// The worker of `generation` crashed: when it is still the group's live worker, it is
    /// forgotten (the next request spawns a fresh one, which holds nothing) and its link
    /// is returned for the caller to drop. A stale generation changes nothing.
    pub fn lose(&mut self, group: Group, generation: Generation) -> Option<L> {
        let entry = self.entry_mut(group);
        if entry.live.as_ref()?.generation != generation {
            return None;
        }
        entry.live.take().map(|live| live.link)
    }

    /// The group's live worker is given up (it did not answer in time), whichever it is.
    pub fn lose_current(&mut self, group: Group) -> Option<L> {
        let generation = self.current(group)?;
        self.lose(group, generation)
    }

    /// Every live worker's link, for the caller to drop when the instance goes away.
    pub fn take_all(&mut self) -> Vec<L> {
        self.groups
            .iter_mut()
            .filter_map(|entry| entry.live.take().map(|live| live.link))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use super::*;
    use crate::protocol::Content;
    use crate::session::Session;

    const PAYROLL: Group = Group::PayrollVsChanges;
    const MOVEMENTS: Group = Group::MovementsVsAnalyst;

    /// A fake link: the group and generation it was spawned for.
    type Link = (Group, Generation);

    fn spawned(ledger: &mut Ledger<Link>, group: Group) -> Generation {
        let link = ledger
            .link_or_spawn(group, |generation| Ok::<_, Infallible>((group, generation)))
            .expect("infallible");
        link.1
    }

    #[test]
    fn a_group_gets_one_worker_until_it_is_lost() {
        let mut ledger = Ledger::default();
        assert!(ledger.link(PAYROLL).is_none());
        let first = spawned(&mut ledger, PAYROLL);
        let mut calls = 0;
        let again = ledger
            .link_or_spawn(PAYROLL, |generation| {
                calls += 1;
                Ok::<_, Infallible>((PAYROLL, generation))
            })
            .expect("infallible")
            .1;
        assert_eq!((again, calls), (first, 0), "a live worker is reused");
        assert_eq!(ledger.current(MOVEMENTS), None, "groups are separate");

        assert_eq!(ledger.lose(PAYROLL, first), Some((PAYROLL, first)));
        assert!(ledger.link(PAYROLL).is_none());
        let second = spawned(&mut ledger, PAYROLL);
        assert!(second > first, "a replacement is a new generation");
    }

    #[test]
    fn a_worker_holds_what_it_parsed_and_a_replaced_worker_holds_nothing() {
        let mut ledger = Ledger::default();
        let first = spawned(&mut ledger, PAYROLL);
        ledger.record_inspection(PAYROLL, first, Slot::PayrollBook, 1, true);
        ledger.record_inspection(PAYROLL, first, Slot::PayrollChanges, 2, true);
        assert!(ledger.holds(PAYROLL, 1) && ledger.holds(PAYROLL, 2));
        assert!(
            !ledger.holds(MOVEMENTS, 1),
            "the other group's worker did not parse it"
        );

        ledger.lose(PAYROLL, first);
        assert!(!ledger.holds(PAYROLL, 1), "a lost worker holds nothing");
        let second = spawned(&mut ledger, PAYROLL);
        assert!(!ledger.holds(PAYROLL, 1), "nor does its replacement");

        // A late answer from the replaced worker must not make the new one look loaded.
        ledger.record_inspection(PAYROLL, first, Slot::PayrollBook, 1, true);
        assert!(!ledger.holds(PAYROLL, 1));
        ledger.record_inspection(PAYROLL, second, Slot::PayrollBook, 1, true);
        assert!(ledger.holds(PAYROLL, 1));
    }

    #[test]
    fn a_slot_holds_one_file_and_a_failed_read_empties_it() {
        let mut ledger = Ledger::default();
        let generation = spawned(&mut ledger, MOVEMENTS);
        ledger.record_inspection(MOVEMENTS, generation, Slot::AnalystHires, 3, true);
        ledger.record_inspection(MOVEMENTS, generation, Slot::AnalystHires, 4, true);
        assert!(
            !ledger.holds(MOVEMENTS, 3),
            "reading another file replaced it"
        );
        assert!(ledger.holds(MOVEMENTS, 4));
        ledger.record_inspection(MOVEMENTS, generation, Slot::AnalystHires, 5, false);
        assert!(
            !ledger.holds(MOVEMENTS, 4),
            "the worker drops the slot's file before reading a new one"
        );
    }

    #[test]
    fn a_stale_crash_leaves_the_current_worker_alone() {
        let mut ledger = Ledger::default();
        let first = spawned(&mut ledger, PAYROLL);
        ledger.lose(PAYROLL, first);
        let second = spawned(&mut ledger, PAYROLL);
        ledger.record_inspection(PAYROLL, second, Slot::PayrollBook, 7, true);
        assert_eq!(ledger.lose(PAYROLL, first), None);
        assert_eq!(ledger.current(PAYROLL), Some(second));
        assert!(ledger.holds(PAYROLL, 7));
        assert_eq!(ledger.lose_current(PAYROLL), Some((PAYROLL, second)));
        assert_eq!(ledger.lose_current(PAYROLL), None);
    }

    #[test]
    fn a_failed_spawn_changes_nothing_and_the_next_request_retries() {
        let mut ledger: Ledger<Link> = Ledger::default();
        let failed = ledger.link_or_spawn(PAYROLL, |_| Err("sin trabajador"));
        assert_eq!(failed.err(), Some("sin trabajador"));
        assert!(ledger.link(PAYROLL).is_none());
        let generation = spawned(&mut ledger, PAYROLL);
        assert_eq!(ledger.current(PAYROLL), Some(generation));
    }

    #[test]
    fn take_all_hands_over_every_live_worker() {
        let mut ledger = Ledger::default();
        let payroll = spawned(&mut ledger, PAYROLL);
        let movements = spawned(&mut ledger, MOVEMENTS);
        assert_eq!(
            ledger.take_all(),
            vec![(PAYROLL, payroll), (MOVEMENTS, movements)]
        );
        assert!(ledger.link(PAYROLL).is_none() && ledger.link(MOVEMENTS).is_none());
        assert!(ledger.take_all().is_empty());
    }

    #[test]
    fn a_run_sends_a_file_as_cached_only_while_its_worker_holds_it() {
        let mut session = Session::default();
        let mut ledger = Ledger::default();
        let generation = spawned(&mut ledger, PAYROLL);
        let book = session.add_file(Slot::PayrollBook, "libro.xlsx".into(), 11);
        let changes = session.add_file(Slot::PayrollChanges, "novedades.xlsx".into(), 12);
        ledger.record_inspection(PAYROLL, generation, Slot::PayrollBook, book.file_id, true);
        ledger.record_inspection(
            PAYROLL,
            generation,
            Slot::PayrollChanges,
            changes.file_id,
            false,
        );

        let contents = |ledger: &Ledger<Link>| {
            session
                .files_for(PAYROLL, |file_id| ledger.holds(PAYROLL, file_id))
                .into_iter()
                .map(|file| (file.slot, file.content))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            contents(&ledger),
            vec![
                (Slot::PayrollBook, Content::Cached),
                (Slot::PayrollChanges, Content::Attached(12)),
            ]
        );
        ledger.lose(PAYROLL, generation);
        assert_eq!(
            contents(&ledger),
            vec![
                (Slot::PayrollBook, Content::Attached(11)),
                (Slot::PayrollChanges, Content::Attached(12)),
            ]
        );
    }
}

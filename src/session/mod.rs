//! The page's state as plain Rust: loaded files, the run in progress, the last result, and
//! the closing state derived from them. Components render it; they decide nothing.

use std::collections::{BTreeMap, BTreeSet};

use cuadra_core::consolidate::{loading_state, LoadedSlot};
use cuadra_core::document::{ClosingInfo, ClosingState, ResultDocument};
use cuadra_core::pipeline::FileFacts;
use cuadra_core::run_diff::{RunChange, RunDiff};
use cuadra_core::{Group, Settings, Slot};

use crate::protocol::{Content, InputFile, InspectedFile};

mod cancel;
mod failure;
mod result;
mod run;
mod undo;

pub use cancel::Cancelled;
pub use failure::WorkerFailure;
pub use result::{Decided, ResultRevision};
pub use run::{group_index, RunTracker, WorkerRun};
pub use undo::LastChange;

/// Content sniffing parses the workbook on the main thread: only for files small enough to
/// keep the page responsive (a 2,000-employee libro is ~0.5 MB). A larger file whose name
/// says nothing waits for the user to choose its slot.
const MAX_SNIFF_BYTES: f64 = 3.0 * 1024.0 * 1024.0;

/// The page's key for a file's `Blob`. The controller keeps the `Blob`s; the session never
/// holds a file's bytes (the workers read them).
pub type SourceId = u32;

/// A file given in a batch (drop zone, multi-file input, demo).
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub name: String,
    pub source: SourceId,
    /// The file's bytes, read only when `needs_sniffing` said so; dropped after placement.
    pub sniff: Option<Vec<u8>>,
}

/// Whether the page must read a file's bytes to place it: its name says nothing and it is
/// small enough to sniff.
pub fn needs_sniffing(name: &str, size: f64) -> bool {
    cuadra_core::input::detect_slot_by_name(name).is_none() && size <= MAX_SNIFF_BYTES
}

/// The slot a dropped file goes to: by name, else by content when it was read.
fn placement(name: &str, sniff: Option<&[u8]>) -> Option<Slot> {
    cuadra_core::input::detect_slot_by_name(name)
        .or_else(|| sniff.and_then(|bytes| cuadra_core::input::detect_slot(name, bytes)))
}

/// Which worker reads a slot: the core's [`Slot::group`], kept under the page's old name.
pub fn group_of(slot: Slot) -> Group {
    slot.group()
}

/// What the owning worker said about a loaded file.
#[derive(Debug, Clone, PartialEq)]
pub enum Inspection {
    Reading,
    Read(Box<InspectedFile>),
    /// The file cannot be used: the Spanish reason, naming file, sheet, column.
    Failed(String),
}

/// What a slot shows, as a cheap identity: which file, and how far its reading got. A file
/// gets a new id whenever what it holds may change (loaded, replaced, moved), and its
/// reading ends once, so an equal key means the slot shows the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotKey {
    pub file_id: u32,
    pub stage: ReadStage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadStage {
    Reading,
    Read,
    Failed(String),
}

/// A file the user gave for a slot. Its `Blob` stays on the page (`source`) so a run can
/// send it again to a worker that lost it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    pub file_id: u32,
    pub name: String,
    pub source: SourceId,
    pub inspection: Inspection,
}

/// A dropped file that matched no slot by name or content: the user chooses its slot.
#[derive(Debug, Clone, PartialEq)]
pub struct UnplacedFile {
    pub unplaced_id: u32,
    pub name: String,
    pub source: SourceId,
}

/// Everything the user did in this page, and what the workers answered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    pub files: BTreeMap<Slot, LoadedFile>,
    next_file_id: u32,
    next_run_id: u32,
    pub settings: Settings,
    pub run: Option<RunTracker>,
    /// The last run's result is out of date (files, mapping or settings changed since).
    pub result_stale: bool,
    /// Why the last run could not start.
    pub start_error: Option<String>,
    /// The last run was cancelled (`cancel_run`); the run bar says so until a run starts.
    pub cancelled: bool,
    /// The last result document: read with `result()`, replaced with `set_result`, edited
    /// with `decide`, so that `revision` always says what changed.
    result: Option<ResultDocument>,
    revision: ResultRevision,
    /// The user's last estado or note change on `result`, for "Deshacer".
    last_change: Option<LastChange>,
    /// What changed in `result` since the run before it, for the same closing; `None` for
    /// a closing's first result.
    pub changes: Option<RunDiff>,
    /// Dropped files waiting for the user to choose their slot; a run does not use them.
    pub unplaced: Vec<UnplacedFile>,
    next_unplaced_id: u32,
    /// The closing an embedding host named (empty on the static page): its fields win over
    /// what the files tell.
    pub preset_closing: ClosingInfo,
    /// The closing restored from this browser's storage (a reload, a switch): shown until
    /// the files loaded again tell their own.
    pub restored_closing: ClosingInfo,
    /// Files (by `file_id`) the user chose to use although they name another period or
    /// client than the other files.
    pub accepted_other_closing: BTreeSet<u32>,
}

/// Why the run button is disabled; empty when a run can start.
pub type Blockers = Vec<&'static str>;

impl Session {
    /// A session for the closing a host names, starting from the host's settings and
    /// mapping.
    pub fn with_preset(preset_closing: ClosingInfo, settings: Settings) -> Session {
        Session {
            preset_closing,
            settings,
            ..Session::default()
        }
    }

    /// Puts a file in a slot (replacing any) and returns the request to inspect it.
    pub fn add_file(&mut self, slot: Slot, name: String, source: SourceId) -> InputFile {
        self.next_file_id += 1;
        let file_id = self.next_file_id;
        self.files.insert(
            slot,
            LoadedFile {
                file_id,
                name: name.clone(),
                source,
                inspection: Inspection::Reading,
            },
        );
        self.mark_changed();
        InputFile {
            file_id,
            slot,
            name,
            content: Content::Attached(source),
        }
    }

    /// Every `Blob` the session still refers to; the page may forget the others.
    pub fn sources(&self) -> BTreeSet<SourceId> {
        self.files
            .values()
            .map(|file| file.source)
            .chain(self.unplaced.iter().map(|file| file.source))
            .collect()
    }

    pub fn remove_file(&mut self, slot: Slot) {
        if self.files.remove(&slot).is_some() {
            self.mark_changed();
        }
    }

    /// Files given all at once (drop zone, multi-file input, demo): each goes to the slot its
    /// name or content tells. A second file for a slot already taken by this same batch is
    /// left unplaced rather than silently replacing a file the user just gave; a file from an
    /// earlier batch is replaced, as choosing a new file in its slot would.
    pub fn add_files(&mut self, files: Vec<Incoming>) -> Vec<InputFile> {
        let mut taken: Vec<Slot> = Vec::new();
        let mut requests = Vec::new();
        for Incoming {
            name,
            source,
            sniff,
        } in files
        {
            match placement(&name, sniff.as_deref()) {
                Some(slot) if !taken.contains(&slot) => {
                    taken.push(slot);
                    requests.push(self.add_file(slot, name, source));
                }
                _ => {
                    self.next_unplaced_id += 1;
                    self.unplaced.push(UnplacedFile {
                        unplaced_id: self.next_unplaced_id,
                        name,
                        source,
                    });
                }
            }
        }
        requests
    }

    /// The user chose the slot of an unplaced file; returns the request to inspect it.
    pub fn place_unplaced(&mut self, unplaced_id: u32, slot: Slot) -> Option<InputFile> {
        let idx = self
            .unplaced
            .iter()
            .position(|file| file.unplaced_id == unplaced_id)?;
        let file = self.unplaced.remove(idx);
        Some(self.add_file(slot, file.name, file.source))
    }

    pub fn discard_unplaced(&mut self, unplaced_id: u32) {
        self.unplaced.retain(|file| file.unplaced_id != unplaced_id);
    }

    /// Moves a loaded file to another slot; a file already there takes the freed slot (a
    /// swap, so correcting two crossed files is one step). Each moved file gets a new id
    /// and must be read again by the worker of its new slot: returns those requests.
    pub fn move_file(&mut self, from: Slot, to: Slot) -> Vec<InputFile> {
        if from == to {
            return Vec::new();
        }
        let Some(moving) = self.files.remove(&from) else {
            return Vec::new();
        };
        let displaced = self.files.remove(&to);
        let mut requests = vec![self.add_file(to, moving.name, moving.source)];
        if let Some(displaced) = displaced {
            requests.push(self.add_file(from, displaced.name, displaced.source));
        }
        requests
    }

    /// Applies a change to the settings or the mapping; the last result goes stale only
    /// when something actually changed.
    pub fn change_settings(&mut self, change: impl FnOnce(&mut Settings)) {
        let before = self.settings.clone();
        change(&mut self.settings);
        if self.settings != before {
            self.mark_changed();
        }
    }

    /// What each concept column of a slot's file holds (empty until read).
    pub fn columns(&self, slot: Slot) -> &[cuadra_core::compare::ColumnProfile] {
        self.inspected(slot)
            .map(|inspected| inspected.columns.as_slice())
            .unwrap_or_default()
    }

    /// Concept columns the owning worker read from a slot's file (empty until read).
    pub fn concepts(&self, slot: Slot) -> &[String] {
        self.inspected(slot)
            .map(|inspected| inspected.concepts.as_slice())
            .unwrap_or_default()
    }

    /// A closing restored from storage (a reload, a switch to another closing): its last
    /// result with the estados and notes, its settings, and no files (the workers hold
    /// none of them). File and run ids keep counting, so a file loaded now is never taken
    /// for one a worker read before the switch.
    pub fn restore(
        &mut self,
        closing: ClosingInfo,
        settings: Settings,
        result: Option<ResultDocument>,
        changes: Option<RunDiff>,
        result_stale: bool,
    ) {
        self.files.clear();
        self.unplaced.clear();
        self.run = None;
        self.start_error = None;
        self.result_stale = result_stale && result.is_some();
        self.changes = changes.filter(|_| result.is_some());
        match result {
            Some(document) => self.set_result(document),
            // No result to show: the document's number still moves, so views key anew.
            None => {
                self.result = None;
                self.revision.document += 1;
            }
        }
        self.settings = settings;
        self.restored_closing = closing;
    }

    /// Keeps, of the list's `indices`, those whose change since the last run is `change`
    /// (every index when no change is chosen, none when there was no earlier run).
    pub fn keep_change(&self, indices: &mut Vec<usize>, change: Option<RunChange>) {
        let Some(change) = change else { return };
        match &self.changes {
            Some(diff) => indices.retain(|idx| diff.changes.get(*idx) == Some(&change)),
            None => indices.clear(),
        }
    }

    /// Files, mapping or settings changed: the last result no longer holds.
    pub fn mark_changed(&mut self) {
        // A restored result has no run behind it on this page; it holds until a change too.
        let result_done = self
            .run
            .as_ref()
            .map_or(self.result.is_some(), RunTracker::is_finished);
        if result_done {
            self.result_stale = true;
        }
        self.start_error = None;
    }

    /// Records a worker's inspection, unless the file was replaced meanwhile.
    pub fn apply_inspection(&mut self, file_id: u32, slot: Slot, inspection: Inspection) {
        if let Some(file) = self
            .files
            .get_mut(&slot)
            .filter(|file| file.file_id == file_id)
        {
            file.inspection = inspection;
        }
    }

    /// A worker died: every file it was still reading fails with its message.
    pub fn fail_pending_inspections(&mut self, group: Group, message: &str) {
        for (slot, file) in &mut self.files {
            if slot.group() == group && file.inspection == Inspection::Reading {
                file.inspection = Inspection::Failed(message.to_string());
            }
        }
    }

    /// A loaded file is still being read.
    pub fn is_reading(&self) -> bool {
        self.files
            .values()
            .any(|file| file.inspection == Inspection::Reading)
    }

    /// What `slot` shows now, to tell cheaply whether it changed.
    pub fn slot_key(&self, slot: Slot) -> Option<SlotKey> {
        let file = self.files.get(&slot)?;
        let stage = match &file.inspection {
            Inspection::Reading => ReadStage::Reading,
            Inspection::Read(_) => ReadStage::Read,
            Inspection::Failed(error) => ReadStage::Failed(error.clone()),
        };
        Some(SlotKey {
            file_id: file.file_id,
            stage,
        })
    }

    /// The id of the file `slot`'s worker read without error: what was read from it
    /// (concepts, period) is the same while this is.
    pub fn read_file_id(&self, slot: Slot) -> Option<u32> {
        self.slot_key(slot)
            .filter(|key| key.stage == ReadStage::Read)
            .map(|key| key.file_id)
    }

    pub fn inspected(&self, slot: Slot) -> Option<&InspectedFile> {
        match &self.files.get(&slot)?.inspection {
            Inspection::Read(inspected) => Some(inspected),
            _ => None,
        }
    }

    /// The closing's state (docs/results.md): a run in progress, else the last result while it
    /// holds, else what the loaded files allow.
    pub fn closing_state(&self) -> ClosingState {
        if self.is_running() {
            return ClosingState::Verifying;
        }
        if let Some(result) = self.result.as_ref().filter(|_| !self.result_stale) {
            return result.state;
        }
        let loaded: Vec<LoadedSlot> = self
            .files
            .iter()
            .map(|(slot, file)| LoadedSlot {
                slot: *slot,
                blocking_error: !matches!(file.inspection, Inspection::Read(_)),
            })
            .collect();
        loading_state(&loaded)
    }

    /// What the workers read from each loaded file, for the files read without error.
    fn read_facts(&self) -> impl Iterator<Item = &FileFacts> {
        self.files.keys().filter_map(|slot| self.inspected(*slot))
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod restore_tests;

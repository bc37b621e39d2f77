//! What survives a reload: closings with their last result, per-client settings, history,
//! worker monitor totals and audit logs, behind one interface with two stores — IndexedDB
//! in the browser (`idb`), and memory natively and as the fallback when IndexedDB is
//! missing or refuses (`memory`).
//!
//! `Storage` is an enum rather than a trait object: async methods on `dyn` traits are
//! awkward on wasm, and there are exactly two stores. The rules that do not depend on where
//! records live (order of the list, what a restore returns, proposals, totals) are here and
//! in the sibling modules, so the memory store tests them natively.
//!
//! Failures are values: every operation returns a `StorageError` the page can show as a
//! notice, and a failed write changes nothing, so the caller's in-memory copy stays the
//! truth on screen.

pub mod audit;
mod error;
pub mod history;
#[cfg(target_arch = "wasm32")]
pub mod idb;
mod memory;
pub mod model;
mod parts;
pub mod proposal;

pub use audit::{AuditLog, RunRecord};
pub use error::{StorageError, StorageNotice, Unavailable};
pub use memory::MemoryStore;
pub use model::*;
pub use parts::JsonInParts;

use cuadra_core::document::ResultDocument;
use cuadra_core::run_diff::RunDiff;
use cuadra_core::values::rut::Rut;
use cuadra_core::{Group, Slot};

/// A stored file's contents. In the browser a `Blob`: IndexedDB stores it without the page
/// ever reading its bytes (the page never holds file bytes; only workers read them).
#[cfg(target_arch = "wasm32")]
pub type FileBody = web_sys::Blob;
/// A stored file's contents (natively, where there are no `Blob`s).
#[cfg(not(target_arch = "wasm32"))]
pub type FileBody = Vec<u8>;

/// Where Cuadra keeps its records.
#[derive(Debug)]
pub enum Storage {
    Memory(MemoryStore),
    #[cfg(target_arch = "wasm32")]
    IndexedDb(idb::IdbStore),
}

/// Calls the same method on whichever store this is.
macro_rules! on_store {
    ($storage:expr, $store:ident => $call:expr) => {
        match $storage {
            Storage::Memory($store) => $call,
            #[cfg(target_arch = "wasm32")]
            Storage::IndexedDb($store) => $call,
        }
    };
}

/// Newest first; equal times by key, so the order never depends on the store.
fn newest_first(records: &mut [ClosingRecord]) {
    records.sort_by(|a, b| {
        b.updated_at_ms
            .total_cmp(&a.updated_at_ms)
            .then_with(|| a.key.cmp(&b.key))
    });
}

impl StoredResult {
    /// The result of a new run, with what changed since the previous one.
    pub fn after_run(previous: Option<&ResultDocument>, document: ResultDocument) -> StoredResult {
        let changes = previous.map(|previous| RunDiff::of_documents(previous, &document));
        StoredResult { document, changes }
    }
}

impl Storage {
    /// A store that keeps nothing beyond this page.
    pub fn memory() -> Storage {
        Storage::Memory(MemoryStore::new())
    }

    /// Opens Cuadra's IndexedDB database (probing that it accepts a write); when it is
    /// missing or refuses, a memory store and the notice to show.
    pub async fn open_or_memory() -> (Storage, Option<StorageNotice>) {
        Storage::open_named_or_memory(DATABASE_NAME).await
    }

    /// [`Storage::open_or_memory`] on a database of another name (tests, several instances).
    #[cfg(target_arch = "wasm32")]
    pub async fn open_named_or_memory(name: &str) -> (Storage, Option<StorageNotice>) {
        match idb::IdbStore::open(name).await {
            Ok(store) => (Storage::IndexedDb(store), None),
            Err(error) => (Storage::memory(), Some(error.notice())),
        }
    }

    /// Natively there is no browser database: memory, and the notice that says so.
    #[cfg(not(target_arch = "wasm32"))]
    pub async fn open_named_or_memory(_name: &str) -> (Storage, Option<StorageNotice>) {
        let notice = StorageError::Unavailable(Unavailable::Missing).notice();
        (Storage::memory(), Some(notice))
    }

    /// Whether records survive a reload.
    pub fn is_persistent(&self) -> bool {
        !matches!(self, Storage::Memory(_))
    }

    /// Every closing, newest first, with its last state and date (no results are read).
    pub async fn list_closings(&self) -> Result<Vec<ClosingRecord>, StorageError> {
        let mut records = on_store!(self, store => store.closings().await)?;
        newest_first(&mut records);
        Ok(records)
    }

    /// One client's closings, newest first.
    pub async fn closings_of_client(&self, rut: Rut) -> Result<Vec<ClosingRecord>, StorageError> {
        let mut records = on_store!(self, store => store.closings_of_client(rut).await)?;
        newest_first(&mut records);
        Ok(records)
    }

    /// A closing as a reload or a switch shows it: its record, its last result, and the
    /// files to load again (contents not kept, or kept but missing).
    pub async fn restore_closing(
        &self,
        key: ClosingKey,
    ) -> Result<Option<RestoredClosing>, StorageError> {
        let Some(record) = on_store!(self, store => store.load_closing(key).await)? else {
            return Ok(None);
        };
        let mut result = on_store!(self, store => store.load_result(key).await)?;
        if let Some(result) = &mut result {
            let decisions = on_store!(self, store => store.decisions(key).await)?;
            apply_decisions(&mut result.document, &decisions);
        }
        let kept = on_store!(self, store => store.file_slots(key).await)?;
        let files_to_reload = record
            .files
            .iter()
            .filter(|file| !file.content_kept || !kept.contains(&file.slot))
            .cloned()
            .collect();
        Ok(Some(RestoredClosing {
            record,
            result,
            files_to_reload,
        }))
    }

    /// Writes a closing's record (and its result, as asked) if nobody wrote it since
    /// `record.revision`; see [`check_revision`] for the two-tab rule.
    pub async fn save_closing(
        &self,
        record: ClosingRecord,
        result: ResultWrite,
    ) -> Result<SavedClosing, StorageError> {
        on_store!(self, store => store.save_closing(record, result).await)
    }

    /// Keeps the user's estado and note on one discrepancy of the stored result (a few
    /// bytes; the result itself is not rewritten). Per discrepancy, the later write wins.
    pub async fn save_decision(
        &self,
        key: ClosingKey,
        decision: StoredDecision,
    ) -> Result<(), StorageError> {
        on_store!(self, store => store.save_decision(key, decision).await)
    }

    /// The estado edits stored since the closing's result was written.
    pub async fn decisions(&self, key: ClosingKey) -> Result<Vec<StoredDecision>, StorageError> {
        on_store!(self, store => store.decisions(key).await)
    }

    /// Deletes a closing with its result, estado edits, history, audit logs and stored files.
    pub async fn delete_closing(&self, key: ClosingKey) -> Result<(), StorageError> {
        on_store!(self, store => store.delete_closing(key).await)
    }

    /// Remembers a client's settings (the later write wins: settings are the analyst's
    /// latest decision, whichever tab made it).
    pub async fn save_client(&self, client: ClientRecord) -> Result<(), StorageError> {
        on_store!(self, store => store.save_client(client).await)
    }

    pub async fn load_client(&self, rut: Rut) -> Result<Option<ClientRecord>, StorageError> {
        on_store!(self, store => store.load_client(rut).await)
    }

    /// The settings proposed for a new closing of this client.
    pub async fn proposal_for(
        &self,
        rut: Rut,
    ) -> Result<Option<proposal::NextPeriodProposal>, StorageError> {
        let client = self.load_client(rut).await?;
        Ok(proposal::next_period_proposal(client.as_ref()))
    }

    /// Records a finished (or failed to start) run; returns its attempt number.
    pub async fn record_run(&self, run: RunRecord) -> Result<u32, StorageError> {
        on_store!(self, store => store.record_run(run).await)
    }

    /// A closing's attempts, first to last.
    pub async fn history(&self, key: ClosingKey) -> Result<Vec<AttemptRecord>, StorageError> {
        let mut attempts = on_store!(self, store => store.history(key).await)?;
        attempts.sort_by_key(|attempt| attempt.attempt);
        Ok(attempts)
    }

    pub async fn audit_log(
        &self,
        key: ClosingKey,
        attempt: u32,
    ) -> Result<Option<AuditLog>, StorageError> {
        on_store!(self, store => store.audit_log(key, attempt).await)
    }

    /// Totals per worker across runs: both workers, zero before their first run.
    pub async fn monitor_totals(&self) -> Result<[WorkerTotals; 2], StorageError> {
        let stored = on_store!(self, store => store.monitor().await)?;
        Ok(Group::ALL.map(|group| {
            stored
                .iter()
                .find(|totals| totals.group == group)
                .cloned()
                .unwrap_or_else(|| WorkerTotals::empty(group))
        }))
    }

    /// Keeps a file's contents (only when the user opted in for the closing).
    pub async fn put_file(
        &self,
        key: ClosingKey,
        slot: Slot,
        body: FileBody,
    ) -> Result<(), StorageError> {
        on_store!(self, store => store.put_file(key, slot, body).await)
    }

    pub async fn load_file(
        &self,
        key: ClosingKey,
        slot: Slot,
    ) -> Result<Option<FileBody>, StorageError> {
        on_store!(self, store => store.load_file(key, slot).await)
    }

    /// Drops a closing's stored file contents (the user opted out).
    pub async fn forget_files(&self, key: ClosingKey) -> Result<(), StorageError> {
        on_store!(self, store => store.forget_files(key).await)
    }

    /// "Borrar todo": deletes Cuadra's own database and nothing else on the origin, then
    /// starts again empty.
    pub async fn erase_everything(&self) -> Result<(), StorageError> {
        on_store!(self, store => store.erase_everything().await)
    }
}

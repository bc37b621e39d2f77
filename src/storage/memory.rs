//! The in-memory store: the same operations as the IndexedDB store over `BTreeMap`s. It is
//! what runs natively (so every storage rule is tested without a browser) and what the page
//! falls back to when IndexedDB is missing or refuses.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use cuadra_core::values::rut::Rut;
use cuadra_core::{Group, Slot};

use super::audit::{AuditLog, RunRecord};
use super::model::{
    check_revision, AttemptRecord, ClientRecord, ClosingKey, ClosingRecord, ResultWrite,
    SavedClosing, StoredDecision, StoredResult, WorkerTotals,
};
use super::{FileBody, StorageError};

#[derive(Default)]
struct Data {
    closings: BTreeMap<String, ClosingRecord>,
    results: BTreeMap<String, StoredResult>,
    clients: BTreeMap<Rut, ClientRecord>,
    attempts: BTreeMap<(String, u32), AttemptRecord>,
    audit: BTreeMap<(String, u32), AuditLog>,
    monitor: BTreeMap<Group, WorkerTotals>,
    files: BTreeMap<(String, Slot), FileBody>,
    decisions: BTreeMap<(String, usize), StoredDecision>,
}

/// Every record kept in this page's memory. Lost on reload, by definition.
#[derive(Default)]
pub struct MemoryStore {
    data: RefCell<Data>,
    /// A failure the next write returns instead of writing (tests of the callers' handling).
    injected_failure: Cell<Option<StorageError>>,
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let data = self.data.borrow();
        f.debug_struct("MemoryStore")
            .field("closings", &data.closings.len())
            .finish_non_exhaustive()
    }
}

// The methods are `async` only to share one interface with the IndexedDB store: each one
// completes at its first poll.
#[allow(clippy::unused_async)]
impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Makes the next write fail with `error` and change nothing, as a full quota would.
    pub fn inject_write_failure(&self, error: StorageError) {
        self.injected_failure.set(Some(error));
    }

    fn check_injected(&self) -> Result<(), StorageError> {
        match self.injected_failure.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    pub async fn closings(&self) -> Result<Vec<ClosingRecord>, StorageError> {
        Ok(self.data.borrow().closings.values().cloned().collect())
    }

    pub async fn closings_of_client(&self, rut: Rut) -> Result<Vec<ClosingRecord>, StorageError> {
        Ok(self
            .data
            .borrow()
            .closings
            .values()
            .filter(|record| record.key.company_rut == rut)
            .cloned()
            .collect())
    }

    pub async fn load_closing(
        &self,
        key: ClosingKey,
    ) -> Result<Option<ClosingRecord>, StorageError> {
        Ok(self.data.borrow().closings.get(&key.id()).cloned())
    }

    pub async fn load_result(&self, key: ClosingKey) -> Result<Option<StoredResult>, StorageError> {
        Ok(self.data.borrow().results.get(&key.id()).cloned())
    }

    pub async fn save_closing(
        &self,
        record: ClosingRecord,
        result: ResultWrite,
    ) -> Result<SavedClosing, StorageError> {
        let id = record.key.id();
        let mut data = self.data.borrow_mut();
        check_revision(data.closings.get(&id), record.revision)?;
        self.check_injected()?;
        let mut record = record;
        record.revision += 1;
        match result {
            ResultWrite::Keep => {}
            ResultWrite::Replace(stored) | ResultWrite::ReplaceSerialised(stored, _) => {
                data.results.insert(id.clone(), *stored);
                data.decisions.retain(|(closing, _), _| *closing != id);
            }
            ResultWrite::Remove => {
                data.results.remove(&id);
                data.decisions.retain(|(closing, _), _| *closing != id);
            }
        }
        data.closings.insert(id, record.clone());
        Ok(SavedClosing {
            record,
            result_bytes: None,
        })
    }

    pub async fn delete_closing(&self, key: ClosingKey) -> Result<(), StorageError> {
        self.check_injected()?;
        let id = key.id();
        let mut data = self.data.borrow_mut();
        data.closings.remove(&id);
        data.results.remove(&id);
        data.attempts.retain(|(closing, _), _| *closing != id);
        data.audit.retain(|(closing, _), _| *closing != id);
        data.files.retain(|(closing, _), _| *closing != id);
        data.decisions.retain(|(closing, _), _| *closing != id);
        Ok(())
    }

    pub async fn save_decision(
        &self,
        key: ClosingKey,
        decision: StoredDecision,
    ) -> Result<(), StorageError> {
        self.check_injected()?;
        self.data
            .borrow_mut()
            .decisions
            .insert((key.id(), decision.index), decision);
        Ok(())
    }

    pub async fn decisions(&self, key: ClosingKey) -> Result<Vec<StoredDecision>, StorageError> {
        let id = key.id();
        Ok(self
            .data
            .borrow()
            .decisions
            .range((id.clone(), 0)..=(id, usize::MAX))
            .map(|(_, decision)| decision.clone())
            .collect())
    }

    pub async fn save_client(&self, client: ClientRecord) -> Result<(), StorageError> {
        self.check_injected()?;
        self.data
            .borrow_mut()
            .clients
            .insert(client.company_rut, client);
        Ok(())
    }

    pub async fn load_client(&self, rut: Rut) -> Result<Option<ClientRecord>, StorageError> {
        Ok(self.data.borrow().clients.get(&rut).cloned())
    }

    pub async fn record_run(&self, run: RunRecord) -> Result<u32, StorageError> {
        self.check_injected()?;
        let id = run.attempt.key.id();
        let mut data = self.data.borrow_mut();
        let attempt = data
            .attempts
            .range((id.clone(), 0)..=(id.clone(), u32::MAX))
            .map(|((_, n), _)| *n)
            .max()
            .unwrap_or(0)
            + 1;
        let key = run.attempt.key;
        data.attempts.insert(
            (id.clone(), attempt),
            AttemptRecord {
                attempt,
                ..run.attempt
            },
        );
        data.audit.insert(
            (id, attempt),
            AuditLog {
                key,
                attempt,
                lines: run.audit,
            },
        );
        for outcome in &run.workers {
            data.monitor
                .entry(outcome.group)
                .or_insert_with(|| WorkerTotals::empty(outcome.group))
                .record(outcome);
        }
        Ok(attempt)
    }

    pub async fn history(&self, key: ClosingKey) -> Result<Vec<AttemptRecord>, StorageError> {
        let id = key.id();
        Ok(self
            .data
            .borrow()
            .attempts
            .range((id.clone(), 0)..=(id, u32::MAX))
            .map(|(_, attempt)| attempt.clone())
            .collect())
    }

    pub async fn audit_log(
        &self,
        key: ClosingKey,
        attempt: u32,
    ) -> Result<Option<AuditLog>, StorageError> {
        Ok(self.data.borrow().audit.get(&(key.id(), attempt)).cloned())
    }

    pub async fn monitor(&self) -> Result<Vec<WorkerTotals>, StorageError> {
        Ok(self.data.borrow().monitor.values().cloned().collect())
    }

    pub async fn put_file(
        &self,
        key: ClosingKey,
        slot: Slot,
        body: FileBody,
    ) -> Result<(), StorageError> {
        self.check_injected()?;
        self.data.borrow_mut().files.insert((key.id(), slot), body);
        Ok(())
    }

    pub async fn load_file(
        &self,
        key: ClosingKey,
        slot: Slot,
    ) -> Result<Option<FileBody>, StorageError> {
        Ok(self.data.borrow().files.get(&(key.id(), slot)).cloned())
    }

    pub async fn file_slots(&self, key: ClosingKey) -> Result<Vec<Slot>, StorageError> {
        let id = key.id();
        Ok(self
            .data
            .borrow()
            .files
            .keys()
            .filter(|(closing, _)| *closing == id)
            .map(|(_, slot)| *slot)
            .collect())
    }

    pub async fn forget_files(&self, key: ClosingKey) -> Result<(), StorageError> {
        self.check_injected()?;
        let id = key.id();
        self.data
            .borrow_mut()
            .files
            .retain(|(closing, _), _| *closing != id);
        Ok(())
    }

    pub async fn erase_everything(&self) -> Result<(), StorageError> {
        *self.data.borrow_mut() = Data::default();
        Ok(())
    }
}

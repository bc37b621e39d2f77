//! The IndexedDB store (wasm32 only): the memory store's operations on Cuadra's own
//! database, through `indexed_db_futures`.
//!
//! Every write follows one shape, because of how IndexedDB commits: serialise first, then
//! open the transaction, issue the requests (awaiting only IndexedDB requests: awaiting
//! anything else lets the transaction auto-commit early), then await the transaction's end.
//! A full disk arrives as an abort of the transaction, never on the request, so only the
//! commit's outcome says whether the write happened.

mod envelope;
mod schema;

use std::cell::{Cell, RefCell};

use cuadra_core::values::rut::Rut;
use cuadra_core::{Group, Slot};
use indexed_db_futures::database::Database;
use indexed_db_futures::error::Error;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::audit::{AuditLog, RunRecord};
use super::model::{
    check_revision, AttemptRecord, ClientRecord, ClosingKey, ClosingRecord, ResultWrite,
    SavedClosing, StoredDecision, StoredResult, WorkerTotals, SCHEMA_VERSION,
};
use super::{FileBody, StorageError};
use envelope::{
    attempt_key, bytes_envelope, closing_envelope, closing_range, decode, envelope, file_key,
    key_part, part_key, to_json,
};
pub use schema::open_schema_v1;
use schema::{
    exception_name, is_closed, ATTEMPTS, AUDIT, BY_CLIENT, CLIENTS, CLOSINGS, DECISIONS, FILES,
    MONITOR, RESULTS,
};

/// A failure the IndexedDB store can be told to suffer, to test the callers' handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InjectedFault {
    /// The next write's transaction aborts after its requests were issued, the way a full
    /// quota aborts it: the write's own records collide with themselves (`add` on a key the
    /// same transaction just `put`), which fails asynchronously and aborts everything.
    AbortNextWrite,
}

/// Cuadra's database, open.
pub struct IdbStore {
    name: String,
    /// `None` once another tab's `versionchange` closed the connection.
    db: RefCell<Option<Database>>,
    /// Keeps the `versionchange` handler alive as long as the connection.
    on_version_change: RefCell<Option<Closure<dyn FnMut()>>>,
    closed: std::rc::Rc<Cell<bool>>,
    fault: Cell<Option<InjectedFault>>,
}

impl std::fmt::Debug for IdbStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdbStore")
            .field("name", &self.name)
            .field("closed", &self.closed.get())
            .finish_non_exhaustive()
    }
}

/// How a crate error reads to the page, outside a commit.
fn failure(error: Error) -> StorageError {
    if is_closed(&error) {
        StorageError::Closed
    } else if exception_name(&error).as_deref() == Some("QuotaExceededError") {
        StorageError::WriteAborted { quota: true }
    } else {
        StorageError::Failed
    }
}

/// Awaits the end of a write transaction. An abort is reported with the transaction's own
/// error when it has one (`QuotaExceededError` when the disk is full).
async fn commit(tx: Transaction<'_>) -> Result<(), StorageError> {
    let sys: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    match tx.commit().await {
        Ok(()) => Ok(()),
        Err(error) if is_closed(&error) => Err(StorageError::Closed),
        Err(error) => {
            let quota = exception_name(&error).as_deref() == Some("QuotaExceededError")
                || sys
                    .error()
                    .is_some_and(|e| e.name() == "QuotaExceededError");
            Err(StorageError::WriteAborted { quota })
        }
    }
}

fn range(key: ClosingKey) -> KeyRange<JsValue> {
    let (lower, upper) = closing_range(key);
    KeyRange::Bound(lower, false, upper, false)
}

impl IdbStore {
    /// Opens (creating or upgrading) the database and probes it with a write.
    pub async fn open(name: &str) -> Result<IdbStore, StorageError> {
        let db = schema::open_at(name, SCHEMA_VERSION).await?;
        if let Err(error) = schema::probe(&db).await {
            // An open connection would block "Borrar todo" from another tab.
            db.close();
            return Err(error);
        }
        let store = IdbStore {
            name: name.to_string(),
            db: RefCell::new(None),
            on_version_change: RefCell::new(None),
            closed: std::rc::Rc::new(Cell::new(false)),
            fault: Cell::new(None),
        };
        store.attach(db);
        Ok(store)
    }

    /// Keeps `db`, closing it when another tab erases or upgrades the database: holding it
    /// open would block that tab, and its records are no longer what this one knows.
    fn attach(&self, db: Database) {
        let sys: web_sys::IdbDatabase = db.as_sys().clone().unchecked_into();
        let closed = self.closed.clone();
        let handle = sys.clone();
        let on_version_change = Closure::<dyn FnMut()>::new(move || {
            handle.close();
            closed.set(true);
        });
        sys.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        self.closed.set(false);
        *self.on_version_change.borrow_mut() = Some(on_version_change);
        *self.db.borrow_mut() = Some(db);
    }

    /// The next write fails as asked.
    pub fn inject_fault(&self, fault: InjectedFault) {
        self.fault.set(Some(fault));
    }

    fn db(&self) -> Result<Database, StorageError> {
        if self.closed.get() {
            return Err(StorageError::Closed);
        }
        self.db.borrow().clone().ok_or(StorageError::Closed)
    }

    /// Makes the transaction abort asynchronously if a fault was injected: `add` on a key
    /// that a request just `put` in the same transaction fails with `ConstraintError`.
    fn maybe_fault(&self, store: &ObjectStore<'_>, key: &JsValue) -> Result<(), StorageError> {
        if self.fault.take() == Some(InjectedFault::AbortNextWrite) {
            let _collision = store
                .add(JsValue::NULL)
                .with_key(key.clone())
                .primitive()
                .map_err(failure)?;
        }
        Ok(())
    }

    fn transaction<'db>(
        db: &'db Database,
        stores: &[&str],
        mode: TransactionMode,
    ) -> Result<Transaction<'db>, StorageError> {
        db.transaction(stores)
            .with_mode(mode)
            .build()
            .map_err(failure)
    }

    async fn get(
        &self,
        store: &'static str,
        key: JsValue,
    ) -> Result<Option<JsValue>, StorageError> {
        let db = self.db()?;
        let tx = IdbStore::transaction(&db, &[store], TransactionMode::Readonly)?;
        let object_store = tx.object_store(store).map_err(failure)?;
        object_store
            .get(key)
            .primitive()
            .map_err(failure)?
            .await
            .map_err(failure)
    }

    async fn get_all(
        &self,
        store: &'static str,
        query: Option<KeyRange<JsValue>>,
        index: Option<&str>,
    ) -> Result<Vec<JsValue>, StorageError> {
        let db = self.db()?;
        let tx = IdbStore::transaction(&db, &[store], TransactionMode::Readonly)?;
        let object_store = tx.object_store(store).map_err(failure)?;
        let values = match (index, query) {
            (Some(index), Some(query)) => {
                let index = object_store.index(index).map_err(failure)?;
                let request = index.get_all::<JsValue>().with_query::<JsValue, _>(query);
                request.primitive().map_err(failure)?.await
            }
            (_, Some(query)) => {
                let request = object_store
                    .get_all::<JsValue>()
                    .with_query::<JsValue, _>(query);
                request.primitive().map_err(failure)?.await
            }
            (_, None) => {
                let request = object_store.get_all::<JsValue>();
                request.primitive().map_err(failure)?.await
            }
        };
        values
            .map_err(failure)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(failure)
    }

    fn decode_all<T: serde::de::DeserializeOwned>(
        values: Vec<JsValue>,
        store: &'static str,
    ) -> Result<Vec<T>, StorageError> {
        values.iter().map(|value| decode(value, store)).collect()
    }

    pub async fn closings(&self) -> Result<Vec<ClosingRecord>, StorageError> {
        IdbStore::decode_all(self.get_all(CLOSINGS, None, None).await?, CLOSINGS)
    }

    pub async fn closings_of_client(&self, rut: Rut) -> Result<Vec<ClosingRecord>, StorageError> {
        let only = KeyRange::Only(JsValue::from_str(&rut.to_string()));
        let values = self.get_all(CLOSINGS, Some(only), Some(BY_CLIENT)).await?;
        IdbStore::decode_all(values, CLOSINGS)
    }

    pub async fn load_closing(
        &self,
        key: ClosingKey,
    ) -> Result<Option<ClosingRecord>, StorageError> {
        let value = self.get(CLOSINGS, JsValue::from_str(&key.id())).await?;
        value.map(|value| decode(&value, CLOSINGS)).transpose()
    }

    pub async fn load_result(&self, key: ClosingKey) -> Result<Option<StoredResult>, StorageError> {
        let value = self.get(RESULTS, JsValue::from_str(&key.id())).await?;
        value.map(|value| decode(&value, RESULTS)).transpose()
    }

    pub async fn save_closing(
        &self,
        record: ClosingRecord,
        result: ResultWrite,
    ) -> Result<SavedClosing, StorageError> {
        // Everything is serialised before the transaction opens: a 100,000-discrepancy
        // result takes a while, and the transaction should hold only IndexedDB work.
        let base = record.revision;
        let mut record = record;
        record.revision += 1;
        let id = JsValue::from_str(&record.key.id());
        let record_value = closing_envelope(record.key, &to_json(&record));
        let (result_value, result_bytes) = match &result {
            ResultWrite::Replace(stored) => {
                let json = to_json(stored.as_ref());
                let bytes = json.len();
                (Some(bytes_envelope(&json)), Some(bytes))
            }
            ResultWrite::ReplaceSerialised(_, json) => {
                (Some(bytes_envelope(json)), Some(json.len()))
            }
            ResultWrite::Keep | ResultWrite::Remove => (None, None),
        };
        let db = self.db()?;
        let stores = [CLOSINGS, RESULTS, DECISIONS];
        let tx = IdbStore::transaction(&db, &stores, TransactionMode::Readwrite)?;
        let closings = tx.object_store(CLOSINGS).map_err(failure)?;
        let stored = closings
            .get(id.clone())
            .primitive()
            .map_err(failure)?
            .await
            .map_err(failure)?;
        let stored: Option<ClosingRecord> =
            stored.map(|value| decode(&value, CLOSINGS)).transpose()?;
        // A refused write drops `tx`, which aborts it: nothing was issued anyway.
        check_revision(stored.as_ref(), base)?;
        let _put = closings
            .put(record_value)
            .with_key(id.clone())
            .primitive()
            .map_err(failure)?;
        let results = tx.object_store(RESULTS).map_err(failure)?;
        if !matches!(result, ResultWrite::Keep) {
            // A new result carries its own estados: edits made on the old one are done.
            let decisions = tx.object_store(DECISIONS).map_err(failure)?;
            let _delete = decisions
                .delete::<JsValue, _>(range(record.key))
                .primitive()
                .map_err(failure)?;
        }
        match (result, result_value) {
            (ResultWrite::Replace(_) | ResultWrite::ReplaceSerialised(..), Some(value)) => {
                let _put = results
                    .put(value)
                    .with_key(id.clone())
                    .primitive()
                    .map_err(failure)?;
            }
            (ResultWrite::Remove, _) => {
                let _delete = results.delete(id.clone()).primitive().map_err(failure)?;
            }
            _ => {}
        }
        self.maybe_fault(&closings, &id)?;
        commit(tx).await?;
        Ok(SavedClosing {
            record,
            result_bytes,
        })
    }

    pub async fn delete_closing(&self, key: ClosingKey) -> Result<(), StorageError> {
        let db = self.db()?;
        let stores = [CLOSINGS, RESULTS, ATTEMPTS, AUDIT, FILES, DECISIONS];
        let tx = IdbStore::transaction(&db, &stores, TransactionMode::Readwrite)?;
        let id = JsValue::from_str(&key.id());
        for store in [CLOSINGS, RESULTS] {
            let object_store = tx.object_store(store).map_err(failure)?;
            let _delete = object_store
                .delete(id.clone())
                .primitive()
                .map_err(failure)?;
        }
        for store in [ATTEMPTS, AUDIT, FILES, DECISIONS] {
            let object_store = tx.object_store(store).map_err(failure)?;
            let _delete = object_store
                .delete::<JsValue, _>(range(key))
                .primitive()
                .map_err(failure)?;
        }
        commit(tx).await
    }

    /// Puts one value in one store, in its own transaction.
    async fn put_one(
        &self,
        store: &'static str,
        key: JsValue,
        value: JsValue,
    ) -> Result<(), StorageError> {
        let db = self.db()?;
        let tx = IdbStore::transaction(&db, &[store], TransactionMode::Readwrite)?;
        let object_store = tx.object_store(store).map_err(failure)?;
        let _put = object_store
            .put(value)
            .with_key(key.clone())
            .primitive()
            .map_err(failure)?;
        self.maybe_fault(&object_store, &key)?;
        commit(tx).await
    }

    pub async fn save_decision(
        &self,
        key: ClosingKey,
        decision: StoredDecision,
    ) -> Result<(), StorageError> {
        let id = part_key(key, &JsValue::from(decision.index as f64));
        let value = envelope(&JsValue::from_str(&to_json(&decision)));
        self.put_one(DECISIONS, id, value).await
    }

    pub async fn decisions(&self, key: ClosingKey) -> Result<Vec<StoredDecision>, StorageError> {
        let values = self.get_all(DECISIONS, Some(range(key)), None).await?;
        IdbStore::decode_all(values, DECISIONS)
    }

    pub async fn save_client(&self, client: ClientRecord) -> Result<(), StorageError> {
        let value = envelope(&JsValue::from_str(&to_json(&client)));
        let key = JsValue::from_str(&client.company_rut.to_string());
        self.put_one(CLIENTS, key, value).await
    }

    pub async fn load_client(&self, rut: Rut) -> Result<Option<ClientRecord>, StorageError> {
        let value = self
            .get(CLIENTS, JsValue::from_str(&rut.to_string()))
            .await?;
        value.map(|value| decode(&value, CLIENTS)).transpose()
    }

    pub async fn record_run(&self, run: RunRecord) -> Result<u32, StorageError> {
        let key = run.attempt.key;
        let db = self.db()?;
        let stores = [ATTEMPTS, AUDIT, MONITOR];
        let tx = IdbStore::transaction(&db, &stores, TransactionMode::Readwrite)?;
        let attempts = tx.object_store(ATTEMPTS).map_err(failure)?;
        let keys = attempts
            .get_all_keys::<JsValue>()
            .with_query::<JsValue, _>(range(key))
            .primitive()
            .map_err(failure)?
            .await
            .map_err(failure)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(failure)?;
        let attempt = keys
            .iter()
            .filter_map(|key| key_part(key).as_f64())
            .fold(0.0, f64::max) as u32
            + 1;
        // The monitor's totals are read and written back in this same transaction, so two
        // tabs finishing runs at once cannot lose a count.
        let monitor = tx.object_store(MONITOR).map_err(failure)?;
        let mut totals = Vec::with_capacity(run.workers.len());
        for outcome in &run.workers {
            let stored = monitor
                .get(JsValue::from_str(outcome.group.id()))
                .primitive()
                .map_err(failure)?
                .await
                .map_err(failure)?;
            let mut worker: WorkerTotals = match stored {
                Some(value) => decode(&value, MONITOR)?,
                None => WorkerTotals::empty(outcome.group),
            };
            worker.record(outcome);
            totals.push(worker);
        }
        // Small records: serialising them here is synchronous work, which keeps the
        // transaction alive (only awaiting something else would not).
        let attempt_value = AttemptRecord {
            attempt,
            ..run.attempt
        };
        let log = AuditLog {
            key,
            attempt,
            lines: run.audit,
        };
        let attempt_id = attempt_key(key, attempt);
        let _put = attempts
            .put(envelope(&JsValue::from_str(&to_json(&attempt_value))))
            .with_key(attempt_id.clone())
            .primitive()
            .map_err(failure)?;
        let audit = tx.object_store(AUDIT).map_err(failure)?;
        let _put = audit
            .put(envelope(&JsValue::from_str(&to_json(&log))))
            .with_key(attempt_key(key, attempt))
            .primitive()
            .map_err(failure)?;
        for worker in &totals {
            let _put = monitor
                .put(envelope(&JsValue::from_str(&to_json(worker))))
                .with_key(JsValue::from_str(worker.group.id()))
                .primitive()
                .map_err(failure)?;
        }
        self.maybe_fault(&attempts, &attempt_id)?;
        commit(tx).await?;
        Ok(attempt)
    }

    pub async fn history(&self, key: ClosingKey) -> Result<Vec<AttemptRecord>, StorageError> {
        IdbStore::decode_all(
            self.get_all(ATTEMPTS, Some(range(key)), None).await?,
            ATTEMPTS,
        )
    }

    pub async fn audit_log(
        &self,
        key: ClosingKey,
        attempt: u32,
    ) -> Result<Option<AuditLog>, StorageError> {
        let value = self.get(AUDIT, attempt_key(key, attempt)).await?;
        value.map(|value| decode(&value, AUDIT)).transpose()
    }

    pub async fn monitor(&self) -> Result<Vec<WorkerTotals>, StorageError> {
        let totals: Vec<WorkerTotals> =
            IdbStore::decode_all(self.get_all(MONITOR, None, None).await?, MONITOR)?;
        Ok(Group::ALL
            .into_iter()
            .filter_map(|group| totals.iter().find(|t| t.group == group).cloned())
            .collect())
    }

    pub async fn put_file(
        &self,
        key: ClosingKey,
        slot: Slot,
        body: FileBody,
    ) -> Result<(), StorageError> {
        // The Blob goes in as it is: IndexedDB copies it without the page reading it.
        self.put_one(FILES, file_key(key, slot), envelope(&body.into()))
            .await
    }

    pub async fn load_file(
        &self,
        key: ClosingKey,
        slot: Slot,
    ) -> Result<Option<FileBody>, StorageError> {
        let Some(value) = self.get(FILES, file_key(key, slot)).await? else {
            return Ok(None);
        };
        let body = envelope::data(&value, FILES)?;
        body.dyn_into::<web_sys::Blob>()
            .map(Some)
            .map_err(|_| StorageError::Unreadable { store: FILES })
    }

    pub async fn file_slots(&self, key: ClosingKey) -> Result<Vec<Slot>, StorageError> {
        let db = self.db()?;
        let tx = IdbStore::transaction(&db, &[FILES], TransactionMode::Readonly)?;
        let files = tx.object_store(FILES).map_err(failure)?;
        let keys = files
            .get_all_keys::<JsValue>()
            .with_query::<JsValue, _>(range(key))
            .primitive()
            .map_err(failure)?
            .await
            .map_err(failure)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(failure)?;
        Ok(keys
            .iter()
            .filter_map(|key| key_part(key).as_string())
            .filter_map(|id| Slot::ALL.into_iter().find(|slot| slot.id() == id))
            .collect())
    }

    pub async fn forget_files(&self, key: ClosingKey) -> Result<(), StorageError> {
        let db = self.db()?;
        let tx = IdbStore::transaction(&db, &[FILES], TransactionMode::Readwrite)?;
        let files = tx.object_store(FILES).map_err(failure)?;
        let _delete = files
            .delete::<JsValue, _>(range(key))
            .primitive()
            .map_err(failure)?;
        commit(tx).await
    }

    /// Deletes this database (only Cuadra's: the origin may be a portal's) and opens it
    /// again, empty. Other tabs close their connections on `versionchange`, which is what
    /// lets the deletion proceed.
    pub async fn erase_everything(&self) -> Result<(), StorageError> {
        if let Some(db) = self.db.borrow_mut().take() {
            db.close();
        }
        self.closed.set(true);
        Database::delete_by_name(&self.name)
            .map_err(|_| StorageError::Failed)?
            .await
            .map_err(failure)?;
        let db = schema::open_at(&self.name, SCHEMA_VERSION).await?;
        if let Err(error) = schema::probe(&db).await {
            db.close();
            return Err(error);
        }
        self.attach(db);
        Ok(())
    }
}

//! Opening Cuadra's database: the object stores of each schema version, the upgrade path
//! from any older version, and what an open that fails means for the page.
//!
//! | version | adds |
//! |---|---|
//! | 1 | `meta`, `closings`, `results`, `clients`, `attempts`, `audit`, `files` |
//! | 2 | `monitor`, `decisions`; the `by_client` index over `closings`; `ClosingRecord::filters` (a serde default) |
//!
//! Upgrades are steps (`old < n`), so a version-1 database walks every step after 1 and a
//! new one walks them all: there is one way to reach each schema.

use std::future::IntoFuture;

use futures::future::{select, Either};
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{DomException, Error, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;

use super::super::{StorageError, Unavailable};
use super::envelope::RUT_FIELD;

pub const META: &str = "meta";
pub const CLOSINGS: &str = "closings";
pub const RESULTS: &str = "results";
pub const CLIENTS: &str = "clients";
pub const ATTEMPTS: &str = "attempts";
pub const AUDIT: &str = "audit";
pub const FILES: &str = "files";
/// Schema 2.
pub const MONITOR: &str = "monitor";
/// Schema 2: estados and notes edited since the result was written.
pub const DECISIONS: &str = "decisions";
/// Schema 2: closings by client RUT (the envelope's `rut`).
pub const BY_CLIENT: &str = "by_client";
/// The record the open probe writes, in `meta`.
pub const PROBE_KEY: &str = "sonda";

/// Creates what each version adds, from `old` up to `target`. Runs inside the
/// `versionchange` transaction, so a failure leaves the database at `old`.
fn upgrade(db: &Database, old: u32, target: u32) -> indexed_db_futures::Result<()> {
    if old < 1 && target >= 1 {
        for name in [META, CLOSINGS, RESULTS, CLIENTS, ATTEMPTS, AUDIT, FILES] {
            db.create_object_store(name).build()?;
        }
    }
    if old < 2 && target >= 2 {
        db.create_object_store(DECISIONS).build()?;
        let monitor = db.create_object_store(MONITOR).build()?;
        // indexed_db_futures hands the upgrade callback no transaction, and an index on an
        // existing store needs the `versionchange` one: a store created here belongs to it.
        let closings = monitor.as_sys().transaction().object_store(CLOSINGS)?;
        closings.create_index_with_str(BY_CLIENT, RUT_FIELD)?;
    }
    Ok(())
}

/// The name of a DOMException behind a crate error, if there is one.
pub fn exception_name(error: &Error) -> Option<String> {
    match error {
        Error::DomException(exception) => {
            let exception: web_sys::DomException = exception.clone().into();
            Some(exception.name())
        }
        Error::Unknown(_) | Error::Serialisation(_) | Error::MissingData(_) => None,
    }
}

fn unavailable(error: OpenDbError) -> StorageError {
    let reason = match error {
        OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory => Unavailable::Missing,
        OpenDbError::Base(error) => match exception_name(&error).as_deref() {
            Some("VersionError") => Unavailable::NewerSchema,
            Some(name) => Unavailable::Refused(name.to_string()),
            None => Unavailable::Refused(error.to_string()),
        },
        OpenDbError::VersionZero => Unavailable::Refused("VersionZero".to_string()),
    };
    StorageError::Unavailable(reason)
}

/// Opens `name` at schema `target`, upgrading as needed. An open that another tab blocks
/// (an older Cuadra that does not close on `versionchange`) gives up at once with
/// `Blocked` rather than leaving the page waiting: the page then works in memory.
pub async fn open_at(name: &str, target: u32) -> Result<Database, StorageError> {
    let (blocked, on_blocked) = futures::channel::oneshot::channel::<()>();
    let open = Database::open(name)
        .with_version(target)
        .with_on_blocked(move |_event| {
            let _ = blocked.send(());
            Ok(())
        })
        .with_on_upgrade_needed(move |event, db| {
            // Versions are small integers stored as doubles.
            upgrade(&db, event.old_version() as u32, target)
        })
        .into_future();
    match select(Box::pin(open), on_blocked).await {
        Either::Left((Ok(db), _)) => Ok(db),
        Either::Left((Err(error), _)) => Err(unavailable(error)),
        Either::Right((Ok(()), open)) => {
            // The request stays pending until the old tab lets go. Close what it opens then,
            // so this page never holds a connection it does not use (it would block
            // "Borrar todo" from another tab).
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(db) = open.await {
                    db.close();
                }
            });
            Err(StorageError::Unavailable(Unavailable::Blocked))
        }
        // The sender went with a finished open request that the left arm reports.
        Either::Right((Err(_), open)) => open.await.map_err(unavailable),
    }
}

/// Writes the probe record: some private modes open the database and refuse every write.
pub async fn probe(db: &Database) -> Result<(), StorageError> {
    let refused = |error: Error| {
        let name = exception_name(&error).unwrap_or_else(|| error.to_string());
        StorageError::Unavailable(Unavailable::Refused(name))
    };
    let tx = db
        .transaction(META)
        .with_mode(indexed_db_futures::transaction::TransactionMode::Readwrite)
        .build()
        .map_err(refused)?;
    let meta = tx.object_store(META).map_err(refused)?;
    let value = super::envelope::envelope(&wasm_bindgen::JsValue::from_str("ok"));
    meta.put(value)
        .with_key(PROBE_KEY)
        .primitive()
        .map_err(refused)?;
    tx.commit().await.map_err(refused)
}

/// Opens `name` with only the schema-1 stores, as Cuadra's first storage release did: the
/// upgrade test writes version-1 records through it and reopens them with the current code.
#[doc(hidden)]
pub async fn open_schema_v1(name: &str) -> Result<Database, StorageError> {
    open_at(name, 1).await
}

/// Whether a crate error means the connection is gone (closed by `versionchange`).
pub fn is_closed(error: &Error) -> bool {
    matches!(
        error,
        Error::DomException(DomException::InvalidStateError(_))
    )
}

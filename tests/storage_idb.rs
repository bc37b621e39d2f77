//! The IndexedDB store in Chromium (wasm-bindgen-test): the storage rules of
//! `tests/storage.rs` on a real database, a 100,000-discrepancy result saved and restored
//! (time and size logged), "Borrar todo" touching only Cuadra's database, the schema
//! upgrade from version 1, two tabs on one closing, and the failure paths with their
//! fallback to memory.
#![cfg(target_arch = "wasm32")]

mod support;

use cuadra_core::document::ClosingState;
use cuadra_core::values::rut::Rut;
use cuadra_core::{Group, Period, Settings, Slot};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

use cuadra_app::storage::idb::{open_schema_v1, IdbStore, InjectedFault};
use cuadra_app::storage::{
    ClosingKey, ClosingRecord, ResultWrite, Storage, StorageError, StoredDecision, StoredResult,
    Unavailable,
};
use support::checks;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

fn log(text: &str) {
    web_sys::console::log_1(&JsValue::from_str(text));
}

/// Deletes a test database, so each test starts from nothing.
async fn delete_database(name: &str) {
    Database::delete_by_name(name)
        .expect("deleteDatabase starts")
        .await
        .expect("the test database is deleted");
}

/// A fresh IndexedDB-backed storage on its own database.
async fn fresh(name: &str) -> Storage {
    delete_database(name).await;
    Storage::IndexedDb(
        IdbStore::open(name)
            .await
            .expect("IndexedDB opens in Chromium"),
    )
}

fn idb(storage: &Storage) -> &IdbStore {
    match storage {
        Storage::IndexedDb(store) => store,
        Storage::Memory(_) => panic!("expected the IndexedDB store"),
    }
}

#[wasm_bindgen_test]
async fn closings_list_newest_first() {
    checks::list_newest_first(&fresh("cuadra-test-list").await).await;
}

#[wasm_bindgen_test]
async fn a_closing_restores_whole_and_switches() {
    checks::restore_and_switch(&fresh("cuadra-test-restore").await).await;
}

#[wasm_bindgen_test]
async fn history_trend_and_monitor_totals() {
    checks::history_and_monitor(&fresh("cuadra-test-history").await).await;
}

#[wasm_bindgen_test]
async fn deleting_a_closing_removes_its_history_audit_and_files() {
    checks::delete_removes_everything_of_a_closing(&fresh("cuadra-test-delete").await).await;
}

#[wasm_bindgen_test]
async fn a_stale_revision_is_refused() {
    checks::stale_revision_is_refused(&fresh("cuadra-test-revision").await).await;
}

#[wasm_bindgen_test]
async fn client_settings_come_back_as_the_proposal() {
    checks::client_settings_round_trip(&fresh("cuadra-test-client").await).await;
}

#[wasm_bindgen_test]
async fn a_result_keeps_estados_and_what_changed() {
    checks::result_with_changes_round_trip(&fresh("cuadra-test-changes").await).await;
}

#[wasm_bindgen_test]
async fn estado_edits_are_decisions_applied_on_restore() {
    checks::decisions_apply_on_restore(&fresh("cuadra-test-decisions").await).await;
}

#[wasm_bindgen_test]
async fn the_stored_audit_log_has_no_cell_contents() {
    checks::stored_audit_log_has_no_cell_contents(&fresh("cuadra-test-audit").await).await;
}

/// "Borrar todo" deletes Cuadra's database and leaves a portal's database on the same
/// origin as it was.
#[wasm_bindgen_test]
async fn erase_everything_touches_only_cuadras_database() {
    let portal = "portal-propio";
    delete_database(portal).await;
    let portal_db = Database::open(portal)
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| db.create_object_store("sesiones").build().map(|_| ()))
        .await
        .expect("the portal's database opens");
    portal_db.close();

    checks::erase_everything(&fresh("cuadra-test-erase").await).await;

    let portal_db = Database::open(portal)
        .await
        .expect("the portal's database is still there");
    let stores: Vec<String> = portal_db.object_store_names().collect();
    assert_eq!(stores, ["sesiones"]);
    assert_eq!(portal_db.version(), 1.0);
    portal_db.close();
}

/// A 100,000-discrepancy result is one record write, an estado edit on it a small one, and
/// both come back. Logs the serialised size and the times; optimised builds also log how
/// the time splits and the same round trip as a structured clone (serde-wasm-bindgen),
/// which is how the codec was chosen. Debug builds skip that part: the whole binary must
/// finish within the test runner's 20 seconds.
#[wasm_bindgen_test]
async fn a_100k_result_saves_and_restores() {
    let name = "cuadra-test-100k";
    let storage = fresh(name).await;
    let document = support::large_document(100_000);
    let key = ClosingKey {
        company_rut: document.closing.company_rut.expect("a client RUT"),
        period: document.closing.period.expect("a period"),
    };
    let mut record = ClosingRecord::new(key, document.settings.clone(), js_sys::Date::now());
    record.take_result_facts(&document);
    let stored = StoredResult::after_run(None, document);

    let write = ResultWrite::Replace(Box::new(stored.clone()));
    let started = now();
    let saved = storage
        .save_closing(record, write)
        .await
        .expect("the large result saves");
    let save_ms = now() - started;
    let bytes = saved.result_bytes.expect("a result was written");
    // An estado edit writes a decision, not the result.
    let mut edited = stored.clone();
    assert!(edited.document.set_status(
        99_999,
        cuadra_core::DiscrepancyStatus::Justified,
        Some("ok".into())
    ));
    let decision = StoredDecision::of(&edited.document, 99_999, 1.0).expect("a decision");
    let started = now();
    storage
        .save_decision(key, decision)
        .await
        .expect("the edit saves");
    let decision_ms = now() - started;
    let started = now();
    let restored = storage
        .restore_closing(key)
        .await
        .expect("restores")
        .expect("the closing is there");
    let restore_ms = now() - started;
    let result = restored.result.expect("its result");
    assert_eq!(result.document.discrepancies.len(), 100_000);
    assert_eq!(result, edited);
    assert_eq!(restored.record.n_discrepancies, Some(100_000));
    log(&format!(
        "storage 100k JSON: {:.1} MB, save {save_ms:.0} ms, restore {restore_ms:.0} ms; \
         an estado edit {decision_ms:.1} ms",
        bytes as f64 / 1e6
    ));
    #[cfg(not(debug_assertions))]
    measure_codecs(name, &stored).await;
}

/// Puts `value` in the `results` store and reads it back: (put ms, the value, get ms).
#[cfg(not(debug_assertions))]
async fn put_and_get(db: &Database, key: &str, value: JsValue) -> (f64, JsValue, f64) {
    let started = now();
    let tx = db
        .transaction("results")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("a transaction");
    let store = tx.object_store("results").expect("the results store");
    let _put = store
        .put(value)
        .with_key(JsValue::from_str(key))
        .primitive()
        .expect("the put starts");
    drop(store);
    tx.commit().await.expect("commits");
    let put_ms = now() - started;
    let started = now();
    let tx = db.transaction("results").build().expect("a transaction");
    let store = tx.object_store("results").expect("the results store");
    let value: Option<JsValue> = store
        .get(JsValue::from_str(key))
        .primitive()
        .expect("the get starts")
        .await
        .expect("reads");
    (put_ms, value.expect("stored"), now() - started)
}

/// The three ways to store a result, on the same value and object store: JSON as UTF-8
/// bytes (what the store does), JSON as a JS string, and a structured clone through
/// serde-wasm-bindgen. Each time includes encoding and decoding.
#[cfg(not(debug_assertions))]
async fn measure_codecs(name: &str, stored: &StoredResult) {
    let db = Database::open(name).await.expect("reopens");

    let started = now();
    let json = serde_json::to_string(stored).expect("serialises");
    let serialise_ms = now() - started;
    let value: JsValue = js_sys::Uint8Array::from(json.as_bytes()).into();
    let (put_ms, back, get_ms) = put_and_get(&db, "bytes", value).await;
    let started = now();
    let bytes = js_sys::Uint8Array::new(&back).to_vec();
    let parsed: StoredResult = serde_json::from_slice(&bytes).expect("parses");
    let parse_ms = now() - started;
    assert_eq!(parsed.document.discrepancies.len(), 100_000);
    log(&format!(
        "storage 100k JSON bytes: save {:.0} ms (serialise {serialise_ms:.0}), restore {:.0} ms \
         (parse {parse_ms:.0})",
        serialise_ms + put_ms,
        get_ms + parse_ms
    ));
    drop((bytes, parsed));

    let started = now();
    let value = JsValue::from_str(&json);
    let to_js_ms = now() - started;
    let (put_ms, back, get_ms) = put_and_get(&db, "string", value).await;
    let started = now();
    let text = back.as_string().expect("a string");
    let parsed: StoredResult = serde_json::from_str(&text).expect("parses");
    let decode_ms = now() - started;
    assert_eq!(parsed.document.discrepancies.len(), 100_000);
    log(&format!(
        "storage 100k JSON string: save {:.0} ms, restore {:.0} ms",
        serialise_ms + to_js_ms + put_ms,
        get_ms + decode_ms
    ));
    drop((json, text, parsed));

    let started = now();
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = serde::Serialize::serialize(stored, &serializer).expect("serialises to JS");
    let encode_ms = now() - started;
    let (put_ms, back, get_ms) = put_and_get(&db, "clone", value).await;
    let started = now();
    let parsed: StoredResult = serde_wasm_bindgen::from_value(back).expect("deserialises");
    let decode_ms = now() - started;
    assert_eq!(parsed.document.discrepancies.len(), 100_000);
    log(&format!(
        "storage 100k structured clone: save {:.0} ms, restore {:.0} ms",
        encode_ms + put_ms,
        get_ms + decode_ms
    ));
    db.close();
}

/// Version-1 records, written by a version-1 opener in version 1's shape (no `filters`,
/// no monitor store, no client index), read by the current code after its upgrade.
#[wasm_bindgen_test]
async fn schema_v1_records_read_after_the_upgrade() {
    let name = "cuadra-test-upgrade";
    delete_database(name).await;
    let run = support::small_run(41);
    let key = run.key();
    let id = key.id();
    let rut = key.company_rut.to_string();
    let v1 = open_schema_v1(name).await.expect("a version-1 database");
    assert_eq!(v1.version(), 1.0);
    let names: Vec<String> = v1.object_store_names().collect();
    assert!(!names.contains(&"monitor".to_string()));
    // The closing record as version 1 wrote it: every field of that time, no `filters`.
    let mut closing = serde_json::to_value(ClosingRecord {
        revision: 4,
        ..ClosingRecord::new(key, run.document.settings.clone(), 1_000.0)
    })
    .expect("serialises");
    closing
        .as_object_mut()
        .expect("an object")
        .remove("filters");
    let result = serde_json::to_string(&StoredResult::after_run(None, run.document.clone()))
        .expect("serialises");
    let attempt = serde_json::json!({
        "key": key, "attempt": 1, "started_at_ms": 10.0, "duration_ms": 42.0,
        "total": 3, "totals_by_group": { "libro_vs_novedades": 1, "movimientos_vs_analista": 2 },
        "final_state": "con_discrepancias", "incomplete": false, "error": null,
    });
    let envelope = |json: String, extra: &[(&str, &str)]| {
        let object = js_sys::Object::new();
        js_sys::Reflect::set(&object, &"v".into(), &JsValue::from(1)).expect("sets");
        js_sys::Reflect::set(&object, &"datos".into(), &JsValue::from_str(&json)).expect("sets");
        for (field, value) in extra {
            js_sys::Reflect::set(&object, &(*field).into(), &JsValue::from_str(value))
                .expect("sets");
        }
        JsValue::from(object)
    };
    let pair =
        |second: JsValue| JsValue::from(js_sys::Array::of2(&JsValue::from_str(&id), &second));
    let tx = v1
        .transaction(["closings", "results", "attempts"])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("a transaction");
    for (store, key, value) in [
        (
            "closings",
            JsValue::from_str(&id),
            envelope(
                closing.to_string(),
                &[("rut", &rut), ("periodo", "2025-03")],
            ),
        ),
        ("results", JsValue::from_str(&id), envelope(result, &[])),
        (
            "attempts",
            pair(JsValue::from(1)),
            envelope(attempt.to_string(), &[]),
        ),
    ] {
        let object_store = tx.object_store(store).expect("a v1 store");
        let _put = object_store
            .put(value)
            .with_key(key)
            .primitive()
            .expect("the put starts");
    }
    tx.commit().await.expect("the v1 records commit");
    v1.close();

    let storage = Storage::IndexedDb(
        IdbStore::open(name)
            .await
            .expect("the current code opens v1"),
    );
    let listed = storage.list_closings().await.expect("lists");
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].key, listed[0].revision), (key, 4));
    assert_eq!(listed[0].filters, Default::default());
    let of_client = storage
        .closings_of_client(key.company_rut)
        .await
        .expect("the version-2 index covers version-1 records");
    assert_eq!(of_client.len(), 1);
    let restored = storage
        .restore_closing(key)
        .await
        .expect("restores")
        .expect("there");
    assert_eq!(restored.result.expect("a result").document, run.document);
    let history = storage.history(key).await.expect("reads");
    assert_eq!((history.len(), history[0].total), (1, 3));
    assert_eq!(
        storage
            .monitor_totals()
            .await
            .expect("the new store is there")[0]
            .runs,
        0
    );
    let decision = StoredDecision::of(&run.document, 0, 1.0).expect("a decision");
    storage
        .save_decision(key, decision)
        .await
        .expect("the decisions store is there");
    let mut record = restored.record;
    record.state = ClosingState::FilesComplete;
    let saved = storage
        .save_closing(record, ResultWrite::Keep)
        .await
        .expect("writes on v2");
    assert_eq!(saved.record.revision, 5);
    let db = Database::open(name).await.expect("reopens");
    assert_eq!(db.version(), 2.0);
    db.close();
}

/// Two tabs (two connections) on one closing: the stale one is refused; when one erases
/// everything the other's connection closes and it says so.
#[wasm_bindgen_test]
async fn two_tabs_on_one_closing() {
    let name = "cuadra-test-tabs";
    let tab_a = fresh(name).await;
    let tab_b = Storage::IndexedDb(IdbStore::open(name).await.expect("a second connection"));
    let key = ClosingKey {
        company_rut: Rut::from_number(76_123_456),
        period: Period {
            year: 2025,
            month: 6,
        },
    };
    let first = tab_a
        .save_closing(
            ClosingRecord::new(key, Settings::default(), 1.0),
            ResultWrite::Keep,
        )
        .await
        .expect("tab A creates it")
        .record;
    let in_b = tab_b
        .restore_closing(key)
        .await
        .expect("reads")
        .expect("tab B sees it")
        .record;
    assert_eq!(in_b, first);
    let mut a_edit = first.clone();
    a_edit.state = ClosingState::LoadingFiles;
    tab_a
        .save_closing(a_edit, ResultWrite::Keep)
        .await
        .expect("tab A writes");
    let mut b_edit = in_b;
    b_edit.state = ClosingState::FilesComplete;
    match tab_b.save_closing(b_edit, ResultWrite::Keep).await {
        Err(StorageError::ChangedElsewhere {
            stored: Some(stored),
        }) => {
            assert_eq!(
                (stored.revision, stored.state),
                (2, ClosingState::LoadingFiles)
            );
        }
        other => panic!("tab B must be told, got {other:?}"),
    }
    tab_a
        .erase_everything()
        .await
        .expect("tab A erases; tab B lets go");
    assert_eq!(tab_b.list_closings().await, Err(StorageError::Closed));
    assert!(StorageError::Closed.notice().in_memory_only);
    assert!(tab_a
        .list_closings()
        .await
        .expect("tab A goes on")
        .is_empty());
}

/// A write whose transaction aborts after its requests went out (how a full quota looks)
/// reports `WriteAborted` and leaves the stored closing as it was.
#[wasm_bindgen_test]
async fn an_aborted_write_changes_nothing() {
    let storage = fresh("cuadra-test-abort").await;
    let run = support::small_run(42);
    let mut record = ClosingRecord::new(run.key(), Settings::default(), 1.0);
    record.take_result_facts(&run.document);
    let saved = storage
        .save_closing(record, ResultWrite::Keep)
        .await
        .expect("saves")
        .record;
    idb(&storage).inject_fault(InjectedFault::AbortNextWrite);
    let mut changed = saved.clone();
    changed.state = ClosingState::FilesComplete;
    let stored = StoredResult::after_run(None, run.document.clone());
    let error = storage
        .save_closing(changed.clone(), ResultWrite::Replace(Box::new(stored)))
        .await
        .expect_err("the injected abort");
    assert_eq!(error, StorageError::WriteAborted { quota: false });
    let restored = storage
        .restore_closing(run.key())
        .await
        .expect("reads")
        .expect("there");
    assert_eq!(restored.record, saved);
    assert_eq!(
        restored.result, None,
        "the result write rolled back with the record"
    );
    idb(&storage).inject_fault(InjectedFault::AbortNextWrite);
    let file_error = storage
        .put_file(run.key(), Slot::PayrollBook, support::body(b"libro"))
        .await
        .expect_err("the injected abort");
    assert_eq!(file_error, StorageError::WriteAborted { quota: false });
    assert!(storage
        .load_file(run.key(), Slot::PayrollBook)
        .await
        .expect("reads")
        .is_none());
    let retried = storage
        .save_closing(changed, ResultWrite::Keep)
        .await
        .expect("the next write works");
    assert_eq!(retried.record.revision, 2);
}

/// Unusable IndexedDB — written by a newer Cuadra, or held by an old tab that blocks the
/// upgrade — yields memory and a notice, and the memory store keeps the work.
#[wasm_bindgen_test]
async fn unavailable_indexeddb_falls_back_to_memory() {
    let newer = "cuadra-test-newer";
    delete_database(newer).await;
    let future_db = Database::open(newer)
        .with_version(99u32)
        .await
        .expect("opens at 99");
    future_db.close();
    let (storage, notice) = Storage::open_named_or_memory(newer).await;
    assert!(!storage.is_persistent());
    let notice = notice.expect("a notice");
    assert!(notice.in_memory_only);
    assert_eq!(
        notice.message,
        StorageError::Unavailable(Unavailable::NewerSchema).to_string()
    );
    keeps_working(&storage).await;

    let blocked = "cuadra-test-blocked";
    delete_database(blocked).await;
    let old_tab = open_schema_v1(blocked)
        .await
        .expect("an old tab holds version 1");
    let (storage, notice) = Storage::open_named_or_memory(blocked).await;
    assert!(!storage.is_persistent());
    assert_eq!(
        notice.expect("a notice").message,
        StorageError::Unavailable(Unavailable::Blocked).to_string()
    );
    keeps_working(&storage).await;
    old_tab.close();
    // The given-up open completes once the old tab lets go, and closes at once: otherwise
    // this deletion would wait for it forever.
    delete_database(blocked).await;
}

async fn keeps_working(storage: &Storage) {
    let key = ClosingKey {
        company_rut: Rut::from_number(76_123_456),
        period: Period {
            year: 2025,
            month: 7,
        },
    };
    let saved = storage
        .save_closing(
            ClosingRecord::new(key, Settings::default(), 1.0),
            ResultWrite::Keep,
        )
        .await
        .expect("memory saves");
    assert_eq!(saved.record.revision, 1);
    assert_eq!(storage.list_closings().await.expect("lists").len(), 1);
    assert_eq!(
        storage.monitor_totals().await.expect("reads")[1].group,
        Group::MovementsVsAnalyst
    );
}

/// The page writes a large result's JSON a part per task (`JsonInParts`), so storing it
/// does not hold the main thread; IndexedDB keeps that text and it reads back as the same
/// result, with the same text as serialising it whole.
#[wasm_bindgen_test]
async fn a_result_written_in_parts_restores_the_same() {
    let name = "cuadra-test-parts";
    let storage = fresh(name).await;
    // Small enough for a debug build within the runner's time limit.
    let document = support::large_document(3_000);
    let key = ClosingKey {
        company_rut: document.closing.company_rut.expect("a client RUT"),
        period: document.closing.period.expect("a period"),
    };
    let mut record = ClosingRecord::new(key, document.settings.clone(), js_sys::Date::now());
    record.take_result_facts(&document);
    let stored = StoredResult::after_run(None, document);
    let mut parts = stored.json_in_parts();
    let mut steps = 0;
    while !parts.write(1_000) {
        steps += 1;
    }
    let json = parts.finish();
    assert!(steps >= 2, "3,000 discrepancies in parts of 1,000");
    assert_eq!(
        json,
        serde_json::to_string(&stored).expect("serialises"),
        "the parts make the whole text"
    );
    let write = ResultWrite::ReplaceSerialised(Box::new(stored.clone()), json.clone());
    let saved = storage
        .save_closing(record, write)
        .await
        .expect("the result saves");
    assert_eq!(saved.result_bytes, Some(json.len()));
    let restored = storage
        .restore_closing(key)
        .await
        .expect("reads")
        .expect("the closing is there");
    assert_eq!(restored.result, Some(stored));
}

//! How records sit in IndexedDB: keys, and an envelope `{ v, datos, … }` around each record.
//!
//! `datos` is the record as JSON: a string for small records (readable in the browser's
//! developer tools), UTF-8 bytes for a result. For a 100,000-discrepancy result (50 MB of
//! JSON) a structured clone through serde-wasm-bindgen restores slower (it builds every
//! object and string across the JS boundary), and a JSON *string* spends most of its time
//! converting 50 MB between UTF-8 and JS's UTF-16 both ways; bytes cross as one copy. The
//! numbers are in `tests/storage_idb.rs`'s log. `v` is the schema version that wrote the
//! record, and the closing envelope repeats `rut` so the `by_client` index can read it
//! without parsing JSON.

use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::super::model::{ClosingKey, SCHEMA_VERSION};
use super::super::StorageError;
use cuadra_core::Slot;

const VERSION_FIELD: &str = "v";
const DATA_FIELD: &str = "datos";
/// The client RUT of a closing envelope, read by the `by_client` index.
pub const RUT_FIELD: &str = "rut";
const PERIOD_FIELD: &str = "periodo";

/// A record as JSON: serialising our own types cannot fail (no maps with non-string keys
/// reach JSON untransformed, no non-finite floats are produced by the page's clocks).
pub fn to_json<T: Serialize>(record: &T) -> String {
    serde_json::to_string(record).expect("storage records always serialise to JSON")
}

fn set(object: &Object, field: &str, value: &JsValue) {
    // `Reflect::set` on a fresh plain object cannot fail (no setters, not frozen).
    let _ = Reflect::set(object, &JsValue::from_str(field), value);
}

/// `{ v, datos }` with `datos` the given JS value (a JSON string or a `Blob`).
pub fn envelope(data: &JsValue) -> JsValue {
    let object = Object::new();
    set(&object, VERSION_FIELD, &JsValue::from(SCHEMA_VERSION));
    set(&object, DATA_FIELD, data);
    object.into()
}

/// `{ v, datos }` with `datos` the JSON as UTF-8 bytes (one copy out of wasm memory).
pub fn bytes_envelope(json: &str) -> JsValue {
    envelope(&Uint8Array::from(json.as_bytes()).into())
}

/// `{ v, rut, periodo, datos }` for a closing record.
pub fn closing_envelope(key: ClosingKey, json: &str) -> JsValue {
    let object: Object = envelope(&JsValue::from_str(json)).unchecked_into();
    set(
        &object,
        RUT_FIELD,
        &JsValue::from_str(&key.company_rut.to_string()),
    );
    set(
        &object,
        PERIOD_FIELD,
        &JsValue::from_str(&key.period.to_string()),
    );
    object.into()
}

/// The `datos` of an envelope, refusing one written by a newer schema.
pub fn data(stored: &JsValue, store: &'static str) -> Result<JsValue, StorageError> {
    let unreadable = || StorageError::Unreadable { store };
    let version = Reflect::get(stored, &JsValue::from_str(VERSION_FIELD))
        .ok()
        .and_then(|v| v.as_f64())
        .ok_or_else(unreadable)?;
    if version > f64::from(SCHEMA_VERSION) {
        return Err(unreadable());
    }
    Reflect::get(stored, &JsValue::from_str(DATA_FIELD)).map_err(|_| unreadable())
}

/// The record of an envelope whose `datos` is JSON, as a string or as UTF-8 bytes.
pub fn decode<T: DeserializeOwned>(
    stored: &JsValue,
    store: &'static str,
) -> Result<T, StorageError> {
    let unreadable = |_| StorageError::Unreadable { store };
    let data = data(stored, store)?;
    if let Some(json) = data.as_string() {
        return serde_json::from_str(&json).map_err(unreadable);
    }
    let bytes = data
        .dyn_into::<Uint8Array>()
        .map_err(|_| StorageError::Unreadable { store })?
        .to_vec();
    serde_json::from_slice(&bytes).map_err(unreadable)
}

/// The key of a record that belongs to one closing: `[closing id, part]`. Arrays sort
/// element by element, so every record of a closing lies within [`closing_range`].
pub fn part_key(key: ClosingKey, part: &JsValue) -> JsValue {
    Array::of2(&JsValue::from_str(&key.id()), part).into()
}

pub fn attempt_key(key: ClosingKey, attempt: u32) -> JsValue {
    part_key(key, &JsValue::from(attempt))
}

pub fn file_key(key: ClosingKey, slot: Slot) -> JsValue {
    part_key(key, &JsValue::from_str(slot.id()))
}

/// From `[id]` to `[id, []]`: an array sorts after every number and string, and a
/// one-element array before every two-element one with the same first element.
pub fn closing_range(key: ClosingKey) -> (JsValue, JsValue) {
    let id = JsValue::from_str(&key.id());
    (
        Array::of1(&id).into(),
        Array::of2(&id, &Array::new()).into(),
    )
}

/// The second element of a `[closing id, part]` key.
pub fn key_part(key: &JsValue) -> JsValue {
    Reflect::get_u32(key, 1).unwrap_or(JsValue::UNDEFINED)
}

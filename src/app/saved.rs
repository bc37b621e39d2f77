//! The storage side of an instance's state (`Saved`, held by `AppState`) and the plain
//! rules around it: the closing a result belongs to, the list's filters as stored, and
//! the tab's open closing in `sessionStorage`. Data only: `persist` does the work.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use cuadra_core::document::ClosingInfo;
use cuadra_core::run_diff::RunChange;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::results_view::{Column, Direction, Filter, Sort};
use crate::storage::{
    ClientRecord, ClosingKey, ClosingRecord, ListFilters, Storage, StorageNotice, StoredFile,
    StoredSort,
};

/// The result view's choices a closing restores (its `ResultsUi` signals).
#[derive(Clone, Copy)]
pub struct ListChoices {
    pub filter: RwSignal<Filter>,
    pub sort: RwSignal<Option<Sort>>,
    pub open_rut: RwSignal<Option<cuadra_core::values::rut::Rut>>,
}

/// The tab's open closing survives a reload in `sessionStorage` (per tab, so two tabs may
/// keep two closings open); a new tab opens the closing written last.
const OPEN_CLOSING_KEY: &str = "cuadra:cierre-abierto";

pub(super) type Job = Box<dyn FnOnce(Rc<Storage>) -> Pin<Box<dyn Future<Output = ()>>>>;

/// The instance's store and what it last wrote.
#[derive(Default)]
pub(super) struct Keeper {
    /// `None` until the store is open.
    pub(super) storage: Option<Rc<Storage>>,
    /// The open closing's record as last read or written: the base of its next write.
    pub(super) record: Option<ClosingRecord>,
    pub(super) jobs: VecDeque<Job>,
    pub(super) running: bool,
    /// The result view's choices, to restore a closing's filters into.
    pub(super) results_ui: Option<ListChoices>,
}

/// The storage side of an instance's state: copy handles, like `AppState`.
#[derive(Clone, Copy)]
pub struct Saved {
    pub(super) keeper: StoredValue<Keeper, LocalStorage>,
    /// Why nothing (or the last change) was saved; `None` while all is well.
    pub notice: RwSignal<Option<StorageNotice>>,
    /// Every stored closing, newest first.
    pub closings: RwSignal<Vec<ClosingRecord>>,
    /// The open closing, once it was stored or restored.
    pub open: RwSignal<Option<ClosingKey>>,
    /// The restored closing's files whose contents were not kept: load them again to run.
    pub files_to_reload: RwSignal<Vec<StoredFile>>,
    /// Bumped after every run recorded, so history and monitor panels read again.
    pub runs_recorded: RwSignal<u32>,
    /// The client's remembered settings, when they were proposed for this new period: the
    /// mapping editor marks each header as remembered or new against them.
    pub proposal: RwSignal<Option<ClientRecord>>,
    /// The open closing keeps its files' contents (the user opted in, per closing).
    pub keep_files: RwSignal<bool>,
    /// The list's "what changed since the last run" filter (stored with the others).
    pub change_filter: RwSignal<Option<RunChange>>,
    /// Storage jobs asked for and not finished (the page shows it for tests and for the
    /// curious: `data-pendientes`).
    pub pending: RwSignal<u32>,
}

impl Saved {
    pub fn new() -> Saved {
        Saved {
            keeper: StoredValue::new_local(Keeper::default()),
            notice: RwSignal::new(None),
            closings: RwSignal::new(Vec::new()),
            open: RwSignal::new(None),
            files_to_reload: RwSignal::new(Vec::new()),
            runs_recorded: RwSignal::new(0),
            // The opening of the store and the restore count as one.
            pending: RwSignal::new(1),
            change_filter: RwSignal::new(None),
            proposal: RwSignal::new(None),
            keep_files: RwSignal::new(false),
        }
    }

    /// The open store, for panels that read (history, audit log, monitor totals).
    pub fn storage(&self) -> Option<Rc<Storage>> {
        self.keeper
            .try_with_value(|keeper| keeper.storage.clone())
            .flatten()
    }
}

/// Calls a method of `sessionStorage` (read through `Reflect`: it throws in sandboxed
/// frames, and the page needs three of its methods, not a web-sys feature for it).
fn session_storage_call(method: &str, args: &[&str]) -> Option<JsValue> {
    let storage = js_sys::Reflect::get(&window(), &JsValue::from_str("sessionStorage")).ok()?;
    let function: js_sys::Function = js_sys::Reflect::get(&storage, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let args: js_sys::Array = args.iter().map(|arg| JsValue::from_str(arg)).collect();
    function.apply(&storage, &args).ok()
}

/// Remembers (or forgets) the tab's open closing across a reload. Not being able to only
/// means a reload opens the closing written last.
pub(super) fn remember_open(key: Option<ClosingKey>) {
    match key.and_then(|key| serde_json::to_string(&key).ok()) {
        Some(json) => session_storage_call("setItem", &[OPEN_CLOSING_KEY, &json]),
        None => session_storage_call("removeItem", &[OPEN_CLOSING_KEY]),
    };
}

pub(super) fn remembered_open() -> Option<ClosingKey> {
    let json = session_storage_call("getItem", &[OPEN_CLOSING_KEY])?.as_string()?;
    serde_json::from_str(&json).ok()
}

/// The closing a result belongs to; `None` when the files named no client or period (such
/// a result is shown but not stored: there is nothing to file it under).
pub(super) fn key_of(closing: &ClosingInfo) -> Option<ClosingKey> {
    Some(ClosingKey {
        company_rut: closing.company_rut?,
        period: closing.period?,
    })
}

fn column_id(column: Column) -> String {
    format!("{column:?}")
}

pub(super) fn to_list_filters(filter: &Filter, sort: Option<Sort>) -> ListFilters {
    ListFilters {
        group: filter.group,
        kind: filter.kind,
        status: filter.status,
        text: filter.text.clone(),
        change: None,
        sort: sort.map(|sort| StoredSort {
            column: column_id(sort.column),
            descending: sort.direction == Direction::Descending,
        }),
    }
}

pub(super) fn from_list_filters(filters: &ListFilters) -> (Filter, Option<Sort>) {
    let filter = Filter {
        group: filters.group,
        kind: filters.kind,
        status: filters.status,
        text: filters.text.clone(),
    };
    let sort = filters.sort.as_ref().and_then(|stored| {
        let column = Column::SORT_KEYS
            .into_iter()
            .find(|column| column_id(*column) == stored.column)?;
        let direction = if stored.descending {
            Direction::Descending
        } else {
            Direction::Ascending
        };
        Some(Sort { column, direction })
    });
    (filter, sort)
}

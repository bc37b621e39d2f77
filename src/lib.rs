//! Cuadra's browser app: the Leptos page, the two comparison workers and the protocol
//! between them. Every rule lives in `cuadra-core`; this crate only moves data and shows it.

pub mod blob_store;
pub mod embed_options;
pub mod history_chart;
pub mod instance_options;
pub mod ledger;
pub mod mapping_view;
pub mod protocol;
pub mod results_view;
pub mod session;
pub mod storage;
pub mod ui_text;
pub mod workers;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod offline;
#[cfg(target_arch = "wasm32")]
pub mod worker_link;
#[cfg(target_arch = "wasm32")]
pub mod worker_runtime;

//! Cuadra's domain core: bytes in, values out. Readers for the six upload slots, the value
//! rules, both comparisons, consolidation and the result document. No I/O, no web.

pub mod compare;
pub mod consolidate;
pub mod coverage;
pub mod discrepancy;
pub mod document;
pub mod error;
pub mod export;
pub mod generator;
pub mod headers;
pub mod input;
pub mod model;
pub mod pipeline;
pub mod plural;
pub mod run_diff;
pub mod settings;
pub mod sheet;
pub mod slot;
pub mod values;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub use discrepancy::{Discrepancy, DiscrepancyKind, DiscrepancyStatus, Group};
pub use model::*;
pub use settings::Settings;

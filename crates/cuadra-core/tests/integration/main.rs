//! The core's integration tests, in one binary: the engines on inputs built in code
//! (`engine`), the generator against an independent oracle (`generator`), the readers on
//! fixtures (`readers`), generated round trips (`roundtrip`), the pinned output of
//! generated closings (`snapshot`), each finding's source rows (`sources`), the RUT suggestions on planted typos (`typos`) and the
//! xlsx fast path against calamine (`xlsx_fast_path`).
//!
//! One binary links the core once and runs every test in one process, natively and in the
//! browser. Each module that holds tests imports `wasm_bindgen_test as test`, so the same
//! `#[test]` functions run through wasm-bindgen-test in Chromium (headless).

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod engine;
mod generator;
mod hostile;
mod readers;
mod roundtrip;
mod snapshot;
mod sources;
mod typos;
mod xlsx_fast_path;

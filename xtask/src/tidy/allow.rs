//! The few exceptions `tidy` accepts, each with the reason it is acceptable. An entry that
//! no longer matches anything is itself reported, so the lists only ever shrink.

/// A web crate the core may reach on one target, only as a dependency of `parent`.
pub struct WebDependency {
    pub target: &'static str,
    pub parent: &'static str,
    pub krate: &'static str,
    pub reason: &'static str,
}

/// Paths from the core to a web crate that are known and accepted.
pub const CORE_WEB_DEPENDENCIES: &[WebDependency] = &[
    WebDependency {
        target: "wasm32-unknown-unknown",
        parent: "getrandom",
        krate: "wasm-bindgen",
        reason: "zip 9 (under calamine and rust_xlsxwriter) always turns on getrandom's \
                 `wasm_js` backend on wasm32; zip only asks for randomness to encrypt or \
                 extract archives to disk, which the core never does",
    },
    WebDependency {
        target: "wasm32-unknown-unknown",
        parent: "rust_xlsxwriter",
        krate: "js-sys",
        reason: "the core turns on rust_xlsxwriter's `wasm` feature on wasm32: without it the \
                 workbook's creation date calls `SystemTime::now`, which panics there; to go \
                 once the export is given its clock",
    },
    WebDependency {
        target: "wasm32-unknown-unknown",
        parent: "rust_xlsxwriter",
        krate: "wasm-bindgen",
        reason: "the same `wasm` feature of rust_xlsxwriter as its js-sys entry",
    },
];

/// A file allowed to break one source rule.
pub struct FileException {
    pub file: &'static str,
    pub reason: &'static str,
}

/// `thread_local!` is allowed only in worker-side code (one worker is one instance by
/// construction), and only with a reason here. None is needed today.
pub const THREAD_LOCAL: &[FileException] = &[];

/// `HashMap`/`HashSet` in the report modules, for lookups whose order never reaches a
/// report.
pub const HASH_COLLECTIONS: &[FileException] = &[FileException {
    file: "crates/cuadra-core/src/compare/suggest.rs",
    reason: "the RUT index and the memo are only probed by key, never iterated: suggestions \
             are written onto discrepancies in their report order, and an integer-keyed hash \
             keeps a 100,000-RUT side at a few probes per query",
}];

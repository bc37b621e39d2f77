//! Worker 1 (libro_vs_novedades): registers the worker, nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    use cuadra_app::workers::PayrollVsChangesWorker;
    cuadra_app::worker_runtime::serve(cuadra_core::Group::PayrollVsChanges, || {
        PayrollVsChangesWorker::new(cuadra_app::worker_runtime::now_ms)
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("libro_worker only runs as a Web Worker");
}

//! Worker 2 (movimientos_vs_analista): registers the worker, nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    use cuadra_app::workers::MovementsVsAnalystWorker;
    cuadra_app::worker_runtime::serve(cuadra_core::Group::MovementsVsAnalyst, || {
        MovementsVsAnalystWorker::new(cuadra_app::worker_runtime::now_ms)
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("movimientos_worker only runs as a Web Worker");
}

//! The worker monitor (the part Flower played): each worker's state, stage, rows read,
//! duration and error for the current run.

use cuadra_core::Group;
use leptos::prelude::*;

use super::state::AppState;
use crate::session::WorkerRun;
use crate::ui_text;

fn status_of(worker: &WorkerRun) -> (&'static str, String) {
    match &worker.outcome {
        None => (
            "ejecutando",
            worker
                .stage
                .map(ui_text::stage_label)
                .unwrap_or_else(|| ui_text::WORKER_STARTING.into()),
        ),
        Some(Ok(run)) => (
            "ok",
            ui_text::worker_finished(
                run.result.discrepancies.len(),
                run.timings.parse_ms,
                run.timings.compare_ms,
            ),
        ),
        Some(Err(error)) => ("error", ui_text::worker_error(error)),
    }
}

#[component]
pub fn WorkerMonitor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_run = move || state.session.with(|session| session.run.is_some());
    view! {
        <Show when=has_run>
            <section aria-labelledby="trabajadores-titulo">
                <h2 id="trabajadores-titulo">{ui_text::WORKERS_HEADING}</h2>
                <div class="workers">
                    {Group::ALL.into_iter().map(|group| view! { <WorkerCard group=group/> }).collect_view()}
                </div>
            </section>
        </Show>
    }
}

#[component]
fn WorkerCard(group: Group) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = move || {
        state
            .session
            .with(|session| session.run.as_ref().map(|run| run.worker(group).clone()))
    };
    view! {
        {move || worker().map(|worker| {
            let (estado, text) = status_of(&worker);
            view! {
                <div class="card worker" data-testid=format!("trabajador-{}", group.id()) data-estado=estado>
                    <h3>{group.label()}</h3>
                    <p>{text}</p>
                    <p class="meta">
                        {ui_text::rows_read(worker.rows_read)}
                        {worker.elapsed_ms.map(ui_text::worker_duration)}
                    </p>
                </div>
            }
        })}
    }
}

//! The worker monitor (the part Flower played): each worker's state, stage, rows read,
//! duration and error for the current run.

use cuadra_core::Group;
use leptos::prelude::*;

use super::state::AppState;
use crate::protocol::Stage;
use crate::session::WorkerRun;
use crate::ui_text;

fn status_of(worker: &WorkerRun) -> (&'static str, String) {
    match &worker.outcome {
        None => (
            "ejecutando",
            worker
                .stage
                .map(|stage| match stage {
                    Stage::Reading(slot) => ui_text::reading_stage(slot),
                    Stage::Comparing => ui_text::COMPARING_STAGE.into(),
                })
                .unwrap_or_else(|| ui_text::WORKER_STARTING.into()),
        ),
        Some(Ok(run)) => (
            "ok",
            match run.result.not_compared {
                Some(not_compared) => ui_text::worker_not_compared(
                    not_compared.reason(),
                    run.timings.parse_ms,
                    run.timings.compare_ms,
                ),
                None => ui_text::worker_finished(
                    worker.n_discrepancies,
                    run.timings.parse_ms,
                    run.timings.compare_ms,
                ),
            },
        ),
        Some(Err(error)) => ("error", ui_text::worker_error(error)),
    }
}

/// What a worker's card shows: a few texts, so a progress message changes only them.
#[derive(Clone, PartialEq)]
struct CardData {
    estado: &'static str,
    /// False once the group answered that it compared nothing (no Novedades).
    compared: bool,
    text: String,
    rows_read: u64,
    elapsed_ms: Option<f64>,
}

fn card_data(worker: &WorkerRun) -> CardData {
    let (estado, text) = status_of(worker);
    let compared = !matches!(&worker.outcome, Some(Ok(run)) if run.result.not_compared.is_some());
    CardData {
        estado,
        compared,
        text,
        rows_read: worker.rows_read,
        elapsed_ms: worker.elapsed_ms,
    }
}

#[component]
pub fn WorkerMonitor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_run = Memo::new(move |_| state.session.with(|session| session.run.is_some()));
    view! {
        <Show when=move || has_run.get()>
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
    let data = Memo::new(move |_| {
        state
            .session
            .with(|session| session.run.as_ref().map(|run| card_data(run.worker(group))))
    });
    let field = move |read: fn(&CardData) -> String| {
        move || data.with(|data| data.as_ref().map(read).unwrap_or_default())
    };
    view! {
        <div class="card worker" data-testid=format!("trabajador-{}", group.id())
            data-estado=move || data.with(|data| data.as_ref().map_or("", |data| data.estado))
            data-comparado=move || data.with(|data| data.as_ref().map_or("true", |data| if data.compared { "true" } else { "false" }))>
            <h3>{group.label()}</h3>
            <p>{field(|data| data.text.clone())}</p>
            <p class="meta">
                {field(|data| ui_text::rows_read(data.rows_read))}
                {field(|data| data.elapsed_ms.map(ui_text::worker_duration).unwrap_or_default())}
            </p>
        </div>
    }
}

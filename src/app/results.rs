//! The result of the last run: the safety state when a worker failed, then the totals.

use cuadra_core::Group;
use leptos::prelude::*;

use super::AppState;
use crate::ui_text;

#[component]
pub fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    let finished_run = move || {
        state
            .session
            .with(|session| session.run.clone().filter(|run| run.is_finished()))
    };
    let stale = move || state.session.with(|session| session.result_stale);
    view! {
        {move || finished_run().map(|run| {
            let failed: Vec<String> = run
                .workers
                .iter()
                .filter_map(|worker| worker.outcome.as_ref()?.as_ref().err().map(|e| format!("{}: {e}", worker.group.label())))
                .collect();
            let totals: Vec<(Group, usize)> = run
                .workers
                .iter()
                .filter_map(|worker| Some((worker.group, worker.outcome.as_ref()?.as_ref().ok()?.result.discrepancies.len())))
                .collect();
            view! {
                <section aria-labelledby="resultado-titulo">
                    <h2 id="resultado-titulo">{ui_text::RESULTS_HEADING}</h2>
                    {stale().then(|| view! { <p class="reason" role="status">{ui_text::STALE_RESULT}</p> })}
                    {(!failed.is_empty()).then(|| view! {
                        <div class="incompleto" role="alert" data-testid="resultado-incompleto">
                            <strong>{ui_text::INCOMPLETE_TITLE}</strong>
                            <p>{ui_text::INCOMPLETE_BODY}</p>
                            <ul>{failed.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                        </div>
                    })}
                    <table data-testid="totales-grupo">
                        <thead><tr><th>"Grupo"</th><th class="num">"Discrepancias"</th></tr></thead>
                        <tbody>
                            {totals.into_iter().map(|(group, total)| view! {
                                <tr data-grupo=group.id()><td>{group.label()}</td><td class="num">{ui_text::count(total as u64)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
        })}
    }
}

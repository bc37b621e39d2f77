//! The summary shown first: the incomplete safety banner, the sentence saying what was and
//! was not verified, totals per group, type and estado, employees affected, each worker's
//! timing and every note the comparisons wrote.

use cuadra_core::coverage::verification_sentence;
use cuadra_core::document::{Summary, WorkerReport, WorkerStatus};
use cuadra_core::values::amount::format_es_cl;
use cuadra_core::{DiscrepancyKind, DiscrepancyStatus, Group};
use leptos::prelude::*;

use super::finding_detail::KindHelp;
use super::state::{depend_on, AppState};
use crate::results_view::{concept_totals, kind_totals, ConceptTotal};
use crate::ui_text;

/// The few numbers the summary shows, copied out of the document.
struct SummaryData {
    summary: Summary,
    incomplete: bool,
    /// What was and was not verified, in one sentence.
    verification: String,
    workers: Vec<WorkerReport>,
    kinds: Vec<(DiscrepancyKind, usize)>,
    concepts: Vec<ConceptTotal>,
}

#[component]
pub fn ResultSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Built once per document; only the counts by estado follow the user's edits.
    let by_status = Memo::new(move |_| {
        depend_on(state.revision);
        state.session.with_untracked(|session| {
            session
                .result()
                .map(|result| result.summary.by_status.clone())
                .unwrap_or_default()
        })
    });
    move || {
        depend_on(state.document);
        let data = state.session.with_untracked(|session| {
            session.result().map(|result| SummaryData {
                summary: result.summary.clone(),
                incomplete: result.incomplete,
                verification: verification_sentence(result),
                workers: result.workers.clone(),
                kinds: kind_totals(result),
                concepts: concept_totals(&result.discrepancies),
            })
        });
        // Wall time seen from the page (posting, queueing, decoding included), from the
        // run that gave this document.
        let page_ms = move |group: Group| {
            state.session.with_untracked(|session| {
                session
                    .run
                    .as_ref()
                    .and_then(|run| run.worker(group).elapsed_ms)
            })
        };
        data.map(|data| {
            state.count(|counts| &mut counts.summary_builds);
            let failed: Vec<String> = data
                .workers
                .iter()
                .filter(|worker| worker.status == WorkerStatus::Failed)
                .map(|worker| {
                    format!(
                        "{}: {}",
                        worker.group.label(),
                        worker.error.clone().unwrap_or_default()
                    )
                })
                .collect();
            let summary = data.summary;
            // A group whose worker succeeded without comparing: its count is "not
            // compared", never a 0 that reads as correct.
            let not_compared = |group: Group| {
                data.workers
                    .iter()
                    .find(|worker| worker.group == group)
                    .and_then(|worker| worker.not_compared_reason.clone())
            };
            let all_compared = data.workers.iter().all(|worker| worker.compared);
            let notes: Vec<(Group, Vec<String>)> = data
                .workers
                .iter()
                .filter(|worker| !worker.notes.is_empty())
                .map(|worker| (worker.group, worker.notes.clone()))
                .collect();
            view! {
                <section class="resumen" aria-labelledby="resumen-titulo">
                    <h3 id="resumen-titulo" class="visually-hidden">{ui_text::SUMMARY_HEADING}</h3>
                    {data.incomplete.then(|| view! {
                        <div class="incompleto" role="alert" data-testid="resultado-incompleto">
                            <strong>{ui_text::INCOMPLETE_TITLE}</strong>
                            <p>{ui_text::INCOMPLETE_BODY}</p>
                            <ul>{failed.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                        </div>
                    })}
                    <p class="verificacion" class:parcial=!all_compared data-testid="verificacion"
                        data-comparado=if all_compared { "true" } else { "false" }>
                        {data.verification}
                    </p>
                    <div class="cifras">
                        <div class="cifra">
                            <span class="valor" data-testid="total-discrepancias">{ui_text::count(summary.total as u64)}</span>
                            <span class="rotulo">{ui_text::TOTAL_DISCREPANCIES}</span>
                        </div>
                        <div class="cifra">
                            <span class="valor" data-testid="empleados-afectados">{ui_text::count(summary.n_employees_affected as u64)}</span>
                            <span class="rotulo">{ui_text::EMPLOYEES_AFFECTED}</span>
                        </div>
                    </div>
                    <div class="tablas-resumen">
                        <table data-testid="totales-grupo">
                            <caption>{ui_text::BY_GROUP_CAPTION}</caption>
                            <thead><tr><th scope="col">{ui_text::COL_GROUP}</th><th scope="col" class="num">{ui_text::COL_COUNT}</th></tr></thead>
                            <tbody>
                                {Group::ALL.into_iter().map(|group| {
                                    let n = summary.by_group.get(&group).copied().unwrap_or_default();
                                    let shown = match not_compared(group) {
                                        Some(_) => ui_text::NOT_COMPARED.to_string(),
                                        None => ui_text::count(n as u64),
                                    };
                                    let compared = if not_compared(group).is_some() { "false" } else { "true" };
                                    view! { <tr data-grupo=group.id() data-comparado=compared><td>{group.label()}</td><td class="num">{shown}</td></tr> }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <table data-testid="totales-tipo">
                            <caption>{ui_text::BY_KIND_CAPTION}</caption>
                            <thead><tr><th scope="col">{ui_text::COL_KIND}</th><th scope="col" class="num">{ui_text::COL_COUNT}</th></tr></thead>
                            {Group::ALL.into_iter().map(|group| {
                                let rows: Vec<(DiscrepancyKind, usize)> = data.kinds.iter().copied().filter(|(kind, _)| kind.group() == group).collect();
                                (!rows.is_empty()).then(|| view! {
                                    <tbody>
                                        <tr class="grupo"><th scope="rowgroup" colspan="2">{group.label()}</th></tr>
                                        {rows.into_iter().map(|(kind, n)| view! {
                                            <tr data-tipo=kind.id()><td><KindHelp kind=kind named=true/></td><td class="num">{ui_text::count(n as u64)}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                })
                            }).collect_view()}
                        </table>
                        <table data-testid="totales-estado">
                            <caption>{ui_text::BY_STATUS_CAPTION}</caption>
                            <thead><tr><th scope="col">{ui_text::COL_STATUS}</th><th scope="col" class="num">{ui_text::COL_COUNT}</th></tr></thead>
                            <tbody>
                                {DiscrepancyStatus::ALL.into_iter().map(|status| {
                                    let n = move || by_status.with(|by_status| by_status.get(&status).copied().unwrap_or_default());
                                    view! { <tr data-estado=status.id()><td>{status.label()}</td><td class="num">{move || ui_text::count(n() as u64)}</td></tr> }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {(!data.concepts.is_empty()).then(|| view! {
                        <table data-testid="totales-concepto" class="conceptos">
                            <caption>{ui_text::BY_CONCEPT_CAPTION}</caption>
                            <thead><tr>
                                <th scope="col">{ui_text::COL_CONCEPT}</th>
                                <th scope="col">{ui_text::COL_KIND}</th>
                                <th scope="col" class="num">{ui_text::COL_COUNT}</th>
                                <th scope="col" class="num">{ui_text::COL_SUM}</th>
                            </tr></thead>
                            <tbody>
                                {data.concepts.into_iter().map(|row| { let id = row.concept.clone(); view! {
                                    <tr data-concepto=id>
                                        <td>{row.concept}</td>
                                        <td>{row.kind.label()}</td>
                                        <td class="num">{ui_text::count(row.count as u64)}</td>
                                        <td class="num">{format_es_cl(row.sum)}</td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                    })}
                    <table data-testid="tiempos-trabajadores" class="tiempos">
                        <caption>{ui_text::WORKER_TIMES_CAPTION}</caption>
                        <thead><tr>
                            <th scope="col">{ui_text::COL_GROUP}</th>
                            <th scope="col">{ui_text::COL_RESULT}</th>
                            <th scope="col" class="num">{ui_text::TOTAL_DISCREPANCIES}</th>
                            <th scope="col" class="num">{ui_text::COL_WORKER_DURATION}</th>
                            <th scope="col" class="num">{ui_text::COL_PAGE_DURATION}</th>
                        </tr></thead>
                        <tbody>
                            {data.workers.into_iter().map(|worker| {
                                let seen = page_ms(worker.group);
                                let result = match (worker.status, &worker.not_compared_reason) {
                                    (WorkerStatus::Failed, _) => worker.error.clone().unwrap_or_default(),
                                    (WorkerStatus::Ok, Some(reason)) => ui_text::not_compared_result(reason),
                                    (WorkerStatus::Ok, None) => ui_text::WORKER_OK.to_string(),
                                };
                                view! {
                                    <tr data-grupo=worker.group.id()>
                                        <td>{worker.group.label()}</td>
                                        <td>{result}</td>
                                        <td class="num">{if worker.not_compared_reason.is_some() { ui_text::NO_COUNT.to_string() } else { ui_text::count(worker.n_discrepancies as u64) }}</td>
                                        <td class="num">{ui_text::millis(worker.ms)}</td>
                                        <td class="num">{seen.map(ui_text::millis).unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {(!notes.is_empty()).then(|| view! {
                        <div class="notas-trabajadores" data-testid="notas-trabajadores">
                            <h4>{ui_text::WORKER_NOTES_HEADING}</h4>
                            {notes.into_iter().map(|(group, notes)| view! {
                                <p class="grupo-notas">{group.label()}</p>
                                <ul class="notas" data-grupo=group.id()>
                                    {notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
                                </ul>
                            }).collect_view()}
                        </div>
                    })}
                </section>
            }
        })
    }
}

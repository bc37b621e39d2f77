//! The open closing's verification history (a table and a small trend chart drawn from
//! `history_chart`), the audit log of each run (viewable, downloadable as text), and the
//! worker monitor's totals across runs. All read from the instance's store, again after
//! every run recorded or closing switched.

use cuadra_core::Group;
use leptos::prelude::*;

use super::state::AppState;
use super::store_queue::fail;
use super::stored::{offset_minutes, short_date};
use crate::history_chart::{self, TrendChart};
use crate::storage::audit::render_text;
use crate::storage::history::trend;
use crate::storage::{AttemptRecord, AuditLog, WorkerTotals};
use crate::ui_text;

/// The open closing's attempts, read again when the closing or its runs change.
fn attempts_signal(state: AppState) -> RwSignal<Vec<AttemptRecord>> {
    let attempts = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        let key = state.saved.open.get();
        state.saved.runs_recorded.track();
        let Some(storage) = state.saved.storage() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let Some(key) = key else {
                attempts.try_set(Vec::new());
                return;
            };
            match storage.history(key).await {
                Ok(list) => {
                    attempts.try_set(list);
                }
                Err(error) => fail(state, &error),
            }
        });
    });
    attempts
}

#[component]
pub fn HistoryPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let attempts = attempts_signal(state);
    view! {
        <Show when=move || state.saved.open.with(Option::is_some)>
            <section class="historial card" aria-labelledby="historial-titulo" data-testid="historial">
                <h2 id="historial-titulo">{ui_text::HISTORY_HEADING}</h2>
                {move || {
                    let list = attempts.get();
                    if list.is_empty() {
                        return view! { <p class="reason">{ui_text::HISTORY_EMPTY}</p> }.into_any();
                    }
                    let chart = history_chart::trend_chart(&trend(&list));
                    view! {
                        {chart.map(|chart| view! { <TrendSvg chart=chart/> })}
                        <AttemptsTable list=list/>
                    }
                    .into_any()
                }}
                <AuditPanel attempts=attempts/>
            </section>
        </Show>
    }
}

#[component]
fn TrendSvg(chart: TrendChart) -> impl IntoView {
    let totals: Vec<usize> = chart.points.iter().map(|point| point.total).collect();
    let title = ui_text::trend_title(&totals);
    let view_box = format!("0 0 {} {}", history_chart::WIDTH, history_chart::HEIGHT);
    let right = history_chart::WIDTH - 12.0;
    let y_zero = chart.y_zero;
    let n_points = chart.points.len().to_string();
    view! {
        <svg class="tendencia" viewBox=view_box role="img" aria-labelledby="tendencia-titulo"
            data-testid="grafico-tendencia" data-puntos=n_points>
            <title id="tendencia-titulo">{title}</title>
            <line class="eje" x1="36" y1=y_zero.to_string() x2=right.to_string() y2=y_zero.to_string()/>
            <text class="etiqueta" x="30" y="16" text-anchor="end">{ui_text::count(chart.y_max as u64)}</text>
            <text class="etiqueta" x="30" y=(y_zero + 4.0).to_string() text-anchor="end">"0"</text>
            <polyline class="linea" points=chart.polyline.clone()/>
            {chart.points.into_iter().map(|point| view! {
                <circle class=if point.partial { "punto parcial" } else { "punto" }
                    cx=point.x.to_string() cy=point.y.to_string() r="4">
                    <title>{ui_text::trend_point(point.attempt, point.total)}</title>
                </circle>
                <text class="etiqueta" x=point.x.to_string() y=(y_zero + 16.0).to_string() text-anchor="middle">
                    {point.attempt.to_string()}
                </text>
            }).collect_view()}
        </svg>
    }
}

#[component]
fn AttemptsTable(list: Vec<AttemptRecord>) -> impl IntoView {
    view! {
        <table class="intentos" data-testid="intentos">
            <thead>
                <tr>
                    <th scope="col">{ui_text::COL_ATTEMPT}</th>
                    <th scope="col">{ui_text::COL_STARTED}</th>
                    <th scope="col">{ui_text::COL_DURATION}</th>
                    <th scope="col" class="num">{ui_text::COL_TOTAL}</th>
                    {Group::ALL.map(|group| view! { <th scope="col" class="num">{group.label()}</th> }).collect_view()}
                    <th scope="col">{ui_text::COL_FINAL_STATE}</th>
                    <th scope="col">{ui_text::COL_ERROR}</th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|attempt| view! {
                    <tr data-intento=attempt.attempt.to_string()>
                        <td>{attempt.attempt.to_string()}</td>
                        <td>{short_date(attempt.started_at_ms)}</td>
                        <td>{ui_text::millis(attempt.duration_ms)}</td>
                        <td class="num">{ui_text::count(attempt.total as u64)}</td>
                        {Group::ALL.map(|group| {
                            let n = attempt.totals_by_group.get(&group).copied().unwrap_or(0);
                            view! { <td class="num">{ui_text::count(n as u64)}</td> }
                        }).collect_view()}
                        <td data-estado=attempt.final_state.id()>{attempt.final_state.label()}</td>
                        <td class="error">{attempt.error.clone().unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The audit log of one attempt (the last unless the user picks another).
#[component]
fn AuditPanel(attempts: RwSignal<Vec<AttemptRecord>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = RwSignal::new(None::<u32>);
    let attempt = Memo::new(move |_| {
        chosen
            .get()
            .or_else(|| attempts.with(|list| list.last().map(|a| a.attempt)))
    });
    let log = RwSignal::new(None::<AuditLog>);
    Effect::new(move |_| {
        let (Some(key), Some(number)) = (state.saved.open.get(), attempt.get()) else {
            log.set(None);
            return;
        };
        let Some(storage) = state.saved.storage() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match storage.audit_log(key, number).await {
                Ok(found) => {
                    log.try_set(found);
                }
                Err(error) => fail(state, &error),
            }
        });
    });
    let text = move || {
        log.with(|log| {
            log.as_ref()
                .map(|log| render_text(&log.lines, offset_minutes()))
        })
    };
    let on_choose = move |event: web_sys::Event| {
        chosen.set(event_target_value(&event).parse().ok());
    };
    let on_download = move |_| {
        let Some(log) = log.get_untracked() else {
            return;
        };
        let body = render_text(&log.lines, offset_minutes());
        let name = format!(
            "cuadra_{}_{}_registro_{}.txt",
            log.key.period, log.key.company_rut, log.attempt
        );
        if let Err(error) =
            super::exports::download(body.as_bytes(), &name, "text/plain;charset=utf-8")
        {
            state.saved.notice.set(Some(crate::storage::StorageNotice {
                message: error,
                in_memory_only: false,
            }));
        }
    };
    view! {
        <details class="registro" data-testid="registro">
            <summary>{ui_text::AUDIT_HEADING}</summary>
            <div class="registro-acciones">
                <label for="registro-intento">{ui_text::AUDIT_ATTEMPT}</label>
                <select id="registro-intento" on:change=on_choose prop:value=move || attempt.get().map(|n| n.to_string()).unwrap_or_default()>
                    {move || attempts.get().into_iter().map(|a| {
                        let value = a.attempt.to_string();
                        view! { <option value=value.clone() selected=move || attempt.get() == Some(a.attempt)>{value.clone()}</option> }
                    }).collect_view()}
                </select>
                <button type="button" class="secondary" disabled=move || log.with(Option::is_none) on:click=on_download>
                    {ui_text::AUDIT_DOWNLOAD}
                </button>
            </div>
            {move || match text() {
                Some(text) => view! { <pre class="registro-texto" data-testid="registro-texto">{text}</pre> }.into_any(),
                None => view! { <p class="reason">{ui_text::AUDIT_EMPTY}</p> }.into_any(),
            }}
        </details>
    }
}

/// The monitor's totals across every run in this browser.
#[component]
pub fn MonitorTotals() -> impl IntoView {
    let state = expect_context::<AppState>();
    let totals = RwSignal::new(None::<[WorkerTotals; 2]>);
    Effect::new(move |_| {
        state.saved.runs_recorded.track();
        state.saved.open.track();
        let Some(storage) = state.saved.storage() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match storage.monitor_totals().await {
                Ok(found) => {
                    totals.try_set(Some(found));
                }
                Err(error) => fail(state, &error),
            }
        });
    });
    let ms =
        |value: Option<f64>| value.map_or_else(|| ui_text::NOT_YET.to_string(), ui_text::millis);
    move || {
        totals.get().map(|totals| {
            view! {
                <table class="totales-monitor" data-testid="totales-monitor">
                    <caption>{ui_text::MONITOR_TOTALS_CAPTION}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ui_text::COL_WORKER}</th>
                            <th scope="col" class="num">{ui_text::COL_RUNS}</th>
                            <th scope="col" class="num">{ui_text::COL_SUCCESS_RATE}</th>
                            <th scope="col" class="num">{ui_text::COL_AVERAGE_DURATION}</th>
                            <th scope="col" class="num">{ui_text::COL_LAST_DURATION}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {totals.into_iter().map(|worker| view! {
                            <tr data-grupo=worker.group.id() data-ejecuciones=worker.runs.to_string()>
                                <th scope="row">{worker.group.label()}</th>
                                <td class="num">{ui_text::count(worker.runs)}</td>
                                <td class="num">{worker.success_rate().map_or_else(|| ui_text::NOT_YET.to_string(), ui_text::percent)}</td>
                                <td class="num">{ms(worker.average_ms())}</td>
                                <td class="num">{ms(worker.last_duration_ms)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
    }
}

//! The result of the last run: summary first, exports, the discrepancy list, input warnings
//! and the per-employee dialog. Provides the view's own state (`state::ResultsUi`: filters,
//! sort, open employee) to them.

use leptos::prelude::*;

use super::schedule::Later;
use super::state::{AppState, ResultsUi};
use super::{discrepancy_list, employee, exports, input_warnings, summary};
use crate::ui_text;

#[component]
pub fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = ResultsUi::default();
    provide_context(ui);
    super::persist::follow_filters(state, ui);
    let has_result = Memo::new(move |_| state.session.with(|session| session.result().is_some()));
    let stale = Memo::new(move |_| state.session.with(|session| session.result_stale));
    let heading = NodeRef::<leptos::html::H2>::new();
    let ready = RwSignal::new(String::new());
    follow_runs(state, heading, ready);
    view! {
        // Always in the page, so a screen reader hears the sentence when a run ends.
        <p class="visually-hidden" role="status" data-testid="resultado-listo">{move || ready.get()}</p>
        <Show when=move || has_result.get()>
            // A stale result keeps its numbers on screen, dimmed with its label
            // (`.desactualizado`), so they do not read as this closing's.
            <section class="resultado" class:desactualizado=move || stale.get()
                data-desactualizado=move || stale.get().to_string() aria-labelledby="resultado-titulo">
                <h2 id="resultado-titulo" tabindex="-1" node_ref=heading>{ui_text::RESULTS_HEADING}</h2>
                {move || stale.get().then(|| view! { <p class="reason" role="status">{ui_text::STALE_RESULT}</p> })}
                <summary::ResultSummary/>
                <exports::ExportBar/>
                // A first result is built over three tasks (summary, list, warnings), so
                // showing it never holds the page's thread for long.
                <Later>
                    <super::changes::ChangesPanel/>
                    <discrepancy_list::DiscrepancyList/>
                    <Later>
                        <input_warnings::InputWarnings/>
                        <employee::EmployeeDialog/>
                    </Later>
                </Later>
            </section>
        </Show>
    }
}

/// When a run of this page ends, the view moves to its result: the heading takes focus
/// (the page scrolls to it) and the live region says how many discrepancies it found. A
/// result restored from this browser on reload has no run, so nothing moves: the user is
/// reading the page from its top.
fn follow_runs(state: AppState, heading: NodeRef<leptos::html::H2>, ready: RwSignal<String>) {
    let finished = Memo::new(move |_| state.session.with(crate::session::Session::finished_run));
    Effect::new(move |previous: Option<Option<u32>>| {
        let run = finished.get();
        if run.is_some() && previous.is_some_and(|previous| previous != run) {
            let total = state.session.with_untracked(|session| {
                session
                    .result()
                    .map_or(0, |result| result.discrepancies.len())
            });
            ready.set(ui_text::result_ready(total));
            // The result section is built in this same turn: focus it once it is there.
            leptos::task::spawn_local(async move {
                super::schedule::next_task().await;
                if let Some(heading) = heading.try_get_untracked().flatten() {
                    let _ = heading.focus();
                    heading.scroll_into_view();
                }
            });
        }
        run
    });
}

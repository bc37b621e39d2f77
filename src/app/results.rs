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
    view! {
        <Show when=move || has_result.get()>
            // A stale result keeps its numbers on screen, dimmed with its label
            // (`.desactualizado`), so they do not read as this closing's.
            <section class="resultado" class:desactualizado=move || stale.get()
                data-desactualizado=move || stale.get().to_string() aria-labelledby="resultado-titulo">
                <h2 id="resultado-titulo" tabindex="-1">{ui_text::RESULTS_HEADING}</h2>
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

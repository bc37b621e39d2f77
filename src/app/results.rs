//! The result of the last run: summary first, exports, the discrepancy list, input warnings
//! and the per-employee dialog. Holds the view's own state (filters, sort, open employee).

use cuadra_core::values::rut::Rut;
use leptos::prelude::*;

use super::{discrepancy_list, employee, exports, input_warnings, summary, AppState};
use crate::results_view::{Filter, Sort};
use crate::ui_text;

/// What the user chose in the results view; the document itself stays in the session.
#[derive(Clone, Copy)]
pub struct ResultsUi {
    pub filter: RwSignal<Filter>,
    pub sort: RwSignal<Option<Sort>>,
    /// The employee whose dialog is open.
    pub open_rut: RwSignal<Option<Rut>>,
}

#[component]
pub fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    provide_context(ResultsUi {
        filter: RwSignal::new(Filter::default()),
        sort: RwSignal::new(None),
        open_rut: RwSignal::new(None),
    });
    let has_result = move || state.session.with(|session| session.result.is_some());
    let stale = move || state.session.with(|session| session.result_stale);
    view! {
        <Show when=has_result>
            <section class="resultado" aria-labelledby="resultado-titulo">
                <h2 id="resultado-titulo">{ui_text::RESULTS_HEADING}</h2>
                {move || stale().then(|| view! { <p class="reason" role="status">{ui_text::STALE_RESULT}</p> })}
                <summary::ResultSummary/>
                <exports::ExportBar/>
                <discrepancy_list::DiscrepancyList/>
                <input_warnings::InputWarnings/>
                <employee::EmployeeDialog/>
            </section>
        </Show>
    }
}

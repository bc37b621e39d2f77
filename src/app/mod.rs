//! The Leptos page: six file slots, the run button, the worker monitor and the results.
//! Components only render `Session`; every decision is made in `session` or the core.

mod controller;
mod discrepancy_list;
mod dropzone;
mod employee;
mod exports;
mod input_warnings;
mod mapping;
mod monitor;
mod results;
mod settings_panel;
mod slots;
mod summary;
mod timing;

use leptos::prelude::*;

use crate::session::Session;
use crate::ui_text;

/// The page's one piece of state, shared by every component.
#[derive(Clone, Copy)]
pub struct AppState {
    pub session: RwSignal<Session>,
}

/// Mounts the app on `<body>` (the static page).
pub fn mount_on_body() {
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState {
        session: RwSignal::new(Session::default()),
    };
    provide_context(state);
    controller::start(state);
    let estado = move || state.session.with(|session| session.closing_state());
    view! {
        <main class="cuadra">
            <header>
                <div>
                    <h1>{ui_text::APP_TITLE}</h1>
                    <p class="reason">{ui_text::APP_SUBTITLE}</p>
                </div>
                <span class="estado" data-testid="estado-cierre" data-estado=move || estado().id()>
                    {move || estado().label()}
                </span>
            </header>
            <dropzone::DropZone/>
            <slots::SlotsPanel/>
            <mapping::MappingEditor/>
            <settings_panel::SettingsPanel/>
            <RunBar/>
            <monitor::WorkerMonitor/>
            <results::Results/>
        </main>
    }
}

#[component]
fn RunBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let blockers = move || state.session.with(Session::run_blockers);
    let notices = move || {
        state.session.with(|session| {
            session
                .not_reported_slots()
                .into_iter()
                .map(ui_text::not_reported_notice)
                .collect::<Vec<_>>()
        })
    };
    let start_error = move || state.session.with(|session| session.start_error.clone());
    view! {
        <div class="actions">
            <button
                type="button"
                disabled=move || !blockers().is_empty()
                on:click=move |_| controller::run(state)
            >
                {ui_text::RUN_BUTTON}
            </button>
            <span class="reason" data-testid="motivo-bloqueo">{move || blockers().join(" ")}</span>
        </div>
        <ul class="notices">
            {move || notices().into_iter().map(|notice| view! { <li>{notice}</li> }).collect_view()}
        </ul>
        {move || start_error().map(|error| view! { <p class="error" role="alert">{error}</p> })}
    }
}

//! The Leptos page: six file slots, the run button, the worker monitor and the results.
//! Components only render `Session`; every decision is made in `session` or the core.
//! Each mounted instance (`mount`) owns its own session, workers and files; an embedded
//! one (`mount_reporting`) also tells its host element what happens (`events`).

mod changes;
mod controller;
mod discrepancy_list;
mod dropzone;
mod employee;
mod events;
mod exports;
mod finding_detail;
mod focus;
mod history;
mod input_warnings;
mod mapping;
mod monitor;
mod persist;
mod proposals;
mod results;
mod run_log;
mod saved;
mod schedule;
mod settings_panel;
mod slots;
mod state;
mod store_queue;
mod stored;
mod summary;
mod timing;
mod wiring;
mod workbench;

pub use events::{RESULT_EVENT, STATE_EVENT};

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::instance_options::InstanceOptions;
use crate::session::Session;
use crate::ui_text;
use state::AppState;
pub use state::RenderCounts;

/// A mounted page instance. Dropping it unmounts the page and releases everything the
/// instance holds: its workers are terminated, its pending time limit cancelled, its files'
/// `Blob`s let go and the listeners it added removed.
pub struct Instance {
    state: AppState,
    /// The `leptos::mount::UnmountHandle` (its view type cannot be named here): dropping it
    /// unmounts the view and disposes of the instance's reactive owner.
    mounted: Option<Box<dyn std::any::Any>>,
}

/// Mounts an instance of the page inside `host`, with its own session and workers.
pub fn mount(host: web_sys::HtmlElement, options: InstanceOptions) -> Instance {
    mount_inner(host, options, None)
}

/// Mounts an instance inside `container` that dispatches `cuadra:estado` and
/// `cuadra:resultado` on `events_target` (an embedding's host element) while it is mounted.
pub fn mount_reporting(
    container: web_sys::HtmlElement,
    options: InstanceOptions,
    events_target: web_sys::EventTarget,
) -> Instance {
    mount_inner(container, options, Some(events_target))
}

fn mount_inner(
    host: web_sys::HtmlElement,
    options: InstanceOptions,
    events_target: Option<web_sys::EventTarget>,
) -> Instance {
    let made = Rc::new(Cell::new(None));
    let mounted = leptos::mount::mount_to(host, {
        let made = Rc::clone(&made);
        move || {
            // Created inside the mount's owner, so unmounting disposes of them.
            let state = AppState::new(options);
            made.set(Some(state));
            if let Some(target) = events_target {
                events::report_to(state, target);
            }
            view! { <App state=state/> }
        }
    });
    let state = made
        .take()
        .expect("mount_to runs the view function before it returns");
    Instance {
        state,
        mounted: Some(Box::new(mounted)),
    }
}

/// Mounts the static page on `<body>` with the options its entry read from the URL.
pub fn mount_on_body(options: InstanceOptions) {
    let body = document().body().expect("the static page has a <body>");
    mount(body, options).keep_for_page_lifetime();
}

impl Instance {
    /// Files given as one batch, as a drop would give them: each to its slot by name (or
    /// content, for a small file whose name says nothing), the rest left for the user to
    /// place. Read asynchronously; the session shows when each file has been read.
    pub fn load_files(&self, files: Vec<(String, web_sys::Blob)>) {
        controller::load_batch(self.state, files);
    }

    /// Starts a run, as the run button does; `false` when something blocks it.
    pub fn run(&self) -> bool {
        controller::run(self.state)
    }

    /// Cancels the running verification, as the `Cancelar` button does.
    pub fn cancel(&self) {
        controller::cancel(self.state);
    }

    /// Reads the instance's session (files, run, result, closing state).
    pub fn with_session<T>(&self, f: impl FnOnce(&Session) -> T) -> T {
        self.state.session.with_untracked(f)
    }

    /// How often the page's costly parts were computed so far (a test hook).
    pub fn render_counts(&self) -> RenderCounts {
        self.state.counts.get_value()
    }

    /// The static page is never unmounted: the instance lives as long as the document.
    pub fn keep_for_page_lifetime(self) {
        std::mem::forget(self);
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // The wiring first, explicitly: its workers and timer stop before the view goes.
        self.state.wiring.dispose();
        drop(self.mounted.take());
    }
}

#[component]
fn App(state: AppState) -> impl IntoView {
    provide_context(state);
    controller::start(state);
    persist::open(state);
    persist::follow_runs(state);
    proposals::follow_client(state);
    let estado = Memo::new(move |_| state.session.with(Session::closing_state));
    // "Cargando archivos" only while a file is being read, not while one is missing.
    let reading = Memo::new(move |_| state.session.with(Session::is_reading));
    let has_result = Memo::new(move |_| state.session.with(|session| session.result().is_some()));
    view! {
        <main class="cuadra">
            // With 80 concepts the mapping editor alone has ~250 tab stops before the run
            // button: these links, first in the page and shown when focused, jump past it.
            <nav class="saltos" aria-label=ui_text::SKIP_LINKS_LABEL>
                <a class="saltar" href="#cuadra-ejecutar" on:click=move |event| skip_to(event, SkipTarget::Run)>{ui_text::SKIP_TO_RUN}</a>
                <Show when=move || has_result.get()>
                    <a class="saltar" href="#resultado-titulo" on:click=move |event| skip_to(event, SkipTarget::Results)>{ui_text::SKIP_TO_RESULTS}</a>
                </Show>
            </nav>
            <header>
                <div>
                    <h1>{ui_text::APP_TITLE}</h1>
                    <p class="reason">{ui_text::APP_SUBTITLE}</p>
                    {move || {
                        let closing = state.session.with(|session| session.closing());
                        ui_text::closing_line(&closing).map(|line| view! { <p class="cierre" data-testid="cierre">{line}</p> })
                    }}
                </div>
                // A live region: a screen reader announces the closing's state when it changes,
                // after a visually hidden prefix that says what the label is.
                <span class="estado" role="status" aria-atomic="true" data-testid="estado-cierre" data-estado=move || estado.get().id()>
                    <span class="visually-hidden">{ui_text::CLOSING_STATE_PREFIX}</span>
                    {move || ui_text::closing_state_label(estado.get(), reading.get())}
                </span>
            </header>
            <stored::StorageNotice/>
            <stored::ClosingsPanel/>
            <dropzone::DropZone/>
            <slots::SlotsPanel/>
            <mapping::MappingEditor/>
            <settings_panel::SettingsPanel/>
            <RunBar/>
            <monitor::WorkerMonitor/>
            <history::MonitorTotals/>
            <results::Results/>
            <history::HistoryPanel/>
        </main>
    }
}

/// Where a skip link goes.
#[derive(Clone, Copy)]
enum SkipTarget {
    Run,
    Results,
}

/// Moves focus as a `#id` link would, also inside the embedded component's shadow root
/// (where the browser's own fragment navigation does not look) and in this instance only. The run button when it can
/// take focus; while it is disabled, the run bar, whose text says why.
fn skip_to(event: web_sys::MouseEvent, target: SkipTarget) {
    use wasm_bindgen::JsCast;
    let Some(link) = event
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    event.prevent_default();
    match target {
        SkipTarget::Run => {
            let focused = focus::focus_by_id(&link, "cuadra-ejecutar")
                && focus::active_element(&link)
                    .is_some_and(|active| active.id() == "cuadra-ejecutar");
            if !focused {
                focus::focus_by_id(&link, "cuadra-barra-ejecutar");
            }
        }
        SkipTarget::Results => {
            focus::focus_by_id(&link, "resultado-titulo");
        }
    }
}

#[component]
fn RunBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let blockers = Memo::new(move |_| state.session.with(Session::run_blockers));
    let notices = Memo::new(move |_| {
        state.session.with(|session| {
            session
                .not_reported_slots()
                .into_iter()
                .map(ui_text::not_reported_notice)
                .chain(session.preset_notices())
                .collect::<Vec<_>>()
        })
    });
    let start_error = Memo::new(move |_| state.session.with(|session| session.start_error.clone()));
    let running = Memo::new(move |_| state.session.with(Session::is_running));
    let cancelled = Memo::new(move |_| {
        state
            .session
            .with(|session| session.cancelled.then(|| session.result().is_some()))
    });
    view! {
        <div class="actions" id="cuadra-barra-ejecutar" tabindex="-1">
            <button
                type="button"
                id="cuadra-ejecutar"
                disabled=move || blockers.with(|blockers| !blockers.is_empty())
                on:click=move |_| {
                    controller::run(state);
                }
            >
                {ui_text::RUN_BUTTON}
            </button>
            <Show when=move || running.get()>
                <button type="button" class="secondary" on:click=move |_| controller::cancel(state)>
                    {ui_text::CANCEL_BUTTON}
                </button>
            </Show>
            <span class="reason" data-testid="motivo-bloqueo">{move || blockers.with(|blockers| blockers.join(" "))}</span>
        </div>
        <ul class="notices">
            {move || notices.get().into_iter().map(|notice| view! { <li>{notice}</li> }).collect_view()}
        </ul>
        {move || start_error.get().map(|error| view! { <p class="error" role="alert">{error}</p> })}
        {move || cancelled.get().map(|kept_result| view! {
            <p class="reason" role="status" data-testid="verificacion-cancelada">{ui_text::run_cancelled(kept_result)}</p>
        })}
    }
}

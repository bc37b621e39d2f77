//! The static page's offline support: registers `sw.js` (beside the page, so its scope is
//! Cuadra's own folder) and, when a new build has installed and waits, shows "Nueva versión
//! disponible — Actualizar". The click tells the waiting worker to take over; every page of
//! the old build reloads when it does, so no old page ever talks to the new build's workers.
//! An embedding never calls this: the portal's pages are not Cuadra's to control.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

use crate::ui_text;

/// What the page posts to the waiting worker (`www/sw.js` listens for it).
const SKIP_WAITING: &str = "SKIP_WAITING";

/// Registers the service worker and mounts the update banner on `<body>`. Both live as long
/// as the page.
pub fn start() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // Missing outside a secure context (plain http from another host): the page still works
    // while online, it only cannot be cached.
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let waiting = RwSignal::new_local(None::<ServiceWorker>);
    leptos::mount::mount_to_body(move || view! { <UpdateBanner waiting=waiting/> });
    reload_when_replaced(&container);
    let registered = container.register("./sw.js");
    let on_registered = Closure::once(move |registration: JsValue| {
        if let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() {
            watch_for_updates(&container, &registration, waiting);
        }
    });
    // Offline, or the server refused sw.js: the page works as it is, nothing to offer.
    let on_failed = Closure::once(|_: JsValue| ());
    let _ = registered.then2(&on_registered, &on_failed);
    on_registered.forget();
    on_failed.forget();
}

/// A page that was served by a worker reloads when another worker takes over (this page's
/// click, or another tab's): the new worker serves the new build's page and workers.
/// A first visit has no controller and never reloads (the worker does not claim it).
fn reload_when_replaced(container: &ServiceWorkerContainer) {
    if container.controller().is_none() {
        return;
    }
    let on_change = Closure::<dyn FnMut()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}

/// Offers a worker that is already waiting, and each one that finishes installing while
/// this page is open. Only an update is offered: on a first visit there is no controller
/// and the new worker simply activates.
fn watch_for_updates(
    container: &ServiceWorkerContainer,
    registration: &ServiceWorkerRegistration,
    waiting: RwSignal<Option<ServiceWorker>, LocalStorage>,
) {
    let is_update = container.controller().is_some();
    if let Some(worker) = registration.waiting().filter(|_| is_update) {
        waiting.set(Some(worker));
    }
    let watched = registration.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        let Some(installing) = watched.installing() else {
            return;
        };
        let worker = installing.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            if worker.state() == ServiceWorkerState::Installed && is_update {
                waiting.set(Some(worker.clone()));
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

#[component]
fn UpdateBanner(waiting: RwSignal<Option<ServiceWorker>, LocalStorage>) -> impl IntoView {
    let update = move |_| {
        if let Some(worker) = waiting.get_untracked() {
            // The reload follows on `controllerchange`.
            let _ = worker.post_message(&SKIP_WAITING.into());
        }
    };
    move || {
        waiting.get().map(|_| {
            view! {
                <div class="actualizacion" role="status" data-testid="nueva-version">
                    <span>{ui_text::NEW_VERSION}</span>
                    <button type="button" on:click=update>{ui_text::NEW_VERSION_UPDATE}</button>
                </div>
            }
        })
    }
}

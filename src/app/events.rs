//! The DOM events an embedded instance dispatches on its host element (docs/interfaces.md):
//! `cuadra:estado` on every closing-state change and `cuadra:resultado` after every run,
//! whose `detail` is the result document exactly as `Exportar JSON` writes it.

use cuadra_core::document::ClosingState;
use cuadra_core::export::to_json;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::state::AppState;
use crate::session::Session;

pub const STATE_EVENT: &str = "cuadra:estado";
pub const RESULT_EVENT: &str = "cuadra:resultado";

/// Dispatches the instance's events on `target` for as long as the instance is mounted
/// (called inside its owner, which disposes of the effect on unmount). The first
/// `cuadra:estado` says the state at mount (`pendiente`), so a portal knows the component
/// is live; then one per change. After a run, the final state's `cuadra:estado` comes first,
/// then `cuadra:resultado`.
pub fn report_to(state: AppState, target: web_sys::EventTarget) {
    let closing_state = Memo::new(move |_| state.session.with(|session| session.closing_state()));
    // Keyed on the run, not on the document: editing a discrepancy's estado or note changes
    // the document but is not a run.
    let finished_run = Memo::new(move |_| state.session.with(Session::finished_run));
    Effect::new(move |previous: Option<(ClosingState, Option<u32>)>| {
        let now = (closing_state.get(), finished_run.get());
        if previous.map(|(estado, _)| estado) != Some(now.0) {
            dispatch(&target, STATE_EVENT, &state_detail(now.0));
        }
        if now.1.is_some() && previous.map(|(_, run)| run) != Some(now.1) {
            let document = state
                .session
                .with_untracked(|session| session.result().map(to_json));
            // The export's own bytes, parsed: the event and the file cannot drift.
            if let Some(detail) = document.and_then(|json| js_sys::JSON::parse(&json).ok()) {
                dispatch(&target, RESULT_EVENT, &detail);
            }
        }
        now
    });
}

/// `{ estado: <id>, etiqueta: <label> }`.
fn state_detail(closing_state: ClosingState) -> JsValue {
    let detail = js_sys::Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&detail, &"estado".into(), &closing_state.id().into());
    let _ = js_sys::Reflect::set(&detail, &"etiqueta".into(), &closing_state.label().into());
    detail.into()
}

/// A bubbling, composed `CustomEvent`: a portal listening on `document` hears it, even when
/// it placed the component inside a shadow root of its own.
fn dispatch(target: &web_sys::EventTarget, name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

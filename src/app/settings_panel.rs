//! The settings of docs/results.md: global tolerance and three switches. Per-concept tolerances
//! live in the mapping editor's rows.

use cuadra_core::Settings;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::state::AppState;
use crate::mapping_view::parse_pesos;
use crate::ui_text;

fn target_input(event: &web_sys::Event) -> Option<HtmlInputElement> {
    event
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
}

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tolerance_error = RwSignal::new(false);
    let tolerance = move || {
        state
            .settings
            .with(|settings| settings.tolerance.to_string())
    };
    let on_tolerance = move |event: web_sys::Event| {
        let Some(input) = target_input(&event) else {
            return;
        };
        match parse_pesos(&input.value()) {
            Ok(pesos) => {
                tolerance_error.set(false);
                let pesos = pesos.unwrap_or(0);
                state.session.update(|session| {
                    session.change_settings(|settings| settings.tolerance = pesos)
                });
                // Show the value as it is kept (`1.500` becomes `1500`, blank becomes `0`).
                input.set_value(&pesos.to_string());
            }
            Err(_) => tolerance_error.set(true),
        }
    };
    view! {
        <section class="card settings" aria-labelledby="config-titulo" data-testid="configuracion">
            <h2 id="config-titulo">{ui_text::SETTINGS_HEADING}</h2>
            <div class="setting">
                <label for="tolerancia-global">{ui_text::SETTING_TOLERANCE}</label>
                <input
                    id="tolerancia-global"
                    type="text"
                    inputmode="numeric"
                    class="pesos"
                    aria-describedby="tolerancia-global-ayuda"
                    aria-invalid=move || tolerance_error.get().to_string()
                    prop:value=tolerance
                    on:change=on_tolerance
                />
                <p class="meta" id="tolerancia-global-ayuda">{ui_text::SETTING_TOLERANCE_HELP}</p>
                {move || tolerance_error.get().then(|| view! { <p class="error" role="alert">{ui_text::INVALID_PESOS}</p> })}
            </div>
            <Switch label=ui_text::SETTING_ONLY_IN_PAYROLL get=|s| s.report_only_in_payroll set=|s, on| s.report_only_in_payroll = on/>
            <Switch label=ui_text::SETTING_ZERO_IS_NOVELTY get=|s| s.zero_is_novelty set=|s, on| s.zero_is_novelty = on/>
            <Switch label=ui_text::SETTING_EXCLUDE_FIXED_TERM get=|s| s.exclude_fixed_term set=|s, on| s.exclude_fixed_term = on/>
        </section>
    }
}

/// One on/off setting: a labelled checkbox.
#[component]
fn Switch(
    label: &'static str,
    get: fn(&Settings) -> bool,
    set: fn(&mut Settings, bool),
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let checked = move || state.settings.with(get);
    let on_change = move |event: web_sys::Event| {
        if let Some(input) = target_input(&event) {
            let on = input.checked();
            state
                .session
                .update(|session| session.change_settings(|settings| set(settings, on)));
        }
    };
    view! {
        <div class="setting">
            <label class="switch">
                <input type="checkbox" prop:checked=checked on:change=on_change/>
                " "
                {label}
            </label>
        </div>
    }
}

//! The embedded component in the browser (wasm-bindgen-test in headless Chromium, in-page
//! worker links): it renders in its host's open shadow root with one stylesheet shared by
//! every component, touches nothing outside, presets what the portal gave, and dispatches
//! `cuadra:estado` and `cuadra:resultado` (the export's JSON) on its host, bubbling.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use cuadra_app::app::{RESULT_EVENT, STATE_EVENT};
use cuadra_app::embed::{mount_component, mount_in_shadow, new_stylesheet, Component};
use cuadra_app::instance_options::{Preset, WorkerSource};
use cuadra_app::session::Inspection;
use cuadra_core::document::ClosingInfo;
use cuadra_core::export::to_json;
use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::values::rut::Rut;
use cuadra_core::{Period, Settings};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod page;
use page::{files_of, until};

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("a document")
}

/// A fresh host element at the end of `<body>`, with an open shadow root.
fn host() -> (web_sys::HtmlElement, web_sys::ShadowRoot) {
    let host: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let shadow = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .expect("an open shadow root");
    (host, shadow)
}

/// Mounts with the sheet every component of a test shares, as `cuadra-embed.js` shares one.
fn mount(
    host: &web_sys::HtmlElement,
    shadow: &web_sys::ShadowRoot,
    sheet: &web_sys::CssStyleSheet,
    preset: Preset,
) -> Component {
    mount_in_shadow(
        host.clone(),
        shadow.clone(),
        sheet.clone(),
        preset,
        WorkerSource::InPage,
    )
    .expect("the component mounts")
}

fn adopted(shadow: &web_sys::ShadowRoot) -> Vec<JsValue> {
    shadow.adopted_style_sheets().iter().collect()
}

#[wasm_bindgen_test]
fn components_render_in_their_shadow_roots_with_one_shared_sheet() {
    let sheets_before = document().style_sheets().length();
    let (host_a, shadow_a) = host();
    let (host_b, shadow_b) = host();
    let sheet = new_stylesheet().expect("the stylesheet parses");
    let a = mount(&host_a, &shadow_a, &sheet, Preset::default());
    let b = mount(&host_b, &shadow_b, &sheet, Preset::default());
    for (host, shadow) in [(&host_a, &shadow_a), (&host_b, &shadow_b)] {
        assert_eq!(host.child_element_count(), 0, "the light DOM is untouched");
        let estado = shadow
            .query_selector("[data-testid=estado-cierre]")
            .expect("selector")
            .expect("the page renders inside the shadow root");
        assert_eq!(
            estado.get_attribute("data-estado").as_deref(),
            Some("pendiente")
        );
        assert!(shadow
            .query_selector(".cuadra")
            .expect("selector")
            .is_some());
    }
    let (sheets_a, sheets_b) = (adopted(&shadow_a), adopted(&shadow_b));
    assert_eq!(sheets_a.len(), 1);
    assert_eq!(
        sheets_a, sheets_b,
        "one sheet object shared by every component"
    );
    let rules = sheets_a[0]
        .unchecked_ref::<web_sys::CssStyleSheet>()
        .css_rules()
        .expect("rules")
        .length();
    assert!(rules > 50, "the page's whole stylesheet ({rules} rules)");
    assert_eq!(
        document().style_sheets().length(),
        sheets_before,
        "no <style> or <link> added to the portal's document"
    );
    assert_eq!(document().adopted_style_sheets().length(), 0);

    drop(a);
    assert_eq!(
        shadow_a.child_element_count(),
        0,
        "unmounting empties the shadow root"
    );
    assert!(adopted(&shadow_a).is_empty(), "and un-adopts the sheet");
    assert_eq!(adopted(&shadow_b), sheets_b, "the other component keeps it");
    drop(b);
    assert_eq!(shadow_b.child_element_count(), 0);
}

/// Every `cuadra:*` event that reaches `document`, with the element it was dispatched on.
struct Heard {
    events: Rc<RefCell<Vec<(String, JsValue, JsValue)>>>,
    listener: Closure<dyn FnMut(web_sys::CustomEvent)>,
}

impl Heard {
    fn listen() -> Heard {
        let events = Rc::new(RefCell::new(Vec::new()));
        let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new({
            let events = Rc::clone(&events);
            move |event: web_sys::CustomEvent| {
                let target = event.target().map(JsValue::from).unwrap_or_default();
                events
                    .borrow_mut()
                    .push((event.type_(), target, event.detail()));
            }
        });
        for name in [STATE_EVENT, RESULT_EVENT] {
            document()
                .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
                .expect("listen");
        }
        Heard { events, listener }
    }

    /// The details of the events named `name` dispatched on `host`.
    fn details(&self, name: &str, host: &web_sys::HtmlElement) -> Vec<JsValue> {
        let host: &JsValue = host.as_ref();
        self.events
            .borrow()
            .iter()
            .filter(|(event, target, _)| event == name && target == host)
            .map(|(_, _, detail)| detail.clone())
            .collect()
    }

    fn states(&self, host: &web_sys::HtmlElement) -> Vec<String> {
        self.details(STATE_EVENT, host)
            .iter()
            .map(|detail| {
                js_sys::Reflect::get(detail, &"estado".into())
                    .ok()
                    .and_then(|estado| estado.as_string())
                    .expect("detail.estado")
            })
            .collect()
    }
}

impl Drop for Heard {
    fn drop(&mut self) {
        for name in [STATE_EVENT, RESULT_EVENT] {
            let _ = document()
                .remove_event_listener_with_callback(name, self.listener.as_ref().unchecked_ref());
        }
    }
}

fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .expect("a JSON value")
        .as_string()
        .expect("a string")
}

#[wasm_bindgen_test]
async fn a_component_reports_its_states_and_each_runs_document_on_its_host() {
    let heard = Heard::listen();
    let (other_host, other_shadow) = host();
    let (host, shadow) = host();
    let preset = Preset {
        closing: ClosingInfo {
            period: Period::parse("2025-02"),
            company_rut: Some(Rut::from_number(11_111_111)),
        },
        settings: Settings {
            report_only_in_payroll: true,
            ..Settings::default()
        },
    };
    let sheet = new_stylesheet().expect("the stylesheet parses");
    let component = mount(&host, &shadow, &sheet, preset);
    let other = mount(&other_host, &other_shadow, &sheet, Preset::default());
    let closing = generate(&GeneratorOptions::sized(21, 50));
    component.instance().load_files(files_of(&closing));
    until("every file is read", || {
        component.instance().with_session(|session| {
            session.files.len() == closing.files.len()
                && session
                    .files
                    .values()
                    .all(|file| matches!(file.inspection, Inspection::Read(_)))
        })
    })
    .await;
    assert!(component.instance().run(), "the run starts");
    until("the document is dispatched", || {
        !heard.details(RESULT_EVENT, &host).is_empty()
    })
    .await;

    let states = heard.states(&host);
    assert_eq!(
        states.first().map(String::as_str),
        Some("pendiente"),
        "{states:?}"
    );
    assert!(
        states.contains(&"archivos_completos".to_string()),
        "{states:?}"
    );
    let verifying = states
        .iter()
        .position(|state| state == "verificacion_datos");
    assert_eq!(verifying, Some(states.len() - 2), "{states:?}");
    assert_eq!(states.last().map(String::as_str), Some("con_discrepancias"));
    for pair in states.windows(2) {
        assert_ne!(pair[0], pair[1], "one event per change: {states:?}");
    }
    let label = js_sys::Reflect::get(&heard.details(STATE_EVENT, &host)[0], &"etiqueta".into())
        .expect("detail.etiqueta");
    assert_eq!(label.as_string().as_deref(), Some("Pendiente"));

    let results = heard.details(RESULT_EVENT, &host);
    assert_eq!(results.len(), 1);
    let exported = component
        .instance()
        .with_session(|session| to_json(session.result().expect("a result")));
    let exported = js_sys::JSON::parse(&exported).expect("the export is JSON");
    assert_eq!(
        stringify(&results[0]),
        stringify(&exported),
        "the event is the export"
    );
    let cierre = stringify(&js_sys::Reflect::get(&results[0], &"cierre".into()).expect("cierre"));
    assert_eq!(
        cierre,
        r#"{"periodo":"2025-02","rut_empresa":"11111111-1"}"#
    );
    let only_in_payroll = component.instance().with_session(|session| {
        session
            .result()
            .expect("a result")
            .summary
            .by_kind
            .keys()
            .any(|kind| kind.id() == "empleado_solo_libro")
    });
    assert!(
        only_in_payroll,
        "the preset configuracion reached the comparison"
    );

    assert!(component.instance().run(), "a second run");
    until("the second document is dispatched", || {
        heard.details(RESULT_EVENT, &host).len() == 2
    })
    .await;
    assert_eq!(
        heard.states(&other_host),
        vec!["pendiente"],
        "the other component is apart"
    );
    assert!(heard.details(RESULT_EVENT, &other_host).is_empty());
    drop(component);
    drop(other);
}

#[wasm_bindgen_test]
fn bad_options_are_refused_before_anything_is_mounted() {
    let (host, shadow) = host();
    let sheet = new_stylesheet().expect("the stylesheet parses");
    let error = mount_component(host, shadow.clone(), sheet, r#"{"periodo": "marzo"}"#, "./")
        .err()
        .expect("refused");
    assert!(
        error.starts_with("Opciones de Cuadra no válidas"),
        "{error}"
    );
    assert!(error.contains("«marzo»"), "{error}");
    assert_eq!(shadow.child_element_count(), 0);
    assert!(adopted(&shadow).is_empty());
}

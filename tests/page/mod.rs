//! Shared by the page's browser tests (wasm-bindgen-test in headless Chromium): a host to
//! mount an instance in, a closing's files as the page gets them, waiting for the page, and
//! acting on its controls as a user would.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

use cuadra_core::generator::GeneratedClosing;
use wasm_bindgen::JsCast;

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// A fresh `<div>` at the end of `<body>` to mount an instance in.
pub fn host() -> web_sys::HtmlElement {
    let document = window().document().expect("document");
    let host = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    host.unchecked_into()
}

/// The closing's files as the page would get them: named `Blob`s.
pub fn files_of(closing: &GeneratedClosing) -> Vec<(String, web_sys::Blob)> {
    closing
        .files
        .iter()
        .map(|file| {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(file.bytes.as_slice()));
            let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).expect("blob");
            (file.file_name.clone(), blob)
        })
        .collect()
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

/// Polls `ready` every 20 ms, for at most 20 s.
pub async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..1000 {
        if ready() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting until {what}");
}

/// Sets a form control's value as the user would and fires its `change` event.
pub fn change(control: &web_sys::Element, value: &str) {
    if let Some(select) = control.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    } else {
        let input: &web_sys::HtmlInputElement = control.dyn_ref().expect("an input");
        input.set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("change", &init).expect("event");
    control.dispatch_event(&event).expect("dispatch");
}

pub fn find(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .expect("selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

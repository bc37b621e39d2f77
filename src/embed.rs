//! The embedded component: a page instance mounted in a host element's open shadow root,
//! styled by one constructed stylesheet shared by every instance (the static page's own CSS
//! source), presetting what the portal gave and dispatching its events on the host.
//! `cuadra-embed.js` calls it through the exports of `main.rs`.

use wasm_bindgen::JsCast;

use crate::app::{self, Instance};
use crate::embed_options::parse_component_options;
use crate::instance_options::{InstanceOptions, Preset, WorkerSource};

/// The page's stylesheet, compiled in: the component fetches nothing to style itself, and
/// one source serves both ways Cuadra runs (`www/style.css` says how).
const STYLESHEET: &str = include_str!("../www/style.css");

fn js_error(error: wasm_bindgen::JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|error| String::from(error.message()))
        })
        .unwrap_or_else(|| format!("{error:?}"))
}

/// The component's stylesheet as a constructed sheet. The caller makes one and gives it to
/// every component it mounts (`cuadra-embed.js` keeps it in its module scope), so each
/// shadow root adopts the same sheet instead of a `<style>` copy per instance; no global
/// state is needed on this side.
pub fn new_stylesheet() -> Result<web_sys::CssStyleSheet, String> {
    let sheet = web_sys::CssStyleSheet::new().map_err(js_error)?;
    sheet.replace_sync(STYLESHEET).map_err(js_error)?;
    Ok(sheet)
}

/// A component mounted in a shadow root. Dropping it unmounts the instance (its workers
/// terminated, listeners removed), takes its nodes out of the shadow root and un-adopts
/// the stylesheet, so the host element is as the portal gave it.
pub struct Component {
    instance: Option<Instance>,
    shadow_root: web_sys::ShadowRoot,
    container: web_sys::HtmlElement,
    sheet: web_sys::CssStyleSheet,
}

/// Mounts a component from `cuadra-embed.js`: `sheet` from `new_stylesheet`, shared by every
/// component; `options_json` as the portal gave it; the workers' loader scripts under
/// `base_url` (the directory of `cuadra-embed.js`).
pub fn mount_component(
    host: web_sys::HtmlElement,
    shadow_root: web_sys::ShadowRoot,
    sheet: web_sys::CssStyleSheet,
    options_json: &str,
    base_url: &str,
) -> Result<Component, String> {
    let preset = parse_component_options(options_json)?;
    let workers = WorkerSource::Module {
        base_url: base_url.to_string(),
    };
    mount_in_shadow(host, shadow_root, sheet, preset, workers)
}

/// Mounts an instance in `shadow_root` (of `host`), which dispatches its events on `host`.
pub fn mount_in_shadow(
    host: web_sys::HtmlElement,
    shadow_root: web_sys::ShadowRoot,
    sheet: web_sys::CssStyleSheet,
    preset: Preset,
    workers: WorkerSource,
) -> Result<Component, String> {
    let adopted = shadow_root.adopted_style_sheets();
    if !adopted.includes(&sheet, 0) {
        adopted.push(&sheet);
        shadow_root.set_adopted_style_sheets(&adopted);
    }
    let document = host
        .owner_document()
        .ok_or_else(|| "el elemento no pertenece a un documento".to_string())?;
    let container: web_sys::HtmlElement = document
        .create_element("div")
        .map_err(js_error)?
        .unchecked_into();
    shadow_root.append_child(&container).map_err(js_error)?;
    let options = InstanceOptions {
        workers,
        preset,
        ..InstanceOptions::default()
    };
    let instance = app::mount_reporting(container.clone(), options, host.into());
    Ok(Component {
        instance: Some(instance),
        shadow_root,
        container,
        sheet,
    })
}

impl Component {
    pub fn instance(&self) -> &Instance {
        self.instance
            .as_ref()
            .expect("the instance lives until the component is dropped")
    }
}

impl Drop for Component {
    fn drop(&mut self) {
        drop(self.instance.take());
        self.container.remove();
        let own: &wasm_bindgen::JsValue = self.sheet.as_ref();
        let adopted = self.shadow_root.adopted_style_sheets();
        let kept = adopted.filter(&mut |sheet, _, _| &sheet != own);
        self.shadow_root.set_adopted_style_sheets(&kept);
    }
}

//! The entry point of the page's wasm, which serves both ways Cuadra runs. On the static
//! page (`<body data-cuadra-pagina>`) it installs the panic hook, reads the page's options
//! from its URL (once: nothing deeper reads the address), mounts the app on `<body>` and
//! registers the service worker. Loaded by `cuadra-embed.js` inside a portal it mounts
//! nothing by itself: it exports `mountComponent`, which the embed entry calls.

/// The attribute that tells the static page's `<body>` from a portal's.
#[cfg(target_arch = "wasm32")]
const PAGE_MARKER: &str = "data-cuadra-pagina";

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    let is_static_page = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
        .is_some_and(|body| body.has_attribute(PAGE_MARKER));
    if is_static_page {
        cuadra_app::app::mount_on_body(page_options());
        cuadra_app::offline::start();
    }
}

/// `?limite_ms=` and `?simular_fallo=`, used by the end-to-end tests.
#[cfg(target_arch = "wasm32")]
fn page_options() -> cuadra_app::instance_options::InstanceOptions {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    cuadra_app::instance_options::InstanceOptions::from_page_parameters(|name| {
        params.as_ref()?.get(name)
    })
}

#[cfg(target_arch = "wasm32")]
pub use embedding::{component_stylesheet, mount_component, ComponentHandle};

/// What `cuadra-embed.js` calls. Thin: the component itself is `cuadra_app::embed`.
#[cfg(target_arch = "wasm32")]
mod embedding {
    use wasm_bindgen::prelude::*;

    /// Mounts a component in `shadow_root` of `host`: `options_json` is the portal's options
    /// (`periodo`, `rut_empresa`, `configuracion`), `base_url` the directory of
    /// `cuadra-embed.js`, where the workers' loaders are. A bad option throws its Spanish
    /// message.
    #[wasm_bindgen(js_name = mountComponent)]
    pub fn mount_component(
        host: web_sys::HtmlElement,
        shadow_root: web_sys::ShadowRoot,
        sheet: web_sys::CssStyleSheet,
        options_json: &str,
        base_url: &str,
    ) -> Result<ComponentHandle, JsError> {
        cuadra_app::embed::mount_component(host, shadow_root, sheet, options_json, base_url)
            .map(|component| ComponentHandle {
                component: Some(component),
            })
            .map_err(|message| JsError::new(&message))
    }

    /// The component's constructed stylesheet; `cuadra-embed.js` makes one and shares it
    /// with every component it mounts.
    #[wasm_bindgen(js_name = componentStylesheet)]
    pub fn component_stylesheet() -> Result<web_sys::CssStyleSheet, JsError> {
        cuadra_app::embed::new_stylesheet().map_err(|message| JsError::new(&message))
    }

    /// A mounted component, as JavaScript holds it.
    #[wasm_bindgen]
    pub struct ComponentHandle {
        component: Option<cuadra_app::embed::Component>,
    }

    #[wasm_bindgen]
    impl ComponentHandle {
        /// Unmounts the component (workers terminated, nodes and stylesheet removed); a
        /// second call does nothing.
        pub fn unmount(&mut self) {
            drop(self.component.take());
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cuadra-app runs in the browser: build it with `trunk build`");
}

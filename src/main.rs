//! The page's entry point: installs the panic hook, reads the static page's options from its
//! URL (once: nothing deeper reads the address) and mounts the app on `<body>`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    cuadra_app::app::mount_on_body(page_options());
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

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cuadra-app runs in the browser: build it with `trunk build`");
}

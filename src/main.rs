//! The page's entry point: installs the panic hook and mounts the app on `<body>`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    cuadra_app::app::mount_on_body();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cuadra-app runs in the browser: build it with `trunk build`");
}

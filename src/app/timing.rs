//! Performance marks for the browser benchmark (`tests/bench`): names and numbers only,
//! never file contents. They cost a few microseconds and are harmless in production.

use wasm_bindgen::JsValue;

/// `performance.mark(name, { detail: { key: value, … } })`.
pub fn mark(name: &str, detail: &[(&str, f64)]) {
    let Some(performance) = web_sys::window().and_then(|window| window.performance()) else {
        return;
    };
    let details = js_sys::Object::new();
    for (key, value) in detail {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(
            &details,
            &JsValue::from_str(key),
            &JsValue::from_f64(*value),
        );
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("detail"), &details);
    if let Ok(function) = js_sys::Reflect::get(&performance, &JsValue::from_str("mark")) {
        let function: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(function);
        let _ = function.call2(&performance, &JsValue::from_str(name), &options);
    }
}

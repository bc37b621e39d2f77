//! Keyboard focus for modal parts of the page: which element has focus (inside a shadow
//! root too), a Tab that cycles inside a container, and moving focus to a named target.

use wasm_bindgen::JsCast;

/// What can take focus with Tab. Disabled and hidden controls are filtered out below.
const FOCUSABLE: &str = "a[href], button, input, select, textarea, summary, [tabindex]";

/// The focused element of the tree `inside` belongs to. In the embedded component the
/// document only knows the host as focused: its shadow root knows the element.
pub fn active_element(inside: &web_sys::Node) -> Option<web_sys::Element> {
    let root = inside.get_root_node();
    match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow_root) => shadow_root.active_element(),
        None => leptos::prelude::document().active_element(),
    }
}

/// The elements of `container` that Tab visits, in document order.
fn tab_stops(container: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(nodes) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|element| {
            element.tab_index() >= 0
                && !element.has_attribute("disabled")
                && !element.hidden()
                // Not rendered (display: none, or inside something hidden).
                && (element.offset_width() > 0 || element.offset_height() > 0)
        })
        .collect()
}

/// Keeps Tab and Shift+Tab inside `container` (a modal dialog): from its last tab stop Tab
/// goes to the first, from its first (or from the container itself) Shift+Tab goes to the
/// last. Other keys, and Tab between inner stops, are left to the browser.
pub fn trap_tab(event: &web_sys::KeyboardEvent, container: &web_sys::Element) {
    if event.key() != "Tab" {
        return;
    }
    let stops = tab_stops(container);
    let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
        // Nothing to visit: focus stays where it is.
        event.prevent_default();
        return;
    };
    let active = active_element(container);
    let inside = active
        .as_ref()
        .is_some_and(|active| container.contains(Some(active)));
    let at = |element: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|active| active == element.unchecked_ref::<web_sys::Element>())
    };
    let on_container = active.as_ref() == Some(container);
    let next = if event.shift_key() {
        (!inside || on_container || at(first)).then_some(last)
    } else {
        (!inside || at(last)).then_some(first)
    };
    if let Some(next) = next {
        event.prevent_default();
        let _ = next.focus();
    }
}

/// Moves focus to the element with `id` in the same page instance as `from` (looked up
/// from the instance's root, not the document: the embedded component's shadow root is
/// beyond a `#id` link's reach, and a document may hold several instances). `false` when
/// there is no such element.
pub fn focus_by_id(from: &web_sys::Element, id: &str) -> bool {
    let target = from
        .closest("main.cuadra")
        .ok()
        .flatten()
        .and_then(|instance| instance.query_selector(&format!("#{id}")).ok().flatten())
        .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok());
    match target {
        Some(target) => {
            let _ = target.focus();
            target.scroll_into_view();
            true
        }
        None => false,
    }
}

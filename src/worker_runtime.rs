//! The worker side of the page ↔ worker link: receive a request, hand it to the worker's
//! logic, post the answers. A panic is reported as a message before the worker dies.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{decode, encode, Request, Response};

pub use crate::workers::WorkerLogic;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(response: &Response) {
    let bytes = js_sys::Uint8Array::from(encode(response).as_slice());
    // Posting can only fail for uncloneable values; a Uint8Array is always cloneable.
    let _ = scope().post_message(&bytes);
}

/// Milliseconds from the worker's time origin.
pub fn now_ms() -> f64 {
    scope()
        .performance()
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// Starts serving requests with `logic`; call once from the worker binary's `main`.
pub fn serve<W: WorkerLogic + 'static>(logic: W) {
    std::panic::set_hook(Box::new(|info| {
        post(&Response::Panicked {
            message: info.to_string(),
        });
        console_error_panic_hook::hook(info);
    }));
    let logic = Rc::new(RefCell::new(logic));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        match decode::<Request>(&bytes) {
            Ok(request) => logic.borrow_mut().handle(request, &post),
            Err(message) => post(&Response::Panicked { message }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&Response::Ready);
}

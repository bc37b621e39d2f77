//! The worker side of the page ↔ worker link: receive a request, hand it to the worker's
//! logic, post the answers. A panic, or running out of memory, is reported as a message
//! before the worker dies.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use cuadra_core::Group;

use crate::protocol::{decode, encode, Content, Request, Response, SimulatedFault};

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

/// Reads the `Blob` of each attached file (posted after the encoded request) into the
/// file's bytes: the one copy of a file's content, straight into this worker's memory.
fn read_attachments(request: &mut Request, message: &js_sys::Array) {
    let reader = web_sys::FileReaderSync::new();
    for (idx, file) in request.attached_files_mut().enumerate() {
        let blob = message.get(idx as u32 + 1);
        // A missing Blob leaves the file `Attached`, which the worker reports by name.
        if blob.is_undefined() {
            continue;
        }
        let read = reader.as_ref().map_err(describe).and_then(|reader| {
            reader
                .read_as_array_buffer(blob.unchecked_ref())
                .map_err(|error| describe(&error))
        });
        file.content = match read {
            Ok(buffer) => Content::Bytes(js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(reason) => Content::Unreadable(reason),
        };
    }
}

/// The browser's message for a failed read (a `DOMException`'s name and message).
pub(crate) fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .filter(|message| !message.is_empty())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "error desconocido".to_string())
}

/// Set by the panic hook: a trap after a panic is the panic's abort, already reported.
static PANICKED: AtomicBool = AtomicBool::new(false);

/// The size of this worker's wasm memory, in bytes (read as a number: 4 GiB does not fit
/// the `u32` of `ArrayBuffer::byte_length`).
fn memory_bytes() -> u64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::Reflect::get(&memory.buffer(), &JsValue::from_str("byteLength"))
        .ok()
        .and_then(|length| length.as_f64())
        .unwrap_or_default() as u64
}

/// Tells the page when the worker dies of a failed allocation. Rust aborts on an
/// allocation it cannot get (`memory.grow` refused), which in wasm is an `unreachable`
/// trap, a `WebAssembly.RuntimeError`, without a panic before it; this code has no
/// `unsafe` and calls no `abort`, so such a trap means out of memory. (A custom global
/// allocator could report the failed request itself, but needs `unsafe`, which the
/// workspace forbids.) The page would otherwise see only "RuntimeError: unreachable".
fn watch_for_out_of_memory() {
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(|event: web_sys::ErrorEvent| {
        let trapped = event
            .error()
            .is_instance_of::<js_sys::WebAssembly::RuntimeError>();
        if trapped && !PANICKED.load(Ordering::Relaxed) {
            event.prevent_default();
            post(&Response::OutOfMemory {
                memory_bytes: memory_bytes(),
            });
        }
    });
    let _ = scope().add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    // The listener lives as long as the worker.
    on_error.forget();
}

/// The simulated faults only a real worker can act out (`SimulatedFault::OutOfMemory`,
/// `Terminate`), applied after the logic read the files and went silent.
fn act_out(fault: Option<SimulatedFault>) {
    match fault {
        Some(SimulatedFault::OutOfMemory) => {
            // Untouched capacity: the browser grows the memory without the machine
            // committing it, so the test costs no real memory; the allocation that
            // `memory.grow` refuses aborts the worker as a real one would.
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(Vec::with_capacity(256 << 20));
                std::hint::black_box(&hoard);
            }
        }
        // As if terminated from outside: no message, no error event.
        Some(SimulatedFault::Terminate) => scope().close(),
        _ => {}
    }
}

/// Warm-up passes before `Ready`. Measured in Chromium: 150–230 ms for the first pass,
/// then 70, 40–50, 20–50 ms as more of the hot code is optimised; four passes take the
/// first real file most of the way (BENCHMARKS.md).
const WARM_UP_LAPS: usize = 4;

/// Starts serving requests with a worker from `make`; call once from the worker binary's
/// `main`. First runs the group's warm-up (`workers::warm_up`) on throwaway workers from
/// `make`; the page queues its requests until `Ready`.
pub fn serve<W: WorkerLogic + 'static>(group: Group, make: impl Fn() -> W) {
    std::panic::set_hook(Box::new(|info| {
        PANICKED.store(true, Ordering::Relaxed);
        post(&Response::Panicked {
            message: info.to_string(),
        });
        console_error_panic_hook::hook(info);
    }));
    watch_for_out_of_memory();
    let started = now_ms();
    for _ in 0..WARM_UP_LAPS {
        // A failed warm-up only means the first file is read in slower code; the user's
        // files get their own messages, so nothing is reported here.
        let _ = crate::workers::warm_up(group, &mut make());
    }
    let warm_up_ms = now_ms() - started;
    let logic = Rc::new(RefCell::new(make()));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message: js_sys::Array = event.data().unchecked_into();
        let bytes = js_sys::Uint8Array::new(&message.get(0)).to_vec();
        match decode::<Request>(&bytes) {
            Ok(mut request) => {
                read_attachments(&mut request, &message);
                let fault = match &request {
                    Request::Run { fault, .. } => *fault,
                    Request::Inspect { .. } => None,
                };
                logic.borrow_mut().handle(request, &post);
                act_out(fault);
            }
            Err(message) => post(&Response::Panicked { message }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&Response::Ready { warm_up_ms });
}

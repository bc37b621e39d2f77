//! A module Web Worker built by Trunk, seen from the page: spawned from its loader script,
//! requests queued until it says it is ready, every way it can fail turned into an event.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

use super::WorkerEvent;
use crate::protocol::{decode, encode, Request, Response};
use crate::session::WorkerFailure;

/// A message as posted: the encoded request, then the `Blob` of each attached file.
type Message = js_sys::Array;

struct Link {
    ready: bool,
    queue: Vec<Message>,
}

/// A live worker. Dropping the handle terminates the worker.
pub struct WorkerHandle {
    worker: Worker,
    link: Rc<RefCell<Link>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

fn post(worker: &Worker, message: &Message) {
    // A Uint8Array and Blobs always clone (a Blob by reference, not by copying its bytes);
    // a dead worker simply never answers, which the run's time limit covers.
    let _ = worker.post_message(message);
}

impl WorkerHandle {
    /// Spawns the module worker at `script_url` (Trunk's `<name>_loader.js`).
    pub fn spawn(
        script_url: &str,
        on_event: impl Fn(WorkerEvent) + 'static,
    ) -> Result<WorkerHandle, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(script_url, &options)
            .map_err(|error| format!("no se pudo iniciar el trabajador {script_url}: {error:?}"))?;
        let link = Rc::new(RefCell::new(Link {
            ready: false,
            queue: Vec::new(),
        }));
        let on_event = Rc::new(on_event);

        let on_message = {
            let link = Rc::clone(&link);
            let worker = worker.clone();
            let on_event = Rc::clone(&on_event);
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
                match decode::<Response>(&bytes) {
                    Ok(Response::Ready { warm_up_ms }) => {
                        let queued = {
                            let mut link = link.borrow_mut();
                            link.ready = true;
                            std::mem::take(&mut link.queue)
                        };
                        for message in queued {
                            post(&worker, &message);
                        }
                        on_event(WorkerEvent::Message(Response::Ready { warm_up_ms }));
                    }
                    Ok(response) => on_event(WorkerEvent::Message(response)),
                    Err(message) => on_event(WorkerEvent::Crashed(WorkerFailure::Garbled(message))),
                }
            })
        };
        let on_error = {
            let on_event = Rc::clone(&on_event);
            let link = Rc::clone(&link);
            // A plain `Event`, not an `ErrorEvent`, when the script fails to load: its
            // `message` is read as an optional property, since `ErrorEvent::message` on
            // such an event throws in the bindings and the failure would be lost.
            Closure::<dyn FnMut(Event)>::new(move |event: Event| {
                event.prevent_default();
                let message = js_sys::Reflect::get(&event, &JsValue::from_str("message"))
                    .ok()
                    .and_then(|message| message.as_string())
                    .unwrap_or_default();
                // Chromium gives no message when a module fails to load, and none when a
                // worker dies of something it could not report: which one it was is told
                // by whether it had said it was ready.
                let failure = if !message.is_empty() {
                    WorkerFailure::Error(message)
                } else if link.borrow().ready {
                    WorkerFailure::Died
                } else {
                    WorkerFailure::NotLoaded
                };
                on_event(WorkerEvent::Crashed(failure));
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(WorkerHandle {
            worker,
            link,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a request now, or as soon as the worker says it is ready. `blobs` are the
    /// files of the request's `Content::Attached` entries, in order; a `None` is posted as
    /// `undefined`, which the worker reports as a file that did not arrive.
    pub fn send(&self, request: &Request, blobs: &[Option<web_sys::Blob>]) {
        let message = js_sys::Array::of1(&js_sys::Uint8Array::from(encode(request).as_slice()));
        for blob in blobs {
            match blob {
                Some(blob) => message.push(blob),
                None => message.push(&wasm_bindgen::JsValue::UNDEFINED),
            };
        }
        let mut link = self.link.borrow_mut();
        if link.ready {
            post(&self.worker, &message);
        } else {
            link.queue.push(message);
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

//! The page side of the page ↔ worker link: spawn a module worker built by Trunk, queue
//! requests until it is ready, and turn every way a worker can fail into an event.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::protocol::{decode, encode, Request, Response};

/// What the page hears from a worker.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    Message(Response),
    /// The worker died or spoke gibberish; it must be replaced before the next run.
    Crashed(String),
}

struct Link {
    ready: bool,
    queue: Vec<Vec<u8>>,
}

/// A live worker. Dropping the handle terminates the worker.
pub struct WorkerHandle {
    worker: Worker,
    link: Rc<RefCell<Link>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

fn post_bytes(worker: &Worker, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    // Posting a Uint8Array cannot fail to clone; a dead worker simply never answers, which
    // the run's time limit covers.
    let _ = worker.post_message(&array);
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
                    Ok(Response::Ready) => {
                        let queued = {
                            let mut link = link.borrow_mut();
                            link.ready = true;
                            std::mem::take(&mut link.queue)
                        };
                        for bytes in queued {
                            post_bytes(&worker, &bytes);
                        }
                        on_event(WorkerEvent::Message(Response::Ready));
                    }
                    Ok(response) => on_event(WorkerEvent::Message(response)),
                    Err(message) => on_event(WorkerEvent::Crashed(message)),
                }
            })
        };
        let on_error = {
            let on_event = Rc::clone(&on_event);
            Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                event.prevent_default();
                let message = event.message();
                let message = if message.is_empty() {
                    "el trabajador no pudo cargarse".to_string()
                } else {
                    message
                };
                on_event(WorkerEvent::Crashed(message));
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

    /// Sends a request now, or as soon as the worker says it is ready.
    pub fn send(&self, request: &Request) {
        let bytes = encode(request);
        let mut link = self.link.borrow_mut();
        if link.ready {
            post_bytes(&self.worker, &bytes);
        } else {
            link.queue.push(bytes);
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

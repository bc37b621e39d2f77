//! A worker link that runs a group's worker logic on the page's own thread. It behaves as a
//! module worker seen through `postMessage` does: requests and answers cross the protocol's
//! encoding, attached `Blob`s are read asynchronously, requests are served in order, and
//! every answer arrives in a later task, never inside `send`. For wasm-bindgen tests (which
//! cannot serve Trunk-built workers) and as a fallback where workers cannot start.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use cuadra_core::Group;
use wasm_bindgen_futures::JsFuture;

use super::WorkerEvent;
use crate::protocol::{decode, encode, Content, Request, Response, SimulatedFault};
use crate::session::WorkerFailure;
use crate::ui_text;
use crate::workers::{MovementsVsAnalystWorker, PayrollVsChangesWorker, WorkerLogic};

enum Job {
    /// A module worker says `Ready` once loaded; so does this one, first.
    Ready,
    /// An encoded request and the `Blob`s posted beside it.
    Request(Vec<u8>, Vec<Option<web_sys::Blob>>),
}

struct Inner {
    logic: RefCell<Box<dyn WorkerLogic>>,
    queue: RefCell<VecDeque<Job>>,
    /// A task is serving the queue; `send` only appends to it.
    serving: Cell<bool>,
    /// Cleared when the link is dropped (terminated) or its worker "died".
    alive: Cell<bool>,
    on_event: Box<dyn Fn(WorkerEvent)>,
}

/// The in-page counterpart of `module_worker::WorkerHandle`. Dropping it stops it: queued
/// requests are discarded and no further answer is delivered.
pub struct InPageWorker {
    inner: Rc<Inner>,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now())
        .unwrap_or_default()
}

fn logic_for(group: Group) -> Box<dyn WorkerLogic> {
    match group {
        Group::PayrollVsChanges => Box::new(PayrollVsChangesWorker::new(now_ms)),
        Group::MovementsVsAnalyst => Box::new(MovementsVsAnalystWorker::new(now_ms)),
    }
}

impl InPageWorker {
    /// Starts serving `group`. No warm-up: it would block the page's thread for what the
    /// module worker does off it.
    pub fn spawn(group: Group, on_event: impl Fn(WorkerEvent) + 'static) -> InPageWorker {
        let inner = Rc::new(Inner {
            logic: RefCell::new(logic_for(group)),
            queue: RefCell::new(VecDeque::new()),
            serving: Cell::new(false),
            alive: Cell::new(true),
            on_event: Box::new(on_event),
        });
        let worker = InPageWorker { inner };
        worker.enqueue(Job::Ready);
        worker
    }

    /// Queues a request; its answers come later, in order, as a worker's would. `blobs` are
    /// the files of the request's `Content::Attached` entries, in order (`None`: a gap).
    pub fn send(&self, request: &Request, blobs: &[Option<web_sys::Blob>]) {
        self.enqueue(Job::Request(encode(request), blobs.to_vec()));
    }

    fn enqueue(&self, job: Job) {
        self.inner.queue.borrow_mut().push_back(job);
        if !self.inner.serving.replace(true) {
            wasm_bindgen_futures::spawn_local(serve(Rc::clone(&self.inner)));
        }
    }
}

impl Drop for InPageWorker {
    fn drop(&mut self) {
        self.inner.alive.set(false);
        self.inner.queue.borrow_mut().clear();
    }
}

/// Serves the queue until it is empty. Runs as its own task, so nothing it delivers is
/// re-entrant with the `send` that queued it; a request queued by an answer's handler is
/// served by this same loop, in order.
async fn serve(inner: Rc<Inner>) {
    loop {
        let job = inner.queue.borrow_mut().pop_front();
        let Some(job) = job else { break };
        if !inner.alive.get() {
            break;
        }
        match job {
            Job::Ready => deliver(&inner, Response::Ready { warm_up_ms: 0.0 }),
            Job::Request(bytes, blobs) => handle(&inner, &bytes, &blobs).await,
        }
    }
    inner.serving.set(false);
}

fn deliver(inner: &Inner, response: Response) {
    if inner.alive.get() {
        (inner.on_event)(WorkerEvent::Message(response));
    }
}

async fn handle(inner: &Inner, bytes: &[u8], blobs: &[Option<web_sys::Blob>]) {
    let mut request = match decode::<Request>(bytes) {
        Ok(request) => request,
        Err(message) => return deliver(inner, Response::Panicked { message }),
    };
    read_attachments(&mut request, blobs).await;
    if !inner.alive.get() {
        return;
    }
    // A panic on the page's thread would end the page, not just this "worker": the
    // simulated one is answered as the worker's panic hook would, and the link stays dead
    // as a panicked worker does.
    if matches!(
        request,
        Request::Run {
            fault: Some(SimulatedFault::Panic),
            ..
        }
    ) {
        deliver(
            inner,
            Response::Panicked {
                message: ui_text::SIMULATED_PANIC.to_string(),
            },
        );
        inner.alive.set(false);
        return;
    }
    let answers = RefCell::new(Vec::new());
    inner
        .logic
        .borrow_mut()
        .handle(request, &|response: &Response| {
            answers.borrow_mut().push(encode(response))
        });
    for answer in answers.into_inner() {
        match decode::<Response>(&answer) {
            Ok(response) => deliver(inner, response),
            Err(message) => {
                if inner.alive.get() {
                    (inner.on_event)(WorkerEvent::Crashed(WorkerFailure::Garbled(message)));
                }
            }
        }
    }
}

/// Reads each attached file's `Blob` into its bytes, as the worker runtime does, but
/// asynchronously (`FileReaderSync` exists only in workers).
async fn read_attachments(request: &mut Request, blobs: &[Option<web_sys::Blob>]) {
    for (idx, file) in request.attached_files_mut().enumerate() {
        // A missing Blob leaves the file `Attached`, which the worker logic reports by name.
        let Some(Some(blob)) = blobs.get(idx) else {
            continue;
        };
        file.content = match JsFuture::from(blob.array_buffer()).await {
            Ok(buffer) => Content::Bytes(js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(error) => Content::Unreadable(crate::worker_runtime::describe(&error)),
        };
    }
}

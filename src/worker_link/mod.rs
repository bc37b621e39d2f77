//! The page side of the page ↔ worker link: a `WorkerLink` to "the worker of group G",
//! either a module worker built by Trunk (`module_worker`: spawned, requests queued until
//! it is ready, every way it can fail turned into an event) or the in-page link
//! (`in_page`), which runs the same worker logic on the page's thread.

mod in_page;
mod module_worker;

use cuadra_core::Group;

use crate::instance_options::{worker_script_url, WorkerSource};
use crate::protocol::{Request, Response};
use crate::session::WorkerFailure;

pub use in_page::InPageWorker;
pub use module_worker::WorkerHandle;

/// What the page hears from a worker.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    Message(Response),
    /// The worker died or spoke gibberish; it must be replaced before the next run.
    Crashed(WorkerFailure),
}

/// A link to the worker of one comparison group. Dropping it terminates the worker; no
/// event arrives afterwards.
pub enum WorkerLink {
    Module(WorkerHandle),
    InPage(InPageWorker),
}

impl WorkerLink {
    /// Starts `group`'s worker from `source`. `on_event` hears everything it says, always
    /// in a later task than the call that caused it.
    pub fn spawn(
        source: &WorkerSource,
        group: Group,
        on_event: impl Fn(WorkerEvent) + 'static,
    ) -> Result<WorkerLink, String> {
        match source {
            WorkerSource::Module { base_url } => {
                WorkerHandle::spawn(&worker_script_url(base_url, group), on_event)
                    .map(WorkerLink::Module)
            }
            WorkerSource::InPage => Ok(WorkerLink::InPage(InPageWorker::spawn(group, on_event))),
        }
    }

    /// Sends a request; `blobs` are the files of its `Content::Attached` entries, in order.
    pub fn send(&self, request: &Request, blobs: &[Option<web_sys::Blob>]) {
        match self {
            WorkerLink::Module(handle) => handle.send(request, blobs),
            WorkerLink::InPage(worker) => worker.send(request, blobs),
        }
    }
}

//! One page instance's connection to its workers: the options it was given, the worker
//! ledger with the live links, the files' `Blob`s and the pending run's time limit. Owned
//! by the instance (`AppState::wiring`); dropping it terminates the workers and cancels the
//! timer. It decides nothing itself: the ledger and the blob store do.

use cuadra_core::Group;
use leptos::prelude::TimeoutHandle;

use crate::blob_store::BlobStore;
use crate::instance_options::InstanceOptions;
use crate::ledger::{Generation, Ledger};
use crate::protocol::Request;
use crate::worker_link::{WorkerEvent, WorkerLink};

/// What hears a worker's events; made for each worker with its generation.
pub type Handler = Box<dyn Fn(WorkerEvent)>;

pub struct Wiring {
    pub options: InstanceOptions,
    pub workers: Ledger<WorkerLink>,
    pub blobs: BlobStore<web_sys::Blob>,
    time_limit: Option<TimeoutHandle>,
}

impl Wiring {
    pub fn new(options: InstanceOptions) -> Wiring {
        Wiring {
            options,
            workers: Ledger::default(),
            blobs: BlobStore::default(),
            time_limit: None,
        }
    }

    /// The group's worker, spawned first when it has none.
    fn link(
        &mut self,
        group: Group,
        handler: impl FnOnce(Generation) -> Handler,
    ) -> Result<&WorkerLink, String> {
        let source = &self.options.workers;
        self.workers.link_or_spawn(group, |generation| {
            WorkerLink::spawn(source, group, handler(generation))
        })
    }

    /// Spawns the group's worker unless it has one (at start-up, so the first file is read
    /// without delay).
    pub fn spawn(
        &mut self,
        group: Group,
        handler: impl FnOnce(Generation) -> Handler,
    ) -> Result<(), String> {
        self.link(group, handler).map(|_| ())
    }

    /// Sends `request` to the group's worker (spawning one if it is gone) with the `Blob`s
    /// of its attached files.
    pub fn send(
        &mut self,
        group: Group,
        request: &Request,
        handler: impl FnOnce(Generation) -> Handler,
    ) -> Result<(), String> {
        let blobs = self.blobs.attached(request);
        self.link(group, handler)?.send(request, &blobs);
        Ok(())
    }

    /// The time limit of the run just started; an earlier run's is cancelled (it finished:
    /// a run cannot start while another is running).
    pub fn arm_time_limit(&mut self, timer: TimeoutHandle) {
        if let Some(earlier) = self.time_limit.replace(timer) {
            earlier.clear();
        }
    }
}

impl Wiring {
    /// The running verification was cancelled: its time limit no longer applies.
    pub fn disarm_time_limit(&mut self) {
        if let Some(timer) = self.time_limit.take() {
            timer.clear();
        }
    }
}

impl Drop for Wiring {
    fn drop(&mut self) {
        if let Some(timer) = self.time_limit.take() {
            timer.clear();
        }
        // Each link terminates its worker when dropped.
        drop(self.workers.take_all());
    }
}

/// Drops a link the ledger gave up, after the current task: the link's own event handler
/// may be what is running now.
pub fn retire(link: WorkerLink) {
    leptos::task::spawn_local(async move { drop(link) });
}

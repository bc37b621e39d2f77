//! Why a worker stopped before it answered, as the page learns it, and the Spanish reason
//! the worker monitor and the incomplete result show for it.

use cuadra_core::Group;

use crate::ui_text;

/// How a worker was lost. The page learns it from the worker's last message (its panic
/// hook, its allocation watch) or from the `error` event the browser raises on its
/// `Worker`; a worker that stops without a word is caught by the run's time limit instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerFailure {
    /// The worker's panic message.
    Panicked(String),
    /// An allocation failed (`memory.grow` refused): the size the worker's memory had
    /// reached.
    OutOfMemory { memory_bytes: u64 },
    /// An uncaught error, with the browser's message.
    Error(String),
    /// An `error` event without a message from a worker that had said it was ready: the
    /// browser stopped it, or it ran out of memory before it could say so.
    Died,
    /// An `error` event without a message before the worker said it was ready: its script
    /// or module could not load.
    NotLoaded,
    /// A message that did not decode: the page and the worker come from different builds.
    Garbled(String),
}

impl WorkerFailure {
    /// The reason, in Spanish, naming the comparison that did not finish.
    pub fn message(&self, group: Group) -> String {
        let reason = match self {
            WorkerFailure::Panicked(message)
            | WorkerFailure::Error(message)
            | WorkerFailure::Garbled(message) => message.clone(),
            WorkerFailure::OutOfMemory { memory_bytes } => {
                ui_text::worker_out_of_memory(*memory_bytes)
            }
            WorkerFailure::Died => ui_text::WORKER_DIED.to_string(),
            WorkerFailure::NotLoaded => ui_text::WORKER_NOT_LOADED.to_string(),
        };
        ui_text::worker_failed(group, &reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_names_the_comparison_and_its_reason() {
        let group = Group::PayrollVsChanges;
        let label = group.label();
        let panicked = WorkerFailure::Panicked("índice fuera de rango".into()).message(group);
        assert_eq!(
            panicked,
            format!("el proceso «{label}» falló: índice fuera de rango")
        );
        let oom = WorkerFailure::OutOfMemory {
            memory_bytes: 1 << 30,
        }
        .message(Group::MovementsVsAnalyst);
        assert!(
            oom.contains(Group::MovementsVsAnalyst.label()) && oom.contains("sin memoria"),
            "{oom}"
        );
        assert!(oom.contains("1.024 MB"), "{oom}");
        let died = WorkerFailure::Died.message(group);
        assert!(died.contains(label) && died.contains("se detuvo"), "{died}");
        let not_loaded = WorkerFailure::NotLoaded.message(group);
        assert!(not_loaded.contains("no pudo cargarse"), "{not_loaded}");
        assert_ne!(
            died, not_loaded,
            "a dead worker is not one that never loaded"
        );
    }
}

//! The logic of the two comparison workers, kept apart from the JS plumbing so it runs and is
//! tested natively: decode a request, call the core, encode the answer.

mod movements;
mod payroll;
mod warmup;

pub use movements::MovementsVsAnalystWorker;
pub use payroll::PayrollVsChangesWorker;
pub use warmup::warm_up;

use cuadra_core::compare::GroupResult;
use cuadra_core::input::Read;
use cuadra_core::pipeline::{FileFacts, RunParameters};
use cuadra_core::{Group, InputError, InputErrorKind, InputSummary, Slot};

use crate::protocol::{
    Content, GroupRun, InputFile, Response, SimulatedFault, Stage, StageTimings,
};

/// What a worker does with each request. `post` sends an answer (progress included) at once.
pub trait WorkerLogic {
    fn handle(&mut self, request: crate::protocol::Request, post: &dyn Fn(&Response));
}

/// One comparison group's worker: how it reads a file and how it runs. The request loop
/// is the same for both groups (`WorkerLogic` below).
pub(crate) trait GroupWorker {
    fn clock(&self) -> fn() -> f64;

    /// Reads a file of one of the group's slots (and keeps it parsed for the run).
    fn inspect(&mut self, file: &InputFile) -> Result<FileFacts, InputError>;

    /// `None` when a simulated hang asks the worker to stay silent.
    fn run(
        &mut self,
        context: &mut RunContext<'_>,
        files: &[InputFile],
        parameters: &RunParameters,
        fault: Option<SimulatedFault>,
    ) -> Option<Result<GroupRun, String>>;
}

impl<W: GroupWorker> WorkerLogic for W {
    fn handle(&mut self, request: crate::protocol::Request, post: &dyn Fn(&Response)) {
        match request {
            crate::protocol::Request::Inspect { file } => {
                let started = (self.clock())();
                let result = self.inspect(&file);
                post(&Response::Inspected {
                    file_id: file.file_id,
                    slot: file.slot,
                    result,
                    read_ms: (self.clock())() - started,
                });
            }
            crate::protocol::Request::Run {
                run_id,
                files,
                settings,
                period,
                fault,
            } => {
                let mut context = RunContext::new(run_id, self.clock(), post);
                let parameters = RunParameters { settings, period };
                if let Some(result) = self.run(&mut context, &files, &parameters, fault) {
                    for message in crate::protocol::split_found(run_id, result) {
                        post(&message);
                    }
                }
            }
        }
    }
}

/// A parsed file kept between `Inspect` and `Run`, so each file is parsed once per worker.
pub(crate) struct Cached<T> {
    file_id: u32,
    read: Read<T>,
}

type Reader<T> = fn(&str, &[u8]) -> Result<Read<T>, InputError>;

/// Returns the parsed file, parsing it only when the cache holds another file.
pub(crate) fn load<'c, T>(
    cache: &'c mut Option<Cached<T>>,
    file: &InputFile,
    reader: Reader<T>,
) -> Result<&'c Read<T>, InputError> {
    if cache
        .as_ref()
        .is_none_or(|cached| cached.file_id != file.file_id)
    {
        *cache = None;
        let failed = |kind: InputErrorKind| unusable(file, kind);
        let bytes = match &file.content {
            Content::Bytes(bytes) => bytes,
            // The page sent nothing because it believed this worker still had the file.
            Content::Cached => return Err(failed(InputErrorKind::NoLongerInWorker)),
            Content::Unreadable(reason) => {
                return Err(failed(InputErrorKind::BrowserUnreadable {
                    reason: reason.clone(),
                }))
            }
            // Only the worker runtime turns an attachment into bytes; reaching here is a
            // message that lost its `Blob`.
            Content::Attached(_) => return Err(failed(InputErrorKind::NotDelivered)),
        };
        let read = reader(&file.name, bytes)?;
        *cache = Some(Cached {
            file_id: file.file_id,
            read,
        });
    }
    Ok(&cache.as_ref().expect("filled just above").read)
}

/// A file the worker cannot use, for a reason of the page ↔ worker link (not of its
/// content).
pub(crate) fn unusable(file: &InputFile, kind: InputErrorKind) -> InputError {
    InputError {
        file: file.name.clone(),
        sheet: None,
        kind,
    }
}

/// The page asked a worker to read a slot of the other group: a page bug, said plainly
/// rather than read with the wrong reader.
pub(crate) fn not_this_worker(file: &InputFile) -> InputError {
    unusable(file, InputErrorKind::WrongWorker { slot: file.slot })
}

/// Applies a fault a test asked for. Returns `true` when the worker must stay silent.
pub(crate) fn simulate(fault: Option<SimulatedFault>) -> bool {
    match fault {
        Some(SimulatedFault::Panic) => panic!("fallo simulado del proceso (prueba)"),
        // The runtime applies these two itself (it is the part that can exhaust a
        // worker's memory or end it); here they leave the run unanswered.
        Some(SimulatedFault::Hang | SimulatedFault::OutOfMemory | SimulatedFault::Terminate) => {
            true
        }
        None => false,
    }
}

pub(crate) fn find(files: &[InputFile], slot: Slot) -> Option<&InputFile> {
    files.iter().find(|file| file.slot == slot)
}

/// Progress and timing bookkeeping for one run.
pub(crate) struct RunContext<'p> {
    run_id: u32,
    clock: fn() -> f64,
    post: &'p dyn Fn(&Response),
    started: f64,
    rows_read: u64,
    parsed_at: Option<f64>,
}

impl<'p> RunContext<'p> {
    pub(crate) fn new(run_id: u32, clock: fn() -> f64, post: &'p dyn Fn(&Response)) -> Self {
        RunContext {
            run_id,
            clock,
            post,
            started: clock(),
            rows_read: 0,
            parsed_at: None,
        }
    }

    /// Reports the stage the worker is entering.
    pub(crate) fn stage(&mut self, stage: Stage) {
        if stage == Stage::Comparing {
            self.parsed_at = Some((self.clock)());
        }
        (self.post)(&Response::Progress {
            run_id: self.run_id,
            stage,
            rows_read: self.rows_read,
        });
    }

    /// Records a file that was read. Its summary is not sent back: the page already has it
    /// from `Inspect`, and the document's `entradas` come from the run's plan.
    pub(crate) fn read(&mut self, summary: &InputSummary) {
        self.rows_read += summary.n_rows as u64;
    }

    pub(crate) fn finish(&mut self, group: Group, result: GroupResult) -> GroupRun {
        let finished = (self.clock)();
        let parsed = self.parsed_at.unwrap_or(finished);
        GroupRun {
            group,
            result,
            rows_read: self.rows_read,
            timings: StageTimings {
                parse_ms: parsed - self.started,
                compare_ms: finished - parsed,
                total_ms: finished - self.started,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use cuadra_core::generator::{generate, GeneratorOptions};
    use cuadra_core::{Settings, Slot};

    use super::*;
    use crate::protocol::Request;

    fn answers(worker: &mut dyn WorkerLogic, request: Request) -> Vec<Response> {
        let answers = RefCell::new(Vec::new());
        worker.handle(request, &|response: &Response| {
            answers.borrow_mut().push(response.clone())
        });
        answers.into_inner()
    }

    fn run(files: Vec<InputFile>) -> Request {
        Request::Run {
            run_id: 1,
            files,
            settings: Settings::default(),
            period: None,
            fault: None,
        }
    }

    #[test]
    fn each_warm_up_reads_every_file_and_finds_discrepancies() {
        // The warm-up must reach the comparison (so its code is compiled too), not stop
        // at a file it cannot read.
        let found = warm_up(
            Group::PayrollVsChanges,
            &mut PayrollVsChangesWorker::new(|| 0.0),
        )
        .expect("libro warm-up runs");
        assert!(found > 0, "libro warm-up found no discrepancies");
        let found = warm_up(
            Group::MovementsVsAnalyst,
            &mut MovementsVsAnalystWorker::new(|| 0.0),
        )
        .expect("movimientos warm-up runs");
        assert!(found > 0, "movimientos warm-up found no discrepancies");
    }

    #[test]
    fn a_worker_reads_only_its_group_s_slots_and_answers_the_core_s_facts() {
        let closing = generate(&GeneratorOptions::sized(6, 20));
        let request = |slot: Slot| {
            let file = closing.file(slot).expect("generated");
            Request::Inspect {
                file: InputFile {
                    file_id: slot as u32 + 1,
                    slot,
                    name: file.file_name.clone(),
                    content: Content::Bytes(file.bytes.clone()),
                },
            }
        };
        for slot in Slot::ALL {
            let mut payroll = PayrollVsChangesWorker::new(|| 0.0);
            let mut movements = MovementsVsAnalystWorker::new(|| 0.0);
            let (owner, other): (&mut dyn WorkerLogic, &mut dyn WorkerLogic) = match slot.group() {
                Group::PayrollVsChanges => (&mut payroll, &mut movements),
                Group::MovementsVsAnalyst => (&mut movements, &mut payroll),
            };
            match answers(owner, request(slot)).last() {
                Some(Response::Inspected {
                    result: Ok(facts), ..
                }) => {
                    assert_eq!(facts.slot(), slot);
                    assert_eq!(
                        facts.period,
                        Some(closing.period),
                        "{slot:?}: by content or name"
                    );
                    assert_eq!(facts.company_rut, Some(closing.company_rut));
                }
                other => panic!("{slot:?}: expected facts, got {other:?}"),
            }
            match answers(other, request(slot)).last() {
                Some(Response::Inspected {
                    result: Err(error), ..
                }) => assert!(error.to_string().contains(slot.label()), "{error}"),
                other => panic!("{slot:?}: the other worker must refuse it, got {other:?}"),
            }
        }
    }

    /// The runtime acts out running out of memory and termination after the logic read
    /// the files and went silent: mid-run, with progress already posted, never finished.
    #[test]
    fn runtime_faults_leave_the_run_unanswered_after_reading() {
        let closing = generate(&GeneratorOptions::sized(5, 20));
        for fault in [SimulatedFault::OutOfMemory, SimulatedFault::Terminate] {
            let files = [Slot::PayrollBook, Slot::PayrollChanges]
                .into_iter()
                .map(|slot| {
                    let file = closing.file(slot).expect("generated");
                    InputFile {
                        file_id: slot as u32 + 1,
                        slot,
                        name: file.file_name.clone(),
                        content: Content::Bytes(file.bytes.clone()),
                    }
                })
                .collect();
            let request = Request::Run {
                run_id: 1,
                files,
                settings: Settings::default(),
                period: None,
                fault: Some(fault),
            };
            let got = answers(&mut PayrollVsChangesWorker::new(|| 0.0), request);
            assert!(
                got.iter().any(|answer| matches!(
                    answer,
                    Response::Progress {
                        stage: Stage::Comparing,
                        ..
                    }
                )),
                "{fault:?}: it got as far as comparing"
            );
            assert!(
                !got.iter()
                    .any(|answer| matches!(answer, Response::Finished { .. })),
                "{fault:?}: no answer"
            );
        }
    }

    #[test]
    fn a_run_reuses_the_parsed_file_when_the_page_sends_no_bytes() {
        let closing = generate(&GeneratorOptions::sized(5, 30));
        let libro = closing.file(Slot::PayrollBook).expect("libro");
        let file = InputFile {
            file_id: 4,
            slot: Slot::PayrollBook,
            name: libro.file_name.clone(),
            content: Content::Bytes(libro.bytes.clone()),
        };
        let without_bytes = InputFile {
            content: Content::Cached,
            ..file.clone()
        };

        let mut fresh = PayrollVsChangesWorker::new(|| 0.0);
        match answers(&mut fresh, run(vec![without_bytes.clone()])).last() {
            Some(Response::Finished {
                result: Err(error), ..
            }) => {
                assert!(error.contains("ya no tiene este archivo"), "{error}")
            }
            other => panic!("a worker without the file must say so, got {other:?}"),
        }

        let mut worker = PayrollVsChangesWorker::new(|| 0.0);
        answers(&mut worker, Request::Inspect { file });
        match answers(&mut worker, run(vec![without_bytes])).last() {
            Some(Response::Finished {
                result: Ok(run), ..
            }) => assert_eq!(run.rows_read, 30),
            other => panic!("expected a finished run from the cached libro, got {other:?}"),
        }
    }
}

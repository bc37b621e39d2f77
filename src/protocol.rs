//! Every message that crosses `postMessage`, as one closed enum per direction.
//!
//! Messages travel as postcard bytes in a `Uint8Array`: compact, exact for `Decimal`
//! (serialised as strings by `serde-str`), and one copy each way. The user's files do not
//! go through postcard: the page posts each file's `Blob` beside the message (a reference,
//! not a copy) and the worker reads it itself, so the page never holds a file's bytes.

use cuadra_core::compare::GroupResult;
use cuadra_core::{Discrepancy, Group, InputError, Period, Settings, Slot};
use serde::{Deserialize, Serialize};

/// A file handed to a worker. `file_id` changes whenever the user replaces a file, so a
/// worker can keep what it parsed for `Inspect` and reuse it for `Run`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputFile {
    pub file_id: u32,
    pub slot: Slot,
    pub name: String,
    pub content: Content,
}

/// Where a worker finds a file's bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Content {
    /// The page posts the file's `Blob` beside the message, one per attached file in
    /// request order. The number is the page's own key for that `Blob`; the worker runtime
    /// reads the `Blob` and replaces this with `Bytes` (or `Unreadable`) before the logic
    /// sees the request.
    Attached(u32),
    /// The page believes the worker still holds this file parsed, and sends nothing.
    Cached,
    /// The bytes themselves (what the worker logic reads; also tests and the warm-up).
    Bytes(#[serde(with = "serde_bytes")] Vec<u8>),
    /// The worker could not read the attached `Blob` (e.g. the file was deleted or changed
    /// on disk after the user chose it): the browser's reason.
    Unreadable(String),
}

/// A fault a test can ask a worker to simulate, to prove failures reach the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SimulatedFault {
    /// The worker panics in the middle of the run.
    Panic,
    /// The worker never answers (the page's time limit must fire).
    Hang,
    /// The worker allocates until `memory.grow` fails, as a closing too large for the
    /// browser would make it (worker runtime only: the logic treats it as `Hang`).
    OutOfMemory,
    /// The worker stops mid-run without a word, as one terminated from outside does
    /// (worker runtime only: the logic treats it as `Hang`).
    Terminate,
}

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read one file and report what was read (sheets, rows, warnings, concepts).
    Inspect { file: InputFile },
    /// Run this worker's comparison group on these files.
    Run {
        run_id: u32,
        files: Vec<InputFile>,
        settings: Settings,
        period: Option<Period>,
        fault: Option<SimulatedFault>,
    },
}

impl Request {
    /// The files the request carries.
    pub fn files(&self) -> &[InputFile] {
        match self {
            Request::Inspect { file } => std::slice::from_ref(file),
            Request::Run { files, .. } => files,
        }
    }

    /// The request's files whose `Blob` travels beside the message, in the order the page
    /// attaches them.
    pub fn attached_files_mut(&mut self) -> impl Iterator<Item = &mut InputFile> {
        let files = match self {
            Request::Inspect { file } => std::slice::from_mut(file),
            Request::Run { files, .. } => files.as_mut_slice(),
        };
        files
            .iter_mut()
            .filter(|file| matches!(file.content, Content::Attached(_)))
    }

    /// The page's keys of the attached files' `Blob`s, in the same order.
    pub fn attached_sources(&self) -> impl Iterator<Item = u32> + '_ {
        self.files().iter().filter_map(|file| match file.content {
            Content::Attached(source) => Some(source),
            _ => None,
        })
    }
}

/// What a worker read from one file: the core's facts, which the page plans a run from.
pub use cuadra_core::pipeline::FileFacts as InspectedFile;

/// Stages of a run, shown live in the worker monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Reading(Slot),
    Comparing,
}

/// Timings of one run inside the worker, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct StageTimings {
    pub parse_ms: f64,
    pub compare_ms: f64,
    pub total_ms: f64,
}

/// A finished group run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRun {
    pub group: Group,
    pub result: GroupResult,
    pub rows_read: u64,
    pub timings: StageTimings,
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker has started, warmed up (`workers::warm_up`, which took `warm_up_ms`)
    /// and is listening.
    Ready { warm_up_ms: f64 },
    Inspected {
        file_id: u32,
        slot: Slot,
        result: Result<InspectedFile, InputError>,
        /// Time the worker spent reading the file, for the benchmark's marks.
        read_ms: f64,
    },
    Progress {
        run_id: u32,
        stage: Stage,
        rows_read: u64,
    },
    /// The first discrepancies of a run that found many, in order, ahead of `Finished`
    /// (which carries the rest): the page decodes each message in its own task, so 100,000
    /// discrepancies never block its thread at once ([`split_found`]).
    Found {
        run_id: u32,
        discrepancies: Vec<Discrepancy>,
    },
    Finished {
        run_id: u32,
        result: Result<GroupRun, String>,
    },
    /// Sent by the worker's panic hook just before the worker dies.
    Panicked { message: String },
    /// Sent when the worker died of a failed allocation, with the size its memory had
    /// reached (`worker_runtime::watch_for_out_of_memory`).
    OutOfMemory { memory_bytes: u64 },
}

/// At most this many discrepancies travel in one message: decoding 1,000 takes the page
/// ~5–15 ms (release build, 2-core VM), well inside a 50 ms task.
pub const DISCREPANCIES_PER_MESSAGE: usize = 1_000;

/// Splits a finished run's answer into the messages that carry it: `Found` parts of
/// [`DISCREPANCIES_PER_MESSAGE`] in order, then `Finished` with the remainder (a run that
/// found few is one `Finished`, as before). The page puts them back together in order.
pub fn split_found(run_id: u32, result: Result<GroupRun, String>) -> Vec<Response> {
    let mut messages = Vec::new();
    let result = result.map(|mut run| {
        let discrepancies = &mut run.result.discrepancies;
        let n_parts = discrepancies.len().saturating_sub(1) / DISCREPANCIES_PER_MESSAGE;
        let rest = discrepancies.split_off(n_parts * DISCREPANCIES_PER_MESSAGE);
        let mut ahead = std::mem::replace(discrepancies, rest).into_iter();
        for _ in 0..n_parts {
            messages.push(Response::Found {
                run_id,
                discrepancies: ahead.by_ref().take(DISCREPANCIES_PER_MESSAGE).collect(),
            });
        }
        run
    });
    messages.push(Response::Finished { run_id, result });
    messages
}

/// Encodes a message for `postMessage`.
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    postcard::to_stdvec(message).expect("protocol types always serialise")
}

/// Decodes a message; an error means the two sides were built from different code.
pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, String> {
    postcard::from_bytes(bytes)
        .map_err(|error| format!("mensaje ilegible entre página y trabajador: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuadra_core::document::ResultDocument;

    #[test]
    fn requests_round_trip() {
        let request = Request::Run {
            run_id: 7,
            files: vec![InputFile {
                file_id: 1,
                slot: Slot::PayrollBook,
                name: "a.xlsx".into(),
                content: Content::Bytes(vec![0, 1, 255]),
            }],
            settings: Settings {
                tolerance: 5,
                ..Settings::default()
            },
            period: Period::parse("2025-03"),
            fault: Some(SimulatedFault::Panic),
        };
        let decoded: Request = decode(&encode(&request)).expect("round trip");
        assert_eq!(decoded, request);
        let request = Request::Inspect {
            file: InputFile {
                file_id: 2,
                slot: Slot::AnalystHires,
                name: "i.xlsx".into(),
                content: Content::Attached(40),
            },
        };
        let decoded: Request = decode(&encode(&request)).expect("round trip");
        assert_eq!(decoded, request);
        assert!(decode::<Request>(&[250, 1]).is_err());
    }

    #[test]
    fn the_runtime_faults_and_out_of_memory_cross() {
        for fault in [SimulatedFault::OutOfMemory, SimulatedFault::Terminate] {
            let decoded: SimulatedFault = decode(&encode(&fault)).expect("round trip");
            assert_eq!(decoded, fault);
        }
        // 4 GiB, the most a wasm32 memory can reach, does not fit a u32.
        let response = Response::OutOfMemory {
            memory_bytes: 4 << 30,
        };
        let decoded: Response = decode(&encode(&response)).expect("round trip");
        assert_eq!(decoded, response);
    }

    #[test]
    fn attached_files_are_listed_in_request_order() {
        let file = |file_id, content| InputFile {
            file_id,
            slot: Slot::AnalystHires,
            name: format!("{file_id}.xlsx"),
            content,
        };
        let mut request = Request::Run {
            run_id: 1,
            files: vec![
                file(1, Content::Attached(10)),
                file(2, Content::Cached),
                file(3, Content::Attached(30)),
            ],
            settings: Settings::default(),
            period: None,
            fault: None,
        };
        let ids: Vec<u32> = request.attached_files_mut().map(|f| f.file_id).collect();
        assert_eq!(ids, vec![1, 3]);
        assert_eq!(request.attached_sources().collect::<Vec<_>>(), vec![10, 30]);
        for file in request.attached_files_mut() {
            file.content = Content::Bytes(vec![7]);
        }
        assert_eq!(request.attached_files_mut().count(), 0);
    }

    #[test]
    fn a_large_answer_travels_in_parts_that_join_in_order() {
        let document = crate::results_view::test_rows::document(
            (0..2_500u32)
                .map(|idx| {
                    crate::results_view::test_rows::amount(
                        10_000_000 + idx,
                        "Persona",
                        "Bono",
                        "1",
                        "2",
                    )
                })
                .collect(),
        );
        let run = |n: usize| GroupRun {
            group: Group::PayrollVsChanges,
            result: GroupResult {
                discrepancies: document.discrepancies[..n].to_vec(),
                notes: vec!["nota".into()],
                not_compared: None,
            },
            rows_read: 9,
            timings: StageTimings::default(),
        };
        for n in [0, 1, 999, 1_000, 1_001, 2_000, 2_500] {
            let messages = split_found(4, Ok(run(n)));
            let mut joined = Vec::new();
            let (last, parts) = messages.split_last().expect("at least Finished");
            for part in parts {
                match part {
                    Response::Found {
                        run_id: 4,
                        discrepancies,
                    } => {
                        assert_eq!(discrepancies.len(), DISCREPANCIES_PER_MESSAGE);
                        joined.extend(discrepancies.iter().cloned());
                    }
                    other => panic!("{n}: expected a part, got {other:?}"),
                }
            }
            let Response::Finished {
                run_id: 4,
                result: Ok(finished),
            } = last
            else {
                panic!("{n}: expected Finished last, got {last:?}");
            };
            assert!(
                (1..=DISCREPANCIES_PER_MESSAGE).contains(&finished.result.discrepancies.len())
                    || n == 0,
                "{n}: Finished always carries the remainder"
            );
            joined.extend(finished.result.discrepancies.iter().cloned());
            assert_eq!(finished.result.notes, vec!["nota".to_string()]);
            assert_eq!(
                joined,
                run(n).result.discrepancies,
                "{n}: same rows, same order"
            );
        }
        assert_eq!(
            split_found(5, Err("falló".into())),
            vec![Response::Finished {
                run_id: 5,
                result: Err("falló".into())
            }]
        );
    }

    #[test]
    fn an_input_error_crosses_with_its_kind() {
        for kind in [
            cuadra_core::InputErrorKind::Empty,
            cuadra_core::InputErrorKind::UnreadableCsv { line: 3 },
            cuadra_core::InputErrorKind::MissingColumn {
                column: "Fecha Retiro".into(),
                header_row_number: 2,
            },
            cuadra_core::InputErrorKind::BrowserUnreadable {
                reason: "NotReadableError".into(),
            },
        ] {
            let response = Response::Inspected {
                file_id: 3,
                slot: Slot::MonthlyMovements,
                result: Err(InputError {
                    file: "m.xlsx".into(),
                    sheet: Some("Altas y Bajas".into()),
                    kind,
                }),
                read_ms: 1.5,
            };
            let decoded: Response = decode(&encode(&response)).expect("round trip");
            assert_eq!(decoded, response);
        }
    }

    /// postcard has no field names or types: the typed values must read back by their
    /// discrepancy's layout, as the worker's answer and as a whole document.
    #[test]
    fn typed_discrepancy_values_round_trip_through_postcard() {
        for document in crate::results_view::test_rows::generated_documents() {
            let decoded: ResultDocument = decode(&encode(&document)).expect("round trip");
            assert_eq!(decoded, document);
            let answer = Response::Finished {
                run_id: 3,
                result: Ok(GroupRun {
                    group: Group::MovementsVsAnalyst,
                    result: GroupResult {
                        discrepancies: document.discrepancies.clone(),
                        notes: vec!["nota".into()],
                        not_compared: Some(cuadra_core::compare::NotCompared::NoPayrollChanges),
                    },
                    rows_read: 9,
                    timings: StageTimings::default(),
                }),
            };
            let decoded: Response = decode(&encode(&answer)).expect("round trip");
            assert_eq!(decoded, answer);
        }
    }
}

//! The malformed-input corpus through the readers: each case ends in exactly the message
//! the user sees (an error naming the file, and the sheet where there is one) or is read
//! with exactly its warnings; none panics, none hangs.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cuadra_core::generator::corpus::{light_cases, CorpusCase, Expected};
use cuadra_core::pipeline::{read_file, SourceFile};

/// What reading a case gives, in the shape of `Expected`.
fn outcome(case: &CorpusCase) -> Expected {
    let read = read_file(SourceFile {
        slot: case.slot,
        name: &case.file_name,
        bytes: &case.bytes,
    });
    match read {
        Err(error) => Expected::Error(error.to_string()),
        Ok(parsed) => {
            let facts = parsed.facts();
            Expected::Read {
                n_rows: facts.summary.n_rows,
                warnings: facts
                    .summary
                    .warnings
                    .iter()
                    .map(|warning| warning.message.clone())
                    .collect(),
                concepts: facts.concepts,
            }
        }
    }
}

/// Runs every case and reports all mismatches at once (a corpus is easier to review whole).
fn check(cases: impl IntoIterator<Item = CorpusCase>) {
    let mut mismatches = Vec::new();
    for case in cases {
        #[cfg(not(target_arch = "wasm32"))]
        let started = std::time::Instant::now();
        let got = outcome(&case);
        // A hang detector, not a benchmark (wasm32 has no std clock).
        #[cfg(not(target_arch = "wasm32"))]
        if started.elapsed() > std::time::Duration::from_secs(60) {
            mismatches.push(format!("{}: took {:?}", case.name, started.elapsed()));
        }
        if got != case.expected {
            mismatches.push(format!(
                "{}:\n  expected {:?}\n  got      {:?}",
                case.name, case.expected, got
            ));
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));
}

#[test]
fn corpus_every_light_case_ends_in_its_exact_message() {
    let cases = light_cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    check(cases);
}

/// A million rows, 100 MB, compressed bombs: `cargo xtask corpus --heavy`.
#[cfg(not(target_arch = "wasm32"))]
#[test]
#[ignore = "seconds per case; run by `cargo xtask corpus --heavy`"]
fn corpus_every_heavy_case_ends_in_its_exact_message() {
    for heavy in cuadra_core::generator::corpus::heavy_cases() {
        let started = std::time::Instant::now();
        let case = (heavy.build)();
        let built = started.elapsed();
        check([case]);
        eprintln!(
            "{}: built in {:.1} s, read in {:.1} s",
            heavy.name,
            built.as_secs_f64(),
            (started.elapsed() - built).as_secs_f64()
        );
    }
}

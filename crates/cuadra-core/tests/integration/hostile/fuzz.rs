//! A mutation fuzzer on stable Rust (no nightly here, so no cargo-fuzz): seeds from the
//! generator and the corpus, mutated as bytes, inside zip parts (the sheet XML, shared
//! strings, styles) and as CSV text, read by every slot's reader; plus properties of the
//! value parsers (never panic; what they format reads back). A short smoke run is part of
//! the normal tests; `cargo xtask fuzz --seconds N` runs it for `N` seconds in release.
//!
//! Each input runs under `catch_unwind` and a time check: a panic or an input that takes
//! more than `SLOW` is a finding, written to `target/fuzz-findings/` with its slot, so it
//! can become a regression case.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::str::FromStr;

use cuadra_core::compare::compare_payroll_vs_changes;
use cuadra_core::generator::corpus::{light_cases, seeds};
use cuadra_core::generator::raw_zip::rewrite_parts;
use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::pipeline::{read_file, ParsedFile, SourceFile};
use cuadra_core::values::amount::{format_es_cl, parse_amount};
use cuadra_core::values::date::Date;
use cuadra_core::values::rut::Rut;
use cuadra_core::{Settings, Slot};
use rust_decimal::Decimal;

/// SplitMix64: the same seed gives the same mutations on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Fragments that steer mutations towards what the readers parse.
const XML_FRAGMENTS: &[&str] = &[
    "<row>",
    "</row>",
    "<row r=\"1048577\">",
    "<c r=\"XFD1\">",
    "<c r=\"A0\">",
    "</c>",
    "<v>",
    "</v>",
    "<v>1e308</v>",
    "<v>-0</v>",
    "<v>NaN</v>",
    "t=\"s\"",
    "t=\"e\"",
    "t=\"d\"",
    "t=\"inlineStr\"",
    "<is><t>",
    "</t></is>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&bogus;",
    "<!--",
    "-->",
    "<![CDATA[",
    "_x000D_",
    "\r",
    "s=\"999999\"",
    "<sheetData/>",
    "</sheetData>",
    "<f>SUM(A1)</f>",
    "<v>4294967296</v>",
    "<dimension ref=\"A1:XFD1048576\"/>",
];
const CSV_FRAGMENTS: &[&str] = &[
    ";",
    ",",
    "\"",
    "\"\"",
    "\r\n",
    "\n",
    "\r",
    "\u{feff}",
    "-",
    "$",
    "(1.000)",
    "1.234,5",
    "12.345.678-5",
    "-12345678-5",
    "12345678-55",
    "=1+1",
    "31/02/2025",
    "45720",
    "60",
    "9999999999999999999999999999",
    "\t",
    "x",
    "N/A",
];

/// One mutation of `bytes`.
fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let n_steps = 1 + rng.below(4);
    for _ in 0..n_steps {
        let len = out.len();
        match rng.below(8) {
            0 if len > 0 => {
                let at = rng.below(len);
                out[at] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let at = rng.below(len);
                out[at] = rng.next() as u8;
            }
            2 => out.truncate(rng.below(len + 1)),
            3 => {
                let at = rng.below(len + 1);
                let n = 1 + rng.below(16);
                let insert: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                out.splice(at..at, insert);
            }
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(256)).min(len);
                let chunk = out[start..end].to_vec();
                let at = rng.below(out.len() + 1);
                out.splice(at..at, chunk);
            }
            5 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(256)).min(len);
                out.drain(start..end);
            }
            6 => {
                let fragment = rng.pick(XML_FRAGMENTS).as_bytes();
                let at = rng.below(len + 1);
                out.splice(at..at, fragment.iter().copied());
            }
            _ => {
                let fragment = rng.pick(CSV_FRAGMENTS).as_bytes();
                let at = rng.below(len + 1);
                out.splice(at..at, fragment.iter().copied());
            }
        }
    }
    out
}

/// A mutation that keeps the zip valid: one part (usually the sheet) mutated, re-zipped.
fn mutate_inside_zip(rng: &mut Rng, archive: &[u8]) -> Vec<u8> {
    let target = rng.below(8);
    let mut index = 0;
    let mut sub = Rng(rng.next());
    rewrite_parts(archive, |name, bytes| {
        index += 1;
        let is_sheet = name.contains("worksheets/");
        if (is_sheet && target < 6) || (!is_sheet && index % 8 == target) {
            mutate(&mut sub, &bytes)
        } else {
            bytes
        }
    })
}

/// The generated closing's files plus the corpus's small files.
fn seed_files() -> Vec<(Slot, String, Vec<u8>)> {
    let mut files: Vec<(Slot, String, Vec<u8>)> = seeds()
        .into_iter()
        .map(|(slot, name, bytes)| (slot, name.to_string(), bytes))
        .collect();
    for csv in [false, true] {
        let closing = generate(&GeneratorOptions {
            n_employees: 12,
            csv_analyst_files: csv,
            ..GeneratorOptions::default()
        });
        files.extend(
            closing
                .files
                .into_iter()
                .map(|file| (file.slot, file.file_name, file.bytes)),
        );
    }
    files.extend(
        light_cases()
            .into_iter()
            .filter(|case| case.bytes.len() < 64 * 1024)
            .map(|case| (case.slot, case.file_name, case.bytes)),
    );
    files
}

/// An input that took longer than this is a finding (a hang detector, not a benchmark).
const SLOW: f64 = 5.0;

/// Seconds since `start`; wasm32 has no clock in std (`Instant` panics there), so the
/// browser's smoke run counts inputs only.
struct Clock {
    #[cfg(not(target_arch = "wasm32"))]
    start: std::time::Instant,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            #[cfg(not(target_arch = "wasm32"))]
            start: std::time::Instant::now(),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn seconds(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    #[cfg(target_arch = "wasm32")]
    fn seconds(&self) -> f64 {
        0.0
    }
}

/// Reads `bytes` in `slot`, and a libro that reads is compared with itself as novedades
/// too. `Err` describes a finding.
fn run_one(slot: Slot, name: &str, bytes: &[u8]) -> Result<(), String> {
    let clock = Clock::start();
    let outcome = std::panic::catch_unwind(|| {
        let read = read_file(SourceFile { slot, name, bytes });
        if let Ok(ParsedFile::PayrollBook(book)) = &read {
            if let Ok(ParsedFile::PayrollChanges(changes)) = read_file(SourceFile {
                slot: Slot::PayrollChanges,
                name,
                bytes,
            }) {
                compare_payroll_vs_changes(&book.value, Some(&changes.value), &Settings::default());
            }
        }
        if let Err(error) = read {
            // Every error renders.
            assert!(!error.to_string().is_empty());
        }
    });
    let elapsed = clock.seconds();
    match outcome {
        Err(_) => Err(format!("panic in {slot:?}")),
        Ok(()) if elapsed > SLOW => Err(format!("{slot:?} took {elapsed:.1} s")),
        Ok(()) => Ok(()),
    }
}

/// Value parsers: never panic on any text, and read back what they format.
fn value_properties(rng: &mut Rng) {
    let alphabet: Vec<char> = "0123456789kK.-, $()\u{a0}/\t+eE".chars().collect();
    let text: String = (0..rng.below(24)).map(|_| *rng.pick(&alphabet)).collect();
    let _ = Rut::parse(&text);
    let _ = parse_amount(&text);
    let _ = Date::parse(&text);

    let number = 1_000_000 + (rng.next() % 99_000_000) as u32;
    let rut = Rut::from_number(number);
    for shown in [
        rut.to_string(),
        rut.dotted(),
        rut.to_string().to_lowercase(),
    ] {
        assert_eq!(Rut::parse(&shown), Ok(rut), "{shown}");
    }
    let pesos = Decimal::from(rng.next() as i64 % 10_000_000_000);
    assert_eq!(parse_amount(&format_es_cl(pesos)), Some(pesos), "{pesos}");
    let cents = Decimal::from_str(&format!("{}.{:02}", rng.next() % 1_000_000, rng.below(100)))
        .expect("a decimal");
    let typed = cents.to_string().replace('.', ",");
    assert_eq!(parse_amount(&typed), Some(cents), "{typed}");
    // 1900-01-01 up to serial 120,000, the last date a serial may name.
    let date = Date::from_days_since_epoch(-25_567 + (rng.next() % 119_999) as i64);
    assert_eq!(Date::parse(&date.to_string()), Some(date), "{date}");
    assert_eq!(Date::parse(&date.es_cl()), Some(date), "{date}");
    assert_eq!(
        Date::from_excel_serial(date.to_excel_serial()),
        Some(date),
        "{date}"
    );
}

/// Fuzzes for `seconds` (or `max_inputs` inputs), returning the findings and the number of
/// inputs run.
fn fuzz(seed: u64, seconds: f64, max_inputs: usize) -> (Vec<String>, usize) {
    let files = seed_files();
    let mut rng = Rng(seed);
    let clock = Clock::start();
    let mut findings = Vec::new();
    let mut n_inputs = 0;
    while n_inputs < max_inputs && clock.seconds() < seconds {
        let (seed_slot, name, bytes) = rng.pick(&files);
        let mutated = if bytes.starts_with(b"PK") && rng.below(3) > 0 {
            mutate_inside_zip(&mut rng, bytes)
        } else {
            mutate(&mut rng, bytes)
        };
        let slot = if rng.below(4) == 0 {
            *rng.pick(&Slot::ALL)
        } else {
            *seed_slot
        };
        if let Err(finding) = run_one(slot, name, &mutated) {
            let dir =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-findings");
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join(format!("{n_inputs}-{slot:?}-{name}"));
            let _ = std::fs::write(&path, &mutated);
            findings.push(format!("{finding}: {}", path.display()));
        }
        let mut value_rng = Rng(rng.next());
        let values = std::panic::catch_unwind(move || value_properties(&mut value_rng));
        if values.is_err() {
            findings.push(format!("value property failed at input {n_inputs}"));
        }
        n_inputs += 1;
    }
    (findings, n_inputs)
}

/// The smoke run of every `cargo test`: a few hundred inputs, deterministic.
#[test]
fn fuzz_smoke_finds_nothing() {
    let (findings, n_inputs) = fuzz(12, 60.0, 300);
    assert_eq!(n_inputs, 300);
    assert!(findings.is_empty(), "{findings:#?}");
}

/// The long run: `cargo xtask fuzz --seconds N` (seed from `CUADRA_FUZZ_SEED`).
#[cfg(not(target_arch = "wasm32"))]
#[test]
#[ignore = "runs for CUADRA_FUZZ_SECONDS; `cargo xtask fuzz`"]
fn fuzz_for_a_while() {
    let seconds: f64 = std::env::var("CUADRA_FUZZ_SECONDS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(60.0);
    let seed: u64 = std::env::var("CUADRA_FUZZ_SEED")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1);
    // Findings are reported below; the default hook would print every caught panic.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("finding: {info}");
    }));
    let (findings, n_inputs) = fuzz(seed, seconds, usize::MAX);
    eprintln!(
        "fuzz: seed {seed}, {n_inputs} inputs in {seconds} s, {} findings",
        findings.len()
    );
    assert!(findings.is_empty(), "{findings:#?}");
}

/// Every finding of the fuzz runs, kept as a regression case: the file, the slot it was
/// read in, and the message it must now end in.
const FINDINGS: &[(&str, Slot, &[u8], &str)] = &[(
    "cfb_sector_past_end.xls",
    Slot::PayrollBook,
    include_bytes!("../../fixtures/hostile/findings/cfb_sector_past_end.xls"),
    "cfb_sector_past_end.xls: no se pudo leer el archivo como planilla xls",
)];

#[test]
fn fuzz_findings_stay_fixed() {
    for (name, slot, bytes, message) in FINDINGS {
        assert_eq!(run_one(*slot, name, bytes), Ok(()), "{name}");
        let error = read_file(SourceFile {
            slot: *slot,
            name,
            bytes,
        })
        .err()
        .map(|error| error.to_string());
        assert_eq!(error.as_deref(), Some(*message), "{name}");
    }
}

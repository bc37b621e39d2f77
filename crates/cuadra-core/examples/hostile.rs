//! Writes and reads the corpus's heavy cases one at a time, for BENCHMARKS.md: the reading
//! runs in its own process so `/usr/bin/time -v` reports the reader's peak resident set,
//! not the builder's.
//!
//! ```text
//! cargo run --release -p cuadra-core --example hostile -- write NAME PATH
//! /usr/bin/time -v target/release/examples/hostile read SLOT PATH
//! ```
//!
//! `write` builds the heavy case `NAME` (`generator::corpus::heavy_cases`) and stores its
//! bytes at `PATH` (under `target/`; delete them after); `read` reads `PATH` with the
//! reader of `SLOT` (`libro`, `novedades`, …) and prints the outcome and the time taken.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), String> {
    use std::time::Instant;

    use cuadra_core::generator::corpus::heavy_cases;
    use cuadra_core::pipeline::{read_file, SourceFile};
    use cuadra_core::Slot;

    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["write", name, path] => {
            let heavy = heavy_cases()
                .into_iter()
                .find(|heavy| heavy.name == *name)
                .ok_or_else(|| format!("no heavy case {name}"))?;
            let case = (heavy.build)();
            std::fs::write(path, &case.bytes).map_err(|error| error.to_string())?;
            println!(
                "{name}: {} bytes for {:?} as {}",
                case.bytes.len(),
                case.slot,
                case.file_name
            );
            Ok(())
        }
        ["read", slot, path] => {
            let slot = Slot::ALL
                .into_iter()
                .find(|candidate| {
                    serde_json::to_value(candidate)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        == Some(slot.to_string())
                })
                .ok_or_else(|| format!("no slot {slot}"))?;
            let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
            let name = std::path::Path::new(path)
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
            let started = Instant::now();
            let read = read_file(SourceFile {
                slot,
                name: &name,
                bytes: &bytes,
            });
            let seconds = started.elapsed().as_secs_f64();
            match read {
                Ok(parsed) => {
                    let facts = parsed.facts();
                    println!(
                        "read {} rows, {} warnings in {seconds:.2} s",
                        facts.summary.n_rows,
                        facts.summary.warnings.len()
                    );
                }
                Err(error) => println!("refused in {seconds:.2} s: {error}"),
            }
            Ok(())
        }
        _ => Err("usage: hostile write NAME PATH | hostile read SLOT PATH".to_string()),
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

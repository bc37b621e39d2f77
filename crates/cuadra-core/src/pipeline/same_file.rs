//! The same file given for two slots (equal SHA-256) blocks the run: comparing a file with
//! itself always "agrees", so the run would end in a false "sin discrepancias".

use std::fmt;

use crate::model::Slot;

/// Two slots holding byte-identical files (`first` before `second` in slot order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SameFile {
    pub first: Slot,
    pub second: Slot,
}

/// Spanish, for the CLI's stderr and the page's blocker.
impl fmt::Display for SameFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "el mismo archivo está cargado como {} y como {}: cargue en cada casilla su propio \
             archivo",
            self.first.label(),
            self.second.label()
        )
    }
}

/// Every pair of slots whose files have the same SHA-256 (lowercase hex, as
/// `InputSummary::sha256`), in slot order. Empty hashes (a file not read yet) never match.
pub fn same_files<'a>(files: impl IntoIterator<Item = (Slot, &'a str)>) -> Vec<SameFile> {
    let mut files: Vec<(Slot, &str)> = files
        .into_iter()
        .filter(|(_, sha256)| !sha256.is_empty())
        .collect();
    files.sort();
    let mut pairs = Vec::new();
    for (idx, (first, sha256)) in files.iter().enumerate() {
        for (second, other) in &files[idx + 1..] {
            if sha256 == other && first != second {
                pairs.push(SameFile {
                    first: *first,
                    second: *second,
                });
            }
        }
    }
    pairs
}

/// The SHA-256 of a file's bytes as `same_files` compares them.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::input::sha256_hex(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn same_file_in_two_slots_is_named_once_per_pair() {
        let a = sha256_hex(b"a");
        let b = sha256_hex(b"b");
        let pairs = same_files([
            (Slot::AnalystHires, a.as_str()),
            (Slot::PayrollBook, a.as_str()),
            (Slot::MonthlyMovements, b.as_str()),
            (Slot::PayrollChanges, ""),
            (Slot::AnalystAbsences, ""),
        ]);
        assert_eq!(
            pairs,
            [SameFile {
                first: Slot::PayrollBook,
                second: Slot::AnalystHires
            }]
        );
        assert_eq!(
            pairs[0].to_string(),
            "el mismo archivo está cargado como Libro de Remuneraciones y como Ingresos: cargue \
             en cada casilla su propio archivo"
        );
    }
}

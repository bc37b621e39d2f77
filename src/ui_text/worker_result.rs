//! How a finished comparison group reads on the worker card and in the summary: its count,
//! or *not compared* when it lacked an input (never "0 discrepancias", which reads as a
//! clean result), and the heading over the notes the comparisons wrote.

use super::{count, millis};

/// A worker card once its group finished.
pub fn worker_finished(n_discrepancies: usize, parse_ms: f64, compare_ms: f64) -> String {
    let noun = if n_discrepancies == 1 {
        "discrepancia"
    } else {
        "discrepancias"
    };
    format!(
        "Terminado: {} {noun} (lectura {}, comparación {})",
        count(n_discrepancies as u64),
        millis(parse_ms),
        millis(compare_ms)
    )
}

/// A worker card whose group finished without comparing, for lack of an input: never
/// "0 discrepancias", which would read as a clean result.
pub fn worker_not_compared(reason: &str, parse_ms: f64, compare_ms: f64) -> String {
    format!(
        "{}: {reason} (lectura {}, comparación {})",
        NOT_COMPARED,
        millis(parse_ms),
        millis(compare_ms)
    )
}

/// A group that did not compare, in the summary's tables.
pub const NOT_COMPARED: &str = "No comparado";

/// A count that does not apply: a group that did not compare found nothing because it
/// looked at nothing, so it shows no number.
pub const NO_COUNT: &str = "—";

/// The summary's result column for a group that did not compare.
pub fn not_compared_result(reason: &str) -> String {
    format!("{NOT_COMPARED}: {reason}")
}

/// The heading over every note the comparisons wrote (unmapped concepts, files not loaded,
/// movements read but not compared).
pub const WORKER_NOTES_HEADING: &str = "Notas de las comparaciones";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_group_counts_with_the_right_plural_and_one_not_compared_shows_no_count() {
        assert_eq!(
            worker_finished(1, 2.0, 3.0),
            "Terminado: 1 discrepancia (lectura 2,0 ms, comparación 3,0 ms)"
        );
        assert!(worker_finished(1_234, 0.0, 0.0).starts_with("Terminado: 1.234 discrepancias"));
        let not_compared = worker_not_compared("no se cargó Novedades", 1.0, 0.0);
        assert!(not_compared.starts_with("No comparado: no se cargó Novedades"));
        assert!(!not_compared.contains("discrepancia"));
    }
}

//! What a run verified and what it did not, as one Spanish sentence for the page and the CLI.
//!
//! Built from the document alone (`trabajadores[].comparado`, `estado`, `entradas[].slot`),
//! so a stored result says the same sentence as the run that wrote it.

use crate::document::{ResultDocument, WorkerStatus};
use crate::model::Slot;
use crate::Group;

/// One sentence: the groups verified, then each group that was not and why. An analyst file
/// that was not loaded is named beside Movimientos vs Analista, because its kind was then
/// compared as "no reportado" rather than against a list.
pub fn verification_sentence(document: &ResultDocument) -> String {
    let mut verified = Vec::new();
    let mut not_verified = Vec::new();
    for worker in &document.workers {
        let label = worker.group.label();
        match worker.status {
            WorkerStatus::Failed => not_verified.push(format!("{label} falló")),
            WorkerStatus::Ok if !worker.compared => not_verified.push(format!(
                "no se comparó {label} porque {}",
                worker
                    .not_compared_reason
                    .as_deref()
                    .unwrap_or("faltaba un archivo")
            )),
            WorkerStatus::Ok => verified.push(match worker.group {
                Group::MovementsVsAnalyst => {
                    format!("{label}{}", missing_analyst_files(document))
                }
                Group::PayrollVsChanges => label.to_string(),
            }),
        }
    }
    let head = match verified.as_slice() {
        [] => "No se verificó ninguna comparación".to_string(),
        [one] => format!("Se verificó {one}"),
        many => format!("Se verificaron {}", join_y(many)),
    };
    if not_verified.is_empty() {
        format!("{head}.")
    } else {
        format!("{head}; {}.", not_verified.join("; "))
    }
}

/// ` (Finiquitos no se cargó y cuenta como no reportado)`, or nothing when every analyst file
/// was loaded.
fn missing_analyst_files(document: &ResultDocument) -> String {
    let missing: Vec<&str> = Slot::ANALYST
        .into_iter()
        .filter(|slot| !document.inputs.iter().any(|input| input.slot == *slot))
        .map(Slot::label)
        .collect();
    match missing.as_slice() {
        [] => String::new(),
        [one] => format!(" ({one} no se cargó y cuenta como no reportado)"),
        many => format!(
            " ({} no se cargaron y cuentan como no reportados)",
            join_y(many)
        ),
    }
}

/// `a`, `a y b`, `a, b y c`.
fn join_y<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => format!(
            "{} y {}",
            rest.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

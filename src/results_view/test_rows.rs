//! The rows the results view's tests share: seven discrepancies across both groups.

use std::str::FromStr;

use cuadra_core::document::{ClosingInfo, ClosingState, ResultDocument, Summary, DOCUMENT_FORMAT};
use cuadra_core::values::date::Date;
use cuadra_core::values::rut::Rut;
use cuadra_core::{Discrepancy, DiscrepancyKind, DiscrepancyStatus, Period, Settings};
use rust_decimal::Decimal;

use super::{visible_indices, Column, Direction, Filter, Sort};

pub(super) fn rut(number: u32) -> Rut {
    Rut::from_number(number)
}

pub(super) fn discrepancy(kind: DiscrepancyKind, number: u32, name: &str) -> Discrepancy {
    Discrepancy {
        kind,
        group: kind.group(),
        rut: rut(number),
        name: name.to_string(),
        description: String::new(),
        concept: None,
        valor_libro: None,
        valor_novedades: None,
        valor_movimientos: None,
        valor_analista: None,
        difference: None,
        status: DiscrepancyStatus::Pending,
        note: None,
        event_date: None,
    }
}

pub(super) fn amount(
    number: u32,
    name: &str,
    concept: &str,
    book: &str,
    changes: &str,
) -> Discrepancy {
    Discrepancy {
        concept: Some(concept.to_string()),
        valor_libro: Some(book.to_string()),
        valor_novedades: Some(changes.to_string()),
        difference: Some(
            (Decimal::from_str(book).expect("test amount")
                - Decimal::from_str(changes).expect("test amount"))
            .to_string(),
        ),
        ..discrepancy(DiscrepancyKind::ConceptAmountDiffers, number, name)
    }
}

/// Seven rows across both groups, in document order.
pub(super) fn sample() -> Vec<Discrepancy> {
    let mut hire = discrepancy(DiscrepancyKind::HireDateDiffers, 15_000_000, "Ana Núñez");
    hire.valor_movimientos = Some("2025-03-04".into());
    hire.valor_analista = Some("2025-03-05".into());
    hire.event_date = Date::new(2025, 3, 4);
    let mut absence = discrepancy(DiscrepancyKind::AbsenceNotReported, 12_000_000, "Luis Soto");
    absence.valor_movimientos = Some("Licencia Medica (2025-03-03 - 2025-03-07)".into());
    absence.valor_analista = Some("No reportado".into());
    absence.event_date = Date::new(2025, 3, 3);
    vec![
        discrepancy(
            DiscrepancyKind::EmployeeOnlyInChanges,
            11_000_000,
            "José Pérez",
        ),
        amount(
            12_000_000,
            "Luis Soto",
            "Bono → Bono Producción",
            "806843",
            "343122",
        ),
        amount(
            13_000_000,
            "María Díaz",
            "Viático → Viáticos",
            "1000",
            "1200",
        ),
        amount(
            14_000_000,
            "Pedro Rojas",
            "Bono → Bono Producción",
            "50000",
            "50000.4",
        ),
        discrepancy(DiscrepancyKind::BaseSalaryDiffers, 13_000_000, "María Díaz"),
        hire,
        absence,
    ]
}

pub(super) fn document(discrepancies: Vec<Discrepancy>) -> ResultDocument {
    let mut document = ResultDocument {
        format: DOCUMENT_FORMAT.to_string(),
        closing: ClosingInfo {
            period: Period::parse("2025-03"),
            company_rut: Rut::parse("76123456-0").ok(),
        },
        state: ClosingState::WithDiscrepancies,
        incomplete: false,
        inputs: Vec::new(),
        settings: Settings::default(),
        workers: Vec::new(),
        summary: Summary::default(),
        discrepancies,
    };
    document.refresh_summary();
    document
}

pub(super) fn filter() -> Filter {
    Filter::default()
}

pub(super) fn sorted(rows: &[Discrepancy], column: Column, direction: Direction) -> Vec<usize> {
    visible_indices(rows, &filter(), Some(Sort { column, direction }))
}

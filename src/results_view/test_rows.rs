//! What the results view's tests share: seven hand-made discrepancies across both groups,
//! documents of generated closings that hold every type, and the string rules the typed
//! values replaced, kept only as the oracle the typed rules are checked against.

use std::str::FromStr;

use cuadra_core::compare::{compare_movements_vs_analyst, compare_payroll_vs_changes};
use cuadra_core::consolidate::{consolidate, RunContext, WorkerOutcome};
use cuadra_core::discrepancy::{AbsenceSpan, ComparedValue, Marker};
use cuadra_core::document::{ClosingInfo, ClosingState, ResultDocument, Summary, DOCUMENT_FORMAT};
use cuadra_core::generator::{generate, GeneratorOptions};
use cuadra_core::input;
use cuadra_core::values::date::Date;
use cuadra_core::values::rut::Rut;
use cuadra_core::{
    AnalystReports, Discrepancy, DiscrepancyKind, DiscrepancyStatus, Period, Settings, Slot,
};
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
        suggestion: None,
        sources: Vec::new(),
    }
}

/// Pesos as written, unrounded, so a test can hold cents.
pub(super) fn pesos(text: &str) -> ComparedValue {
    ComparedValue::Pesos(Decimal::from_str(text).expect("test amount"))
}

pub(crate) fn amount(
    number: u32,
    name: &str,
    concept: &str,
    book: &str,
    changes: &str,
) -> Discrepancy {
    Discrepancy {
        concept: Some(concept.to_string()),
        valor_libro: Some(pesos(book)),
        valor_novedades: Some(pesos(changes)),
        difference: Some(ComparedValue::Pesos(
            Decimal::from_str(book).expect("test amount")
                - Decimal::from_str(changes).expect("test amount"),
        )),
        ..discrepancy(DiscrepancyKind::ConceptAmountDiffers, number, name)
    }
}

/// Seven rows across both groups, in document order.
pub(crate) fn sample() -> Vec<Discrepancy> {
    let mut hire = discrepancy(DiscrepancyKind::HireDateDiffers, 15_000_000, "Ana Núñez");
    hire.valor_movimientos = Date::new(2025, 3, 4).map(ComparedValue::Date);
    hire.valor_analista = Date::new(2025, 3, 5).map(ComparedValue::Date);
    hire.event_date = Date::new(2025, 3, 4);
    let mut absence = discrepancy(DiscrepancyKind::AbsenceNotReported, 12_000_000, "Luis Soto");
    absence.valor_movimientos = Some(ComparedValue::Absence(Box::new(AbsenceSpan {
        kind: "Licencia Medica".into(),
        start: Date::new(2025, 3, 3).expect("valid date"),
        end: Date::new(2025, 3, 7).expect("valid date"),
    })));
    absence.valor_analista = Some(ComparedValue::Marker(Marker::NotReported));
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

pub(crate) fn document(discrepancies: Vec<Discrepancy>) -> ResultDocument {
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

/// Documents of two generated closings that together hold all 15 types, the text
/// comparison (blank, text and amount cells), fractional days and both markers: closing A
/// reports employees only in libro and maps two novedades headers onto a text and an
/// amount column; closing B has no Finiquitos, so every termination is "no reportado".
pub(crate) fn generated_documents() -> Vec<ResultDocument> {
    let mut with_text = Settings {
        report_only_in_payroll: true,
        ..Settings::default()
    };
    with_text
        .mapping
        .insert("Observaciones".into(), Some("Viáticos".into()));
    with_text
        .mapping
        .insert("COMISIONES".into(), Some("Cargo".into()));
    vec![
        generated_document(&GeneratorOptions::default(), &with_text),
        generated_document(
            &GeneratorOptions {
                include_analyst_terminations: false,
                ..GeneratorOptions::sized(7, 300)
            },
            &Settings::default(),
        ),
    ]
}

/// Reads every generated file, runs both comparisons and consolidates, as a run does.
pub(super) fn generated_document(
    options: &GeneratorOptions,
    settings: &Settings,
) -> ResultDocument {
    let closing = generate(options);
    let file = |slot| {
        closing
            .file(slot)
            .map(|file| (file.file_name.as_str(), file.bytes.as_slice()))
    };
    let (name, bytes) = file(Slot::PayrollBook).expect("libro is always generated");
    let book = input::read_payroll_book(name, bytes).expect("generated libro reads");
    let changes = file(Slot::PayrollChanges).map(|(name, bytes)| {
        input::read_payroll_changes(name, bytes)
            .expect("generated novedades reads")
            .value
    });
    let (name, bytes) = file(Slot::MonthlyMovements).expect("movimientos is always generated");
    let movements = input::read_monthly_movements(name, bytes).expect("generated movimientos");
    let analyst = AnalystReports {
        hires: file(Slot::AnalystHires).map(|(name, bytes)| {
            input::read_analyst_hires(name, bytes)
                .expect("ingresos")
                .value
        }),
        terminations: file(Slot::AnalystTerminations).map(|(name, bytes)| {
            input::read_analyst_terminations(name, bytes)
                .expect("finiquitos")
                .value
        }),
        absences: file(Slot::AnalystAbsences).map(|(name, bytes)| {
            input::read_analyst_absences(name, bytes)
                .expect("ausentismos")
                .value
        }),
    };
    let closing_info = ClosingInfo {
        period: book.value.period,
        company_rut: book.value.company_rut,
    };
    let payroll = compare_payroll_vs_changes(&book.value, changes.as_ref(), settings);
    let movements =
        compare_movements_vs_analyst(&movements.value, &analyst, settings, closing_info.period);
    consolidate(
        RunContext {
            closing: &closing_info,
            inputs: &[],
            settings,
            previous: &[],
        },
        WorkerOutcome::Ok {
            result: payroll,
            ms: 0.0,
        },
        WorkerOutcome::Ok {
            result: movements,
            ms: 0.0,
        },
    )
}

/// The list's rules as they were when values were strings: trial parsing and a date
/// scanner. Only the tests use them, to prove the typed rules sort and show the same.
pub(super) mod legacy {
    use std::str::FromStr;

    use cuadra_core::values::amount::format_es_cl;
    use cuadra_core::values::date::Date;
    use cuadra_core::Group;
    use rust_decimal::Decimal;

    use crate::results_view::fold;

    /// A value cell as a sort key: numbers before dates before text (empty cells are `None`).
    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    pub enum ValueKey {
        Number(Decimal),
        Date(Date),
        Text(String),
    }

    pub fn value_key(value: Option<&str>) -> Option<ValueKey> {
        let value = value.map(str::trim).filter(|value| !value.is_empty())?;
        if let Ok(number) = Decimal::from_str(value) {
            return Some(ValueKey::Number(number));
        }
        if let Some(date) = iso_date(value) {
            return Some(ValueKey::Date(date));
        }
        Some(ValueKey::Text(fold(value)))
    }

    fn iso_date(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let shape = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(idx, b)| idx == 4 || idx == 7 || b.is_ascii_digit());
        if !shape {
            return None;
        }
        Date::new(
            text[0..4].parse().ok()?,
            text[5..7].parse().ok()?,
            text[8..10].parse().ok()?,
        )
    }

    fn dates_es_cl(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(date) = rest.get(..10).and_then(iso_date) {
                out.push_str(&date.es_cl());
                rest = &rest[10..];
            } else {
                let mut chars = rest.chars();
                if let Some(c) = chars.next() {
                    out.push(c);
                }
                rest = chars.as_str();
            }
        }
        out
    }

    pub fn display_value(group: Group, value: &str) -> String {
        if let Ok(number) = Decimal::from_str(value.trim()) {
            return match group {
                Group::PayrollVsChanges => format_es_cl(number),
                Group::MovementsVsAnalyst => number.normalize().to_string().replace('.', ","),
            };
        }
        dates_es_cl(value)
    }

    pub fn display_difference(value: &str) -> String {
        match Decimal::from_str(value.trim()) {
            Ok(pesos) => format_es_cl(pesos),
            Err(_) => value.to_string(),
        }
    }
}

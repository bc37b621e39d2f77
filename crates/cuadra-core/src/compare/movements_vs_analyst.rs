//! Worker 2: Movimientos del Mes vs the analyst's files (docs/rules.md).
//!
//! Everything is grouped by RUT first (in a `BTreeMap`, so the work order is the RUT order)
//! and matched within one employee's events: the cost is linear in rows plus the square of
//! the events of one employee, which stays small even for the largest clients.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::suggest::{suggest, Candidate, OneSided};
use super::{base, who, GroupResult};
use crate::discrepancy::{
    sort_discrepancies, ComparedValue, Discrepancy, DiscrepancyKind, Marker, SourceRow,
};
use crate::model::{Absence, AnalystReports, MonthlyMovements, Movement, Period};
use crate::settings::Settings;
use crate::slot::Slot;
use crate::values::date::Date;
use crate::values::rut::Rut;
use crate::values::text::normalize_header;

/// Worker 2: Movimientos vs Analista. `period` is the closing's month, used by the
/// fixed-term exclusion setting.
pub fn compare_movements_vs_analyst(
    movements: &MonthlyMovements,
    analyst: &AnalystReports,
    settings: &Settings,
    period: Option<Period>,
) -> GroupResult {
    let mut result = GroupResult::default();
    compare_movements(
        &HIRES,
        &movements.hires,
        analyst.hires.as_deref(),
        &|_| false,
        &mut result,
    );
    let n_excluded = std::cell::Cell::new(0usize);
    let excluded = |termination: &Movement| {
        let skip = settings.exclude_fixed_term && is_fixed_term_ending(termination, period);
        if skip {
            n_excluded.set(n_excluded.get() + 1);
        }
        skip
    };
    compare_movements(
        &TERMINATIONS,
        &movements.terminations,
        analyst.terminations.as_deref(),
        &excluded,
        &mut result,
    );
    if n_excluded.get() > 0 {
        let n = n_excluded.get();
        result.notes.push(format!(
            "{} de contrato a plazo fijo que {} en el período no se {} como finiquito no \
             reportado (configuración).",
            crate::plural::counted(n, "baja", "bajas"),
            crate::plural::agree(n, "termina", "terminan"),
            crate::plural::agree(n, "informa", "informan"),
        ));
    }
    compare_absences(
        &movements.absences,
        analyst.absences.as_deref(),
        &mut result,
    );
    result.notes.push(format!(
        "No se comparan: {}, {} y {}.",
        crate::plural::counted(
            movements.n_vacations,
            "registro de vacaciones",
            "registros de vacaciones"
        ),
        crate::plural::counted(
            movements.n_salary_changes,
            "variación de sueldo",
            "variaciones de sueldo"
        ),
        crate::plural::counted(
            movements.n_contract_changes,
            "variación de contrato",
            "variaciones de contrato"
        ),
    ));
    sort_discrepancies(&mut result.discrepancies);
    result
}

/// A `BAJA` of a fixed-term contract (`Tipo Contrato` contains "plazo fijo") whose date falls
/// in the closing month; without a known period any date counts.
fn is_fixed_term_ending(termination: &Movement, period: Option<Period>) -> bool {
    let fixed_term = termination
        .contract_type
        .as_deref()
        .is_some_and(|kind| normalize_header(kind).contains("plazo fijo"));
    fixed_term && period.is_none_or(|period| period.contains(termination.date))
}

/// The words and types that differ between hires and terminations.
struct MovementWords {
    not_reported: DiscrepancyKind,
    not_in_movements: DiscrepancyKind,
    date_differs: DiscrepancyKind,
    /// `ingreso`, `finiquito`.
    event: &'static str,
    /// `fecha de ingreso`, `fecha de retiro`.
    date_name: &'static str,
    /// The analyst file's slot label.
    file: &'static str,
    /// The analyst file's slot.
    slot: Slot,
}

const HIRES: MovementWords = MovementWords {
    not_reported: DiscrepancyKind::HireNotReported,
    not_in_movements: DiscrepancyKind::HireNotInMovements,
    date_differs: DiscrepancyKind::HireDateDiffers,
    event: "ingreso",
    date_name: "fecha de ingreso",
    file: "Ingresos",
    slot: Slot::AnalystHires,
};

const TERMINATIONS: MovementWords = MovementWords {
    not_reported: DiscrepancyKind::TerminationNotReported,
    not_in_movements: DiscrepancyKind::TerminationNotInMovements,
    date_differs: DiscrepancyKind::TerminationDateDiffers,
    event: "finiquito",
    date_name: "fecha de retiro",
    file: "Finiquitos",
    slot: Slot::AnalystTerminations,
};

/// Hires (or terminations) against the analyst's list.
///
/// Several movements for one RUT (two `ALTA`s: a re-hire, or a duplicated row) are matched
/// within that RUT: first movements and analyst rows with the same date pair off one to one;
/// what is left on both sides pairs in date order and each such pair is a date difference;
/// whatever still has no partner is "no reportado" or "no en movimientos". So a duplicated
/// `ALTA` reported once yields one `ingreso_no_reportado`, never a spurious date difference.
fn compare_movements(
    words: &MovementWords,
    movements: &[Movement],
    analyst: Option<&[Movement]>,
    excluded: &dyn Fn(&Movement) -> bool,
    result: &mut GroupResult,
) {
    if analyst.is_none() {
        result.notes.push(format!(
            "No se cargó el archivo de {}: cada {} de Movimientos del Mes se informa como no \
             reportado.",
            words.file, words.event
        ));
    }
    let mut by_rut: BTreeMap<Rut, (Vec<&Movement>, Vec<&Movement>)> = BTreeMap::new();
    for movement in movements {
        by_rut.entry(movement.rut).or_default().0.push(movement);
    }
    for reported in analyst.unwrap_or_default() {
        by_rut.entry(reported.rut).or_default().1.push(reported);
    }
    let (ours_only, theirs_only) = one_sided(&by_rut, |movement| movement.name.as_str());
    for (rut, (mut ours, mut theirs)) in by_rut {
        ours.sort_by_key(|movement| (movement.date, movement.row_number));
        theirs.sort_by_key(|movement| (movement.date, movement.row_number));
        let mut ours_open = vec![true; ours.len()];
        let mut theirs_open = vec![true; theirs.len()];
        for (our_idx, ours_movement) in ours.iter().enumerate() {
            let same_date = theirs
                .iter()
                .enumerate()
                .position(|(idx, other)| theirs_open[idx] && other.date == ours_movement.date);
            if let Some(their_idx) = same_date {
                ours_open[our_idx] = false;
                theirs_open[their_idx] = false;
            }
        }
        let ours_left: Vec<&Movement> = ours
            .iter()
            .zip(&ours_open)
            .filter(|(_, open)| **open)
            .map(|(m, _)| *m)
            .collect();
        let theirs_left: Vec<&Movement> = theirs
            .iter()
            .zip(&theirs_open)
            .filter(|(_, open)| **open)
            .map(|(m, _)| *m)
            .collect();
        let n_pairs = ours_left.len().min(theirs_left.len());
        for (ours_movement, theirs_movement) in ours_left.iter().zip(&theirs_left) {
            let name = pick_name(&ours_movement.name, &theirs_movement.name);
            result.discrepancies.push(Discrepancy {
                description: format!(
                    "La {} de {} es {} en Movimientos del Mes y {} según el analista.",
                    words.date_name,
                    who(name, rut),
                    ours_movement.date.es_cl(),
                    theirs_movement.date.es_cl()
                ),
                valor_movimientos: Some(ComparedValue::Date(ours_movement.date)),
                valor_analista: Some(ComparedValue::Date(theirs_movement.date)),
                event_date: Some(ours_movement.date),
                sources: vec![
                    movement_row(Slot::MonthlyMovements, ours_movement),
                    movement_row(words.slot, theirs_movement),
                ],
                ..base(words.date_differs, rut, name)
            });
        }
        for movement in &ours_left[n_pairs..] {
            if excluded(movement) {
                continue;
            }
            result.discrepancies.push(Discrepancy {
                description: format!(
                    "El {} de {} con {} {} figura en Movimientos del Mes, pero el analista no \
                     lo reportó.",
                    words.event,
                    who(&movement.name, rut),
                    words.date_name,
                    movement.date.es_cl()
                ),
                valor_movimientos: Some(ComparedValue::Date(movement.date)),
                valor_analista: Some(ComparedValue::Marker(Marker::NotReported)),
                event_date: Some(movement.date),
                sources: vec![movement_row(Slot::MonthlyMovements, movement)],
                ..base(words.not_reported, rut, &movement.name)
            });
        }
        for reported in &theirs_left[n_pairs..] {
            result.discrepancies.push(Discrepancy {
                description: format!(
                    "El analista reportó el {} de {} con {} {}, pero no figura en Movimientos \
                     del Mes.",
                    words.event,
                    who(&reported.name, rut),
                    words.date_name,
                    reported.date.es_cl()
                ),
                valor_movimientos: Some(ComparedValue::Marker(Marker::NotFound)),
                valor_analista: Some(ComparedValue::Date(reported.date)),
                event_date: Some(reported.date),
                sources: vec![movement_row(words.slot, reported)],
                ..base(words.not_in_movements, rut, &reported.name)
            });
        }
    }
    suggest(
        &mut result.discrepancies,
        OneSided {
            kind: words.not_reported,
            ruts: ours_only,
        },
        OneSided {
            kind: words.not_in_movements,
            ruts: theirs_only,
        },
    );
}

/// The RUTs only one side has, each with its first event's name: `(movimientos only,
/// analyst only)`, the candidates for the other side's suggestions.
fn one_sided<'a, T>(
    by_rut: &BTreeMap<Rut, (Vec<&'a T>, Vec<&'a T>)>,
    name: impl Fn(&'a T) -> &'a str,
) -> (Vec<Candidate<'a>>, Vec<Candidate<'a>>) {
    let mut ours_only = Vec::new();
    let mut theirs_only = Vec::new();
    for (rut, (ours, theirs)) in by_rut {
        let (only, events) = match (ours.first(), theirs.first()) {
            (Some(event), None) => (&mut ours_only, event),
            (None, Some(event)) => (&mut theirs_only, event),
            _ => continue,
        };
        only.push(Candidate {
            rut: *rut,
            name: name(events),
        });
    }
    (ours_only, theirs_only)
}

/// Absences in two stages (docs/rules.md), per RUT.
///
/// Stage 1 pairs events with the same start, end and normalised type (one to one, in date
/// order). Stage 2 walks the still-unmatched Movimientos events in order of start, end, type
/// and row, and pairs each with the unmatched analyst event that overlaps it by the most
/// days; ties go to the earliest start, then the earliest end, then the earliest analyst
/// row. Events that overlap nothing stay unmatched. Walking one side in a fixed order makes
/// the result independent of input row order.
fn compare_absences(movements: &[Absence], analyst: Option<&[Absence]>, result: &mut GroupResult) {
    if analyst.is_none() {
        result.notes.push(
            "No se cargó el archivo de Ausentismos: cada ausencia de Movimientos del Mes se \
             informa como no reportada."
                .to_string(),
        );
    }
    let mut by_rut: BTreeMap<Rut, (Vec<&Absence>, Vec<&Absence>)> = BTreeMap::new();
    for absence in movements {
        by_rut.entry(absence.rut).or_default().0.push(absence);
    }
    for absence in analyst.unwrap_or_default() {
        by_rut.entry(absence.rut).or_default().1.push(absence);
    }
    let (ours_only, theirs_only) = one_sided(&by_rut, |absence| absence.name.as_str());
    let order = |a: &&Absence, b: &&Absence| {
        (a.start, a.end, &a.kind_key, a.row_number).cmp(&(
            b.start,
            b.end,
            &b.kind_key,
            b.row_number,
        ))
    };
    for (rut, (mut ours, mut theirs)) in by_rut {
        ours.sort_by(order);
        theirs.sort_by(order);
        let mut ours_open = vec![true; ours.len()];
        let mut theirs_open = vec![true; theirs.len()];

        // Stage 1: exact matches. Candidates per key keep date order, so the first open one
        // is taken.
        let mut exact: BTreeMap<(Date, Date, &str), Vec<usize>> = BTreeMap::new();
        for (idx, absence) in theirs.iter().enumerate() {
            exact
                .entry((absence.start, absence.end, &absence.kind_key))
                .or_default()
                .push(idx);
        }
        for (our_idx, absence) in ours.iter().enumerate() {
            let key = (absence.start, absence.end, absence.kind_key.as_str());
            let Some(candidates) = exact.get_mut(&key) else {
                continue;
            };
            if candidates.is_empty() {
                continue;
            }
            let their_idx = candidates.remove(0);
            ours_open[our_idx] = false;
            theirs_open[their_idx] = false;
            if absence.days != theirs[their_idx].days {
                result
                    .discrepancies
                    .push(days_differ(rut, absence, theirs[their_idx]));
            }
        }

        // Stage 2: best overlap.
        for (our_idx, absence) in ours.iter().enumerate() {
            if !ours_open[our_idx] {
                continue;
            }
            let mut best: Option<(i64, usize)> = None;
            for (their_idx, other) in theirs.iter().enumerate() {
                if !theirs_open[their_idx] {
                    continue;
                }
                let overlap =
                    Date::overlap_days((absence.start, absence.end), (other.start, other.end));
                // `theirs` is sorted by start then end, so the first of equal overlaps is the
                // earliest start: only a strictly larger overlap replaces it.
                if overlap > 0 && best.is_none_or(|(best_overlap, _)| overlap > best_overlap) {
                    best = Some((overlap, their_idx));
                }
            }
            let Some((_, their_idx)) = best else { continue };
            ours_open[our_idx] = false;
            theirs_open[their_idx] = false;
            let other = theirs[their_idx];
            if (absence.start, absence.end) != (other.start, other.end) {
                result.discrepancies.push(dates_differ(rut, absence, other));
            }
            if absence.kind_key != other.kind_key {
                result.discrepancies.push(kind_differs(rut, absence, other));
            }
            if absence.days != other.days {
                result.discrepancies.push(days_differ(rut, absence, other));
            }
        }

        for (absence, _) in ours.iter().zip(&ours_open).filter(|(_, open)| **open) {
            result.discrepancies.push(Discrepancy {
                description: format!(
                    "La ausencia de {} ({}) figura en Movimientos del Mes, pero el analista no \
                     la reportó.",
                    who(&absence.name, rut),
                    absence_phrase(absence)
                ),
                valor_movimientos: Some(ComparedValue::absence(absence)),
                valor_analista: Some(ComparedValue::Marker(Marker::NotReported)),
                event_date: Some(absence.start),
                sources: vec![absence_row(Slot::MonthlyMovements, absence)],
                ..base(DiscrepancyKind::AbsenceNotReported, rut, &absence.name)
            });
        }
        for (absence, _) in theirs.iter().zip(&theirs_open).filter(|(_, open)| **open) {
            result.discrepancies.push(Discrepancy {
                description: format!(
                    "El analista reportó una ausencia de {} ({}), pero no figura en \
                     Movimientos del Mes.",
                    who(&absence.name, rut),
                    absence_phrase(absence)
                ),
                valor_movimientos: Some(ComparedValue::Marker(Marker::NotFound)),
                valor_analista: Some(ComparedValue::absence(absence)),
                event_date: Some(absence.start),
                sources: vec![absence_row(Slot::AnalystAbsences, absence)],
                ..base(DiscrepancyKind::AbsenceNotInMovements, rut, &absence.name)
            });
        }
    }
    suggest(
        &mut result.discrepancies,
        OneSided {
            kind: DiscrepancyKind::AbsenceNotReported,
            ruts: ours_only,
        },
        OneSided {
            kind: DiscrepancyKind::AbsenceNotInMovements,
            ruts: theirs_only,
        },
    );
}

/// A hire's or termination's row in `slot`.
fn movement_row(slot: Slot, movement: &Movement) -> SourceRow {
    SourceRow::new(slot, &movement.sheet, movement.row_number)
}

fn absence_row(slot: Slot, absence: &Absence) -> SourceRow {
    SourceRow::new(slot, &absence.sheet, absence.row_number)
}

/// A paired absence's two rows: movimientos', then the analyst's.
fn absence_rows(ours: &Absence, theirs: &Absence) -> Vec<SourceRow> {
    vec![
        absence_row(Slot::MonthlyMovements, ours),
        absence_row(Slot::AnalystAbsences, theirs),
    ]
}

fn dates_differ(rut: Rut, ours: &Absence, theirs: &Absence) -> Discrepancy {
    let name = pick_name(&ours.name, &theirs.name);
    Discrepancy {
        description: format!(
            "La ausencia «{}» de {} va del {} al {} en Movimientos del Mes y del {} al {} según \
             el analista.",
            ours.kind.trim(),
            who(name, rut),
            ours.start.es_cl(),
            ours.end.es_cl(),
            theirs.start.es_cl(),
            theirs.end.es_cl()
        ),
        valor_movimientos: Some(ComparedValue::DateRange {
            start: ours.start,
            end: ours.end,
        }),
        valor_analista: Some(ComparedValue::DateRange {
            start: theirs.start,
            end: theirs.end,
        }),
        event_date: Some(ours.start),
        sources: absence_rows(ours, theirs),
        ..base(DiscrepancyKind::AbsenceDatesDiffer, rut, name)
    }
}

fn kind_differs(rut: Rut, ours: &Absence, theirs: &Absence) -> Discrepancy {
    let name = pick_name(&ours.name, &theirs.name);
    Discrepancy {
        description: format!(
            "La ausencia de {} del {} al {} es «{}» en Movimientos del Mes y «{}» según el \
             analista.",
            who(name, rut),
            ours.start.es_cl(),
            ours.end.es_cl(),
            ours.kind.trim(),
            theirs.kind.trim()
        ),
        valor_movimientos: Some(ComparedValue::text(&ours.kind)),
        valor_analista: Some(ComparedValue::text(&theirs.kind)),
        event_date: Some(ours.start),
        sources: absence_rows(ours, theirs),
        ..base(DiscrepancyKind::AbsenceKindDiffers, rut, name)
    }
}

fn days_differ(rut: Rut, ours: &Absence, theirs: &Absence) -> Discrepancy {
    let name = pick_name(&ours.name, &theirs.name);
    Discrepancy {
        description: format!(
            "La ausencia «{}» de {} del {} al {} tiene {} en Movimientos del Mes y {} según el \
             analista.",
            ours.kind.trim(),
            who(name, rut),
            ours.start.es_cl(),
            ours.end.es_cl(),
            days_phrase(ours.days),
            days_phrase(theirs.days)
        ),
        valor_movimientos: Some(ComparedValue::days(ours.days)),
        valor_analista: Some(ComparedValue::days(theirs.days)),
        event_date: Some(ours.start),
        sources: absence_rows(ours, theirs),
        ..base(DiscrepancyKind::AbsenceDaysDiffer, rut, name)
    }
}

/// `«Licencia Medica» del 03-03-2025 al 07-03-2025, 5 días`.
fn absence_phrase(absence: &Absence) -> String {
    format!(
        "«{}» del {} al {}, {}",
        absence.kind.trim(),
        absence.start.es_cl(),
        absence.end.es_cl(),
        days_phrase(absence.days)
    )
}

/// Days in a sentence, es-CL: `5 días`, `0,5 días`, `sin días informados`.
fn days_phrase(days: Option<Decimal>) -> String {
    match days {
        Some(days) => {
            let text = days.normalize().to_string().replace('.', ",");
            if days == Decimal::ONE {
                format!("{text} día")
            } else {
                format!("{text} días")
            }
        }
        None => "sin días informados".to_string(),
    }
}

/// The name from the source that has one, Movimientos first.
fn pick_name<'a>(ours: &'a str, theirs: &'a str) -> &'a str {
    if ours.trim().is_empty() {
        theirs
    } else {
        ours
    }
}

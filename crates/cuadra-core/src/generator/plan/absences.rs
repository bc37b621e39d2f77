//! Ausentismos on both sides: matched absences, the planted differences in days, dates
//! and type, and absences reported on one side only.

use crate::discrepancy::DiscrepancyKind;
use crate::generator::catalog::{self, AbsenceType};
use crate::generator::rng::Rng;
use crate::model::Period;
use crate::values::text::normalize_absence_kind;

use super::{add_days, day_of, last_day, planted, role_count, stream, AbsenceEvent, Plan, Roster};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbsenceRole {
    Matched,
    DaysDiffer,
    DatesDiffer,
    KindDiffers,
    DatesAndDaysDiffer,
    NotReported,
    NotInMovements,
}

/// How an analyst types a type: same normalised key, different spelling.
fn analyst_spelling(rng: &mut Rng, name: &str) -> String {
    match rng.below(4) {
        0 => name.to_string(),
        1 => name.to_lowercase(),
        2 => name.to_uppercase(),
        _ => name
            .chars()
            .map(|c| match c {
                'á' => 'a',
                'é' => 'e',
                'í' => 'i',
                'ó' => 'o',
                'ú' => 'u',
                other => other,
            })
            .collect(),
    }
}

/// An absence in the first (days 1–11) or second (from day 15, may run into next month)
/// part of the month, so two absences of one employee never overlap.
fn random_absence(
    rng: &mut Rng,
    period: Period,
    person_idx: usize,
    first_part: bool,
) -> AbsenceEvent {
    let absence_type: AbsenceType = rng.pick(catalog::ABSENCE_TYPES);
    let start_day = if first_part {
        rng.range(1, 5)
    } else {
        rng.range(15, i64::from(last_day(period)))
    };
    let start = day_of(period, start_day as u8);
    let (length, half_days) = if absence_type.half_day {
        (1, 1)
    } else {
        let length = rng.range(1, absence_type.max_days);
        (length, length * 2)
    };
    AbsenceEvent {
        person_idx,
        start,
        end: add_days(start, length - 1),
        half_days,
        kind: absence_type.name.to_string(),
    }
}

pub(super) fn plan_absences(plan: &mut Plan) {
    let mut rng = Rng::keyed(plan.seed, stream::ABSENCES, 0);
    let mut roster = Roster::new(&mut rng, plan.n_book);
    let n = plan.n_book;
    let roles = [
        (AbsenceRole::Matched, role_count(n, 60)),
        (AbsenceRole::DaysDiffer, role_count(n, 5)),
        (AbsenceRole::DatesDiffer, role_count(n, 5)),
        (AbsenceRole::KindDiffers, role_count(n, 5)),
        (AbsenceRole::DatesAndDaysDiffer, role_count(n, 2)),
        (AbsenceRole::NotReported, role_count(n, 10)),
        (AbsenceRole::NotInMovements, role_count(n, 10)),
    ];
    for (role, count) in roles {
        for _ in 0..count {
            let Some(person_idx) = roster.take() else {
                break;
            };
            let rut = plan.people[person_idx].rut;
            // Several absences per employee are normal: sometimes an extra, matched one
            // earlier in the month that must not disturb the pairing of the planted one.
            if rng.chance(300) {
                let extra = random_absence(&mut rng, plan.period, person_idx, true);
                let mut copy = extra.clone();
                copy.kind = analyst_spelling(&mut rng, &extra.kind);
                plan.absences.push(extra);
                plan.analyst_absences.push(copy);
            }
            let event = random_absence(&mut rng, plan.period, person_idx, false);
            let mut analyst = event.clone();
            analyst.kind = analyst_spelling(&mut rng, &event.kind);
            let mut kinds = Vec::new();
            match role {
                AbsenceRole::Matched => {}
                AbsenceRole::DaysDiffer => {
                    analyst.half_days = if event.half_days > 2 {
                        event.half_days - 2
                    } else {
                        event.half_days + 1
                    };
                    kinds.push(DiscrepancyKind::AbsenceDaysDiffer);
                }
                AbsenceRole::DatesDiffer => {
                    if event.end > event.start && rng.chance(500) {
                        analyst.start = add_days(event.start, 1);
                    } else {
                        analyst.end = add_days(event.end, 1);
                    }
                    kinds.push(DiscrepancyKind::AbsenceDatesDiffer);
                }
                AbsenceRole::KindDiffers => {
                    let key = normalize_absence_kind(&event.kind);
                    let others: Vec<&AbsenceType> = catalog::ABSENCE_TYPES
                        .iter()
                        .filter(|other| normalize_absence_kind(other.name) != key)
                        .collect();
                    let other = rng.pick(&others).name;
                    analyst.kind = analyst_spelling(&mut rng, other);
                    kinds.push(DiscrepancyKind::AbsenceKindDiffers);
                }
                AbsenceRole::DatesAndDaysDiffer => {
                    analyst.end = add_days(event.end, 2);
                    analyst.half_days = event.half_days + 4;
                    kinds.push(DiscrepancyKind::AbsenceDatesDiffer);
                    kinds.push(DiscrepancyKind::AbsenceDaysDiffer);
                }
                AbsenceRole::NotReported => kinds.push(DiscrepancyKind::AbsenceNotReported),
                AbsenceRole::NotInMovements => kinds.push(DiscrepancyKind::AbsenceNotInMovements),
            }
            let event_date = if role == AbsenceRole::NotInMovements {
                analyst.start
            } else {
                event.start
            };
            for kind in kinds {
                plan.planted_absences
                    .push(planted(kind, rut, None, Some(event_date)));
            }
            if role != AbsenceRole::NotInMovements {
                plan.absences.push(event);
            }
            if role != AbsenceRole::NotReported {
                plan.analyst_absences.push(analyst);
            }
        }
    }
    rng.shuffle(&mut plan.absences);
    rng.shuffle(&mut plan.analyst_absences);
}

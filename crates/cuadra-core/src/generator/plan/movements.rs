//! Movimientos' altas and bajas against the analyst's Ingresos and Finiquitos, and the
//! sheets that are only counted (Vacaciones, Variaciones de Sueldo).

use crate::discrepancy::DiscrepancyKind;
use crate::generator::catalog;
use crate::generator::rng::Rng;

use super::{
    add_days, day_of, last_day, planted, role_count, stream, AnalystMovement, MovementEvent, Plan,
    Roster, SalaryChange, Vacation,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventRole {
    Matched,
    NotReported,
    DateDiffers,
    NotInMovements,
}

pub(super) fn plan_movements(plan: &mut Plan) {
    let mut rng = Rng::keyed(plan.seed, stream::MOVEMENTS, 0);
    let mut roster = Roster::new(&mut rng, plan.n_book);
    let n = plan.n_book;
    let roles = [
        (EventRole::Matched, role_count(n, 30)),
        (EventRole::NotReported, role_count(n, 5)),
        (EventRole::DateDiffers, role_count(n, 5)),
        (EventRole::NotInMovements, role_count(n, 5)),
    ];
    let period = plan.period;
    let last = last_day(period);
    for is_hire in [true, false] {
        for (role, count) in roles {
            for _ in 0..count {
                // One hire or termination per RUT: every role takes a fresh employee.
                let Some(person_idx) = roster.take() else {
                    break;
                };
                let rut = plan.people[person_idx].rut;
                let date = day_of(period, rng.range(1, i64::from(last)) as u8);
                let reason = (!is_hire).then(|| rng.pick(catalog::TERMINATION_REASONS));
                let contract_type = if reason == Some("Vencimiento del plazo convenido") {
                    "Plazo Fijo"
                } else if is_hire {
                    rng.pick(catalog::CONTRACT_TYPES)
                } else {
                    rng.pick(&catalog::CONTRACT_TYPES[..1])
                };
                let other_date =
                    (!is_hire && rng.chance(500)).then(|| add_days(date, -rng.range(200, 3_000)));
                let event = MovementEvent {
                    person_idx,
                    is_hire,
                    date,
                    other_date,
                    contract_type,
                    reason,
                    base_salary: rng.range(460, 3_500) * 1_000,
                };
                let analyst_date = match role {
                    EventRole::DateDiffers => {
                        let shift = rng.range(1, i64::from(last) - 1);
                        day_of(
                            period,
                            ((i64::from(date.day) - 1 + shift) % i64::from(last) + 1) as u8,
                        )
                    }
                    _ => date,
                };
                let analyst_reason = reason.filter(|_| rng.chance(700));
                let analyst = AnalystMovement {
                    person_idx,
                    date: analyst_date,
                    reason: analyst_reason,
                };
                let (planted_kind, planted_date) = match (role, is_hire) {
                    (EventRole::Matched, _) => (None, date),
                    (EventRole::NotReported, true) => {
                        (Some(DiscrepancyKind::HireNotReported), date)
                    }
                    (EventRole::NotReported, false) => {
                        (Some(DiscrepancyKind::TerminationNotReported), date)
                    }
                    (EventRole::DateDiffers, true) => {
                        (Some(DiscrepancyKind::HireDateDiffers), date)
                    }
                    (EventRole::DateDiffers, false) => {
                        (Some(DiscrepancyKind::TerminationDateDiffers), date)
                    }
                    (EventRole::NotInMovements, true) => {
                        (Some(DiscrepancyKind::HireNotInMovements), analyst_date)
                    }
                    (EventRole::NotInMovements, false) => (
                        Some(DiscrepancyKind::TerminationNotInMovements),
                        analyst_date,
                    ),
                };
                if role != EventRole::NotInMovements {
                    plan.movements.push(event);
                }
                if role != EventRole::NotReported {
                    if is_hire {
                        plan.analyst_hires.push(analyst);
                    } else {
                        plan.analyst_terminations.push(analyst);
                    }
                }
                if let Some(kind) = planted_kind {
                    let list = if is_hire {
                        &mut plan.planted_hires
                    } else {
                        &mut plan.planted_terminations
                    };
                    list.push(planted(kind, rut, None, Some(planted_date)));
                }
            }
        }
    }
    rng.shuffle(&mut plan.movements);
    rng.shuffle(&mut plan.analyst_hires);
    rng.shuffle(&mut plan.analyst_terminations);
}

pub(super) fn plan_other_sheets(plan: &mut Plan) {
    let mut rng = Rng::keyed(plan.seed, stream::OTHER_SHEETS, 0);
    let n = plan.n_book;
    for _ in 0..role_count(n, 30) {
        let person_idx = rng.below(n as u64) as usize;
        let start = day_of(plan.period, rng.range(1, 20) as u8);
        let days = rng.range(1, 15);
        plan.vacations.push(Vacation {
            person_idx,
            start,
            end: add_days(start, days - 1),
            days,
        });
    }
    for _ in 0..role_count(n, 20) {
        let person_idx = rng.below(n as u64) as usize;
        let before = rng.range(460, 3_000) * 1_000;
        let after = before + rng.range(10, 300) * 1_000;
        let date = day_of(plan.period, 1);
        plan.salary_changes.push(SalaryChange {
            person_idx,
            date,
            before,
            after,
        });
    }
}

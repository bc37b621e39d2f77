//! RUT typos planted in the analyst's files ([`GeneratorOptions::rut_typos`]): an employee
//! whose row the analyst reported with a mistyped RUT, so that a "¿Quiso decir…?" engine
//! can be measured against known answers.
//!
//! Each typo takes a row that matches cleanly (a listed novedades row with no planted
//! difference, a hire, termination or absence reported exactly) and writes its RUT as the
//! analyst mistyped it. The row then belongs to nobody: novedades gains an
//! `empleado_solo_novedades` for the typed RUT (and the true one becomes "only in libro");
//! a movement becomes `*_no_reportado` for the true RUT plus `*_no_en_movimientos` for the
//! typed one. The five kinds of [`SuggestionReason`] take turns, file after file.

use std::collections::BTreeSet;

use crate::discrepancy::{DiscrepancyKind, SuggestionReason};
use crate::model::Slot;
use crate::values::rut::Rut;

use super::plan::{self, stream, Plan};
use super::rng::Rng;
use super::{GeneratorOptions, PlantedDiscrepancy, PlantedTypo};

/// Plants `options.rut_typos` typos in each analyst file the options include, and returns
/// them in the order planted.
pub(super) fn plant(plan: &mut Plan, options: &GeneratorOptions) -> Vec<PlantedTypo> {
    let mut rng = Rng::keyed(plan.seed, stream::TYPOS, 0);
    let mut typist = Typist {
        used: plan.people.iter().map(|person| person.rut).collect(),
        typos: Vec::new(),
    };
    let n = options.rut_typos;
    if options.include_payroll_changes {
        plant_in_changes(plan, &mut rng, &mut typist, n);
    }
    if options.include_analyst_hires {
        plant_in_movements(plan, &mut rng, &mut typist, n, true);
    }
    if options.include_analyst_terminations {
        plant_in_movements(plan, &mut rng, &mut typist, n, false);
    }
    if options.include_analyst_absences {
        plant_in_absences(plan, &mut rng, &mut typist, n);
    }
    typist.typos
}

/// Types RUTs wrong, never twice the same way and never as someone's real RUT.
struct Typist {
    used: BTreeSet<Rut>,
    typos: Vec<PlantedTypo>,
}

impl Typist {
    /// The kind the next typo takes.
    fn next_reason(&self) -> SuggestionReason {
        SuggestionReason::ALL[self.typos.len() % SuggestionReason::ALL.len()]
    }

    /// Types `person_idx`'s RUT as the next kind of typo: a new person (same names, the
    /// typed RUT) is added to the plan and its index returned; `None` when this RUT cannot
    /// take that kind (a swap needs two different neighbouring digits, a missing check digit
    /// an 8-digit number), so the caller tries another row.
    fn retype(
        &mut self,
        plan: &mut Plan,
        rng: &mut Rng,
        person_idx: usize,
        slot: Slot,
    ) -> Option<usize> {
        let reason = self.next_reason();
        let true_rut = plan.people[person_idx].rut;
        // A few draws at most: a typed RUT that someone already has is drawn again, and a
        // kind with one possible text (a missing check digit) gives up on this row.
        let typed_text = (0..8).find_map(|_| {
            let text = typed(rng, true_rut, reason)?;
            let rut = Rut::parse(&text).expect("a typed RUT is still a RUT");
            self.used.insert(rut).then_some(text)
        })?;
        let typed_rut = Rut::parse(&typed_text).expect("a typed RUT is still a RUT");
        let mut person = plan.people[person_idx].clone();
        person.rut = typed_rut;
        person.typed = Some(typed_text.clone());
        plan.people.push(person);
        self.typos.push(PlantedTypo {
            slot,
            true_rut,
            typed_rut,
            typed_text,
            reason,
        });
        Some(plan.people.len() - 1)
    }
}

/// `rut` mistyped as `reason` says, as the text a cell holds.
fn typed(rng: &mut Rng, rut: Rut, reason: SuggestionReason) -> Option<String> {
    let digits: Vec<u8> = rut.number.to_string().bytes().map(|b| b - b'0').collect();
    let number = |digits: &[u8]| {
        digits
            .iter()
            .fold(0u32, |number, digit| number * 10 + u32::from(*digit))
    };
    let shown = |rut: Rut, rng: &mut Rng| {
        if rng.chance(500) {
            rut.dotted()
        } else {
            rut.to_string()
        }
    };
    Some(match reason {
        SuggestionReason::CheckDigitDiffers => {
            let others: Vec<char> = "0123456789K"
                .chars()
                .filter(|c| *c != rut.check_digit)
                .collect();
            let check_digit = rng.pick(&others);
            shown(
                Rut {
                    number: rut.number,
                    check_digit,
                },
                rng,
            )
        }
        SuggestionReason::CheckDigitMissing => {
            // Seven digits would be left: fewer is not a RUT at all.
            if digits.len() < 8 {
                return None;
            }
            let plain = rut.number.to_string();
            if rng.chance(500) {
                crate::values::amount::group_thousands(&plain)
            } else {
                plain
            }
        }
        SuggestionReason::AdjacentDigitsSwapped => {
            let positions: Vec<usize> = (0..digits.len() - 1)
                .filter(|&pos| digits[pos] != digits[pos + 1] && !(pos == 0 && digits[1] == 0))
                .collect();
            if positions.is_empty() {
                return None;
            }
            let pos = rng.pick(&positions);
            let mut swapped = digits.clone();
            swapped.swap(pos, pos + 1);
            shown(
                Rut {
                    number: number(&swapped),
                    check_digit: rut.check_digit,
                },
                rng,
            )
        }
        SuggestionReason::OneDigitDiffers => {
            let pos = rng.below(digits.len() as u64) as usize;
            let choices: Vec<u8> = (0..10)
                .filter(|&digit| digit != digits[pos] && !(pos == 0 && digit == 0))
                .collect();
            let mut changed = digits.clone();
            changed[pos] = rng.pick(&choices);
            shown(
                Rut {
                    number: number(&changed),
                    check_digit: rut.check_digit,
                },
                rng,
            )
        }
        // Another person's RUT altogether: outside the generator's range of real ones.
        SuggestionReason::SameName => shown(
            Rut::from_number(30_000_000 + rng.below(10_000_000) as u32),
            rng,
        ),
    })
}

/// Listed novedades rows of libro employees with nothing planted on them.
fn plant_in_changes(plan: &mut Plan, rng: &mut Rng, typist: &mut Typist, n: usize) {
    let busy: BTreeSet<Rut> = plan
        .planted_changes
        .iter()
        .chain(&plan.planted_zero_is_novelty)
        .map(|planted| planted.rut)
        .collect();
    let mut rows: Vec<usize> = (0..plan.changes_rows.len())
        .filter(|&row_idx| {
            let person_idx = plan.changes_rows[row_idx].person_idx;
            person_idx < plan.n_book && !busy.contains(&plan.people[person_idx].rut)
        })
        .collect();
    rng.shuffle(&mut rows);
    let mut planted = 0;
    for row_idx in rows {
        if planted == n {
            break;
        }
        let person_idx = plan.changes_rows[row_idx].person_idx;
        let Some(typo_idx) = typist.retype(plan, rng, person_idx, Slot::PayrollChanges) else {
            continue;
        };
        plan.changes_rows[row_idx].person_idx = typo_idx;
        plan.planted_changes.push(planted_for(
            DiscrepancyKind::EmployeeOnlyInChanges,
            plan.people[typo_idx].rut,
            None,
        ));
        planted += 1;
    }
}

/// Analyst hires (or terminations) that match their movement exactly.
fn plant_in_movements(
    plan: &mut Plan,
    rng: &mut Rng,
    typist: &mut Typist,
    n: usize,
    is_hire: bool,
) {
    let (planted_list, not_reported, not_in_movements) = if is_hire {
        (
            &plan.planted_hires,
            DiscrepancyKind::HireNotReported,
            DiscrepancyKind::HireNotInMovements,
        )
    } else {
        (
            &plan.planted_terminations,
            DiscrepancyKind::TerminationNotReported,
            DiscrepancyKind::TerminationNotInMovements,
        )
    };
    let busy: BTreeSet<Rut> = planted_list.iter().map(|planted| planted.rut).collect();
    let analyst = if is_hire {
        &plan.analyst_hires
    } else {
        &plan.analyst_terminations
    };
    let mut rows: Vec<usize> = (0..analyst.len())
        .filter(|&row_idx| {
            let row = &analyst[row_idx];
            !busy.contains(&plan.people[row.person_idx].rut)
                && plan.movements.iter().any(|event| {
                    event.is_hire == is_hire
                        && event.person_idx == row.person_idx
                        && event.date == row.date
                })
        })
        .collect();
    rng.shuffle(&mut rows);
    let mut planted = 0;
    for row_idx in rows {
        if planted == n {
            break;
        }
        let analyst = if is_hire {
            &plan.analyst_hires
        } else {
            &plan.analyst_terminations
        };
        let (person_idx, date) = (analyst[row_idx].person_idx, analyst[row_idx].date);
        let slot = if is_hire {
            Slot::AnalystHires
        } else {
            Slot::AnalystTerminations
        };
        let Some(typo_idx) = typist.retype(plan, rng, person_idx, slot) else {
            continue;
        };
        let (rows, planted_list) = if is_hire {
            (&mut plan.analyst_hires, &mut plan.planted_hires)
        } else {
            (
                &mut plan.analyst_terminations,
                &mut plan.planted_terminations,
            )
        };
        rows[row_idx].person_idx = typo_idx;
        planted_list.push(planted_for(
            not_reported,
            plan.people[person_idx].rut,
            Some(date),
        ));
        planted_list.push(planted_for(
            not_in_movements,
            plan.people[typo_idx].rut,
            Some(date),
        ));
        planted += 1;
    }
}

/// Analyst absences of employees with exactly one absence on each side, matched exactly.
fn plant_in_absences(plan: &mut Plan, rng: &mut Rng, typist: &mut Typist, n: usize) {
    let busy: BTreeSet<Rut> = plan
        .planted_absences
        .iter()
        .map(|planted| planted.rut)
        .collect();
    let counts = |list: &[plan::AbsenceEvent]| {
        let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
        for absence in list {
            *counts.entry(absence.person_idx).or_default() += 1;
        }
        counts
    };
    let (analyst_counts, movement_counts) =
        (counts(&plan.analyst_absences), counts(&plan.absences));
    let count = |counts: &std::collections::BTreeMap<usize, usize>, person_idx: usize| {
        counts.get(&person_idx).copied().unwrap_or(0)
    };
    let mut rows: Vec<usize> = (0..plan.analyst_absences.len())
        .filter(|&row_idx| {
            let person_idx = plan.analyst_absences[row_idx].person_idx;
            !busy.contains(&plan.people[person_idx].rut)
                && count(&analyst_counts, person_idx) == 1
                && count(&movement_counts, person_idx) == 1
        })
        .collect();
    rng.shuffle(&mut rows);
    let mut planted = 0;
    for row_idx in rows {
        if planted == n {
            break;
        }
        let person_idx = plan.analyst_absences[row_idx].person_idx;
        let start = plan.analyst_absences[row_idx].start;
        let Some(typo_idx) = typist.retype(plan, rng, person_idx, Slot::AnalystAbsences) else {
            continue;
        };
        plan.analyst_absences[row_idx].person_idx = typo_idx;
        plan.planted_absences.push(planted_for(
            DiscrepancyKind::AbsenceNotReported,
            plan.people[person_idx].rut,
            Some(start),
        ));
        plan.planted_absences.push(planted_for(
            DiscrepancyKind::AbsenceNotInMovements,
            plan.people[typo_idx].rut,
            Some(start),
        ));
        planted += 1;
    }
}

fn planted_for(
    kind: DiscrepancyKind,
    rut: Rut,
    event_date: Option<crate::values::date::Date>,
) -> PlantedDiscrepancy {
    PlantedDiscrepancy {
        kind,
        rut,
        concept: None,
        event_date,
    }
}

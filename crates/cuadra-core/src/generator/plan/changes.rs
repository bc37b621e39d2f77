//! Novedades: which libro employees are listed, the amounts they echo, the planted
//! differences, the "nothing to report" markers and the people only in novedades.

use crate::discrepancy::DiscrepancyKind;
use crate::generator::catalog::{self, ConceptKind};
use crate::generator::rng::Rng;
use crate::values::text::normalize_header;

use super::{
    book_cell, planted, role_count, stream, BookCell, ChangesCell, ChangesColumn, ChangesRow,
    NoNovelty, Plan,
};

/// A different positive amount: sometimes off by one peso (tolerance 0 must catch it).
fn different_amount(rng: &mut Rng, amount: i64) -> i64 {
    let delta = if rng.chance(100) {
        1
    } else {
        rng.range(1_000, 200_000)
    };
    if amount - delta > 0 && rng.chance(500) {
        amount - delta
    } else {
        amount + delta
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChangesRole {
    Clean,
    BaseSalaryDiffers,
    ConceptDiffers,
}

pub(super) fn plan_changes(plan: &mut Plan) {
    let mut rng = Rng::keyed(plan.seed, stream::CHANGES, 0);
    plan.changes_columns = plan
        .concepts
        .iter()
        .enumerate()
        .filter_map(|(concept_idx, concept)| {
            concept.analyst_header.map(|header| ChangesColumn {
                header,
                concept_idx: Some(concept_idx),
            })
        })
        .collect();
    plan.changes_columns.push(ChangesColumn {
        header: "Observaciones",
        concept_idx: None,
    });
    let n_columns = plan.changes_columns.len();
    let base_salary_column = plan
        .changes_columns
        .iter()
        .position(|column| column.header == "SUELDO BASE")
        .expect("the catalogue's first concepts include the itemised Sueldo Base");

    let n_book = plan.n_book;
    let n_base = role_count(n_book, 10);
    let n_concept = role_count(n_book, 20);
    let n_listed = role_count(n_book, 200).max(n_base + n_concept).min(n_book);
    let mut order: Vec<usize> = (0..n_book).collect();
    rng.shuffle(&mut order);

    let mut rows = Vec::with_capacity(n_listed + plan.people.len() - n_book);
    for (listed_idx, &person_idx) in order.iter().take(n_listed).enumerate() {
        let role = if listed_idx < n_base {
            ChangesRole::BaseSalaryDiffers
        } else if listed_idx < n_base + n_concept {
            ChangesRole::ConceptDiffers
        } else {
            ChangesRole::Clean
        };
        let book: Vec<BookCell> = plan
            .changes_columns
            .iter()
            .map(|column| match column.concept_idx {
                Some(concept_idx) => book_cell(
                    plan.seed,
                    person_idx,
                    concept_idx,
                    &plan.concepts[concept_idx],
                ),
                None => BookCell::Blank,
            })
            .collect();
        let mut cells: Vec<ChangesCell> = (0..n_columns).map(|_| no_novelty(&mut rng)).collect();
        // Echo one to three of the libro's non-blank amounts: reported, and equal.
        let mut reported: Vec<usize> = (0..n_columns)
            .filter(|&column_idx| matches!(book[column_idx], BookCell::Amount(_)))
            .collect();
        rng.shuffle(&mut reported);
        for &column_idx in reported.iter().take(rng.range(1, 3) as usize) {
            cells[column_idx] = ChangesCell::Amount(book[column_idx].amount());
        }
        let target = match role {
            ChangesRole::Clean => None,
            ChangesRole::BaseSalaryDiffers => Some(base_salary_column),
            ChangesRole::ConceptDiffers => {
                let candidates: Vec<usize> = (0..n_columns - 1)
                    .filter(|&idx| idx != base_salary_column)
                    .collect();
                let blanks: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|&idx| book[idx] == BookCell::Blank)
                    .collect();
                Some(if !blanks.is_empty() && rng.chance(300) {
                    rng.pick(&blanks)
                } else {
                    rng.pick(&candidates)
                })
            }
        };
        if let Some(column_idx) = target {
            let column = &plan.changes_columns[column_idx];
            let concept_idx = column.concept_idx.expect("targets are mapped columns");
            let amount = match book[column_idx] {
                BookCell::Amount(amount) => different_amount(&mut rng, amount),
                _ => match plan.concepts[concept_idx].kind {
                    ConceptKind::Amount { min, max, .. } => rng.range(min.max(1), max),
                    _ => rng.range(1_000, 100_000),
                },
            };
            cells[column_idx] = ChangesCell::Amount(amount);
            let kind = if role == ChangesRole::BaseSalaryDiffers {
                DiscrepancyKind::BaseSalaryDiffers
            } else {
                DiscrepancyKind::ConceptAmountDiffers
            };
            let concept = format!("{} → {}", column.header, plan.concept_names[concept_idx]);
            plan.planted_changes.push(planted(
                kind,
                plan.people[person_idx].rut,
                Some(concept),
                None,
            ));
        }
        if rng.chance(200) {
            cells[n_columns - 1] = ChangesCell::Comment(rng.pick(catalog::CHANGE_COMMENTS));
        }
        // A written 0 is no novelty by default; with "0 is a novelty" it is compared.
        for (column_idx, cell) in cells.iter().enumerate() {
            let Some(concept_idx) = plan.changes_columns[column_idx].concept_idx else {
                continue;
            };
            if *cell == ChangesCell::None(NoNovelty::Zero) && book[column_idx].amount() != 0 {
                let concept_name = &plan.concept_names[concept_idx];
                let kind = if normalize_header(&plan.concepts[concept_idx].header) == "sueldo base"
                {
                    DiscrepancyKind::BaseSalaryDiffers
                } else {
                    DiscrepancyKind::ConceptAmountDiffers
                };
                let concept = format!(
                    "{} → {}",
                    plan.changes_columns[column_idx].header, concept_name
                );
                plan.planted_zero_is_novelty.push(planted(
                    kind,
                    plan.people[person_idx].rut,
                    Some(concept),
                    None,
                ));
            }
        }
        rows.push(ChangesRow { person_idx, cells });
    }
    for person_idx in n_book..plan.people.len() {
        let mut cells: Vec<ChangesCell> = (0..n_columns).map(|_| no_novelty(&mut rng)).collect();
        let column_idx = rng.below(n_columns as u64 - 1) as usize;
        cells[column_idx] = ChangesCell::Amount(rng.range(10_000, 500_000));
        rows.push(ChangesRow { person_idx, cells });
        plan.planted_changes.push(planted(
            DiscrepancyKind::EmployeeOnlyInChanges,
            plan.people[person_idx].rut,
            None,
            None,
        ));
    }
    rng.shuffle(&mut rows);
    plan.changes_rows = rows;
}

fn no_novelty(rng: &mut Rng) -> ChangesCell {
    ChangesCell::None(match rng.below(100) {
        0..=84 => NoNovelty::Blank,
        85..=88 => NoNovelty::UpperX,
        89..=90 => NoNovelty::LowerX,
        91..=94 => NoNovelty::Dash,
        95..=97 => NoNovelty::Zero,
        _ => NoNovelty::NotApplicable,
    })
}

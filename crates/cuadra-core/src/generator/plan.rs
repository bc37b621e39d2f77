//! The abstract closing: who is in which file with which values and events, and the
//! discrepancies that SPEC §4 derives from it. Writers turn a plan into bytes.
//!
//! Every discrepancy is planted on purpose; everything else is built so that the rules find
//! nothing: novedades repeat the libro's amount, each RUT has at most one hire or
//! termination, and absences of one RUT never overlap on the same side.

use crate::discrepancy::DiscrepancyKind;
use crate::model::Period;
use crate::values::date::Date;
use crate::values::rut::Rut;
use crate::values::text::{normalize_absence_kind, normalize_header};

use super::catalog::{self, AbsenceType, BookConcept, ConceptKind};
use super::rng::Rng;
use super::{GeneratorOptions, PlantedDiscrepancy};

/// Streams of [`Rng::keyed`], one per purpose, so adding a use never shifts another.
pub(crate) mod stream {
    pub(crate) const PEOPLE: u64 = 1;
    pub(crate) const BOOK_VALUE: u64 = 2;
    pub(crate) const CHANGES: u64 = 3;
    pub(crate) const MOVEMENTS: u64 = 4;
    pub(crate) const ABSENCES: u64 = 5;
    pub(crate) const OTHER_SHEETS: u64 = 6;
    pub(crate) const STYLE: u64 = 7;
}

#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub(crate) rut: Rut,
    pub(crate) first_name: &'static str,
    pub(crate) paternal_surname: &'static str,
    pub(crate) maternal_surname: &'static str,
    pub(crate) position: &'static str,
    pub(crate) cost_center: &'static str,
    pub(crate) branch: &'static str,
}

impl Person {
    pub(crate) fn full_name(&self) -> String {
        format!(
            "{} {} {}",
            self.first_name, self.paternal_surname, self.maternal_surname
        )
    }
}

/// A libro cell before it is given a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BookCell {
    Blank,
    Amount(i64),
    Days(i64),
    Text(&'static str),
}

impl BookCell {
    /// The amount the comparison sees: a blank libro cell counts as 0.
    fn amount(self) -> i64 {
        match self {
            BookCell::Amount(amount) => amount,
            _ => 0,
        }
    }
}

/// A libro value, computed on demand from the seed so 100,000 × 80 cells need no storage.
pub(crate) fn book_cell(
    seed: u64,
    person_idx: usize,
    concept_idx: usize,
    concept: &BookConcept,
) -> BookCell {
    let mut rng = Rng::keyed(
        seed,
        stream::BOOK_VALUE,
        ((person_idx as u64) << 16) | concept_idx as u64,
    );
    match concept.kind {
        ConceptKind::Amount {
            min,
            max,
            blank_per_mille,
        } => {
            if rng.chance(blank_per_mille) {
                BookCell::Blank
            } else {
                // Whole pesos, never 0: a 0 would read as "no novelty" on the analyst side.
                BookCell::Amount(rng.range(min.max(1), max))
            }
        }
        ConceptKind::Days => BookCell::Days(if rng.chance(900) {
            30
        } else {
            rng.range(1, 29)
        }),
        ConceptKind::Text(words) => BookCell::Text(rng.pick(words)),
    }
}

/// A "nothing to report" cell in novedades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoNovelty {
    Blank,
    UpperX,
    LowerX,
    Dash,
    Zero,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChangesCell {
    None(NoNovelty),
    Amount(i64),
    Comment(&'static str),
}

/// A novedades column: a mapped analyst header (with its libro concept index) or the
/// unmapped `Observaciones`.
#[derive(Debug, Clone)]
pub(crate) struct ChangesColumn {
    pub(crate) header: &'static str,
    pub(crate) concept_idx: Option<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct ChangesRow {
    pub(crate) person_idx: usize,
    /// Indexed like `Plan::changes_columns`.
    pub(crate) cells: Vec<ChangesCell>,
}

/// An `ALTA`/`BAJA` of Movimientos.
#[derive(Debug, Clone)]
pub(crate) struct MovementEvent {
    pub(crate) person_idx: usize,
    pub(crate) is_hire: bool,
    pub(crate) date: Date,
    /// The other date column (a termination's original hire date), often blank.
    pub(crate) other_date: Option<Date>,
    pub(crate) contract_type: &'static str,
    pub(crate) reason: Option<&'static str>,
    pub(crate) base_salary: i64,
}

/// A row of the analyst's Ingresos or Finiquitos.
#[derive(Debug, Clone)]
pub(crate) struct AnalystMovement {
    pub(crate) person_idx: usize,
    pub(crate) date: Date,
    pub(crate) reason: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub(crate) struct AbsenceEvent {
    pub(crate) person_idx: usize,
    pub(crate) start: Date,
    pub(crate) end: Date,
    /// Days × 2, so 0.5 is exact.
    pub(crate) half_days: i64,
    pub(crate) kind: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Vacation {
    pub(crate) person_idx: usize,
    pub(crate) start: Date,
    pub(crate) end: Date,
    pub(crate) days: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct SalaryChange {
    pub(crate) person_idx: usize,
    pub(crate) date: Date,
    pub(crate) before: i64,
    pub(crate) after: i64,
}

/// The whole abstract closing.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) seed: u64,
    pub(crate) period: Period,
    /// Libro employees in file order (`0..n_book`), then people only in novedades.
    pub(crate) people: Vec<Person>,
    pub(crate) n_book: usize,
    pub(crate) concepts: Vec<BookConcept>,
    /// Concept names after the readers' de-duplication (`Sueldo Base.1`).
    pub(crate) concept_names: Vec<String>,
    pub(crate) changes_columns: Vec<ChangesColumn>,
    pub(crate) changes_rows: Vec<ChangesRow>,
    pub(crate) movements: Vec<MovementEvent>,
    pub(crate) analyst_hires: Vec<AnalystMovement>,
    pub(crate) analyst_terminations: Vec<AnalystMovement>,
    pub(crate) absences: Vec<AbsenceEvent>,
    pub(crate) analyst_absences: Vec<AbsenceEvent>,
    pub(crate) vacations: Vec<Vacation>,
    pub(crate) salary_changes: Vec<SalaryChange>,
    /// Group 1 (needs novedades).
    pub(crate) planted_changes: Vec<PlantedDiscrepancy>,
    /// Extra group-1 findings when a 0 in novedades counts as a novelty.
    pub(crate) planted_zero_is_novelty: Vec<PlantedDiscrepancy>,
    pub(crate) planted_hires: Vec<PlantedDiscrepancy>,
    pub(crate) planted_terminations: Vec<PlantedDiscrepancy>,
    pub(crate) planted_absences: Vec<PlantedDiscrepancy>,
}

/// How many employees get a role: `per_mille` of them, at least one once the closing has
/// 20 employees, so every kind appears in small closings and many times in large ones.
fn role_count(n_employees: usize, per_mille: usize) -> usize {
    let count = (n_employees * per_mille + 500) / 1000;
    if n_employees >= 20 {
        count.max(1)
    } else {
        count
    }
}

pub(crate) fn last_day(period: Period) -> u8 {
    (28..=31)
        .rev()
        .find(|day| Date::new(period.year, period.month, *day).is_some())
        .unwrap_or(28)
}

fn day_of(period: Period, day: u8) -> Date {
    Date::new(period.year, period.month, day.clamp(1, last_day(period)))
        .expect("the day is clamped into the period's month")
}

pub(crate) fn add_days(date: Date, days: i64) -> Date {
    Date::from_days_since_epoch(date.days_since_epoch() + days)
}

/// The readers' de-duplication: the second occurrence of a header (after normalisation) is
/// `X.1`, the third `X.2`.
fn deduplicated_names(concepts: &[BookConcept]) -> Vec<String> {
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    concepts
        .iter()
        .map(|concept| {
            let count = seen.entry(normalize_header(&concept.header)).or_insert(0);
            let name = if *count == 0 {
                concept.header.clone()
            } else {
                format!("{}.{}", concept.header, count)
            };
            *count += 1;
            name
        })
        .collect()
}

fn planted(
    kind: DiscrepancyKind,
    rut: Rut,
    concept: Option<String>,
    event_date: Option<Date>,
) -> PlantedDiscrepancy {
    PlantedDiscrepancy {
        kind,
        rut,
        concept,
        event_date,
    }
}

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

fn make_people(options: &GeneratorOptions, n_only_in_changes: usize) -> Vec<Person> {
    let n_people = options.n_employees + n_only_in_changes;
    let mut rng = Rng::keyed(options.seed, stream::PEOPLE, 0);
    // Increasing numbers with a random offset inside each stride: unique without a set.
    let span: u64 = 20_000_000;
    let stride = (span / n_people.max(1) as u64).max(1);
    let mut people: Vec<Person> = (0..n_people as u64)
        .map(|idx| {
            let number = 5_000_000 + idx * stride + rng.below(stride);
            Person {
                rut: Rut::from_number(u32::try_from(number).expect("RUT numbers stay below 4e9")),
                first_name: rng.pick(catalog::FIRST_NAMES),
                paternal_surname: rng.pick(catalog::SURNAMES),
                maternal_surname: rng.pick(catalog::SURNAMES),
                position: rng.pick(catalog::POSITIONS),
                cost_center: rng.pick(catalog::COST_CENTERS),
                branch: rng.pick(catalog::BRANCHES),
            }
        })
        .collect();
    rng.shuffle(&mut people);
    people
}

pub(crate) fn build(options: &GeneratorOptions) -> Plan {
    let n_book = options.n_employees;
    let n_only_in_changes = role_count(n_book, 10);
    let people = make_people(options, n_only_in_changes);
    let concepts = catalog::book_concepts(options.n_concepts);
    let concept_names = deduplicated_names(&concepts);
    let mut plan = Plan {
        seed: options.seed,
        period: options.period,
        people,
        n_book,
        concepts,
        concept_names,
        changes_columns: Vec::new(),
        changes_rows: Vec::new(),
        movements: Vec::new(),
        analyst_hires: Vec::new(),
        analyst_terminations: Vec::new(),
        absences: Vec::new(),
        analyst_absences: Vec::new(),
        vacations: Vec::new(),
        salary_changes: Vec::new(),
        planted_changes: Vec::new(),
        planted_zero_is_novelty: Vec::new(),
        planted_hires: Vec::new(),
        planted_terminations: Vec::new(),
        planted_absences: Vec::new(),
    };
    plan_changes(&mut plan);
    plan_movements(&mut plan);
    plan_absences(&mut plan);
    plan_other_sheets(&mut plan);
    plan
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChangesRole {
    Clean,
    BaseSalaryDiffers,
    ConceptDiffers,
}

fn plan_changes(plan: &mut Plan) {
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

/// Hands out distinct libro employees for movement roles.
struct Roster {
    order: Vec<usize>,
    next: usize,
}

impl Roster {
    fn new(rng: &mut Rng, n_book: usize) -> Roster {
        let mut order: Vec<usize> = (0..n_book).collect();
        rng.shuffle(&mut order);
        Roster { order, next: 0 }
    }

    fn take(&mut self) -> Option<usize> {
        let person_idx = self.order.get(self.next).copied();
        self.next += 1;
        person_idx
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventRole {
    Matched,
    NotReported,
    DateDiffers,
    NotInMovements,
}

fn plan_movements(plan: &mut Plan) {
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

fn plan_absences(plan: &mut Plan) {
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

fn plan_other_sheets(plan: &mut Plan) {
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

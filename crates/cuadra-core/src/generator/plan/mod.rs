//! The abstract closing: who is in which file with which values and events, and the
//! discrepancies that docs/rules.md derives from it. Writers turn a plan into bytes.
//!
//! Every discrepancy is planted on purpose; everything else is built so that the rules find
//! nothing: novedades repeat the libro's amount, each RUT has at most one hire or
//! termination, and absences of one RUT never overlap on the same side.
//!
//! Cut by file: `changes` plans novedades, `movements` the altas/bajas and the counted
//! sheets, `absences` both sides' ausentismos; this module holds the plan's types, the
//! people and the helpers they share.

mod absences;
mod changes;
mod movements;

use crate::discrepancy::DiscrepancyKind;
use crate::model::Period;
use crate::values::date::Date;
use crate::values::rut::Rut;
use crate::values::text::normalize_header;

use super::catalog::{self, BookConcept, ConceptKind};
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
    pub(crate) const TYPOS: u64 = 8;
}

#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub(crate) rut: Rut,
    pub(crate) first_name: &'static str,
    /// A second given name (`Juan Ignacio`), drawn only with distinct names.
    pub(crate) second_name: Option<&'static str>,
    pub(crate) paternal_surname: &'static str,
    pub(crate) maternal_surname: &'static str,
    pub(crate) position: &'static str,
    pub(crate) cost_center: &'static str,
    pub(crate) branch: &'static str,
    /// The RUT exactly as an analyst's file writes it, for a planted typo (`rut` is then the
    /// key the readers make of this text); `None` writes `rut` in one of the usual shapes.
    pub(crate) typed: Option<String>,
}

impl Person {
    /// What the `Nombre` column holds: `Juan` or `Juan Ignacio`.
    pub(crate) fn given_names(&self) -> String {
        match self.second_name {
            Some(second) => format!("{} {second}", self.first_name),
            None => self.first_name.to_string(),
        }
    }

    pub(crate) fn full_name(&self) -> String {
        format!(
            "{} {} {}",
            self.given_names(),
            self.paternal_surname,
            self.maternal_surname
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
                second_name: None,
                paternal_surname: rng.pick(catalog::SURNAMES),
                maternal_surname: rng.pick(catalog::SURNAMES),
                position: rng.pick(catalog::POSITIONS),
                cost_center: rng.pick(catalog::COST_CENTERS),
                branch: rng.pick(catalog::BRANCHES),
                typed: None,
            }
        })
        .collect();
    rng.shuffle(&mut people);
    if options.rut_typos > 0 {
        give_distinct_names(&mut people, &mut rng);
    }
    people
}

/// With RUT typos planted, every person gets a name no one else has (up to 330,336 people),
/// so that "a different RUT with the same name" means the same person and a test can call
/// any other suggestion false. The catalogue's 41,472 first × paternal × maternal names
/// repeat far more often at 20,000 employees than real Chilean full names do; two given
/// names and the two surnames as unordered pairs (a name is compared with its words in any
/// order) give 496 × 666 distinct names. Drawn after the other columns, so those stay as
/// they are without typos.
fn give_distinct_names(people: &mut [Person], rng: &mut Rng) {
    let pairs = |n: usize, repeat: bool| -> Vec<(usize, usize)> {
        (0..n)
            .flat_map(|i| (if repeat { i } else { i + 1 }..n).map(move |j| (i, j)))
            .collect()
    };
    let given = pairs(catalog::FIRST_NAMES.len(), false);
    let surnames = pairs(catalog::SURNAMES.len(), true);
    let n_names = (given.len() * surnames.len()) as u64;
    // An affine map `idx → (a·idx + b) mod n` with `a` coprime to `n` is a permutation.
    let gcd = |mut x: u64, mut y: u64| {
        while y != 0 {
            (x, y) = (y, x % y);
        }
        x
    };
    let mut multiplier = n_names / 3 + rng.below(n_names / 3);
    while gcd(multiplier, n_names) != 1 {
        multiplier += 1;
    }
    let offset = rng.below(n_names);
    for (idx, person) in people.iter_mut().enumerate() {
        let name_idx = ((idx as u64 % n_names) * multiplier + offset) % n_names;
        let (first, second) = given[(name_idx % given.len() as u64) as usize];
        let (paternal, maternal) = surnames[(name_idx / given.len() as u64) as usize];
        person.first_name = catalog::FIRST_NAMES[first];
        person.second_name = Some(catalog::FIRST_NAMES[second]);
        let (paternal, maternal) = if rng.chance(500) {
            (maternal, paternal)
        } else {
            (paternal, maternal)
        };
        person.paternal_surname = catalog::SURNAMES[paternal];
        person.maternal_surname = catalog::SURNAMES[maternal];
    }
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
    changes::plan_changes(&mut plan);
    movements::plan_movements(&mut plan);
    absences::plan_absences(&mut plan);
    movements::plan_other_sheets(&mut plan);
    plan
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

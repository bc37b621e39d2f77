//! A deterministic synthetic closing: the six files plus the discrepancies planted in them.
//!
//! `generate` builds an abstract closing from a seed (`plan`), then writes it in the shapes
//! the real exports have (`files`): Talana's libro with duplicated headers and a total row,
//! the analyst's novedades with "no novelty" markers, Movimientos with titled sheets and an
//! unrelated sheet, the three analyst files (xlsx, or `;` Windows-1252 CSV). The planted
//! list is exactly what docs/rules.md finds with default settings and the automatic mapping, so a
//! round trip through the readers and both comparisons must reproduce it.
//!
//! The PRNG is our own SplitMix64, not `rand`: a seed means the same bytes forever.

mod catalog;
pub mod corpus;
mod files;
mod plan;
pub mod raw_zip;
mod rng;
mod table;
mod typos;

use serde::Serialize;

use crate::discrepancy::{DiscrepancyIdentity, DiscrepancyKind, SuggestionReason};
use crate::model::{Period, Slot};
use crate::values::date::Date;
use crate::values::rut::Rut;

/// What to generate. `Default` is a 133-employee closing (the reference size of the
/// original system) for 2025-03, company 76.123.456-0, with all six files as xlsx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratorOptions {
    pub seed: u64,
    /// Libro employees; at most [`GeneratorOptions::MAX_EMPLOYEES`].
    pub n_employees: usize,
    /// Libro concept columns (after the 7 identification columns); at least 13 so the
    /// duplicated headers and `Cargo` are present, typically 20, up to 80 or more.
    pub n_concepts: usize,
    pub period: Period,
    pub company_rut: Rut,
    /// Write the novedades file (optional in the product).
    pub include_payroll_changes: bool,
    pub include_analyst_hires: bool,
    pub include_analyst_terminations: bool,
    pub include_analyst_absences: bool,
    /// Write the three analyst files as `;`-separated Windows-1252 CSV instead of xlsx.
    pub csv_analyst_files: bool,
    /// The libro tells no period: its `Año`/`Mes` cells are blank and its name has no
    /// `YYYYMM_` prefix (`libro_remuneraciones_761234560.xlsx`). The other files' names
    /// still tell it, so the closing's period comes from them.
    pub payroll_book_without_period: bool,
    /// Two more fixed-term `BAJA`s in Movimientos that the analyst did not report: one on
    /// the period's last day and one on the last day of the month before (registered late).
    /// With `excluir_plazo_fijo` on, only the first is excluded when the period is known,
    /// both when it is not, so the closing's period rule shows in the result.
    pub fixed_term_terminations_around_period: bool,
    /// RUT typos planted in each analyst file included (novedades, Ingresos, Finiquitos,
    /// Ausentismos), the five kinds of [`SuggestionReason`] in turn, each recorded in
    /// [`GeneratedClosing::planted_typos`]. With any, every person also gets a distinct
    /// name (two given names), so that a "same name" suggestion can only be a planted one.
    pub rut_typos: usize,
    /// Write novedades in long form: one row per novelty (`RUT`, `Nombre`, `Concepto`,
    /// `Monto`) instead of one column per concept; the same data, so the same result.
    pub long_form_payroll_changes: bool,
}

impl GeneratorOptions {
    /// Excel's row limit minus the header and total rows, with room to spare.
    pub const MAX_EMPLOYEES: usize = 1_000_000;

    /// Default options with another seed and size.
    pub fn sized(seed: u64, n_employees: usize) -> GeneratorOptions {
        GeneratorOptions {
            seed,
            n_employees,
            ..GeneratorOptions::default()
        }
    }
}

impl Default for GeneratorOptions {
    fn default() -> GeneratorOptions {
        GeneratorOptions {
            seed: 2025,
            n_employees: 133,
            n_concepts: 20,
            period: Period {
                year: 2025,
                month: 3,
            },
            company_rut: Rut::from_number(76_123_456),
            include_payroll_changes: true,
            include_analyst_hires: true,
            include_analyst_terminations: true,
            include_analyst_absences: true,
            csv_analyst_files: false,
            payroll_book_without_period: false,
            fixed_term_terminations_around_period: false,
            rut_typos: 0,
            long_form_payroll_changes: false,
        }
    }
}

/// One generated input file: what the user would drop into `slot`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub slot: Slot,
    /// `202503_libro_remuneraciones_761234560.xlsx`, …
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A discrepancy the generator put into the files on purpose: the identity the engine's
/// discrepancy must have (`Discrepancy::identity`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PlantedDiscrepancy {
    pub kind: DiscrepancyKind,
    pub rut: Rut,
    /// Exactly `{novedades header} → {libro concept}` for the concept types.
    pub concept: Option<String>,
    /// Hire/termination date; absence start (movimientos side; for
    /// `ausencia_no_en_movimientos` the analyst's start).
    pub event_date: Option<Date>,
}

impl PlantedDiscrepancy {
    pub fn identity(&self) -> DiscrepancyIdentity {
        DiscrepancyIdentity {
            kind: self.kind,
            rut: self.rut,
            concept: self.concept.clone(),
            event_date: self.event_date,
        }
    }
}

/// A RUT the generator mistyped on purpose in an analyst's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlantedTypo {
    /// The analyst file that carries it.
    pub slot: Slot,
    /// The employee's real RUT (in the libro or Movimientos).
    pub true_rut: Rut,
    /// The key the readers make of the typed text.
    pub typed_rut: Rut,
    /// The cell as written (`12345778-5`, `12345678`, …).
    pub typed_text: String,
    /// The kind of typo, which is the `motivo` a suggestion should give.
    pub reason: SuggestionReason,
}

/// A generated closing and what the comparisons must find in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedClosing {
    pub period: Period,
    pub company_rut: Rut,
    /// In slot order; only the slots the options include.
    pub files: Vec<GeneratedFile>,
    /// Exactly the discrepancies of docs/rules.md with default settings and the automatic mapping,
    /// in the report order (group, type, RUT, concept or event date).
    pub planted: Vec<PlantedDiscrepancy>,
    /// The extra `empleado_solo_libro` discrepancies when "report employees only in libro"
    /// is on: libro employees absent from novedades, by RUT. Empty without novedades.
    pub planted_only_in_payroll: Vec<PlantedDiscrepancy>,
    /// The extra discrepancies when "a 0 in novedades is a novelty" is on: each `0` written
    /// in a mapped novedades column of a libro employee whose libro amount is not 0.
    pub planted_zero_is_novelty: Vec<PlantedDiscrepancy>,
    /// The RUT typos planted ([`GeneratorOptions::rut_typos`]), in the order planted. Their
    /// discrepancies are in `planted` like any other.
    pub planted_typos: Vec<PlantedTypo>,
}

impl GeneratedClosing {
    pub fn file(&self, slot: Slot) -> Option<&GeneratedFile> {
        self.files.iter().find(|file| file.slot == slot)
    }

    /// How many planted discrepancies of one kind (`planted` only).
    pub fn count(&self, kind: DiscrepancyKind) -> usize {
        self.planted
            .iter()
            .filter(|planted| planted.kind == kind)
            .count()
    }
}

/// `202503_<kind>_761234560.<extension>`: the naming pattern the readers take the period
/// and client RUT from.
pub fn file_name(period: Period, company_rut: Rut, slot: Slot, extension: &str) -> String {
    let kind = match slot {
        Slot::PayrollBook => "libro_remuneraciones",
        Slot::PayrollChanges
        | Slot::MonthlyMovements
        | Slot::AnalystHires
        | Slot::AnalystTerminations
        | Slot::AnalystAbsences => slot.id(),
    };
    format!(
        "{:04}{:02}_{kind}_{}{}.{extension}",
        period.year, period.month, company_rut.number, company_rut.check_digit
    )
}

/// See [`GeneratorOptions::fixed_term_terminations_around_period`]. The two `BAJA`s go to
/// the last libro employees with no hire or termination on either side, so each RUT keeps
/// at most one movement and nothing else about them changes.
fn add_fixed_term_terminations(plan: &mut plan::Plan) {
    let busy: std::collections::BTreeSet<usize> = plan
        .movements
        .iter()
        .map(|event| event.person_idx)
        .chain(plan.analyst_hires.iter().map(|row| row.person_idx))
        .chain(plan.analyst_terminations.iter().map(|row| row.person_idx))
        .collect();
    let free: Vec<usize> = (0..plan.n_book)
        .rev()
        .filter(|person_idx| !busy.contains(person_idx))
        .take(2)
        .collect();
    let period = plan.period;
    let first_day = Date::new(period.year, period.month, 1).expect("day 1 exists in every month");
    let last_day = Date::new(period.year, period.month, plan::last_day(period))
        .expect("last_day is a day of the month");
    let dates = [last_day, plan::add_days(first_day, -1)];
    for (person_idx, date) in free.into_iter().zip(dates) {
        plan.movements.push(plan::MovementEvent {
            person_idx,
            is_hire: false,
            date,
            other_date: None,
            contract_type: "Plazo Fijo",
            reason: Some("Vencimiento del plazo convenido"),
            base_salary: 1_000_000,
        });
        plan.planted_terminations.push(PlantedDiscrepancy {
            kind: DiscrepancyKind::TerminationNotReported,
            rut: plan.people[person_idx].rut,
            concept: None,
            event_date: Some(date),
        });
    }
}

fn sort_planted(planted: &mut [PlantedDiscrepancy]) {
    planted.sort_by(|a, b| {
        (
            a.kind.group(),
            a.kind,
            a.rut.number,
            a.rut.check_digit,
            &a.concept,
            a.event_date,
        )
            .cmp(&(
                b.kind.group(),
                b.kind,
                b.rut.number,
                b.rut.check_digit,
                &b.concept,
                b.event_date,
            ))
    });
}

/// Builds a synthetic closing. Pure and deterministic: the same options give the same bytes.
///
/// # Panics
/// When `n_employees` exceeds [`GeneratorOptions::MAX_EMPLOYEES`] (a sheet cannot hold it).
pub fn generate(options: &GeneratorOptions) -> GeneratedClosing {
    assert!(
        options.n_employees <= GeneratorOptions::MAX_EMPLOYEES,
        "n_employees {} exceeds {}",
        options.n_employees,
        GeneratorOptions::MAX_EMPLOYEES
    );
    let mut plan = plan::build(options);
    if options.fixed_term_terminations_around_period {
        add_fixed_term_terminations(&mut plan);
    }
    let planted_typos = typos::plant(&mut plan, options);
    let period = options.period;
    let company_rut = options.company_rut;
    let name = |slot, extension| file_name(period, company_rut, slot, extension);

    let book_name = name(Slot::PayrollBook, "xlsx");
    let book_name = match book_name.split_once('_') {
        // `202503_libro_remuneraciones_761234560.xlsx` without its period part.
        Some((_, rest)) if options.payroll_book_without_period => rest.to_string(),
        _ => book_name,
    };
    let mut files = vec![GeneratedFile {
        slot: Slot::PayrollBook,
        file_name: book_name,
        bytes: files::payroll_book(
            &plan,
            &company_rut.dotted(),
            !options.payroll_book_without_period,
        ),
    }];
    if options.include_payroll_changes {
        let sheet = if options.long_form_payroll_changes {
            files::payroll_changes_long(&plan)
        } else {
            files::payroll_changes(&plan)
        };
        files.push(GeneratedFile {
            slot: Slot::PayrollChanges,
            file_name: name(Slot::PayrollChanges, "xlsx"),
            bytes: table::tables_to_xlsx(period, &[sheet]),
        });
    }
    files.push(GeneratedFile {
        slot: Slot::MonthlyMovements,
        file_name: name(Slot::MonthlyMovements, "xlsx"),
        bytes: files::monthly_movements(&plan),
    });
    let analyst = [
        (
            Slot::AnalystHires,
            options.include_analyst_hires,
            files::analyst_hires as fn(&plan::Plan) -> table::Table,
        ),
        (
            Slot::AnalystTerminations,
            options.include_analyst_terminations,
            files::analyst_terminations,
        ),
        (
            Slot::AnalystAbsences,
            options.include_analyst_absences,
            files::analyst_absences,
        ),
    ];
    for (slot, included, build_table) in analyst {
        if !included {
            continue;
        }
        let sheet = build_table(&plan);
        let (extension, bytes) = if options.csv_analyst_files {
            ("csv", table::table_to_csv(&sheet))
        } else {
            ("xlsx", table::tables_to_xlsx(period, &[sheet]))
        };
        files.push(GeneratedFile {
            slot,
            file_name: name(slot, extension),
            bytes,
        });
    }

    let mut planted = Vec::new();
    let mut planted_only_in_payroll = Vec::new();
    let mut planted_zero_is_novelty = Vec::new();
    if options.include_payroll_changes {
        planted.extend(plan.planted_changes.iter().cloned());
        planted_zero_is_novelty = plan.planted_zero_is_novelty.clone();
        let listed: std::collections::BTreeSet<usize> =
            plan.changes_rows.iter().map(|row| row.person_idx).collect();
        planted_only_in_payroll = (0..plan.n_book)
            .filter(|person_idx| !listed.contains(person_idx))
            .map(|person_idx| PlantedDiscrepancy {
                kind: DiscrepancyKind::EmployeeOnlyInPayroll,
                rut: plan.people[person_idx].rut,
                concept: None,
                event_date: None,
            })
            .collect();
    }
    // A missing analyst file means "not reported": every movimientos event of its kind is
    // then `*_no_reportado` and nothing else of that kind can be found.
    let not_reported = |kind: DiscrepancyKind, events: Vec<(usize, Date)>| {
        events
            .into_iter()
            .map(|(person_idx, date)| PlantedDiscrepancy {
                kind,
                rut: plan.people[person_idx].rut,
                concept: None,
                event_date: Some(date),
            })
            .collect::<Vec<_>>()
    };
    let movement_dates = |is_hire: bool| {
        plan.movements
            .iter()
            .filter(|event| event.is_hire == is_hire)
            .map(|event| (event.person_idx, event.date))
            .collect::<Vec<_>>()
    };
    if options.include_analyst_hires {
        planted.extend(plan.planted_hires.iter().cloned());
    } else {
        planted.extend(not_reported(
            DiscrepancyKind::HireNotReported,
            movement_dates(true),
        ));
    }
    if options.include_analyst_terminations {
        planted.extend(plan.planted_terminations.iter().cloned());
    } else {
        planted.extend(not_reported(
            DiscrepancyKind::TerminationNotReported,
            movement_dates(false),
        ));
    }
    if options.include_analyst_absences {
        planted.extend(plan.planted_absences.iter().cloned());
    } else {
        let starts = plan
            .absences
            .iter()
            .map(|absence| (absence.person_idx, absence.start))
            .collect();
        planted.extend(not_reported(DiscrepancyKind::AbsenceNotReported, starts));
    }
    sort_planted(&mut planted);
    sort_planted(&mut planted_only_in_payroll);
    sort_planted(&mut planted_zero_is_novelty);

    GeneratedClosing {
        period,
        company_rut,
        files,
        planted,
        planted_only_in_payroll,
        planted_zero_is_novelty,
        planted_typos,
    }
}

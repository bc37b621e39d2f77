//! The pipeline's rules: slot routing, what a run needs, the closing's period and RUT, and
//! a whole reconciliation of generated closings.

use super::*;
use crate::discrepancy::{DiscrepancyIdentity, DiscrepancyKind, Group};
use crate::generator::{generate, GeneratedClosing, GeneratorOptions};
use crate::model::{missing_inputs, FileNameInfo, MissingInput};
use crate::values::date::Date;
use crate::values::rut::Rut;

fn sources(closing: &GeneratedClosing) -> impl Iterator<Item = SourceFile<'_>> {
    closing.files.iter().map(|file| SourceFile {
        slot: file.slot,
        name: &file.file_name,
        bytes: &file.bytes,
    })
}

fn identities(document: &ResultDocument) -> Vec<DiscrepancyIdentity> {
    document
        .discrepancies
        .iter()
        .map(Discrepancy::identity)
        .collect()
}

fn planted(closing: &GeneratedClosing) -> Vec<DiscrepancyIdentity> {
    closing.planted.iter().map(|p| p.identity()).collect()
}

#[test]
fn every_slot_has_one_group_and_the_groups_split_the_slots() {
    let mut from_groups: Vec<Slot> = Group::ALL.into_iter().flat_map(Group::slots).collect();
    from_groups.sort();
    assert_eq!(from_groups, Slot::ALL.to_vec());
    assert_eq!(
        Group::PayrollVsChanges.slots().collect::<Vec<_>>(),
        vec![Slot::PayrollBook, Slot::PayrollChanges]
    );
    let analyst: Vec<Slot> = Slot::ALL
        .into_iter()
        .filter(|slot| slot.requirement() == Some(MissingInput::AnalystFile))
        .collect();
    assert_eq!(analyst, Slot::ANALYST.to_vec());
    assert!(Slot::ANALYST
        .iter()
        .all(|slot| slot.group() == Group::MovementsVsAnalyst));
}

#[test]
fn a_run_needs_the_libro_movimientos_and_one_analyst_file() {
    let loaded = |slots: &'static [Slot]| move |slot: Slot| slots.contains(&slot);
    assert_eq!(
        missing_inputs(loaded(&[])),
        vec![
            MissingInput::PayrollBook,
            MissingInput::MonthlyMovements,
            MissingInput::AnalystFile
        ]
    );
    assert_eq!(
        missing_inputs(loaded(&[Slot::PayrollChanges, Slot::AnalystAbsences])),
        vec![MissingInput::PayrollBook, MissingInput::MonthlyMovements]
    );
    assert_eq!(
        missing_inputs(loaded(&[Slot::PayrollBook, Slot::MonthlyMovements])),
        vec![MissingInput::AnalystFile]
    );
    for analyst in Slot::ANALYST {
        let slots = [Slot::PayrollBook, Slot::MonthlyMovements, analyst];
        assert!(missing_inputs(|slot| slots.contains(&slot)).is_empty());
    }
}

/// Facts of a file that tells `period`/`rut` by its content and `name_period`/`name_rut`
/// by its name.
fn facts(
    slot: Slot,
    content: (Option<&str>, Option<u32>),
    name: (Option<&str>, Option<u32>),
) -> FileFacts {
    let period = |text: Option<&str>| text.and_then(Period::parse);
    let rut = |number: Option<u32>| number.map(Rut::from_number);
    FileFacts {
        summary: InputSummary {
            slot,
            file_name: format!("{}.xlsx", slot.id()),
            sha256: String::new(),
            sheets: Vec::new(),
            n_rows: 0,
            n_rows_skipped: 0,
            name_info: FileNameInfo {
                period: period(name.0),
                company_rut: rut(name.1),
            },
            name_warning: None,
            warnings: Vec::new(),
            notes: Vec::new(),
        },
        concepts: Vec::new(),
        columns: Vec::new(),
        period: period(content.0).or(period(name.0)),
        company_rut: rut(content.1).or(rut(name.1)),
    }
}

#[test]
fn the_closing_is_the_first_file_in_slot_order_that_tells_it() {
    let book = facts(
        Slot::PayrollBook,
        (Some("2025-03"), None),
        (Some("2025-01"), None),
    );
    let changes = facts(Slot::PayrollChanges, (None, None), (Some("2025-02"), None));
    let movements = facts(
        Slot::MonthlyMovements,
        (None, None),
        (Some("2025-04"), Some(76_123_456)),
    );
    let absences = facts(
        Slot::AnalystAbsences,
        (None, None),
        (Some("2025-05"), Some(11_111_111)),
    );
    // The libro's cells win over every name, its own included; the RUT is taken on its
    // own, from the first file that tells one. The order the facts come in does not count.
    let closing = closing_of([&absences, &movements, &changes, &book]);
    assert_eq!(closing.period, Period::parse("2025-03"));
    assert_eq!(closing.company_rut, Some(Rut::from_number(76_123_456)));
    let book_by_name = facts(Slot::PayrollBook, (None, None), (Some("2025-01"), None));
    let closing = closing_of([&movements, &book_by_name, &changes]);
    assert_eq!(closing.period, Period::parse("2025-01"));
    let silent_book = facts(Slot::PayrollBook, (None, None), (None, None));
    let closing = closing_of([&movements, &silent_book, &changes]);
    assert_eq!(closing.period, Period::parse("2025-02"), "novedades' name");
    assert_eq!(closing_of([&silent_book]), ClosingInfo::default());
}

#[test]
fn a_generated_closing_reconciles_to_its_planted_discrepancies() {
    for options in [
        GeneratorOptions::sized(5, 120),
        GeneratorOptions {
            include_payroll_changes: false,
            include_analyst_terminations: false,
            csv_analyst_files: true,
            ..GeneratorOptions::sized(6, 90)
        },
    ] {
        let closing = generate(&options);
        let inputs = ClosingInputs::read(sources(&closing)).expect("generated files read");
        let document = reconcile(&inputs, &Settings::default());
        assert_eq!(identities(&document), planted(&closing), "{options:?}");
        let slots: Vec<Slot> = document.inputs.iter().map(|entry| entry.slot).collect();
        let given: Vec<Slot> = closing.files.iter().map(|file| file.slot).collect();
        assert_eq!(slots, given, "entradas in slot order, one per file");
        assert_eq!(document.closing.period, Some(closing.period));
        assert_eq!(document.closing.company_rut, Some(closing.company_rut));
    }
}

/// The period case of issue 9: the libro tells no period, movimientos' name does, and the
/// fixed-term exclusion only skips the `BAJA` that ends inside that month.
#[test]
fn without_a_period_in_the_libro_the_other_names_give_it() {
    let closing = generate(&GeneratorOptions {
        payroll_book_without_period: true,
        fixed_term_terminations_around_period: true,
        ..GeneratorOptions::sized(7, 100)
    });
    let inputs = ClosingInputs::read(sources(&closing)).expect("generated files read");
    let book_facts = &inputs.facts[0];
    assert_eq!(book_facts.slot(), Slot::PayrollBook);
    assert_eq!(book_facts.period, None, "the libro tells no period");
    assert_eq!(book_facts.company_rut, Some(closing.company_rut));
    let defaults = reconcile(&inputs, &Settings::default());
    assert_eq!(identities(&defaults), planted(&closing));
    assert_eq!(defaults.closing.period, Some(closing.period));

    let exclude = Settings {
        exclude_fixed_term: true,
        ..Settings::default()
    };
    let not_reported = |document: &ResultDocument| -> Vec<Option<Date>> {
        document
            .discrepancies
            .iter()
            .filter(|d| d.kind == DiscrepancyKind::TerminationNotReported)
            .map(|d| d.event_date)
            .collect()
    };
    let excluded = reconcile(&inputs, &exclude);
    let february = Date::new(2025, 2, 28);
    let march_end = Date::new(2025, 3, 31);
    assert!(not_reported(&excluded).contains(&february));
    assert!(not_reported(&defaults).contains(&march_end));
    assert!(
        not_reported(&excluded).len() < not_reported(&defaults).len(),
        "the fixed-term BAJA of March is excluded"
    );
    // Without any period every fixed-term BAJA counts as "ending this month": one fewer.
    let plan = plan(&inputs.facts, &exclude);
    let without_period = RunParameters {
        period: None,
        ..plan.parameters.clone()
    };
    let count = |parameters: &RunParameters| {
        run_movements_vs_analyst(&inputs.monthly_movements, &inputs.analyst, parameters)
            .discrepancies
            .iter()
            .filter(|d| d.kind == DiscrepancyKind::TerminationNotReported)
            .count()
    };
    assert_eq!(count(&without_period) + 1, count(&plan.parameters));
}

#[test]
fn reading_reports_a_missing_input_before_an_unusable_file() {
    let closing = generate(&GeneratorOptions::sized(8, 30));
    let garbage = SourceFile {
        slot: Slot::PayrollBook,
        name: "libro.xlsx",
        bytes: b"PK\x03\x04 not a workbook",
    };
    let movements = sources(&closing)
        .find(|file| file.slot == Slot::MonthlyMovements)
        .expect("movimientos");
    assert_eq!(
        ClosingInputs::read([garbage, movements]),
        Err(ReadFailure::Missing(MissingInput::AnalystFile))
    );
    let mut files: Vec<SourceFile<'_>> = sources(&closing)
        .filter(|file| file.slot != Slot::PayrollBook)
        .collect();
    files.push(garbage);
    match ClosingInputs::read(files) {
        Err(ReadFailure::Unusable { slot, error }) => {
            assert_eq!(slot, Slot::PayrollBook);
            assert_eq!(error.file, "libro.xlsx");
        }
        other => panic!("expected the libro to be unusable, got {other:?}"),
    }
}

#[test]
fn the_plan_records_the_mapping_the_run_uses() {
    let closing = generate(&GeneratorOptions::sized(9, 40));
    let inputs = ClosingInputs::read(sources(&closing)).expect("generated files read");
    let changes = inputs.payroll_changes.as_ref().expect("novedades");
    let first = changes.concepts[0].clone();
    let settings = Settings {
        mapping: [(first.clone(), None)].into(),
        ..Settings::default()
    };
    let plan = plan(&inputs.facts, &settings);
    assert_eq!(
        plan.parameters.settings, settings,
        "sent as the user gave them"
    );
    assert_eq!(plan.recorded_settings.mapping.len(), changes.concepts.len());
    assert_eq!(plan.recorded_settings.mapping[&first], None);
    let document = reconcile(&inputs, &settings);
    assert_eq!(document.settings, plan.recorded_settings);
}

#[test]
fn a_preset_closing_wins_over_the_files_field_by_field() {
    let book = facts(
        Slot::PayrollBook,
        (Some("2025-03"), Some(76_123_456)),
        (None, None),
    );
    let movements = facts(
        Slot::MonthlyMovements,
        (None, None),
        (Some("2025-04"), None),
    );
    let preset = ClosingInfo {
        period: Period::parse("2025-02"),
        company_rut: None,
    };
    let closing = closing_with_preset(&preset, [&movements, &book]);
    assert_eq!(
        closing.period,
        Period::parse("2025-02"),
        "the preset's period"
    );
    assert_eq!(
        closing.company_rut,
        Some(Rut::from_number(76_123_456)),
        "the preset gives no RUT: the libro's"
    );
    let rut_only = ClosingInfo {
        period: None,
        company_rut: Some(Rut::from_number(11_111_111)),
    };
    let closing = closing_with_preset(&rut_only, [&movements, &book]);
    assert_eq!(closing.period, Period::parse("2025-03"));
    assert_eq!(closing.company_rut, Some(Rut::from_number(11_111_111)));
    // No file needed: a preset alone names the closing; no preset is `closing_of`.
    assert_eq!(closing_with_preset(&preset, []), preset);
    assert_eq!(
        closing_with_preset(&ClosingInfo::default(), [&movements, &book]),
        closing_of([&movements, &book])
    );
}

/// An embedding portal presets the closing: its period is the document's `cierre` and the
/// month the fixed-term exclusion looks at, whatever the files' cells and names tell.
#[test]
fn a_preset_period_is_the_cierre_and_the_month_of_the_fixed_term_exclusion() {
    let closing = generate(&GeneratorOptions {
        fixed_term_terminations_around_period: true,
        ..GeneratorOptions::sized(7, 100)
    });
    assert_eq!(closing.period, Period::parse("2025-03").expect("a period"));
    let inputs = ClosingInputs::read(sources(&closing)).expect("generated files read");
    let settings = Settings {
        exclude_fixed_term: true,
        ..Settings::default()
    };
    let preset = ClosingInfo {
        period: Period::parse("2025-02"),
        company_rut: Some(Rut::from_number(99_999_999)),
    };
    let run = |preset: &ClosingInfo| {
        let plan = plan_with_preset(&inputs.facts, &settings, preset);
        let payroll = run_payroll_vs_changes(
            &inputs.payroll_book,
            inputs.payroll_changes.as_ref(),
            &plan.parameters,
        );
        let movements =
            run_movements_vs_analyst(&inputs.monthly_movements, &inputs.analyst, &plan.parameters);
        let ok = |result| WorkerOutcome::Ok { result, ms: 0.0 };
        finish(&plan, ok(payroll), ok(movements), &[])
    };
    let not_reported = |document: &ResultDocument| -> Vec<Option<Date>> {
        document
            .discrepancies
            .iter()
            .filter(|d| d.kind == DiscrepancyKind::TerminationNotReported)
            .map(|d| d.event_date)
            .collect()
    };
    let (february_end, march_end) = (Date::new(2025, 2, 28), Date::new(2025, 3, 31));

    let told = run(&ClosingInfo::default());
    assert_eq!(told.closing.period, Period::parse("2025-03"));
    assert!(not_reported(&told).contains(&february_end));
    assert!(
        !not_reported(&told).contains(&march_end),
        "March's is excluded"
    );

    let preset_run = run(&preset);
    assert_eq!(
        preset_run.closing, preset,
        "the document's cierre is the preset"
    );
    assert!(
        not_reported(&preset_run).contains(&march_end),
        "in a February closing the March BAJA does not end this month"
    );
    assert!(!not_reported(&preset_run).contains(&february_end));
}

/// A file naming another month or client than the closing the files settle on is
/// pointed out, whichever slot it is in; a file that tells nothing is not.
#[test]
fn files_of_another_period_or_client_are_pointed_out() {
    let book = facts(
        Slot::PayrollBook,
        (Some("2025-03"), Some(76_123_456)),
        (None, None),
    );
    let changes = facts(
        Slot::PayrollChanges,
        (None, None),
        (Some("2025-03"), Some(77_654_321)),
    );
    let movements = facts(
        Slot::MonthlyMovements,
        (None, None),
        (Some("2025-03"), Some(76_123_456)),
    );
    let hires = facts(Slot::AnalystHires, (None, None), (Some("2025-02"), None));
    let silent = facts(Slot::AnalystAbsences, (None, None), (None, None));
    let all = [&hires, &silent, &movements, &changes, &book];
    let closing = closing_of(all);
    assert_eq!(
        other_closings(&closing, all),
        vec![
            OtherClosing {
                slot: Slot::PayrollChanges,
                period: None,
                company_rut: Some(Rut::from_number(77_654_321)),
            },
            OtherClosing {
                slot: Slot::AnalystHires,
                period: Period::parse("2025-02"),
                company_rut: None,
            },
        ]
    );
    assert!(other_closings(&closing, [&book, &movements, &silent]).is_empty());
    assert!(
        other_closings(&ClosingInfo::default(), all).is_empty(),
        "a closing that is not known yet has nothing to disagree with"
    );
}

//! The session's rules, natively: loading and placing files, blockers, runs and their
//! consolidation, staleness.

use super::*;
use crate::protocol::GroupRun;
use crate::protocol::StageTimings;
use crate::ui_text;
use cuadra_core::compare::GroupResult;
use cuadra_core::document::ClosingInfo;
use cuadra_core::values::rut::Rut;
use cuadra_core::Period;

fn inspected() -> Inspection {
    inspected_as(Slot::PayrollBook)
}

/// What a worker answers for a file of `slot` that tells nothing about the closing.
fn inspected_as(slot: Slot) -> Inspection {
    let summary = cuadra_core::InputSummary {
        slot,
        file_name: "x.xlsx".into(),
        sha256: String::new(),
        sheets: vec!["Hoja1".into()],
        n_rows: 3,
        n_rows_skipped: 0,
        name_info: Default::default(),
        name_warning: None,
        warnings: Vec::new(),
        notes: Vec::new(),
    };
    Inspection::Read(Box::new(InspectedFile {
        summary,
        concepts: Vec::new(),
        columns: Vec::new(),
        period: None,
        company_rut: None,
    }))
}

fn load(session: &mut Session, slot: Slot) -> u32 {
    let file = session.add_file(slot, format!("{}.xlsx", slot.id()), 100 + slot as u32);
    session.apply_inspection(file.file_id, slot, inspected_as(slot));
    file.file_id
}

fn group_run(group: Group) -> GroupRun {
    GroupRun {
        group,
        result: GroupResult::default(),
        rows_read: 10,
        timings: StageTimings::default(),
    }
}

#[test]
fn run_is_blocked_until_required_files_are_read() {
    let mut session = Session::default();
    assert_eq!(session.closing_state(), ClosingState::Pending);
    assert_eq!(session.run_blockers().len(), 3);
    load(&mut session, Slot::PayrollBook);
    load(&mut session, Slot::MonthlyMovements);
    assert_eq!(session.closing_state(), ClosingState::LoadingFiles);
    assert_eq!(session.run_blockers(), vec![ui_text::REASON_NEED_ANALYST]);
    let pending = session.add_file(Slot::AnalystHires, "i.xlsx".into(), 1);
    assert_eq!(session.run_blockers(), vec![ui_text::REASON_READING]);
    session.apply_inspection(
        pending.file_id,
        Slot::AnalystHires,
        Inspection::Failed("malo".into()),
    );
    assert_eq!(session.run_blockers(), vec![ui_text::REASON_FILE_ERRORS]);
    load(&mut session, Slot::AnalystHires);
    assert!(session.run_blockers().is_empty());
    assert_eq!(
        session.not_reported_slots(),
        vec![Slot::AnalystTerminations, Slot::AnalystAbsences]
    );
}

/// The same file in two slots (same SHA-256) blocks the run until one is replaced.
#[test]
fn same_file_in_two_slots_blocks_the_run() {
    let mut session = Session::default();
    let with_sha256 = |slot: Slot, sha256: &str| match inspected_as(slot) {
        Inspection::Read(mut facts) => {
            facts.summary.sha256 = sha256.to_string();
            Inspection::Read(facts)
        }
        other => other,
    };
    for (slot, sha256) in [
        (Slot::PayrollBook, "aa"),
        (Slot::PayrollChanges, "aa"),
        (Slot::MonthlyMovements, "bb"),
        (Slot::AnalystHires, "cc"),
    ] {
        let file = session.add_file(slot, format!("{}.xlsx", slot.id()), 100 + slot as u32);
        session.apply_inspection(file.file_id, slot, with_sha256(slot, sha256));
    }
    assert_eq!(session.run_blockers(), vec![ui_text::REASON_SAME_FILE]);
    let file = session.add_file(Slot::PayrollChanges, "otra.xlsx".into(), 200);
    session.apply_inspection(
        file.file_id,
        Slot::PayrollChanges,
        with_sha256(Slot::PayrollChanges, "dd"),
    );
    assert!(session.run_blockers().is_empty());
}

#[test]
fn files_the_worker_holds_are_not_sent_again() {
    let mut session = Session::default();
    let book = load(&mut session, Slot::PayrollBook);
    load(&mut session, Slot::MonthlyMovements);
    let files = session.files_for(Group::PayrollVsChanges, |id| id == book);
    assert_eq!(files.len(), 1, "only the payroll group's files");
    assert_eq!(files[0].content, Content::Cached);
    let files = session.files_for(Group::MovementsVsAnalyst, |_| false);
    assert_eq!(
        files[0].content,
        Content::Attached(100 + Slot::MonthlyMovements as u32)
    );
}

#[test]
fn only_small_files_without_a_telling_name_are_read_for_sniffing() {
    assert!(!needs_sniffing(
        "202503_libro_remuneraciones_761234560.xlsx",
        1000.0
    ));
    assert!(needs_sniffing("archivo1.xlsx", 1000.0));
    assert!(!needs_sniffing("archivo1.xlsx", MAX_SNIFF_BYTES + 1.0));
    // Unread (large) files are placed by name only.
    assert_eq!(
        placement("202503_libro_remuneraciones_761234560.xlsx", None),
        Some(Slot::PayrollBook)
    );
    assert_eq!(placement("archivo1.xlsx", None), None);
    assert_eq!(placement("archivo1.xlsx", Some(b"not a workbook")), None);
}

#[test]
fn the_session_lists_the_sources_it_still_uses() {
    let mut session = Session::default();
    session.add_files(vec![
        named("202503_libro_remuneraciones_761234560.xlsx", 1),
        named("notas.txt", 2),
    ]);
    session.add_file(Slot::PayrollBook, "otro.xlsx".into(), 3);
    assert_eq!(session.sources(), BTreeSet::from([2, 3]));
    session.remove_file(Slot::PayrollBook);
    let notes = session.unplaced[0].unplaced_id;
    session.discard_unplaced(notes);
    assert!(session.sources().is_empty());
}

#[test]
fn stale_inspection_of_a_replaced_file_is_ignored() {
    let mut session = Session::default();
    let first = session.add_file(Slot::PayrollBook, "a.xlsx".into(), 1);
    let second = session.add_file(Slot::PayrollBook, "b.xlsx".into(), 2);
    session.apply_inspection(
        first.file_id,
        Slot::PayrollBook,
        Inspection::Failed("viejo".into()),
    );
    assert_eq!(
        session.files[&Slot::PayrollBook].inspection,
        Inspection::Reading
    );
    session.apply_inspection(second.file_id, Slot::PayrollBook, inspected());
    assert!(session.inspected(Slot::PayrollBook).is_some());
}

#[test]
fn a_run_finishes_when_both_workers_answer_and_ignores_old_runs() {
    let mut session = Session::default();
    for slot in [
        Slot::PayrollBook,
        Slot::MonthlyMovements,
        Slot::AnalystAbsences,
    ] {
        load(&mut session, slot);
    }
    let run_id = session.start_run(0.0).expect("ready");
    assert!(
        session.start_run(1.0).is_err(),
        "no second run while one is in progress"
    );
    assert!(!session.apply_finished(
        run_id + 7,
        Group::PayrollVsChanges,
        Ok(group_run(Group::PayrollVsChanges)),
        5.0
    ));
    assert!(!session.apply_finished(
        run_id,
        Group::PayrollVsChanges,
        Ok(group_run(Group::PayrollVsChanges)),
        5.0
    ));
    assert!(session.is_running());
    assert!(session.fail_running_worker(Group::MovementsVsAnalyst, "se cayó".into(), 9.0));
    let run = session.run.as_ref().expect("run");
    assert_eq!(
        run.worker(Group::MovementsVsAnalyst).outcome,
        Some(Err("se cayó".into()))
    );
    assert_eq!(run.worker(Group::MovementsVsAnalyst).elapsed_ms, Some(9.0));
    let result = session.result().expect("consolidated when both answered");
    assert!(result.incomplete, "a failed worker is never a success");
    assert_eq!(session.closing_state(), ClosingState::WithDiscrepancies);
    session.remove_file(Slot::AnalystAbsences);
    assert!(session.result_stale);
    assert_eq!(session.closing_state(), ClosingState::LoadingFiles);
}

fn named(name: &str, source: SourceId) -> Incoming {
    Incoming {
        name: name.to_string(),
        source,
        sniff: None,
    }
}

#[test]
fn files_given_at_once_go_to_their_slots_by_name() {
    let mut session = Session::default();
    let requests = session.add_files(vec![
        named("202503_libro_remuneraciones_761234560.xlsx", 1),
        named("202503_movimientos_761234560.xlsx", 2),
        named("Finiquitos marzo.csv", 3),
        named("notas.txt", 4),
        named("otro_libro_remuneraciones.xlsx", 5),
    ]);
    let slots: Vec<Slot> = requests.iter().map(|request| request.slot).collect();
    assert_eq!(
        slots,
        vec![
            Slot::PayrollBook,
            Slot::MonthlyMovements,
            Slot::AnalystTerminations
        ]
    );
    // Unknown names and a second libro in the same batch wait for the user.
    let unplaced: Vec<&str> = session.unplaced.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        unplaced,
        vec!["notas.txt", "otro_libro_remuneraciones.xlsx"]
    );
    let second_libro = session.unplaced[1].unplaced_id;
    let request = session
        .place_unplaced(second_libro, Slot::PayrollBook)
        .expect("placed");
    assert_eq!(request.name, "otro_libro_remuneraciones.xlsx");
    assert_eq!(
        request.content,
        Content::Attached(5),
        "the same file, not a copy"
    );
    assert_eq!(session.files[&Slot::PayrollBook].file_id, request.file_id);
    let notes = session.unplaced[0].unplaced_id;
    session.discard_unplaced(notes);
    assert!(session.unplaced.is_empty());
    assert_eq!(session.place_unplaced(notes, Slot::AnalystHires), None);
    // A later batch replaces what an earlier one loaded.
    let requests = session.add_files(vec![named("libro_remuneraciones_abril.xlsx", 6)]);
    assert_eq!(requests.len(), 1);
    assert_eq!(
        session.files[&Slot::PayrollBook].name,
        "libro_remuneraciones_abril.xlsx"
    );
}

#[test]
fn moving_a_file_rereads_it_and_swaps_with_the_occupant() {
    let mut session = Session::default();
    let hires = load(&mut session, Slot::AnalystHires);
    let requests = session.move_file(Slot::AnalystHires, Slot::AnalystTerminations);
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].slot, Slot::AnalystTerminations);
    assert_ne!(requests[0].file_id, hires, "a moved file is read again");
    assert!(!session.files.contains_key(&Slot::AnalystHires));
    assert_eq!(
        session.files[&Slot::AnalystTerminations].inspection,
        Inspection::Reading
    );
    load(&mut session, Slot::PayrollBook);
    let requests = session.move_file(Slot::AnalystTerminations, Slot::PayrollBook);
    let moved: Vec<(Slot, &str)> = requests
        .iter()
        .map(|request| (request.slot, request.name.as_str()))
        .collect();
    assert_eq!(
        moved,
        vec![
            (Slot::PayrollBook, "ingresos.xlsx"),
            (Slot::AnalystTerminations, "libro.xlsx")
        ]
    );
    assert!(session
        .move_file(Slot::AnalystAbsences, Slot::PayrollBook)
        .is_empty());
    assert!(session
        .move_file(Slot::PayrollBook, Slot::PayrollBook)
        .is_empty());
}

#[test]
fn a_run_is_consolidated_under_the_plan_it_started_with() {
    let mut session = Session::default();
    load(&mut session, Slot::PayrollBook);
    load(&mut session, Slot::AnalystHires);
    let movements = session.add_file(Slot::MonthlyMovements, "m.xlsx".into(), 7);
    let Inspection::Read(mut told) = inspected_as(Slot::MonthlyMovements) else {
        unreachable!("inspected_as() reads")
    };
    told.period = Period::parse("2025-03");
    session.apply_inspection(
        movements.file_id,
        Slot::MonthlyMovements,
        Inspection::Read(told),
    );
    // The libro tells no period here: movimientos' name does (the core's one rule).
    assert_eq!(session.period(), Period::parse("2025-03"));
    let run_id = session.start_run(0.0).expect("ready");
    let plan = &session.run.as_ref().expect("started").plan;
    assert_eq!(plan.parameters.period, session.period());
    assert_eq!(plan.parameters.settings, session.settings);
    // An edit while the workers run does not rewrite what this run used.
    session.change_settings(|settings| settings.tolerance = 9);
    for group in Group::ALL {
        session.apply_finished(run_id, group, Ok(group_run(group)), 1.0);
    }
    let result = session.result().expect("consolidated");
    assert_eq!(result.settings.tolerance, 0);
    assert_eq!(result.closing.period, Period::parse("2025-03"));
    let slots: Vec<Slot> = result.inputs.iter().map(|entry| entry.slot).collect();
    assert_eq!(
        slots,
        vec![
            Slot::PayrollBook,
            Slot::MonthlyMovements,
            Slot::AnalystHires
        ],
        "entradas: every file of the run, in slot order"
    );
}

#[test]
fn only_real_settings_changes_make_the_result_stale() {
    let mut session = Session::default();
    for slot in [
        Slot::PayrollBook,
        Slot::MonthlyMovements,
        Slot::AnalystHires,
    ] {
        load(&mut session, slot);
    }
    let run_id = session.start_run(0.0).expect("ready");
    for group in Group::ALL {
        session.apply_finished(run_id, group, Ok(group_run(group)), 1.0);
    }
    assert_eq!(session.closing_state(), ClosingState::VerifiedClean);
    session.change_settings(|settings| settings.tolerance = 0);
    assert!(!session.result_stale, "same value: nothing changed");
    session.change_settings(|settings| {
        settings.mapping.insert("VIATICOS".into(), None);
    });
    assert!(session.result_stale);
    assert_eq!(session.closing_state(), ClosingState::FilesComplete);
}

#[test]
fn a_slot_key_changes_with_the_file_and_its_reading_only() {
    let mut session = Session::default();
    assert_eq!(session.slot_key(Slot::PayrollBook), None);
    let file = session.add_file(Slot::PayrollBook, "libro.xlsx".into(), 1);
    let reading = session.slot_key(Slot::PayrollBook).expect("loaded");
    assert_eq!(reading.stage, ReadStage::Reading);
    assert_eq!(session.read_file_id(Slot::PayrollBook), None);
    // Other slots, settings and runs leave it alone.
    load(&mut session, Slot::MonthlyMovements);
    session.change_settings(|settings| settings.tolerance = 3);
    assert_eq!(session.slot_key(Slot::PayrollBook), Some(reading.clone()));
    session.apply_inspection(file.file_id, Slot::PayrollBook, inspected());
    let read = session.slot_key(Slot::PayrollBook).expect("loaded");
    assert_ne!(read, reading);
    assert_eq!(session.read_file_id(Slot::PayrollBook), Some(file.file_id));
    // Moving the file makes it another file, read again.
    session.move_file(Slot::PayrollBook, Slot::PayrollChanges);
    assert_eq!(session.slot_key(Slot::PayrollBook), None);
    let moved = session.slot_key(Slot::PayrollChanges).expect("moved");
    assert_ne!(moved.file_id, file.file_id);
    session.fail_pending_inspections(Group::PayrollVsChanges, "se cayó");
    assert_eq!(
        session.slot_key(Slot::PayrollChanges).map(|key| key.stage),
        Some(ReadStage::Failed("se cayó".into()))
    );
}

#[test]
fn discrepancies_sent_ahead_join_their_outcome_in_order() {
    use crate::protocol::{split_found, Response};
    let mut session = Session::default();
    for slot in [
        Slot::PayrollBook,
        Slot::MonthlyMovements,
        Slot::AnalystHires,
    ] {
        load(&mut session, slot);
    }
    let rows = crate::results_view::test_rows::sample();
    let many: Vec<_> = (0..2_345)
        .map(|idx| rows[idx % rows.len()].clone())
        .collect();
    let run_id = session.start_run(0.0).expect("ready");
    // A part of an old run or for a worker that already answered is ignored.
    session.apply_found(run_id + 1, Group::MovementsVsAnalyst, many[..3].to_vec());
    let mut answer = group_run(Group::MovementsVsAnalyst);
    answer.result.discrepancies = many.clone();
    for message in split_found(run_id, Ok(answer)) {
        match message {
            Response::Found {
                run_id,
                discrepancies,
            } => session.apply_found(run_id, Group::MovementsVsAnalyst, discrepancies),
            Response::Finished { run_id, result } => {
                assert!(!session.apply_finished(run_id, Group::MovementsVsAnalyst, result, 2.0));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    let worker = session
        .run
        .as_ref()
        .expect("running")
        .worker(Group::MovementsVsAnalyst);
    assert_eq!(worker.n_discrepancies, many.len());
    assert_eq!(worker.n_received(), many.len());
    session.apply_found(run_id, Group::MovementsVsAnalyst, many[..3].to_vec());
    assert!(session.apply_finished(
        run_id,
        Group::PayrollVsChanges,
        Ok(group_run(Group::PayrollVsChanges)),
        3.0
    ));
    let result = session.result().expect("consolidated");
    assert_eq!(result.discrepancies.len(), many.len());
    let mut expected = many.clone();
    cuadra_core::discrepancy::sort_discrepancies(&mut expected);
    assert_eq!(
        result.discrepancies, expected,
        "the same rows as one answer"
    );
    let worker = session
        .run
        .as_ref()
        .expect("finished")
        .worker(Group::MovementsVsAnalyst);
    assert_eq!(
        worker.n_discrepancies,
        many.len(),
        "still counted once moved"
    );
}

#[test]
fn a_preset_closing_wins_and_files_that_disagree_are_named() {
    let preset = ClosingInfo {
        period: Period::parse("2025-02"),
        company_rut: None,
    };
    let mut session = Session::with_preset(
        preset.clone(),
        Settings {
            tolerance: 4,
            ..Settings::default()
        },
    );
    assert_eq!(session.settings.tolerance, 4, "the host's settings");
    assert_eq!(session.closing(), preset, "named before any file is read");
    load(&mut session, Slot::PayrollBook);
    load(&mut session, Slot::AnalystHires);
    assert_eq!(session.preset_disagreements(), ClosingInfo::default());
    let movements = session.add_file(Slot::MonthlyMovements, "m.xlsx".into(), 7);
    let Inspection::Read(mut told) = inspected_as(Slot::MonthlyMovements) else {
        unreachable!("inspected_as() reads")
    };
    told.period = Period::parse("2025-03");
    told.company_rut = Some(Rut::from_number(76_123_456));
    session.apply_inspection(
        movements.file_id,
        Slot::MonthlyMovements,
        Inspection::Read(told),
    );
    assert_eq!(
        session.period(),
        Period::parse("2025-02"),
        "the preset wins"
    );
    assert_eq!(session.company_rut(), Some(Rut::from_number(76_123_456)));
    assert_eq!(
        session.preset_disagreements(),
        ClosingInfo {
            period: Period::parse("2025-03"),
            company_rut: None,
        },
        "only what the preset names can disagree"
    );
    assert_eq!(
        session.preset_notices(),
        vec![ui_text::preset_period_disagrees("2025-02", "2025-03")]
    );
    session.start_run(0.0).expect("ready");
    let plan = &session.run.as_ref().expect("started").plan;
    assert_eq!(plan.closing.period, Period::parse("2025-02"));
    assert_eq!(plan.parameters.period, Period::parse("2025-02"));
}

/// A run whose Libro vs Novedades group compared nothing (no Novedades loaded)
/// does not show the clean state, which would allow consolidating.
#[test]
fn a_group_not_compared_keeps_the_closing_out_of_the_clean_state() {
    let mut session = Session::default();
    for slot in [
        Slot::PayrollBook,
        Slot::MonthlyMovements,
        Slot::AnalystHires,
    ] {
        load(&mut session, slot);
    }
    let run_id = session.start_run(0.0).expect("ready");
    let mut payroll = group_run(Group::PayrollVsChanges);
    payroll.result.not_compared = Some(cuadra_core::compare::NotCompared::NoPayrollChanges);
    session.apply_finished(run_id, Group::PayrollVsChanges, Ok(payroll), 1.0);
    session.apply_finished(
        run_id,
        Group::MovementsVsAnalyst,
        Ok(group_run(Group::MovementsVsAnalyst)),
        1.0,
    );
    assert_eq!(session.closing_state(), ClosingState::VerifiedPartly);
    assert!(!session.closing_state().allows_consolidation());
    let result = session.result().expect("consolidated");
    assert!(!result.workers[0].compared);
    assert!(result.workers[1].compared);
    // The worker card reads the run after consolidation, which moved the results out.
    let run = session.run.as_ref().expect("the run");
    let card = |group| match &run.worker(group).outcome {
        Some(Ok(group_run)) => group_run.result.not_compared,
        other => panic!("{group:?} answered {other:?}"),
    };
    assert_eq!(
        card(Group::PayrollVsChanges),
        Some(cuadra_core::compare::NotCompared::NoPayrollChanges)
    );
    assert_eq!(card(Group::MovementsVsAnalyst), None);
}

/// An Ingresos of another month does not load silently beside this closing's
/// files: the run waits until the user accepts it, and a new file is asked about again.
#[test]
fn a_file_of_another_period_blocks_the_run_until_accepted() {
    let mut session = Session::default();
    let load_telling = |session: &mut Session, slot: Slot, period: &str| {
        let file = session.add_file(slot, format!("{}.xlsx", slot.id()), 200 + slot as u32);
        let Inspection::Read(mut told) = inspected_as(slot) else {
            unreachable!("inspected_as() reads")
        };
        told.period = Period::parse(period);
        session.apply_inspection(file.file_id, slot, Inspection::Read(told));
    };
    load_telling(&mut session, Slot::PayrollBook, "2025-03");
    load_telling(&mut session, Slot::MonthlyMovements, "2025-03");
    load_telling(&mut session, Slot::AnalystHires, "2025-02");
    let flagged = session.other_closing_files();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].0.slot, Slot::AnalystHires);
    assert_eq!(flagged[0].0.period, Period::parse("2025-02"));
    assert!(!flagged[0].1, "not accepted yet");
    assert!(session
        .run_blockers()
        .contains(&ui_text::REASON_OTHER_CLOSING));
    assert!(session.start_run(0.0).is_err());

    session.accept_other_closing(Slot::AnalystHires);
    assert!(session.other_closing_files()[0].1);
    assert!(session.run_blockers().is_empty());

    // Another file in the slot, of another month again: asked about again.
    load_telling(&mut session, Slot::AnalystHires, "2025-01");
    assert!(!session.other_closing_files()[0].1);
    // One of this month: nothing to ask.
    load_telling(&mut session, Slot::AnalystHires, "2025-03");
    assert!(session.other_closing_files().is_empty());
    assert!(session.run_blockers().is_empty());
}

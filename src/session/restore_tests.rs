//! The session's restore path, natively: a closing restored from storage shows its result
//! and state at once, and goes stale only when the user changes something.

use super::*;
use cuadra_core::values::rut::Rut;
use cuadra_core::Period;

/// A result as a finished run leaves it: taken from a session whose workers answered.
fn finished_result() -> ResultDocument {
    let mut session = Session::default();
    run_once(&mut session);
    session.result.expect("both workers answered")
}

/// Loads the three required files and runs both workers to the end.
fn run_once(session: &mut Session) {
    for slot in [
        Slot::PayrollBook,
        Slot::MonthlyMovements,
        Slot::AnalystAbsences,
    ] {
        let file = session.add_file(slot, format!("{}.xlsx", slot.id()), slot as u32);
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
        let facts = crate::protocol::InspectedFile {
            summary,
            concepts: Vec::new(),
            columns: Vec::new(),
            period: None,
            company_rut: None,
        };
        session.apply_inspection(file.file_id, slot, Inspection::Read(Box::new(facts)));
    }
    let run_id = session.start_run(0.0).expect("ready");
    for group in Group::ALL {
        let run = crate::protocol::GroupRun {
            group,
            result: Default::default(),
            rows_read: 1,
            timings: Default::default(),
        };
        session.apply_finished(run_id, group, Ok(run), 1.0);
    }
}

#[test]
fn a_restored_closing_shows_its_result_until_something_changes() {
    let document = finished_result();
    let closing = ClosingInfo {
        period: Some(Period::parse("2025-03").expect("a valid period")),
        company_rut: Some(Rut::parse("76.123.456-0").expect("a valid RUT")),
    };
    let mut session = Session::default();
    load_one(&mut session);
    session.restore(
        closing.clone(),
        Settings::default(),
        Some(document.clone()),
        None,
        false,
    );
    assert!(
        session.files.is_empty(),
        "a restored closing has no files loaded"
    );
    assert_eq!(
        session.closing(),
        closing,
        "the header names the restored closing"
    );
    assert_eq!(session.closing_state(), document.state);
    assert!(!session.result_stale);
    session.change_settings(|settings| settings.tolerance += 1);
    assert!(
        session.result_stale,
        "a change after a restore makes it stale"
    );
    assert_ne!(session.closing_state(), document.state);
}

#[test]
fn a_result_stored_stale_is_restored_stale() {
    let mut session = Session::default();
    session.restore(
        ClosingInfo::default(),
        Settings::default(),
        Some(finished_result()),
        None,
        true,
    );
    assert!(session.result_stale);
    session.restore(
        ClosingInfo::default(),
        Settings::default(),
        None,
        None,
        true,
    );
    assert!(!session.result_stale, "no result, nothing stale");
}

/// Loads one file, so a restore has something to clear.
fn load_one(session: &mut Session) {
    session.add_file(Slot::PayrollBook, "libro.xlsx".into(), 1);
}

#[test]
fn a_second_run_of_the_closing_says_what_changed_and_the_list_filters_by_it() {
    let mut session = Session::default();
    run_once(&mut session);
    assert_eq!(
        session.changes, None,
        "a first run has nothing to compare with"
    );
    let diff = RunDiff {
        changes: vec![
            RunChange::New,
            RunChange::Unchanged,
            RunChange::ChangedValue,
        ],
        disappeared: Vec::new(),
    };
    session.changes = Some(diff);
    let mut indices = vec![2, 0, 1];
    session.keep_change(&mut indices, None);
    assert_eq!(indices, vec![2, 0, 1], "no change chosen keeps every row");
    session.keep_change(&mut indices, Some(RunChange::ChangedValue));
    assert_eq!(indices, vec![2]);
    run_once(&mut session);
    assert!(
        session
            .changes
            .as_ref()
            .is_some_and(|diff| diff.changes.is_empty()),
        "a second run of the same closing is compared with the first"
    );
    session.changes = None;
    let mut indices = vec![0, 1];
    session.keep_change(&mut indices, Some(RunChange::New));
    assert!(indices.is_empty(), "without an earlier run nothing is new");
}

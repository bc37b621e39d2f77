//! The state an instance's components share through context: the session, the wiring to
//! the instance's workers, the cheap keys views gate their work on, and what the user
//! chose in the results view. Its own module so that the components and the controller
//! all depend on it and it on none of them.
//!
//! The session is one signal, so every change (a progress message, a keystroke in a note)
//! wakes every reader. Readers that cost something therefore never read it directly: they
//! read a `Memo` of a cheap identity (the result's revision, a slot's key, the settings)
//! and take what they show from the session untracked, once that key changed.

use cuadra_core::values::rut::Rut;
use cuadra_core::Settings;
use leptos::prelude::*;

use super::saved::Saved;
use super::wiring::Wiring;
use crate::instance_options::InstanceOptions;
use crate::results_view::{Filter, Sort};
use crate::session::{ResultRevision, Session};

/// How often the costly parts of the page were computed or built since the instance was
/// mounted: the test hook that shows a progress message or an edit rebuilds nothing it
/// does not change (`tests/instances.rs`). A handful of integer additions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderCounts {
    /// The discrepancy list filtered and sorted (`visible_indices`).
    pub list_filterings: u32,
    /// The summary's tables built.
    pub summary_builds: u32,
    /// The mapping editor's rows computed (`mapping_view`).
    pub mapping_builds: u32,
    /// A slot's file details built.
    pub slot_builds: u32,
    /// The input warnings' tables built.
    pub warning_builds: u32,
}

/// One instance's state. Copy handles into the instance's reactive owner: two mounted
/// instances have two of these and share nothing.
#[derive(Clone, Copy)]
pub struct AppState {
    pub session: RwSignal<Session>,
    pub wiring: StoredValue<Wiring, LocalStorage>,
    /// Which result document is shown and how many edits it had.
    pub revision: Memo<ResultRevision>,
    /// Which result document is shown: what a view that never shows an edit keys on.
    pub document: Memo<u32>,
    /// The settings, so that a control shows them without waking on every session change.
    pub settings: Memo<Settings>,
    pub counts: StoredValue<RenderCounts>,
    /// What the instance keeps in this browser (`persist`).
    pub saved: Saved,
}

impl AppState {
    /// Made inside the instance's owner, which disposes of it when the instance unmounts.
    pub fn new(options: InstanceOptions) -> AppState {
        let session = RwSignal::new(Session::with_preset(
            options.preset.closing.clone(),
            options.preset.settings.clone(),
        ));
        let revision = Memo::new(move |_| session.with(Session::result_revision));
        AppState {
            session,
            wiring: StoredValue::new_local(Wiring::new(options)),
            revision,
            document: Memo::new(move |_| revision.with(|revision| revision.document)),
            settings: Memo::new(move |_| session.with(|session| session.settings.clone())),
            counts: StoredValue::new(RenderCounts::default()),
            saved: Saved::new(),
        }
    }

    /// False once the instance is unmounted: a late callback (a file read, a timer) then
    /// does nothing.
    pub fn is_live(&self) -> bool {
        !self.wiring.is_disposed() && !self.session.is_disposed()
    }

    /// Counts one computation of something costly (see [`RenderCounts`]).
    pub fn count(&self, which: fn(&mut RenderCounts) -> &mut u32) {
        self.counts.update_value(|counts| *which(counts) += 1);
    }
}

/// Makes the running effect or memo depend on `memo`. `Memo::track` would not do: it
/// subscribes without computing the memo, and a memo never computed never hears that its
/// own sources changed, so the dependant would never run again.
pub fn depend_on<T: Send + Sync + 'static>(memo: Memo<T>) {
    memo.with(|_| ());
}

/// What the user chose in the results view; the document itself stays in the session.
#[derive(Clone, Copy)]
pub struct ResultsUi {
    pub filter: RwSignal<Filter>,
    pub sort: RwSignal<Option<Sort>>,
    /// The employee whose dialog is open.
    pub open_rut: RwSignal<Option<Rut>>,
    /// The discrepancy (its index in the document) the detail pane shows.
    pub selected: RwSignal<Option<usize>>,
}

impl Default for ResultsUi {
    fn default() -> ResultsUi {
        ResultsUi {
            filter: RwSignal::new(Filter::default()),
            sort: RwSignal::new(None),
            open_rut: RwSignal::new(None),
            selected: RwSignal::new(None),
        }
    }
}

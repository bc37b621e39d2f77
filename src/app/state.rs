//! The state an instance's components share through context: the session, the wiring to
//! the instance's workers, and what the user chose in the results view. Its own module so
//! that the components and the controller all depend on it and it on none of them.

use cuadra_core::values::rut::Rut;
use leptos::prelude::*;

use super::saved::Saved;
use super::wiring::Wiring;
use crate::instance_options::InstanceOptions;
use crate::results_view::{Filter, Sort};
use crate::session::Session;

/// One instance's state. Copy handles into the instance's reactive owner: two mounted
/// instances have two of these and share nothing.
#[derive(Clone, Copy)]
pub struct AppState {
    pub session: RwSignal<Session>,
    pub wiring: StoredValue<Wiring, LocalStorage>,
    /// What the instance keeps in this browser (`persist`).
    pub saved: Saved,
}

impl AppState {
    /// Made inside the instance's owner, which disposes of it when the instance unmounts.
    pub fn new(options: InstanceOptions) -> AppState {
        let session = Session::with_preset(
            options.preset.closing.clone(),
            options.preset.settings.clone(),
        );
        AppState {
            session: RwSignal::new(session),
            wiring: StoredValue::new_local(Wiring::new(options)),
            saved: Saved::new(),
        }
    }

    /// False once the instance is unmounted: a late callback (a file read, a timer) then
    /// does nothing.
    pub fn is_live(&self) -> bool {
        !self.wiring.is_disposed() && !self.session.is_disposed()
    }
}

/// What the user chose in the results view; the document itself stays in the session.
#[derive(Clone, Copy)]
pub struct ResultsUi {
    pub filter: RwSignal<Filter>,
    pub sort: RwSignal<Option<Sort>>,
    /// The employee whose dialog is open.
    pub open_rut: RwSignal<Option<Rut>>,
}

impl Default for ResultsUi {
    fn default() -> ResultsUi {
        ResultsUi {
            filter: RwSignal::new(Filter::default()),
            sort: RwSignal::new(None),
            open_rut: RwSignal::new(None),
        }
    }
}

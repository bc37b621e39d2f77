//! A file that names another closing than the one being verified (an Ingresos of last
//! month, a Novedades named for another client) is pointed out before the run, so it is
//! never compared silently beside this closing's files.

use crate::document::ClosingInfo;
use crate::model::{Period, Slot};
use crate::values::rut::Rut;

use super::FileFacts;

/// A loaded file whose period or client RUT (its cells, else its name) differs from the
/// closing's. A field is `Some` only where it disagrees; a file that tells nothing, or
/// agrees, is not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OtherClosing {
    pub slot: Slot,
    pub period: Option<Period>,
    pub company_rut: Option<Rut>,
}

/// Every file of `facts` that names another period or client than `closing`, in slot order.
/// `closing` is the one the run is for (the host's preset, else the files' one rule), so
/// the file that settled it never disagrees with itself.
pub fn other_closings<'f>(
    closing: &ClosingInfo,
    facts: impl IntoIterator<Item = &'f FileFacts>,
) -> Vec<OtherClosing> {
    fn differs<T: PartialEq + Copy>(closing: Option<T>, told: Option<T>) -> Option<T> {
        closing
            .zip(told)
            .and_then(|(closing, told)| (closing != told).then_some(told))
    }
    let mut found: Vec<OtherClosing> = facts
        .into_iter()
        .map(|facts| OtherClosing {
            slot: facts.slot(),
            period: differs(closing.period, facts.period),
            company_rut: differs(closing.company_rut, facts.company_rut),
        })
        .filter(|other| other.period.is_some() || other.company_rut.is_some())
        .collect();
    found.sort_by_key(|other| other.slot);
    found
}

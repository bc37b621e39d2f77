//! What a read file tells the closing besides its rows, and the one rule that turns the
//! files' facts into the closing's period and client RUT.

use serde::{Deserialize, Serialize};

use crate::document::ClosingInfo;
use crate::input::Read;
use crate::model::{
    Absence, InputSummary, MonthlyMovements, Movement, PayrollBook, PayrollChanges, Period, Slot,
};
use crate::values::rut::Rut;

/// What one read file tells: its summary, its concept columns, and the closing's period and
/// client RUT as this file tells them (its content first, then its name). The page's
/// workers send it back for each file they read; the page plans a run from these alone.
// Crosses `postMessage` (postcard): no `skip_serializing_if`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileFacts {
    pub summary: InputSummary,
    /// Concept columns (libro) or headers (novedades); empty for other slots.
    pub concepts: Vec<String>,
    pub period: Option<Period>,
    pub company_rut: Option<Rut>,
}

impl FileFacts {
    /// The facts of a reader's output.
    pub fn of<T: ParsedInput>(read: &Read<T>) -> FileFacts {
        let content = read.value.closing();
        let name = &read.summary.name_info;
        FileFacts {
            summary: read.summary.clone(),
            concepts: read.value.concepts().to_vec(),
            period: content.period.or(name.period),
            company_rut: content.company_rut.or(name.company_rut),
        }
    }

    pub fn slot(&self) -> Slot {
        self.summary.slot
    }
}

/// A reader's value, for what it tells beyond its rows. Only the libro's content names the
/// closing (`Año`, `Mes`, `Rut de la Empresa`); libro and novedades have concept columns.
pub trait ParsedInput {
    fn concepts(&self) -> &[String] {
        &[]
    }

    /// The closing as the file's cells tell it.
    fn closing(&self) -> ClosingInfo {
        ClosingInfo::default()
    }
}

impl ParsedInput for PayrollBook {
    fn concepts(&self) -> &[String] {
        &self.concepts
    }

    fn closing(&self) -> ClosingInfo {
        ClosingInfo {
            period: self.period,
            company_rut: self.company_rut,
        }
    }
}

impl ParsedInput for PayrollChanges {
    fn concepts(&self) -> &[String] {
        &self.concepts
    }
}

impl ParsedInput for MonthlyMovements {}

/// The analyst's Ingresos and Finiquitos.
impl ParsedInput for Vec<Movement> {}

/// The analyst's Ausentismos.
impl ParsedInput for Vec<Absence> {}

/// The closing's period and client RUT, each on its own: the first file in slot order that
/// tells one, each file telling by its content before its name (so the libro's `Año`/`Mes`
/// win, then the libro's name, then novedades', movimientos', … names). Every host (page,
/// CLI, benches) takes the closing from here.
pub fn closing_of<'f>(facts: impl IntoIterator<Item = &'f FileFacts>) -> ClosingInfo {
    let mut facts: Vec<&FileFacts> = facts.into_iter().collect();
    facts.sort_by_key(|facts| facts.slot());
    ClosingInfo {
        period: facts.iter().find_map(|facts| facts.period),
        company_rut: facts.iter().find_map(|facts| facts.company_rut),
    }
}

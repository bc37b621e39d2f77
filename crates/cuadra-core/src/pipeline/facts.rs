//! What a read file tells the closing besides its rows, and the one rule that turns the
//! files' facts (and a host's preset, if any) into the closing's period and client RUT.

use serde::{Deserialize, Serialize};

use crate::compare::ColumnProfile;
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
    /// What each concept column holds, indexed like `concepts`: the mapping editor's
    /// checks and sample values. Personal data: the page keeps it in memory only.
    pub columns: Vec<ColumnProfile>,
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
            columns: read.value.columns(),
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

    /// What each concept column holds (`FileFacts::columns`).
    fn columns(&self) -> Vec<ColumnProfile> {
        Vec::new()
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

    fn columns(&self) -> Vec<ColumnProfile> {
        self.column_profiles()
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

    fn columns(&self) -> Vec<ColumnProfile> {
        self.column_profiles()
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

/// The closing with a host's preset: each field the preset gives (an embedding portal that
/// knows which closing it opened) wins over what the files tell; a field it leaves out
/// comes from the files by [`closing_of`]. A preset is the closing's identity, so a file
/// named for another month does not move the closing: the host sees the files disagree
/// (`ClosingInfo` of the files alone) and can say so.
pub fn closing_with_preset<'f>(
    preset: &ClosingInfo,
    facts: impl IntoIterator<Item = &'f FileFacts>,
) -> ClosingInfo {
    let told = closing_of(facts);
    ClosingInfo {
        period: preset.period.or(told.period),
        company_rut: preset.company_rut.or(told.company_rut),
    }
}

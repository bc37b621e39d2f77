//! The six upload slots, the two comparison groups they feed (one Web Worker each), and
//! which inputs a run cannot start without.

use serde::{Deserialize, Serialize};

/// The comparison group a discrepancy comes from; one Web Worker each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Group {
    #[serde(rename = "libro_vs_novedades")]
    PayrollVsChanges,
    #[serde(rename = "movimientos_vs_analista")]
    MovementsVsAnalyst,
}

impl Group {
    pub const ALL: [Group; 2] = [Group::PayrollVsChanges, Group::MovementsVsAnalyst];

    pub fn id(self) -> &'static str {
        match self {
            Group::PayrollVsChanges => "libro_vs_novedades",
            Group::MovementsVsAnalyst => "movimientos_vs_analista",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Group::PayrollVsChanges => "Libro vs Novedades",
            Group::MovementsVsAnalyst => "Movimientos vs Analista",
        }
    }
}

/// One of the six upload slots. Serialized with the product's Spanish ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Slot {
    #[serde(rename = "libro")]
    PayrollBook,
    #[serde(rename = "novedades")]
    PayrollChanges,
    #[serde(rename = "movimientos")]
    MonthlyMovements,
    #[serde(rename = "ingresos")]
    AnalystHires,
    #[serde(rename = "finiquitos")]
    AnalystTerminations,
    #[serde(rename = "ausentismos")]
    AnalystAbsences,
}

impl Slot {
    pub const ALL: [Slot; 6] = [
        Slot::PayrollBook,
        Slot::PayrollChanges,
        Slot::MonthlyMovements,
        Slot::AnalystHires,
        Slot::AnalystTerminations,
        Slot::AnalystAbsences,
    ];

    /// The analyst's three files (docs/inputs.md): a run needs at least one of them.
    pub const ANALYST: [Slot; 3] = [
        Slot::AnalystHires,
        Slot::AnalystTerminations,
        Slot::AnalystAbsences,
    ];

    /// Which comparison group (and so which worker) reads the slot.
    pub const fn group(self) -> Group {
        match self {
            Slot::PayrollBook | Slot::PayrollChanges => Group::PayrollVsChanges,
            Slot::MonthlyMovements
            | Slot::AnalystHires
            | Slot::AnalystTerminations
            | Slot::AnalystAbsences => Group::MovementsVsAnalyst,
        }
    }

    /// What a run needs of the slot (docs/results.md `archivos_completos`): the input it stands
    /// for, or `None` when the slot is optional. The three analyst slots stand for one
    /// input, satisfied by any of them.
    pub const fn requirement(self) -> Option<MissingInput> {
        match self {
            Slot::PayrollBook => Some(MissingInput::PayrollBook),
            Slot::PayrollChanges => None,
            Slot::MonthlyMovements => Some(MissingInput::MonthlyMovements),
            Slot::AnalystHires | Slot::AnalystTerminations | Slot::AnalystAbsences => {
                Some(MissingInput::AnalystFile)
            }
        }
    }

    /// The slot's id in documents (`libro`, `novedades`, …).
    pub fn id(self) -> &'static str {
        match self {
            Slot::PayrollBook => "libro",
            Slot::PayrollChanges => "novedades",
            Slot::MonthlyMovements => "movimientos",
            Slot::AnalystHires => "ingresos",
            Slot::AnalystTerminations => "finiquitos",
            Slot::AnalystAbsences => "ausentismos",
        }
    }

    /// The accessible label of the slot's file input (docs/interfaces.md).
    pub fn label(self) -> &'static str {
        match self {
            Slot::PayrollBook => "Libro de Remuneraciones",
            Slot::PayrollChanges => "Novedades",
            Slot::MonthlyMovements => "Movimientos del Mes",
            Slot::AnalystHires => "Ingresos",
            Slot::AnalystTerminations => "Finiquitos",
            Slot::AnalystAbsences => "Ausentismos",
        }
    }
}

// `Group` is defined with the discrepancies it classifies; its slots live here, beside
// `Slot::group`, so the two directions are one rule and `discrepancy` need not know slots.
impl Group {
    /// The slots the group's worker reads, in slot order.
    pub fn slots(self) -> impl Iterator<Item = Slot> {
        Slot::ALL
            .into_iter()
            .filter(move |slot| slot.group() == self)
    }
}

/// An input a run cannot start without (docs/results.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MissingInput {
    PayrollBook,
    MonthlyMovements,
    /// None of the three analyst files.
    AnalystFile,
}

/// The inputs a run still needs, given which slots hold a usable file, in slot order of
/// the first slot of each (libro, movimientos, analyst files). Empty when a run can start.
pub fn missing_inputs(loaded: impl Fn(Slot) -> bool) -> Vec<MissingInput> {
    let mut missing: Vec<MissingInput> = Vec::new();
    for slot in Slot::ALL {
        let Some(input) = slot.requirement() else {
            continue;
        };
        let satisfied = Slot::ALL
            .into_iter()
            .any(|other| other.requirement() == Some(input) && loaded(other));
        if !satisfied && !missing.contains(&input) {
            missing.push(input);
        }
    }
    missing
}

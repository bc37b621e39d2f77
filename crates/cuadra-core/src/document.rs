//! The result document (docs/results.md): the one truth for the page, the CLI and the portal.
//!
//! Field names are the document's Spanish ones through serde renames; `formato` versions the
//! shape. New fields may be added; existing ones keep their meaning.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::discrepancy::{Discrepancy, DiscrepancyKind, DiscrepancyStatus, Group};
use crate::model::{InputSummary, InputWarning, Period, Slot};
use crate::settings::Settings;
use crate::values::rut::Rut;

/// The value of `formato`.
pub const DOCUMENT_FORMAT: &str = "cuadra.resultado/1";

/// The closing's state (docs/results.md), serialised with its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ClosingState {
    /// Nothing loaded.
    #[serde(rename = "pendiente")]
    Pending,
    /// Some files loaded, not yet enough (or one has a blocking error, or one is still
    /// being read: the page then says "Cargando archivos").
    #[serde(rename = "cargando_archivos")]
    LoadingFiles,
    /// Libro, movimientos and at least one analyst file loaded without blocking errors.
    #[serde(rename = "archivos_completos")]
    FilesComplete,
    /// Both workers running.
    #[serde(rename = "verificacion_datos")]
    Verifying,
    /// Both workers succeeded and found nothing: the only state that allows consolidation.
    #[serde(rename = "verificado_sin_discrepancias")]
    VerifiedClean,
    /// Discrepancies found, or a worker failed (then the document is `incompleto`).
    #[serde(rename = "con_discrepancias")]
    WithDiscrepancies,
    /// Both workers succeeded and found nothing, but a group compared nothing for lack of an
    /// input (no Novedades): not a clean result, so it does not allow consolidation.
    /// Last, so the stored states' positions do not move.
    #[serde(rename = "verificado_parcial")]
    VerifiedPartly,
}

impl ClosingState {
    pub const ALL: [ClosingState; 7] = [
        ClosingState::Pending,
        ClosingState::LoadingFiles,
        ClosingState::FilesComplete,
        ClosingState::Verifying,
        ClosingState::VerifiedClean,
        ClosingState::WithDiscrepancies,
        ClosingState::VerifiedPartly,
    ];

    /// The id used in documents and in the page's `data-estado`.
    pub fn id(self) -> &'static str {
        match self {
            ClosingState::Pending => "pendiente",
            ClosingState::LoadingFiles => "cargando_archivos",
            ClosingState::FilesComplete => "archivos_completos",
            ClosingState::Verifying => "verificacion_datos",
            ClosingState::VerifiedClean => "verificado_sin_discrepancias",
            ClosingState::WithDiscrepancies => "con_discrepancias",
            ClosingState::VerifiedPartly => "verificado_parcial",
        }
    }

    /// The Spanish label.
    pub fn label(self) -> &'static str {
        match self {
            ClosingState::Pending => "Pendiente",
            ClosingState::LoadingFiles => "Archivos incompletos",
            ClosingState::FilesComplete => "Archivos completos",
            ClosingState::Verifying => "Verificación de datos",
            ClosingState::VerifiedClean => "Verificado sin discrepancias",
            ClosingState::WithDiscrepancies => "Con discrepancias",
            ClosingState::VerifiedPartly => {
                "Verificado parcialmente: hay comparaciones no realizadas"
            }
        }
    }

    /// Only a clean verification, with every group compared, allows consolidating.
    pub fn allows_consolidation(self) -> bool {
        self == ClosingState::VerifiedClean
    }

    pub fn from_id(id: &str) -> Option<ClosingState> {
        ClosingState::ALL.into_iter().find(|state| state.id() == id)
    }
}

/// `cierre`: which closing the document is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingInfo {
    #[serde(rename = "periodo")]
    pub period: Option<Period>,
    #[serde(rename = "rut_empresa")]
    pub company_rut: Option<Rut>,
}

/// One element of `entradas`: a file that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    pub slot: Slot,
    #[serde(rename = "archivo")]
    pub file_name: String,
    pub sha256: String,
    /// Data rows used.
    #[serde(rename = "filas")]
    pub n_rows: usize,
    /// Rows skipped because of a warning.
    #[serde(rename = "filas_omitidas", default)]
    pub n_rows_skipped: usize,
    #[serde(rename = "advertencias")]
    pub warnings: Vec<InputWarning>,
    #[serde(rename = "notas", default)]
    pub notes: Vec<String>,
}

impl From<&InputSummary> for InputEntry {
    fn from(summary: &InputSummary) -> InputEntry {
        let mut notes = summary.notes.clone();
        if let Some(name_warning) = &summary.name_warning {
            notes.insert(0, name_warning.clone());
        }
        InputEntry {
            slot: summary.slot,
            file_name: summary.file_name.clone(),
            sha256: summary.sha256.clone(),
            n_rows: summary.n_rows,
            n_rows_skipped: summary.n_rows_skipped,
            warnings: summary.warnings.clone(),
            notes,
        }
    }
}

/// A worker's outcome as the document reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerStatus {
    #[serde(rename = "ok")]
    Ok,
    #[serde(rename = "error")]
    Failed,
}

/// One element of `trabajadores`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerReport {
    #[serde(rename = "grupo")]
    pub group: Group,
    #[serde(rename = "estado")]
    pub status: WorkerStatus,
    /// The group compared what it exists to compare. False when it could not for lack of an
    /// input (see `motivo_no_comparado`) and when the worker failed; documents written
    /// before the field existed read as true.
    #[serde(rename = "comparado", default = "compared_by_default")]
    pub compared: bool,
    /// Wall-clock milliseconds.
    pub ms: f64,
    /// Discrepancies found (0 when the worker failed).
    #[serde(rename = "discrepancias")]
    pub n_discrepancies: usize,
    pub error: Option<String>,
    /// Why the group compared nothing although its worker succeeded (`no se cargó
    /// Novedades`), or null.
    #[serde(rename = "motivo_no_comparado", default)]
    pub not_compared_reason: Option<String>,
    /// The group's notes for the user (unmapped headers, files not loaded, …).
    #[serde(rename = "notas", default)]
    pub notes: Vec<String>,
}

fn compared_by_default() -> bool {
    true
}

/// `resumen`: totals for the summary view; recompute with [`Summary::of`] after edits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub total: usize,
    /// Both groups, always present.
    #[serde(rename = "por_grupo")]
    pub by_group: BTreeMap<Group, usize>,
    /// Types with at least one discrepancy, in type order.
    #[serde(rename = "por_tipo")]
    pub by_kind: BTreeMap<DiscrepancyKind, usize>,
    /// Distinct RUTs with at least one discrepancy.
    #[serde(rename = "empleados_afectados")]
    pub n_employees_affected: usize,
    /// The three user statuses, always present.
    #[serde(rename = "por_estado", default)]
    pub by_status: BTreeMap<DiscrepancyStatus, usize>,
}

impl Summary {
    /// Totals of a list of discrepancies.
    pub fn of(discrepancies: &[Discrepancy]) -> Summary {
        let mut summary = Summary {
            total: discrepancies.len(),
            by_group: Group::ALL.into_iter().map(|group| (group, 0)).collect(),
            by_status: DiscrepancyStatus::ALL
                .into_iter()
                .map(|status| (status, 0))
                .collect(),
            ..Summary::default()
        };
        let mut ruts = std::collections::BTreeSet::new();
        for discrepancy in discrepancies {
            *summary.by_group.entry(discrepancy.group).or_default() += 1;
            *summary.by_kind.entry(discrepancy.kind).or_default() += 1;
            *summary.by_status.entry(discrepancy.status).or_default() += 1;
            ruts.insert(discrepancy.rut);
        }
        summary.n_employees_affected = ruts.len();
        summary
    }
}

/// The result document of docs/results.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultDocument {
    /// Always [`DOCUMENT_FORMAT`].
    #[serde(rename = "formato")]
    pub format: String,
    #[serde(rename = "cierre")]
    pub closing: ClosingInfo,
    #[serde(rename = "estado")]
    pub state: ClosingState,
    /// A worker failed: the result is partial and must never be read as a success.
    #[serde(rename = "incompleto")]
    pub incomplete: bool,
    #[serde(rename = "entradas")]
    pub inputs: Vec<InputEntry>,
    #[serde(rename = "configuracion")]
    pub settings: Settings,
    #[serde(rename = "trabajadores")]
    pub workers: Vec<WorkerReport>,
    #[serde(rename = "resumen")]
    pub summary: Summary,
    #[serde(rename = "discrepancias")]
    pub discrepancies: Vec<Discrepancy>,
}

impl ResultDocument {
    /// Sets a user's decision on one discrepancy (by index in `discrepancias`) and refreshes
    /// the summary. Returns false when the index is out of range.
    pub fn set_status(
        &mut self,
        idx: usize,
        status: DiscrepancyStatus,
        note: Option<String>,
    ) -> bool {
        let Some(discrepancy) = self.discrepancies.get_mut(idx) else {
            return false;
        };
        discrepancy.status = status;
        discrepancy.note = note;
        self.refresh_summary();
        true
    }

    /// Recomputes `resumen` from `discrepancias`.
    pub fn refresh_summary(&mut self) {
        self.summary = Summary::of(&self.discrepancies);
    }
}

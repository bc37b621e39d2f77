//! The settings of SPEC §5.3 and the concept mapping: the document's `configuracion`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Settings and mapping, remembered per client. Field names are the document's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Global tolerance in whole pesos (an integer: tolerances are never fractional): a difference larger than this is reported.
    #[serde(rename = "tolerancia")]
    pub tolerance: u64,
    /// Per-concept tolerance, keyed by the novedades header; overrides the global one.
    #[serde(
        rename = "tolerancia_por_concepto",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub tolerance_per_concept: BTreeMap<String, u64>,
    #[serde(rename = "reportar_solo_libro")]
    pub report_only_in_payroll: bool,
    #[serde(rename = "cero_es_novedad")]
    pub zero_is_novelty: bool,
    #[serde(rename = "excluir_plazo_fijo")]
    pub exclude_fixed_term: bool,
    /// Novedades header → libro concept; `None` is *Sin asignación*. Headers absent from the
    /// map get the automatic proposal.
    #[serde(rename = "mapeo")]
    pub mapping: BTreeMap<String, Option<String>>,
}

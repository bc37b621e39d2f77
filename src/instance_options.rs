//! What a page instance is told when it is mounted: its run time limit, a fault to simulate
//! (tests), where its workers come from, and what an embedding host presets (the closing,
//! the settings and mapping). The static page reads them from its URL once
//! (`from_page_parameters`); an embedding host sets them itself. Nothing deeper reads the
//! page's address.

use std::time::Duration;

use cuadra_core::document::ClosingInfo;
use cuadra_core::{Group, Settings};

use crate::protocol::SimulatedFault;

/// Generous: a 100,000-employee closing takes seconds. Tests lower it with `?limite_ms=`.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(180);

/// The static page's query parameters (the e2e tests use them).
pub const TIME_LIMIT_PARAMETER: &str = "limite_ms";
pub const FAULT_PARAMETER: &str = "simular_fallo";

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceOptions {
    /// How long a run waits for a worker before reporting it failed.
    pub time_limit: Duration,
    /// A fault one group's worker simulates during the instance's first run.
    pub simulated_fault: Option<PlannedFault>,
    pub workers: WorkerSource,
    /// What the host presets; the static page presets nothing.
    pub preset: Preset,
}

/// What an embedding portal knows before the user loads anything (`embed_options`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preset {
    /// The closing's identity: each field given wins over what the files tell
    /// (`cuadra_core::pipeline::closing_with_preset`).
    pub closing: ClosingInfo,
    /// The session's settings and mapping to start from; the user can still change them.
    pub settings: Settings,
}

/// A fault to simulate: `panic:<grupo>`, `hang:<grupo>`, `memoria:<grupo>` (runs out of
/// memory) or `terminar:<grupo>` (stops without a word mid-run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedFault {
    pub group: Group,
    pub fault: SimulatedFault,
}

/// Where an instance's workers run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerSource {
    /// Module Web Workers built by Trunk, their loader scripts under `base_url` (the static
    /// page: `./`, beside the document; an embedding: the directory of its own module).
    Module { base_url: String },
    /// The same worker logic on the page's own thread: for tests, which cannot serve
    /// Trunk-built workers, and as a fallback where workers cannot start. It blocks the
    /// page while it reads and compares, and a panic in it ends the page.
    InPage,
}

impl Default for InstanceOptions {
    fn default() -> Self {
        InstanceOptions {
            time_limit: DEFAULT_TIME_LIMIT,
            simulated_fault: None,
            workers: WorkerSource::Module {
                base_url: "./".to_string(),
            },
            preset: Preset::default(),
        }
    }
}

impl InstanceOptions {
    /// Default options with the workers on the page's thread.
    pub fn in_page() -> Self {
        InstanceOptions {
            workers: WorkerSource::InPage,
            ..InstanceOptions::default()
        }
    }

    /// The static page's options from its query parameters (`param(name)` is the decoded
    /// value): `?limite_ms=1500`, `?simular_fallo=panic:libro_vs_novedades`. A value that
    /// does not parse is ignored, as if absent.
    pub fn from_page_parameters(param: impl Fn(&str) -> Option<String>) -> Self {
        InstanceOptions {
            time_limit: param(TIME_LIMIT_PARAMETER)
                .and_then(|ms| ms.parse().ok())
                .map(Duration::from_millis)
                .unwrap_or(DEFAULT_TIME_LIMIT),
            simulated_fault: param(FAULT_PARAMETER).and_then(|value| PlannedFault::parse(&value)),
            ..InstanceOptions::default()
        }
    }

    /// The fault `group`'s worker simulates in run `run_id`: the first run only, so a second
    /// run shows the page recovering with a fresh worker.
    pub fn fault_for(&self, run_id: u32, group: Group) -> Option<SimulatedFault> {
        self.simulated_fault
            .filter(|planned| run_id == 1 && planned.group == group)
            .map(|planned| planned.fault)
    }
}

impl PlannedFault {
    /// `panic:`, `hang:`, `memoria:` or `terminar:` and a group's id.
    pub fn parse(value: &str) -> Option<PlannedFault> {
        let (kind, target) = value.split_once(':')?;
        let fault = match kind {
            "panic" => SimulatedFault::Panic,
            "hang" => SimulatedFault::Hang,
            "memoria" => SimulatedFault::OutOfMemory,
            "terminar" => SimulatedFault::Terminate,
            _ => return None,
        };
        let group = Group::ALL.into_iter().find(|group| group.id() == target)?;
        Some(PlannedFault { group, fault })
    }
}

/// The loader script of a group's module worker under `base_url` (a directory: a missing
/// trailing `/` is added, so `…/cuadra` and `…/cuadra/` mean the same).
pub fn worker_script_url(base_url: &str, group: Group) -> String {
    let file = match group {
        Group::PayrollVsChanges => "libro_worker_loader.js",
        Group::MovementsVsAnalyst => "movimientos_worker_loader.js",
    };
    if base_url.is_empty() || base_url.ends_with('/') {
        format!("{base_url}{file}")
    } else {
        format!("{base_url}/{file}")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn from_query(pairs: &[(&str, &str)]) -> InstanceOptions {
        let params: BTreeMap<String, String> = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        InstanceOptions::from_page_parameters(|name| params.get(name).cloned())
    }

    #[test]
    fn a_plain_page_gets_the_defaults() {
        let options = from_query(&[]);
        assert_eq!(options, InstanceOptions::default());
        assert_eq!(options.time_limit, Duration::from_secs(180));
        assert_eq!(
            options.workers,
            WorkerSource::Module {
                base_url: "./".into()
            }
        );
        assert_eq!(options.fault_for(1, Group::PayrollVsChanges), None);
    }

    #[test]
    fn the_time_limit_comes_from_limite_ms() {
        assert_eq!(
            from_query(&[("limite_ms", "1500")]).time_limit,
            Duration::from_millis(1500)
        );
        assert_eq!(
            from_query(&[("limite_ms", "pronto")]).time_limit,
            DEFAULT_TIME_LIMIT
        );
    }

    #[test]
    fn a_simulated_fault_hits_its_group_in_the_first_run_only() {
        let options = from_query(&[("simular_fallo", "panic:libro_vs_novedades")]);
        assert_eq!(
            options.fault_for(1, Group::PayrollVsChanges),
            Some(SimulatedFault::Panic)
        );
        assert_eq!(options.fault_for(1, Group::MovementsVsAnalyst), None);
        assert_eq!(options.fault_for(2, Group::PayrollVsChanges), None);

        let options = from_query(&[
            ("simular_fallo", "hang:movimientos_vs_analista"),
            ("limite_ms", "1500"),
        ]);
        assert_eq!(
            options.fault_for(1, Group::MovementsVsAnalyst),
            Some(SimulatedFault::Hang)
        );
        assert_eq!(options.time_limit, Duration::from_millis(1500));
    }

    #[test]
    fn out_of_memory_and_termination_are_simulated_too() {
        assert_eq!(
            PlannedFault::parse("memoria:libro_vs_novedades"),
            Some(PlannedFault {
                group: Group::PayrollVsChanges,
                fault: SimulatedFault::OutOfMemory
            })
        );
        assert_eq!(
            PlannedFault::parse("terminar:movimientos_vs_analista"),
            Some(PlannedFault {
                group: Group::MovementsVsAnalyst,
                fault: SimulatedFault::Terminate
            })
        );
    }

    #[test]
    fn an_unknown_fault_or_group_is_ignored() {
        for value in [
            "explode:libro_vs_novedades",
            "panic:libro",
            "panic",
            "",
            "hang:",
        ] {
            assert_eq!(PlannedFault::parse(value), None, "{value:?}");
        }
    }

    #[test]
    fn worker_scripts_live_under_the_base_url() {
        assert_eq!(
            worker_script_url("./", Group::PayrollVsChanges),
            "./libro_worker_loader.js"
        );
        assert_eq!(
            worker_script_url("https://portal.example/cuadra", Group::MovementsVsAnalyst),
            "https://portal.example/cuadra/movimientos_worker_loader.js"
        );
        assert_eq!(
            worker_script_url("https://portal.example/cuadra/", Group::MovementsVsAnalyst),
            "https://portal.example/cuadra/movimientos_worker_loader.js"
        );
    }
}

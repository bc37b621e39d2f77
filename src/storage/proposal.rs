//! Per client, remembered: the settings and mapping saved for a client RUT, proposed for
//! its next closing, with each mapping entry marked as remembered from the last period or
//! new this period.

use std::collections::{BTreeMap, BTreeSet};

use cuadra_core::compare::propose_mapping;
use cuadra_core::values::text::normalize_header;
use cuadra_core::{Period, Settings};

use super::model::ClientRecord;

/// The settings a new closing of a client starts with.
#[derive(Debug, Clone, PartialEq)]
pub struct NextPeriodProposal {
    /// The period the remembered settings were last used for.
    pub from_period: Period,
    /// The client's settings, with every header remembered from that period mapped as it
    /// was then (the user's choices and the automatic proposals alike), so a remembered
    /// header keeps last month's target even if this month's libro would propose another.
    pub settings: Settings,
}

/// The proposal for a new closing of the client, or `None` for a client never seen. The
/// last saved settings are proposed whatever the new period (a closing reopened for an
/// earlier month gets the latest settings too: they are the analyst's latest decisions).
pub fn next_period_proposal(client: Option<&ClientRecord>) -> Option<NextPeriodProposal> {
    let client = client?;
    let mut settings = client.settings.clone();
    let chosen: BTreeSet<String> = settings
        .mapping
        .keys()
        .map(|h| normalize_header(h))
        .collect();
    for (header, target) in &client.known_mapping {
        if !chosen.contains(&normalize_header(header)) {
            settings.mapping.insert(header.clone(), target.clone());
        }
    }
    Some(NextPeriodProposal {
        from_period: client.period,
        settings,
    })
}

/// Where a mapping entry of the editor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingOrigin {
    /// The header was mapped like this in the client's last period.
    LastPeriod,
    /// A header the client's novedades did not have before: the automatic proposal.
    New,
}

/// One novedades header of this period, with its proposed target and origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedEntry {
    pub header: String,
    pub target: Option<String>,
    pub origin: MappingOrigin,
}

/// Marks each novedades header of this period as remembered or new, in column order.
/// Headers match the remembered ones after header normalisation, as the mapping itself
/// does, so `VIÁTICOS` this month is last month's `Viaticos`.
pub fn mapping_origins(
    client: Option<&ClientRecord>,
    changes_concepts: &[String],
    book_concepts: &[String],
) -> Vec<ProposedEntry> {
    let mut remembered: BTreeMap<String, Option<String>> = BTreeMap::new();
    if let Some(client) = client {
        // The user's own choices win over what was automatic last time.
        for (header, target) in client.known_mapping.iter().chain(&client.settings.mapping) {
            remembered.insert(normalize_header(header), target.clone());
        }
    }
    let automatic = propose_mapping(changes_concepts, book_concepts);
    changes_concepts
        .iter()
        .map(|header| match remembered.get(&normalize_header(header)) {
            Some(target) => ProposedEntry {
                header: header.clone(),
                target: target.clone(),
                origin: MappingOrigin::LastPeriod,
            },
            None => ProposedEntry {
                header: header.clone(),
                target: automatic.get(header).cloned().flatten(),
                origin: MappingOrigin::New,
            },
        })
        .collect()
}

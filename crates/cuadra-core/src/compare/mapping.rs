//! The concept mapping: the automatic proposal and the user's overrides (docs/rules.md step 1).

use std::collections::BTreeMap;

use crate::settings::Settings;
use crate::values::text::normalize_header;

/// The automatic mapping proposal: novedades header → libro concept (or `None`).
///
/// A header maps to the libro concept with the same normalised name. When the libro has both
/// `X` and its itemised repetition `X.1`, the proposal is `X.1`: Talana's first `X` is the
/// totals block, and novedades talk about the itemised concept.
pub fn propose_mapping(
    changes_concepts: &[String],
    book_concepts: &[String],
) -> BTreeMap<String, Option<String>> {
    // First libro concept per normalised name; later ones with the same name cannot exist
    // after the readers' de-duplication, and if they did the first is the stable choice.
    let mut by_normalized: BTreeMap<String, &String> = BTreeMap::new();
    for concept in book_concepts {
        by_normalized
            .entry(normalize_header(concept))
            .or_insert(concept);
    }
    changes_concepts
        .iter()
        .map(|header| {
            let key = normalize_header(header);
            let proposal = by_normalized.get(&key).map(|exact| {
                by_normalized
                    .get(&format!("{key}.1"))
                    .copied()
                    .unwrap_or(*exact)
                    .clone()
            });
            (header.clone(), proposal)
        })
        .collect()
}

/// The mapping the comparison uses, resolved against the libro's columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvedMapping {
    /// `(novedades concept index, libro concept index)`, in novedades column order.
    pub pairs: Vec<(usize, usize)>,
    /// Novedades headers that are not compared (*Sin asignación*), in column order.
    pub unmapped: Vec<String>,
    /// User mappings that name a libro concept the libro does not have: `(header, concept)`.
    pub missing_targets: Vec<(String, String)>,
}

/// Applies the user's mapping over the proposal: a header present in `Settings::mapping`
/// takes the user's choice (`None` is *Sin asignación*); a header absent from it takes the
/// automatic proposal. User keys and targets match exactly first, then by normalised header,
/// so a mapping remembered from last month survives a change of case or accents.
pub fn resolve_mapping(
    changes_concepts: &[String],
    book_concepts: &[String],
    settings: &Settings,
) -> ResolvedMapping {
    let proposal = propose_mapping(changes_concepts, book_concepts);
    let user_by_normalized: BTreeMap<String, &Option<String>> = settings
        .mapping
        .iter()
        .map(|(key, value)| (normalize_header(key), value))
        .collect();
    let mut resolved = ResolvedMapping::default();
    for (changes_idx, header) in changes_concepts.iter().enumerate() {
        let user_choice = settings
            .mapping
            .get(header)
            .or_else(|| user_by_normalized.get(&normalize_header(header)).copied());
        let target = match user_choice {
            Some(choice) => choice.clone(),
            None => proposal.get(header).cloned().flatten(),
        };
        let Some(target) = target else {
            resolved.unmapped.push(header.clone());
            continue;
        };
        let book_idx = book_concepts
            .iter()
            .position(|concept| *concept == target)
            .or_else(|| {
                let key = normalize_header(&target);
                book_concepts
                    .iter()
                    .position(|concept| normalize_header(concept) == key)
            });
        match book_idx {
            Some(book_idx) => resolved.pairs.push((changes_idx, book_idx)),
            None => {
                resolved.unmapped.push(header.clone());
                resolved.missing_targets.push((header.clone(), target));
            }
        }
    }
    resolved
}

/// The mapping a run actually used, to record in the result document: the user's entries
/// as they are, plus the automatic proposal for every novedades header they leave out.
/// Re-running with it as `mapeo` gives the same comparison.
pub fn effective_mapping(
    changes_concepts: &[String],
    book_concepts: &[String],
    settings: &Settings,
) -> BTreeMap<String, Option<String>> {
    let mut mapping = settings.mapping.clone();
    let covered: std::collections::BTreeSet<String> = settings
        .mapping
        .keys()
        .map(|key| normalize_header(key))
        .collect();
    for (header, proposal) in propose_mapping(changes_concepts, book_concepts) {
        if !covered.contains(&normalize_header(&header)) {
            mapping.insert(header, proposal);
        }
    }
    mapping
}

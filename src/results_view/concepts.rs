//! The summary's per-concept table: for the amount types (`diff_concepto_monto`,
//! `diff_sueldo_base`), how many differences each concept has and what they add up to,
//! the concepts with the largest absolute sum first.

use cuadra_core::discrepancy::ComparedValue;
use cuadra_core::{Discrepancy, DiscrepancyKind};
use rust_decimal::Decimal;

/// One row of the per-concept table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptTotal {
    /// `{novedades header} → {libro concept}`, as the discrepancies name it.
    pub concept: String,
    pub kind: DiscrepancyKind,
    pub count: usize,
    /// Libro − novedades, summed over the concept's discrepancies, in pesos.
    pub sum: Decimal,
}

fn is_amount_kind(kind: DiscrepancyKind) -> bool {
    matches!(
        kind,
        DiscrepancyKind::ConceptAmountDiffers | DiscrepancyKind::BaseSalaryDiffers
    )
}

fn difference(discrepancy: &Discrepancy) -> Decimal {
    match discrepancy.difference {
        Some(ComparedValue::Pesos(amount) | ComparedValue::Amount(amount)) => amount,
        _ => Decimal::ZERO,
    }
}

/// Counts and sums per concept of the amount types, sorted by absolute sum (largest first),
/// then by count (most first), then by concept name.
pub fn concept_totals(discrepancies: &[Discrepancy]) -> Vec<ConceptTotal> {
    let mut totals: Vec<ConceptTotal> = Vec::new();
    let mut at: std::collections::HashMap<(DiscrepancyKind, &str), usize> =
        std::collections::HashMap::new();
    for discrepancy in discrepancies.iter().filter(|d| is_amount_kind(d.kind)) {
        let concept = discrepancy
            .concept
            .as_deref()
            .unwrap_or_else(|| discrepancy.kind.label());
        let slot = *at.entry((discrepancy.kind, concept)).or_insert_with(|| {
            totals.push(ConceptTotal {
                concept: concept.to_string(),
                kind: discrepancy.kind,
                count: 0,
                sum: Decimal::ZERO,
            });
            totals.len() - 1
        });
        totals[slot].count += 1;
        totals[slot].sum += difference(discrepancy);
    }
    totals.sort_by(|a, b| {
        b.sum
            .abs()
            .cmp(&a.sum.abs())
            .then(b.count.cmp(&a.count))
            .then_with(|| a.concept.cmp(&b.concept))
    });
    totals
}

#[cfg(test)]
mod tests {
    use super::super::test_rows::{amount, sample};
    use super::*;

    #[test]
    fn concepts_count_and_sum_largest_absolute_first() {
        let mut rows = sample();
        // A large negative difference on Viático outweighs Bono's positive sum.
        rows.push(amount(
            15_000_000,
            "Ana Núñez",
            "Viático → Viáticos",
            "0",
            "900000",
        ));
        let totals = concept_totals(&rows);
        assert_eq!(totals.len(), 3, "two concepts and the base salary row");
        assert_eq!(totals[0].concept, "Viático → Viáticos");
        assert_eq!(totals[0].count, 2);
        assert_eq!(totals[0].sum, Decimal::from(-900_200));
        assert_eq!(totals[1].concept, "Bono → Bono Producción");
        assert_eq!(totals[1].count, 2);
        // 463721 + (-0.4): the sum keeps the cents the differences hold.
        assert_eq!(
            totals[1].sum,
            "463720.6".parse::<Decimal>().expect("decimal")
        );
        // The base salary row has no concept nor difference: named by its type, sum 0.
        assert_eq!(totals[2].kind, DiscrepancyKind::BaseSalaryDiffers);
        assert_eq!(
            totals[2].concept,
            DiscrepancyKind::BaseSalaryDiffers.label()
        );
        assert_eq!(totals[2].sum, Decimal::ZERO);
    }

    #[test]
    fn no_amount_types_no_rows() {
        let rows: Vec<Discrepancy> = sample()
            .into_iter()
            .filter(|d| !is_amount_kind(d.kind))
            .collect();
        assert!(concept_totals(&rows).is_empty());
    }
}

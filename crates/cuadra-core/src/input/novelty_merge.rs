//! Two values for one RUT and concept in Novedades (a repeated RUT row in the wide form, a
//! repeated RUT × concept line in the long form) merged by one rule, so both shapes of the
//! same data give the same result.

use crate::model::ConceptValue;

/// What a merge did, so the reader can say it in a warning.
pub(super) enum Merge {
    /// Nothing to report: one side had no novelty, or one was a zero amount.
    Quiet,
    /// Both sides had an amount: they were added.
    Added,
    /// One side is text: the first row's value is kept; the later text for the message.
    KeptFirst(String),
}

/// Merges a later row's value into the first row's. A zero amount adds nothing, so it does
/// not make the merge worth a warning.
pub(super) fn merge(first: &mut ConceptValue, later: ConceptValue) -> Merge {
    match (&mut *first, later) {
        (_, ConceptValue::Empty) => Merge::Quiet,
        (ConceptValue::Empty, later) => {
            *first = later;
            Merge::Quiet
        }
        (ConceptValue::Amount(sum), ConceptValue::Amount(amount)) => {
            let quiet = sum.is_zero() || amount.is_zero();
            *sum += amount;
            if quiet {
                Merge::Quiet
            } else {
                Merge::Added
            }
        }
        (ConceptValue::Amount(sum), ConceptValue::Text(text)) if sum.is_zero() => {
            *first = ConceptValue::Text(text);
            Merge::Quiet
        }
        (_, ConceptValue::Amount(amount)) if amount.is_zero() => Merge::Quiet,
        (_, ConceptValue::Amount(amount)) => Merge::KeptFirst(amount.to_string()),
        (_, ConceptValue::Text(text)) => Merge::KeptFirst(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn merging() {
        let amount = |n: i64| ConceptValue::Amount(Decimal::from(n));
        let mut value = amount(100);
        assert!(matches!(merge(&mut value, amount(50)), Merge::Added));
        assert_eq!(value, amount(150));
        let mut value = ConceptValue::Empty;
        assert!(matches!(merge(&mut value, amount(50)), Merge::Quiet));
        assert_eq!(value, amount(50));
        let mut value = amount(0);
        assert!(matches!(merge(&mut value, amount(50)), Merge::Quiet));
        assert_eq!(value, amount(50));
        let mut value = ConceptValue::Text("turno".into());
        assert!(matches!(merge(&mut value, amount(50)), Merge::KeptFirst(_)));
        assert_eq!(value, ConceptValue::Text("turno".into()));
    }
}

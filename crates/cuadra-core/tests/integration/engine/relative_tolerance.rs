//! The relative tolerance per concept (docs/results.md): `|libro − novedades| ≤ abs + rel·|novedades|`
//! is not reported, one peso more is; the bound is exact, on the rounded amounts.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

fn relative(entries: &[(&str, &str)]) -> BTreeMap<String, Decimal> {
    entries
        .iter()
        .map(|(header, percent)| (header.to_string(), dec(percent)))
        .collect()
}

/// Each employee has one novelty of 1,000,000 (Bono) or −200,000 (Descuento); the libro
/// differs by the bound or the bound plus one peso.
fn closing() -> (PayrollBook, PayrollChanges) {
    let payroll_book = book(
        &["Bono", "Descuento", "Viáticos"],
        &[
            (11111111, "Ana", &["1025000", "", ""]),
            (12222222, "Bea", &["1025001", "", ""]),
            (13333333, "Ciro", &["", "-205000", ""]),
            (14444444, "Dina", &["", "-194999", ""]),
            (15555555, "Eva", &["", "", "100.4"]),
        ],
    );
    let payroll_changes = changes(
        &["BONO", "Descuento", "Viáticos"],
        &[
            (11111111, "Ana", &["1000000", "", ""]),
            (12222222, "Bea", &["1000000", "", ""]),
            (13333333, "Ciro", &["", "-200000", ""]),
            (14444444, "Dina", &["", "-200000", ""]),
            (15555555, "Eva", &["", "", "97.6"]),
        ],
    );
    (payroll_book, payroll_changes)
}

#[test]
fn equal_to_the_relative_bound_is_not_reported_one_peso_more_is() {
    let (payroll_book, payroll_changes) = closing();
    let settings = Settings {
        // Keys match novedades headers like the absolute ones: `bono` finds `BONO`.
        relative_tolerance_per_concept: relative(&[("bono", "2.5"), ("Descuento", "2.5")]),
        ..settings()
    };
    // Bono: 2.5 % of 1,000,000 = 25,000. Descuento: 2.5 % of |−200,000| = 5,000, on both
    // sides of the amount. Viáticos has no tolerance: 100 against 98 after rounding.
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings,
        &[
            "diff_concepto_monto 12222222-5 concepto=BONO → Bono libro=1025001 \
             novedades=1000000 dif=25001",
            "diff_concepto_monto 14444444-2 concepto=Descuento → Descuento libro=-194999 \
             novedades=-200000 dif=5001",
            "diff_concepto_monto 15555555-6 concepto=Viáticos → Viáticos libro=100 \
             novedades=98 dif=2",
        ],
    );
}

#[test]
fn the_absolute_and_relative_parts_add_up() {
    let (payroll_book, payroll_changes) = closing();
    // Bono: 1,000 + 2.4 % of 1,000,000 = 25,000 again; the global absolute tolerance is
    // the absolute part where the concept has none of its own (Viáticos: 2 ≤ 2).
    let settings = Settings {
        tolerance: 2,
        tolerance_per_concept: BTreeMap::from([("BONO".to_string(), 1_000)]),
        relative_tolerance_per_concept: relative(&[("BONO", "2.4")]),
        ..settings()
    };
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings,
        &[
            "diff_concepto_monto 12222222-5 concepto=BONO → Bono libro=1025001 \
             novedades=1000000 dif=25001",
            "diff_concepto_monto 13333333-9 concepto=Descuento → Descuento libro=-205000 \
             novedades=-200000 dif=-5000",
            "diff_concepto_monto 14444444-2 concepto=Descuento → Descuento libro=-194999 \
             novedades=-200000 dif=5001",
        ],
    );
}

#[test]
fn a_fractional_bound_is_not_rounded_up() {
    // 2.5 % of 1,000,001 is 25,000.025: a whole-peso difference of 25,000 is within it and
    // 25,001 is not, so the bound is never rounded up to the analyst's advantage.
    let payroll_book = book(
        &["Bono"],
        &[
            (11111111, "Ana", &["1025001"]),
            (12222222, "Bea", &["1025002"]),
        ],
    );
    let payroll_changes = changes(
        &["Bono"],
        &[
            (11111111, "Ana", &["1000001"]),
            (12222222, "Bea", &["1000001"]),
        ],
    );
    let settings = Settings {
        relative_tolerance_per_concept: relative(&[("Bono", "2.5")]),
        ..settings()
    };
    check_payroll(
        &payroll_book,
        Some(&payroll_changes),
        &settings,
        &[
            "diff_concepto_monto 12222222-5 concepto=Bono → Bono libro=1025002 \
           novedades=1000001 dif=25001",
        ],
    );
}

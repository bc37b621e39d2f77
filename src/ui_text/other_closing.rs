//! A loaded file that names another period or client than the closing's other files: the
//! warning on its slot, the button that accepts it, and why the run waits until then.

use cuadra_core::document::ClosingInfo;
use cuadra_core::pipeline::OtherClosing;
use cuadra_core::Slot;

pub const REASON_OTHER_CLOSING: &str = "Hay archivos que indican otro período u otra empresa: \
     revíselos o acepte usarlos en su casilla.";

/// The button that keeps the file although it names another closing.
pub fn accept_other_closing(slot: Slot) -> String {
    format!("Usar el archivo de {} de todos modos", slot.label())
}

/// What the file tells against what the closing is, e.g. `el período febrero 2025 (el cierre es
/// marzo 2025)`.
fn told(other: &OtherClosing, closing: &ClosingInfo) -> String {
    let period = other.period.zip(closing.period).map(|(told, period)| {
        format!(
            "el período {} (el cierre es {})",
            told.in_words(),
            period.in_words()
        )
    });
    let rut = other
        .company_rut
        .zip(closing.company_rut)
        .map(|(told, rut)| format!("la empresa {told} (el cierre es de {rut})"));
    period
        .into_iter()
        .chain(rut)
        .collect::<Vec<_>>()
        .join(" y ")
}

/// The slot's warning, before and after the user accepts the file.
pub fn other_closing_warning(
    other: &OtherClosing,
    closing: &ClosingInfo,
    accepted: bool,
) -> String {
    if accepted {
        format!("Se usará aunque indica {}.", told(other, closing))
    } else {
        format!(
            "Este archivo indica {}. Revise que sea el archivo de este cierre.",
            told(other, closing)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuadra_core::values::rut::Rut;
    use cuadra_core::Period;

    #[test]
    fn the_warning_names_what_the_file_tells_and_what_the_closing_is() {
        let closing = ClosingInfo {
            period: Period::parse("2025-03"),
            company_rut: Some(Rut::from_number(76_123_456)),
        };
        let other = OtherClosing {
            slot: Slot::PayrollChanges,
            period: Period::parse("2025-02"),
            company_rut: Some(Rut::from_number(77_654_321)),
        };
        assert_eq!(
            other_closing_warning(&other, &closing, false),
            "Este archivo indica el período febrero 2025 (el cierre es marzo 2025) y la empresa \
             77654321-7 (el cierre es de 76123456-0). Revise que sea el archivo de este cierre."
        );
        let only_period = OtherClosing {
            company_rut: None,
            ..other
        };
        assert_eq!(
            other_closing_warning(&only_period, &closing, true),
            "Se usará aunque indica el período febrero 2025 (el cierre es marzo 2025)."
        );
    }
}

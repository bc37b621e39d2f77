//! What each discrepancy type means and what the analyst does about it: one short Spanish
//! text per type, shared by the page (list, employee view, summary) and the docs
//! (docs/results.md lists the same texts).

use super::DiscrepancyKind;

impl DiscrepancyKind {
    /// What this type means and what to do about it, in Spanish (usted).
    pub fn help(self) -> &'static str {
        match self {
            DiscrepancyKind::EmployeeOnlyInPayroll => {
                "El trabajador está en el Libro de Remuneraciones, pero no en Novedades. Pida \
                 al analista que lo agregue a Novedades o confirme que no debía liquidarse."
            }
            DiscrepancyKind::EmployeeOnlyInChanges => {
                "El analista informó al trabajador en Novedades, pero no está en el Libro de \
                 Remuneraciones. Revise si falta su liquidación en Talana o si el RUT está mal \
                 escrito en Novedades."
            }
            DiscrepancyKind::ConceptAmountDiffers => {
                "El monto de un concepto del Libro no coincide con el que informó el analista. \
                 Corrija el monto en Talana o pida al analista que corrija Novedades."
            }
            DiscrepancyKind::BaseSalaryDiffers => {
                "El sueldo base del Libro no coincide con el de Novedades. Revise el contrato \
                 vigente: corrija en Talana o pida al analista el sueldo correcto."
            }
            DiscrepancyKind::HireNotReported => {
                "Movimientos registra un ingreso que el analista no informó. Pida al analista \
                 el ingreso del trabajador en su archivo."
            }
            DiscrepancyKind::HireNotInMovements => {
                "El analista informó un ingreso que no está en Movimientos del mes. Registre el \
                 ingreso en Talana o confirme con el analista que no corresponde a este período."
            }
            DiscrepancyKind::HireDateDiffers => {
                "La fecha de ingreso de Movimientos no coincide con la del analista. Confirme \
                 la fecha del contrato y corrija en Talana o en el archivo del analista."
            }
            DiscrepancyKind::TerminationNotReported => {
                "Movimientos registra un finiquito que el analista no informó. Pida al analista \
                 el finiquito del trabajador en su archivo."
            }
            DiscrepancyKind::TerminationNotInMovements => {
                "El analista informó un finiquito que no está en Movimientos del mes. Registre \
                 el retiro en Talana o confirme con el analista que no corresponde."
            }
            DiscrepancyKind::TerminationDateDiffers => {
                "La fecha de retiro de Movimientos no coincide con la del analista. Confirme la \
                 fecha del finiquito y corrija en Talana o en el archivo del analista."
            }
            DiscrepancyKind::AbsenceNotReported => {
                "Movimientos registra una ausencia (licencia, permiso) que el \
                 analista no informó. Pida al analista que la agregue a su archivo."
            }
            DiscrepancyKind::AbsenceNotInMovements => {
                "El analista informó una ausencia que no está en Movimientos del mes. Ingrese \
                 la ausencia en Talana o pida al analista que la quite si no corresponde."
            }
            DiscrepancyKind::AbsenceDatesDiffer => {
                "La ausencia está en ambas fuentes, pero con otras fechas de inicio o término. \
                 Revise el documento de respaldo (licencia, solicitud) y corrija las fechas."
            }
            DiscrepancyKind::AbsenceDaysDiffer => {
                "La ausencia está en ambas fuentes, pero con otro número de días. Revise el \
                 documento de respaldo y corrija los días en Talana o en el archivo del analista."
            }
            DiscrepancyKind::AbsenceKindDiffers => {
                "La ausencia está en ambas fuentes, en fechas que se cruzan, pero de otro tipo \
                 (por ejemplo licencia médica o permiso). Confirme el tipo con el respaldo y \
                 corrija donde esté mal."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_type_has_its_own_help() {
        let texts: BTreeSet<&str> = DiscrepancyKind::ALL
            .into_iter()
            .map(DiscrepancyKind::help)
            .collect();
        assert_eq!(texts.len(), 15, "each of the 15 types has a distinct text");
        for kind in DiscrepancyKind::ALL {
            let help = kind.help();
            assert!(help.len() > 40, "{kind:?}: a real explanation");
            assert!(help.ends_with('.'), "{kind:?}: a full sentence");
            assert!(!help.contains("  "), "{kind:?}: no doubled spaces");
            assert!(
                help.chars().next().is_some_and(char::is_uppercase),
                "{kind:?}: sentence case"
            );
        }
    }

    /// docs/results.md lists the same 15 texts, each beside its type's id.
    #[test]
    fn the_docs_list_every_help_text() {
        let docs = include_str!("../../../../docs/results.md");
        for kind in DiscrepancyKind::ALL {
            let row = format!("| `{}` | {} |", kind.id(), kind.help());
            assert!(docs.contains(&row), "docs/results.md lacks {row}");
        }
    }
}

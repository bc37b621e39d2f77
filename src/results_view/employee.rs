//! The per-employee view: everything found for one RUT, in both groups, and its warnings.

use cuadra_core::document::{InputEntry, ResultDocument};
use cuadra_core::values::rut::Rut;
use cuadra_core::InputWarning;

/// One file's warnings that concern an employee.
#[derive(Debug, Clone, PartialEq)]
pub struct FileWarnings<'a> {
    pub input: &'a InputEntry,
    pub warnings: Vec<&'a InputWarning>,
}

/// Everything found for one RUT: its discrepancies (indices, both groups, document order)
/// and the input warnings whose offending text is that RUT, by file.
#[derive(Debug, Clone, PartialEq)]
pub struct EmployeeView<'a> {
    pub rut: Rut,
    pub name: Option<&'a str>,
    pub discrepancies: Vec<usize>,
    pub warnings: Vec<FileWarnings<'a>>,
}

pub fn employee_view(document: &ResultDocument, rut: Rut) -> EmployeeView<'_> {
    let discrepancies: Vec<usize> = document
        .discrepancies
        .iter()
        .enumerate()
        .filter(|(_, d)| d.rut == rut)
        .map(|(idx, _)| idx)
        .collect();
    let name = discrepancies
        .iter()
        .map(|idx| document.discrepancies[*idx].name.as_str())
        .find(|name| !name.trim().is_empty());
    let shown = rut.to_string();
    let warnings = document
        .inputs
        .iter()
        .map(|input| FileWarnings {
            input,
            warnings: input
                .warnings
                .iter()
                .filter(|warning| {
                    warning
                        .text
                        .as_deref()
                        .is_some_and(|text| Rut::parse(text) == Ok(rut))
                        || warning.message.contains(&shown)
                })
                .collect(),
        })
        .filter(|file| !file.warnings.is_empty())
        .collect();
    EmployeeView {
        rut,
        name,
        discrepancies,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_rows::{document, rut, sample};
    use super::*;
    use cuadra_core::Slot;

    #[test]
    fn employee_view_gathers_both_groups_and_the_rut_s_warnings() {
        let mut document = document(sample());
        let warning = |text: &str| InputWarning {
            sheet: "Hoja1".into(),
            row_number: 7,
            column: Some("RUT".into()),
            text: Some(text.into()),
            message: "fila con problemas".into(),
        };
        document.inputs = vec![
            InputEntry {
                slot: Slot::PayrollBook,
                file_name: "libro.xlsx".into(),
                sha256: String::new(),
                n_rows: 10,
                n_rows_skipped: 0,
                warnings: vec![warning(&rut(12_000_000).dotted()), warning("otro")],
                notes: Vec::new(),
            },
            InputEntry {
                slot: Slot::MonthlyMovements,
                file_name: "movimientos.xlsx".into(),
                sha256: String::new(),
                n_rows: 10,
                n_rows_skipped: 0,
                warnings: vec![warning("99")],
                notes: Vec::new(),
            },
        ];
        let view = employee_view(&document, rut(12_000_000));
        assert_eq!(view.discrepancies, vec![1, 6], "both groups");
        assert_eq!(view.name, Some("Luis Soto"));
        assert_eq!(view.warnings.len(), 1);
        assert_eq!(view.warnings[0].input.file_name, "libro.xlsx");
        assert_eq!(view.warnings[0].warnings.len(), 1);
        let nobody = employee_view(&document, rut(19_999_999));
        assert!(nobody.discrepancies.is_empty() && nobody.warnings.is_empty());
    }
}
